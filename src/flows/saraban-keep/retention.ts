import { bangkokDateKey, bangkokTime, isOfficeDay, type OfficeCalendar } from '../../domain/office-time.ts';
import { LETTER_KINDS, type LetterKind } from '../../domain/saraban/letter.ts';
import { retentionYearsOf, type SarabanSettings } from '../../domain/saraban/settings.ts';

/**
 * Keeping letters (pure): how long each kind is kept, and when a lent original is reminded.
 *
 * Retention is counted from the end of the letter's calendar year (the year its register number runs
 * in): a letter of 2559 kept 10 years is kept to the end of 2569 and is listed for destruction in the
 * list made in January 2570.
 */

/** The last register year (Buddhist era) whose letters of each kind are past retention in the list of `listYear`. */
export function retentionLimits(settings: SarabanSettings, listYear: number): Record<LetterKind, number> {
  const limits = {} as Record<LetterKind, number>;
  for (const kind of LETTER_KINDS) limits[kind] = listYear - 1 - retentionYearsOf(settings, kind);
  return limits;
}

export function isPastRetention(letter: { kind: LetterKind; year: number }, settings: SarabanSettings, listYear: number): boolean {
  return letter.year <= retentionLimits(settings, listYear)[letter.kind];
}

/** The end of the year a letter is kept to (Buddhist era): kept through 31 December of this year. */
export function keptUntilYear(letter: { kind: LetterKind; year: number }, settings: SarabanSettings): number {
  return letter.year + retentionYearsOf(settings, letter.kind);
}

export type LoanReminderKind = 'before' | 'due' | 'overdue';

export interface LoanReminderDay {
  /** Bangkok date `YYYY-MM-DD` the reminder goes on (an office day). */
  day: string;
  kind: LoanReminderKind;
  /** 1, 2 … for overdue reminders; 0 otherwise. */
  n: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function shift(day: string, days: number): string {
  return bangkokDateKey(new Date(bangkokTime(day, '12:00').getTime() + days * DAY_MS));
}

/**
 * The days a lent original is reminded of, all office days: `daysBefore` office days before the due date
 * (when > 0) before the due reminder; on the due date (the last office day on or before it when it falls on a closed day); then on
 * each of the `overdueOfficeDays` office days after it while it is not back.
 */
export function loanReminderDays(dueDate: string, rules: { daysBefore: number; overdueOfficeDays: number }, calendar: OfficeCalendar): LoanReminderDay[] {
  const out: LoanReminderDay[] = [];
  let onDay = dueDate;
  for (let i = 0; i < 3700 && !isOfficeDay(onDay, calendar); i += 1) onDay = shift(onDay, -1);
  if (rules.daysBefore > 0) {
    // Counted from the day of the due reminder: due on a Saturday, one day before is Thursday.
    let cursor = onDay;
    let left = rules.daysBefore;
    for (let i = 0; i < 3700 && left > 0; i += 1) {
      cursor = shift(cursor, -1);
      if (isOfficeDay(cursor, calendar)) left -= 1;
    }
    if (cursor < onDay) out.push({ day: cursor, kind: 'before', n: 0 });
  }
  out.push({ day: onDay, kind: 'due', n: 0 });
  let cursor = dueDate;
  for (let n = 1, i = 0; n <= rules.overdueOfficeDays && i < 3700; i += 1) {
    cursor = shift(cursor, 1);
    if (!isOfficeDay(cursor, calendar)) continue;
    out.push({ day: cursor, kind: 'overdue', n });
    n += 1;
  }
  return out;
}

/** The reminder due today, if any (the job runs through the day; the run key keeps it to once). */
export function loanReminderOn(today: string, dueDate: string, rules: { daysBefore: number; overdueOfficeDays: number }, calendar: OfficeCalendar): LoanReminderDay | null {
  return loanReminderDays(dueDate, rules, calendar).find((r) => r.day === today) ?? null;
}

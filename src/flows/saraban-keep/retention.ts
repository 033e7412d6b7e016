import { dueNow, plannedTimes, type PlanRules, type PlanStep } from '../../kit/planner.ts';
import { bangkokDateKey, type OfficeCalendar } from '../../domain/office-time.ts';
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

type LoanMark = 'before' | 'due' | `overdue:${number}`;

/**
 * A lent original's reminders, for the kit's planner, each on its own office day from the office's
 * opening: `daysBefore` office days before the due reminder (when > 0; counted from that day: due on a
 * Saturday, one day before is Thursday), on the due date (the last office day on or before it when it
 * falls on a closed day), then on each of the `overdueOfficeDays` office days after it while it is not back.
 */
export function loanReminderPlan(rules: { daysBefore: number; overdueOfficeDays: number }): PlanRules<LoanMark> {
  const steps: PlanStep<LoanMark>[] = [];
  if (rules.daysBefore > 0) steps.push({ mark: 'before', at: { officeDaysBefore: rules.daysBefore, countedFrom: 'office-day' }, onItsDayOnly: true });
  steps.push({ mark: 'due', at: { officeDaysBefore: 0 }, onItsDayOnly: true });
  for (let n = 1; n <= rules.overdueOfficeDays; n += 1) steps.push({ mark: `overdue:${n}`, at: { officeDaysAfter: n }, onItsDayOnly: true });
  return { steps };
}

function reminderDayOf(mark: LoanMark, dueAt: Date): LoanReminderDay {
  const day = bangkokDateKey(dueAt);
  if (mark === 'before' || mark === 'due') return { day, kind: mark, n: 0 };
  return { day, kind: 'overdue', n: Number(mark.slice('overdue:'.length)) };
}

/** The days a lent original is reminded of, all office days (see `loanReminderPlan`). */
export function loanReminderDays(dueDate: string, rules: { daysBefore: number; overdueOfficeDays: number }, calendar: OfficeCalendar): LoanReminderDay[] {
  return plannedTimes(dueDate, loanReminderPlan(rules), calendar).map((t) => reminderDayOf(t.mark, t.dueAt));
}

/**
 * The reminder due now, if any, given the days reminded already (a day once reminded is not reminded
 * again, whichever job run or instance did it).
 */
export function loanReminderDue(
  now: Date,
  dueDate: string,
  remindedDays: ReadonlySet<string>,
  rules: { daysBefore: number; overdueOfficeDays: number },
  calendar: OfficeCalendar,
): LoanReminderDay | null {
  const plan = loanReminderPlan(rules);
  const recorded: Partial<Record<LoanMark, true>> = {};
  for (const t of plannedTimes(dueDate, plan, calendar)) if (remindedDays.has(bangkokDateKey(t.dueAt))) recorded[t.mark] = true;
  const due = dueNow(dueDate, plan, recorded, now, calendar);
  return due ? reminderDayOf(due.mark, due.dueAt) : null;
}

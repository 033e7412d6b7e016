import {
  addOfficeDays,
  addOfficeMinutes,
  bangkokDateKey,
  bangkokTime,
  isOfficeDay,
  isOfficeHours,
  officeInstantBefore,
  type OfficeCalendar,
} from '../domain/office-time.ts';

/**
 * The one planner of reminders, due notices and escalations, in office time. Pure: no clock, no I/O. A
 * capability describes its steps as data (when each falls due, counted in office minutes or office days
 * from an anchor) and passes the marks it has already recorded; the planner answers what is due now.
 *
 *   repair resolve clock   remind 60 office minutes before the deadline, escalate at it, then 480 after
 *   letter acknowledgement remind 1 office day after the assignment, escalate 1 more (never before the reminder)
 *   decision reminders     every 8 office hours after the proposal or the last reminder, 3 at most, in office hours
 *   act-by / loan due date N office days before the date, on the day, then each office day it is overdue
 *   room booking reminders the office day before the meeting, then 30 minutes before its start (wall clock)
 *
 * Two rules keep anything from being sent twice: a recorded mark is never due again, and a mark recorded
 * for a later step covers the earlier ones (levels skipped while the service was down are raised as the
 * highest in one go, not one after the other).
 */

/**
 * What a plan counts from: an instant (a deadline, when something was resolved or assigned), or a Bangkok
 * calendar date `YYYY-MM-DD` (an act-by or due date, a day with no time).
 */
export type PlanAnchor = Date | string;

export type OfficeTimeRule =
  /** `officeMinutesAfter` office minutes after the base (office hours on office days only). */
  | { officeMinutesAfter: number }
  /** From the moment at most `officeMinutesBefore` office minutes are left until the base. */
  | { officeMinutesBefore: number }
  /**
   * The `officeDaysAfter`-th office day after the base: at the base's wall-clock time for an instant,
   * from the office's opening for a date. 0 is the first office day on or after it.
   */
  | { officeDaysAfter: number }
  /**
   * From the office's opening, on the office day `officeDaysBefore` office days before the base's date;
   * 0 is the last office day on or before it ("on the day", moved back when the date is a closed day).
   * `countedFrom: 'office-day'` counts from that day rather than from the date itself: due on a Saturday,
   * one day before is Thursday (the Friday being the "on the day" reminder), not Friday.
   */
  | { officeDaysBefore: number; countedFrom?: 'date' | 'office-day' }
  /**
   * `minutesBefore` wall-clock minutes before the base, office hours or not: a meeting at 08:00 is reminded at
   * 07:30 (counted in office minutes it would fall on the evening before).
   */
  | { minutesBefore: number };

export interface PlanStep<M extends string = string> {
  /** The mark this step records once done (`remind`, `escalate:2`, `overdue:1` …). */
  mark: M;
  at: OfficeTimeRule;
  /** Counted from the anchor (default), or from when the previous step's mark was recorded (spaced reminders). */
  from?: 'anchor' | 'previous-mark';
  /** Due only on its own day: a day missed (the service was down) is not made up the next day. */
  onItsDayOnly?: boolean;
  /** Due only before the anchor instant: a reminder before a deadline is no use once it has passed. */
  beforeAnchorOnly?: boolean;
  /** Waits for the previous step's mark, recorded on an earlier run: the person always gets their chance. */
  afterPrevious?: boolean;
}

export interface PlanRules<M extends string = string> {
  /** In order: a mark recorded for a step covers every step before it. */
  steps: readonly PlanStep<M>[];
  /** Nothing is due outside office hours (someone is not pinged at night or on a holiday). */
  officeHoursOnly?: boolean;
}

/** The marks already recorded, with when (needed by steps counted from the previous mark), or `true`. */
export type RecordedMarks<M extends string = string> = Readonly<Partial<Record<M, Date | true>>>;

export interface PlannedStep<M extends string = string> {
  mark: M;
  /** Its position in the rules' steps. */
  index: number;
  /** From when it is due. */
  dueAt: Date;
  /** Until when it is due (exclusive), when it has an end (its own day only, before the anchor only). */
  dueUntil: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;
const MAX_DAYS_SCANNED = 3700;

const shiftDay = (day: string, days: number) => bangkokDateKey(new Date(bangkokTime(day, '12:00').getTime() + days * DAY_MS));
const opening = (day: string, calendar: OfficeCalendar) => new Date(bangkokTime(day).getTime() + calendar.openMinute * MINUTE_MS);

/** Steps back (or forward) over `count` office days from `day`; 0 stays on `day`. */
function walkOfficeDays(day: string, count: number, direction: -1 | 1, calendar: OfficeCalendar): string {
  let cursor = day;
  for (let left = count, scanned = 0; left > 0; scanned += 1) {
    if (scanned > MAX_DAYS_SCANNED) throw new RangeError('office calendar never opens within ten years');
    cursor = shiftDay(cursor, direction);
    if (isOfficeDay(cursor, calendar)) left -= 1;
  }
  return cursor;
}

/** The office day on or before (direction -1) or after (+1) `day`. */
function nearestOfficeDay(day: string, direction: -1 | 1, calendar: OfficeCalendar): string {
  let cursor = day;
  for (let scanned = 0; !isOfficeDay(cursor, calendar); scanned += 1) {
    if (scanned > MAX_DAYS_SCANNED) throw new RangeError('office calendar never opens within ten years');
    cursor = shiftDay(cursor, direction);
  }
  return cursor;
}

const anchorInstant = (anchor: PlanAnchor) => (typeof anchor === 'string' ? bangkokTime(anchor) : anchor);

/** When a rule falls due counted from `base`. */
export function ruleDueAt(rule: OfficeTimeRule, base: PlanAnchor, calendar: OfficeCalendar): Date {
  if ('officeMinutesAfter' in rule) return addOfficeMinutes(anchorInstant(base), rule.officeMinutesAfter, calendar);
  if ('officeMinutesBefore' in rule) return officeInstantBefore(anchorInstant(base), rule.officeMinutesBefore, calendar);
  if ('minutesBefore' in rule) return new Date(anchorInstant(base).getTime() - rule.minutesBefore * MINUTE_MS);
  if ('officeDaysAfter' in rule) {
    if (typeof base !== 'string') return addOfficeDays(base, rule.officeDaysAfter, calendar);
    const day = rule.officeDaysAfter === 0 ? nearestOfficeDay(base, 1, calendar) : walkOfficeDays(base, rule.officeDaysAfter, 1, calendar);
    return opening(day, calendar);
  }
  const date = typeof base === 'string' ? base : bangkokDateKey(base);
  const from = rule.countedFrom === 'office-day' ? nearestOfficeDay(date, -1, calendar) : date;
  const day = rule.officeDaysBefore === 0 ? nearestOfficeDay(date, -1, calendar) : walkOfficeDays(from, rule.officeDaysBefore, -1, calendar);
  return opening(day, calendar);
}

function recordedAt<M extends string>(recorded: RecordedMarks<M>, mark: M): Date | null {
  const at = recorded[mark];
  return at instanceof Date ? at : null;
}

/**
 * Every step still to come after the last recorded one, with when it falls due, in the rules' order. It
 * stops before a step that waits for a previous one not yet recorded (it has no time yet).
 */
export function pendingSteps<M extends string>(anchor: PlanAnchor, rules: PlanRules<M>, recorded: RecordedMarks<NoInfer<M>>, calendar: OfficeCalendar): PlannedStep<M>[] {
  let lastRecorded = -1;
  rules.steps.forEach((step, index) => {
    if (recorded[step.mark] !== undefined) lastRecorded = index;
  });
  const out: PlannedStep<M>[] = [];
  for (let index = lastRecorded + 1; index < rules.steps.length; index += 1) {
    const step = rules.steps[index]!;
    const previous = index > 0 ? rules.steps[index - 1]! : null;
    if (step.afterPrevious && previous && recorded[previous.mark] === undefined) break;
    let base: PlanAnchor = anchor;
    if (step.from === 'previous-mark' && previous) {
      const at = recordedAt(recorded, previous.mark);
      if (!at) break;
      base = at;
    }
    const dueAt = ruleDueAt(step.at, base, calendar);
    let dueUntil: Date | null = null;
    if (step.onItsDayOnly) dueUntil = bangkokTime(shiftDay(bangkokDateKey(dueAt), 1));
    if (step.beforeAnchorOnly) {
      const end = anchorInstant(anchor);
      if (!dueUntil || end.getTime() < dueUntil.getTime()) dueUntil = end;
    }
    out.push({ mark: step.mark, index, dueAt, dueUntil });
  }
  return out;
}

/**
 * The step due now, or null. When several are due at once (the service was down), the latest wins and
 * covers the earlier ones once its mark is recorded.
 */
export function dueNow<M extends string>(
  anchor: PlanAnchor,
  rules: PlanRules<M>,
  recorded: RecordedMarks<NoInfer<M>>,
  now: Date,
  calendar: OfficeCalendar,
): PlannedStep<M> | null {
  if (rules.officeHoursOnly && !isOfficeHours(now, calendar)) return null;
  const t = now.getTime();
  let due: PlannedStep<M> | null = null;
  for (const step of pendingSteps(anchor, rules, recorded, calendar)) {
    if (t < step.dueAt.getTime()) continue;
    if (step.dueUntil && t >= step.dueUntil.getTime()) continue;
    due = step;
  }
  return due;
}

/** The time of every step counted from the anchor as if none were recorded (a calendar of reminders). */
export function plannedTimes<M extends string>(anchor: PlanAnchor, rules: PlanRules<M>, calendar: OfficeCalendar): Array<{ mark: M; dueAt: Date }> {
  return rules.steps.filter((step) => step.from !== 'previous-mark').map((step) => ({ mark: step.mark, dueAt: ruleDueAt(step.at, anchor, calendar) }));
}

/** `escalate:1 … escalate:n`, one step per level, each `minutes[i]` office minutes after the deadline. */
export function escalationSteps(minutesAfterDeadline: readonly number[]): PlanStep<`escalate:${number}`>[] {
  // Sorted, so level n is the n-th threshold passed whatever order the settings list them in.
  return [...minutesAfterDeadline].sort((a, b) => a - b).map((minutes, i) => ({ mark: `escalate:${i + 1}` as const, at: { officeMinutesAfter: minutes } }));
}

/** The marks `escalate:1 … escalate:level` of a level recorded on the row. */
export function escalationMarks(level: number): RecordedMarks<`escalate:${number}`> {
  const out: Record<string, true> = {};
  for (let n = 1; n <= level; n += 1) out[`escalate:${n}`] = true;
  return out;
}

/** The level of an `escalate:n` mark (0 for any other). */
export function levelOf(mark: string): number {
  const match = /^escalate:(\d+)$/.exec(mark);
  return match ? Number(match[1]) : 0;
}

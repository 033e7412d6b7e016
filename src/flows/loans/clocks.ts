import { bangkokDateKey, bangkokMinuteOfDay, type OfficeCalendar } from '../../domain/office-time.ts';
import type { PlanRules, PlanStep, RecordedMarks } from '../../kit/planner.ts';

/** The loans' clocks as steps of the kit's planner, and the expiry rule. Pure. */

/**
 * Reminders of a loan waiting for its decider: the first `spacingOfficeHours` office hours after it came to them,
 * each next one as long after the previous one was sent, `max` at most, in office hours only. Marks `1`, `2` …
 */
export function approvalReminderPlan(rules: { max: number; spacingOfficeHours: number }): PlanRules<`${number}`> {
  const steps: PlanStep<`${number}`>[] = [];
  for (let n = 1; n <= rules.max; n += 1) {
    steps.push({ mark: `${n}`, at: { officeMinutesAfter: rules.spacingOfficeHours * 60 }, from: 'previous-mark', afterPrevious: true });
  }
  return { steps, officeHoursOnly: true };
}

export function reminderMarks(sent: readonly Date[]): RecordedMarks<`${number}`> {
  return Object.fromEntries(sent.map((at, i) => [`${i + 1}`, at]));
}

/**
 * A loan not decided by its first day expires once that day's office hours are over (same-day loans are allowed,
 * so a request for today still has today to be decided; after closing nobody could hand it over anyway).
 */
export function expiresNow(startsOn: string, now: Date, calendar: OfficeCalendar): boolean {
  const today = bangkokDateKey(now);
  return today > startsOn || (today === startsOn && bangkokMinuteOfDay(now) >= calendar.closeMinute);
}

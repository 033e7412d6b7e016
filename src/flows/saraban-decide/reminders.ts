import { bangkokDateKey, type OfficeCalendar } from '../../domain/office-time.ts';
import { pendingSteps, plannedTimes, type PlanRules, type PlanStep, type RecordedMarks } from '../../kit/planner.ts';

/** When a pending decision and an act-by date are reminded: the saraban rules as steps of the kit's planner. Pure. */

/**
 * The reminders of a pending decision, for the kit's planner: the first `spacingOfficeHours` office hours
 * after the proposal, each next one as long after the previous one was sent (so a service that was down
 * does not send them all at once), `max` at most, in office hours only. Marks are `1`, `2` …
 */
export function decisionReminderPlan(rules: { max: number; spacingOfficeHours: number }): PlanRules<`${number}`> {
  const steps: PlanStep<`${number}`>[] = [];
  for (let n = 1; n <= rules.max; n += 1) {
    steps.push({ mark: `${n}`, at: { officeMinutesAfter: rules.spacingOfficeHours * 60 }, from: 'previous-mark', afterPrevious: true });
  }
  return { steps, officeHoursOnly: true };
}

/** The sent reminders' times as the planner's marks (`1` at the first one's time …). */
export function decisionReminderMarks(sent: readonly Date[]): RecordedMarks<`${number}`> {
  return Object.fromEntries(sent.map((at, i) => [`${i + 1}`, at]));
}

/** The next reminder of a pending decision given the times of those already sent (due or not yet); null once `max` were sent. */
export function nextDecisionReminder(
  proposedAt: Date,
  sent: readonly Date[],
  rules: { max: number; spacingOfficeHours: number },
  calendar: OfficeCalendar,
): { n: number; due: Date } | null {
  const [next] = pendingSteps(proposedAt, decisionReminderPlan(rules), decisionReminderMarks(sent), calendar);
  return next ? { n: next.index + 1, due: next.dueAt } : null;
}

/**
 * An act-by date's reminders, for the kit's planner: `officeDays` office days before it (counted from the
 * date itself: act by Saturday, two office days before is Thursday), and on the day (the last office day on
 * or before it when it falls on a closed day), each on its own day from the office's opening.
 */
export function actByReminderPlan(officeDays: number): PlanRules<'before' | 'on_day'> {
  const before: PlanStep<'before'>[] = officeDays > 0 ? [{ mark: 'before', at: { officeDaysBefore: officeDays }, onItsDayOnly: true }] : [];
  return { steps: [...before, { mark: 'on_day', at: { officeDaysBefore: 0 }, onItsDayOnly: true }] };
}

/** The days (YYYY-MM-DD) of an act-by date's reminders; `before` is null when `officeDays` is 0. */
export function actByReminderDays(actBy: string, officeDays: number, calendar: OfficeCalendar): { before: string | null; onDay: string } {
  const times = plannedTimes(actBy, actByReminderPlan(officeDays), calendar);
  const dayOf = (mark: string) => {
    const step = times.find((t) => t.mark === mark);
    return step ? bangkokDateKey(step.dueAt) : null;
  };
  return { before: dayOf('before'), onDay: dayOf('on_day')! };
}

import type { PlanRules, PlanStep, RecordedMarks } from '../../kit/planner.ts';

/**
 * A round's messages to those who have not answered: the invitation (mark `0`) as soon as it is open in office
 * hours, then the reminders, each `spacingOfficeDays` office days after the previous message; in office hours
 * only. Pure.
 */
export function surveyReminderPlan(rules: { max: number; spacingOfficeDays: number }): PlanRules<`${number}`> {
  const steps: PlanStep<`${number}`>[] = [{ mark: '0', at: { officeMinutesAfter: 0 } }];
  for (let n = 1; n <= rules.max; n += 1) steps.push({ mark: `${n}`, at: { officeDaysAfter: rules.spacingOfficeDays }, from: 'previous-mark', afterPrevious: true });
  return { steps, officeHoursOnly: true };
}

/** The marks recorded so far: when the invitation went (if it did) and each reminder. */
export function surveyReminderMarks(invited: Date | undefined, sent: readonly Date[]): RecordedMarks<`${number}`> {
  return { ...(invited ? { '0': invited } : {}), ...Object.fromEntries(sent.map((at, i) => [`${i + 1}`, at])) };
}

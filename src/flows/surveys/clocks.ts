import type { PlanRules, PlanStep, RecordedMarks } from '../../kit/planner.ts';

/** The step after the last reminder: whoever runs the round is told who has still not answered. */
export const MISSING_TOLD = 'missing';
export type SurveyReminderMark = `${number}` | typeof MISSING_TOLD;

/**
 * A round's messages to those who have not answered: the invitation (mark `0`) as soon as it is open in office
 * hours, then the reminders, each `spacingOfficeDays` office days after the previous message; then, as long
 * after the last one, the officer hears who is still missing (reminders turned off, `max` 0: nobody is
 * followed up, so neither). In office hours only. Pure.
 */
export function surveyReminderPlan(rules: { max: number; spacingOfficeDays: number }): PlanRules<SurveyReminderMark> {
  const steps: PlanStep<SurveyReminderMark>[] = [{ mark: '0', at: { officeMinutesAfter: 0 } }];
  const later = { at: { officeDaysAfter: rules.spacingOfficeDays }, from: 'previous-mark', afterPrevious: true } as const;
  for (let n = 1; n <= rules.max; n += 1) steps.push({ mark: `${n}`, ...later });
  if (rules.max > 0) steps.push({ mark: MISSING_TOLD, ...later });
  return { steps, officeHoursOnly: true };
}

/** The marks recorded so far: when the invitation went (if it did), each reminder, the officer told. */
export function surveyReminderMarks(invited: Date | undefined, sent: readonly Date[], missingTold: Date | undefined): RecordedMarks<SurveyReminderMark> {
  return { ...(invited ? { '0': invited } : {}), ...Object.fromEntries(sent.map((at, i) => [`${i + 1}`, at])), ...(missingTold ? { [MISSING_TOLD]: missingTold } : {}) };
}

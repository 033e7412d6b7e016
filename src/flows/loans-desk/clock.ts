import type { PlanRules, PlanStep } from '../../kit/planner.ts';

export type ReturnMark = 'before' | 'due' | `overdue:${number}` | 'escalate';

export interface ReturnReminderRules {
  overdueEveryOfficeDays: number;
  overdueMax: number;
  escalateAfterOfficeDays: number;
}

/**
 * The return clock of a loan with items out, for the kit's planner, counted from its due date (its last day): the
 * office day before it and on it (each on its own day only, from the office's opening), then while overdue every N
 * office days (on its day only: a day missed is not made up), and the escalation once, after the given office days
 * (made up if missed). In time order, so a later mark covers the earlier steps.
 */
export function returnReminderPlan(rules: ReturnReminderRules): PlanRules<ReturnMark> {
  const later: Array<{ days: number; step: PlanStep<ReturnMark> }> = [];
  for (let n = 1; n <= rules.overdueMax; n += 1) {
    const days = n * rules.overdueEveryOfficeDays;
    later.push({ days, step: { mark: `overdue:${n}`, at: { officeDaysAfter: days }, onItsDayOnly: true } });
  }
  later.push({ days: rules.escalateAfterOfficeDays, step: { mark: 'escalate', at: { officeDaysAfter: rules.escalateAfterOfficeDays } } });
  // The escalation after an overdue reminder of the same day.
  later.sort((a, b) => a.days - b.days || (a.step.mark === 'escalate' ? 1 : 0) - (b.step.mark === 'escalate' ? 1 : 0));
  return {
    steps: [
      { mark: 'before', at: { officeDaysBefore: 1, countedFrom: 'office-day' }, onItsDayOnly: true },
      { mark: 'due', at: { officeDaysBefore: 0 }, onItsDayOnly: true },
      ...later.map((l) => l.step),
    ],
  };
}

/** An approved loan not picked up is released this many office hours after its first day opened (0: never). */
export function noShowPlan(officeHours: number): PlanRules<'released'> {
  return { steps: officeHours > 0 ? [{ mark: 'released', at: { officeMinutesAfter: officeHours * 60 } }] : [] };
}

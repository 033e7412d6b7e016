import { bangkokDateKey, bangkokTime, nextOfficeDayAt, type OfficeCalendar } from '../../domain/office-time.ts';
import type { PlanRules, RecordedMarks } from '../../kit/planner.ts';

/**
 * When the booker of a confirmed booking is reminded: from the office's opening on the office day before the
 * meeting, and 30 minutes before its start (wall clock: an 08:00 meeting at 07:30). Neither after the start. Pure.
 */
export type ReminderMark = 'day_before' | 'soon';

export const REMINDER_MINUTES_BEFORE = 30;

export const MEETING_REMINDER_PLAN: PlanRules<ReminderMark> = {
  steps: [
    { mark: 'day_before', at: { officeDaysBefore: 1 }, beforeAnchorOnly: true },
    { mark: 'soon', at: { minutesBefore: REMINDER_MINUTES_BEFORE }, beforeAnchorOnly: true },
  ],
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The latest start whose first reminder can be due now: the end of the next office day after today (on a Friday,
 * Monday's meetings are reminded today; Tuesday's not yet). The sweep looks at nothing starting later.
 */
export function reminderHorizon(now: Date, calendar: OfficeCalendar): Date {
  const tomorrow = bangkokTime(bangkokDateKey(new Date(now.getTime() + DAY_MS)));
  return new Date(nextOfficeDayAt(tomorrow, '00:00', calendar).getTime() + DAY_MS);
}

/**
 * The reminders recorded in a booking's history (`reminded` events with their mark) for its start as it is now: a
 * booking moved to another time is reminded of the new one (an event without `start` counts for any).
 */
export function reminderMarks(events: ReadonlyArray<{ data: Record<string, unknown>; at: Date }>, startsAt: Date): RecordedMarks<ReminderMark> {
  const marks: Partial<Record<ReminderMark, Date>> = {};
  for (const event of events) {
    const mark = event.data.mark;
    if (event.data.start !== undefined && event.data.start !== startsAt.toISOString()) continue;
    if (mark === 'day_before' || mark === 'soon') marks[mark] = event.at;
  }
  return marks;
}

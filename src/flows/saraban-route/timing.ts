import { dueNow, type PlanRules } from '../../kit/planner.ts';
import { bangkokDateKey, bangkokMinuteOfDay, bangkokTime, isOfficeDay, nextOfficeDayAt, parseClockTime, type OfficeCalendar } from '../../domain/office-time.ts';
import { alertsAtOnce, type Urgency } from '../../domain/saraban/letter.ts';
import { can } from '../../domain/permissions.ts';
import type { Role } from '../../domain/roles.ts';

/**
 * When the routing flow speaks: a new letter's alert (at once or in a digest), the digest's slots on
 * office days, and the acknowledge reminder then escalation. Pure: the office calendar comes in.
 */

const MINUTE_MS = 60_000;
/** A digest slot is served during the hour after its time (a service down at 08:00 still sends it when back). */
export const DIGEST_SLOT_WINDOW_MINUTES = 60;

export type AlertTiming = { kind: 'now' } | { kind: 'digest'; at: Date };

/**
 * ด่วนมาก / ด่วนที่สุด go at once; so does anything to a director who is chatting with the bot right now;
 * the rest wait for the next digest slot on an office day.
 */
export function alertTiming(urgency: Urgency, chatting: boolean, now: Date, digestTimes: readonly string[], calendar: OfficeCalendar): AlertTiming {
  if (alertsNow(urgency, chatting)) return { kind: 'now' };
  return { kind: 'digest', at: nextDigestAt(now, digestTimes, calendar) };
}

/** Whether a new letter's alert goes at once (by push) rather than in the next digest. */
export function alertsNow(urgency: Urgency, chatting: boolean): boolean {
  return alertsAtOnce(urgency) || chatting;
}

/** The first digest time at or after `from` on an office day (weekends and the office's holidays skipped). */
export function nextDigestAt(from: Date, digestTimes: readonly string[], calendar: OfficeCalendar): Date {
  const candidates = digestTimes.map((time) => nextOfficeDayAt(from, time, calendar).getTime());
  return new Date(Math.min(...candidates));
}

/**
 * The digest slot `now` falls in, or null: an office day, within the hour after one of the digest times.
 * The slot's key (`2027-03-01 13:00`) names the push so that each slot goes out once per person; the
 * slot carries the letters recorded up to its time (a letter registered at 13:02 waits for the next one).
 */
export function digestSlotAt(now: Date, digestTimes: readonly string[], calendar: OfficeCalendar): { key: string; startsAt: Date } | null {
  if (!isOfficeDay(now, calendar)) return null;
  const local = bangkokMinuteOfDay(now);
  // The latest slot already begun wins when two windows overlap (e.g. 08:00 and 08:30).
  const begun = [...digestTimes]
    .map((time) => ({ time, minute: parseClockTime(time) }))
    .filter((slot) => local >= slot.minute && local < slot.minute + DIGEST_SLOT_WINDOW_MINUTES)
    .sort((a, b) => b.minute - a.minute);
  const slot = begun[0];
  if (!slot) return null;
  const day = bangkokDateKey(now);
  return { key: `${day} ${slot.time}`, startsAt: bangkokTime(day, slot.time) };
}

/** Whether someone whose last event was handled at `lastSeenAt` is chatting with the bot now. */
export function isChatting(lastSeenAt: Date | null, now: Date, windowMinutes: number): boolean {
  if (!lastSeenAt || windowMinutes <= 0) return false;
  const age = now.getTime() - lastSeenAt.getTime();
  return age >= 0 && age <= windowMinutes * MINUTE_MS;
}

export type AcknowledgeAction = { kind: 'none' } | { kind: 'remind' } | { kind: 'escalate' };

/**
 * An assignment not acknowledged: reminded to the officer once `officeDays` office days after it was made,
 * then escalated to the group director once `officeDays` more have passed. The escalation never comes
 * before the reminder went out on an earlier run, so the officer always gets their chance.
 */
export function acknowledgePlan(officeDays: number): PlanRules<'remind' | 'escalate'> {
  const days = Math.max(1, officeDays);
  return {
    steps: [
      { mark: 'remind', at: { officeDaysAfter: days } },
      { mark: 'escalate', at: { officeDaysAfter: days * 2 }, afterPrevious: true },
    ],
  };
}

export function acknowledgeAction(assignedAt: Date, reminded: boolean, escalated: boolean, now: Date, officeDays: number, calendar: OfficeCalendar): AcknowledgeAction {
  const recorded = { ...(reminded ? { remind: true as const } : {}), ...(escalated ? { escalate: true as const } : {}) };
  const due = dueNow(assignedAt, acknowledgePlan(officeDays), recorded, now, calendar);
  return due ? { kind: due.mark } : { kind: 'none' };
}

/** The group's people a letter may be assigned to: active people of the office who may handle letters. */
export function groupPeople<T extends { role: Role; status: string; fullName: string }>(people: readonly T[]): T[] {
  return people.filter((p) => p.status === 'active' && can(p.role, 'handle_letter')).sort((a, b) => a.fullName.localeCompare(b.fullName, 'th'));
}

import { addOfficeDays, addOfficeMinutes, isOfficeDay, officeMinutesBetween, type OfficeCalendar } from '../../domain/office-time.ts';

/**
 * When a ticket's service clocks call for a reminder, an escalation or an automatic close. Pure: the
 * office calendar comes in as an `OfficeClock` (built from the office's hours and holiday list), so
 * the jobs decide with the same rules the tests check with any clock and any holiday.
 */

/** Office-time arithmetic of one office (Mon–Fri, office hours, its holidays; Asia/Bangkok). */
export interface OfficeClock {
  /** Office minutes from `a` to `b` (0 when `b` is not after `a`). */
  minutesBetween(a: Date, b: Date): number;
  addMinutes(start: Date, minutes: number): Date;
  addDays(start: Date, days: number): Date;
  isOfficeDay(at: Date): boolean;
}

export function officeClockOf(calendar: OfficeCalendar): OfficeClock {
  return {
    minutesBetween: (a, b) => Math.max(0, officeMinutesBetween(a, b, calendar)),
    addMinutes: (start, minutes) => addOfficeMinutes(start, minutes, calendar),
    addDays: (start, days) => addOfficeDays(start, days, calendar),
    isOfficeDay: (at) => isOfficeDay(at, calendar),
  };
}

export interface ClockRules {
  /** The assignee is reminded this many office minutes before the resolve deadline. */
  reminderLeadMinutes: number;
  /** Level n is raised once the deadline has been missed by `escalateAfterMinutes[n-1]` office minutes. */
  escalateAfterMinutes: readonly number[];
}

export interface TicketClocks {
  status: string;
  assigneeId: number | null;
  acceptDueAt: Date | null;
  resolveDueAt: Date | null;
  acceptEscalationLevel: number;
  resolveEscalationLevel: number;
}

export type ClockName = 'accept' | 'resolve';

export type ClockAction =
  | { kind: 'remind'; clock: ClockName; dueAt: Date }
  | { kind: 'escalate'; clock: ClockName; level: number; dueAt: Date; overdueMinutes: number };

/** Statuses in which each clock runs; `waiting` stops the resolve clock. */
const ACCEPT_RUNS = new Set(['new']);
const RESOLVE_RUNS = new Set(['accepted', 'scheduled']);

/** The escalation level a clock has reached (0 before the deadline). */
export function escalationLevel(dueAt: Date, now: Date, clock: OfficeClock, rules: ClockRules): number {
  if (now.getTime() < dueAt.getTime()) return 0;
  const overdue = clock.minutesBetween(dueAt, now);
  return rules.escalateAfterMinutes.filter((after) => overdue >= after).length;
}

/**
 * What the clocks of one ticket call for now. A level is raised once: a ticket already escalated to a
 * level (recorded on the ticket) is not escalated to it again, and levels skipped while the service
 * was down are raised as the highest one in one go. The reminder is returned while due; the caller
 * sends it once per deadline.
 */
export function clockActions(ticket: TicketClocks, now: Date, clock: OfficeClock, rules: ClockRules): ClockAction[] {
  const actions: ClockAction[] = [];
  if (ACCEPT_RUNS.has(ticket.status) && ticket.acceptDueAt) {
    const level = escalationLevel(ticket.acceptDueAt, now, clock, rules);
    if (level > ticket.acceptEscalationLevel) {
      actions.push({ kind: 'escalate', clock: 'accept', level, dueAt: ticket.acceptDueAt, overdueMinutes: clock.minutesBetween(ticket.acceptDueAt, now) });
    }
  }
  if (RESOLVE_RUNS.has(ticket.status) && ticket.resolveDueAt) {
    const due = ticket.resolveDueAt;
    if (now.getTime() < due.getTime()) {
      if (ticket.assigneeId !== null && clock.minutesBetween(now, due) <= rules.reminderLeadMinutes) {
        actions.push({ kind: 'remind', clock: 'resolve', dueAt: due });
      }
    } else {
      const level = escalationLevel(due, now, clock, rules);
      if (level > ticket.resolveEscalationLevel) {
        actions.push({ kind: 'escalate', clock: 'resolve', level, dueAt: due, overdueMinutes: clock.minutesBetween(due, now) });
      }
    }
  }
  return actions;
}

/** Whether a ticket's resolve deadline has passed (the digest's "overdue"); waiting tickets are not. */
export function isOverdue(ticket: Pick<TicketClocks, 'status' | 'acceptDueAt' | 'resolveDueAt'>, now: Date): boolean {
  const due = ACCEPT_RUNS.has(ticket.status) ? ticket.acceptDueAt : RESOLVE_RUNS.has(ticket.status) ? ticket.resolveDueAt : null;
  return due !== null && due.getTime() <= now.getTime();
}

export type ConfirmAction = { kind: 'none' } | { kind: 'remind' } | { kind: 'close' };

/**
 * A resolved ticket the school has not confirmed: one reminder `reminderOfficeDays` after the
 * resolution, then closed once `autoCloseOfficeDays` office days have passed. It is never closed
 * without the reminder having gone out on an earlier run, so the school always gets its one chance.
 */
export function confirmAction(
  resolvedAt: Date,
  reminded: boolean,
  now: Date,
  clock: OfficeClock,
  rules: { reminderOfficeDays: number; autoCloseOfficeDays: number },
): ConfirmAction {
  const closeAt = clock.addDays(resolvedAt, Math.max(1, rules.autoCloseOfficeDays));
  const remindAt = clock.addDays(resolvedAt, Math.max(1, rules.reminderOfficeDays));
  // A reminder set for the end goes at the end, and the close follows on the next run.
  const remindFrom = remindAt.getTime() < closeAt.getTime() ? remindAt : closeAt;
  if (!reminded) return now.getTime() >= remindFrom.getTime() ? { kind: 'remind' } : { kind: 'none' };
  return now.getTime() >= closeAt.getTime() ? { kind: 'close' } : { kind: 'none' };
}

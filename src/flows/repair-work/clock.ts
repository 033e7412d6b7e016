import { dueNow, escalationMarks, escalationSteps, levelOf, type PlanRules, type PlanStep, type RecordedMarks } from '../../kit/planner.ts';
import { addOfficeDays, addOfficeMinutes, isOfficeDay, officeMinutesBetween, type OfficeCalendar } from '../../domain/office-time.ts';

/**
 * When a ticket's service clocks call for a reminder, an escalation or an automatic close: the repair
 * rules as steps of the kit's planner (src/kit/planner.ts). Pure: the office calendar comes in as an
 * `OfficeClock` (built from the office's hours and holiday list), so the jobs decide with the same
 * rules the tests check with any clock and any holiday.
 */

/** Office-time arithmetic of one office (Mon–Fri, office hours, its holidays; Asia/Bangkok). */
export interface OfficeClock {
  calendar: OfficeCalendar;
  /** Office minutes from `a` to `b` (0 when `b` is not after `a`). */
  minutesBetween(a: Date, b: Date): number;
  addMinutes(start: Date, minutes: number): Date;
  addDays(start: Date, days: number): Date;
  isOfficeDay(at: Date): boolean;
}

export function officeClockOf(calendar: OfficeCalendar): OfficeClock {
  return {
    calendar,
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

type ClockMark = 'remind' | `escalate:${number}`;

/**
 * A running clock's steps for the planner: counted from the deadline, a reminder `reminderLeadMinutes`
 * office minutes before it (the resolve clock of an assigned ticket), then one escalation per level.
 */
export function clockPlan(clock: ClockName, hasAssignee: boolean, rules: ClockRules): PlanRules<ClockMark> {
  const remind: PlanStep<ClockMark>[] =
    clock === 'resolve' && hasAssignee ? [{ mark: 'remind', at: { officeMinutesBefore: rules.reminderLeadMinutes }, beforeAnchorOnly: true }] : [];
  return { steps: [...remind, ...escalationSteps(rules.escalateAfterMinutes)] };
}

/** The escalation level a clock has reached (0 before the deadline). */
export function escalationLevel(dueAt: Date, now: Date, clock: OfficeClock, rules: ClockRules): number {
  if (now.getTime() < dueAt.getTime()) return 0;
  const overdue = clock.minutesBetween(dueAt, now);
  return rules.escalateAfterMinutes.filter((after) => overdue >= after).length;
}

/** The clock running for a ticket in its status, with its deadline and the level recorded on the ticket. */
export function runningClock(ticket: TicketClocks): { clock: ClockName; dueAt: Date; level: number } | null {
  if (ACCEPT_RUNS.has(ticket.status) && ticket.acceptDueAt) return { clock: 'accept', dueAt: ticket.acceptDueAt, level: ticket.acceptEscalationLevel };
  if (RESOLVE_RUNS.has(ticket.status) && ticket.resolveDueAt) return { clock: 'resolve', dueAt: ticket.resolveDueAt, level: ticket.resolveEscalationLevel };
  return null;
}

/**
 * What the clocks of one ticket call for now (the planner's answer for its running clock). A level is
 * raised once: a ticket already escalated to a level (recorded on the ticket) is not escalated to it
 * again, and levels skipped while the service was down are raised as the highest one in one go.
 * `reminded` says the reminder of this deadline was recorded already.
 */
export function clockActions(ticket: TicketClocks, now: Date, clock: OfficeClock, rules: ClockRules, reminded = false): ClockAction[] {
  const running = runningClock(ticket);
  if (!running) return [];
  const recorded: RecordedMarks<ClockMark> = { ...escalationMarks(running.level), ...(reminded ? { remind: true as const } : {}) };
  const due = dueNow(running.dueAt, clockPlan(running.clock, ticket.assigneeId !== null, rules), recorded, now, clock.calendar);
  if (!due) return [];
  if (due.mark === 'remind') return [{ kind: 'remind', clock: running.clock, dueAt: running.dueAt }];
  return [{ kind: 'escalate', clock: running.clock, level: levelOf(due.mark), dueAt: running.dueAt, overdueMinutes: clock.minutesBetween(running.dueAt, now) }];
}

/** Whether a ticket's resolve deadline has passed (the digest's "overdue"); waiting tickets are not. */
export function isOverdue(ticket: Pick<TicketClocks, 'status' | 'acceptDueAt' | 'resolveDueAt'>, now: Date): boolean {
  const due = ACCEPT_RUNS.has(ticket.status) ? ticket.acceptDueAt : RESOLVE_RUNS.has(ticket.status) ? ticket.resolveDueAt : null;
  return due !== null && due.getTime() <= now.getTime();
}

export type ConfirmAction = { kind: 'none' } | { kind: 'remind' } | { kind: 'close' };

export interface ConfirmRules {
  reminderOfficeDays: number;
  autoCloseOfficeDays: number;
}

/**
 * A resolved ticket the school has not confirmed: one reminder `reminderOfficeDays` after the
 * resolution, then closed once `autoCloseOfficeDays` office days have passed. It is never closed
 * without the reminder having gone out on an earlier run, so the school always gets its one chance.
 * A reminder set for the end goes at the end, and the close follows on the next run.
 */
export function confirmPlan(rules: ConfirmRules): PlanRules<'remind' | 'close'> {
  const closeDays = Math.max(1, rules.autoCloseOfficeDays);
  return {
    steps: [
      { mark: 'remind', at: { officeDaysAfter: Math.min(Math.max(1, rules.reminderOfficeDays), closeDays) } },
      { mark: 'close', at: { officeDaysAfter: closeDays }, afterPrevious: true },
    ],
  };
}

export function confirmAction(resolvedAt: Date, reminded: boolean, now: Date, clock: OfficeClock, rules: ConfirmRules): ConfirmAction {
  const due = dueNow(resolvedAt, confirmPlan(rules), reminded ? { remind: true } : {}, now, clock.calendar);
  return due ? { kind: due.mark } : { kind: 'none' };
}

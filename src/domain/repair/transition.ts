import { ConflictError, ValidationError } from '../errors.ts';
import { officeMinutesBetween, type OfficeCalendar } from '../office-time.ts';
import { serviceDeadlines, type Priority } from './priority.ts';
import type { RepairSettings } from './settings.ts';
import { isKnownTransition, type TicketAction, type TicketStatus } from './status.ts';

/** Columns a change may set besides the status. */
export interface TicketPatch {
  assigneeId?: number | null;
  visitAt?: Date | null;
  waitingReason?: string | null;
  resolution?: string | null;
  partsUsed?: string | null;
  rating?: number | null;
  ratingComment?: string | null;
}

export interface TicketChange {
  /** The version the actor saw (carried by the button): a later change makes this one stale. */
  expectedVersion: number;
  toStatus: TicketStatus;
  /** Null = the service itself (auto-close). */
  actorId: number | null;
  action: TicketAction;
  note?: string | null;
  patch?: TicketPatch;
  /** Extra facts for the timeline (never message contents). */
  data?: Record<string, unknown>;
}

/** What a transition needs to know of the ticket as it is now. */
export interface TicketBeforeChange {
  status: TicketStatus;
  priority: Priority;
  createdAt: Date;
  acceptedAt: Date | null;
  waitingSince: Date | null;
  pausedOfficeMinutes: number;
}

/** The columns a transition writes (besides the version, which the repository bumps with its check). */
export interface TicketUpdate extends TicketPatch {
  status: TicketStatus;
  updatedAt: Date;
  acceptedAt?: Date | null;
  waitingSince?: Date | null;
  pausedOfficeMinutes?: number;
  resolveDueAt?: Date;
  resolvedAt?: Date | null;
  confirmedAt?: Date;
  closedAt?: Date;
}

/** The office's clock, needed only when a ticket leaves waiting (the time waited moves the resolve deadline). */
export interface RepairOfficeClock {
  settings: RepairSettings;
  calendar: OfficeCalendar;
}

/** Whether applying a change from `from` to `to` needs the office's clock (settings and calendar). */
export function leavesWaiting(from: TicketStatus, to: TicketStatus): boolean {
  return from === 'waiting' && to !== 'waiting';
}

/**
 * The rules of a ticket's move, pure: whether it is allowed, and what it writes. Lifecycle facts follow the move:
 * accepting stamps `acceptedAt` (and makes the actor the assignee unless the patch names one); waiting starts the
 * stopped clock and leaving it adds the office minutes waited to the resolve deadline; resolved / confirmed / closed
 * stamp their times; reopening clears the resolution time. A move the state machine does not know is a
 * ConflictError; an assignment without `patch.assigneeId` or a rating outside 1–5 is a ValidationError.
 *
 * `office` must be given when `leavesWaiting(current.status, change.toStatus)`; the repository loads it then only.
 */
export function ticketTransition(
  current: TicketBeforeChange,
  change: TicketChange,
  now: Date,
  office?: RepairOfficeClock,
): { set: TicketUpdate; data: Record<string, unknown> } {
  const from = current.status;
  const action = change.action;
  const to = change.toStatus;
  if (!isKnownTransition(action, from, to)) throw new ConflictError(`งานซ่อมสถานะนี้ทำรายการนี้ไม่ได้ (${action}: ${from} → ${to})`);
  if (action === 'assigned' && !change.patch?.assigneeId) throw new ValidationError('การมอบหมายงานต้องระบุผู้รับผิดชอบ');
  const rating = change.patch?.rating;
  if (rating !== undefined && rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5)) {
    throw new ValidationError('คะแนนต้องเป็น 1–5');
  }

  const set: TicketUpdate = { ...change.patch, status: to, updatedAt: now };
  if ((action === 'accepted' || action === 'assigned') && from === 'new') {
    set.acceptedAt = current.acceptedAt ?? now;
    if (action === 'accepted' && change.patch?.assigneeId === undefined) set.assigneeId = change.actorId;
  }
  const data: Record<string, unknown> = { ...change.data };
  if (to === 'waiting' && from !== 'waiting') set.waitingSince = now;
  if (leavesWaiting(from, to)) {
    if (!office) throw new Error('ticketTransition: leaving waiting needs the office clock');
    const waited = current.waitingSince ? Math.max(0, officeMinutesBetween(current.waitingSince, now, office.calendar)) : 0;
    const paused = current.pausedOfficeMinutes + waited;
    set.pausedOfficeMinutes = paused;
    set.waitingSince = null;
    if (change.patch?.waitingReason === undefined) set.waitingReason = null;
    set.resolveDueAt = serviceDeadlines(current.createdAt, current.priority, office.settings, office.calendar, paused).resolveDueAt;
    data.waitedOfficeMinutes = waited;
  }
  if (to === 'resolved') set.resolvedAt = now;
  if (to === 'confirmed' && from !== 'confirmed') set.confirmedAt = now;
  if ((to === 'closed' || to === 'cancelled') && from !== to) set.closedAt = now;
  if (action === 'reopened') set.resolvedAt = null;
  return { set, data };
}

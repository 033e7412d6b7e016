import { z } from 'zod';
import type { Role } from '../roles.ts';

/** The life of a ticket; see `TRANSITIONS` for who moves it where. */
export const TICKET_STATUSES = ['new', 'accepted', 'scheduled', 'waiting', 'resolved', 'confirmed', 'closed', 'cancelled'] as const;
export const ticketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

/** The office still has work to do (the reporter's duplicate check and a technician's list look here). */
export const OPEN_STATUSES = ['new', 'accepted', 'scheduled', 'waiting'] as const satisfies readonly TicketStatus[];
/** Nothing more will happen (a rating may still be added to a confirmed or closed ticket). */
export const FINISHED_STATUSES = ['confirmed', 'closed', 'cancelled'] as const satisfies readonly TicketStatus[];

export function isOpenStatus(status: TicketStatus): boolean {
  return (OPEN_STATUSES as readonly TicketStatus[]).includes(status);
}
export function isFinishedStatus(status: TicketStatus): boolean {
  return (FINISHED_STATUSES as readonly TicketStatus[]).includes(status);
}

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'รอรับงาน',
  accepted: 'รับงานแล้ว',
  scheduled: 'นัดเข้าซ่อมแล้ว',
  waiting: 'รออะไหล่/รอดำเนินการ',
  resolved: 'ซ่อมเสร็จ รอโรงเรียนยืนยัน',
  confirmed: 'โรงเรียนยืนยันแล้ว',
  closed: 'ปิดงานแล้ว',
  cancelled: 'ยกเลิกแล้ว',
};

/** Timeline actions (`repair_ticket_events.action`). */
export const TICKET_ACTIONS = [
  'created',
  'report_added',
  'accepted',
  'assigned',
  'scheduled',
  'waiting',
  'resumed',
  'resolved',
  'confirmed',
  'reopened',
  'closed',
  'auto_closed',
  'cancelled',
  'rated',
  'reminded',
  'escalated',
] as const;
export const ticketActionSchema = z.enum(TICKET_ACTIONS);
export type TicketAction = z.infer<typeof ticketActionSchema>;

export const TICKET_ACTION_LABELS: Record<TicketAction, string> = {
  created: 'แจ้งซ่อม',
  report_added: 'แจ้งเพิ่มเติม',
  accepted: 'รับงาน',
  assigned: 'มอบหมายงาน',
  scheduled: 'นัดวันเข้าซ่อม',
  waiting: 'รอดำเนินการ',
  resumed: 'ดำเนินการต่อ',
  resolved: 'ซ่อมเสร็จ',
  confirmed: 'โรงเรียนยืนยันว่าใช้งานได้',
  reopened: 'แจ้งว่ายังใช้ไม่ได้',
  closed: 'ปิดงาน',
  auto_closed: 'ปิดงานอัตโนมัติ',
  cancelled: 'ยกเลิก',
  rated: 'ให้คะแนน',
  reminded: 'แจ้งเตือน',
  escalated: 'แจ้งผู้อำนวยการกลุ่ม',
};

/** Who acts: a person of a role, or the service itself (jobs: auto-close, reminders, escalations). */
export type TicketActor = Role | 'system';

const SCHOOL = ['teacher', 'school_director'] as const;
const WORKING = ['accepted', 'scheduled', 'waiting'] as const;

interface Transition {
  action: TicketAction;
  from: readonly TicketStatus[];
  /** Where it goes; `same` = the status does not change. */
  to: readonly TicketStatus[] | 'same';
  actors: readonly TicketActor[];
}

/**
 * THE state machine: which actor may move a ticket from which status to which, by which action. Whether
 * the person is the reporter, of the same school or the assignee is checked by the flow; the role here.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'accepted', from: ['new'], to: ['accepted'], actors: ['technician'] },
  // The group director (or an admin) assigns a new ticket or hands a running one to someone else.
  { action: 'assigned', from: ['new'], to: ['accepted'], actors: ['group_director', 'admin'] },
  { action: 'assigned', from: WORKING, to: 'same', actors: ['group_director', 'admin'] },
  { action: 'scheduled', from: ['accepted', 'scheduled'], to: ['scheduled'], actors: ['technician'] },
  { action: 'waiting', from: ['accepted', 'scheduled'], to: ['waiting'], actors: ['technician'] },
  { action: 'resumed', from: ['waiting'], to: ['accepted', 'scheduled'], actors: ['technician'] },
  { action: 'resolved', from: WORKING, to: ['resolved'], actors: ['technician'] },
  { action: 'confirmed', from: ['resolved'], to: ['confirmed'], actors: SCHOOL },
  { action: 'reopened', from: ['resolved'], to: ['accepted'], actors: SCHOOL },
  { action: 'closed', from: ['confirmed'], to: ['closed'], actors: ['system', ...SCHOOL, 'group_director', 'admin'] },
  { action: 'auto_closed', from: ['resolved'], to: ['closed'], actors: ['system'] },
  { action: 'cancelled', from: ['new'], to: ['cancelled'], actors: SCHOOL },
  { action: 'rated', from: ['confirmed', 'closed'], to: 'same', actors: SCHOOL },
];

/** Actions that only add to the timeline and never change the status (no version check needed). */
export const NOTE_ACTIONS = ['report_added', 'reminded', 'escalated'] as const satisfies readonly TicketAction[];
export type NoteAction = (typeof NOTE_ACTIONS)[number];

function matching(action: TicketAction, from: TicketStatus, to: TicketStatus): Transition[] {
  return TRANSITIONS.filter(
    (t) => t.action === action && t.from.includes(from) && (t.to === 'same' ? to === from : t.to.includes(to)),
  );
}

/** Whether the move exists at all, whoever does it (the repository refuses moves that do not). */
export function isKnownTransition(action: TicketAction, from: TicketStatus, to: TicketStatus): boolean {
  return matching(action, from, to).length > 0;
}

/** Whether `actor` may do `action`, moving a ticket from `from` to `to`. */
export function canTransition(actor: TicketActor, action: TicketAction, from: TicketStatus, to: TicketStatus): boolean {
  return matching(action, from, to).some((t) => t.actors.includes(actor));
}

/** The actions `actor` may take on a ticket in `status`, with where each goes (buttons to draw). */
export function availableActions(actor: TicketActor, status: TicketStatus): { action: TicketAction; to: TicketStatus[] }[] {
  const found = new Map<TicketAction, Set<TicketStatus>>();
  for (const t of TRANSITIONS) {
    if (!t.from.includes(status) || !t.actors.includes(actor)) continue;
    const targets = found.get(t.action) ?? new Set<TicketStatus>();
    for (const to of t.to === 'same' ? [status] : t.to) targets.add(to);
    found.set(t.action, targets);
  }
  return [...found].map(([action, to]) => ({ action, to: [...to] }));
}

import type { CategoryGroup } from './categories.ts';
import type { RegisterLine } from './dltv-register.ts';
import type { Priority } from './priority.ts';
import type { TicketAction, TicketStatus } from './status.ts';

/**
 * The shapes of a ticket that the repair flows read: the repositories (src/db/repos/repair-*.ts) fill them, the
 * flows' pure steps and cards take them. Here rather than beside the SQL, so a pure step names no repository.
 */

/** What a ticket for the office's own equipment (no school) shows where a school's name would be. */
export const OFFICE_EQUIPMENT_LABEL = 'ครุภัณฑ์ของสำนักงาน';

/** A ticket's visit, waiting and deadlines, when it passed each stage and how far it was escalated: both shapes below carry them. */
export interface TicketTimes {
  visitAt: Date | null;
  waitingReason: string | null;
  waitingSince: Date | null;
  pausedOfficeMinutes: number;
  acceptDueAt: Date | null;
  resolveDueAt: Date | null;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  confirmedAt: Date | null;
  closedAt: Date | null;
  acceptEscalationLevel: number;
  resolveEscalationLevel: number;
}

/** A ticket with its school, kind, reporter and assignee (the school's side and the services). */
export interface RepairTicket extends TicketTimes {
  id: number;
  officeId: string;
  /** `ซ่อม 2570/0042` */
  number: string;
  fiscalYear: number;
  seq: number;
  /** Null: the office's own equipment (schoolName is then OFFICE_EQUIPMENT_LABEL). */
  schoolId: number | null;
  schoolName: string;
  district: string;
  reporterId: number;
  reporterName: string;
  categoryId: number;
  categoryCode: string;
  categoryLabel: string;
  groupCode: CategoryGroup;
  description: string;
  classroom: string | null;
  teachingStopped: boolean;
  priority: Priority;
  status: TicketStatus;
  version: number;
  assigneeId: number | null;
  assigneeName: string | null;
  resolution: string | null;
  partsUsed: string | null;
  rating: number | null;
  ratingComment: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TicketEvent {
  id: number;
  ticketId: number;
  action: TicketAction;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  actorId: number | null;
  actorName: string | null;
  note: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/** What the office's side shows of a ticket: the ticket with its school, kind, reporter and assignee. */
export interface TicketView extends TicketTimes {
  id: number;
  officeId: string;
  number: string;
  status: string;
  version: number;
  priority: string;
  /** Null: the office's own equipment (schoolName is then OFFICE_EQUIPMENT_LABEL). */
  schoolId: number | null;
  schoolName: string;
  district: string;
  categoryLabel: string;
  description: string;
  classroom: string | null;
  reporterId: number;
  reporterName: string;
  reporterPhone: string | null;
  reporterLineUserId: string | null;
  assigneeId: number | null;
  assigneeName: string | null;
  assigneeLineUserId: string | null;
  rating: number | null;
  createdAt: Date;
  /** The first photo the school sent with the report (JPEG or PNG, what LINE shows), for the card. */
  firstPhotoId: number | null;
  /** Every photo of the ticket (the reports' and the repair's). */
  photoCount: number;
  /** A DLTV fault's school's equipment register (src/domain/repair/dltv-register.ts); empty for other faults. */
  dltvRegister: RegisterLine[];
}

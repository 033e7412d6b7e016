import type { RepairTicket } from '../../domain/repair/ticket.ts';
import { CATEGORY_GROUP_LABELS } from '../../domain/repair/categories.ts';
import { registerSummary, type RegisterLine } from '../../domain/repair/dltv-register.ts';
import { PRIORITY_LABELS, priorityOf } from '../../domain/repair/priority.ts';
import { TICKET_STATUS_LABELS, type TicketStatus } from '../../domain/repair/status.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';
import { renderFlexCarousel, renderFlexTemplate, type FlexMessage, type FlexValues } from '../../line/flex-renderer.ts';
import type { Button } from '../../kit/steps.ts';
import { reportLabels as L, reportTexts as T } from './messages.ts';
import type { ReportData } from './state.ts';

/** The Flex cards of the reporter's side: the summary before confirming, and a ticket as the school sees it. */

const STATUS_COLORS: Record<TicketStatus, string> = {
  new: '#E67E22',
  accepted: '#1E4E8C',
  scheduled: '#1E4E8C',
  waiting: '#7F8C8D',
  resolved: '#2E7D32',
  confirmed: '#555555',
  closed: '#555555',
  cancelled: '#999999',
};

const WAIT_REASON_TEXTS: Record<string, string> = { parts: 'รออะไหล่', vendor: 'รอผู้ขาย/ผู้รับจ้าง', school: 'รอโรงเรียนดำเนินการ' };

export interface SummaryButtons {
  confirm: string;
  edit: string;
  cancel: string;
}

export function summaryCard(data: ReportData, schoolName: string, buttons: SummaryButtons): FlexMessage {
  const stopped = data.teachingStopped === true;
  const values: FlexValues = {
    title: T.summaryTitle,
    school: schoolName,
    category: data.categoryLabel ?? T.notSet,
    description: data.description ?? T.notSet,
    photos: data.mediaIds.length > 0 ? T.photoCount(data.mediaIds.length) : T.noPhotos,
    classroom: data.classroom ?? T.notSet,
    priority: PRIORITY_LABELS[priorityOf(stopped)],
    priorityColor: stopped ? '#C0392B' : '#333333',
    hint: T.summaryHint,
    confirmLabel: L.confirm,
    confirmData: buttons.confirm,
    editLabel: L.edit,
    editData: buttons.edit,
    cancelLabel: L.cancel,
    cancelData: buttons.cancel,
  };
  return renderFlexTemplate('repair-summary', values, { altText: T.summaryAlt(data.categoryLabel ?? '') });
}

/** What the school waits for next, in a few words. */
export function nextStepText(ticket: RepairTicket): string {
  switch (ticket.status) {
    case 'new':
      return ticket.acceptDueAt ? `ถัดไป: รอเจ้าหน้าที่รับงาน (ภายใน ${formatThaiDateTime(ticket.acceptDueAt)})` : 'ถัดไป: รอเจ้าหน้าที่รับงาน';
    case 'accepted':
      return `ถัดไป: ${ticket.assigneeName ?? 'ช่าง'} จะนัดวันเข้าซ่อม`;
    case 'scheduled':
      return ticket.visitAt ? `ถัดไป: นัดเข้าซ่อม ${formatThaiDateTime(ticket.visitAt)}` : 'ถัดไป: ช่างจะเข้าซ่อมตามนัด';
    case 'waiting': {
      const reason = ticket.waitingReason ? (WAIT_REASON_TEXTS[ticket.waitingReason] ?? ticket.waitingReason) : 'รอดำเนินการ';
      return `ถัดไป: ${reason} แล้วจึงซ่อมต่อ`;
    }
    case 'resolved':
      return 'ถัดไป: กรุณาตรวจสอบ แล้วยืนยันว่าใช้งานได้แล้ว';
    case 'confirmed':
    case 'closed':
      return ticket.rating === null ? 'เสร็จสิ้น: ให้คะแนนความพึงพอใจได้ค่ะ' : `เสร็จสิ้น: คะแนนความพึงพอใจ ${ticket.rating}/5`;
    case 'cancelled':
      return 'ยกเลิกการแจ้งแล้ว';
  }
}

export function categoryTitle(groupLabel: string, categoryLabel: string): string {
  return `${groupLabel} – ${categoryLabel}`;
}

export interface TicketCardOptions {
  primary?: Button | undefined;
  secondary?: Button | undefined;
  /**
   * The school's DLTV equipment register: a DLTV fault's card shows its short lines (the classroom's own line when
   * the ticket names one), as the technician's card does. Other faults leave it out.
   */
  register?: readonly RegisterLine[] | undefined;
}

function ticketValues(ticket: RepairTicket, options: TicketCardOptions): FlexValues {
  const details = [
    ticket.classroom ? `ห้อง ${ticket.classroom}` : null,
    ticket.assigneeName ? `ช่าง: ${ticket.assigneeName}` : null,
    ticket.priority === 'urgent' ? 'งานด่วน' : null,
  ].filter((part) => part !== null);
  return {
    number: ticket.number,
    status: TICKET_STATUS_LABELS[ticket.status],
    statusColor: STATUS_COLORS[ticket.status],
    category: categoryTitle(CATEGORY_GROUP_LABELS[ticket.groupCode], ticket.categoryLabel),
    description: ticket.description,
    reported: `แจ้งเมื่อ ${formatThaiDateTime(ticket.createdAt)} โดย ${ticket.reporterName}`,
    detailLine: details.length > 0 ? details.join(' · ') : null,
    register: ticket.groupCode === 'dltv' ? registerSummary(options.register ?? [], ticket.classroom) : null,
    nextStep: nextStepText(ticket),
    primaryLabel: options.primary?.label ?? null,
    primaryData: options.primary?.data ?? null,
    secondaryLabel: options.secondary?.label ?? null,
    secondaryData: options.secondary?.data ?? null,
  };
}

export function ticketAltText(ticket: RepairTicket): string {
  return `${ticket.number} ${TICKET_STATUS_LABELS[ticket.status]}`;
}

export function ticketCard(ticket: RepairTicket, options: TicketCardOptions = {}): FlexMessage {
  return renderFlexTemplate('repair-ticket', ticketValues(ticket, options), { altText: ticketAltText(ticket) });
}

/** Several tickets side by side (at most 12, LINE's carousel limit). */
export function ticketCarousel(items: ReadonlyArray<{ ticket: RepairTicket; options: TicketCardOptions }>, altText: string): FlexMessage {
  if (items.length === 1) return ticketCard(items[0]!.ticket, items[0]!.options);
  return renderFlexCarousel(
    items.slice(0, 12).map(({ ticket, options }) => ({ template: 'repair-ticket', values: ticketValues(ticket, options) })),
    { altText },
  );
}

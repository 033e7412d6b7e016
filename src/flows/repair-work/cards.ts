import { formatThaiMobile } from '../../domain/phone.ts';
import { availableActions, type TicketStatus } from '../../domain/repair/status.ts';
import type { Role } from '../../domain/roles.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';
import { renderFlexCarousel, renderFlexTemplate, type FlexValues } from '../../line/flex-renderer.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import { confirmFixedAction, reopenAction } from '../repair-track/actions.ts';
import { trackLabels } from '../repair-track/messages.ts';
import { textWithButtons } from '../registration/ui.ts';
import { acceptAction, assignAction, resolveAction, resumeAction, timelineAction, visitAction, waitAction } from './actions.ts';
import { EVENT_LABELS, PRIORITY_LABELS, repairWorkLabels as L, repairWorkTexts as T, STATUS_LABELS, type WaitReason } from './messages.ts';
import type { TicketEvent } from '../../db/repos/repair-tickets.ts';
import type { TicketView } from '../../db/repos/repair-work-views.ts';

const HEADER_COLORS: Record<string, string> = { new: '#C0392B', waiting: '#B25E00', resolved: '#1E8449' };
const CAROUSEL_MAX = 12;

/**
 * The ticket card the office sees, with the buttons the viewer may use now: a technician's own
 * ticket gets its next steps, a new one "รับงาน", the group director "มอบหมายช่าง". Every button
 * carries the ticket's version, so a card drawn before a change is stale.
 */
export function ticketCardValues(t: TicketView, viewer: { id: number; role: Role }): FlexValues {
  const ref = { t: t.id, v: t.version };
  const status = t.status as TicketStatus;
  const allowed = new Set(availableActions(viewer.role, status).map((a) => a.action));
  const mine = t.assigneeId === viewer.id;
  const due = t.status === 'new' ? t.acceptDueAt : t.status === 'accepted' || t.status === 'scheduled' ? t.resolveDueAt : null;
  return {
    headerColor: HEADER_COLORS[t.status] ?? '#1E4E8C',
    number: t.number,
    status: STATUS_LABELS[t.status] ?? t.status,
    school: t.schoolName,
    district: t.district,
    kind: t.categoryLabel,
    description: t.description,
    priority: PRIORITY_LABELS[t.priority] ?? t.priority,
    priorityColor: t.priority === 'urgent' ? '#C0392B' : '#555555',
    classroom: t.classroom ? `ห้อง: ${t.classroom}` : undefined,
    reporter: `ผู้แจ้ง: ${t.reporterName}${t.reporterPhone ? ` ${formatThaiMobile(t.reporterPhone)}` : ''}`,
    assignee: t.assigneeName ? `ผู้รับผิดชอบ: ${t.assigneeName}` : undefined,
    visit: t.visitAt ? `นัดเข้าซ่อม: ${formatThaiDateTime(t.visitAt)}` : undefined,
    waiting: t.status === 'waiting' && t.waitingReason ? `${L.waitReasons[t.waitingReason as WaitReason] ?? t.waitingReason} (หยุดนับเวลา)` : undefined,
    due: due ? `${t.status === 'new' ? 'กำหนดรับงาน' : 'กำหนดซ่อมเสร็จ'}: ${formatThaiDateTime(due)}` : undefined,
    acceptLabel: L.accept,
    acceptData: allowed.has('accepted') ? encodePostback(acceptAction, ref) : undefined,
    visitLabel: L.visit,
    visitData: mine && allowed.has('scheduled') ? encodePostback(visitAction, ref) : undefined,
    waitLabel: L.wait,
    waitData: mine && allowed.has('waiting') ? encodePostback(waitAction, ref) : undefined,
    resumeLabel: L.resume,
    resumeData: mine && allowed.has('resumed') ? encodePostback(resumeAction, ref) : undefined,
    resolveLabel: L.resolve,
    resolveData: mine && allowed.has('resolved') ? encodePostback(resolveAction, ref) : undefined,
    assignLabel: L.assign,
    assignData: allowed.has('assigned') ? encodePostback(assignAction, ref) : undefined,
    timelineLabel: L.timeline,
    timelineData: encodePostback(timelineAction, { t: t.id }),
  };
}

export function ticketCard(t: TicketView, viewer: { id: number; role: Role }, altText = T.ticketAlt(t.number)): LineMessage {
  return renderFlexTemplate('repair-work-ticket', ticketCardValues(t, viewer), { altText });
}

/** Several tickets side by side (at most 12; the intro text says how many there are). */
export function ticketCarousel(tickets: readonly TicketView[], viewer: { id: number; role: Role }, altText: string): LineMessage {
  if (tickets.length === 1) return ticketCard(tickets[0]!, viewer, altText);
  return renderFlexCarousel(
    tickets.slice(0, CAROUSEL_MAX).map((t) => ({ template: 'repair-work-ticket', values: ticketCardValues(t, viewer) })),
    { altText },
  );
}

/** The alert to a technician on duty about a new ticket (the card with "รับงาน"). */
export function newTicketAlert(t: TicketView, technician: { id: number }): LineMessage {
  return ticketCard(t, { id: technician.id, role: 'technician' }, T.alertAlt(t.number, t.schoolName));
}

const SHORT_MONTHS = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];

function shortDateTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 60 * 60 * 1000);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${local.getUTCDate()} ${SHORT_MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear() + 543} ${hh}:${mm}`;
}

/** The latest entries of a ticket's history, one line each, in one card. */
export function timelineCard(t: TicketView, entries: readonly TicketEvent[]): LineMessage {
  const shown = entries.slice(-25);
  const lines = shown.map((e) => {
    const who = e.actorName ? ` – ${e.actorName}` : '';
    const note = e.note ? `: ${e.note}` : '';
    return `${shortDateTime(e.at)} ${EVENT_LABELS[e.action] ?? e.action}${who}${note}`;
  });
  return renderFlexTemplate(
    'repair-work-timeline',
    {
      title: `ประวัติงาน ${t.number}`,
      subtitle: `${t.schoolName} · ${STATUS_LABELS[t.status] ?? t.status}`,
      lines: lines.length > 0 ? lines.join('\n') : '-',
    },
    { altText: T.timelineAlt(t.number) },
  );
}

/**
 * "Resolved — please confirm" to the reporter, with the school's own buttons (the tracking flow takes
 * them): ใช้งานได้แล้ว / ยังใช้ไม่ได้, drawn for the ticket's version once resolved.
 */
export function confirmRequest(text: string, ticketId: number, resolvedVersion: number): LineMessage {
  const ref = { t: ticketId, v: resolvedVersion };
  return textWithButtons(text, [
    { label: trackLabels.confirm, data: encodePostback(confirmFixedAction, ref) },
    { label: trackLabels.reopen, data: encodePostback(reopenAction, ref) },
  ]);
}

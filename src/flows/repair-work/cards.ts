import { formatThaiMobile } from '../../domain/phone.ts';
import { availableActions, type TicketStatus } from '../../domain/repair/status.ts';
import type { Role } from '../../domain/roles.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';
import { renderFlexTemplate } from '../../line/flex-renderer.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import { confirmFixedAction, reopenAction } from '../repair-track/actions.ts';
import { trackLabels } from '../repair-track/messages.ts';
import { renderCard, renderCards, type Card, type CardColor, type CardField } from '../../kit/card.ts';
import { textWithButtons } from '../../kit/steps.ts';
import { mediaLink } from '../../line/media-links.ts';
import { acceptAction, assignAction, photosAction, resolveAction, resumeAction, timelineAction, visitAction, waitAction } from './actions.ts';
import { EVENT_LABELS, PRIORITY_LABELS, repairWorkLabels as L, repairWorkTexts as T, STATUS_LABELS, type WaitReason } from './messages.ts';
import type { TicketEvent, TicketView } from '../../domain/repair/ticket.ts';
import { registerSummary } from '../../domain/repair/dltv-register.ts';

const HEADER_COLORS: Partial<Record<string, CardColor>> = { new: 'danger', waiting: 'warning', resolved: 'good' };

/**
 * The ticket card the office sees, with the buttons the viewer may use now: a technician's own
 * ticket gets its next steps, a new one "รับงาน", the group director "มอบหมายช่าง". Every button
 * carries the ticket's version, so a card drawn before a change is stale.
 */
export function ticketCardOf(t: TicketView, viewer: { id: number; role: Role }, now: Date): Card {
  const ref = { t: t.id, v: t.version };
  const status = t.status as TicketStatus;
  const allowed = new Set(availableActions(viewer.role, status).map((a) => a.action));
  const mine = t.assigneeId === viewer.id;
  const due = t.status === 'new' ? t.acceptDueAt : t.status === 'accepted' || t.status === 'scheduled' ? t.resolveDueAt : null;
  const waiting = t.status === 'waiting' && t.waitingReason ? `${L.waitReasons[t.waitingReason as WaitReason] ?? t.waitingReason} (หยุดนับเวลา)` : undefined;
  return {
    headline: t.number,
    status: STATUS_LABELS[t.status] ?? t.status,
    color: HEADER_COLORS[t.status] ?? 'info',
    title: t.schoolName,
    subtitle: t.district,
    fields: [
      { text: t.categoryLabel, size: 'sm', bold: true, color: 'info' },
      { text: t.description, size: 'sm', color: 'text' },
      { text: PRIORITY_LABELS[t.priority] ?? t.priority, size: 'sm', color: t.priority === 'urgent' ? 'danger' : 'muted' },
      t.classroom ? { text: `ห้อง: ${t.classroom}` } : undefined,
      { text: `ผู้แจ้ง: ${t.reporterName}${t.reporterPhone ? ` ${formatThaiMobile(t.reporterPhone)}` : ''}` },
      t.assigneeName ? { text: `ผู้รับผิดชอบ: ${t.assigneeName}` } : undefined,
      t.visitAt ? { text: `นัดเข้าซ่อม: ${formatThaiDateTime(t.visitAt)}` } : undefined,
      waiting ? { text: waiting, color: 'warning' } : undefined,
      due ? { text: `${t.status === 'new' ? 'กำหนดรับงาน' : 'กำหนดซ่อมเสร็จ'}: ${formatThaiDateTime(due)}`, color: 'danger' } : undefined,
      // What the technician brings: the school's DLTV equipment as last surveyed (the fault's classroom alone when listed).
      registerField(t),
    ],
    // The school's first photo on top (a signed link to the kept copy; none when links are not set up).
    photo: {
      url: t.firstPhotoId === null ? undefined : mediaLink(t.officeId, t.firstPhotoId, now),
      seeAll: t.photoCount > 0 ? { label: L.photos(t.photoCount), data: encodePostback(photosAction, { t: t.id }) } : undefined,
    },
    buttons: [
      allowed.has('accepted') ? { kind: 'postback', label: L.accept, data: encodePostback(acceptAction, ref), style: 'primary', color: 'good' } : undefined,
      mine && allowed.has('scheduled') ? { kind: 'datetime', label: L.visit, data: encodePostback(visitAction, ref), mode: 'datetime', style: 'primary' } : undefined,
      mine && allowed.has('waiting') ? { kind: 'postback', label: L.wait, data: encodePostback(waitAction, ref) } : undefined,
      mine && allowed.has('resumed') ? { kind: 'postback', label: L.resume, data: encodePostback(resumeAction, ref) } : undefined,
      mine && allowed.has('resolved') ? { kind: 'postback', label: L.resolve, data: encodePostback(resolveAction, ref), style: 'primary', color: 'good' } : undefined,
      allowed.has('assigned') ? { kind: 'postback', label: L.assign, data: encodePostback(assignAction, ref) } : undefined,
      { kind: 'postback', label: L.timeline, data: encodePostback(timelineAction, { t: t.id }), style: 'link' },
    ],
  };
}

function registerField(t: TicketView): CardField | undefined {
  const summary = registerSummary(t.dltvRegister, t.classroom);
  return summary ? { text: summary, color: 'muted' } : undefined;
}

export function ticketCard(t: TicketView, viewer: { id: number; role: Role }, now: Date, altText = T.ticketAlt(t.number)): LineMessage {
  return renderCard(ticketCardOf(t, viewer, now), altText);
}

/** Several tickets side by side (at most 12; the intro text says how many there are). */
export function ticketCarousel(tickets: readonly TicketView[], viewer: { id: number; role: Role }, now: Date, altText: string): LineMessage {
  return renderCards(tickets.map((t) => ticketCardOf(t, viewer, now)), altText);
}

/** The alert to a technician on duty about a new ticket (the card with "รับงาน"). */
export function newTicketAlert(t: TicketView, technician: { id: number }, now: Date): LineMessage {
  return ticketCard(t, { id: technician.id, role: 'technician' }, now, T.alertAlt(t.number, t.schoolName));
}

/** How many images one answer carries: LINE takes five messages a request, and the first is the text. */
export const PHOTOS_PER_ANSWER = 4;

/**
 * ดูรูปทั้งหมด: the ticket's photos as LINE image messages (the same signed link for the picture and its
 * preview), after one line saying what they are; the first four when there are more.
 */
export function photoMessages(t: TicketView, photos: ReadonlyArray<{ id: number }>, now: Date): LineMessage[] {
  if (photos.length === 0) return [{ type: 'text', text: T.noPhotos(t.number) }];
  const links = photos.slice(0, PHOTOS_PER_ANSWER).map((p) => mediaLink(t.officeId, p.id, now));
  if (links.some((l) => l === undefined)) return [{ type: 'text', text: T.photosUnavailable(t.number, photos.length) }];
  return [
    { type: 'text', text: T.photosIntro(t.number, photos.length, Math.min(photos.length, PHOTOS_PER_ANSWER)) },
    ...links.map((url): LineMessage => ({ type: 'image', originalContentUrl: url!, previewImageUrl: url! })),
  ];
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
 * "Resolved — please confirm" to the reporter (and its reminder): a card with the school's own buttons (the
 * tracking flow takes them), ใช้งานได้แล้ว / ยังใช้ไม่ได้, drawn for the ticket's version once resolved. On the
 * card they stay tappable after the person types anything (quick replies vanish then; they are offered too); a
 * card drawn for an earlier version answers "no longer valid".
 */
export function confirmRequest(ticket: { id: number; number: string }, resolvedVersion: number, text: string): LineMessage {
  const ref = { t: ticket.id, v: resolvedVersion };
  const buttons = [
    { label: trackLabels.confirm, data: encodePostback(confirmFixedAction, ref) },
    { label: trackLabels.reopen, data: encodePostback(reopenAction, ref) },
  ];
  const card = renderFlexTemplate(
    'repair-confirm',
    {
      number: ticket.number,
      title: T.confirmCardTitle,
      body: text,
      confirmLabel: buttons[0]!.label,
      confirmData: buttons[0]!.data,
      reopenLabel: buttons[1]!.label,
      reopenData: buttons[1]!.data,
    },
    { altText: text },
  );
  const quick = textWithButtons(text, buttons);
  return { ...card, ...(quick.type === 'text' && quick.quickReply ? { quickReply: quick.quickReply } : {}) };
}

import type { Executor } from '../../db/database.ts';
import { reachablePerson, reachableWithRole } from '../../db/repos/recipients.ts';
import { attendeesOf, vcLinksOf } from '../../db/repos/room-booking-attendees.ts';
import { approverRolesOf, needLabel, type Booking } from '../../domain/bookings/rooms.ts';
import { rolesAllowed } from '../../domain/permissions.ts';
import { ROLE_LABELS } from '../../domain/roles.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { pushOnce } from '../../line/push-once.ts';
import { tellEach, tellOnce } from '../../kit/notify.ts';
import { calendarLink } from './ics.ts';
import { bookingCard, bookingCards } from './cards.ts';
import { decisionMessages } from '../../kit/card.ts';
import { bookingTexts as T, whenText, type AttendeeEnd } from './messages.ts';

/**
 * Who hears of a booking beyond the person who made it: the approvers of a booking held for approval, and the
 * booker of a decision or a release, the people named as coming. Every push goes through `pushOnce`, keyed by the booking and what happened,
 * so a retried event or a re-run sweep never sends twice.
 */

/** The decision card to every reachable approver of the room (never to the booker, who cannot decide it). */
export async function notifyApprovers(tx: Executor, booking: Booking): Promise<number> {
  const text = T.toApprover(booking.bookerName, booking.roomName, whenText(booking.startsAt, booking.endsAt));
  // อนุมัติ / ไม่อนุมัติ as quick replies under the text too, as every other decision is put (loans, access, letters).
  const messages = decisionMessages(bookingCard(booking, { decide: true }), text);
  const to = await reachableWithRole(tx, booking.officeId, approverRolesOf(booking));
  return (await tellEach(tx, { officeId: booking.officeId, to, except: [booking.bookerId], key: `booking:${booking.id}:approve:${booking.version}`, messages: () => messages })).length;
}

/** The booker is told what became of their booking (approved, declined with the approver's `reason`, released). */
export async function notifyBooker(
  tx: Executor,
  booking: Booking,
  what: 'approved' | 'declined' | 'released',
  by: { fullName: string; role: keyof typeof ROLE_LABELS } | null,
  reason: string | null = null,
): Promise<boolean> {
  const booker = await reachablePerson(tx, booking.officeId, booking.bookerId);
  if (!booker) return false;
  const when = whenText(booking.startsAt, booking.endsAt);
  const who = by ? `${by.fullName} ${ROLE_LABELS[by.role]}` : '';
  const text = what === 'approved' ? T.toBookerApproved(booking.roomName, when, who) : what === 'declined' ? T.toBookerDeclined(booking.roomName, when, who, reason) : T.toBookerReleased(booking.roomName, when);
  return pushOnce(tx, { channelId: booker.channelId, officeId: booking.officeId, lineUserId: booker.lineUserId }, [{ type: 'text', text }], `booking:${booking.id}:${what}`);
}

/**
 * What a meeting needs (VC, projector) told once to the technicians who lend equipment, so they prepare it or
 * record the loan (`count`: the meetings of a repeating booking it stands for).
 */
export async function notifyTechnicians(tx: Executor, booking: Booking, count = 1): Promise<number> {
  if (booking.needs.length === 0) return 0;
  const text = T.toTechnicians(booking.needs.map(needLabel).join(' และ'), booking.roomName, whenText(booking.startsAt, booking.endsAt), booking.bookerName, count);
  const to = await reachableWithRole(tx, booking.officeId, rolesAllowed('lend_equipment'));
  return (await tellEach(tx, { officeId: booking.officeId, to, except: [booking.bookerId], key: `booking:${booking.id}:needs`, messages: () => [{ type: 'text', text }] })).length;
}

/**
 * The people named as coming are told what changed (moved, cancelled): one push each, keyed by `key` and the person,
 * so a retried event never tells twice. `bookingIds`: one booking, or the meetings of a series cancelled together
 * (each person told once for all of them).
 */
export async function notifyAttendees(tx: Executor, officeId: string, bookingIds: readonly number[], text: string, key: string): Promise<number> {
  const personIds = [...(await attendeesOf(tx, officeId, bookingIds)).values()].flat().map((a) => a.id);
  return (await tellOnce(tx, { officeId, personIds, key, messages: () => [{ type: 'text', text }] })).length;
}

/**
 * The people named as coming are told they are, once the booking holds its room (booked in a room without approval,
 * or approved): the room, the Thai date and time, whose meeting it is and the video conference's link when it has
 * one, with the booking's card (เพิ่มลงปฏิทิน). Once each per booking (`booking:<id>:named:<person>`), never the
 * booker. `only`: just these of the named (someone added later); every one named when omitted. Returns how many
 * were told now.
 */
export async function notifyAttendeesNamed(tx: Executor, booking: Booking, now: Date, only?: readonly number[]): Promise<number> {
  if (booking.state !== 'confirmed') return 0;
  const attendees = (await attendeesOf(tx, booking.officeId, [booking.id])).get(booking.id) ?? [];
  const personIds = attendees.map((a) => a.id).filter((id) => !only || only.includes(id));
  if (personIds.length === 0) return 0;
  const link = (await vcLinksOf(tx, booking.officeId, [booking.id])).get(booking.id) ?? null;
  const text = withLink(T.toAttendeeNamed(booking.roomName, booking.title, whenText(booking.startsAt, booking.endsAt), booking.bookerName), link);
  const card = bookingCards([{ booking, buttons: { calendar: calendarLink(booking, now) }, attendees: attendees.map((a) => a.name) }], text);
  const told = await tellOnce(tx, { officeId: booking.officeId, personIds, except: [booking.bookerId], key: `booking:${booking.id}:named`, messages: () => [{ type: 'text', text }, card] });
  return told.length;
}

/**
 * A repeating booking confirmed at once: each person named is told once for the whole series (its dates listed),
 * with the first meeting's card, rather than once per meeting.
 */
export async function notifyAttendeesNamedSeries(tx: Executor, seriesId: string, first: Booking, dates: readonly string[], time: string, now: Date): Promise<number> {
  if (first.state !== 'confirmed') return 0;
  const attendees = (await attendeesOf(tx, first.officeId, [first.id])).get(first.id) ?? [];
  if (attendees.length === 0) return 0;
  const text = T.toAttendeeNamedSeries(first.roomName, first.title, time, dates, first.bookerName);
  const card = bookingCards([{ booking: first, buttons: { calendar: calendarLink(first, now) }, attendees: attendees.map((a) => a.name) }], text);
  const told = await tellOnce(tx, { officeId: first.officeId, personIds: attendees.map((a) => a.id), except: [first.bookerId], key: `booking-series:${seriesId}:named`, messages: () => [{ type: 'text', text }, card] });
  return told.length;
}

/** A message with the video conference's link under it, when there is one. */
export const withLink = (text: string, link: string | null): string => (link ? `${text}\n${T.vcLinkLine(link)}` : text);

/** The booking no longer holds its room (`what`): the people named as coming are told, once each. */
export function notifyAttendeesEnded(tx: Executor, booking: Booking, what: AttendeeEnd): Promise<number> {
  const text = T.toAttendeeEnded(what, booking.roomName, booking.title, whenText(booking.startsAt, booking.endsAt), booking.bookerName);
  return notifyAttendees(tx, booking.officeId, [booking.id], text, `booking:${booking.id}:${what}`);
}

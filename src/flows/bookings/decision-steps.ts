import { reply } from '../../bot/flow.ts';
import { BOOKING_STATE_LABELS, type Booking, type DeclineReason } from '../../domain/bookings/rooms.ts';
import { at, deny, end, say, stale, textWithButtons } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { encodePostback } from '../../line/postback.ts';
import { cancelYesAction, declineReasonAction, keepBookingAction } from './actions.ts';
import { DECLINE_REASONS } from '../../domain/bookings/rooms.ts';
import { bookingLabels as L, bookingTexts as T, whenText } from './messages.ts';
import { checkBookingEvent } from './request.ts';
import { command, keep, type Result, type State, type Tap } from './step-pieces.ts';

/**
 * Undoing and refusing a booking, each asked twice: ยกเลิกการจอง / ยกเลิกทั้งชุด (on a booking's card, in
 * การจองของฉัน or on a reminder) asks ยืนยันยกเลิก / ไม่ยกเลิก first; an approver's ไม่อนุมัติ asks why (typed, or a
 * common reason tapped) and the booker is told it. Pure.
 */

export const DECLINE_REASON_MAX = 200;

/** Why the person may not cancel the booking now (the answer), or null. */
function cancelRefused(booking: Booking, person: Tap['person']): Result | null {
  const check = checkBookingEvent(booking, 'cancel', person);
  if (check.ok) return null;
  if (check.reason === 'not_allowed') return deny(check.action);
  return end(reply(say(check.reason === 'illegal' ? T.cannotCancel : T.notYours)));
}

/** ยกเลิกการจอง (`series`: ยกเลิกทั้งชุด) tapped: nothing changes until ยืนยันยกเลิก. */
export function askCancel({ person, ctx }: Tap, v: number, series: boolean): Result {
  const booking = ctx.prepared.booking;
  if (!booking || !isCurrent(booking, v) || (series && !booking.seriesId)) return stale();
  const refused = cancelRefused(booking, person);
  if (refused) return refused;
  const when = whenText(booking.startsAt, booking.endsAt);
  return end(
    reply(
      textWithButtons(series ? T.askCancelSeries(booking.roomName, booking.title) : T.askCancel(booking.roomName, booking.title, when), [
        { label: L.cancelYes, data: encodePostback(cancelYesAction, { b: booking.id, v, s: series }) },
        { label: L.cancelNo, data: encodePostback(keepBookingAction, { w: 'cancel' }) },
      ]),
    ),
  );
}

/** ยืนยันยกเลิก: the booking (or every meeting of its series still to come) cancelled, checked again. */
export function confirmCancel({ person, ctx }: Tap, v: number, series: boolean): Result {
  const booking = ctx.prepared.booking;
  if (!booking || !isCurrent(booking, v) || (series && !booking.seriesId)) return stale();
  const refused = cancelRefused(booking, person);
  if (refused) return refused;
  // A series' executor counts the meetings it cancelled and answers with that.
  if (series) return end(command({ type: 'cancelSeries', bookingId: booking.id, expectedVersion: v }), reply(say(T.seriesCancelled(booking.roomName, 1))));
  return end(command({ type: 'cancelBooking', bookingId: booking.id, expectedVersion: v }), reply(say(T.cancelled(booking.roomName, whenText(booking.startsAt, booking.endsAt)))));
}

/** ไม่ยกเลิก, or ยกเลิก under the question why not approved: nothing changes. */
export const keepBooking = (was: 'cancel' | 'decline'): Result => end(reply(say(was === 'cancel' ? T.cancelKept : T.declineDropped)));

/** Null when the approver may decide the booking now (as read); otherwise the answer. */
function decisionRefused({ person, ctx }: Tap, v: number, approve: boolean): Result | null {
  const booking = ctx.prepared.booking;
  if (!booking) return stale();
  const check = checkBookingEvent(booking, approve ? 'approve' : 'decline', person);
  if (!check.ok) {
    if (check.reason === 'not_allowed') return deny(check.action);
    if (check.reason === 'illegal') return end(reply(say(T.alreadyDecided(BOOKING_STATE_LABELS[booking.state]))));
    if (check.reason === 'own_request') return end(reply(say(T.ownBooking)));
    return deny('approve_booking');
  }
  return isCurrent(booking, v) ? null : stale();
}

const reasonQuestion = (bookingId: number, v: number) =>
  textWithButtons(T.askDeclineReason, [...DECLINE_REASONS.map((r) => ({ label: L.declineReasons[r], data: encodePostback(declineReasonAction, { b: bookingId, v, r }) })), { label: L.quit, data: encodePostback(keepBookingAction, { w: 'decline' }) }]);

/** อนุมัติ decides at once; ไม่อนุมัติ first asks why (the booker is told). */
export function decide(tap: Tap, v: number, approve: boolean): Result {
  const refused = decisionRefused(tap, v, approve);
  if (refused) return refused;
  const booking = tap.ctx.prepared.booking!;
  if (!approve) return at('declineReason', { b: booking.id, bv: v }, reply(reasonQuestion(booking.id, v)));
  return end(command({ type: 'decideBooking', bookingId: booking.id, expectedVersion: v, approve: true }), reply(say(T.approved(booking.roomName, whenText(booking.startsAt, booking.endsAt)))));
}

function declineWith(tap: Tap, v: number, reason: string): Result {
  const refused = decisionRefused(tap, v, false);
  if (refused) return refused;
  const booking = tap.ctx.prepared.booking!;
  return end(
    command({ type: 'decideBooking', bookingId: booking.id, expectedVersion: v, approve: false, reason }),
    reply(say(T.declined(booking.roomName, whenText(booking.startsAt, booking.endsAt)))),
  );
}

/** A common reason tapped under the question (its button names the booking and its version). */
export function declineForReason(tap: Tap, payload: { b: number; v: number; r: DeclineReason }): Result {
  if (tap.state?.step !== 'declineReason' || tap.state.data.b !== payload.b) return stale();
  return declineWith(tap, payload.v, L.declineReasons[payload.r]);
}

/** The reason typed. */
export function declineForTyped(tap: Tap, state: State, text: string | undefined): Result {
  const { b, bv } = state.data;
  if (b === undefined || bv === undefined) return end();
  if (!text) return keep(state, reply(reasonQuestion(b, bv)));
  if (text.length > DECLINE_REASON_MAX) return keep(state, reply(say(T.reasonTooLong(DECLINE_REASON_MAX))));
  return declineWith(tap, bv, text);
}

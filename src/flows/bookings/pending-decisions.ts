import { listTentativeBookings } from '../../db/repos/room-bookings.ts';
import type { Booking } from '../../domain/bookings/rooms.ts';
import type { PendingDecisionSource } from '../../kit/pending-decisions.ts';
import { bookingCards } from './cards.ts';
import { bookingTexts as T } from './messages.ts';
import { checkBookingEvent } from './request.ts';

/** "รายการรออนุมัติ": the bookings held for this person's approval (their role approves the room), soonest first. */
export const bookingsToApprove: PendingDecisionSource<Booking> = {
  key: 'bookings-to-approve',
  action: 'approve_booking',
  async load(tx, person, env) {
    const waiting = (await listTentativeBookings(tx, env.officeId, env.now)).filter((b) => checkBookingEvent(b, 'approve', person).ok);
    return { items: waiting.slice(0, 10), total: waiting.length };
  },
  render(list) {
    const line = T.pendingLine(list.total);
    if (list.items.length === 0) return { line, cards: null };
    return { line, cards: bookingCards(list.items.map((booking) => ({ booking, buttons: { decide: true } })), line) };
  },
};

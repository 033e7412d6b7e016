import { APPROVER_ROLES, type Booking, type BookingState } from '../../domain/bookings/rooms.ts';
import { checkRequestEvent, type RequestActor, type RequestCheck, type RequestEvent, type RequestFacts, type RequestRules, type RequestState } from '../../kit/requests.ts';

/**
 * A room booking is a request someone decides (src/kit/requests.ts): the booker is the requester; a room that
 * needs approval is decided by its approver role (or any holder of approve_booking). A booking of a room that
 * needs none is approved as it is made. Tentative = submitted (it holds the room meanwhile), confirmed =
 * approved, released = expired (undecided by its start). The flow asks with the booking as read, the executor
 * again with it locked.
 */

export const BOOKING_REQUEST_RULES: RequestRules = {
  permissions: { submit: 'book_room', approve: 'approve_booking', decline: 'approve_booking', return: 'approve_booking', cancel: 'book_room' },
};

const STATE_OF: Record<BookingState, RequestState> = {
  tentative: 'submitted',
  confirmed: 'approved',
  declined: 'declined',
  cancelled: 'cancelled',
  released: 'expired',
};

const BOOKING_STATE_OF: Partial<Record<RequestState, BookingState>> = {
  approved: 'confirmed',
  declined: 'declined',
  cancelled: 'cancelled',
  expired: 'released',
};

export function bookingRequest(booking: Pick<Booking, 'state' | 'bookerId' | 'approverRole'>): RequestFacts {
  return {
    state: STATE_OF[booking.state],
    requesterId: booking.bookerId,
    decider: { kind: 'roles', roles: booking.approverRole ? [booking.approverRole] : APPROVER_ROLES },
  };
}

/** The machine asked about a booking; `actor` null is the system (the release sweep). */
export function checkBookingEvent(booking: Pick<Booking, 'state' | 'bookerId' | 'approverRole'>, event: RequestEvent, actor: RequestActor | null): RequestCheck {
  return checkRequestEvent(bookingRequest(booking), event, actor, BOOKING_REQUEST_RULES);
}

/** The booking state a request state stands for (after an allowed event). */
export function bookingStateOf(state: RequestState): BookingState {
  const found = BOOKING_STATE_OF[state];
  if (!found) throw new Error(`a booking is never ${state}`);
  return found;
}

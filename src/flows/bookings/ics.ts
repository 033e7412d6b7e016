import ical, { ICalEventStatus } from 'ical-generator';
import type { Booking } from '../../domain/bookings/rooms.ts';
import { signedLink } from '../../line/media-links.ts';

/**
 * "Add to calendar": a booking as an iCalendar file. Times are written in UTC (`DTSTART:20261208T023000Z`), which
 * every calendar shows in the phone's own zone: a Bangkok 09:30 meeting opens at 09:30 on a phone in Thailand. The
 * file is served by a signed, expiring link (src/http/calendar.ts), so only whoever was given the card can open it.
 */

export const CALENDAR_SUFFIX = '.ics';

/** The file of one booking (tentative: STATUS:TENTATIVE until approved). */
export function bookingCalendar(booking: Booking, officeName: string): string {
  const calendar = ical({ name: booking.roomName, prodId: { company: 'esa-line', product: 'room-bookings', language: 'TH' } });
  calendar.createEvent({
    id: `room-booking-${booking.id}@${booking.officeId}`,
    start: booking.startsAt,
    end: booking.endsAt,
    stamp: booking.createdAt,
    summary: booking.title,
    location: `${booking.roomName} ${officeName}`,
    description: `จองโดย ${booking.bookerName} · ผู้เข้าประชุม ${booking.people} คน`,
    status: booking.state === 'confirmed' ? ICalEventStatus.CONFIRMED : booking.state === 'tentative' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CANCELLED,
  });
  return calendar.toString();
}

/** The signed link to a booking's file (undefined when the service has no address LINE can reach). */
export function calendarLink(booking: Pick<Booking, 'officeId' | 'id'>, now: Date): string | undefined {
  return signedLink('calendar', booking.officeId, booking.id, now, CALENDAR_SUFFIX);
}

import type { BookingNeed, BookingRefusal, RoomChange } from '../../domain/bookings/rooms.ts';

/** What the booking flow's steps ask its executor (execute.ts) to change, in the event's transaction. */
export type BookingCommand =
  /** `attendeeIds`: the office's people named as coming (reminded with the booker). */
  | { type: 'bookRoom'; roomId: number; startsAt: Date; endsAt: Date; title: string; people: number; needs?: BookingNeed[]; attendeeIds?: number[] }
  /** `skipped`: the dates the step already found clashing (said again in the answer with those the database refuses). */
  | { type: 'bookSeries'; roomId: number; needs?: BookingNeed[]; attendeeIds?: number[]; dates: string[]; skipped: Array<{ date: string; reason: BookingRefusal }>; from: string; to: string; title: string; people: number }
  | { type: 'cancelBooking'; bookingId: number; expectedVersion: number }
  | { type: 'setAttendees'; bookingId: number; expectedVersion: number; attendeeIds: number[] }
  | { type: 'checkIn'; bookingId: number; expectedVersion: number }
  | { type: 'changeRoom'; roomId: number; expectedVersion: number; change: RoomChange }
  | { type: 'moveBooking'; bookingId: number; expectedVersion: number; startsAt: Date; endsAt: Date }
  | { type: 'cancelSeries'; bookingId: number; expectedVersion: number }
  /** `reason`: why not approved (the booker is told it). */
  | { type: 'decideBooking'; bookingId: number; expectedVersion: number; approve: boolean; reason?: string };

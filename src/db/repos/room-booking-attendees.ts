import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { people, roomBookingAttendees, vcSessions } from '../schema.ts';

/**
 * The people a booker named as coming to a meeting (issue 12, migration 0024), and the video conference link a
 * booking carries when it is a session's room (src/flows/vc). The reminders and the move / cancel notices read them.
 */

export interface Attendee {
  id: number;
  name: string;
}

/** The attendees of each booking asked for, by name. */
export async function attendeesOf(ex: Executor, officeId: string, bookingIds: readonly number[]): Promise<Map<number, Attendee[]>> {
  const byBooking = new Map<number, Attendee[]>();
  if (bookingIds.length === 0) return byBooking;
  const rows = await ex
    .select({ bookingId: roomBookingAttendees.bookingId, id: people.id, name: people.fullName })
    .from(roomBookingAttendees)
    .innerJoin(people, eq(people.id, roomBookingAttendees.personId))
    .where(and(eq(roomBookingAttendees.officeId, officeId), inArray(roomBookingAttendees.bookingId, [...bookingIds])))
    .orderBy(asc(people.fullName), asc(people.id));
  for (const row of rows) byBooking.set(row.bookingId, [...(byBooking.get(row.bookingId) ?? []), { id: row.id, name: row.name }]);
  return byBooking;
}

/** The booking's attendees become exactly `personIds` (the caller checked they are the office's people). */
export async function setAttendees(ex: Executor, officeId: string, bookingId: number, personIds: readonly number[], now: Date): Promise<void> {
  await ex.delete(roomBookingAttendees).where(and(eq(roomBookingAttendees.officeId, officeId), eq(roomBookingAttendees.bookingId, bookingId)));
  if (personIds.length === 0) return;
  await ex
    .insert(roomBookingAttendees)
    .values([...new Set(personIds)].map((personId) => ({ bookingId, personId, officeId, addedAt: now })))
    .onConflictDoNothing();
}

/** The meeting link of the video conference each booking is the room of (only those that have one). */
export async function vcLinksOf(ex: Executor, officeId: string, bookingIds: readonly number[]): Promise<Map<number, string>> {
  if (bookingIds.length === 0) return new Map();
  const rows = await ex
    .select({ bookingId: vcSessions.roomBookingId, link: vcSessions.link })
    .from(vcSessions)
    .where(and(eq(vcSessions.officeId, officeId), inArray(vcSessions.roomBookingId, [...bookingIds]), isNotNull(vcSessions.link)));
  return new Map(rows.flatMap((row) => (row.bookingId !== null && row.link ? [[row.bookingId, row.link] as const] : [])));
}

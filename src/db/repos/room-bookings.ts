import { and, asc, count, eq, gt, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { people, roomBookings, rooms } from '../schema.ts';
import { bookingStateSchema, LIVE_BOOKING_STATES, type Booking, type BookingState, type Held, type Room, type RoomChange, type RoomInput } from '../../domain/bookings/rooms.ts';
import { roleSchema } from '../../domain/roles.ts';

export type { Booking, BookingState, Held, Room, RoomInput } from '../../domain/bookings/rooms.ts';

/**
 * Rooms and their bookings (issue 12). Overlaps are refused by the database itself: the exclusion constraint
 * `room_bookings_no_overlap` (migration 0010) holds over every tentative or confirmed booking, so two people who
 * book the last slot at the same moment cannot both get it. `insertBooking` turns that refusal into an answer.
 */

const roomColumns = {
  id: rooms.id,
  officeId: rooms.officeId,
  name: rooms.name,
  capacity: rooms.capacity,
  equipment: rooms.equipment,
  location: rooms.location,
  photoUrl: rooms.photoUrl,
  openFrom: rooms.openFrom,
  openUntil: rooms.openUntil,
  openDays: rooms.openDays,
  slotMinutes: rooms.slotMinutes,
  needsApproval: rooms.needsApproval,
  approverRole: rooms.approverRole,
  minNoticeMinutes: rooms.minNoticeMinutes,
  maxMinutes: rooms.maxMinutes,
  maxDaysAhead: rooms.maxDaysAhead,
  active: rooms.active,
  checkIn: rooms.checkIn,
  standingLink: rooms.standingLink,
  note: rooms.note,
  version: rooms.version,
};

type RoomRow = Omit<Room, 'approverRole'> & { approverRole: string | null };
const toRoom = (row: RoomRow): Room => ({ ...row, approverRole: row.approverRole === null ? null : roleSchema.parse(row.approverRole) });

/** Adds the room, or updates the office's room of the same name. */
export async function upsertRoom(ex: Executor, officeId: string, input: RoomInput, now: Date): Promise<{ id: number; outcome: 'inserted' | 'updated' }> {
  const { name, ...values } = input;
  const [row] = await ex
    .insert(rooms)
    .values({ officeId, name, ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [rooms.officeId, rooms.name], set: { ...values, version: sql`${rooms.version} + 1`, updatedAt: now } })
    // xmax is 0 on a freshly inserted row version, not on an updated one.
    .returning({ id: rooms.id, inserted: sql<boolean>`(xmax = 0)` });
  return { id: row!.id, outcome: row!.inserted ? 'inserted' : 'updated' };
}

/** The office's rooms by name (only those open for booking with `activeOnly`). */
export async function listRooms(ex: Executor, officeId: string, options: { activeOnly?: boolean } = {}): Promise<Room[]> {
  const rows = await ex
    .select(roomColumns)
    .from(rooms)
    .where(and(eq(rooms.officeId, officeId), options.activeOnly ? eq(rooms.active, true) : undefined))
    .orderBy(sql`${rooms.name} collate "C"`, asc(rooms.id));
  return rows.map(toRoom);
}

export async function getRoom(ex: Executor, officeId: string, roomId: number): Promise<Room | null> {
  const [row] = await ex
    .select(roomColumns)
    .from(rooms)
    .where(and(eq(rooms.officeId, officeId), eq(rooms.id, roomId)));
  return row ? toRoom(row) : null;
}

export async function roomsAreEmpty(ex: Executor, officeId: string): Promise<boolean> {
  const [row] = await ex.select({ n: count() }).from(rooms).where(eq(rooms.officeId, officeId));
  return (row?.n ?? 0) === 0;
}

const live = inArray(roomBookings.state, [...LIVE_BOOKING_STATES]);

/** What holds the office's rooms between two instants (tentative and confirmed bookings), by room. */
export async function heldBetween(ex: Executor, officeId: string, from: Date, to: Date): Promise<Map<number, Held[]>> {
  const rows = await ex
    .select({ roomId: roomBookings.roomId, startsAt: roomBookings.startsAt, endsAt: roomBookings.endsAt, bookingId: roomBookings.id })
    .from(roomBookings)
    .where(and(eq(roomBookings.officeId, officeId), live, sql`${roomBookings.during} && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`))
    .orderBy(asc(roomBookings.startsAt));
  const byRoom = new Map<number, Held[]>();
  for (const row of rows) byRoom.set(row.roomId, [...(byRoom.get(row.roomId) ?? []), { startsAt: row.startsAt, endsAt: row.endsAt, bookingId: row.bookingId }]);
  return byRoom;
}

export interface BookingInput {
  officeId: string;
  roomId: number;
  bookerId: number;
  title: string;
  people: number;
  needs: string[];
  startsAt: Date;
  endsAt: Date;
  state: Extract<BookingState, 'tentative' | 'confirmed'>;
  seriesId?: string | null;
}

export type InsertBookingResult = { ok: true; id: number } | { ok: false; reason: 'taken' };

/** node-postgres puts the SQLSTATE in `code`; drizzle wraps that error as the `cause` of its own. */
function sqlState(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** exclusion_violation: the time overlaps a live booking of the room. */
const EXCLUSION_VIOLATION = '23P01';
/** PostgreSQL's deadlock_detected. */
const DEADLOCK_DETECTED = '40P01';

/**
 * Books the room, in a savepoint: when the database refuses it because the time overlaps a live booking (the
 * exclusion constraint, also against a booking committed a moment ago by someone else), the answer is `taken` and
 * the caller's transaction goes on.
 */
export async function insertBooking(ex: Executor, input: BookingInput, now: Date): Promise<InsertBookingResult> {
  try {
    const id = await ex.transaction(async (sp) => {
      const [row] = await sp
        .insert(roomBookings)
        .values({ ...input, seriesId: input.seriesId ?? null, version: 1, createdAt: now, updatedAt: now })
        .returning({ id: roomBookings.id });
      return row!.id;
    });
    return { ok: true, id };
  } catch (err) {
    // Two inserts for overlapping times at the same moment may also end in a deadlock (each waits for the other's
    // row under the exclusion constraint): PostgreSQL aborts one, the other gets the slot — the same answer.
    if (sqlState(err) === EXCLUSION_VIOLATION || sqlState(err) === DEADLOCK_DETECTED) return { ok: false, reason: 'taken' };
    throw err;
  }
}

const bookingColumns = {
  id: roomBookings.id,
  officeId: roomBookings.officeId,
  roomId: roomBookings.roomId,
  roomName: rooms.name,
  approverRole: rooms.approverRole,
  bookerId: roomBookings.bookerId,
  bookerName: people.fullName,
  title: roomBookings.title,
  people: roomBookings.people,
  needs: roomBookings.needs,
  startsAt: roomBookings.startsAt,
  endsAt: roomBookings.endsAt,
  state: roomBookings.state,
  version: roomBookings.version,
  seriesId: roomBookings.seriesId,
  decidedById: roomBookings.decidedBy,
  decidedAt: roomBookings.decidedAt,
  checkIn: rooms.checkIn,
  checkedInAt: roomBookings.checkedInAt,
  loanId: roomBookings.loanId,
  createdAt: roomBookings.createdAt,
};

type BookingRow = Omit<Booking, 'state' | 'approverRole'> & { state: string; approverRole: string | null };
const toBooking = (row: BookingRow): Booking => ({
  ...row,
  state: bookingStateSchema.parse(row.state),
  approverRole: row.approverRole === null ? null : roleSchema.parse(row.approverRole),
});

function selectBookings(ex: Executor) {
  return ex.select(bookingColumns).from(roomBookings).innerJoin(rooms, eq(rooms.id, roomBookings.roomId)).innerJoin(people, eq(people.id, roomBookings.bookerId));
}

export async function getBooking(ex: Executor, officeId: string, bookingId: number): Promise<Booking | null> {
  const [row] = await selectBookings(ex).where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.id, bookingId)));
  return row ? toBooking(row) : null;
}

/** Locks the booking for the rest of the transaction and reads it (the request kit's executor). */
export async function lockBooking(ex: Executor, officeId: string, bookingId: number): Promise<Booking | null> {
  const [row] = await selectBookings(ex)
    .where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.id, bookingId)))
    .for('update', { of: roomBookings });
  return row ? toBooking(row) : null;
}

/** Moves the booking to `state` if it is still at `expectedVersion`; whether it did. */
export async function setBookingState(
  ex: Executor,
  officeId: string,
  bookingId: number,
  expectedVersion: number,
  change: { state: BookingState; decidedBy?: number | null; decidedAt?: Date | null },
  now: Date,
): Promise<boolean> {
  const rows = await ex
    .update(roomBookings)
    .set({ ...change, version: sql`${roomBookings.version} + 1`, updatedAt: now })
    .where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.id, bookingId), eq(roomBookings.version, expectedVersion)))
    .returning({ id: roomBookings.id });
  return rows.length > 0;
}

/** The person's bookings that still hold a room and have not ended, soonest first. */
export async function listUpcomingBookingsOf(ex: Executor, officeId: string, bookerId: number, now: Date, limit = 12): Promise<Booking[]> {
  const rows = await selectBookings(ex)
    .where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.bookerId, bookerId), live, gt(roomBookings.endsAt, now)))
    .orderBy(asc(roomBookings.startsAt), asc(roomBookings.id))
    .limit(limit);
  return rows.map(toBooking);
}

/** Bookings waiting for approval that have not started yet, soonest first. */
export async function listTentativeBookings(ex: Executor, officeId: string, now: Date, limit = 100): Promise<Booking[]> {
  const rows = await selectBookings(ex)
    .where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.state, 'tentative'), gt(roomBookings.startsAt, now)))
    .orderBy(asc(roomBookings.startsAt), asc(roomBookings.id))
    .limit(limit);
  return rows.map(toBooking);
}

/** Bookings still waiting for approval when they start (the release sweep's candidates). */
export async function tentativeStartedIds(ex: Executor, officeId: string, now: Date): Promise<number[]> {
  const rows = await ex
    .select({ id: roomBookings.id })
    .from(roomBookings)
    .where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.state, 'tentative'), lte(roomBookings.startsAt, now)))
    .orderBy(asc(roomBookings.startsAt), asc(roomBookings.id));
  return rows.map((row) => row.id);
}

/**
 * Confirmed bookings starting after `from` and up to `to` whose last reminder (`lastMark`) has not been recorded for
 * their start as it is now (the reminder sweep's candidates), soonest first.
 */
export async function confirmedStartingIds(ex: Executor, officeId: string, from: Date, to: Date, lastMark: string): Promise<number[]> {
  const remindedOfThisStart = sql`exists (select 1 from room_booking_events e where e.booking_id = ${roomBookings.id} and e.action = 'reminded'
    and e.data->>'mark' = ${lastMark} and e.data->>'start' = to_char(${roomBookings.startsAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
  const rows = await ex
    .select({ id: roomBookings.id })
    .from(roomBookings)
    .where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.state, 'confirmed'), gt(roomBookings.startsAt, from), lte(roomBookings.startsAt, to), sql`not ${remindedOfThisStart}`))
    .orderBy(asc(roomBookings.startsAt), asc(roomBookings.id));
  return rows.map((row) => row.id);
}

/** The live bookings of a repeating booking that have not started, locked for the transaction, soonest first. */
export async function lockLiveSeries(ex: Executor, officeId: string, seriesId: string, after: Date): Promise<Booking[]> {
  const rows = await selectBookings(ex)
    .where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.seriesId, seriesId), live, gt(roomBookings.startsAt, after)))
    .orderBy(asc(roomBookings.startsAt), asc(roomBookings.id))
    .for('update', { of: roomBookings });
  return rows.map(toBooking);
}

/** Records the check-in if the booking is still at `expectedVersion`; whether it did. */
export async function checkInBooking(ex: Executor, officeId: string, bookingId: number, expectedVersion: number, now: Date): Promise<boolean> {
  const rows = await ex
    .update(roomBookings)
    .set({ checkedInAt: now, version: sql`${roomBookings.version} + 1`, updatedAt: now })
    .where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.id, bookingId), eq(roomBookings.version, expectedVersion), isNull(roomBookings.checkedInAt)))
    .returning({ id: roomBookings.id });
  return rows.length > 0;
}

/** Confirmed bookings of rooms that ask for a check-in, not checked in, started by `closedBefore` and not yet over. */
export async function noShowCandidateIds(ex: Executor, officeId: string, closedBefore: Date, now: Date): Promise<number[]> {
  const rows = await ex
    .select({ id: roomBookings.id })
    .from(roomBookings)
    .innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
    .where(
      and(
        eq(roomBookings.officeId, officeId),
        eq(roomBookings.state, 'confirmed'),
        eq(rooms.checkIn, true),
        isNull(roomBookings.checkedInAt),
        lte(roomBookings.startsAt, closedBefore),
        gt(roomBookings.endsAt, now),
      ),
    )
    .orderBy(asc(roomBookings.startsAt), asc(roomBookings.id));
  return rows.map((row) => row.id);
}

/** A booking as the report counts it: its room, time, state, and whether it was released as a no-show. */
export interface ReportBooking {
  roomId: number;
  startsAt: Date;
  endsAt: Date;
  state: BookingState;
  checkIn: boolean;
  noShow: boolean;
}

/** The office's bookings starting in [from, to), for the report (no titles, no names). */
export async function listBookingsForReport(ex: Executor, officeId: string, from: Date, to: Date): Promise<ReportBooking[]> {
  const rows = await ex
    .select({
      roomId: roomBookings.roomId,
      startsAt: roomBookings.startsAt,
      endsAt: roomBookings.endsAt,
      state: roomBookings.state,
      checkIn: rooms.checkIn,
      noShow: sql<boolean>`exists (select 1 from room_booking_events e where e.booking_id = ${roomBookings.id} and e.action = 'no_show')`,
    })
    .from(roomBookings)
    .innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
    .where(and(eq(roomBookings.officeId, officeId), gte(roomBookings.startsAt, from), lt(roomBookings.startsAt, to)))
    .orderBy(asc(roomBookings.startsAt));
  return rows.map((row) => ({ ...row, state: bookingStateSchema.parse(row.state) }));
}

/** Every booking of the office starting in [from, to) (all states), by start: the bookings export. */
export async function listBookingsBetween(ex: Executor, officeId: string, from: Date, to: Date): Promise<Booking[]> {
  const rows = await selectBookings(ex)
    .where(and(eq(roomBookings.officeId, officeId), gte(roomBookings.startsAt, from), lt(roomBookings.startsAt, to)))
    .orderBy(asc(roomBookings.startsAt), asc(roomBookings.id));
  return rows.map(toBooking);
}

/**
 * Moves the booking to a new time (and state: a room that needs approval asks again) if it is still at
 * `expectedVersion`, in a savepoint: `taken` when the database refuses the new time (it overlaps a live booking).
 */
export async function moveBooking(
  ex: Executor,
  officeId: string,
  bookingId: number,
  expectedVersion: number,
  change: { startsAt: Date; endsAt: Date; state: BookingState },
  now: Date,
): Promise<'moved' | 'changed' | 'taken'> {
  try {
    return await ex.transaction(async (sp) => {
      const rows = await sp
        .update(roomBookings)
        .set({ ...change, decidedBy: null, decidedAt: null, checkedInAt: null, version: sql`${roomBookings.version} + 1`, updatedAt: now })
        .where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.id, bookingId), eq(roomBookings.version, expectedVersion)))
        .returning({ id: roomBookings.id });
      return rows.length > 0 ? 'moved' : 'changed';
    });
  } catch (err) {
    if (sqlState(err) === EXCLUSION_VIOLATION) return 'taken';
    throw err;
  }
}

/** Changes a room if it is still at `expectedVersion` (an admin's button); whether it did. */
export async function updateRoom(ex: Executor, officeId: string, roomId: number, expectedVersion: number, change: RoomChange, now: Date): Promise<boolean> {
  const rows = await ex
    .update(rooms)
    .set({ ...change, version: sql`${rooms.version} + 1`, updatedAt: now })
    .where(and(eq(rooms.officeId, officeId), eq(rooms.id, roomId), eq(rooms.version, expectedVersion)))
    .returning({ id: rooms.id });
  return rows.length > 0;
}

/** Records the office's loan that reserves the booking's equipment (made in the same transaction). */
export async function setBookingLoan(ex: Executor, officeId: string, bookingId: number, loanId: number): Promise<void> {
  await ex.update(roomBookings).set({ loanId }).where(and(eq(roomBookings.officeId, officeId), eq(roomBookings.id, bookingId)));
}

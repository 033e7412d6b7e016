import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { historyColumns, offices, people } from '../schema.ts';

/**
 * Room bookings (issue 12): the office's bookable rooms, the bookings of them and each booking's history. The
 * migration (0010_room_bookings.sql) also holds what Drizzle does not express: the exclusion constraint
 * `room_bookings_no_overlap` (btree_gist) that refuses two live bookings of a room whose times overlap.
 */

/** The booking's time as one range, generated from starts_at/ends_at; the exclusion constraint works on it. */
const tstzrange = customType<{ data: string; driverData: string }>({ dataType: () => 'tstzrange' });

export const rooms = pgTable(
  'rooms',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    name: text('name').notNull(),
    capacity: integer('capacity').notNull().default(10),
    /** What the room has ("โปรเจกเตอร์", "ชุด VC"), as a JSON array of names. */
    equipment: jsonb('equipment').$type<string[]>().notNull().default([]),
    location: text('location'),
    photoUrl: text('photo_url'),
    /** Bookable hours, Bangkok wall clock "HH:MM". */
    openFrom: text('open_from').notNull().default('08:30'),
    openUntil: text('open_until').notNull().default('16:30'),
    /** Bookable weekdays (0 = Sunday … 6 = Saturday), a JSON array. */
    openDays: jsonb('open_days').$type<number[]>().notNull().default([1, 2, 3, 4, 5]),
    slotMinutes: integer('slot_minutes').notNull().default(60),
    needsApproval: boolean('needs_approval').notNull().default(false),
    /** The role that approves; null = any role with approve_booking. */
    approverRole: text('approver_role'),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(0),
    maxMinutes: integer('max_minutes').notNull().default(480),
    maxDaysAhead: integer('max_days_ahead').notNull().default(60),
    active: boolean('active').notNull().default(true),
    /** Bookings must be checked in around their start, or the room is released (a no-show). */
    checkIn: boolean('check_in').notNull().default(false),
    /** The room's permanent meeting link (https), offered to a video conference planned there. */
    standingLink: text('standing_link'),
    note: text('note'),
    /** Bumped by every change made in the chat, so an admin's button drawn before another change is stale. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rooms_name_uq').on(t.officeId, t.name), check('rooms_capacity_ck', sql`${t.capacity} > 0`), check('rooms_slot_ck', sql`${t.slotMinutes} > 0`)],
);

export const roomBookings = pgTable(
  'room_bookings',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    roomId: integer('room_id')
      .notNull()
      .references(() => rooms.id),
    bookerId: integer('booker_id')
      .notNull()
      .references(() => people.id),
    title: text('title').notNull(),
    people: integer('people').notNull(),
    /** What the meeting needs beyond the room (VC, projector), a JSON array. */
    needs: jsonb('needs').$type<string[]>().notNull().default([]),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    during: tstzrange('during').generatedAlwaysAs(sql`tstzrange(starts_at, ends_at, '[)')`),
    /** src/domain/bookings/rooms.ts BOOKING_STATES. */
    state: text('state').notNull(),
    version: integer('version').notNull().default(1),
    /** The bookings made together as one repeating booking. */
    seriesId: uuid('series_id'),
    decidedBy: integer('decided_by').references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    /** The office's own loan reserving the VC kit / projector the booking asked for (loans.id), released with it. */
    loanId: integer('loan_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('room_bookings_booker_idx').on(t.officeId, t.bookerId, t.startsAt),
    index('room_bookings_tentative_idx').on(t.officeId, t.startsAt).where(sql`state = 'tentative'`),
    index('room_bookings_confirmed_start_idx').on(t.officeId, t.startsAt).where(sql`state = 'confirmed'`),
    index('room_bookings_series_idx').on(t.seriesId).where(sql`series_id IS NOT NULL`),
    check('room_bookings_range_ck', sql`${t.endsAt} > ${t.startsAt}`),
    check('room_bookings_people_ck', sql`${t.people} > 0`),
  ],
);

/** A booking's history (booked, approved, cancelled, released, reminded …): src/db/repos/history.ts works over it. */
export const roomBookingEvents = pgTable(
  'room_booking_events',
  {
    id: serial('id').primaryKey(),
    bookingId: integer('booking_id')
      .notNull()
      .references(() => roomBookings.id),
    ...historyColumns(),
  },
  (t) => [index('room_booking_events_booking_idx').on(t.bookingId, t.action)],
);

/**
 * The office's people the booker named as coming to the meeting (migration 0024): reminded with the booker, told of
 * a move or a cancellation.
 */
export const roomBookingAttendees = pgTable(
  'room_booking_attendees',
  {
    bookingId: integer('booking_id')
      .notNull()
      .references(() => roomBookings.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'room_booking_attendees_pk', columns: [t.bookingId, t.personId] }), index('room_booking_attendees_person_idx').on(t.personId)],
);

export const bookingsSchema = { rooms, roomBookings, roomBookingEvents, roomBookingAttendees };

import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { historyColumns, offices, people, schools } from '../schema.ts';
import { roomBookings } from './bookings.ts';
import { loanKits } from './loans.ts';

/**
 * Video conferences for schools (issue 12): a session the ICT group plans (its room booking and VC kit, its team),
 * one invitation per invited school (the person it went to, their answer, the reminder, attendance, evaluation) and
 * the session's history (migration 0015_vc_sessions).
 */

export const vcSessions = pgTable(
  'vc_sessions',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** src/domain/vc/session.ts VC_PLATFORMS. */
    platform: text('platform').notNull(),
    link: text('link'),
    roomBookingId: integer('room_booking_id').references(() => roomBookings.id),
    kitId: integer('kit_id').references(() => loanKits.id),
    /** The office's own loan reserving the kit for the session's day (loans.id), cancelled or moved with the session. */
    loanId: integer('loan_id'),
    /** The technicians on duty: people ids. */
    team: jsonb('team').$type<number[]>().notNull().default([]),
    organiserId: integer('organiser_id')
      .notNull()
      .references(() => people.id),
    /** Who was invited, as chosen (src/domain/vc/session.ts Audience). */
    audience: jsonb('audience').notNull(),
    state: text('state').notNull().default('planned'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('vc_sessions_office_idx').on(t.officeId, t.startsAt), check('vc_sessions_range_ck', sql`${t.endsAt} > ${t.startsAt}`)],
);

export const vcInvitations = pgTable(
  'vc_invitations',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => vcSessions.id),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    /** Who it went to: the school's director, else the school's contact (null: nobody registered for the school). */
    personId: integer('person_id').references(() => people.id),
    /** join | decline; null = not answered. */
    answer: text('answer'),
    /** Who the school sends, as typed. */
    delegate: text('delegate'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: integer('answered_by').references(() => people.id),
    pushedAt: timestamp('pushed_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    attended: boolean('attended').notNull().default(false),
    attendedAt: timestamp('attended_at', { withTimezone: true }),
    attendedBy: integer('attended_by').references(() => people.id),
    /** The three answers of the short evaluation (1–5 each), by question key. */
    evaluation: jsonb('evaluation').$type<Record<string, number>>(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('vc_invitations_school_uq').on(t.sessionId, t.schoolId),
    index('vc_invitations_person_idx').on(t.officeId, t.personId),
    index('vc_invitations_unpushed_idx').on(t.sessionId).where(sql`pushed_at IS NULL`),
  ],
);

export const vcSessionEvents = pgTable(
  'vc_session_events',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => vcSessions.id),
    ...historyColumns(),
  },
  (t) => [index('vc_session_events_session_idx').on(t.sessionId, t.action)],
);

export const vcSchema = { vcSessions, vcInvitations, vcSessionEvents };

import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { historyColumns, offices, people, schools } from '../schema.ts';
import { loanItems, loanItemTypes, loanKits } from './loans.ts';

/**
 * Equipment loans, second part: borrowing (issue 11, "Borrowing"). A loan is a request on the kit's state machine
 * (src/kit/requests.ts): `state` is one of its states (submitted → approved → fulfilled = handed over …). Its lines
 * say what was asked for; the reservations hold concrete items for the loan's dates. The migration
 * (0011_loan_requests.sql) adds what Drizzle cannot say: an exclusion constraint (btree_gist) so one item is never
 * held by two live reservations whose dates overlap.
 */

export const loans = pgTable(
  'loans',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    requesterId: integer('requester_id')
      .notNull()
      .references(() => people.id),
    /** The school the loan is for (the borrower's own by default); null = for the office itself. */
    schoolId: integer('school_id').references(() => schools.id),
    /** The official purpose the form asks for. */
    purpose: text('purpose').notNull(),
    /** Where the equipment will be used. */
    place: text('place').notNull(),
    /** First and last day of the loan (Bangkok dates, both included). */
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** A state of src/kit/requests.ts (submitted, approved, declined, returned, fulfilled, cancelled, expired). */
    state: text('state').notNull().default('submitted'),
    version: integer('version').notNull().default(1),
    /** Whether the school director endorses it before the approver decides (the office's setting when sent). */
    needsEndorsement: boolean('needs_endorsement').notNull().default(false),
    endorsedBy: integer('endorsed_by').references(() => people.id),
    endorsedActing: text('endorsed_acting'),
    endorsedAt: timestamp('endorsed_at', { withTimezone: true }),
    decidedBy: integer('decided_by').references(() => people.id),
    /** on_behalf | acting when decided by someone standing in (src/domain/acting.ts). */
    decidedActing: text('decided_acting'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** The reason of ไม่อนุมัติ or ส่งคืนแก้ไข. */
    decisionNote: text('decision_note'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('loans_office_state_idx').on(t.officeId, t.state),
    index('loans_requester_idx').on(t.requesterId, t.id),
    check('loans_dates_ck', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** What a loan asks for: so many of a type (interchangeable items), a kit, or one specific item. */
export const loanLines = pgTable(
  'loan_lines',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id, { onDelete: 'cascade' }),
    typeId: integer('type_id').references(() => loanItemTypes.id),
    kitId: integer('kit_id').references(() => loanKits.id),
    itemId: integer('item_id').references(() => loanItems.id),
    quantity: integer('quantity').notNull().default(1),
  },
  (t) => [
    index('loan_lines_loan_idx').on(t.loanId),
    check('loan_lines_quantity_ck', sql`${t.quantity} > 0`),
    check('loan_lines_one_target_ck', sql`num_nonnulls(${t.typeId}, ${t.kitId}, ${t.itemId}) = 1`),
  ],
);

/**
 * An item held for a loan's dates. Live while `released_at` is null; the database refuses a second live
 * reservation of the same item on overlapping dates (`loan_reservations_no_overlap`).
 */
export const loanReservations = pgTable(
  'loan_reservations',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id, { onDelete: 'cascade' }),
    lineId: integer('line_id')
      .notNull()
      .references(() => loanLines.id, { onDelete: 'cascade' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => loanItems.id),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('loan_reservations_loan_idx').on(t.loanId), check('loan_reservations_dates_ck', sql`${t.endsOn} >= ${t.startsOn}`)],
);

/** A loan's history: who did what when, with a note (src/db/repos/history.ts). The clocks' marks are such events. */
export const loanEvents = pgTable(
  'loan_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    note: text('note'),
    /** Its actions: requested | endorsed | approved | declined | returned | resubmitted | cancelled | expired | reminded … */
    ...historyColumns(),
  },
  (t) => [index('loan_events_loan_idx').on(t.loanId, t.id)],
);

export const loanRequestsSchema = { loans, loanLines, loanReservations, loanEvents };

import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { historyColumns, mediaFiles, offices, people, repairTickets, schools } from '../schema.ts';
import { loans } from './loan-requests.ts';
import { loanConsumables, loanItems } from './loans.ts';

/**
 * Equipment loans, the technicians' desk (issue 11, "Hand-over and return", consumables): each item's history
 * (what its page shows, and the marks of what was done with it) and the usage log of consumables
 * (แบบบันทึกใช้วัสดุอุปกรณ์: date, what, how many, to whom, by whom, purpose).
 */

/** One thing that happened to an item: registered, handed over, returned, sent to repair … */
export const loanItemEvents = pgTable(
  'loan_item_events',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => loanItems.id, { onDelete: 'cascade' }),
    note: text('note'),
    ...historyColumns(),
  },
  (t) => [index('loan_item_events_item_idx').on(t.itemId, t.id)],
);

/** A line of the usage log: consumables handed out (stock down) or restocked (stock up). */
export const loanConsumableUses = pgTable(
  'loan_consumable_uses',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    consumableId: integer('consumable_id')
      .notNull()
      .references(() => loanConsumables.id, { onDelete: 'cascade' }),
    /** hand_out | restock */
    kind: text('kind').notNull(),
    quantity: integer('quantity').notNull(),
    /** The stock once this line was written: the log reads as a ledger. */
    stockAfter: integer('stock_after').notNull(),
    /** To a school of the office, or (recipientName) to a person; both may be given. */
    schoolId: integer('school_id').references(() => schools.id),
    recipientName: text('recipient_name'),
    purpose: text('purpose'),
    byPersonId: integer('by_person_id').references(() => people.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('loan_consumable_uses_office_at_idx').on(t.officeId, t.at),
    check('loan_consumable_uses_quantity_ck', sql`${t.quantity} > 0`),
    check('loan_consumable_uses_kind_ck', sql`${t.kind} in ('hand_out', 'restock')`),
  ],
);

/** One hand-over of a loan's items by a technician: the condition they left in, a photo, and the borrower's receipt. */
export const loanHandovers = pgTable(
  'loan_handovers',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    handedOverBy: integer('handed_over_by')
      .notNull()
      .references(() => people.id),
    handedOverAt: timestamp('handed_over_at', { withTimezone: true }).notNull(),
    /** good | fair | damaged, as handed over. */
    condition: text('condition').notNull(),
    photoMediaId: integer('photo_media_id').references(() => mediaFiles.id),
    /** The borrower's ได้รับของแล้ว (an authenticated confirmation stands for the signature). */
    confirmedBy: integer('confirmed_by').references(() => people.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  },
  (t) => [index('loan_handovers_loan_idx').on(t.loanId)],
);

/** An item handed over for a loan, and its way back: returned (condition), missing (stays open), sent to repair. */
export const loanHandoverItems = pgTable(
  'loan_handover_items',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    handoverId: integer('handover_id')
      .notNull()
      .references(() => loanHandovers.id),
    loanId: integer('loan_id')
      .notNull()
      .references(() => loans.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => loanItems.id),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    receivedBy: integer('received_by').references(() => people.id),
    returnCondition: text('return_condition'),
    /** Reported not brought back: the item stays open on the loan. */
    missingAt: timestamp('missing_at', { withTimezone: true }),
    repairTicketId: integer('repair_ticket_id').references(() => repairTickets.id),
  },
  (t) => [
    uniqueIndex('loan_handover_items_loan_item_uq').on(t.loanId, t.itemId),
    uniqueIndex('loan_handover_items_out_uq')
      .on(t.itemId)
      .where(sql`${t.returnedAt} IS NULL`),
  ],
);

export const loanDeskSchema = { loanItemEvents, loanConsumableUses, loanHandovers, loanHandoverItems };

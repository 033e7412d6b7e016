import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { mediaFiles, offices } from '../schema.ts';

/**
 * Equipment loans, first part: the office's inventory (issue 11, "Inventory"). What the office lends — item types,
 * the individual items with their ครุภัณฑ์ numbers, kits lent together, consumables with a stock count. Borrowing
 * (requests, hand-over, return) comes later on the shared request kit and will point at these rows.
 */

/** A kind of equipment the office lends ("โปรเจกเตอร์ Epson", "โน้ตบุ๊ก"): what a borrower chooses from. */
export const loanItemTypes = pgTable(
  'loan_item_types',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    name: text('name').notNull(),
    /** One of src/domain/loans/inventory.ts ITEM_CATEGORIES (projector, notebook, vc_kit, camera …). */
    category: text('category').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('loan_item_types_name_uq').on(t.officeId, t.name)],
);

/** One physical item, known by the office's ครุภัณฑ์ number (unique in the office). */
export const loanItems = pgTable(
  'loan_items',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    typeId: integer('type_id')
      .notNull()
      .references(() => loanItemTypes.id),
    /** เลขครุภัณฑ์, as the office writes it. */
    assetTag: text('asset_tag').notNull(),
    serialNumber: text('serial_number'),
    model: text('model'),
    /** good | fair | damaged (src/domain/loans/inventory.ts). */
    condition: text('condition').notNull().default('good'),
    /** Where it is kept when not lent ("ห้อง ICT ตู้ 2"). */
    location: text('location'),
    photoMediaId: integer('photo_media_id').references(() => mediaFiles.id),
    /** False: kept for the office's own use, never offered to borrowers. */
    lendable: boolean('lendable').notNull().default(true),
    /** Written off (จำหน่าย) or out of service: kept for history, never lent. */
    retired: boolean('retired').notNull().default(false),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('loan_items_asset_tag_uq').on(t.officeId, t.assetTag)],
);

/** A named set of items lent together (a VC kit = camera + microphone + speaker + notebook). */
export const loanKits = pgTable(
  'loan_kits',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('loan_kits_name_uq').on(t.officeId, t.name)],
);

/** The items of a kit. An item belongs to at most one kit: it cannot travel with two sets at once. */
export const loanKitItems = pgTable(
  'loan_kit_items',
  {
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    kitId: integer('kit_id')
      .notNull()
      .references(() => loanKits.id, { onDelete: 'cascade' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => loanItems.id),
  },
  (t) => [primaryKey({ columns: [t.kitId, t.itemId] }), uniqueIndex('loan_kit_items_item_uq').on(t.itemId)],
);

/** Things handed out rather than lent (ink, cables, batteries), counted by stock. */
export const loanConsumables = pgTable(
  'loan_consumables',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    name: text('name').notNull(),
    /** ชิ้น, กล่อง, ตลับ … */
    unit: text('unit').notNull().default('ชิ้น'),
    stock: integer('stock').notNull().default(0),
    /** Below this the technicians are told, once until restocked; null = no minimum. */
    minStock: integer('min_stock'),
    /** When the technicians were told the stock is below the minimum; cleared by a restock to the minimum or above. */
    lowStockAlertedAt: timestamp('low_stock_alerted_at', { withTimezone: true }),
    location: text('location'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('loan_consumables_name_uq').on(t.officeId, t.name), check('loan_consumables_stock_ck', sql`${t.stock} >= 0`)],
);

export const loansSchema = { loanItemTypes, loanItems, loanKits, loanKitItems, loanConsumables };

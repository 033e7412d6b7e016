import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { loanConsumables, loanConsumableUses, loanItemEvents, loanItems, loanItemTypes, loanKitItems, loanKits, people, schools } from '../schema.ts';
import type { InventoryItem } from '../../domain/loans/inventory.ts';
import type { ConsumableUse, ConsumableUseKind, DeskConsumable, ItemEvent } from '../../domain/loans/desk.ts';
import { consumableColumns, inventoryItemColumns } from './loan-inventory.ts';

export type { ConsumableUse, DeskConsumable, ItemEvent } from '../../domain/loans/desk.ts';

/**
 * The technicians' desk of equipment loans: one item (by id or by its ครุภัณฑ์ number) with its history, and the
 * consumables' stock and usage log (แบบบันทึกใช้วัสดุอุปกรณ์). Every read is of one office: another office's
 * item or consumable is as good as unknown.
 */

const itemColumns = inventoryItemColumns;

function itemQuery(ex: Executor) {
  return ex
    .select(itemColumns)
    .from(loanItems)
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .leftJoin(loanKitItems, eq(loanKitItems.itemId, loanItems.id))
    .leftJoin(loanKits, eq(loanKits.id, loanKitItems.kitId));
}

export async function getItem(ex: Executor, officeId: string, id: number): Promise<InventoryItem | null> {
  const [row] = await itemQuery(ex).where(and(eq(loanItems.officeId, officeId), eq(loanItems.id, id)));
  return row ?? null;
}

/** The item of this ครุภัณฑ์ number, as typed: spaces around it and letter case do not count. */
export async function findItemByAssetTag(ex: Executor, officeId: string, typed: string): Promise<InventoryItem | null> {
  const tag = typed.trim();
  if (!tag) return null;
  const [row] = await itemQuery(ex)
    .where(and(eq(loanItems.officeId, officeId), sql`lower(${loanItems.assetTag}) = lower(${tag})`))
    .limit(1);
  return row ?? null;
}

/** The item's history, oldest first, with the name of who did each thing. */
export async function listItemEvents(ex: Executor, itemId: number): Promise<ItemEvent[]> {
  const rows = await ex
    .select({ action: loanItemEvents.action, at: loanItemEvents.at, actorName: people.fullName, note: loanItemEvents.note, data: loanItemEvents.data })
    .from(loanItemEvents)
    .leftJoin(people, eq(people.id, loanItemEvents.actorId))
    .where(eq(loanItemEvents.itemId, itemId))
    .orderBy(asc(loanItemEvents.id));
  return rows.map((row) => ({ ...row, data: (row.data ?? {}) as Record<string, unknown> }));
}

// ── Consumables ────────────────────────────────────────────────────────────────────────────────────────

const deskConsumableColumns = { ...consumableColumns, lowStockAlertedAt: loanConsumables.lowStockAlertedAt };

export async function getConsumable(ex: Executor, officeId: string, id: number): Promise<DeskConsumable | null> {
  const [row] = await ex
    .select(deskConsumableColumns)
    .from(loanConsumables)
    .where(and(eq(loanConsumables.officeId, officeId), eq(loanConsumables.id, id)));
  return row ?? null;
}

/** The consumable, locked for the rest of the transaction (a hand-out and a restock of it wait for each other). */
export async function lockConsumable(ex: Executor, officeId: string, id: number): Promise<DeskConsumable | null> {
  const [row] = await ex
    .select(deskConsumableColumns)
    .from(loanConsumables)
    .where(and(eq(loanConsumables.officeId, officeId), eq(loanConsumables.id, id)))
    .for('update');
  return row ?? null;
}

export async function listDeskConsumables(ex: Executor, officeId: string): Promise<DeskConsumable[]> {
  return ex
    .select(deskConsumableColumns)
    .from(loanConsumables)
    .where(eq(loanConsumables.officeId, officeId))
    .orderBy(sql`${loanConsumables.name} collate "C"`);
}

export interface ConsumableMove {
  officeId: string;
  consumableId: number;
  kind: ConsumableUseKind;
  quantity: number;
  /** The stock after the move (the caller has the row locked and has checked it). */
  stockAfter: number;
  /** Set or cleared with the move: when the technicians were told of a low stock. */
  lowStockAlertedAt: Date | null;
  schoolId: number | null;
  recipientName: string | null;
  purpose: string | null;
  byPersonId: number | null;
  at: Date;
}

/** Writes the new stock and the usage log's line in one go; returns the line's id. */
export async function recordConsumableMove(ex: Executor, move: ConsumableMove): Promise<number> {
  await ex
    .update(loanConsumables)
    .set({ stock: move.stockAfter, lowStockAlertedAt: move.lowStockAlertedAt, updatedAt: move.at })
    .where(and(eq(loanConsumables.officeId, move.officeId), eq(loanConsumables.id, move.consumableId)));
  const [row] = await ex
    .insert(loanConsumableUses)
    .values({
      officeId: move.officeId,
      consumableId: move.consumableId,
      kind: move.kind,
      quantity: move.quantity,
      stockAfter: move.stockAfter,
      schoolId: move.schoolId,
      recipientName: move.recipientName,
      purpose: move.purpose,
      byPersonId: move.byPersonId,
      at: move.at,
    })
    .returning({ id: loanConsumableUses.id });
  return row!.id;
}

/** The usage log of a period [from, to), in the order it was written. */
export async function listConsumableUses(ex: Executor, officeId: string, range: { from?: Date; to?: Date } = {}): Promise<ConsumableUse[]> {
  const rows = await ex
    .select({
      id: loanConsumableUses.id,
      at: loanConsumableUses.at,
      kind: loanConsumableUses.kind,
      consumableName: loanConsumables.name,
      unit: loanConsumables.unit,
      quantity: loanConsumableUses.quantity,
      stockAfter: loanConsumableUses.stockAfter,
      schoolName: schools.name,
      recipientName: loanConsumableUses.recipientName,
      purpose: loanConsumableUses.purpose,
      byName: people.fullName,
    })
    .from(loanConsumableUses)
    .innerJoin(loanConsumables, eq(loanConsumables.id, loanConsumableUses.consumableId))
    .leftJoin(schools, eq(schools.id, loanConsumableUses.schoolId))
    .leftJoin(people, eq(people.id, loanConsumableUses.byPersonId))
    .where(
      and(
        eq(loanConsumableUses.officeId, officeId),
        range.from ? gte(loanConsumableUses.at, range.from) : undefined,
        range.to ? lt(loanConsumableUses.at, range.to) : undefined,
      ),
    )
    .orderBy(asc(loanConsumableUses.at), asc(loanConsumableUses.id));
  return rows.map((row) => ({ ...row, kind: row.kind as ConsumableUseKind }));
}

/** The item's photo (a kept file of the office); false when the item is not the office's. */
/** A damaged item repaired: good again (and so lent again). False when it is not (or no longer) damaged. */
export async function setDamagedItemGood(ex: Executor, officeId: string, itemId: number, at: Date): Promise<boolean> {
  const rows = await ex
    .update(loanItems)
    .set({ condition: 'good', updatedAt: at })
    .where(and(eq(loanItems.officeId, officeId), eq(loanItems.id, itemId), eq(loanItems.condition, 'damaged')))
    .returning({ id: loanItems.id });
  return rows.length > 0;
}

export async function setItemPhoto(ex: Executor, officeId: string, itemId: number, mediaId: number, at: Date): Promise<boolean> {
  const rows = await ex
    .update(loanItems)
    .set({ photoMediaId: mediaId, updatedAt: at })
    .where(and(eq(loanItems.officeId, officeId), eq(loanItems.id, itemId)))
    .returning({ id: loanItems.id });
  return rows.length > 0;
}

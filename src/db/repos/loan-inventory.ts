import { and, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { loanConsumables, loanItems, loanItemTypes, loanKitItems, loanKits } from '../schema.ts';
import type { Consumable, ConsumableInput, InventoryItem, ItemCategory, ItemCondition, ItemInput } from '../../domain/loans/inventory.ts';

/** The office's lendable inventory (issue 11, first part): item types, items, kits and consumables. */

export type { Consumable, ConsumableInput, InventoryItem, ItemInput } from '../../domain/loans/inventory.ts';

/**
 * The type of that name (created on first use, as `other` when no category is given); a category given for an
 * existing type replaces its earlier one, none leaves it as it is.
 */
export async function upsertItemType(ex: Executor, officeId: string, name: string, category: ItemCategory | null): Promise<number> {
  const [row] = await ex
    .insert(loanItemTypes)
    .values({ officeId, name, category: category ?? 'other' })
    .onConflictDoUpdate({ target: [loanItemTypes.officeId, loanItemTypes.name], set: category ? { category } : { name } })
    .returning({ id: loanItemTypes.id });
  return row!.id;
}

/** Adds the item, or updates the one with the same asset tag in the office. */
export async function upsertItem(ex: Executor, officeId: string, input: ItemInput, now: Date): Promise<{ id: number; outcome: 'inserted' | 'updated' }> {
  const typeId = await upsertItemType(ex, officeId, input.typeName, input.category);
  const values = {
    typeId,
    serialNumber: input.serialNumber,
    model: input.model,
    condition: input.condition,
    location: input.location,
    lendable: input.lendable,
    retired: input.retired,
    note: input.note,
    updatedAt: now,
  };
  const [row] = await ex
    .insert(loanItems)
    .values({ officeId, assetTag: input.assetTag, ...values, createdAt: now })
    .onConflictDoUpdate({ target: [loanItems.officeId, loanItems.assetTag], set: values })
    // xmax is 0 on a freshly inserted row version, not on an updated one: tells the two apart in one statement.
    .returning({ id: loanItems.id, inserted: sql<boolean>`(xmax = 0)` });
  return { id: row!.id, outcome: row!.inserted ? 'inserted' : 'updated' };
}

/** Puts the item in the named kit (created on first use), or in none; it leaves any kit it was in. */
export async function setItemKit(ex: Executor, officeId: string, itemId: number, kitName: string | null): Promise<void> {
  await ex.delete(loanKitItems).where(and(eq(loanKitItems.officeId, officeId), eq(loanKitItems.itemId, itemId)));
  if (!kitName) return;
  const [kit] = await ex
    .insert(loanKits)
    .values({ officeId, name: kitName })
    .onConflictDoUpdate({ target: [loanKits.officeId, loanKits.name], set: { name: kitName } })
    .returning({ id: loanKits.id });
  await ex.insert(loanKitItems).values({ officeId, kitId: kit!.id, itemId });
}

/** Adds the consumable, or updates the one of the same name (its stock becomes the given count). */
export async function upsertConsumable(ex: Executor, officeId: string, input: ConsumableInput, now: Date): Promise<'inserted' | 'updated'> {
  const values = { unit: input.unit, stock: input.stock, minStock: input.minStock, location: input.location, note: input.note, updatedAt: now };
  const [row] = await ex
    .insert(loanConsumables)
    .values({ officeId, name: input.name, ...values, createdAt: now })
    .onConflictDoUpdate({ target: [loanConsumables.officeId, loanConsumables.name], set: values })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  return row!.inserted ? 'inserted' : 'updated';
}

/**
 * Sorted byte-wise: the same order on every server whatever its collation (the embedded one and a production one
 * differ for Thai), and ครุภัณฑ์ numbers in their register order.
 */
const byteOrder = (column: unknown) => sql`${column} collate "C"`;

/** An item as the inventory and the desk read it (joined with its type, and its kit when it has one). */
export const inventoryItemColumns = {
  id: loanItems.id,
  typeId: loanItems.typeId,
  assetTag: loanItems.assetTag,
  typeName: loanItemTypes.name,
  category: sql<ItemCategory>`${loanItemTypes.category}`,
  model: loanItems.model,
  serialNumber: loanItems.serialNumber,
  condition: sql<ItemCondition>`${loanItems.condition}`,
  location: loanItems.location,
  lendable: loanItems.lendable,
  retired: loanItems.retired,
  note: loanItems.note,
  photoMediaId: loanItems.photoMediaId,
  kitName: loanKits.name,
};

/** Every item of the office (retired ones too), by asset tag. */
export async function listItems(ex: Executor, officeId: string): Promise<InventoryItem[]> {
  return ex
    .select(inventoryItemColumns)
    .from(loanItems)
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .leftJoin(loanKitItems, eq(loanKitItems.itemId, loanItems.id))
    .leftJoin(loanKits, eq(loanKits.id, loanKitItems.kitId))
    .where(eq(loanItems.officeId, officeId))
    .orderBy(byteOrder(loanItems.assetTag));
}

/** A consumable's own columns (the desk's view adds when low stock was last told). */
export const consumableColumns = {
  id: loanConsumables.id,
  name: loanConsumables.name,
  unit: loanConsumables.unit,
  stock: loanConsumables.stock,
  minStock: loanConsumables.minStock,
  location: loanConsumables.location,
  note: loanConsumables.note,
};

export async function listConsumables(ex: Executor, officeId: string): Promise<Consumable[]> {
  return ex
    .select(consumableColumns)
    .from(loanConsumables)
    .where(eq(loanConsumables.officeId, officeId))
    .orderBy(byteOrder(loanConsumables.name));
}

/** The kits of the office with their members' asset tags. */
export async function listKits(ex: Executor, officeId: string): Promise<Array<{ id: number; name: string; assetTags: string[] }>> {
  const rows = await ex
    .select({ id: loanKits.id, name: loanKits.name, assetTag: loanItems.assetTag })
    .from(loanKits)
    .leftJoin(loanKitItems, eq(loanKitItems.kitId, loanKits.id))
    .leftJoin(loanItems, eq(loanItems.id, loanKitItems.itemId))
    .where(eq(loanKits.officeId, officeId))
    .orderBy(byteOrder(loanKits.name), byteOrder(loanItems.assetTag));
  const kits = new Map<number, { id: number; name: string; assetTags: string[] }>();
  for (const row of rows) {
    const kit = kits.get(row.id) ?? { id: row.id, name: row.name, assetTags: [] };
    if (row.assetTag) kit.assetTags.push(row.assetTag);
    kits.set(row.id, kit);
  }
  return [...kits.values()];
}

/** Whether the office has anything in its inventory at all (types, items or consumables). */
export async function inventoryIsEmpty(ex: Executor, officeId: string): Promise<boolean> {
  const [types] = await ex.select({ n: count() }).from(loanItemTypes).where(eq(loanItemTypes.officeId, officeId));
  const [consumables] = await ex.select({ n: count() }).from(loanConsumables).where(eq(loanConsumables.officeId, officeId));
  return (types?.n ?? 0) === 0 && (consumables?.n ?? 0) === 0;
}

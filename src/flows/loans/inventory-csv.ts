import type { Executor } from '../../db/database.ts';
import {
  listConsumables,
  listItems,
  setItemKit,
  upsertConsumable,
  upsertItem,
  type Consumable,
  type ConsumableInput,
  type InventoryItem,
  type ItemInput,
} from '../../db/repos/loan-inventory.ts';
import { addHistory } from '../../db/repos/history.ts';
import { errorMessage } from '../../domain/errors.ts';
import { CATEGORY_LABELS, CONDITION_LABELS, parseCategory, parseCondition } from '../../domain/loans/inventory.ts';
import { csvDocument, parseYesNo, readCsvTable, type ColumnNames, type ImportResult } from '../../domain/csv.ts';
import { inventoryMessages as m } from './messages.ts';

/**
 * The office's inventory as one spreadsheet: a row with a ครุภัณฑ์ number is an item; a row without one but with a
 * stock count is a consumable. Headers in Thai or English (the export writes the Thai ones). Re-importing updates
 * items by asset tag and consumables by name; a column left out of the file leaves that field as it was.
 */

export type InventoryColumn =
  | 'assetTag'
  | 'name'
  | 'category'
  | 'model'
  | 'serial'
  | 'condition'
  | 'location'
  | 'lendable'
  | 'retired'
  | 'kit'
  | 'stock'
  | 'unit'
  | 'minStock'
  | 'note';

/** Column order of the export, the Thai header first (written), then the other names accepted on import. */
const COLUMNS: readonly ColumnNames<InventoryColumn>[] = [
  { column: 'assetTag', names: ['เลขครุภัณฑ์', 'หมายเลขครุภัณฑ์', 'รหัสครุภัณฑ์', 'asset tag', 'asset', 'tag'] },
  { column: 'name', names: ['รายการ', 'ชื่อรายการ', 'ชื่อ', 'ประเภท', 'name', 'item', 'type', 'item type'] },
  { column: 'category', names: ['หมวด', 'หมวดหมู่', 'category'] },
  { column: 'model', names: ['ยี่ห้อ/รุ่น', 'ยี่ห้อ', 'รุ่น', 'model', 'brand/model'] },
  { column: 'serial', names: ['หมายเลขเครื่อง', 'serial', 'serial number', 'sn', 's/n'] },
  { column: 'condition', names: ['สภาพ', 'condition'] },
  { column: 'location', names: ['ที่เก็บ', 'สถานที่เก็บ', 'location', 'kept at', 'where kept'] },
  { column: 'lendable', names: ['ให้ยืม', 'ให้ยืมได้', 'lendable'] },
  { column: 'retired', names: ['จำหน่ายแล้ว', 'เลิกใช้', 'retired'] },
  { column: 'kit', names: ['ชุด', 'kit'] },
  { column: 'stock', names: ['จำนวนคงเหลือ', 'คงเหลือ', 'stock', 'quantity', 'qty'] },
  { column: 'unit', names: ['หน่วย', 'unit'] },
  { column: 'minStock', names: ['ขั้นต่ำ', 'จำนวนขั้นต่ำ', 'min stock', 'minimum'] },
  { column: 'note', names: ['หมายเหตุ', 'note', 'notes'] },
];

export const INVENTORY_HEADER: readonly string[] = COLUMNS.map((c) => c.names[0]!);


type Row =
  | { kind: 'item'; item: ItemInput; kit: string | null | undefined }
  | { kind: 'consumable'; consumable: ConsumableInput }
  | { kind: 'bad'; message: string };

type Cell = (column: InventoryColumn) => string | undefined;

function readCount(cell: Cell, column: InventoryColumn, label: string): number | null | { bad: string } {
  const raw = cell(column);
  if (raw === undefined || raw === '') return null;
  const normal = raw.replace(/,/g, '');
  return /^\d+$/.test(normal) ? Number(normal) : { bad: m.badCount(label, raw) };
}

/**
 * One row read against the rules. `cell` is undefined for a column the file lacks (keep the stored value) and ''
 * for an empty one. `existing` is the stored item of the same asset tag (or consumable of the same name).
 */
function readRow(cell: Cell, items: Map<string, InventoryItem>, consumables: Map<string, Consumable>): Row {
  const name = cell('name')?.replace(/\s+/g, ' ');
  if (!name) return { kind: 'bad', message: m.missingName };
  const tag = cell('assetTag');
  const stock = readCount(cell, 'stock', 'จำนวนคงเหลือ');
  if (typeof stock === 'object' && stock !== null) return { kind: 'bad', message: stock.bad };

  if (tag) {
    if (stock !== null) return { kind: 'bad', message: m.tagAndStock };
    const before = items.get(tag);
    const text = (column: InventoryColumn, old: string | null | undefined): string | null => {
      const value = cell(column);
      return value === undefined ? (old ?? null) : value === '' ? null : value;
    };
    const categoryText = cell('category');
    // No category given: the type keeps its own (the file may list it only once, or not at all).
    const category = categoryText ? parseCategory(categoryText) : null;
    if (categoryText && !category) return { kind: 'bad', message: m.badCategory(categoryText) };
    const conditionText = cell('condition');
    const condition = conditionText ? parseCondition(conditionText) : (before?.condition ?? 'good');
    if (!condition) return { kind: 'bad', message: m.badCondition(conditionText!) };
    const flag = (column: InventoryColumn, label: string, old: boolean | undefined, empty: boolean): boolean | { bad: string } => {
      const value = cell(column);
      if (value === undefined) return old ?? empty;
      if (value === '') return empty;
      return parseYesNo(value) ?? { bad: m.badYesNo(label, value) };
    };
    const lendable = flag('lendable', 'ให้ยืม', before?.lendable, true);
    if (typeof lendable === 'object') return { kind: 'bad', message: lendable.bad };
    const retired = flag('retired', 'จำหน่ายแล้ว', before?.retired, false);
    if (typeof retired === 'object') return { kind: 'bad', message: retired.bad };
    const kit = cell('kit');
    return {
      kind: 'item',
      item: {
        assetTag: tag,
        typeName: name,
        category,
        model: text('model', before?.model),
        serialNumber: text('serial', before?.serialNumber),
        condition,
        location: text('location', before?.location),
        lendable,
        retired,
        note: text('note', before?.note),
      },
      // undefined: the file has no kit column, the item stays in its kit.
      kit: kit === undefined ? undefined : kit || null,
    };
  }

  if (stock === null) return { kind: 'bad', message: m.noTagOrStock };
  const before = consumables.get(name);
  const minStock = readCount(cell, 'minStock', 'ขั้นต่ำ');
  if (typeof minStock === 'object' && minStock !== null) return { kind: 'bad', message: minStock.bad };
  const text = (column: InventoryColumn, old: string | null | undefined): string | null => {
    const value = cell(column);
    return value === undefined ? (old ?? null) : value === '' ? null : value;
  };
  return {
    kind: 'consumable',
    consumable: {
      name,
      unit: text('unit', before?.unit) ?? m.defaultUnit,
      stock,
      minStock: cell('minStock') === undefined ? (before?.minStock ?? null) : minStock,
      location: text('location', before?.location),
      note: text('note', before?.note),
    },
  };
}

/**
 * Imports the office's inventory. A bad row is reported with its line number and the other rows still import;
 * each row is saved in its own savepoint, so a row the database refuses does not undo the rest.
 */
export async function importInventoryCsv(db: Executor, officeId: string, csvText: string, now: Date = new Date()): Promise<ImportResult> {
  const table = readCsvTable(csvText, COLUMNS);
  const result: ImportResult = { inserted: 0, updated: 0, problems: [] };
  if (!table || !table.header.has('name') || (!table.header.has('assetTag') && !table.header.has('stock'))) {
    return { ...result, problems: [{ line: table?.headerLine ?? 1, message: m.noHeader }] };
  }

  await db.transaction(async (tx) => {
    const items = new Map((await listItems(tx, officeId)).map((i) => [i.assetTag, i]));
    const consumables = new Map((await listConsumables(tx, officeId)).map((c) => [c.name, c]));
    const seenTags = new Map<string, number>();
    const seenConsumables = new Map<string, number>();
    for (const record of table.rows) {
      if (record.extraFields) {
        result.problems.push({ line: record.line, message: m.tooManyFields });
        continue;
      }
      const row = readRow(record.cell, items, consumables);
      if (row.kind === 'bad') {
        result.problems.push({ line: record.line, message: row.message });
        continue;
      }
      const [seen, key] = row.kind === 'item' ? [seenTags, row.item.assetTag] : [seenConsumables, row.consumable.name];
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const message = row.kind === 'item' ? m.duplicateTag(key, earlier) : m.duplicateConsumable(key, earlier);
        result.problems.push({ line: record.line, message });
        continue;
      }
      seen.set(key, record.line);
      try {
        const outcome = await tx.transaction(async (sp) => {
          if (row.kind === 'consumable') return upsertConsumable(sp, officeId, row.consumable, now);
          const saved = await upsertItem(sp, officeId, row.item, now);
          if (saved.outcome === 'inserted') await addHistory(sp, 'loan_item', saved.id, { officeId, actorId: null, action: 'registered', at: now });
          if (row.kit !== undefined) await setItemKit(sp, officeId, saved.id, row.kit);
          return saved.outcome;
        });
        result[outcome] += 1;
      } catch (err) {
        result.problems.push({ line: record.line, message: `${m.rowFailed}: ${errorMessage(err)}` });
      }
    }
  });
  return result;
}

/** The inventory as rows of the export's columns (INVENTORY_HEADER): items first, then consumables. */
export function inventoryRows(items: readonly InventoryItem[], consumables: readonly Consumable[]): Array<Array<string | number | null>> {
  const itemRows = items.map((i) => [
    i.assetTag,
    i.typeName,
    CATEGORY_LABELS[i.category] ?? i.category,
    i.model,
    i.serialNumber,
    CONDITION_LABELS[i.condition] ?? i.condition,
    i.location,
    i.lendable ? m.lendableYes : m.lendableNo,
    i.retired ? m.yes : null,
    i.kitName,
    null,
    null,
    null,
    i.note,
  ]);
  const consumableRows = consumables.map((c) => [null, c.name, null, null, null, null, c.location, null, null, null, c.stock, c.unit, c.minStock, c.note]);
  return [...itemRows, ...consumableRows];
}

/** The export as CSV: UTF-8 with a byte-order mark (Excel then shows Thai), CRLF, formulas defused. */
export async function exportInventoryCsv(db: Executor, officeId: string): Promise<string> {
  const rows = inventoryRows(await listItems(db, officeId), await listConsumables(db, officeId));
  return csvDocument(INVENTORY_HEADER, rows);
}

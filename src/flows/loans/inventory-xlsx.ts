import type { Executor } from '../../db/database.ts';
import { listConsumables, listItems } from '../../db/repos/loan-inventory.ts';
import { xlsxWorkbook, type XlsxColumn } from '../../reports/xlsx.ts';
import { INVENTORY_HEADER, inventoryRows } from './inventory-csv.ts';
import { inventoryMessages as m } from './messages.ts';

/** The inventory export as an Excel file: the CSV's columns, stock counts as numbers. */

const WIDTHS = [18, 30, 24, 22, 18, 10, 22, 10, 12, 28, 14, 10, 10, 24];
const NUMBER_COLUMNS = new Set(['จำนวนคงเหลือ', 'ขั้นต่ำ']);

export async function exportInventoryXlsx(db: Executor, officeId: string, now: Date = new Date()): Promise<Buffer> {
  const columns: XlsxColumn[] = INVENTORY_HEADER.map((header, i) => ({ header, width: WIDTHS[i] ?? 16, type: NUMBER_COLUMNS.has(header) ? 'number' : 'text' }));
  const rows = inventoryRows(await listItems(db, officeId), await listConsumables(db, officeId));
  return xlsxWorkbook([{ name: m.sheetName, columns, rows }], { created: now });
}

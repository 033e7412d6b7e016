import type { Executor } from '../../db/database.ts';
import { listConsumableUses } from '../../db/repos/loan-desk.ts';
import { CONSUMABLE_USE_LABELS, type ConsumableUse } from '../../domain/loans/desk.ts';
import { formatThaiDate } from '../../domain/thai-date.ts';
import { csvDocument } from '../../domain/csv.ts';

/**
 * The usage log of consumables as the office's form keeps it (แบบบันทึกใช้วัสดุอุปกรณ์): one line per hand-out
 * (and per restock, so the stock column reads as a ledger), in the order written. UTF-8 with a byte-order mark
 * (Excel then shows Thai), CRLF, formulas defused.
 */

export const USAGE_HEADER = ['ลำดับที่', 'วันที่', 'รายการ', 'จำนวน', 'หน่วย', 'ผู้รับ', 'วัตถุประสงค์', 'ผู้จ่าย', 'ประเภท', 'คงเหลือ'] as const;

export function usageRow(use: ConsumableUse, index: number): Array<string | number | null> {
  const to = use.kind === 'restock' ? null : [use.schoolName, use.recipientName].filter(Boolean).join(' ') || null;
  return [index + 1, formatThaiDate(use.at), use.consumableName, use.quantity, use.unit, to, use.purpose, use.byName, CONSUMABLE_USE_LABELS[use.kind], use.stockAfter];
}

/** The log of [from, to) (all of it without bounds). */
export async function exportUsageCsv(db: Executor, officeId: string, range: { from?: Date; to?: Date } = {}): Promise<string> {
  const uses = await listConsumableUses(db, officeId, range);
  return csvDocument(USAGE_HEADER, uses.map(usageRow));
}

import { can } from '../permissions.ts';
import { roleNeedsSchool, type Role } from '../roles.ts';
import type { Consumable } from './inventory.ts';

/**
 * The technicians' desk of equipment loans (issue 11, "Hand-over and return"): an item's history and the
 * consumables handed out from stock. Pure: the rules the executor applies inside its transaction.
 */

/** One line of an item's history. */
export interface ItemEvent {
  action: string;
  at: Date;
  actorName: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

/** What an item's history says, by action (an action not listed reads as "บันทึก"). */
export const ITEM_EVENT_LABELS: Record<string, string> = {
  registered: 'ลงทะเบียนครุภัณฑ์',
  handed_over: 'ส่งมอบให้ผู้ยืม',
  receipt_confirmed: 'ผู้ยืมยืนยันรับของ',
  returned: 'รับคืน',
  missing: 'แจ้งว่าไม่ได้รับคืน',
  repair_opened: 'ส่งซ่อม',
  photo_changed: 'เปลี่ยนรูป',
  repaired: 'ซ่อมเสร็จ พร้อมให้ยืม',
};
export const ITEM_EVENT_OTHER = 'บันทึก';

export const CONSUMABLE_USE_KINDS = ['hand_out', 'restock'] as const;
export type ConsumableUseKind = (typeof CONSUMABLE_USE_KINDS)[number];
export const CONSUMABLE_USE_LABELS: Record<ConsumableUseKind, string> = { hand_out: 'จ่ายออก', restock: 'รับเข้า' };

/** A consumable as the desk sees it: with when the technicians were last told its stock is low. */
export interface DeskConsumable extends Consumable {
  lowStockAlertedAt: Date | null;
}

/** A line of the usage log (แบบบันทึกใช้วัสดุอุปกรณ์), with the names it is read by. */
export interface ConsumableUse {
  id: number;
  at: Date;
  kind: ConsumableUseKind;
  consumableName: string;
  unit: string;
  quantity: number;
  stockAfter: number;
  schoolName: string | null;
  recipientName: string | null;
  purpose: string | null;
  byName: string | null;
}

/** A count given for a hand-out or restock: a whole number from 1 to this. */
export const MOVE_QUANTITY_MAX = 10_000;

export function isBelowMinimum(stock: number, minStock: number | null): boolean {
  return minStock !== null && stock < minStock;
}

/**
 * The low-stock mark after a move, and whether the technicians are to be told now: once when the stock first
 * falls below the minimum, not again until a restock brings it back to the minimum or above (which clears
 * the mark).
 */
export function lowStockAfter(consumable: Pick<DeskConsumable, 'minStock' | 'lowStockAlertedAt'>, stockAfter: number, at: Date): { alertedAt: Date | null; tellNow: boolean } {
  if (!isBelowMinimum(stockAfter, consumable.minStock)) return { alertedAt: null, tellNow: false };
  if (consumable.lowStockAlertedAt) return { alertedAt: consumable.lowStockAlertedAt, tellNow: false };
  return { alertedAt: at, tellNow: true };
}

/** Who may open an item's page (its label's QR): anyone registered in the item's office, not a guest. */
export function mayViewItem(role: Role): boolean {
  return can(role, 'borrow_equipment');
}

/** Who reads an item's history (who borrowed it, when): the office's own staff, not the schools. */
export function seesItemHistory(role: Role): boolean {
  return role !== 'guest' && !roleNeedsSchool(role);
}

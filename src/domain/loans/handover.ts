import { addOfficeDays, bangkokDateKey, bangkokTime, type OfficeCalendar } from '../office-time.ts';
import type { ItemCondition } from './inventory.ts';
import type { LoanView } from './loan.ts';

/**
 * Hand-over and return of a loan's items (issue 11): what the technicians' desk reads and the rules it follows.
 * Pure. A loan's items are those held for it (live reservations) and those handed over; each is, for the desk,
 * waiting to be handed over, out, back, or missing (reported not brought back: it stays open on the loan).
 */

export type DeskItemStatus = 'reserved' | 'out' | 'returned' | 'missing';

export interface DeskLoanItem {
  itemId: number;
  assetTag: string;
  typeName: string;
  status: DeskItemStatus;
  /** The hand-over batch it went out with (for the borrower's receipt). */
  handoverId: number | null;
  returnCondition: ItemCondition | null;
  repairTicketId: number | null;
  /** Held by a line asking for so many of a type (any of its items will do): that type; else null. */
  lineTypeId: number | null;
}

/** A loan at the desk: the loan as its owners read it, and where each of its items is. */
export interface DeskLoan {
  loan: LoanView;
  items: DeskLoanItem[];
}

/** A hand-over waiting for the borrower's ได้รับของแล้ว. */
export interface Handover {
  id: number;
  officeId: string;
  loanId: number;
  requesterId: number;
  handedOverAt: Date;
  confirmedAt: Date | null;
  itemIds: number[];
}

export const DESK_ITEM_STATUS_LABELS: Record<DeskItemStatus, string> = {
  reserved: 'รอส่งมอบ',
  out: 'ยืมอยู่',
  returned: 'คืนแล้ว',
  missing: 'ยังไม่ได้คืน (แจ้งหาย)',
};

/**
 * The last first day of a loan that may be handed over today: a loan goes out from the office day before it
 * starts (a Monday loan on the Friday before), so today may hand over any loan starting by the next office day.
 */
export function handOverHorizon(today: string, calendar: OfficeCalendar): string {
  return bangkokDateKey(addOfficeDays(bangkokTime(today, '12:00'), 1, calendar));
}

/** Whether the loan's items may be handed over today (approved, or partly handed over, and not ended); `horizon` from `handOverHorizon`. */
export function mayHandOverOn(loan: Pick<LoanView, 'state' | 'startsOn' | 'endsOn'>, today: string, horizon: string): boolean {
  return (loan.state === 'approved' || loan.state === 'fulfilled') && loan.startsOn <= horizon && loan.endsOn >= today;
}

export const toHandOver = (desk: DeskLoan) => desk.items.filter((i) => i.status === 'reserved');
/** Out with the borrower, missing ones included: the loan is open while any is. */
export const stillOut = (desk: DeskLoan) => desk.items.filter((i) => i.status === 'out' || i.status === 'missing');

/** What the desk's list says of a loan today. */
export function deskLoanStatus(desk: DeskLoan, today: string): { label: string; kind: 'handover' | 'partial' | 'due' | 'overdue' | 'out' | 'done' } {
  const out = stillOut(desk);
  const waiting = toHandOver(desk);
  if (out.length > 0 && desk.loan.endsOn < today) return { label: 'เกินกำหนดคืน', kind: 'overdue' };
  if (out.length > 0 && desk.loan.endsOn === today) return { label: 'ครบกำหนดคืนวันนี้', kind: 'due' };
  if (waiting.length > 0 && out.length > 0) return { label: 'ส่งมอบบางส่วน', kind: 'partial' };
  if (waiting.length > 0) return { label: 'รอส่งมอบ', kind: 'handover' };
  if (out.length > 0) return { label: 'ยืมอยู่', kind: 'out' };
  return { label: 'คืนครบแล้ว', kind: 'done' };
}

/** An item typed or scanned at a hand-over that is not the one held: it may go out instead of a held one of its type. */
export interface SwapCandidate {
  id: number;
  typeId: number;
  lendable: boolean;
  retired: boolean;
  kitName: string | null;
}

/**
 * The held item a typed one may stand in for: the loan asked for so many of its type (any will do), the held one is
 * not picked or replaced yet, and the typed one is lendable, in use, not part of a kit, and not already the loan's.
 * Whether it is free on the loan's days the database decides when the reservation moves to it.
 */
export function swapTarget(desk: DeskLoan, typed: SwapCandidate, picked: readonly number[], replaced: readonly number[]): DeskLoanItem | null {
  if (!typed.lendable || typed.retired || typed.kitName !== null) return null;
  if (desk.items.some((i) => i.itemId === typed.id)) return null;
  return toHandOver(desk).find((i) => i.lineTypeId === typed.typeId && !picked.includes(i.itemId) && !replaced.includes(i.itemId)) ?? null;
}

import type { DeskItemStatus } from './handover.ts';
import type { ItemCondition } from './inventory.ts';
import type { LoanView } from './loan.ts';

/**
 * A loan as the office's form keeps it (แบบบันทึกขอยืมวัสดุอุปกรณ์/เอกสาร/สื่อ Software): the request, who approved
 * it, and each item with who handed it over and when, and when and in what condition it came back. What the export,
 * the printed form and a school's loan history read (src/db/repos/loan-records.ts returns it).
 */
export interface LoanRecordItem {
  itemId: number;
  assetTag: string;
  typeName: string;
  status: DeskItemStatus;
  handedOverAt: Date | null;
  handedOverBy: string | null;
  /** The condition it left in (the hand-over's), and when the borrower confirmed receipt (ได้รับของแล้ว). */
  handedOverCondition: ItemCondition | null;
  receiptConfirmedAt: Date | null;
  returnedAt: Date | null;
  receivedBy: string | null;
  returnCondition: ItemCondition | null;
  repairTicketId: number | null;
}

export interface LoanRecord {
  loan: LoanView;
  /** Items handed over, then those still only held for the loan; empty for a loan that never held any (or let them go). */
  items: LoanRecordItem[];
}

/** Whether the loan was approved (a decider said yes), whatever became of it after (handed over, not picked up …). */
export function wasApproved(loan: Pick<LoanView, 'state' | 'decidedAt'>): boolean {
  return loan.decidedAt !== null && (loan.state === 'approved' || loan.state === 'fulfilled' || loan.state === 'expired' || loan.state === 'cancelled');
}

import type { Executor } from '../../db/database.ts';
import { listLoanRecords, type LoanRecord } from '../../db/repos/loan-records.ts';
import { ACTING_KIND_LABELS } from '../../domain/acting.ts';
import { csvDocument } from '../../domain/csv.ts';
import { CONDITION_LABELS } from '../../domain/loans/inventory.ts';
import { wasApproved, type LoanRecordItem } from '../../domain/loans/record.ts';
import { formatThaiDate, formatThaiDateKey } from '../../domain/thai-date.ts';
import { xlsxWorkbook, type XlsxColumn } from '../../reports/xlsx.ts';
import { loanLabels, LOAN_STATE_LABELS } from './messages.ts';

/**
 * The loans of a period in the columns of the office's form แบบบันทึกขอยืมวัสดุอุปกรณ์/เอกสาร/สื่อ Software: one line
 * per loan (by first day), its items with their ครุภัณฑ์ numbers, the approver, who handed over and when, when each
 * came back and in what condition. CSV (UTF-8 with BOM, csvDocument) or Excel (the shared workbook helper).
 */

export const LOAN_RECORD_HEADER = [
  'ลำดับที่',
  'เลขที่การยืม',
  'วันที่ขอยืม',
  'ผู้ยืม',
  'โรงเรียน/หน่วยงาน',
  'รายการที่ยืม (เลขครุภัณฑ์)',
  'วัตถุประสงค์',
  'สถานที่ใช้',
  'ยืมตั้งแต่วันที่',
  'ถึงวันที่',
  'ผู้อนุมัติ',
  'วันที่อนุมัติ',
  'ผู้ส่งมอบ',
  'วันที่ส่งมอบ',
  'วันที่คืน',
  'สภาพเมื่อคืน',
  'สถานะ',
  'หมายเหตุ',
] as const;

export const OFFICE_ITSELF = 'สำนักงานเขตพื้นที่ฯ';

const unique = (values: ReadonlyArray<string | null>) => [...new Set(values.filter((v): v is string => v !== null && v !== ''))];

/** "A (DEMO-PJ-001)" for each item; the lines asked for when no item was ever held (declined, withdrawn …). */
export function itemsText(record: LoanRecord): string {
  if (record.items.length > 0) return record.items.map((i) => `${i.typeName} (${i.assetTag})`).join(', ');
  return record.loan.lines.map((l) => loanLabels.line(l.name, l.quantity)).join(', ');
}

/** Per item when the loan has several: "DEMO-PJ-001 7 พฤษภาคม 2570; DEMO-NB-001 …"; one value when all agree. */
function perItem(items: readonly LoanRecordItem[], value: (item: LoanRecordItem) => string | null): string {
  const values = items.map(value);
  if (values.every((v) => v === null)) return '';
  const distinct = unique(values);
  if (distinct.length === 1 && values.every((v) => v !== null)) return distinct[0]!;
  return items.map((item, i) => (values[i] === null ? null : `${item.assetTag} ${values[i]}`)).filter((v) => v !== null).join('; ');
}

export function approverText(record: LoanRecord): string {
  const loan = record.loan;
  if (!wasApproved(loan) || !loan.deciderName) return '';
  return loan.decidedActing ? `${loan.deciderName} (${ACTING_KIND_LABELS[loan.decidedActing]})` : loan.deciderName;
}

export function handedOverText(record: LoanRecord): { by: string; at: string } {
  const out = record.items.filter((i) => i.handedOverAt !== null);
  return { by: unique(out.map((i) => i.handedOverBy)).join(', '), at: unique(out.map((i) => (i.handedOverAt ? formatThaiDate(i.handedOverAt) : null))).join(', ') };
}

export function returnedText(record: LoanRecord): { at: string; condition: string } {
  const out = record.items.filter((i) => i.handedOverAt !== null);
  return {
    at: perItem(out, (i) => (i.returnedAt ? formatThaiDate(i.returnedAt) : null)),
    condition: perItem(out, (i) => (i.returnCondition ? CONDITION_LABELS[i.returnCondition] : null)),
  };
}

/** The loan's state as the book reads it: out, back, not picked up … */
export function recordStatus(record: LoanRecord): string {
  const out = record.items.filter((i) => i.handedOverAt !== null);
  if (record.loan.state === 'fulfilled' && out.length > 0) {
    if (out.every((i) => i.status === 'returned')) return 'คืนครบแล้ว';
    if (out.some((i) => i.status === 'returned' || i.status === 'missing')) return 'คืนบางส่วน';
    return 'ยืมอยู่';
  }
  if (record.loan.state === 'expired' && wasApproved(record.loan)) return 'ไม่มารับอุปกรณ์';
  return LOAN_STATE_LABELS[record.loan.state];
}

export function recordNote(record: LoanRecord): string {
  const notes: string[] = [];
  if (record.loan.decisionNote) notes.push(record.loan.decisionNote);
  for (const item of record.items) {
    if (item.status === 'missing') notes.push(`${item.assetTag} ไม่ได้รับคืน`);
    if (item.repairTicketId !== null) notes.push(`${item.assetTag} ส่งซ่อม`);
  }
  return notes.join('; ');
}

export function loanRecordRow(record: LoanRecord, index: number): Array<string | number> {
  const loan = record.loan;
  const handed = handedOverText(record);
  const back = returnedText(record);
  return [
    index + 1,
    loan.id,
    formatThaiDate(loan.submittedAt ?? loan.createdAt),
    loan.requesterName,
    loan.schoolName ?? OFFICE_ITSELF,
    itemsText(record),
    loan.purpose,
    loan.place,
    formatThaiDateKey(loan.startsOn),
    formatThaiDateKey(loan.endsOn),
    approverText(record),
    wasApproved(loan) && loan.decidedAt ? formatThaiDate(loan.decidedAt) : '',
    handed.by,
    handed.at,
    back.at,
    back.condition,
    recordStatus(record),
    recordNote(record),
  ];
}

export interface LoanPeriod {
  from?: string;
  to?: string;
}

export async function exportLoansCsv(db: Executor, officeId: string, period: LoanPeriod): Promise<string> {
  return csvDocument(LOAN_RECORD_HEADER, (await listLoanRecords(db, officeId, period)).map(loanRecordRow));
}

const WIDTHS = [8, 10, 16, 22, 26, 40, 30, 20, 16, 16, 24, 16, 20, 16, 20, 14, 14, 30];

export async function exportLoansXlsx(db: Executor, officeId: string, period: LoanPeriod, now: Date): Promise<Buffer> {
  const columns: XlsxColumn[] = LOAN_RECORD_HEADER.map((header, i) => ({ header, width: WIDTHS[i] ?? 16, type: i < 2 ? 'number' : 'text' }));
  const rows = (await listLoanRecords(db, officeId, period)).map(loanRecordRow);
  return xlsxWorkbook([{ name: 'บันทึกการยืม', columns, rows }], { created: now });
}

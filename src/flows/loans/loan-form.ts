import type { LoanRecord } from '../../db/repos/loan-records.ts';
import { ACTING_KIND_LABELS } from '../../domain/acting.ts';
import { CONDITION_LABELS } from '../../domain/loans/inventory.ts';
import { loanDays } from '../../domain/loans/dates.ts';
import { wasApproved } from '../../domain/loans/record.ts';
import { formatThaiDate, formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';
import { reportTexts } from '../../reports/texts.ts';
import { printData } from '../../reports/thai-text.ts';
import type { PdfJob } from '../../reports/typst-compile.ts';
import { itemsText, OFFICE_ITSELF, recordNote, recordStatus } from './loan-records.ts';

/**
 * The loan form itself (แบบบันทึกขอยืมวัสดุอุปกรณ์/เอกสาร/สื่อ Software), one loan on A4: the request, the items with
 * their ครุภัณฑ์ numbers and how each went out and came back, and the four signatures (borrower, approver, who
 * handed over, who received back). A confirmation made in the system (the approver's อนุมัติ, the borrower's
 * ได้รับของแล้ว) is printed under its line with its time: an authenticated confirmation stands for the signature
 * (the 2564 saraban amendment); the lines stay for a paper signature where the office wants one.
 */

const T = {
  title: 'แบบบันทึกขอยืมวัสดุอุปกรณ์/เอกสาร/สื่อ Software',
  number: (id: number) => `เลขที่การยืม ${id}`,
  status: (label: string) => `สถานะ: ${label}`,
  requestTitle: 'รายละเอียดการขอยืม',
  itemsTitle: 'รายการที่ยืม',
  itemHeaders: ['ที่', 'รายการ', 'เลขครุภัณฑ์', 'ส่งมอบเมื่อ (สภาพ)', 'คืนเมื่อ (สภาพ)'],
  asked: 'รายการที่ขอยืม (ยังไม่ได้จัดอุปกรณ์)',
  fields: {
    requestedAt: 'วันที่ขอยืม',
    borrower: 'ผู้ยืม',
    school: 'โรงเรียน/หน่วยงาน',
    purpose: 'วัตถุประสงค์',
    place: 'สถานที่ใช้',
    dates: 'ระยะเวลายืม',
    endorsed: 'ผู้อำนวยการโรงเรียนรับรอง',
    approved: 'ผู้อนุมัติ',
    note: 'หมายเหตุ',
  },
  span: (from: string, to: string, days: number) => (from === to ? `${formatThaiDateKey(from)} (1 วัน)` : `${formatThaiDateKey(from)} ถึง ${formatThaiDateKey(to)} (${days} วัน)`),
  by: (name: string, at: Date) => `${name} เมื่อ ${formatThaiDateTime(at)}`,
  signLine: 'ลงชื่อ .............................................',
  signatures: { borrower: 'ผู้ยืม', approver: 'ผู้อนุมัติ', giver: 'ผู้ส่งมอบ', receiver: 'ผู้รับคืน' },
  confirmedIn: 'ยืนยันในระบบเมื่อ',
  dateLine: 'วันที่ ........ / ........ / ........',
  notOut: '-',
  outStillLabel: 'ยังไม่คืน',
  missingLabel: 'ไม่ได้รับคืน',
};

export interface LoanFormOptions {
  officeName: string;
  thaiDigits: boolean;
  now: Date;
}

const withActing = (name: string, acting: keyof typeof ACTING_KIND_LABELS | null) => (acting ? `${name} (${ACTING_KIND_LABELS[acting]})` : name);

export function loanFormPdfJob(record: LoanRecord, options: LoanFormOptions): PdfJob {
  const loan = record.loan;
  const F = T.fields;
  const request: Array<[string, string]> = [
    [F.requestedAt, formatThaiDate(loan.submittedAt ?? loan.createdAt)],
    [F.borrower, loan.requesterName],
    [F.school, loan.schoolName ?? OFFICE_ITSELF],
    [F.purpose, loan.purpose],
    [F.place, loan.place],
    [F.dates, T.span(loan.startsOn, loan.endsOn, loanDays(loan.startsOn, loan.endsOn))],
  ];
  if (loan.endorserName && loan.endorsedAt) request.push([F.endorsed, T.by(withActing(loan.endorserName, loan.endorsedActing), loan.endorsedAt)]);
  const approved = wasApproved(loan) && loan.deciderName !== null && loan.decidedAt !== null;
  if (approved) request.push([F.approved, T.by(withActing(loan.deciderName!, loan.decidedActing), loan.decidedAt!)]);
  const note = recordNote(record);
  if (note) request.push([F.note, note]);

  const items = record.items.map((item, i) => [
    String(i + 1),
    item.typeName,
    item.assetTag,
    item.handedOverAt ? `${formatThaiDate(item.handedOverAt)}${item.handedOverCondition ? ` (${CONDITION_LABELS[item.handedOverCondition]})` : ''}` : T.notOut,
    item.returnedAt
      ? `${formatThaiDate(item.returnedAt)}${item.returnCondition ? ` (${CONDITION_LABELS[item.returnCondition]})` : ''}`
      : item.status === 'missing'
        ? T.missingLabel
        : item.status === 'out'
          ? T.outStillLabel
          : T.notOut,
  ]);

  const out = record.items.filter((i) => i.handedOverAt !== null);
  const confirmedAt = out.map((i) => i.receiptConfirmedAt).find((at) => at !== null) ?? null;
  const givers = [...new Set(out.map((i) => i.handedOverBy).filter((n): n is string => n !== null))];
  const receivers = [...new Set(out.map((i) => i.receivedBy).filter((n): n is string => n !== null))];
  const signature = (role: string, name: string | null, confirmed: Date | null) => ({ role, name: name ?? '', confirmed: confirmed ? formatThaiDateTime(confirmed) : '' });
  const lastBack = out.map((i) => i.returnedAt).filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  const data = printData(
    {
      title: T.title,
      number: T.number(loan.id),
      status: T.status(recordStatus(record)),
      office: options.officeName,
      group: reportTexts.group,
      footer: reportTexts.footer(options.officeName, options.now),
      requestTitle: T.requestTitle,
      request,
      itemsTitle: record.items.length > 0 ? T.itemsTitle : T.asked,
      itemHeaders: T.itemHeaders,
      items: record.items.length > 0 ? items : [['1', itemsText(record), '-', '-', '-']],
      signLine: T.signLine,
      dateLine: T.dateLine,
      confirmedIn: T.confirmedIn,
      signatures: [
        signature(T.signatures.borrower, loan.requesterName, confirmedAt),
        signature(T.signatures.approver, approved ? withActing(loan.deciderName!, loan.decidedActing) : null, approved ? loan.decidedAt : null),
        signature(T.signatures.giver, givers.join(', ') || null, out[0]?.handedOverAt ?? null),
        signature(T.signatures.receiver, receivers.join(', ') || null, lastBack),
      ],
    },
    options.thaiDigits,
  );
  return { template: 'loan-form', data, inputs: { 'thai-digits': options.thaiDigits ? '1' : '0' }, createdAtSeconds: Math.floor(options.now.getTime() / 1000) };
}


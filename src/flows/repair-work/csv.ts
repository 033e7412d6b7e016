import type { RepairTicket } from '../../db/repos/repair-tickets.ts';
import { csvDocument } from '../../domain/csv.ts';
import { bangkokTime } from '../../domain/office-time.ts';
import { fiscalYearPeriod, type Period } from '../../domain/fiscal-year.ts';
import type { OfficeClock } from './clock.ts';
import { metTarget } from './figures.ts';
import { PRIORITY_LABELS, repairWorkLabels, STATUS_LABELS } from './messages.ts';

/** The CSV export of a period's tickets (as `csvDocument` writes CSV). Times in Bangkok, `YYYY-MM-DD HH:mm`. */

export const CSV_HEADER = [
  'เลขที่',
  'วันที่แจ้ง',
  'โรงเรียน',
  'อำเภอ',
  'ประเภท',
  'รายละเอียด',
  'ห้อง',
  'ความเร่งด่วน',
  'สถานะ',
  'ผู้แจ้ง',
  'ผู้รับผิดชอบ',
  'รับงานเมื่อ',
  'นัดเข้าซ่อม',
  'ซ่อมเสร็จเมื่อ',
  'ปิดงานเมื่อ',
  'กำหนดรับงาน',
  'กำหนดซ่อมเสร็จ',
  'เวลารับงาน (นาทีทำการ)',
  'เวลาซ่อม (นาทีทำการ ไม่นับเวลารอ)',
  'ทันเป้าหมาย',
  'สิ่งที่ซ่อม',
  'อะไหล่ที่ใช้',
  'คะแนน',
] as const;

export function bangkokStamp(at: Date | null): string {
  if (!at) return '';
  return new Date(at.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A ticket's row of the export (CSV_HEADER's columns): times as dates, for the CSV and the Excel file alike. */
export function ticketRow(t: RepairTicket, clock: OfficeClock, now: Date): Array<string | number | Date | null> {
  const met = metTarget(t, now);
  const reasons = repairWorkLabels.waitReasons as Record<string, string>;
  return [
    t.number,
    t.createdAt,
    t.schoolName,
    t.district,
    t.categoryLabel,
    t.description,
    t.classroom,
    PRIORITY_LABELS[t.priority] ?? t.priority,
    t.status === 'waiting' && t.waitingReason ? `${STATUS_LABELS.waiting} (${reasons[t.waitingReason] ?? t.waitingReason})` : (STATUS_LABELS[t.status] ?? t.status),
    t.reporterName,
    t.assigneeName,
    t.acceptedAt,
    t.visitAt,
    t.resolvedAt,
    t.closedAt,
    t.acceptDueAt,
    t.resolveDueAt,
    t.acceptedAt ? clock.minutesBetween(t.createdAt, t.acceptedAt) : null,
    t.resolvedAt ? Math.max(0, clock.minutesBetween(t.createdAt, t.resolvedAt) - t.pausedOfficeMinutes) : null,
    met === null ? '' : met ? 'ทัน' : 'ไม่ทัน',
    t.resolution,
    t.partsUsed,
    t.rating,
  ];
}

export function ticketsCsv(tickets: readonly RepairTicket[], clock: OfficeClock, now: Date): string {
  return csvDocument(
    CSV_HEADER,
    tickets.map((t) => ticketRow(t, clock, now).map((cell) => (cell instanceof Date ? bangkokStamp(cell) : cell))),
  );
}

/**
 * A period from what an operator types: a fiscal year `2570`, a month `2027-03` (ค.ศ.) or `2570-03`
 * (พ.ศ.), or two dates `2027-03-01 2027-03-31` (both days included).
 */
export function parsePeriod(args: readonly string[]): Period | null {
  const [a, b] = args;
  if (!a) return null;
  const toCe = (year: number) => (year > 2400 ? year - 543 : year);
  if (b === undefined && /^\d{4}$/.test(a)) {
    const year = Number(a);
    return year > 2400 ? fiscalYearPeriod(year) : fiscalYearPeriod(year + 543);
  }
  const month = /^(\d{4})-(\d{2})$/.exec(a);
  if (b === undefined && month) {
    const y = toCe(Number(month[1]));
    const m = Number(month[2]);
    if (m < 1 || m > 12) return null;
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    return { start: bangkokTime(`${y}-${String(m).padStart(2, '0')}-01`), end: bangkokTime(next) };
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/;
  const da = day.exec(a);
  const db = b ? day.exec(b) : null;
  if (da && db) {
    const key = (m: RegExpExecArray) => `${toCe(Number(m[1]))}-${m[2]}-${m[3]}`;
    try {
      const start = bangkokTime(key(da));
      const end = new Date(bangkokTime(key(db)).getTime() + 24 * 60 * 60 * 1000);
      return end.getTime() > start.getTime() ? { start, end } : null;
    } catch {
      return null;
    }
  }
  return null;
}

import type { Executor } from '../../db/database.ts';
import { loadOfficeCalendar } from '../../db/repos/holidays.ts';
import { listSchoolLoanRecords, schoolsWithLoans, type LoanRecord } from '../../db/repos/loan-records.ts';
import { listBorrowableKits, listBorrowableTypes, unitsWithBusyDays } from '../../db/repos/loans.ts';
import { freeByDay } from '../../domain/loans/availability.ts';
import { addDays, isDateKey } from '../../domain/loans/dates.ts';
import { isOfficeDay } from '../../domain/office-time.ts';
import { DESK_ITEM_STATUS_LABELS } from '../../domain/loans/handover.ts';
import { CONDITION_LABELS } from '../../domain/loans/inventory.ts';
import { formatThaiDate, formatThaiDateKey, formatThaiDayMonthKey } from '../../domain/thai-date.ts';
import { approverText, handedOverText, itemsText, OFFICE_ITSELF, recordNote, recordStatus } from './loan-records.ts';

/**
 * What the loans pages show (src/http/liff-loan-calendar.ts): the calendar of what is free, week by week, for each
 * lendable type and kit (read-only; counted by freeByDay, the same count the chat's borrowing uses), and the loan
 * history of a school for the office's staff.
 */

export const CALENDAR_WEEKS = 6;
/** How far ahead the calendar may be paged (a year, the longest anyone books ahead). */
export const CALENDAR_MAX_WEEKS_AHEAD = 53;

export const calendarTexts = {
  title: 'ปฏิทินอุปกรณ์ว่าง',
  intro: 'ตัวเลขในแต่ละวันคือจำนวนที่ยังว่างให้ยืม (อ่านอย่างเดียว)',
  pick: 'อุปกรณ์',
  weekdays: 'จ.,อ.,พ.,พฤ.,ศ.,ส.,อา.',
  legendAll: 'ว่างทั้งหมด',
  legendSome: 'ว่างบางส่วน',
  legendNone: 'ไม่ว่าง',
  closed: 'วันหยุดราชการ',
  previous: '‹ ก่อนหน้า',
  next: 'ถัดไป ›',
  nothing: 'ยังไม่มีอุปกรณ์ให้ยืมค่ะ',
  /** "มี 3 เครื่อง" ({n}: how many the office has). */
  units: 'มี {n} เครื่อง',
  kit: 'ชุด (ยืมทั้งชุด)',
  toHistory: 'ประวัติการยืมของโรงเรียน',
  forbidden: 'ขออภัยค่ะ หน้านี้สำหรับผู้ที่ยืมอุปกรณ์ได้',
  badDate: 'วันที่ไม่ถูกต้องค่ะ',
} as const;

export const historyTexts = {
  title: 'ประวัติการยืมอุปกรณ์ของโรงเรียน',
  pick: 'โรงเรียน',
  office: OFFICE_ITSELF,
  none: 'ยังไม่มีการยืมค่ะ',
  shown: (n: number, limit: number) => (n >= limit ? `แสดง ${limit} รายการล่าสุด` : `ทั้งหมด ${n} รายการ`),
  forbidden: 'ขออภัยค่ะ ประวัติการยืมดูได้เฉพาะเจ้าหน้าที่ของสำนักงานค่ะ',
  printForm: 'พิมพ์แบบบันทึกการยืม (PDF)',
  preparingPdf: 'กำลังสร้าง PDF…',
  savePdf: 'บันทึกไฟล์ PDF',
  loanNotFound: 'ไม่พบการยืมนี้ค่ะ',
  itemPages: 'หน้าครุภัณฑ์',
  notFound: 'ไม่พบโรงเรียนนี้ค่ะ',
  fields: { dates: 'วันที่ยืม', borrower: 'ผู้ยืม', items: 'รายการ', purpose: 'วัตถุประสงค์', approver: 'ผู้อนุมัติ', handedOver: 'ส่งมอบ', returned: 'คืน', note: 'หมายเหตุ' },
} as const;

export interface CalendarDay {
  date: string;
  day: number;
  free: number;
  past: boolean;
  closed: boolean;
}

export interface CalendarView {
  today: string;
  from: string;
  to: string;
  label: string;
  previous: string | null;
  next: string | null;
  types: Array<{ key: string; name: string; total: number; kind: 'type' | 'kit'; weeks: Array<{ label: string; days: CalendarDay[] }> }>;
}

/** The Monday on or before a date. */
export function mondayOf(key: string): string {
  const weekday = new Date(`${key}T00:00:00Z`).getUTCDay();
  return addDays(key, -((weekday + 6) % 7));
}

/** "6 ธ.ค. – 12 ธ.ค. 2569": a week or a run of weeks, the Buddhist year of its last day. */
const yearBE = (key: string) => Number(key.slice(0, 4)) + 543;
/** "3 พ.ค. – 9 พ.ค. 2570"; a span over the new year names both years ("27 ธ.ค. 2570 – 2 ม.ค. 2571"). */
const span = (from: string, to: string) =>
  `${formatThaiDayMonthKey(from)}${yearBE(from) === yearBE(to) ? '' : ` ${yearBE(from)}`} – ${formatThaiDayMonthKey(to)} ${yearBE(to)}`;

/**
 * CALENDAR_WEEKS weeks from the Monday of `from` (this week without it; never before this week, never more than a
 * year ahead); null when `from` is no date.
 */
export async function loanCalendar(db: Executor, officeId: string, today: string, from?: string): Promise<CalendarView | null> {
  if (from !== undefined && !isDateKey(from)) return null;
  const thisWeek = mondayOf(today);
  const last = addDays(thisWeek, 7 * (CALENDAR_MAX_WEEKS_AHEAD - CALENDAR_WEEKS));
  let start = from ? mondayOf(from) : thisWeek;
  if (start < thisWeek) start = thisWeek;
  if (start > last) start = last;
  const range = { from: start, to: addDays(start, 7 * CALENDAR_WEEKS - 1) };
  const calendar = await loadOfficeCalendar(db, officeId);
  const choices = [...(await listBorrowableTypes(db, officeId)), ...(await listBorrowableKits(db, officeId))];
  const types: CalendarView['types'] = [];
  for (const choice of choices) {
    const units = await unitsWithBusyDays(db, officeId, choice.target, range, { today });
    const free = freeByDay(units, range);
    const weeks = Array.from({ length: CALENDAR_WEEKS }, (_, w) => {
      const monday = addDays(start, 7 * w);
      const days = Array.from({ length: 7 }, (_, d) => {
        const date = addDays(monday, d);
        return { date, day: Number(date.slice(8)), free: free[7 * w + d] ?? 0, past: date < today, closed: !isOfficeDay(date, calendar) };
      });
      return { label: span(monday, addDays(monday, 6)), days };
    });
    types.push({ key: `${choice.target.kind}-${choice.target.id}`, name: choice.name, total: units.length, kind: choice.target.kind === 'kit' ? 'kit' : 'type', weeks });
  }
  return {
    today,
    from: range.from,
    to: range.to,
    label: span(range.from, range.to),
    previous: start > thisWeek ? (addDays(start, -7 * CALENDAR_WEEKS) < thisWeek ? thisWeek : addDays(start, -7 * CALENDAR_WEEKS)) : null,
    next: start < last ? addDays(start, 7 * CALENDAR_WEEKS) : null,
    types,
  };
}

export const HISTORY_LIMIT = 100;

export interface SchoolHistoryView {
  schools: Array<{ key: string; name: string; count: number }>;
  selected: string | null;
  shown: string;
  /** `items`: the loan's items with their pages (each item's own history). */
  loans: Array<{ id: number; status: string; fields: Array<[string, string]>; items: Array<{ id: number; label: string }> }>;
}

const keyOf = (schoolId: number | null) => (schoolId === null ? 'office' : String(schoolId));

function historyLine(record: LoanRecord): SchoolHistoryView['loans'][number] {
  const F = historyTexts.fields;
  const loan = record.loan;
  const handed = handedOverText(record);
  const fields: Array<[string, string]> = [
    [F.dates, loan.startsOn === loan.endsOn ? formatThaiDateKey(loan.startsOn) : `${formatThaiDateKey(loan.startsOn)} – ${formatThaiDateKey(loan.endsOn)}`],
    [F.borrower, loan.requesterName],
    [F.items, itemsText(record)],
    [F.purpose, loan.purpose],
  ];
  const approver = approverText(record);
  if (approver) fields.push([F.approver, approver]);
  if (handed.at) fields.push([F.handedOver, `${handed.at} (${handed.by})`]);
  const out = record.items.filter((i) => i.handedOverAt !== null);
  if (out.length > 0) {
    // Item by item: when it came back and in what condition, or that it is still out.
    const each = out.map((i) => `${i.assetTag} ${i.returnedAt ? `${formatThaiDate(i.returnedAt)}${i.returnCondition ? ` (${CONDITION_LABELS[i.returnCondition]})` : ''}` : DESK_ITEM_STATUS_LABELS[i.status]}`);
    fields.push([F.returned, each.join('; ')]);
  }
  const note = recordNote(record);
  if (note) fields.push([F.note, note]);
  return { id: loan.id, status: recordStatus(record), fields, items: record.items.map((i) => ({ id: i.itemId, label: i.assetTag })) };
}

/** The schools with loans and, for the one chosen (`office` or an id), its loans newest first; null: no such choice. */
export async function schoolHistory(db: Executor, officeId: string, school: string | undefined): Promise<SchoolHistoryView | null> {
  const all = await schoolsWithLoans(db, officeId);
  const schools = all.map((s) => ({ key: keyOf(s.schoolId), name: s.name ?? OFFICE_ITSELF, count: s.count }));
  if (school === undefined || school === '') return { schools, selected: null, shown: '', loans: [] };
  const chosen = all.find((s) => keyOf(s.schoolId) === school);
  if (!chosen) return null;
  const records = await listSchoolLoanRecords(db, officeId, chosen.schoolId, HISTORY_LIMIT);
  return { schools, selected: school, shown: historyTexts.shown(records.length, HISTORY_LIMIT), loans: records.map(historyLine) };
}


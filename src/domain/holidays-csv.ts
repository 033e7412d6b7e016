/**
 * The office's holiday list as a CSV file: a date and a name per row, with an optional header. Dates as
 * 2026-04-13, 13/4/2569 (day/month/year) or "13 เมษายน 2569"; a year after 2400 is read as Buddhist era. Lines
 * starting with '#' are notes for people (where a list comes from), as in the other imported tables.
 */
import { parseCsv } from './csv.ts';
import { BUDDHIST_ERA_OFFSET } from './fiscal-year.ts';
import { westernDigits } from './thai-digits.ts';

export interface HolidayRow {
  /** YYYY-MM-DD, Common Era (the holidays table's form). */
  date: string;
  name: string;
}

export interface HolidayCsvResult {
  holidays: HolidayRow[];
  problems: { line: number; message: string }[];
}

const THAI_MONTHS = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
];
const THAI_MONTHS_SHORT = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];

function isoDate(year: number, month: number, day: number): string | null {
  const ce = year > 2400 ? year - BUDDHIST_ERA_OFFSET : year;
  if (ce < 1900 || ce > 2200 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(ce, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null; // 31 April and the like
  return date.toISOString().slice(0, 10);
}

/** One date as an office writes it, or null. */
export function parseHolidayDate(text: string): string | null {
  const t = westernDigits(text.trim());
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\s+(\S+)\s+(?:พ\.ศ\.\s*)?(\d{4})$/.exec(t);
  if (m) {
    const long = THAI_MONTHS.indexOf(m[2]!);
    const month = long >= 0 ? long : THAI_MONTHS_SHORT.indexOf(m[2]!);
    if (month < 0) return null;
    return isoDate(Number(m[3]), month + 1, Number(m[1]));
  }
  return null;
}

export function parseHolidaysCsv(text: string): HolidayCsvResult {
  const result: HolidayCsvResult = { holidays: [], problems: [] };
  const records = parseCsv(text).filter((r) => r.fields.some((f) => f.trim() !== '') && !(r.fields[0] ?? '').trimStart().startsWith('#'));
  records.forEach((record, index) => {
    const [dateText = '', name = ''] = record.fields.map((f) => f.trim());
    const date = parseHolidayDate(dateText);
    // A first row whose date column is no date is the header.
    if (!date && index === 0) return;
    if (!date) {
      result.problems.push({ line: record.line, message: `อ่านวันที่ไม่ได้: "${dateText}"` });
      return;
    }
    if (!name) {
      result.problems.push({ line: record.line, message: 'ไม่มีชื่อวันหยุด' });
      return;
    }
    result.holidays.push({ date, name });
  });
  return result;
}

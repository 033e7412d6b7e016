import { z } from 'zod';
import { BUDDHIST_ERA_OFFSET, fiscalYearOf, fiscalYearPeriod, type Period } from './fiscal-year.ts';
import { bangkokDateKey, bangkokTime } from './office-time.ts';

/**
 * The periods a report covers: a calendar month or a fiscal year (1 October – 30 September, named by the
 * Buddhist year in which it ends), always in Asia/Bangkok. A period has a key that travels in links, buttons
 * and job data: `2027-03` (a month, Common Era as the rest of the code keeps dates) or `fy2570`.
 */

export const THAI_MONTH_NAMES = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'] as const;
export const THAI_MONTH_SHORT = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'] as const;

export type ReportPeriod =
  /** `month` 1–12, `year` Common Era. */
  | { kind: 'month'; year: number; month: number }
  /** Buddhist era, e.g. 2570 = 1 Oct 2026 – 30 Sep 2027. */
  | { kind: 'fiscalYear'; fiscalYear: number };

const MONTH_KEY = /^(\d{4})-(\d{2})$/;
const FISCAL_KEY = /^fy(\d{4})$/;

export const reportPeriodKeySchema = z
  .string()
  .max(16)
  .refine((key) => parseReportPeriodKey(key) !== null, 'not a report period');

/** `2027-03` or `fy2570` → the period; null for anything else (a month outside 1–12, a year out of range). */
export function parseReportPeriodKey(key: string): ReportPeriod | null {
  const month = MONTH_KEY.exec(key);
  if (month) {
    const year = Number(month[1]);
    const m = Number(month[2]);
    if (m < 1 || m > 12 || year < 2000 || year > 2200) return null;
    return { kind: 'month', year, month: m };
  }
  const fiscal = FISCAL_KEY.exec(key);
  if (fiscal) {
    const fiscalYear = Number(fiscal[1]);
    if (fiscalYear < 2543 || fiscalYear > 2743) return null;
    return { kind: 'fiscalYear', fiscalYear };
  }
  return null;
}

export function reportPeriodKey(period: ReportPeriod): string {
  return period.kind === 'month' ? `${period.year}-${String(period.month).padStart(2, '0')}` : `fy${period.fiscalYear}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The instants [start, end) of the period. */
export function periodRange(period: ReportPeriod): Period {
  if (period.kind === 'fiscalYear') return fiscalYearPeriod(period.fiscalYear);
  const next = period.month === 12 ? { year: period.year + 1, month: 1 } : { year: period.year, month: period.month + 1 };
  return { start: bangkokTime(`${period.year}-${pad2(period.month)}-01`), end: bangkokTime(`${next.year}-${pad2(next.month)}-01`) };
}

/** The period a report compares with: the month before, or the fiscal year before. */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  if (period.kind === 'fiscalYear') return { kind: 'fiscalYear', fiscalYear: period.fiscalYear - 1 };
  return period.month === 1 ? { kind: 'month', year: period.year - 1, month: 12 } : { kind: 'month', year: period.year, month: period.month - 1 };
}

/** The month containing `at` (Bangkok). */
export function monthOf(at: Date): ReportPeriod & { kind: 'month' } {
  const key = bangkokDateKey(at);
  return { kind: 'month', year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)) };
}

export function fiscalYearReportOf(at: Date): ReportPeriod & { kind: 'fiscalYear' } {
  return { kind: 'fiscalYear', fiscalYear: fiscalYearOf(at) };
}

/** The months of a period in order (one for a month, twelve for a fiscal year, October first). */
export function monthsOf(period: ReportPeriod): Array<ReportPeriod & { kind: 'month' }> {
  if (period.kind === 'month') return [period];
  const startYear = period.fiscalYear - BUDDHIST_ERA_OFFSET - 1;
  return Array.from({ length: 12 }, (_, i) => {
    const m = 10 + i;
    return { kind: 'month' as const, year: m > 12 ? startYear + 1 : startYear, month: m > 12 ? m - 12 : m };
  });
}

/** "มีนาคม 2570" / "ปีงบประมาณ 2570". */
export function periodLabel(period: ReportPeriod): string {
  return period.kind === 'month'
    ? `${THAI_MONTH_NAMES[period.month - 1]} ${period.year + BUDDHIST_ERA_OFFSET}`
    : `ปีงบประมาณ ${period.fiscalYear}`;
}

/** "มี.ค. 70": the label of a month on a chart's axis. */
export function shortMonthLabel(period: ReportPeriod & { kind: 'month' }): string {
  return `${THAI_MONTH_SHORT[period.month - 1]} ${String(period.year + BUDDHIST_ERA_OFFSET).slice(2)}`;
}

/**
 * How the period is named in sentences and column headers, seen from `now`: "เดือนนี้" / "ปีงบประมาณนี้" while it
 * runs, else by name ("เดือนมีนาคม 2570" / "ปีงบประมาณ 2570"), since the monthly report is mostly read after its
 * month has ended.
 */
export function currentLabel(period: ReportPeriod, now: Date): string {
  if (isPeriodOpen(period, now)) return period.kind === 'month' ? 'เดือนนี้' : 'ปีงบประมาณนี้';
  return sentenceName(period);
}

/** How the period before is named beside it: "เดือนก่อน" / "ปีงบประมาณก่อน" while the period runs, else by name. */
export function previousLabel(period: ReportPeriod, now: Date): string {
  if (isPeriodOpen(period, now)) return period.kind === 'month' ? 'เดือนก่อน' : 'ปีงบประมาณก่อน';
  return sentenceName(previousPeriod(period));
}

function sentenceName(period: ReportPeriod): string {
  return period.kind === 'month' ? `เดือน${periodLabel(period)}` : periodLabel(period);
}

/** Whether the period is still running at `now` (its figures are "so far"). */
export function isPeriodOpen(period: ReportPeriod, now: Date): boolean {
  const { start, end } = periodRange(period);
  return now.getTime() >= start.getTime() && now.getTime() < end.getTime();
}

/** Whether the period has begun at `now` (a report of the future is refused). */
export function hasPeriodStarted(period: ReportPeriod, now: Date): boolean {
  return periodRange(period).start.getTime() <= now.getTime();
}

/**
 * The years an office counts in, all in Asia/Bangkok and named in the Buddhist era (พ.ศ. = ค.ศ. + 543):
 * the fiscal year runs 1 October – 30 September and is named after the year in which it ends.
 */
import { bangkokDateKey, bangkokTime } from './office-time.ts';

export const BUDDHIST_ERA_OFFSET = 543;

/** A period [start, end): `end` is the first instant after it. */
export interface Period {
  start: Date;
  end: Date;
}

function bangkokYearMonth(date: Date): { year: number; month: number } {
  const key = bangkokDateKey(date);
  return { year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)) };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The fiscal year (Buddhist era) an instant belongs to: 1 October 2025 (Bangkok) opens fiscal year 2569. */
export function fiscalYearOf(date: Date): number {
  const { year, month } = bangkokYearMonth(date);
  return year + BUDDHIST_ERA_OFFSET + (month >= 10 ? 1 : 0);
}

/** Fiscal year 2569 = [1 Oct 2025 00:00, 1 Oct 2026 00:00) Bangkok time. */
export function fiscalYearPeriod(fiscalYear: number): Period {
  const endsIn = fiscalYear - BUDDHIST_ERA_OFFSET;
  return { start: bangkokTime(`${endsIn - 1}-10-01`), end: bangkokTime(`${endsIn}-10-01`) };
}

/** The calendar year (Buddhist era) an instant belongs to in Bangkok (register numbering restarts on 1 January). */
export function calendarYearOf(date: Date): number {
  return bangkokYearMonth(date).year + BUDDHIST_ERA_OFFSET;
}

export function calendarYearPeriod(buddhistYear: number): Period {
  const year = buddhistYear - BUDDHIST_ERA_OFFSET;
  return { start: bangkokTime(`${year}-01-01`), end: bangkokTime(`${year + 1}-01-01`) };
}

/** The Bangkok calendar month containing an instant. */
export function monthPeriodOf(date: Date): Period {
  const { year, month } = bangkokYearMonth(date);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    start: bangkokTime(`${year}-${pad2(month)}-01`),
    end: bangkokTime(`${next.year}-${pad2(next.month)}-01`),
  };
}

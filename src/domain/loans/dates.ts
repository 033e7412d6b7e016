/** Calendar dates as `YYYY-MM-DD` (Bangkok days, no time): the arithmetic loans need. Pure. */

const DAY_MS = 86_400_000;

function toUtc(key: string): number {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

export function addDays(key: string, days: number): string {
  return new Date(toUtc(key) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** Days a loan lasts, both ends included. */
export function loanDays(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

export const isDateKey = (text: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(toUtc(text)) && addDays(text, 0) === text;

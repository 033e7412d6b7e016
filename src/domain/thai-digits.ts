/**
 * What people type on a Thai keyboard, read as numbers and times: Thai digits (๐–๙) as Western ones, and a clock time
 * as people write it ("9", "9.30", "09:30", "๑๕:๐๐", "14.00 น."). Pure.
 */

/** "๑๒" → "12"; everything else is left as it is. */
export function westernDigits(text: string): string {
  return text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
}

/** A typed clock time as "HH:MM", or null when it is not one. */
export function typedClockTime(text: string): string | null {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(?:น\.?|นาฬิกา)?$/u.exec(westernDigits(text).trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** A number as people type it: Thai digits, thousands commas, the unit after it ("๑,๒๕๐ ห้อง"); null when it is none. */
export function typedNumber(text: string, unit?: string): number | null {
  let t = westernDigits(text).trim();
  if (unit && t.endsWith(unit)) t = t.slice(0, -unit.length).trim();
  t = t.replace(/,(?=\d{3}\b)/g, '');
  if (!/^[-+]?(\d+(\.\d+)?|\.\d+)$/.test(t)) return null;
  return Number(t);
}

/**
 * Office time: the minutes an office is open (office hours on office days: working weekdays minus the
 * office's holidays), always in Asia/Bangkok. Pure: the calendar is loaded by a repository and passed in.
 */

/** Bangkok has no daylight saving: a fixed +07:00 is exact all year. */
const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** No office closes for ten years: a calendar that never opens is a setting error, not an endless loop. */
const MAX_DAYS_SCANNED = 3700;

export interface OfficeCalendar {
  /** Opening and closing, minutes after local midnight (08:30 → 510, 16:30 → 990). */
  openMinute: number;
  closeMinute: number;
  /** Working weekdays, 0 = Sunday … 6 = Saturday. */
  workingDays: readonly number[];
  /** Holidays as Bangkok calendar dates `YYYY-MM-DD`. */
  holidays: ReadonlySet<string>;
}

export const DEFAULT_OFFICE_CALENDAR: OfficeCalendar = {
  openMinute: 8 * 60 + 30,
  closeMinute: 16 * 60 + 30,
  workingDays: [1, 2, 3, 4, 5],
  holidays: new Set(),
};

/** "08:30" → 510. */
export function parseClockTime(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) throw new RangeError(`not a clock time: ${text}`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) throw new RangeError(`not a clock time: ${text}`);
  return hours * 60 + minutes;
}

/** Days since 1970-01-01 of the Bangkok calendar date containing `date`. */
function localDayNumber(date: Date): number {
  return Math.floor((date.getTime() + BANGKOK_OFFSET_MS) / DAY_MS);
}

/** The instant of a Bangkok local day number plus minutes after its midnight. */
function instantOf(dayNumber: number, minute: number): number {
  return dayNumber * DAY_MS + minute * MINUTE_MS - BANGKOK_OFFSET_MS;
}

function dayKey(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The Bangkok calendar date `YYYY-MM-DD` of an instant. */
export function bangkokDateKey(date: Date): string {
  return dayKey(localDayNumber(date));
}

/** Minutes after Bangkok midnight of an instant (08:30 → 510), to compare with the office's hours. */
export function bangkokMinuteOfDay(date: Date): number {
  return Math.floor((date.getTime() - localDayNumber(date) * DAY_MS + BANGKOK_OFFSET_MS) / MINUTE_MS);
}

/** 510 → "08:30": minutes after midnight as a clock time (the inverse of `parseClockTime`). */
export const minutesToClock = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The Bangkok wall-clock time "HH:MM" of an instant. */
export function bangkokClock(date: Date): string {
  return minutesToClock(bangkokMinuteOfDay(date));
}

/** The instant of a Bangkok wall-clock time: `bangkokTime('2026-10-01', '08:00')`. */
export function bangkokTime(dateKey: string, clock = '00:00'): Date {
  const day = Date.parse(`${dateKey}T00:00:00Z`);
  if (Number.isNaN(day) || !/^\d{4}-\d{2}-\d{2}$/.test(dateKey)) throw new RangeError(`not a date: ${dateKey}`);
  return new Date(day + parseClockTime(clock) * MINUTE_MS - BANGKOK_OFFSET_MS);
}

function isOfficeDayNumber(dayNumber: number, calendar: OfficeCalendar): boolean {
  // Day 0 (1970-01-01) was a Thursday.
  const weekday = (((dayNumber + 4) % 7) + 7) % 7;
  return calendar.workingDays.includes(weekday) && !calendar.holidays.has(dayKey(dayNumber));
}

/** Whether the office is open on this day (a `YYYY-MM-DD` Bangkok date, or the Bangkok date of an instant). */
export function isOfficeDay(day: Date | string, calendar: OfficeCalendar): boolean {
  const dayNumber = typeof day === 'string' ? localDayNumber(bangkokTime(day)) : localDayNumber(day);
  return isOfficeDayNumber(dayNumber, calendar);
}

/** Whether the office is open at this instant (closing time itself counts as closed). */
export function isOfficeHours(at: Date, calendar: OfficeCalendar): boolean {
  const dayNumber = localDayNumber(at);
  if (!isOfficeDayNumber(dayNumber, calendar)) return false;
  const t = at.getTime();
  return t >= instantOf(dayNumber, calendar.openMinute) && t < instantOf(dayNumber, calendar.closeMinute);
}

function assertCalendar(calendar: OfficeCalendar): void {
  if (!(calendar.closeMinute > calendar.openMinute)) throw new RangeError('office hours must close after they open');
  if (calendar.workingDays.length === 0) throw new RangeError('the office has no working day');
}

/**
 * The earliest instant at which `minutes` office minutes have passed since `start` (a start outside office
 * hours counts from the next opening). Zero minutes is `start` itself.
 */
export function addOfficeMinutes(start: Date, minutes: number, calendar: OfficeCalendar): Date {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError(`office minutes must be 0 or more: ${minutes}`);
  assertCalendar(calendar);
  let remaining = minutes * MINUTE_MS;
  if (remaining === 0) return new Date(start.getTime());
  let cursor = start.getTime();
  let dayNumber = localDayNumber(start);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1, dayNumber += 1) {
    if (!isOfficeDayNumber(dayNumber, calendar)) continue;
    const open = instantOf(dayNumber, calendar.openMinute);
    const close = instantOf(dayNumber, calendar.closeMinute);
    const from = Math.max(cursor, open);
    if (from >= close) continue;
    if (from + remaining <= close) return new Date(from + remaining);
    remaining -= close - from;
    cursor = close;
  }
  throw new RangeError('office calendar never opens within ten years');
}

/** Office milliseconds in [a, b). */
function officeMsBetween(a: number, b: number, calendar: OfficeCalendar): number {
  let total = 0;
  const lastDay = localDayNumber(new Date(b));
  for (let dayNumber = localDayNumber(new Date(a)); dayNumber <= lastDay; dayNumber += 1) {
    if (!isOfficeDayNumber(dayNumber, calendar)) continue;
    const from = Math.max(a, instantOf(dayNumber, calendar.openMinute));
    const to = Math.min(b, instantOf(dayNumber, calendar.closeMinute));
    if (to > from) total += to - from;
  }
  return total;
}

/**
 * Whole office minutes from `a` to `b` (rounded down); negative when `b` is before `a`, so "minutes left
 * until a deadline" reads naturally.
 */
export function officeMinutesBetween(a: Date, b: Date, calendar: OfficeCalendar): number {
  assertCalendar(calendar);
  const from = a.getTime();
  const to = b.getTime();
  if (to >= from) return Math.floor(officeMsBetween(from, to, calendar) / MINUTE_MS);
  return -Math.floor(officeMsBetween(to, from, calendar) / MINUTE_MS);
}

/**
 * The same Bangkok wall-clock time on the `days`-th office day after the date of `start` (days ≥ 1), or
 * the first office day on or after it for 0. "Auto-close after 3 office days" = addOfficeDays(resolvedAt, 3).
 */
export function addOfficeDays(start: Date, days: number, calendar: OfficeCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`office days must be a whole number ≥ 0: ${days}`);
  assertCalendar(calendar);
  const startDay = localDayNumber(start);
  const timeOfDay = start.getTime() + BANGKOK_OFFSET_MS - startDay * DAY_MS;
  let dayNumber = startDay;
  let left = days;
  if (left === 0) {
    for (let scanned = 0; !isOfficeDayNumber(dayNumber, calendar); scanned += 1, dayNumber += 1) {
      if (scanned > MAX_DAYS_SCANNED) throw new RangeError('office calendar never opens within ten years');
    }
  }
  for (let scanned = 0; left > 0; scanned += 1) {
    if (scanned > MAX_DAYS_SCANNED * 2) throw new RangeError('office calendar never opens within ten years');
    dayNumber += 1;
    if (isOfficeDayNumber(dayNumber, calendar)) left -= 1;
  }
  return new Date(dayNumber * DAY_MS + timeOfDay - BANGKOK_OFFSET_MS);
}

/** The next instant at or after `from` when the office's wall clock shows `clock` on an office day (digests). */
export function nextOfficeDayAt(from: Date, clock: string, calendar: OfficeCalendar): Date {
  assertCalendar(calendar);
  const minute = parseClockTime(clock);
  let dayNumber = localDayNumber(from);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1, dayNumber += 1) {
    if (!isOfficeDayNumber(dayNumber, calendar)) continue;
    const at = instantOf(dayNumber, minute);
    if (at >= from.getTime()) return new Date(at);
  }
  throw new RangeError('office calendar never opens within ten years');
}

/**
 * The earliest instant from which at most `minutes` office minutes are left until `end` ("remind 60 office
 * minutes before the deadline"). Time the office is closed counts for nothing, so a lead that reaches back
 * exactly to an opening starts at the previous closing: the night before is already "within the hour".
 */
export function officeInstantBefore(end: Date, minutes: number, calendar: OfficeCalendar): Date {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError(`office minutes must be 0 or more: ${minutes}`);
  assertCalendar(calendar);
  let remaining = minutes * MINUTE_MS;
  let dayNumber = localDayNumber(end);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned += 1, dayNumber -= 1) {
    if (!isOfficeDayNumber(dayNumber, calendar)) continue;
    const open = instantOf(dayNumber, calendar.openMinute);
    const until = Math.min(end.getTime(), instantOf(dayNumber, calendar.closeMinute));
    if (until <= open) continue;
    if (remaining < until - open) return new Date(until - remaining);
    remaining -= until - open;
  }
  throw new RangeError('office calendar never opens within ten years');
}

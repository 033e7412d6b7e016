import dayjs from 'dayjs';
import buddhistEra from 'dayjs/plugin/buddhistEra.js';
import utc from 'dayjs/plugin/utc.js';
import 'dayjs/locale/th.js';

dayjs.extend(utc);
dayjs.extend(buddhistEra);

/** Bangkok has no daylight saving: a fixed +07:00 is exact. */
const BANGKOK_OFFSET_MINUTES = 7 * 60;

/** "1 ตุลาคม 2568": day, full Thai month, Buddhist-era year, in Bangkok time. */
export function formatThaiDate(date: Date): string {
  return dayjs(date).utcOffset(BANGKOK_OFFSET_MINUTES).locale('th').format('D MMMM BBBB');
}

/** "1 ตุลาคม 2568 เวลา 14:05 น." */
export function formatThaiDateTime(date: Date): string {
  const local = dayjs(date).utcOffset(BANGKOK_OFFSET_MINUTES).locale('th');
  return `${local.format('D MMMM BBBB')} เวลา ${local.format('HH:mm')} น.`;
}

/** "10 ธันวาคม 2569 เวลา 09:00–11:00 น.": a meeting's or booking's day and times (ending the same day). */
export function formatThaiTimeSpan(startsAt: Date, endsAt: Date): string {
  const start = dayjs(startsAt).utcOffset(BANGKOK_OFFSET_MINUTES).locale('th');
  const end = dayjs(endsAt).utcOffset(BANGKOK_OFFSET_MINUTES);
  return `${start.format('D MMMM BBBB')} เวลา ${start.format('HH:mm')}–${end.format('HH:mm')} น.`;
}

/**
 * "1 ตุลาคม 2568" for a calendar date kept as `YYYY-MM-DD` (a letter's date, a due date): the day itself,
 * with no time zone to shift it. Anything else is returned as it is.
 */
export function formatThaiDateKey(key: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) return key;
  const noon = new Date(`${key}T12:00:00+07:00`);
  return Number.isNaN(noon.getTime()) ? key : formatThaiDate(noon);
}

/** "5 มี.ค." for a `YYYY-MM-DD` date: short enough for a button (LINE allows 20 characters). */
export function formatThaiDayMonthKey(key: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) return key;
  return dayjs(`${key}T12:00:00+07:00`).utcOffset(BANGKOK_OFFSET_MINUTES).locale('th').format('D MMM');
}

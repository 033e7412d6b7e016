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

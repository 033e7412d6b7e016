import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/database.ts';
import { listHolidays, upsertHolidays } from '../../db/repos/holidays.ts';
import { parseHolidaysCsv } from '../../domain/holidays-csv.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { Logger } from '../../logger.ts';

/**
 * Thai government holidays (วันหยุดราชการ) of 2569–2570 with their Thai names; its notes say where the list comes
 * from. Real dates, not invented: the demo office's loans, rooms and reminders skip them as an office would.
 */
export const THAI_PUBLIC_HOLIDAYS_CSV = fileURLToPath(new URL('../../../scripts/thai-public-holidays.csv', import.meta.url));

/**
 * A fresh embedded installation has no holiday list: give it the shipped Thai public holidays of the current and the
 * next calendar year (Buddhist years, as the clock reads in Bangkok). A year for which the office already has any
 * holiday is left as the office made it (a deleted or renamed day stays so at the next start); a PostgreSQL server
 * (real data) is never touched. Returns how many days were added.
 */
export async function loadThaiHolidaysIfMissing(database: Database, officeId: string, logger: Logger, now: Date, file = THAI_PUBLIC_HOLIDAYS_CSV): Promise<number> {
  if (database.kind !== 'embedded') return 0;
  let csv: string;
  try {
    csv = await readFile(file, 'utf8');
  } catch {
    logger.warn({ file }, 'Thai public holidays file not found; the holiday list stays as it is');
    return 0;
  }
  const { holidays, problems } = parseHolidaysCsv(csv);
  if (problems.length > 0) logger.warn({ file, problems }, 'rows of the Thai public holidays file not read');
  const year = Number(bangkokDateKey(now).slice(0, 4));
  let added = 0;
  for (const y of [year, year + 1]) {
    if ((await listHolidays(database.db, officeId, y)).length > 0) continue;
    added += await upsertHolidays(database.db, officeId, holidays.filter((h) => h.date.startsWith(`${y}-`)));
  }
  if (added > 0) logger.info({ added }, 'Thai public holidays loaded into the office holiday list');
  return added;
}

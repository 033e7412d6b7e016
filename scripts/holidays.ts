/**
 * The office's holiday list (office days = Monday–Friday minus these; cabinet resolutions change it yearly):
 *   npx node scripts/holidays.ts import <file.csv> [--office=ID]   add holidays / rename existing dates
 *   npx node scripts/holidays.ts list [year] [--office=ID]        year in พ.ศ. or ค.ศ.
 *   npx node scripts/holidays.ts delete <date> [--office=ID]
 * CSV: date,name (header optional); dates 2026-04-13, 13/4/2569 or "13 เมษายน 2569". Exit 0 ok, 1 refused rows, 2 usage.
 */
import type { Executor } from '../src/db/database.ts';
import { deleteHoliday, listHolidays, upsertHolidays } from '../src/db/repos/holidays.ts';
import { parseHolidayDate, parseHolidaysCsv } from '../src/domain/holidays-csv.ts';
import { BUDDHIST_ERA_OFFSET } from '../src/domain/fiscal-year.ts';
import { formatThaiDate } from '../src/domain/thai-date.ts';
import { bangkokTime } from '../src/domain/office-time.ts';
import { officeOption, runOfficeCommand, type ScriptIo } from './script-support.ts';

const USAGE = 'Usage: holidays import <file.csv> | list [year] | delete <date>   [--office=ID]\n';

/** Runs one holidays command against the database; returns the exit code. */
export async function runHolidaysCommand(ex: Executor, officeId: string, args: readonly string[], io: ScriptIo): Promise<number> {
  const [command, arg] = args;
  if (command === 'import' && arg) {
    const parsed = parseHolidaysCsv(await io.readFile(arg));
    const written = await upsertHolidays(ex, officeId, parsed.holidays);
    io.out(`บันทึกวันหยุด ${written} วัน`);
    for (const problem of parsed.problems) io.out(`บรรทัด ${problem.line}: ${problem.message}`);
    return parsed.problems.length === 0 ? 0 : 1;
  }
  if (command === 'list') {
    let year: number | undefined;
    if (arg !== undefined) {
      if (!/^\d{4}$/.test(arg)) return usage(io);
      year = Number(arg) > 2400 ? Number(arg) - BUDDHIST_ERA_OFFSET : Number(arg);
    }
    const list = await listHolidays(ex, officeId, year);
    for (const h of list) io.out(`${h.date}  ${formatThaiDate(bangkokTime(h.date, '12:00'))}  ${h.name}`);
    io.out(`รวม ${list.length} วัน`);
    return 0;
  }
  if (command === 'delete' && arg) {
    const date = parseHolidayDate(arg);
    if (!date) return usage(io);
    io.out((await deleteHoliday(ex, officeId, date)) ? `ลบวันหยุด ${date} แล้ว` : `ไม่มีวันหยุด ${date} ในรายการ`);
    return 0;
  }
  return usage(io);
}

function usage(io: ScriptIo): number {
  io.out(USAGE.trimEnd());
  return 2;
}

async function main(argv: string[]): Promise<number> {
  if (officeOption(argv).rest.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  return runOfficeCommand('holidays', argv, runHolidaysCommand);
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

/**
 * All repair tickets reported in a period, as CSV (UTF-8 with BOM, so Excel shows Thai):
 *   npx node scripts/export-repairs.ts 2570 [--office=ID] [--out=file.csv]                 fiscal year (พ.ศ.)
 *   npx node scripts/export-repairs.ts 2027-03 …                                           a month (ค.ศ. or พ.ศ.)
 *   npx node scripts/export-repairs.ts 2027-03-01 2027-03-31 …                             two dates, both included
 * Without --out the CSV goes to standard output; `--out=file.xlsx` writes an Excel file instead (dates as dates).
 * Exit 0 ok, 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import type { Executor } from '../src/db/database.ts';
import { loadOfficeCalendar } from '../src/db/repos/holidays.ts';
import { listTickets } from '../src/db/repos/repair-tickets.ts';
import { officeClockOf } from '../src/flows/repair-work/clock.ts';
import { parsePeriod, ticketsCsv } from '../src/flows/repair-work/csv.ts';
import { ticketsXlsx } from '../src/flows/repair-work/xlsx.ts';
import { createLogger } from '../src/logger.ts';
import { describeError, loadScriptConfig, withScriptDatabase, officeOption } from './script-support.ts';

const USAGE = 'Usage: export-repairs <fiscal year | YYYY-MM | from-date to-date> [--office=ID] [--out=file.csv | --out=file.xlsx]\n';

/** The CSV of the tickets reported in the period given by `args`, or null for arguments that name no period. */
export async function exportRepairsCsv(ex: Executor, officeId: string, args: readonly string[], now: Date): Promise<{ csv: string; count: number } | null> {
  const period = parsePeriod(args);
  if (!period) return null;
  const tickets = await listTickets(ex, officeId, { createdFrom: period.start, createdBefore: period.end });
  const clock = officeClockOf(await loadOfficeCalendar(ex, officeId));
  return { csv: ticketsCsv(tickets, clock, now), count: tickets.length };
}

/** The same tickets as an Excel workbook. */
export async function exportRepairsXlsx(ex: Executor, officeId: string, args: readonly string[], now: Date): Promise<{ xlsx: Buffer; count: number } | null> {
  const period = parsePeriod(args);
  if (!period) return null;
  const tickets = await listTickets(ex, officeId, { createdFrom: period.start, createdBefore: period.end });
  const clock = officeClockOf(await loadOfficeCalendar(ex, officeId));
  return { xlsx: await ticketsXlsx(tickets, clock, now), count: tickets.length };
}

async function main(argv: string[]): Promise<number> {
  const config = loadScriptConfig();
  if (!config) return 2;
  const { officeId, rest } = officeOption(argv);
  const outFlag = rest.find((a) => a.startsWith('--out='));
  const args = rest.filter((a) => a !== outFlag);
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  try {
    const out = outFlag?.slice('--out='.length);
    if (out?.toLowerCase().endsWith('.xlsx')) {
      const workbook = await withScriptDatabase(config, logger, (database) => exportRepairsXlsx(database.db, officeId, args, new Date()));
      if (!workbook) {
        process.stderr.write(USAGE);
        return 2;
      }
      await writeFile(out, workbook.xlsx);
      process.stderr.write(`ส่งออกงานซ่อม ${workbook.count} รายการ\n`);
      return 0;
    }
    const result = await withScriptDatabase(config, logger, (database) => exportRepairsCsv(database.db, officeId, args, new Date()));
    if (!result) {
      process.stderr.write(USAGE);
      return 2;
    }
    if (outFlag) {
      await writeFile(outFlag.slice('--out='.length), result.csv, 'utf8');
      process.stderr.write(`ส่งออกงานซ่อม ${result.count} รายการ\n`);
    } else {
      process.stdout.write(result.csv);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`export-repairs: ${describeError(err)}\n`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

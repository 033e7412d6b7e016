/**
 * The office's video conferences for schools (ประชุมทางไกล), exported as CSV or Excel (--out=….xlsx):
 *   npm run vc-sessions -- export [--from=YYYY-MM-DD] [--to=YYYY-MM-DD] [--by=district] [--out=file.csv|file.xlsx] [--office=ID]
 * The sessions starting on those Bangkok days (both included; default this calendar month), one row per session with
 * invited, answered, attended and the evaluation's averages, or with --by=district one row per session and district.
 * Without --out the CSV goes to standard output. Exit 0 ok, 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import type { Executor } from '../src/db/database.ts';
import { bangkokDateKey, bangkokTime } from '../src/domain/office-time.ts';
import { exportVcSessionsCsv, exportVcSessionsXlsx } from '../src/flows/vc/sessions-csv.ts';
import { runOfficeCommand, type ScriptIo, writeOutput } from './script-support.ts';

const USAGE = 'Usage: vc-sessions export [--from=YYYY-MM-DD] [--to=YYYY-MM-DD] [--by=district] [--out=file.csv|file.xlsx]   [--office=ID]';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface VcSessionsCommandIo extends ScriptIo {
  writeFile: (path: string, content: string | Buffer) => Promise<void>;
  write: (text: string) => void;
}

/** Runs one vc-sessions command against the database; returns the exit code. */
export async function runVcSessionsCommand(ex: Executor, officeId: string, args: readonly string[], io: VcSessionsCommandIo, now: Date = new Date()): Promise<number> {
  const [command, ...rest] = args;
  const flag = (name: string) => rest.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const known = rest.every((a) => /^--(from|to|out)=./.test(a) || a === '--by=district' || a === '--by=session');
  const [year, month] = bangkokDateKey(now).slice(0, 7).split('-').map(Number) as [number, number];
  const from = flag('from') ?? `${year}-${String(month).padStart(2, '0')}-01`;
  const to = flag('to');
  // --to names the last day, included; by default the rest of this month.
  const toExclusive = to ? (DATE.test(to) ? bangkokDateKey(new Date(bangkokTime(to).getTime() + DAY_MS)) : '') : month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  if (command !== 'export' || !known || !DATE.test(from) || !DATE.test(toExclusive) || toExclusive <= from) {
    io.out(USAGE);
    return 2;
  }
  const by = flag('by') === 'district' ? 'district' : 'session';
  const out = flag('out');
  if (out?.toLowerCase().endsWith('.xlsx')) {
    await io.writeFile(out, await exportVcSessionsXlsx(ex, officeId, bangkokTime(from), bangkokTime(toExclusive), by, now));
    io.out(`บันทึกแล้ว: ${out}`);
    return 0;
  }
  await writeOutput(io, out, await exportVcSessionsCsv(ex, officeId, bangkokTime(from), bangkokTime(toExclusive), by));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  return runOfficeCommand('vc-sessions', argv, (ex, officeId, args, io) =>
    runVcSessionsCommand(ex, officeId, args, { ...io, writeFile: (path, content) => writeFile(path, content), write: (text) => process.stdout.write(text) }),
  );
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

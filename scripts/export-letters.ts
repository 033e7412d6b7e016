/**
 * The saraban registers as CSV (UTF-8 with BOM, so Excel shows Thai), in the regulation's columns:
 *   npm run export-letters -- receive 2569 [--office=ID] [--out=file.csv]      ทะเบียนหนังสือรับ (แบบที่ 13) of a calendar year
 *   npm run export-letters -- send 2569 …                                      ทะเบียนหนังสือส่ง (แบบที่ 14)
 *   npm run export-letters -- destruction 2570 …                               บัญชีหนังสือขอทำลาย (แบบที่ 25): letters past
 *                                                                              retention in the list made in January 2570
 * Years are Buddhist era (a Christian-era year is converted). Without --out the CSV goes to standard output;
 * `--out=file.xlsx` writes an Excel file instead (ลงวันที่ as a date).
 * Exit 0 ok, 1 database error, 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import type { Executor } from '../src/db/database.ts';
import { listLettersPastRetention, listRegisterYear } from '../src/db/repos/letter-keeping.ts';
import { getOfficeSettings } from '../src/db/repos/office-settings.ts';
import { destructionCsv, registerCsv } from '../src/flows/saraban-keep/csv.ts';
import { destructionXlsx, registerXlsx } from '../src/flows/saraban-keep/xlsx.ts';
import { retentionLimits } from '../src/flows/saraban-keep/retention.ts';
import { runOfficeCommand } from './script-support.ts';

const USAGE = 'Usage: export-letters <receive|send|destruction> <year พ.ศ.> [--office=ID] [--out=file.csv | --out=file.xlsx]\n';

export function yearArg(text: string | undefined): number | null {
  if (!text || !/^\d{4}$/.test(text)) return null;
  const year = Number(text);
  return year < 2400 ? year + 543 : year;
}

/** The CSV asked for by `args`, or null for arguments that ask for nothing known. */
export async function exportLettersCsv(ex: Executor, officeId: string, args: readonly string[]): Promise<{ csv: string; count: number } | null> {
  const [what, yearText, extra] = args;
  const year = yearArg(yearText);
  if (year === null || extra !== undefined) return null;
  if (what === 'receive' || what === 'send') {
    const letters = await listRegisterYear(ex, officeId, what, year);
    return { csv: registerCsv(what, letters), count: letters.length };
  }
  if (what === 'destruction') {
    const settings = await getOfficeSettings(ex, officeId);
    const letters = await listLettersPastRetention(ex, officeId, retentionLimits(settings.saraban, year));
    return { csv: destructionCsv(letters, settings.saraban), count: letters.length };
  }
  return null;
}

/** The same lines as an Excel workbook, or null for arguments that ask for nothing known. */
export async function exportLettersXlsx(ex: Executor, officeId: string, args: readonly string[], now: Date): Promise<{ xlsx: Buffer; count: number } | null> {
  const [what, yearText, extra] = args;
  const year = yearArg(yearText);
  if (year === null || extra !== undefined) return null;
  if (what === 'receive' || what === 'send') {
    const letters = await listRegisterYear(ex, officeId, what, year);
    return { xlsx: await registerXlsx(what, letters, now), count: letters.length };
  }
  if (what === 'destruction') {
    const settings = await getOfficeSettings(ex, officeId);
    const letters = await listLettersPastRetention(ex, officeId, retentionLimits(settings.saraban, year));
    return { xlsx: await destructionXlsx(letters, settings.saraban, now), count: letters.length };
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  const outFlag = argv.find((a) => a.startsWith('--out='));
  const rest = argv.filter((a) => a !== outFlag);
  return runOfficeCommand('export-letters', rest, async (ex, officeId, args) => {
    const out = outFlag?.slice('--out='.length);
    if (out?.toLowerCase().endsWith('.xlsx')) {
      const workbook = await exportLettersXlsx(ex, officeId, args, new Date());
      if (!workbook) {
        process.stderr.write(USAGE);
        return 2;
      }
      await writeFile(out, workbook.xlsx);
      process.stderr.write(`ส่งออก ${workbook.count} รายการ\n`);
      return 0;
    }
    const result = await exportLettersCsv(ex, officeId, args);
    if (!result) {
      process.stderr.write(USAGE);
      return 2;
    }
    if (outFlag) {
      await writeFile(outFlag.slice('--out='.length), result.csv, 'utf8');
      process.stderr.write(`ส่งออก ${result.count} รายการ\n`);
    } else {
      process.stdout.write(result.csv);
    }
    return 0;
  });
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

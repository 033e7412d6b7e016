/**
 * The office's lendable inventory (equipment loans, first part):
 *   npm run inventory -- import <file.csv> [--office=ID]     items and consumables; re-import updates by ครุภัณฑ์ number
 *   npm run inventory -- export [--out=file.csv|file.xlsx] [--office=ID]
 *   npm run inventory -- labels [--out=file.pdf] [asset tag …] [--office=ID]   QR labels (A4 sheet) of the items in use
 *   npm run inventory -- usage [--from=YYYY-MM-DD] [--to=YYYY-MM-DD] [--out=file.csv] [--office=ID]   the consumables' usage log
 *   npm run inventory -- loans [--from=YYYY-MM-DD] [--to=YYYY-MM-DD] [--out=file.csv|file.xlsx] [--office=ID]   the loans
 *     whose first day is in the period, in the columns of แบบบันทึกขอยืมวัสดุอุปกรณ์/เอกสาร/สื่อ Software
 * Headers in Thai or English (see the README); a bad row is reported with its line number and the rest imported.
 * Without --out the CSV goes to standard output, the labels to inventory-labels.pdf. Exit 0 ok, 1 some rows refused
 * (or asset tags not found), 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import type { Executor } from '../src/db/database.ts';
import { listItems } from '../src/db/repos/loan-inventory.ts';
import { getOfficeSettings } from '../src/db/repos/office-settings.ts';
import { officeName } from '../src/db/repos/reports.ts';
import { bangkokTime } from '../src/domain/office-time.ts';
import { reportSettingsOf } from '../src/domain/report-settings.ts';
import { exportUsageCsv } from '../src/flows/loans-desk/usage-csv.ts';
import { exportInventoryCsv, importInventoryCsv } from '../src/flows/loans/inventory-csv.ts';
import { exportInventoryXlsx } from '../src/flows/loans/inventory-xlsx.ts';
import { exportLoansCsv, exportLoansXlsx } from '../src/flows/loans/loan-records.ts';
import { itemPagePath, labelSheetPdfJob } from '../src/flows/loans/labels.ts';
import { inventoryMessages as m } from '../src/flows/loans/messages.ts';
import { liffPageUrl, prepareLiff, type LiffSettings } from '../src/line/liff.ts';
import { closePdfRenderer, renderPdf } from '../src/reports/pdf.ts';
import { loadScriptConfig, runOfficeCommand, type ScriptIo, writeOutput } from './script-support.ts';

const USAGE =
  'Usage: inventory import <file.csv> | export [--out=file.csv|file.xlsx] | labels [--out=file.pdf] [asset tag …] | usage [--from=YYYY-MM-DD] [--to=YYYY-MM-DD] [--out=file.csv] | loans [--from=YYYY-MM-DD] [--to=YYYY-MM-DD] [--out=file.csv|file.xlsx]   [--office=ID]';

export interface InventoryCommandIo extends ScriptIo {
  writeFile: (path: string, content: string | Buffer) => Promise<void>;
  /** Standard output as is (the CSV when no --out is given). */
  write: (text: string) => void;
  /** Where a label's QR code points (LIFF); undefined: LIFF is not set up. */
  liff: LiffSettings | undefined;
}

/** The label sheet of the items named (all items in use without names): the PDF, or the tags not found. */
async function labelsPdf(ex: Executor, officeId: string, tags: readonly string[], liff: LiffSettings | undefined, now: Date): Promise<Buffer | { missing: string[] } | null> {
  const all = await listItems(ex, officeId);
  const items = tags.length === 0 ? all.filter((i) => !i.retired) : all.filter((i) => tags.includes(i.assetTag));
  const missing = tags.filter((tag) => !all.some((i) => i.assetTag === tag));
  if (missing.length > 0) return { missing };
  if (items.length === 0) return null;
  const settings = await getOfficeSettings(ex, officeId);
  const job = await labelSheetPdfJob(items, {
    officeName: (await officeName(ex, officeId)) ?? officeId,
    thaiDigits: reportSettingsOf(settings).thaiDigits,
    now,
    itemUrl: (id) => liffPageUrl(liff, itemPagePath(id)),
  });
  return renderPdf(job);
}

/** Runs one inventory command against the database; returns the exit code. */
export async function runInventoryCommand(ex: Executor, officeId: string, args: readonly string[], io: InventoryCommandIo, now: Date = new Date()): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'import' && rest.length === 1 && !rest[0]!.startsWith('--')) {
    const result = await importInventoryCsv(ex, officeId, await io.readFile(rest[0]!), now);
    io.out(`นำเข้าใหม่ ${result.inserted} รายการ, ปรับปรุง ${result.updated} รายการ`);
    for (const problem of result.problems) io.out(`บรรทัด ${problem.line}: ${problem.message}`);
    return result.problems.length === 0 ? 0 : 1;
  }
  if (command === 'export' && rest.every((a) => a.startsWith('--out=')) && rest.length <= 1) {
    const out = rest[0]?.slice('--out='.length);
    if (out === '') {
      io.out(USAGE);
      return 2;
    }
    if (out?.toLowerCase().endsWith('.xlsx')) {
      await io.writeFile(out, await exportInventoryXlsx(ex, officeId, now));
    } else {
      const csv = await exportInventoryCsv(ex, officeId);
      if (out) await io.writeFile(out, csv);
      else io.write(csv);
    }
    if (out) io.out(`บันทึกแล้ว: ${out}`);
    return 0;
  }
  if (command === 'labels') {
    const outFlag = rest.find((a) => a.startsWith('--out='));
    const tags = rest.filter((a) => a !== outFlag);
    const out = outFlag?.slice('--out='.length) ?? 'inventory-labels.pdf';
    if (out === '' || tags.some((t) => t.startsWith('--'))) {
      io.out(USAGE);
      return 2;
    }
    const pdf = await labelsPdf(ex, officeId, tags, io.liff, now);
    if (pdf === null || !Buffer.isBuffer(pdf)) {
      io.out(pdf === null ? m.noItemsToLabel : m.unknownTags(pdf.missing));
      return 1;
    }
    await io.writeFile(out, pdf);
    io.out(`บันทึกแล้ว: ${out}`);
    return 0;
  }
  if (command === 'usage' || command === 'loans') {
    const flags = new Map(rest.map((a) => [a.slice(0, a.indexOf('=') + 1), a.slice(a.indexOf('=') + 1)] as const));
    const day = /^\d{4}-\d{2}-\d{2}$/;
    const from = flags.get('--from=');
    const to = flags.get('--to=');
    const out = flags.get('--out=');
    const known = rest.every((a) => ['--from=', '--to=', '--out='].some((f) => a.startsWith(f)));
    if (!known || flags.size !== rest.length || (from !== undefined && !day.test(from)) || (to !== undefined && !day.test(to)) || out === '') {
      io.out(USAGE);
      return 2;
    }
    if (command === 'loans') {
      const period = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
      if (out?.toLowerCase().endsWith('.xlsx')) await io.writeFile(out, await exportLoansXlsx(ex, officeId, period, now));
      else {
        const csv = await exportLoansCsv(ex, officeId, period);
        if (out) await io.writeFile(out, csv);
        else io.write(csv);
      }
      if (out) io.out(`บันทึกแล้ว: ${out}`);
      return 0;
    }
    // Bangkok days, both included: --to=2027-05-31 takes the whole of that day.
    const range = {
      ...(from ? { from: bangkokTime(from) } : {}),
      ...(to ? { to: new Date(bangkokTime(to).getTime() + 24 * 60 * 60 * 1000) } : {}),
    };
    const csv = await exportUsageCsv(ex, officeId, range);
    await writeOutput(io, out, csv);
    return 0;
  }
  io.out(USAGE);
  return 2;
}

// Run only as a command, not when a test imports runInventoryCommand.
async function main(argv: string[]): Promise<number> {
  const config = loadScriptConfig();
  if (!config) return 2;
  // A label's QR code opens the item's page in LINE (or the local platform's browser page in emulator mode).
  const liff = await prepareLiff(config, `http://127.0.0.1:${config.PORT}`);
  try {
    return await runOfficeCommand('inventory', argv, (ex, officeId, args, io) =>
      runInventoryCommand(ex, officeId, args, {
        ...io,
        writeFile: (path, content) => writeFile(path, content),
        write: (text) => process.stdout.write(text),
        liff: liff.settings,
      }),
    );
  } finally {
    await closePdfRenderer();
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

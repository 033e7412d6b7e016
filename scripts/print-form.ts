/**
 * Printable forms as PDF (A4, Sarabun, the regulation's columns, page numbers; Thai digits when the office's
 * `reports.thaiDigits` setting is on):
 *   npm run print-form -- receive 2570 [--out=file.pdf]                   ทะเบียนหนังสือรับ (แบบที่ 13) of a calendar year (พ.ศ.)
 *   npm run print-form -- receive 2027-03-01 2027-03-31 …                 … of a range of days (both included)
 *   npm run print-form -- send 2570 …                                     ทะเบียนหนังสือส่ง (แบบที่ 14)
 *   npm run print-form -- destruction 2570 …                              บัญชีหนังสือขอทำลาย (แบบที่ 25) of the list made in January 2570
 *   npm run print-form -- repair 2570/0042 …                              ใบงานซ่อม of a ticket, with a QR code that opens it
 *   npm run print-form -- loan 42 …                                       แบบบันทึกขอยืมวัสดุอุปกรณ์/เอกสาร/สื่อ Software of loan 42
 * All take --office=ID. Without --out the file is written to the current folder (e.g. receive-2570.pdf).
 * Exit 0 ok, 1 not found or database error, 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import type { Executor } from '../src/db/database.ts';
import { listLettersPastRetention, listRegisterYear } from '../src/db/repos/letter-keeping.ts';
import { getLoanRecord } from '../src/db/repos/loan-records.ts';
import { getOfficeSettings } from '../src/db/repos/office-settings.ts';
import { getTicketByNumber, ticketTimeline } from '../src/db/repos/repair-tickets.ts';
import { listRegisterRange, officeName } from '../src/db/repos/reports.ts';
import { parseTicketNumber } from '../src/domain/repair/priority.ts';
import { reportSettingsOf } from '../src/domain/report-settings.ts';
import { loanFormPdfJob } from '../src/flows/loans/loan-form.ts';
import { jobSheetPdfJob } from '../src/flows/repair-work/job-sheet.ts';
import { parsePeriod } from '../src/flows/repair-work/csv.ts';
import { destructionPdfJob, registerPdfJob } from '../src/flows/saraban-keep/forms.ts';
import { retentionLimits } from '../src/flows/saraban-keep/retention.ts';
import { liffPageUrl, prepareLiff } from '../src/line/liff.ts';
import { closePdfRenderer, renderPdf } from '../src/reports/pdf.ts';
import type { PdfJob } from '../src/reports/typst-compile.ts';
import { loadScriptConfig, runOfficeCommand } from './script-support.ts';
import { yearArg } from './export-letters.ts';

const USAGE = `Usage: print-form <receive|send> <year พ.ศ. | from-date to-date> [--office=ID] [--out=file.pdf]
       print-form destruction <year พ.ศ.> …
       print-form repair <fiscal year/number, e.g. 2570/0042> …
       print-form loan <loan number, e.g. 42> …
`;

export interface FormRequest {
  job: PdfJob;
  /** The file name used without --out. */
  defaultName: string;
}

/** The PDF job asked for by `args`; null for arguments that ask for nothing known, 'not-found' for a missing ticket or loan. */
export async function formJob(ex: Executor, officeId: string, args: readonly string[], now: Date, ticketUrl?: (id: number) => string | undefined): Promise<FormRequest | 'not-found' | null> {
  const [what, a, b, extra] = args;
  if (extra !== undefined) return null;
  const settings = await getOfficeSettings(ex, officeId);
  const options = { officeName: (await officeName(ex, officeId)) ?? officeId, thaiDigits: reportSettingsOf(settings).thaiDigits, now };
  if (what === 'receive' || what === 'send') {
    if (b === undefined) {
      const year = yearArg(a);
      if (year === null) return null;
      const letters = await listRegisterYear(ex, officeId, what, year);
      return { job: registerPdfJob(what, letters, { year }, options), defaultName: `${what}-${year}.pdf` };
    }
    const period = /^\d{4}-\d{2}-\d{2}$/.test(a ?? '') ? parsePeriod([a!, b]) : null;
    if (!period) return null;
    const letters = await listRegisterRange(ex, officeId, what, period.start, period.end);
    return { job: registerPdfJob(what, letters, { from: period.start, to: period.end }, options), defaultName: `${what}-${a}-${b}.pdf` };
  }
  if (what === 'destruction' && b === undefined) {
    const year = yearArg(a);
    if (year === null) return null;
    const letters = await listLettersPastRetention(ex, officeId, retentionLimits(settings.saraban, year));
    return { job: destructionPdfJob(letters, year, settings.saraban, options), defaultName: `destruction-${year}.pdf` };
  }
  if (what === 'repair' && b === undefined) {
    const number = parseTicketNumber(a ?? '');
    if (!number) return null;
    const ticket = await getTicketByNumber(ex, officeId, number.fiscalYear, number.seq);
    if (!ticket) return 'not-found';
    const job = await jobSheetPdfJob(ticket, await ticketTimeline(ex, ticket.id), { ...options, ticketUrl: ticketUrl?.(ticket.id) });
    return { job, defaultName: `repair-${number.fiscalYear}-${String(number.seq).padStart(4, '0')}.pdf` };
  }
  if (what === 'loan' && b === undefined) {
    if (!/^\d{1,9}$/.test(a ?? '')) return null;
    const record = await getLoanRecord(ex, officeId, Number(a));
    if (!record) return 'not-found';
    return { job: loanFormPdfJob(record, options), defaultName: `loan-${record.loan.id}.pdf` };
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  const config = loadScriptConfig();
  if (!config) return 2;
  const outFlag = argv.find((arg) => arg.startsWith('--out='));
  const rest = argv.filter((arg) => arg !== outFlag);
  // The QR code opens the ticket's page in LINE (or in the local platform's browser page in emulator mode).
  const liff = await prepareLiff(config, `http://127.0.0.1:${config.PORT}`);
  const ticketUrl = (id: number) => liffPageUrl(liff.settings, `tickets/${id}`);
  try {
    return await runOfficeCommand('print-form', rest, async (ex, officeId, args) => {
      const request = await formJob(ex, officeId, args, new Date(), ticketUrl);
      if (request === null) {
        process.stderr.write(USAGE);
        return 2;
      }
      if (request === 'not-found') {
        process.stderr.write(args[0] === 'loan' ? 'ไม่พบการยืมเลขนี้\n' : 'ไม่พบงานซ่อมเลขนี้\n');
        return 1;
      }
      const file = outFlag ? outFlag.slice('--out='.length) : request.defaultName;
      await writeFile(file, await renderPdf(request.job));
      process.stderr.write(`พิมพ์ลงไฟล์ ${file}\n`);
      return 0;
    });
  } finally {
    await closePdfRenderer();
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

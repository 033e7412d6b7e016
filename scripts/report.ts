/**
 * The monthly or fiscal-year report of the group's work, as the area director receives it:
 *   npm run report -- 2027-03 [--out=file.pdf]        a month (ค.ศ. or พ.ศ.: 2570-03)
 *   npm run report -- 2570                            a fiscal year (พ.ศ.; fy2570 too)
 *   npm run report -- this-month | last-month
 *   … --json                                          the figures as JSON on standard output instead of a PDF
 * Takes --office=ID. Without --out the PDF is written to the current folder (report-2027-03.pdf).
 * Exit 0 ok, 1 database error, 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import { monthOf, parseReportPeriodKey, previousPeriod, reportPeriodKey, type ReportPeriod } from '../src/domain/report-period.ts';
import { buildOfficeReport, useDefaultMessageBudget } from '../src/flows/reports/build.ts';
import { closePdfRenderer } from '../src/reports/pdf.ts';
import { reportPdf } from '../src/reports/report-pdf.ts';
import { loadScriptConfig, runOfficeCommand } from './script-support.ts';

const USAGE = 'Usage: report <YYYY-MM | fiscal year พ.ศ. | this-month | last-month> [--office=ID] [--out=file.pdf] [--json]\n';

/** The period an operator names, at `now`; null for anything else. */
export function periodArg(text: string | undefined, now: Date): ReportPeriod | null {
  if (!text) return null;
  if (text === 'this-month') return monthOf(now);
  if (text === 'last-month') return previousPeriod(monthOf(now));
  if (/^\d{4}$/.test(text)) {
    const year = Number(text);
    return parseReportPeriodKey(`fy${year < 2400 ? year + 543 : year}`);
  }
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month) {
    const year = Number(month[1]);
    return parseReportPeriodKey(`${year > 2400 ? year - 543 : year}-${month[2]}`);
  }
  return parseReportPeriodKey(text);
}

async function main(argv: string[]): Promise<number> {
  const config = loadScriptConfig();
  if (!config) return 2;
  useDefaultMessageBudget(config.LINE_MONTHLY_MESSAGE_BUDGET);
  const outFlag = argv.find((arg) => arg.startsWith('--out='));
  const json = argv.includes('--json');
  const rest = argv.filter((arg) => arg !== outFlag && arg !== '--json');
  try {
    return await runOfficeCommand('report', rest, async (ex, officeId, args) => {
      const now = new Date();
      const period = args.length === 1 ? periodArg(args[0], now) : null;
      if (!period) {
        process.stderr.write(USAGE);
        return 2;
      }
      const report = await buildOfficeReport(ex, { officeId, period, now });
      if (json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return 0;
      }
      const file = outFlag ? outFlag.slice('--out='.length) : `report-${reportPeriodKey(period)}.pdf`;
      await writeFile(file, await reportPdf(report));
      process.stderr.write(`รายงาน${report.label} → ${file}\n`);
      return 0;
    });
  } finally {
    await closePdfRenderer();
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

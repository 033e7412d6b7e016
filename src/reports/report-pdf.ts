import { currentLabel, periodLabel } from '../domain/report-period.ts';
import { chartSvg } from './charts.ts';
import { formatChange, formatValue } from './format.ts';
import type { OfficeReport } from './model.ts';
import { renderPdf } from './pdf.ts';
import { reportTexts as T } from './texts.ts';
import { printData } from './thai-text.ts';
import type { PdfJob } from './typst-compile.ts';

/** The report as a PDF: the `report` Typst template filled from the report's sections, charts as SVG files. */

export function reportPdfJob(report: OfficeReport): PdfJob {
  const files: Record<string, string> = {};
  let chartNo = 0;
  const sections = report.sections.map((section) => {
    const blocks: unknown[] = [];
    for (const chart of section.charts) {
      const file = `chart-${++chartNo}.svg`;
      files[file] = chartSvg(chart, { thaiDigits: report.thaiDigits });
      blocks.push({ kind: 'chart', title: chart.title, file });
    }
    for (const table of section.tables) {
      blocks.push({
        kind: 'table',
        title: table.title,
        headers: table.headers,
        rows: table.rows.map((row) => row.map((cell) => (cell === null ? '' : cell))),
        ...(table.columns ? { columns: table.columns } : {}),
        ...(table.aligns ? { aligns: table.aligns } : {}),
        ...(table.note ? { note: table.note } : {}),
      });
    }
    return {
      title: section.title,
      summary: section.summary,
      figures: section.figures.map((f) => ({ label: f.label, value: formatValue(f, f.value), previous: formatValue(f, f.previous), change: formatChange(f) })),
      blocks,
      notes: section.notes,
    };
  });
  const data = printData(
    {
      title: report.period.kind === 'month' ? T.monthlyTitle : T.fiscalYearTitle,
      period: periodLabel(report.period),
      office: report.officeName,
      group: T.group,
      asOf: T.asOf(report.generatedAt, report.open),
      footer: T.footer(report.officeName, report.generatedAt),
      empty: T.empty,
      figureHeaders: T.figureHeaders(currentLabel(report.period, report.generatedAt), report.previousLabel),
      sections,
    },
    report.thaiDigits,
  );
  return {
    template: 'report',
    data,
    files,
    inputs: { 'thai-digits': report.thaiDigits ? '1' : '0' },
    createdAtSeconds: Math.floor(report.generatedAt.getTime() / 1000),
  };
}

export function reportPdf(report: OfficeReport): Promise<Buffer> {
  return renderPdf(reportPdfJob(report));
}

import { currentLabel, periodLabel } from '../../domain/report-period.ts';
import { chartDataUrl } from '../../reports/charts.ts';
import { formatChange, formatValue, isGoodChange } from '../../reports/format.ts';
import type { OfficeReport } from '../../reports/model.ts';
import { reportTexts as T } from '../../reports/texts.ts';

/**
 * The report as the web page shows it: figures formatted, charts as SVG pictures (data: URLs, drawn as
 * images: nothing in them can run), tables as rows. The same sections and figures as the PDF.
 */
export interface ReportPageView {
  key: string;
  title: string;
  period: string;
  office: string;
  group: string;
  asOf: string;
  headers: string[];
  sections: Array<{
    id: string;
    title: string;
    summary: string[];
    figures: Array<{ label: string; value: string; previous: string; change: string; good: boolean | null }>;
    charts: Array<{ title: string; src: string }>;
    tables: Array<{ title: string; headers: string[]; rows: string[][]; aligns: string[]; note: string | null }>;
    notes: string[];
  }>;
}

export function reportPageView(report: OfficeReport): ReportPageView {
  return {
    key: report.key,
    title: report.period.kind === 'month' ? T.monthlyTitle : T.fiscalYearTitle,
    period: periodLabel(report.period),
    office: report.officeName,
    group: T.group,
    asOf: T.asOf(report.generatedAt, report.open),
    headers: T.figureHeaders(currentLabel(report.period, report.generatedAt), report.previousLabel),
    sections: report.sections.map((section) => ({
      id: section.id,
      title: section.title,
      summary: section.summary,
      figures: section.figures.map((f) => ({ label: f.label, value: formatValue(f, f.value), previous: formatValue(f, f.previous), change: formatChange(f), good: isGoodChange(f) })),
      charts: section.charts.map((chart) => ({ title: chart.title, src: chartDataUrl(chart) })),
      tables: section.tables.map((table) => ({
        title: table.title,
        headers: table.headers,
        rows: table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell)))),
        aligns: table.headers.map((_, i) => table.aligns?.[i] ?? 'left'),
        note: table.note ?? null,
      })),
      notes: section.notes,
    })),
  };
}

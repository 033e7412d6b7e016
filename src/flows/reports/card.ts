import { renderFlexTemplate } from '../../line/flex-renderer.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { formatChange, formatValue, headlineFigures } from '../../reports/format.ts';
import type { OfficeReport } from '../../reports/model.ts';
import { reportTexts as T } from './messages.ts';

/**
 * The report in a chat: a card with its three headline figures (each beside the previous period's) and a
 * button to the report's page. Pure: the link is given (undefined without LIFF pages: no button).
 */
export function reportCard(report: OfficeReport, reportUrl: string | undefined): LineMessage {
  const figures = headlineFigures(report.sections);
  const title = T.cardTitle(report.period);
  const values: Record<string, string | undefined> = {
    title,
    subtitle: T.cardSubtitle(report.officeName, report.open),
    openLabel: T.openReport,
    reportUrl,
  };
  figures.forEach((f, i) => {
    const change = formatChange(f);
    values[`f${i + 1}Label`] = f.label;
    values[`f${i + 1}Value`] = formatValue(f, f.value);
    values[`f${i + 1}Change`] = f.previous === null ? undefined : `${report.previousLabel} ${formatValue(f, f.previous)}${change ? ` (${change})` : ''}`;
  });
  // A report with no section at all still says what it is.
  values.f1Label ??= T.openReport;
  values.f1Value ??= '–';
  const alt = figures.map((f) => `${f.label} ${formatValue(f, f.value)}`).join(', ');
  return renderFlexTemplate('report-card', values, { altText: T.cardAlt(title, alt) });
}

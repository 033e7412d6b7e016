import type { ReportFigure } from './model.ts';

/** How figures read in the PDF, on the page and in the chat card (Arabic digits; the PDF may turn them Thai). */

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 0 });

export const NO_VALUE = '–';

/** "42 งาน", "86%", "3.5 ชม.", "4.2/5". */
export function formatValue(figure: Pick<ReportFigure, 'format' | 'unit'>, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  switch (figure.format) {
    case 'count':
      return figure.unit ? `${number.format(value)} ${figure.unit}` : number.format(value);
    case 'share':
      return `${number.format(Math.round(value * 100))}%`;
    case 'officeMinutes':
      return `${oneDecimal.format(value / 60)} ชม.`;
    case 'rating':
      return `${oneDecimal.format(value)}/5`;
  }
}

export type Trend = 'up' | 'down' | 'same' | 'none';

export function trendOf(figure: ReportFigure): Trend {
  if (figure.value === null || figure.previous === null) return 'none';
  const diff = figure.value - figure.previous;
  if (Math.abs(diff) < 1e-9) return 'same';
  return diff > 0 ? 'up' : 'down';
}

/** Whether the change is good news (true), bad (false) or neither (null). */
export function isGoodChange(figure: ReportFigure): boolean | null {
  const trend = trendOf(figure);
  if (!figure.better || trend === 'none' || trend === 'same') return null;
  return trend === figure.better;
}

const signed = (text: string, diff: number) => (diff > 0 ? `+${text}` : diff < 0 ? `−${text}` : text);

/** "+7 (+20%)", "−5 จุด", "เท่าเดิม", or "" when there is nothing to compare with. */
export function formatChange(figure: ReportFigure): string {
  if (figure.value === null || figure.previous === null) return '';
  const diff = figure.value - figure.previous;
  if (Math.abs(diff) < 1e-9) return 'เท่าเดิม';
  switch (figure.format) {
    case 'count': {
      const base = signed(number.format(Math.abs(diff)), diff);
      return figure.previous > 0 ? `${base} (${signed(number.format(Math.round((Math.abs(diff) * 100) / figure.previous)), diff)}%)` : base;
    }
    case 'share':
      return `${signed(number.format(Math.abs(Math.round(diff * 100))), diff)} จุด`;
    case 'officeMinutes':
      return `${signed(oneDecimal.format(Math.abs(diff) / 60), diff)} ชม.`;
    case 'rating':
      return signed(oneDecimal.format(Math.abs(diff)), diff);
  }
}

/** The three headline figures of a report, best ranked first, across its sections. */
export function headlineFigures(sections: ReadonlyArray<{ title: string; figures: readonly ReportFigure[] }>, count = 3): Array<ReportFigure & { section: string }> {
  return sections
    .flatMap((s) => s.figures.filter((f) => f.headline !== undefined).map((f) => ({ ...f, section: s.title })))
    .sort((a, b) => a.headline! - b.headline!)
    .slice(0, count);
}

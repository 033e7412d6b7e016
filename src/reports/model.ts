import type { Executor } from '../db/database.ts';
import type { Period } from '../domain/fiscal-year.ts';
import type { OfficeCalendar } from '../domain/office-time.ts';
import type { ReportPeriod } from '../domain/report-period.ts';
import type { OfficeSettings } from '../domain/repair/settings.ts';
import type { ChartSpec } from './charts.ts';

/**
 * What a report is made of. Each work area contributes a *section* (figures for the period with the previous
 * period's beside them, a short text summary, tables and charts) from its own module; the report is the
 * sections that exist, in their order. A section is plain data: the PDF, the web page and the chat card are
 * drawn from it by the engine (src/reports/), so a work area never touches Typst, ECharts or Flex.
 */

export type FigureFormat =
  /** A whole number with its unit ("42 งาน"). */
  | 'count'
  /** A share 0–1, shown as a percentage. */
  | 'share'
  /** Office minutes, shown in office hours ("3.5 ชม.ทำการ"). */
  | 'officeMinutes'
  /** An average rating 1–5. */
  | 'rating';

export interface ReportFigure {
  /** Stable within its section (`opened`), so the card and the tests can find it. */
  key: string;
  label: string;
  /** Null = nothing to measure (no ticket judged yet). */
  value: number | null;
  /** The same figure for the previous period; null when there is nothing to compare with. */
  previous: number | null;
  format: FigureFormat;
  /** Unit of a count ("งาน", "ฉบับ", "ข้อความ"). */
  unit?: string;
  /** Which way is good news, for the arrow's colour; absent = neither (more faults reported is no one's fault). */
  better?: 'up' | 'down';
  /** Ranks the figure for the three headline figures of the chat card (1 = first); absent = not a headline. */
  headline?: number;
}

export type ReportCell = string | number | null;

export interface ReportTable {
  title: string;
  headers: string[];
  rows: ReportCell[][];
  /** Typst column sizes, e.g. `["auto", "1fr", "auto"]`; default: all auto. */
  columns?: string[];
  aligns?: Array<'left' | 'right' | 'center'>;
  note?: string;
}

export interface SectionReport {
  id: string;
  title: string;
  /** A few sentences a director reads first. */
  summary: string[];
  figures: ReportFigure[];
  charts: ChartSpec[];
  tables: ReportTable[];
  /** Small print under the section (how a figure is counted). */
  notes: string[];
}

/** Everything a section may need besides the database. */
export interface SectionContext {
  officeId: string;
  period: ReportPeriod;
  range: Period;
  previous: ReportPeriod;
  previousRange: Period;
  /** The report is made at `now` (a running period is reported "so far"). */
  now: Date;
  settings: OfficeSettings;
  calendar: OfficeCalendar;
  /** The office's LINE channels and their monthly push budgets (0 = none set). */
  channels: ReadonlyArray<{ id: string; monthlyMessageBudget: number }>;
}

/** A work area's contribution to the report; listed in src/flows/reports/sections.ts. */
export interface ReportSectionDefinition {
  id: string;
  title: string;
  /** Reads its rows and computes its figures; null = nothing to report for this office (the section is left out). */
  build(ex: Executor, context: SectionContext): Promise<SectionReport | null>;
}

export interface OfficeReport {
  officeId: string;
  officeName: string;
  period: ReportPeriod;
  /** `2027-03` / `fy2570` */
  key: string;
  /** "มีนาคม 2570" */
  label: string;
  previousLabel: string;
  /** The period is still running: its figures are so far. */
  open: boolean;
  generatedAt: Date;
  thaiDigits: boolean;
  sections: SectionReport[];
}

import type { Executor } from '../../db/database.ts';
import { loadOfficeCalendar } from '../../db/repos/holidays.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { listOfficeChannels, officeName } from '../../db/repos/reports.ts';
import { isPeriodOpen, periodLabel, periodRange, previousLabel, previousPeriod, reportPeriodKey, type ReportPeriod } from '../../domain/report-period.ts';
import { reportSettingsOf } from '../../domain/report-settings.ts';
import type { OfficeReport, ReportSectionDefinition, SectionContext } from '../../reports/model.ts';
import { REPORT_SECTIONS } from './sections.ts';

/**
 * Builds an office's report of a period from the sections that exist: each section reads and computes its
 * own figures (in the caller's executor, so a report reads one consistent state when given a transaction).
 */

/**
 * The deployment's LINE_MONTHLY_MESSAGE_BUDGET, for channels without a budget of their own: set once at
 * start-up (like the LIFF links), so jobs and pages need not carry the settings along.
 */
let defaultMessageBudget = 0;

export function useDefaultMessageBudget(budget: number): void {
  defaultMessageBudget = budget;
}

export function defaultMessageBudgetOf(): number {
  return defaultMessageBudget;
}

export interface BuildReportInput {
  officeId: string;
  period: ReportPeriod;
  now: Date;
  /** Tests and the benchmark may give their own list; the service uses every section. */
  sections?: readonly ReportSectionDefinition[];
}

export async function buildOfficeReport(ex: Executor, input: BuildReportInput): Promise<OfficeReport> {
  const settings = await getOfficeSettings(ex, input.officeId);
  const calendar = await loadOfficeCalendar(ex, input.officeId, settings);
  const channels = (await listOfficeChannels(ex, input.officeId)).map((c) => ({ id: c.id, monthlyMessageBudget: c.monthlyMessageBudget ?? defaultMessageBudget }));
  const previous = previousPeriod(input.period);
  const context: SectionContext = {
    officeId: input.officeId,
    period: input.period,
    range: periodRange(input.period),
    previous,
    previousRange: periodRange(previous),
    now: input.now,
    settings,
    calendar,
    channels,
  };
  const sections = [];
  for (const section of input.sections ?? REPORT_SECTIONS) {
    const built = await section.build(ex, context);
    if (built) sections.push(built);
  }
  return {
    officeId: input.officeId,
    officeName: (await officeName(ex, input.officeId)) ?? input.officeId,
    period: input.period,
    key: reportPeriodKey(input.period),
    label: periodLabel(input.period),
    previousLabel: previousLabel(input.period, input.now),
    open: isPeriodOpen(input.period, input.now),
    generatedAt: input.now,
    thaiDigits: reportSettingsOf(settings).thaiDigits,
    sections,
  };
}

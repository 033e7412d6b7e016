import type { Executor } from '../../db/database.ts';
import type { Person } from '../../domain/people.ts';
import { can } from '../../domain/permissions.ts';
import { hasPeriodStarted, type ReportPeriod } from '../../domain/report-period.ts';
import type { OfficeReport } from '../../reports/model.ts';
import { buildOfficeReport } from './build.ts';

/** What the step is handed: the report of the period asked for, built before the step (the step does no I/O). */
export interface ReportsPrepared {
  report?: OfficeReport;
}

/** Builds the report when the person may see it and the period asked for (`requestedPeriod`) has started. */
export async function prepareReport(
  tx: Executor,
  person: Person | null,
  period: ReportPeriod | 'unreadable' | undefined,
  now: Date,
): Promise<ReportsPrepared> {
  if (!person || !can(person.role, 'view_office_report')) return {};
  if (!period || period === 'unreadable' || !hasPeriodStarted(period, now)) return {};
  return { report: await buildOfficeReport(tx, { officeId: person.officeId, period, now }) };
}

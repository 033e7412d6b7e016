import { and, eq, gte, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { loanHandoverItems, loanHandovers, loanItems, loanItemTypes, loans, schools } from '../schema.ts';
import type { ReportLoan, ReportLoanItem } from '../../domain/loans/report.ts';

export type { ReportLoan, ReportLoanItem } from '../../domain/loans/report.ts';

/**
 * What the report's loans section reads (issue 11, "Figures for the reports"): the requests sent or decided in a
 * span, and every item out at some moment of it (handed over before its end, not returned before its start).
 */
export async function listLoansForReport(ex: Executor, officeId: string, from: Date, to: Date): Promise<ReportLoan[]> {
  return ex
    .select({ id: loans.id, state: loans.state, submittedAt: loans.submittedAt, decidedAt: loans.decidedAt, schoolName: schools.name })
    .from(loans)
    .leftJoin(schools, eq(schools.id, loans.schoolId))
    .where(and(eq(loans.officeId, officeId), or(and(gte(loans.submittedAt, from), lt(loans.submittedAt, to)), and(gte(loans.decidedAt, from), lt(loans.decidedAt, to)))));
}

export async function listLoanItemsOutForReport(ex: Executor, officeId: string, from: Date, to: Date): Promise<ReportLoanItem[]> {
  return ex
    .select({
      loanId: loanHandoverItems.loanId,
      itemId: loanHandoverItems.itemId,
      assetTag: loanItems.assetTag,
      typeName: loanItemTypes.name,
      schoolName: schools.name,
      handedOverAt: loanHandovers.handedOverAt,
      returnedAt: loanHandoverItems.returnedAt,
      dueOn: loans.endsOn,
    })
    .from(loanHandoverItems)
    .innerJoin(loanHandovers, eq(loanHandovers.id, loanHandoverItems.handoverId))
    .innerJoin(loans, eq(loans.id, loanHandoverItems.loanId))
    .innerJoin(loanItems, eq(loanItems.id, loanHandoverItems.itemId))
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .leftJoin(schools, eq(schools.id, loans.schoolId))
    .where(
      and(
        eq(loanHandoverItems.officeId, officeId),
        lt(loanHandovers.handedOverAt, to),
        or(isNull(loanHandoverItems.returnedAt), gte(loanHandoverItems.returnedAt, from)),
      ),
    );
}

/** How many items of each type can be lent (not retired, lendable): the base of a type's utilisation. */
export async function lendableItemCounts(ex: Executor, officeId: string): Promise<Map<string, number>> {
  const rows = await ex
    .select({ typeName: loanItemTypes.name, lendable: loanItems.lendable, retired: loanItems.retired })
    .from(loanItems)
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .where(eq(loanItems.officeId, officeId));
  const counts = new Map<string, number>();
  for (const row of rows) if (row.lendable && !row.retired) counts.set(row.typeName, (counts.get(row.typeName) ?? 0) + 1);
  return counts;
}

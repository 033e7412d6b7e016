import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../database.ts';
import { loanHandoverItems, loanHandovers, loanItems, loanItemTypes, loanReservations, loans, people, schools } from '../schema.ts';
import type { ItemCondition } from '../../domain/loans/inventory.ts';
import type { LoanRecord, LoanRecordItem } from '../../domain/loans/record.ts';
import { getLoanView, idIn, listLoanViews, type LoanView } from './loans.ts';

export type { LoanRecord, LoanRecordItem } from '../../domain/loans/record.ts';

/**
 * Loans as the office's form records them (src/domain/loans/record.ts): the loan, and each item with its hand-over
 * and return. Read for the export of a period, the printed form of one loan and a school's history.
 */

const giver = alias(people, 'giver');
const receiver = alias(people, 'receiver');

async function recordsOf(ex: Executor, officeId: string, views: readonly LoanView[]): Promise<LoanRecord[]> {
  if (views.length === 0) return [];
  const ids = views.map((v) => v.id);
  const handed = await ex
    .select({
      loanId: loanHandoverItems.loanId,
      itemId: loanHandoverItems.itemId,
      assetTag: loanItems.assetTag,
      typeName: loanItemTypes.name,
      handedOverAt: loanHandovers.handedOverAt,
      handedOverBy: giver.fullName,
      handedOverCondition: loanHandovers.condition,
      receiptConfirmedAt: loanHandovers.confirmedAt,
      returnedAt: loanHandoverItems.returnedAt,
      receivedBy: receiver.fullName,
      returnCondition: loanHandoverItems.returnCondition,
      missingAt: loanHandoverItems.missingAt,
      repairTicketId: loanHandoverItems.repairTicketId,
    })
    .from(loanHandoverItems)
    .innerJoin(loanHandovers, eq(loanHandovers.id, loanHandoverItems.handoverId))
    .innerJoin(giver, eq(giver.id, loanHandovers.handedOverBy))
    .leftJoin(receiver, eq(receiver.id, loanHandoverItems.receivedBy))
    .innerJoin(loanItems, eq(loanItems.id, loanHandoverItems.itemId))
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .where(and(eq(loanHandoverItems.officeId, officeId), idIn(loanHandoverItems.loanId, ids)))
    .orderBy(asc(loanHandovers.handedOverAt), asc(loanItems.assetTag));
  const held = await ex
    .select({ loanId: loanReservations.loanId, itemId: loanReservations.itemId, assetTag: loanItems.assetTag, typeName: loanItemTypes.name })
    .from(loanReservations)
    .innerJoin(loanItems, eq(loanItems.id, loanReservations.itemId))
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .where(and(eq(loanReservations.officeId, officeId), idIn(loanReservations.loanId, ids), isNull(loanReservations.releasedAt)))
    .orderBy(asc(loanItems.assetTag));
  const group = <T extends { loanId: number }>(rows: readonly T[]) => {
    const byLoan = new Map<number, T[]>();
    for (const row of rows) {
      const list = byLoan.get(row.loanId);
      if (list) list.push(row);
      else byLoan.set(row.loanId, [row]);
    }
    return byLoan;
  };
  const handedBy = group(handed);
  const heldBy = group(held);
  return views.map((loan) => {
    const items: LoanRecordItem[] = (handedBy.get(loan.id) ?? []).map((h) => ({
      itemId: h.itemId,
      assetTag: h.assetTag,
      typeName: h.typeName,
      status: h.returnedAt ? 'returned' : h.missingAt ? 'missing' : 'out',
      handedOverAt: h.handedOverAt,
      handedOverBy: h.handedOverBy,
      handedOverCondition: h.handedOverCondition as ItemCondition,
      receiptConfirmedAt: h.receiptConfirmedAt,
      returnedAt: h.returnedAt,
      receivedBy: h.receivedBy,
      returnCondition: (h.returnCondition as ItemCondition | null) ?? null,
      repairTicketId: h.repairTicketId,
    }));
    for (const h of heldBy.get(loan.id) ?? []) {
      if (items.some((i) => i.itemId === h.itemId)) continue;
      items.push({ itemId: h.itemId, assetTag: h.assetTag, typeName: h.typeName, status: 'reserved', handedOverAt: null, handedOverBy: null, handedOverCondition: null, receiptConfirmedAt: null, returnedAt: null, receivedBy: null, returnCondition: null, repairTicketId: null });
    }
    return { loan, items };
  });
}

/** The loans whose first day is in [from, to] (Bangkok dates, both included; open ends without them), by first day. */
export async function listLoanRecords(ex: Executor, officeId: string, period: { from?: string; to?: string }): Promise<LoanRecord[]> {
  const views = await listLoanViews(ex, officeId, { ...(period.from ? { startsFrom: period.from } : {}), ...(period.to ? { startsTo: period.to } : {}) }, 100_000);
  return recordsOf(ex, officeId, views);
}

/** A school's loans (null: the office's own), newest first, at most `limit`. */
export async function listSchoolLoanRecords(ex: Executor, officeId: string, schoolId: number | null, limit: number): Promise<LoanRecord[]> {
  return recordsOf(ex, officeId, await listLoanViews(ex, officeId, { schoolId }, limit, true));
}

export async function getLoanRecord(ex: Executor, officeId: string, loanId: number): Promise<LoanRecord | null> {
  const view = await getLoanView(ex, officeId, loanId);
  return view ? ((await recordsOf(ex, officeId, [view]))[0] ?? null) : null;
}

/** The schools (null: the office's own use) that have loans, with how many, by name: the history page's choices. */
export async function schoolsWithLoans(ex: Executor, officeId: string): Promise<Array<{ schoolId: number | null; name: string | null; count: number }>> {
  const rows = await ex
    .select({ schoolId: loans.schoolId, name: schools.name, count: sql<number>`count(*)::int` })
    .from(loans)
    .leftJoin(schools, eq(schools.id, loans.schoolId))
    .where(and(eq(loans.officeId, officeId), sql`${loans.state} <> 'draft'`))
    .groupBy(loans.schoolId, schools.name)
    .orderBy(sql`${schools.name} nulls first`);
  return rows;
}

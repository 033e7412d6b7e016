import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../database.ts';
import { loanItems, loanItemTypes, loanKitItems, loanKits, loanLines, loanReservations, loans, people, schools } from '../schema.ts';
import type { ActingKind } from '../../domain/acting.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { DateRange, UnitBusy } from '../../domain/loans/availability.ts';
import { addDays } from '../../domain/loans/dates.ts';
import type { ItemCategory } from '../../domain/loans/inventory.ts';
import type { BorrowableChoice, Loan, LoanLineView, LoanState, LoanTarget, LoanView } from '../../domain/loans/loan.ts';

export type { BorrowableChoice, Loan, LoanLineView, LoanState, LoanTarget, LoanView } from '../../domain/loans/loan.ts';

/**
 * Loans (issue 11, borrowing): requests, their lines, and the items reserved for their dates. What is free is read
 * here and counted by src/domain/loans/availability.ts; what is reserved is decided by the database: a reservation
 * is one INSERT … ON CONFLICT DO NOTHING against the exclusion constraint `loan_reservations_no_overlap`, so of two
 * transactions after the last free item, the second waits for the first and then gets nothing (never both).
 */

const byteOrder = (column: unknown) => sql`${column} collate "C"`;

/** `column = any(ids)` with the ids as one array parameter (a year's loans are more than a statement's parameters). */
export const idIn = (column: unknown, ids: readonly number[]) => sql`${column} = any(${`{${ids.join(',')}}`}::int[])`;

/**
 * An item that may go out: lendable, not retired, and not damaged (an item returned ชำรุด waits for its repair; it is
 * lent again once its condition is set back, by the desk or the inventory file).
 */
const inService = and(eq(loanItems.lendable, true), eq(loanItems.retired, false), ne(loanItems.condition, 'damaged'));

/** Items a type line may take: in service, and not part of a kit (a kit's items travel together). */
const looseItem = and(inService, sql`not exists (select 1 from ${loanKitItems} where ${loanKitItems.itemId} = ${loanItems.id})`);

/** Types with at least one loose lendable item, with how many, by name. */
export async function listBorrowableTypes(ex: Executor, officeId: string): Promise<BorrowableChoice[]> {
  const rows = await ex
    .select({ id: loanItemTypes.id, name: loanItemTypes.name, category: loanItemTypes.category, count: sql<number>`count(*)::int` })
    .from(loanItemTypes)
    .innerJoin(loanItems, eq(loanItems.typeId, loanItemTypes.id))
    .where(and(eq(loanItemTypes.officeId, officeId), looseItem))
    .groupBy(loanItemTypes.id)
    .orderBy(byteOrder(loanItemTypes.name));
  return rows.map((r) => ({ target: { kind: 'type', id: r.id }, name: r.name, category: r.category as ItemCategory, count: r.count }));
}

/** Kits whose items are all in service (a kit missing a piece, or with a damaged one, is not offered), by name. */
export async function listBorrowableKits(ex: Executor, officeId: string): Promise<BorrowableChoice[]> {
  const rows = await ex
    .select({ id: loanKits.id, name: loanKits.name, count: sql<number>`count(*)::int` })
    .from(loanKits)
    .innerJoin(loanKitItems, eq(loanKitItems.kitId, loanKits.id))
    .innerJoin(loanItems, eq(loanItems.id, loanKitItems.itemId))
    .where(eq(loanKits.officeId, officeId))
    .groupBy(loanKits.id)
    .having(sql`bool_and(${loanItems.lendable} and not ${loanItems.retired} and ${loanItems.condition} <> 'damaged')`)
    .orderBy(byteOrder(loanKits.name));
  return rows.map((r) => ({ target: { kind: 'kit', id: r.id }, name: r.name, category: 'vc_kit' as ItemCategory, count: 1 }));
}

/** One lendable item in use by its ครุภัณฑ์ number (someone asking for that very one), or null. */
export async function findBorrowableItem(ex: Executor, officeId: string, assetTag: string): Promise<BorrowableChoice | null> {
  const [row] = await ex
    .select({ id: loanItems.id, tag: loanItems.assetTag, name: loanItemTypes.name, category: loanItemTypes.category })
    .from(loanItems)
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .where(and(eq(loanItems.officeId, officeId), eq(loanItems.assetTag, assetTag), inService));
  return row ? { target: { kind: 'item', id: row.id }, name: `${row.name} ${row.tag}`, category: row.category as ItemCategory, count: 1 } : null;
}

/** The item ids a target lends: a type's loose items, a kit's items, or the one item. */
async function itemsOf(ex: Executor, officeId: string, target: LoanTarget): Promise<number[]> {
  switch (target.kind) {
    case 'type': {
      const rows = await ex
        .select({ id: loanItems.id })
        .from(loanItems)
        .where(and(eq(loanItems.officeId, officeId), eq(loanItems.typeId, target.id), looseItem))
        .orderBy(asc(loanItems.id));
      return rows.map((r) => r.id);
    }
    case 'kit': {
      const rows = await ex
        .select({ id: loanKitItems.itemId })
        .from(loanKitItems)
        .where(and(eq(loanKitItems.officeId, officeId), eq(loanKitItems.kitId, target.id)))
        .orderBy(asc(loanKitItems.itemId));
      return rows.map((r) => r.id);
    }
    case 'item': {
      // The one item, when it is this office's and may be lent.
      const rows = await ex
        .select({ id: loanItems.id })
        .from(loanItems)
        .where(and(eq(loanItems.officeId, officeId), eq(loanItems.id, target.id), inService));
      return rows.map((r) => r.id);
    }
  }
}

/** `exceptLoanId`: a loan whose own holds are not counted (it is being moved). `today`: counts items overdue and still out. */
export interface BusyOptions {
  exceptLoanId?: number | undefined;
  today?: string | undefined;
}

/** The end of the days an overdue item is busy: until it is returned, whenever that is. */
const UNTIL_RETURNED = '9999-12-31';

/**
 * Live reservations of these items touching the window, per item. Asked with the range operator so the exclusion
 * constraint's GiST index (item, dates; live rows) answers it, and read as plain rows (a year of a type's loans is
 * thousands of them).
 */
async function busyDays(ex: Executor, officeId: string, itemIds: readonly number[], window: DateRange, options: BusyOptions = {}): Promise<Map<number, DateRange[]>> {
  const { exceptLoanId, today } = options;
  const busy = new Map<number, DateRange[]>(itemIds.map((id) => [id, []]));
  if (itemIds.length === 0) return busy;
  if (today !== undefined) {
    // An item still out on a loan whose last day has passed is not here to lend: its hold ended with the loan's
    // dates, but it is busy from today until it comes back.
    const out = await ex.execute(sql`
      select o.item_id
        from loan_handover_items o
        join loans l on l.id = o.loan_id
       where o.item_id = any(${`{${itemIds.join(',')}}`}::int[])
         and o.returned_at is null
         and o.office_id = ${officeId}
         and l.ends_on < ${today}::date
         ${exceptLoanId === undefined ? sql`` : sql`and o.loan_id <> ${exceptLoanId}`}`);
    for (const row of out.rows as Array<{ item_id: number }>) busy.get(row.item_id)!.push({ from: today, to: UNTIL_RETURNED });
  }
  const result = await ex.execute(sql`
    select item_id, starts_on::text as "from", ends_on::text as "to"
      from loan_reservations
     where item_id = any(${`{${itemIds.join(',')}}`}::int[])
       and released_at is null
       and daterange(starts_on, ends_on, '[]') && daterange(${window.from}::date, ${window.to}::date, '[]')
       and office_id = ${officeId}
       ${exceptLoanId === undefined ? sql`` : sql`and loan_id <> ${exceptLoanId}`}`);
  for (const row of result.rows as Array<{ item_id: number; from: string; to: string }>) busy.get(row.item_id)!.push({ from: row.from, to: row.to });
  return busy;
}

/**
 * The units a target offers, each with the days it is held, within `window`: for a type each loose item; for a kit
 * or an item one unit (a kit is busy whenever any of its items is). What src/domain/loans/availability.ts counts.
 * `exceptLoanId`: a loan whose own holds are not counted (it is being moved to other dates).
 */
export async function unitsWithBusyDays(ex: Executor, officeId: string, target: LoanTarget, window: DateRange, options: BusyOptions = {}): Promise<UnitBusy[]> {
  const ids = await itemsOf(ex, officeId, target);
  const busy = await busyDays(ex, officeId, ids, window, options);
  if (target.kind === 'type') return ids.map((id) => ({ id, busy: busy.get(id)! }));
  if (ids.length === 0) return [];
  return [{ id: target.id, busy: ids.flatMap((id) => busy.get(id)!) }];
}

export interface NewLoanLine {
  target: LoanTarget;
  quantity: number;
}

/** A loan as it is asked for: the loan's own fields a request sets, and what it asks for. */
export type NewLoan = Pick<Loan, 'officeId' | 'requesterId' | 'schoolId' | 'purpose' | 'place' | 'startsOn' | 'endsOn' | 'needsEndorsement'> & { lines: NewLoanLine[] };

/** A line that could not get its items: how many it asked and how many it got before the rest were taken. */
export interface Shortage {
  line: number;
  target: LoanTarget;
  asked: number;
  got: number;
}

export type Reserved = { ok: true } | { ok: false; shortage: Shortage };

/**
 * Tries the item for the loan's dates: the exclusion constraint decides. Another transaction holding it (even
 * uncommitted) makes this wait for it; its commit makes this one get nothing.
 */
async function tryReserve(ex: Executor, loan: { id: number; officeId: string; startsOn: string; endsOn: string }, lineId: number, itemId: number): Promise<boolean> {
  const result = await ex.execute(sql`
    insert into loan_reservations (office_id, loan_id, line_id, item_id, starts_on, ends_on)
    values (${loan.officeId}, ${loan.id}, ${lineId}, ${itemId}, ${loan.startsOn}::date, ${loan.endsOn}::date)
    on conflict do nothing
    returning id`);
  return result.rows.length > 0;
}

/**
 * Items of the target that look free for the dates: a hint of order for the reservations (their insert decides),
 * except for an item overdue and still out, which no reservation of its own stands for and is never taken.
 */
async function candidates(ex: Executor, officeId: string, ids: readonly number[], range: DateRange, today: string): Promise<number[]> {
  const busy = await busyDays(ex, officeId, ids, range, { today });
  return ids.filter((id) => busy.get(id)!.length === 0);
}

/**
 * Reserves every line of the loan for its dates, inside the caller's transaction. On a shortage what was reserved
 * stays written: the caller rolls the transaction (or its savepoint) back.
 */
export async function reserveLoan(ex: Executor, officeId: string, loanId: number, today: string): Promise<Reserved> {
  const [loan] = await ex.select().from(loans).where(and(eq(loans.officeId, officeId), eq(loans.id, loanId)));
  if (!loan) throw new Error(`loan ${loanId} not found`);
  const lines = await ex.select().from(loanLines).where(eq(loanLines.loanId, loanId)).orderBy(asc(loanLines.id));
  const range = { from: loan.startsOn, to: loan.endsOn };
  for (const [index, line] of lines.entries()) {
    const target = targetOf(line);
    if (target.kind === 'type') {
      let got = 0;
      for (const itemId of await candidates(ex, officeId, await itemsOf(ex, officeId, target), range, today)) {
        if (got >= line.quantity) break;
        if (await tryReserve(ex, loan, line.id, itemId)) got += 1;
      }
      if (got < line.quantity) return { ok: false, shortage: { line: index, target, asked: line.quantity, got } };
    } else {
      // A kit or an item: all of its items, or the line is short.
      const ids = await itemsOf(ex, officeId, target);
      let all = ids.length > 0 && (await candidates(ex, officeId, ids, range, today)).length === ids.length;
      for (const itemId of ids) {
        if (!all) break;
        all = await tryReserve(ex, loan, line.id, itemId);
      }
      if (!all) return { ok: false, shortage: { line: index, target, asked: 1, got: 0 } };
    }
  }
  return { ok: true };
}

/** Lets the loan's items go (declined, cancelled, expired, or before reserving new dates). */
export async function releaseLoanReservations(ex: Executor, officeId: string, loanId: number, now: Date): Promise<void> {
  await ex
    .update(loanReservations)
    .set({ releasedAt: now })
    .where(and(eq(loanReservations.officeId, officeId), eq(loanReservations.loanId, loanId), isNull(loanReservations.releasedAt)));
}

/** The items held for the loan now (live reservations), by item id: what the hand-over starts from. */
export async function loanReservedItems(ex: Executor, officeId: string, loanId: number): Promise<Array<{ reservationId: number; lineId: number; itemId: number; assetTag: string; typeName: string }>> {
  return ex
    .select({ reservationId: loanReservations.id, lineId: loanReservations.lineId, itemId: loanReservations.itemId, assetTag: loanItems.assetTag, typeName: loanItemTypes.name })
    .from(loanReservations)
    .innerJoin(loanItems, eq(loanItems.id, loanReservations.itemId))
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .where(and(eq(loanReservations.officeId, officeId), eq(loanReservations.loanId, loanId), isNull(loanReservations.releasedAt)))
    .orderBy(asc(loanReservations.itemId));
}

/**
 * Writes the loan (state `submitted`) and its lines and reserves their items, in the caller's transaction. A
 * shortage (someone took the last one since the borrower looked) returns it: the caller rolls back.
 */
export async function createLoan(ex: Executor, input: NewLoan, now: Date): Promise<{ ok: true; loanId: number } | { ok: false; shortage: Shortage }> {
  const [row] = await ex
    .insert(loans)
    .values({
      officeId: input.officeId,
      requesterId: input.requesterId,
      schoolId: input.schoolId,
      purpose: input.purpose,
      place: input.place,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      state: 'submitted',
      needsEndorsement: input.needsEndorsement,
      submittedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: loans.id });
  const loanId = row!.id;
  for (const line of input.lines) {
    await ex.insert(loanLines).values({
      officeId: input.officeId,
      loanId,
      typeId: line.target.kind === 'type' ? line.target.id : null,
      kitId: line.target.kind === 'kit' ? line.target.id : null,
      itemId: line.target.kind === 'item' ? line.target.id : null,
      quantity: line.target.kind === 'type' ? line.quantity : 1,
    });
  }
  const reserved = await reserveLoan(ex, input.officeId, loanId, bangkokDateKey(now));
  return reserved.ok ? { ok: true, loanId } : reserved;
}

function targetOf(line: { typeId: number | null; kitId: number | null; itemId: number | null }): LoanTarget {
  if (line.typeId !== null) return { kind: 'type', id: line.typeId };
  if (line.kitId !== null) return { kind: 'kit', id: line.kitId };
  return { kind: 'item', id: line.itemId! };
}

const loanColumns = {
  id: loans.id,
  officeId: loans.officeId,
  requesterId: loans.requesterId,
  schoolId: loans.schoolId,
  purpose: loans.purpose,
  place: loans.place,
  startsOn: loans.startsOn,
  endsOn: loans.endsOn,
  state: sql<LoanState>`${loans.state}`,
  version: loans.version,
  needsEndorsement: loans.needsEndorsement,
  endorsedBy: loans.endorsedBy,
  endorsedActing: sql<ActingKind | null>`${loans.endorsedActing}`,
  endorsedAt: loans.endorsedAt,
  decidedBy: loans.decidedBy,
  decidedActing: sql<ActingKind | null>`${loans.decidedActing}`,
  decidedAt: loans.decidedAt,
  decisionNote: loans.decisionNote,
  submittedAt: loans.submittedAt,
  createdAt: loans.createdAt,
};

export async function getLoan(ex: Executor, officeId: string, id: number): Promise<Loan | null> {
  const [row] = await ex.select(loanColumns).from(loans).where(and(eq(loans.officeId, officeId), eq(loans.id, id)));
  return row ?? null;
}

/** Locks the loan row for the rest of the transaction (the kit's executeLocked) and reads it. */
export async function lockLoan(ex: Executor, officeId: string, id: number): Promise<Loan | null> {
  const [row] = await ex.select(loanColumns).from(loans).where(and(eq(loans.officeId, officeId), eq(loans.id, id))).for('update');
  return row ?? null;
}

/**
 * What a step may change on a loan: its own fields, not who asked, whether it needs an endorsement, nor the version
 * and times (the repository's).
 */
export type LoanPatch = Partial<Omit<Loan, 'id' | 'officeId' | 'requesterId' | 'needsEndorsement' | 'version' | 'createdAt'>>;

/** Changes the loan if it is still at `expectedVersion` (its version goes up by one); false when it was not. */
export async function updateLoan(ex: Executor, officeId: string, id: number, expectedVersion: number, patch: LoanPatch, now: Date): Promise<boolean> {
  const changed = await ex
    .update(loans)
    .set({ ...patch, version: expectedVersion + 1, updatedAt: now })
    .where(and(eq(loans.officeId, officeId), eq(loans.id, id), eq(loans.version, expectedVersion)))
    .returning({ id: loans.id });
  return changed.length > 0;
}

/** The loan's lines with the names the cards show. */
export async function loanLinesOf(ex: Executor, officeId: string, loanId: number): Promise<LoanLineView[]> {
  return (await linesOfLoans(ex, officeId, [loanId])).get(loanId) ?? [];
}

/** The lines of several loans in one query (a list of loans, an export of a year), by loan. */
async function linesOfLoans(ex: Executor, officeId: string, loanIds: readonly number[]): Promise<Map<number, LoanLineView[]>> {
  const byLoan = new Map<number, LoanLineView[]>(loanIds.map((id) => [id, []]));
  if (loanIds.length === 0) return byLoan;
  const rows = await ex
    .select({
      id: loanLines.id,
      loanId: loanLines.loanId,
      typeId: loanLines.typeId,
      kitId: loanLines.kitId,
      itemId: loanLines.itemId,
      quantity: loanLines.quantity,
      typeName: sql<string | null>`(select name from loan_item_types t where t.id = ${loanLines.typeId})`,
      typeCategory: sql<string | null>`(select category from loan_item_types t where t.id = ${loanLines.typeId})`,
      kitName: sql<string | null>`(select name from loan_kits k where k.id = ${loanLines.kitId})`,
      kitCategories: sql<string[] | null>`(select array_agg(distinct t.category) from loan_kit_items ki join loan_items i on i.id = ki.item_id join loan_item_types t on t.id = i.type_id where ki.kit_id = ${loanLines.kitId})`,
      itemName: sql<string | null>`(select t.name || ' ' || i.asset_tag from loan_items i join loan_item_types t on t.id = i.type_id where i.id = ${loanLines.itemId})`,
      itemCategory: sql<string | null>`(select t.category from loan_items i join loan_item_types t on t.id = i.type_id where i.id = ${loanLines.itemId})`,
    })
    .from(loanLines)
    .where(and(eq(loanLines.officeId, officeId), idIn(loanLines.loanId, loanIds)))
    .orderBy(asc(loanLines.id));
  for (const r of rows) {
    const target = targetOf(r);
    const name = r.typeName ?? r.kitName ?? r.itemName ?? '';
    const categories = (target.kind === 'kit' ? (r.kitCategories ?? []) : [r.typeCategory ?? r.itemCategory ?? 'other']) as ItemCategory[];
    byLoan.get(r.loanId)?.push({ id: r.id, target, quantity: r.quantity, name, categories });
  }
  return byLoan;
}

const requester = alias(people, 'requester');
const endorser = alias(people, 'endorser');
const decider = alias(people, 'decider');

async function viewsOf(ex: Executor, officeId: string, where: SQL | undefined, limit: number, newestFirst = false): Promise<LoanView[]> {
  const rows = await ex
    .select({ ...loanColumns, requesterName: requester.fullName, schoolName: schools.name, endorserName: endorser.fullName, deciderName: decider.fullName })
    .from(loans)
    .innerJoin(requester, eq(requester.id, loans.requesterId))
    .leftJoin(schools, eq(schools.id, loans.schoolId))
    .leftJoin(endorser, eq(endorser.id, loans.endorsedBy))
    .leftJoin(decider, eq(decider.id, loans.decidedBy))
    .where(and(eq(loans.officeId, officeId), where))
    .orderBy(newestFirst ? desc(loans.id) : asc(loans.id))
    .limit(limit);
  const views: LoanView[] = [];
  const lines = await linesOfLoans(ex, officeId, rows.map((r) => r.id));
  for (const row of rows) views.push({ ...row, lines: lines.get(row.id) ?? [] });
  return views;
}

/**
 * Loans (not drafts) whose first day is in [from, to] (either bound optional), of one school when `schoolId` is
 * given (null: the office's own): the export of a period and a school's loan history.
 */
export async function listLoanViews(
  ex: Executor,
  officeId: string,
  filter: { startsFrom?: string; startsTo?: string; schoolId?: number | null },
  limit: number,
  newestFirst = false,
): Promise<LoanView[]> {
  const where = and(
    sql`${loans.state} <> 'draft'`,
    filter.startsFrom === undefined ? undefined : sql`${loans.startsOn} >= ${filter.startsFrom}::date`,
    filter.startsTo === undefined ? undefined : sql`${loans.startsOn} <= ${filter.startsTo}::date`,
    filter.schoolId === undefined ? undefined : filter.schoolId === null ? isNull(loans.schoolId) : eq(loans.schoolId, filter.schoolId),
  );
  const views = await viewsOf(ex, officeId, where, limit, newestFirst);
  // By first day (then number), the order of the form's book.
  return views.sort((a, b) => (newestFirst ? -1 : 1) * (a.startsOn.localeCompare(b.startsOn) || a.id - b.id));
}

export async function getLoanView(ex: Executor, officeId: string, id: number): Promise<LoanView | null> {
  const [view] = await viewsOf(ex, officeId, eq(loans.id, id), 1);
  return view ?? null;
}

/**
 * The person's loans in these states, newest first. A handed-over loan (`fulfilled`) counts only while one of its
 * items is still held for it: each item brought back lets its hold go (the desk's return), so a loan all back is done.
 */
export async function listLoansOf(ex: Executor, officeId: string, requesterId: number, states: readonly LoanState[], limit: number): Promise<LoanView[]> {
  const stillOut = sql`(${loans.state} <> 'fulfilled' or exists (select 1 from loan_reservations r where r.loan_id = ${loans.id} and r.released_at is null))`;
  return viewsOf(ex, officeId, and(eq(loans.requesterId, requesterId), inArray(loans.state, [...states]), stillOut), limit, true);
}

/** Loans waiting for a decision (endorsement or approval), oldest first: the pending list filters by decider. */
export async function listSubmittedLoans(ex: Executor, officeId: string, limit: number): Promise<LoanView[]> {
  return viewsOf(ex, officeId, eq(loans.state, 'submitted'), limit);
}

/** Ids of the loans waiting for a decision (the reminder sweep's candidates). */
export async function listSubmittedLoanIds(ex: Executor, officeId: string): Promise<number[]> {
  const rows = await ex.select({ id: loans.id }).from(loans).where(and(eq(loans.officeId, officeId), eq(loans.state, 'submitted'))).orderBy(asc(loans.id));
  return rows.map((r) => r.id);
}

/** Ids of the loans still undecided (submitted, or returned for correction) whose first day is `today` or past. */
export async function listUndecidedLoanIdsStartingBy(ex: Executor, officeId: string, today: string): Promise<number[]> {
  const rows = await ex
    .select({ id: loans.id })
    .from(loans)
    .where(and(eq(loans.officeId, officeId), inArray(loans.state, ['submitted', 'returned']), sql`${loans.startsOn} <= ${today}::date`))
    .orderBy(asc(loans.id));
  return rows.map((r) => r.id);
}

/** The window of days either side of a range that availability looks at for nearer dates. */
export function availabilityWindow(range: DateRange, days: number): DateRange {
  return { from: addDays(range.from, -days), to: addDays(range.to, days) };
}

import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { loanEvents, loanHandoverItems, loanHandovers, loanItems, loanItemTypes, loanLines, loanReservations, loans, people, schools } from '../schema.ts';
import type { DeskItemStatus, DeskLoan, DeskLoanItem, Handover } from '../../domain/loans/handover.ts';
import type { ItemCondition } from '../../domain/loans/inventory.ts';
import { getLoanView } from './loans.ts';

export type { DeskLoan, DeskLoanItem, Handover } from '../../domain/loans/handover.ts';

/**
 * Hand-over and return of a loan's items (the technicians' desk). The loans, their lines and reservations are the
 * borrowing side's (src/db/repos/loans.ts); this side writes what went out with whom and what came back.
 */

/** Where each of the loan's items is: handed over (out, back, missing), or held for it and not handed over yet. */
export async function deskLoanItems(ex: Executor, officeId: string, loanId: number): Promise<DeskLoanItem[]> {
  const handed = await ex
    .select({
      itemId: loanHandoverItems.itemId,
      assetTag: loanItems.assetTag,
      typeName: loanItemTypes.name,
      handoverId: loanHandoverItems.handoverId,
      returnedAt: loanHandoverItems.returnedAt,
      missingAt: loanHandoverItems.missingAt,
      returnCondition: loanHandoverItems.returnCondition,
      repairTicketId: loanHandoverItems.repairTicketId,
    })
    .from(loanHandoverItems)
    .innerJoin(loanItems, eq(loanItems.id, loanHandoverItems.itemId))
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .where(and(eq(loanHandoverItems.officeId, officeId), eq(loanHandoverItems.loanId, loanId)));
  const items: DeskLoanItem[] = handed.map((h) => {
    const status: DeskItemStatus = h.returnedAt ? 'returned' : h.missingAt ? 'missing' : 'out';
    return {
      itemId: h.itemId,
      assetTag: h.assetTag,
      typeName: h.typeName,
      status,
      handoverId: h.handoverId,
      returnCondition: (h.returnCondition as ItemCondition | null) ?? null,
      repairTicketId: h.repairTicketId,
      lineTypeId: null,
    };
  });
  const held = await ex
    .select({ itemId: loanReservations.itemId, assetTag: loanItems.assetTag, typeName: loanItemTypes.name, lineTypeId: loanLines.typeId })
    .from(loanReservations)
    .innerJoin(loanLines, eq(loanLines.id, loanReservations.lineId))
    .innerJoin(loanItems, eq(loanItems.id, loanReservations.itemId))
    .innerJoin(loanItemTypes, eq(loanItemTypes.id, loanItems.typeId))
    .where(and(eq(loanReservations.officeId, officeId), eq(loanReservations.loanId, loanId), isNull(loanReservations.releasedAt)));
  for (const h of held) {
    if (items.some((i) => i.itemId === h.itemId)) continue;
    items.push({ ...h, status: 'reserved', handoverId: null, returnCondition: null, repairTicketId: null });
  }
  return items.sort((a, b) => (a.assetTag < b.assetTag ? -1 : a.assetTag > b.assetTag ? 1 : 0));
}

export async function getDeskLoan(ex: Executor, officeId: string, loanId: number): Promise<DeskLoan | null> {
  const loan = await getLoanView(ex, officeId, loanId);
  return loan ? { loan, items: await deskLoanItems(ex, officeId, loanId) } : null;
}

/**
 * The loans on the desk today: those that may be handed over (approved or partly handed over, starting by
 * `horizon`, not ended, with an item still to hand over) and those due back (an item out, due today or before).
 */
export async function listDeskLoanIds(ex: Executor, officeId: string, today: string, horizon: string, limit: number): Promise<number[]> {
  const rows = await ex
    .select({ id: loans.id })
    .from(loans)
    .where(
      and(
        eq(loans.officeId, officeId),
        sql`(
          (${loans.state} in ('approved', 'fulfilled') and ${loans.startsOn} <= ${horizon}::date and ${loans.endsOn} >= ${today}::date
            and exists (select 1 from ${loanReservations} r where r.loan_id = ${loans.id} and r.released_at is null
              and not exists (select 1 from ${loanHandoverItems} h where h.loan_id = r.loan_id and h.item_id = r.item_id)))
          or (${loans.endsOn} <= ${today}::date
            and exists (select 1 from ${loanHandoverItems} h where h.loan_id = ${loans.id} and h.returned_at is null))
        )`,
      ),
    )
    .orderBy(asc(loans.endsOn), asc(loans.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Items among these that are out on another loan now (an overdue one): they cannot go out again. */
export async function itemsOutElsewhere(ex: Executor, officeId: string, loanId: number, itemIds: readonly number[]): Promise<number[]> {
  if (itemIds.length === 0) return [];
  const rows = await ex
    .select({ itemId: loanHandoverItems.itemId })
    .from(loanHandoverItems)
    .where(and(eq(loanHandoverItems.officeId, officeId), inArray(loanHandoverItems.itemId, [...itemIds]), ne(loanHandoverItems.loanId, loanId), isNull(loanHandoverItems.returnedAt)));
  return rows.map((r) => r.itemId);
}

export interface NewHandover {
  officeId: string;
  loanId: number;
  handedOverBy: number;
  at: Date;
  condition: ItemCondition;
  photoMediaId: number | null;
  itemIds: readonly number[];
}

/** Writes the hand-over and its items; returns its id. */
export async function insertHandover(ex: Executor, input: NewHandover): Promise<number> {
  const [row] = await ex
    .insert(loanHandovers)
    .values({
      officeId: input.officeId,
      loanId: input.loanId,
      handedOverBy: input.handedOverBy,
      handedOverAt: input.at,
      condition: input.condition,
      photoMediaId: input.photoMediaId,
    })
    .returning({ id: loanHandovers.id });
  const handoverId = row!.id;
  await ex.insert(loanHandoverItems).values(input.itemIds.map((itemId) => ({ officeId: input.officeId, handoverId, loanId: input.loanId, itemId })));
  return handoverId;
}

export async function getHandover(ex: Executor, officeId: string, id: number): Promise<Handover | null> {
  const [row] = await ex
    .select({
      id: loanHandovers.id,
      officeId: loanHandovers.officeId,
      loanId: loanHandovers.loanId,
      requesterId: loans.requesterId,
      handedOverAt: loanHandovers.handedOverAt,
      confirmedAt: loanHandovers.confirmedAt,
    })
    .from(loanHandovers)
    .innerJoin(loans, eq(loans.id, loanHandovers.loanId))
    .where(and(eq(loanHandovers.officeId, officeId), eq(loanHandovers.id, id)));
  if (!row) return null;
  const items = await ex.select({ itemId: loanHandoverItems.itemId }).from(loanHandoverItems).where(eq(loanHandoverItems.handoverId, id)).orderBy(asc(loanHandoverItems.itemId));
  return { ...row, itemIds: items.map((i) => i.itemId) };
}

/** The borrower's receipt, once: false when it was confirmed already. */
export async function confirmHandover(ex: Executor, officeId: string, id: number, personId: number, at: Date): Promise<boolean> {
  const rows = await ex
    .update(loanHandovers)
    .set({ confirmedBy: personId, confirmedAt: at })
    .where(and(eq(loanHandovers.officeId, officeId), eq(loanHandovers.id, id), isNull(loanHandovers.confirmedAt)))
    .returning({ id: loanHandovers.id });
  return rows.length > 0;
}

/** The item came back (whatever state it is in); false when it was not out on this loan. */
export async function markItemReturned(ex: Executor, input: { officeId: string; loanId: number; itemId: number; receivedBy: number; condition: ItemCondition; at: Date }): Promise<boolean> {
  const rows = await ex
    .update(loanHandoverItems)
    .set({ returnedAt: input.at, receivedBy: input.receivedBy, returnCondition: input.condition })
    .where(and(eq(loanHandoverItems.officeId, input.officeId), eq(loanHandoverItems.loanId, input.loanId), eq(loanHandoverItems.itemId, input.itemId), isNull(loanHandoverItems.returnedAt)))
    .returning({ id: loanHandoverItems.id });
  if (rows.length === 0) return false;
  await ex.update(loanItems).set({ condition: input.condition, updatedAt: input.at }).where(and(eq(loanItems.officeId, input.officeId), eq(loanItems.id, input.itemId)));
  // Back early: the rest of the loan's dates no longer hold the item.
  await ex
    .update(loanReservations)
    .set({ releasedAt: input.at })
    .where(and(eq(loanReservations.officeId, input.officeId), eq(loanReservations.loanId, input.loanId), eq(loanReservations.itemId, input.itemId), isNull(loanReservations.releasedAt)));
  return true;
}

/** Reported not brought back: it stays open on the loan. False when it was not out (or reported already). */
export async function markItemMissing(ex: Executor, officeId: string, loanId: number, itemId: number, at: Date): Promise<boolean> {
  const rows = await ex
    .update(loanHandoverItems)
    .set({ missingAt: at })
    .where(
      and(
        eq(loanHandoverItems.officeId, officeId),
        eq(loanHandoverItems.loanId, loanId),
        eq(loanHandoverItems.itemId, itemId),
        isNull(loanHandoverItems.returnedAt),
        isNull(loanHandoverItems.missingAt),
      ),
    )
    .returning({ id: loanHandoverItems.id });
  return rows.length > 0;
}

/** Links the repair ticket opened for a returned item, once: false when one was opened already. */
export async function linkRepairTicket(ex: Executor, officeId: string, loanId: number, itemId: number, ticketId: number): Promise<boolean> {
  const rows = await ex
    .update(loanHandoverItems)
    .set({ repairTicketId: ticketId })
    .where(and(eq(loanHandoverItems.officeId, officeId), eq(loanHandoverItems.loanId, loanId), eq(loanHandoverItems.itemId, itemId), isNull(loanHandoverItems.repairTicketId)))
    .returning({ id: loanHandoverItems.id });
  return rows.length > 0;
}

/** Who has the item now (it is out on a loan), for its page and card; null: it is at the office. */
export async function currentHolderOf(ex: Executor, officeId: string, itemId: number): Promise<{ loanId: number; requesterName: string; schoolName: string | null; endsOn: string } | null> {
  const [row] = await ex
    .select({ loanId: loans.id, requesterName: people.fullName, schoolName: schools.name, endsOn: loans.endsOn })
    .from(loanHandoverItems)
    .innerJoin(loans, eq(loans.id, loanHandoverItems.loanId))
    .innerJoin(people, eq(people.id, loans.requesterId))
    .leftJoin(schools, eq(schools.id, loans.schoolId))
    .where(and(eq(loanHandoverItems.officeId, officeId), eq(loanHandoverItems.itemId, itemId), isNull(loanHandoverItems.returnedAt)));
  return row ?? null;
}

/** The item's condition as last seen (handed over, returned). */
export async function setItemCondition(ex: Executor, officeId: string, itemId: number, condition: ItemCondition, at: Date): Promise<void> {
  await ex.update(loanItems).set({ condition, updatedAt: at }).where(and(eq(loanItems.officeId, officeId), eq(loanItems.id, itemId)));
}

/** Borrowers with an item out on a loan due back by `lastDue` (the return reminders' candidates), by id. */
export async function borrowersWithItemsOutDueBy(ex: Executor, officeId: string, lastDue: string): Promise<number[]> {
  const rows = await ex
    .selectDistinct({ id: loans.requesterId })
    .from(loans)
    .innerJoin(loanHandoverItems, and(eq(loanHandoverItems.loanId, loans.id), isNull(loanHandoverItems.returnedAt)))
    .where(and(eq(loans.officeId, officeId), sql`${loans.endsOn} <= ${lastDue}::date`))
    .orderBy(asc(loans.requesterId));
  return rows.map((r) => r.id);
}

/** The borrower's loans with an item out, by id. */
export async function loansWithItemsOutOf(ex: Executor, officeId: string, requesterId: number): Promise<number[]> {
  const rows = await ex
    .selectDistinct({ id: loans.id })
    .from(loans)
    .innerJoin(loanHandoverItems, and(eq(loanHandoverItems.loanId, loans.id), isNull(loanHandoverItems.returnedAt)))
    .where(and(eq(loans.officeId, officeId), eq(loans.requesterId, requesterId)))
    .orderBy(asc(loans.id));
  return rows.map((r) => r.id);
}

/** Whether another loan holds one of this loan's items (its live reservations) on a day of [from, to]: an extension would clash. */
export async function itemsBookedBetween(ex: Executor, officeId: string, loanId: number, from: string, to: string): Promise<boolean> {
  const result = await ex.execute(sql`
    select 1 from ${loanReservations} mine
      join ${loanReservations} other on other.item_id = mine.item_id and other.loan_id <> mine.loan_id and other.released_at is null
     where mine.office_id = ${officeId} and mine.loan_id = ${loanId} and mine.released_at is null
       and other.starts_on <= ${to}::date and other.ends_on >= ${from}::date
     limit 1`);
  return result.rows.length > 0;
}

/**
 * Holds the loan's items (its live reservations) until `to`. The exclusion constraint has the last word: when another
 * loan holds one of them on those days the database refuses, and false comes back (the caller's savepoint undone).
 */
export async function extendLoanReservations(ex: Executor, officeId: string, loanId: number, to: string): Promise<boolean> {
  try {
    await ex.transaction(async (sp) => {
      await sp
        .update(loanReservations)
        .set({ endsOn: to })
        .where(and(eq(loanReservations.officeId, officeId), eq(loanReservations.loanId, loanId), isNull(loanReservations.releasedAt)));
    });
    return true;
  } catch (err) {
    if (isExclusionViolation(err)) return false;
    throw err;
  }
}

/** SQLSTATE 23P01 (exclusion_violation), however the driver wraps it. */
function isExclusionViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23P01') return true;
  }
  return false;
}

/** Approved loans whose first day has come (by `today`) and of which nothing was handed over: the no-show sweep's candidates. */
export async function approvedLoansNotPickedUp(ex: Executor, officeId: string, today: string): Promise<number[]> {
  const rows = await ex
    .select({ id: loans.id })
    .from(loans)
    .where(
      and(
        eq(loans.officeId, officeId),
        eq(loans.state, 'approved'),
        sql`${loans.startsOn} <= ${today}::date`,
        sql`not exists (select 1 from ${loanHandovers} h where h.loan_id = ${loans.id})`,
      ),
    )
    .orderBy(asc(loans.id));
  return rows.map((r) => r.id);
}

/**
 * Moves the loan's live reservation of `fromItemId` to `toItemId` (another item of the type, picked at the counter).
 * The exclusion constraint has the last word: when the other item is held on those days the database refuses, and
 * false comes back (the savepoint undone).
 */
export async function moveReservation(ex: Executor, officeId: string, loanId: number, fromItemId: number, toItemId: number): Promise<boolean> {
  try {
    let moved = 0;
    await ex.transaction(async (sp) => {
      const rows = await sp
        .update(loanReservations)
        .set({ itemId: toItemId })
        .where(and(eq(loanReservations.officeId, officeId), eq(loanReservations.loanId, loanId), eq(loanReservations.itemId, fromItemId), isNull(loanReservations.releasedAt)))
        .returning({ id: loanReservations.id });
      moved = rows.length;
    });
    return moved > 0;
  } catch (err) {
    if (isExclusionViolation(err)) return false;
    throw err;
  }
}

/** Whether another loan holds the item on a day of [from, to] (a swap at the counter would be refused). */
export async function itemHeldBetween(ex: Executor, officeId: string, itemId: number, exceptLoanId: number, from: string, to: string): Promise<boolean> {
  const rows = await ex
    .select({ id: loanReservations.id })
    .from(loanReservations)
    .where(
      and(
        eq(loanReservations.officeId, officeId),
        eq(loanReservations.itemId, itemId),
        ne(loanReservations.loanId, exceptLoanId),
        isNull(loanReservations.releasedAt),
        sql`${loanReservations.startsOn} <= ${to}::date and ${loanReservations.endsOn} >= ${from}::date`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Loans whose last word on an extension is the borrower's request (nobody has answered yet), with the day asked for. */
export async function pendingExtensions(ex: Executor, officeId: string): Promise<Array<{ loanId: number; to: string; from: string }>> {
  const result = await ex.execute(sql`
    select loan_id as "loanId", data->>'to' as "to", data->>'from' as "from" from (
      select distinct on (e.loan_id) e.loan_id, e.action, e.data
        from ${loanEvents} e
       where e.office_id = ${officeId} and e.action in ('extension_requested', 'extended', 'extension_declined')
       order by e.loan_id, e.id desc
    ) last where last.action = 'extension_requested'
    order by loan_id`);
  return result.rows as Array<{ loanId: number; to: string; from: string }>;
}

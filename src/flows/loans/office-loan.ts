import type { Executor } from '../../db/database.ts';
import { addHistory } from '../../db/repos/history.ts';
import { createLoan, listBorrowableKits, listBorrowableTypes, releaseLoanReservations, lockLoan, unitsWithBusyDays, updateLoan, type BorrowableChoice, type LoanTarget } from '../../db/repos/loans.ts';

/**
 * The office's own loans: equipment another capability reserves for its own use (a video conference's VC kit, a
 * room booking's VC kit or projector), written as a loan of the office for the day, approved at once by whoever
 * plans the use, so the loans' inventory, its calendar and its exclusion constraint know the equipment is taken.
 */

/** What a meeting may ask for from the inventory: VC kits (a kit's items all free) or projectors (a loose one free). */
export type OfficeEquipment = 'vc_kit' | 'projector';

/** The VC kits, or the projector types, with something free on that day (YYYY-MM-DD), by name. */
export async function freeEquipmentOn(ex: Executor, officeId: string, kind: OfficeEquipment, day: string): Promise<BorrowableChoice[]> {
  const free: BorrowableChoice[] = [];
  const choices = kind === 'vc_kit' ? await listBorrowableKits(ex, officeId) : (await listBorrowableTypes(ex, officeId)).filter((t) => t.category === 'projector');
  for (const choice of choices) {
    const units = await unitsWithBusyDays(ex, officeId, choice.target, { from: day, to: day });
    const idle = units.filter((u) => u.busy.length === 0).length;
    if (kind === 'vc_kit' ? units.length > 0 && idle === units.length : idle > 0) free.push(choice);
  }
  return free;
}

export interface OfficeLoanInput {
  officeId: string;
  /** Who plans the use: the loan's requester and its approver. */
  actorId: number;
  day: string;
  purpose: string;
  place: string;
  targets: LoanTarget[];
  /** What the loan is for, kept in its history (`vc_session`, `room_booking`). */
  usedFor: string;
  now: Date;
}

/**
 * Reserves the targets (one each) for the day as the office's loan, approved, in the caller's transaction. When the
 * loans' constraint refuses one (taken since it was offered) nothing is useful written: the caller refuses and its
 * transaction rolls back.
 */
export async function reserveOfficeLoan(tx: Executor, input: OfficeLoanInput): Promise<{ ok: true; loanId: number } | { ok: false }> {
  const { officeId, actorId, day, now } = input;
  const made = await createLoan(tx, { officeId, requesterId: actorId, schoolId: null, purpose: input.purpose, place: input.place, startsOn: day, endsOn: day, needsEndorsement: false, lines: input.targets.map((target) => ({ target, quantity: 1 })) }, now);
  if (!made.ok) return { ok: false };
  await updateLoan(tx, officeId, made.loanId, 1, { state: 'approved', decidedBy: actorId, decidedAt: now }, now);
  await addHistory(tx, 'loan', made.loanId, { officeId, actorId, action: 'approved', data: { for: input.usedFor }, at: now });
  return { ok: true, loanId: made.loanId };
}

/** The use is called off (its booking or session cancelled): the office's loan is cancelled and its equipment let go. */
export async function cancelOfficeLoan(tx: Executor, officeId: string, loanId: number, actorId: number | null, now: Date, usedFor = 'room_booking'): Promise<void> {
  const loan = await lockLoan(tx, officeId, loanId);
  if (!loan || loan.state !== 'approved') return;
  if (!(await updateLoan(tx, officeId, loan.id, loan.version, { state: 'cancelled' }, now))) return;
  await releaseLoanReservations(tx, officeId, loan.id, now);
  await addHistory(tx, 'loan', loan.id, { officeId, actorId, action: 'cancelled', data: { for: usedFor }, at: now });
}

import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addHistory } from '../../db/repos/history.ts';
import { loadOfficeCalendar } from '../../db/repos/holidays.ts';
import {
  confirmHandover,
  deskLoanItems,
  getHandover,
  insertHandover,
  itemsOutElsewhere,
  linkRepairTicket,
  markItemMissing,
  markItemReturned,
  moveReservation,
  setItemCondition,
} from '../../db/repos/loan-handover.ts';
import { getItem } from '../../db/repos/loan-desk.ts';
import { attachMedia } from '../../db/repos/media.ts';
import { getLoanView, lockLoan, updateLoan } from '../../db/repos/loans.ts';
import { reachablePerson } from '../../db/repos/recipients.ts';
import { assertNever, ConflictError, ForbiddenError, StaleError } from '../../domain/errors.ts';
import { handOverHorizon, mayHandOverOn, swapTarget } from '../../domain/loans/handover.ts';
import { CONDITION_LABELS } from '../../domain/loans/inventory.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import { checkRequestEvent } from '../../kit/requests.ts';
import { pushOnce } from '../../line/push-once.ts';
import { receiptCard } from './cards.ts';
import type { DeskCommand } from './commands.ts';
import { handoverTexts as H } from './messages.ts';
import { openRepairForItem } from './repair.ts';

type HandoverCommand = Extract<DeskCommand, { type: 'handOver' | 'confirmReceipt' | 'returnItem' | 'reportMissing' | 'openRepair' }>;

/**
 * Hand-over and return, inside the event's transaction. The loan is locked (its row is the borrowing side's; the
 * first hand-over moves it approved → fulfilled on the kit's request machine), the version the card was drawn for and
 * the items checked again; what is refused is thrown as the kit's errors, answered by the dispatcher.
 */
export async function executeHandoverCommand(tx: Executor, command: HandoverCommand, env: CommandEnv): Promise<void> {
  const person = env.person;
  if (!person) throw new ForbiddenError('lend_equipment', command.type);
  if (command.type === 'confirmReceipt') {
    const handover = await getHandover(tx, env.officeId, command.handoverId);
    if (!handover) throw new StaleError(`handover ${command.handoverId} is gone`);
    if (handover.requesterId !== person.id) throw new ForbiddenError('borrow_equipment', `handover ${handover.id}: not the borrower`);
    if (!(await confirmHandover(tx, env.officeId, handover.id, person.id, env.now))) throw new StaleError(`handover ${handover.id} confirmed already`);
    await addHistory(tx, 'loan', handover.loanId, { officeId: env.officeId, actorId: person.id, action: 'receipt_confirmed', data: { handoverId: handover.id }, at: env.now });
    for (const itemId of handover.itemIds) {
      await addHistory(tx, 'loan_item', itemId, { officeId: env.officeId, actorId: person.id, action: 'receipt_confirmed', data: { loanId: handover.loanId, handoverId: handover.id }, at: env.now });
    }
    return;
  }
  if (!can(person.role, 'lend_equipment')) throw new ForbiddenError('lend_equipment', command.type);
  const loan = await lockLoan(tx, env.officeId, command.loanId);
  if (!loan) throw new StaleError(`loan ${command.loanId} is gone`);
  const view = await getLoanView(tx, env.officeId, loan.id);
  const borrower = view?.requesterName ?? '';
  let items = await deskLoanItems(tx, env.officeId, loan.id);
  switch (command.type) {
    case 'handOver': {
      if (loan.version !== command.expectedVersion) throw new StaleError(`loan ${loan.id} changed meanwhile`);
      const today = bangkokDateKey(env.now);
      if (!mayHandOverOn(loan, today, handOverHorizon(today, await loadOfficeCalendar(tx, env.officeId)))) throw new StaleError(`loan ${loan.id} cannot be handed over today`);
      for (const swap of command.swaps) {
        const held = items.find((i) => i.itemId === swap.from && i.status === 'reserved');
        const other = await getItem(tx, env.officeId, swap.to);
        const desk = { loan: view!, items };
        if (!held || !other || held.lineTypeId !== other.typeId || swapTarget(desk, other, [], []) === null) throw new StaleError(`loan ${loan.id}: ${swap.to} cannot stand in for ${swap.from}`);
        if (!(await moveReservation(tx, env.officeId, loan.id, swap.from, swap.to))) throw new ConflictError(`loan ${loan.id}: item ${swap.to} is held on those days`, H.swapTaken(other.assetTag));
        items = await deskLoanItems(tx, env.officeId, loan.id);
      }
      const reserved = new Set(items.filter((i) => i.status === 'reserved').map((i) => i.itemId));
      if (command.itemIds.length === 0 || command.itemIds.some((id) => !reserved.has(id))) throw new StaleError(`loan ${loan.id}: items no longer to hand over`);
      const elsewhere = await itemsOutElsewhere(tx, env.officeId, loan.id, command.itemIds);
      if (elsewhere.length > 0) {
        const tags = items.filter((i) => elsewhere.includes(i.itemId)).map((i) => i.assetTag).join(', ');
        throw new ConflictError(`loan ${loan.id}: items still out on another loan`, H.outElsewhere(tags));
      }
      if (loan.state === 'approved') {
        // The first hand-over fulfils the request (the kit's machine: approved → fulfilled, by lend_equipment).
        const check = checkRequestEvent({ state: loan.state, requesterId: loan.requesterId, decider: { kind: 'roles', roles: [] } }, 'fulfil', person, { permissions: { fulfil: 'lend_equipment' } });
        if (!check.ok) throw new StaleError(`loan ${loan.id}: fulfil refused (${check.reason})`);
        if (!(await updateLoan(tx, env.officeId, loan.id, loan.version, { state: check.to }, env.now))) throw new StaleError(`loan ${loan.id} changed meanwhile`);
      } else if (loan.state !== 'fulfilled') {
        throw new StaleError(`loan ${loan.id} is ${loan.state}`);
      }
      const handoverId = await insertHandover(tx, { officeId: env.officeId, loanId: loan.id, handedOverBy: person.id, at: env.now, condition: command.condition, photoMediaId: command.photoMediaId, itemIds: command.itemIds });
      // Kept with the hand-over: a file nobody owns is purged as an abandoned draft.
      if (command.photoMediaId !== null) await attachMedia(tx, env.officeId, [command.photoMediaId], 'loan_handover', handoverId);
      await addHistory(tx, 'loan', loan.id, { officeId: env.officeId, actorId: person.id, action: 'handed_over', data: { handoverId, itemIds: command.itemIds, condition: command.condition }, at: env.now });
      for (const itemId of command.itemIds) {
        await setItemCondition(tx, env.officeId, itemId, command.condition, env.now);
        await addHistory(tx, 'loan_item', itemId, { officeId: env.officeId, actorId: person.id, action: 'handed_over', note: H.itemNote(loan.id, borrower), data: { loanId: loan.id, handoverId }, at: env.now });
      }
      const to = await reachablePerson(tx, env.officeId, loan.requesterId);
      if (to) {
        const card = receiptCard({ loanId: loan.id, handoverId, items: items.filter((i) => command.itemIds.includes(i.itemId)), by: person.fullName, at: env.now, endsOn: loan.endsOn });
        await pushOnce(tx, { ...to, officeId: env.officeId }, [card], `loans:handover:${handoverId}`);
      }
      return;
    }
    case 'returnItem': {
      if (!(await markItemReturned(tx, { officeId: env.officeId, loanId: loan.id, itemId: command.itemId, receivedBy: person.id, condition: command.condition, at: env.now }))) {
        throw new StaleError(`loan ${loan.id}: item ${command.itemId} is not out`);
      }
      await addHistory(tx, 'loan', loan.id, { officeId: env.officeId, actorId: person.id, action: 'item_returned', data: { itemId: command.itemId, condition: command.condition }, at: env.now });
      await addHistory(tx, 'loan_item', command.itemId, { officeId: env.officeId, actorId: person.id, action: 'returned', note: `${H.itemNote(loan.id, borrower)} · สภาพ${CONDITION_LABELS[command.condition]}`, data: { loanId: loan.id, condition: command.condition }, at: env.now });
      return;
    }
    case 'reportMissing': {
      if (!(await markItemMissing(tx, env.officeId, loan.id, command.itemId, env.now))) throw new StaleError(`loan ${loan.id}: item ${command.itemId} is not out`);
      await addHistory(tx, 'loan', loan.id, { officeId: env.officeId, actorId: person.id, action: 'item_missing', data: { itemId: command.itemId }, at: env.now });
      await addHistory(tx, 'loan_item', command.itemId, { officeId: env.officeId, actorId: person.id, action: 'missing', note: H.itemNote(loan.id, borrower), data: { loanId: loan.id }, at: env.now });
      return;
    }
    case 'openRepair': {
      const item = items.find((i) => i.itemId === command.itemId);
      if (!item || item.status !== 'returned' || item.returnCondition !== 'damaged' || item.repairTicketId !== null) throw new StaleError(`loan ${loan.id}: item ${command.itemId} has no repair to open`);
      const ticketId = await openRepairForItem(tx, { officeId: env.officeId, reporterId: person.id, loanId: loan.id, item, borrower, now: env.now });
      if (!(await linkRepairTicket(tx, env.officeId, loan.id, item.itemId, ticketId))) throw new StaleError(`loan ${loan.id}: repair opened already`);
      await addHistory(tx, 'loan', loan.id, { officeId: env.officeId, actorId: person.id, action: 'repair_opened', data: { itemId: item.itemId, ticketId }, at: env.now });
      await addHistory(tx, 'loan_item', item.itemId, { officeId: env.officeId, actorId: person.id, action: 'repair_opened', note: H.itemNote(loan.id, borrower), data: { loanId: loan.id, ticketId }, at: env.now });
      return;
    }
    default:
      assertNever(command);
  }
}

import { commandOf, reply, type StepResult } from '../../bot/flow.ts';
import { stillOut } from '../../domain/loans/handover.ts';
import { addDays, isDateKey } from '../../domain/loans/dates.ts';
import type { Person } from '../../domain/people.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { decidingCapacity } from '../../kit/requests.ts';
import { datePickerItem, end, say, stale, textWithDatePickers } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { encodePostback } from '../../line/postback.ts';
import { cancelAction, extendDateAction } from './actions.ts';
import type { DeskCommand } from './commands.ts';
import { deskLabels as L, extensionTexts as X, handoverTexts as H } from './messages.ts';
import type { DeskData, DeskPrepared } from './prepare.ts';

/**
 * ขอขยายเวลา, the pure steps: the borrower picks a new last day (after the due date, within the office's longest
 * loan); refused at once when another loan holds the items on those days; otherwise the approver decides from a
 * pushed message (อนุมัติ / ไม่อนุมัติ, for the loan's version: the first answer counts).
 */

type Result = StepResult<DeskData>;
const command = commandOf<DeskCommand>();

/** The last day the loan may run to: its first day plus the office's longest loan. */
const lastDayOf = (startsOn: string, maxDays: number) => addDays(startsOn, maxDays - 1);

export function askExtension(person: Person, prepared: DeskPrepared): Result {
  const desk = prepared.deskLoan;
  if (!desk) return end(reply(say(H.loanGone)));
  const { loan } = desk;
  if (loan.requesterId !== person.id) return end(reply(say(X.notYours)));
  if (stillOut(desk).length === 0) return end(reply(say(X.nothingOut)));
  const last = lastDayOf(loan.startsOn, prepared.maxDays ?? 1);
  if (last <= loan.endsOn) return end(reply(say(X.maxReached(formatThaiDateKey(loan.endsOn)))));
  const first = addDays(loan.endsOn, 1);
  const picker = datePickerItem(X.pickDate, encodePostback(extendDateAction, { l: loan.id, v: loan.version }), { initial: first, min: first, max: last });
  return end(reply(textWithDatePickers(X.askDate(loan.id, formatThaiDateKey(loan.endsOn), formatThaiDateKey(last)), [picker], [{ label: L.cancel, data: encodePostback(cancelAction, {}) }])));
}

export function extensionDatePicked(person: Person, prepared: DeskPrepared, v: number, date: string | undefined): Result {
  const desk = prepared.deskLoan;
  if (!desk) return end(reply(say(H.loanGone)));
  const { loan } = desk;
  if (loan.requesterId !== person.id) return end(reply(say(X.notYours)));
  if (!isCurrent(loan, v)) return stale();
  if (stillOut(desk).length === 0) return end(reply(say(X.nothingOut)));
  const last = lastDayOf(loan.startsOn, prepared.maxDays ?? 1);
  if (!date || !isDateKey(date) || date <= loan.endsOn || date > last) return end(reply(say(X.badDate(formatThaiDateKey(loan.endsOn), formatThaiDateKey(last)))));
  if (prepared.bookedAfter) return end(reply(say(X.bookedAfter)));
  return end(command({ type: 'requestExtension', loanId: loan.id, expectedVersion: loan.version, to: date }), reply(say(X.sent(formatThaiDateKey(date)))));
}

/** Whether the person decides this loan's extension: its approver, or a holder of (or stand-in for) its approving roles. */
export function decidesExtension(person: Person, prepared: DeskPrepared): boolean {
  const loan = prepared.deskLoan?.loan;
  if (!loan || loan.requesterId === person.id) return false;
  if (loan.decidedBy === person.id) return true;
  return decidingCapacity({ kind: 'roles', roles: prepared.approverRoles ?? [] }, { id: person.id, role: person.role, actingFor: prepared.actingFor ?? [] }) !== null;
}

export function decideExtension(person: Person, prepared: DeskPrepared, tap: { v: number; d: 'a' | 'd'; t: string }): Result {
  const desk = prepared.deskLoan;
  if (!desk) return end(reply(say(H.loanGone)));
  if (!decidesExtension(person, prepared)) return end(reply(say(X.notDecider)));
  // Decided by someone else already (or the loan changed since): the first answer counts.
  if (!isCurrent(desk.loan, tap.v)) return stale();
  const decision = { type: 'decideExtension' as const, loanId: desk.loan.id, expectedVersion: desk.loan.version, to: tap.t };
  if (tap.d === 'd') return end(command({ ...decision, approve: false, booked: false }), reply(say(X.declined(desk.loan.id))));
  if (prepared.bookedAfter) return end(command({ ...decision, approve: false, booked: true }), reply(say(X.bookedToApprover)));
  return end(command({ ...decision, approve: true, booked: false }), reply(say(X.approved(desk.loan.id, formatThaiDateKey(tap.t)))));
}

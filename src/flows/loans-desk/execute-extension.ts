import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addHistory } from '../../db/repos/history.ts';
import { deskLoanItems, extendLoanReservations } from '../../db/repos/loan-handover.ts';
import { getLoanView, lockLoan, updateLoan } from '../../db/repos/loans.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { actingStandsOf, reachablePerson } from '../../db/repos/recipients.ts';
import { ConflictError, ForbiddenError, StaleError } from '../../domain/errors.ts';
import { addDays } from '../../domain/loans/dates.ts';
import { approverRolesFor } from '../../domain/loans/settings.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { decidingCapacity } from '../../kit/requests.ts';
import { textWithButtons } from '../../kit/steps.ts';
import { encodePostback } from '../../line/postback.ts';
import { pushOnce } from '../../line/push-once.ts';
import { extendDecideAction } from './actions.ts';
import type { DeskCommand } from './commands.ts';
import { extensionTexts as X } from './messages.ts';
import { loanApprovers } from './notify.ts';

type ExtensionCommand = Extract<DeskCommand, { type: 'requestExtension' | 'decideExtension' }>;

/**
 * ขอขยายเวลา inside the event's transaction, with the loan locked and its version checked: the borrower's request is
 * recorded and pushed to the approver with อนุมัติ / ไม่อนุมัติ; the approval holds the items to the new last day
 * (the reservations' exclusion constraint refuses it when another loan holds them: then nothing changes and the
 * approver is told), moves the loan's last day, and tells the borrower. Every answer bumps the loan's version, so
 * the first answer counts and the other buttons are stale.
 */
export async function executeExtensionCommand(tx: Executor, command: ExtensionCommand, env: CommandEnv): Promise<void> {
  const person = env.person;
  if (!person) throw new ForbiddenError('borrow_equipment', command.type);
  const locked = await lockLoan(tx, env.officeId, command.loanId);
  if (!locked) throw new StaleError(`loan ${command.loanId} is gone`);
  if (locked.version !== command.expectedVersion) throw new StaleError(`loan ${locked.id} changed meanwhile`);
  const loan = (await getLoanView(tx, env.officeId, locked.id))!;
  const settings = (await getOfficeSettings(tx, env.officeId)).loans;
  const out = (await deskLoanItems(tx, env.officeId, loan.id)).filter((i) => i.status === 'out' || i.status === 'missing');
  if (out.length === 0) throw new StaleError(`loan ${loan.id} has nothing out`);
  if (command.to <= loan.endsOn || command.to > addDays(loan.startsOn, settings.maxDays - 1)) throw new StaleError(`loan ${loan.id}: ${command.to} out of range`);
  const day = bangkokDateKey(env.now);
  switch (command.type) {
    case 'requestExtension': {
      if (loan.requesterId !== person.id) throw new ForbiddenError('borrow_equipment', `loan ${loan.id}: not the borrower`);
      await addHistory(tx, 'loan', loan.id, { officeId: env.officeId, actorId: person.id, action: 'extension_requested', data: { from: loan.endsOn, to: command.to }, at: env.now });
      const who = loan.schoolName ? `${loan.requesterName} (${loan.schoolName})` : loan.requesterName;
      const text = X.toApprover(loan.id, who, formatThaiDateKey(loan.endsOn), formatThaiDateKey(command.to), out.map((i) => i.assetTag).join(', '));
      const answer = (d: 'a' | 'd') => encodePostback(extendDecideAction, { l: loan.id, v: loan.version, d, t: command.to });
      const message = textWithButtons(text, [
        { label: X.approve, data: answer('a') },
        { label: X.decline, data: answer('d') },
      ]);
      for (const to of await loanApprovers(tx, loan, settings, day)) {
        await pushOnce(tx, { ...to, officeId: env.officeId }, [message], `loans:extension:${loan.id}:${loan.version}:${to.id}`);
      }
      return;
    }
    case 'decideExtension': {
      const roles = approverRolesFor(settings, loan.lines.flatMap((l) => l.categories));
      const decides =
        loan.requesterId !== person.id &&
        (loan.decidedBy === person.id ||
          decidingCapacity({ kind: 'roles', roles }, { id: person.id, role: person.role, actingFor: await actingStandsOf(tx, env.officeId, person.id, day) }) !== null);
      if (!decides) throw new ForbiddenError('approve_loan', `loan ${loan.id}: not its approver`);
      const borrower = await reachablePerson(tx, env.officeId, loan.requesterId);
      if (command.approve) {
        if (!(await extendLoanReservations(tx, env.officeId, loan.id, command.to))) throw new ConflictError(`loan ${loan.id}: items held by another loan`, X.bookedToApprover);
        if (!(await updateLoan(tx, env.officeId, loan.id, loan.version, { endsOn: command.to }, env.now))) throw new StaleError(`loan ${loan.id} changed meanwhile`);
        await addHistory(tx, 'loan', loan.id, { officeId: env.officeId, actorId: person.id, action: 'extended', data: { from: loan.endsOn, to: command.to }, at: env.now });
        if (borrower) await pushOnce(tx, { ...borrower, officeId: env.officeId }, [{ type: 'text', text: X.toBorrowerApproved(loan.id, formatThaiDateKey(command.to)) }], `loans:extension-answer:${loan.id}:${loan.version}`);
        return;
      }
      // The answer counts once: the loan's version moves on.
      if (!(await updateLoan(tx, env.officeId, loan.id, loan.version, {}, env.now))) throw new StaleError(`loan ${loan.id} changed meanwhile`);
      await addHistory(tx, 'loan', loan.id, { officeId: env.officeId, actorId: person.id, action: 'extension_declined', data: { to: command.to, booked: command.booked }, at: env.now });
      const text = command.booked ? X.bookedAfter : X.toBorrowerDeclined(loan.id, formatThaiDateKey(loan.endsOn));
      if (borrower) await pushOnce(tx, { ...borrower, officeId: env.officeId }, [{ type: 'text', text }], `loans:extension-answer:${loan.id}:${loan.version}`);
      return;
    }
  }
}

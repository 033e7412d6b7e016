import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addHistory } from '../../db/repos/history.ts';
import { createLoan, getLoanView, lockLoan, releaseLoanReservations, reserveLoan, updateLoan, type LoanPatch } from '../../db/repos/loans.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { actingStandsOf } from '../../db/repos/recipients.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import type { LoanView } from '../../domain/loans/loan.ts';
import type { LoanSettings } from '../../domain/loans/settings.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import { executeLocked, RefusedWithAnswer } from '../../kit/execute.ts';
import { say } from '../../kit/steps.ts';
import { actingKindOf } from '../../kit/requests.ts';
import type { LoanCommand } from './commands.ts';
import { loanTexts as T } from './messages.ts';
import { notifyBorrower, notifyDeciders, outcomeText } from './notify.ts';
import { checkLoanEvent, stageOf } from './request.ts';

/**
 * Carries out the loans flow's commands in the event's transaction: the loan locked and asked of the machine again
 * (executeLocked), its items reserved by the database (a shortage found here is refused with what to tell the
 * borrower: the last one went to someone else meanwhile), the history written, and the pushes enqueued once.
 */
export async function executeLoan(tx: Executor, cmd: LoanCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  if (!person) throw new ForbiddenError('borrow_equipment');
  const settings = (await getOfficeSettings(tx, officeId)).loans;
  const today = bangkokDateKey(now);

  switch (cmd.type) {
    case 'requestLoan': {
      if (!can(person.role, 'borrow_equipment')) throw new ForbiddenError('borrow_equipment');
      const needsEndorsement = settings.schoolDirectorEndorsement && person.role === 'teacher' && cmd.schoolId !== null;
      const made = await createLoan(
        tx,
        { officeId, requesterId: person.id, schoolId: cmd.schoolId, purpose: cmd.purpose, place: cmd.place, startsOn: cmd.from, endsOn: cmd.to, needsEndorsement, lines: [{ target: cmd.target, quantity: cmd.quantity }] },
        now,
      );
      if (!made.ok) throw new RefusedWithAnswer([say(T.takenMeanwhile)], 'loan: not enough free when reserving');
      await addHistory(tx, 'loan', made.loanId, { officeId, actorId: person.id, action: 'requested', data: { from: cmd.from, to: cmd.to, quantity: cmd.quantity }, at: now });
      const loan = (await getLoanView(tx, officeId, made.loanId))!;
      await notifyDeciders(tx, loan, settings, now);
      return;
    }
    case 'decideLoan': {
      const stands = await actingStandsOf(tx, officeId, person.id, today);
      const actor = { id: person.id, role: person.role, schoolId: person.schoolId, actingFor: stands };
      let stage = 'approve' as 'endorse' | 'approve';
      const done = await executeLocked(tx, {
        what: `loan ${cmd.loanId}`,
        lock: async (ex) => {
          const locked = await lockLoan(ex, officeId, cmd.loanId);
          return locked ? getLoanView(ex, officeId, cmd.loanId) : null;
        },
        expectedVersion: cmd.expectedVersion,
        action: 'approve_loan',
        check: (loan) => checkLoanEvent(loan, cmd.decision, actor, settings),
        apply: async (loan, allowed) => {
          stage = stageOf(loan);
          const acting = actingKindOf(allowed.capacity);
          const patch: LoanPatch =
            stage === 'endorse' && cmd.decision === 'approve'
              ? { endorsedBy: person.id, endorsedActing: acting, endorsedAt: now }
              : { state: allowed.to, decidedBy: person.id, decidedActing: acting, decidedAt: now, decisionNote: cmd.note };
          if (stage === 'endorse' && cmd.decision !== 'approve') Object.assign(patch, { endorsedBy: person.id, endorsedActing: acting, endorsedAt: null });
          return (await updateLoan(tx, officeId, loan.id, cmd.expectedVersion, patch, now)) ? loan : null;
        },
      });
      if (cmd.decision === 'decline') await releaseLoanReservations(tx, officeId, done.id, now);
      const action = stage === 'endorse' ? (cmd.decision === 'approve' ? 'endorsed' : cmd.decision === 'decline' ? 'not_endorsed' : 'returned') : cmd.decision === 'approve' ? 'approved' : cmd.decision === 'decline' ? 'declined' : 'returned';
      await addHistory(tx, 'loan', done.id, { officeId, actorId: person.id, action, note: cmd.note, data: { stage }, at: now });
      const loan = (await getLoanView(tx, officeId, done.id))!;
      // Endorsed: on to the approvers (the borrower hears at the decision only); decided: the borrower hears it.
      if (loan.state === 'submitted') await notifyDeciders(tx, loan, settings, now);
      else await notifyBorrower(tx, loan, outcomeText(loan));
      return;
    }
    case 'withdrawLoan': {
      const actor = { id: person.id, role: person.role, schoolId: person.schoolId };
      const done = await executeLocked(tx, {
        what: `loan ${cmd.loanId}`,
        lock: async (ex) => ((await lockLoan(ex, officeId, cmd.loanId)) ? getLoanView(ex, officeId, cmd.loanId) : null),
        expectedVersion: cmd.expectedVersion,
        action: 'borrow_equipment',
        check: (loan) => checkLoanEvent(loan, 'cancel', actor, settings),
        apply: async (loan, allowed) => ((await updateLoan(tx, officeId, loan.id, cmd.expectedVersion, { state: allowed.to }, now)) ? loan : null),
      });
      await releaseLoanReservations(tx, officeId, done.id, now);
      await addHistory(tx, 'loan', done.id, { officeId, actorId: person.id, action: 'cancelled', at: now });
      return;
    }
    case 'reviseLoan': {
      // Corrected: the new dates, purpose, place and school are written as it is sent again.
      const changes = { startsOn: cmd.from, endsOn: cmd.to, purpose: cmd.purpose, place: cmd.place, schoolId: cmd.schoolId };
      const done = await sendAgain(tx, cmd, env, settings, changes);
      const before = { from: done.startsOn, to: done.endsOn, purpose: done.purpose, place: done.place, schoolId: done.schoolId };
      const after = { from: cmd.from, to: cmd.to, purpose: cmd.purpose, place: cmd.place, schoolId: cmd.schoolId };
      await addHistory(tx, 'loan', done.id, { officeId, actorId: person.id, action: 'resubmitted', data: { before, after }, at: now });
      await notifyDeciders(tx, (await getLoanView(tx, officeId, done.id))!, settings, now);
      return;
    }
    case 'resubmitLoan': {
      const done = await sendAgain(tx, cmd, env, settings, {});
      await addHistory(tx, 'loan', done.id, { officeId, actorId: person.id, action: 'resubmitted', at: now });
      await notifyDeciders(tx, (await getLoanView(tx, officeId, done.id))!, settings, now);
      return;
    }
  }
}

/**
 * A request returned for correction, sent again from the start (with `changes` when it was corrected): the
 * endorsement (if the office wants one) and the decision are asked anew, and its items are reserved again for its
 * dates — the database has the last word, as when it was first sent. Returns the loan as it was before.
 */
async function sendAgain(
  tx: Executor,
  cmd: { loanId: number; expectedVersion: number },
  env: CommandEnv,
  settings: LoanSettings,
  changes: Pick<LoanPatch, 'startsOn' | 'endsOn' | 'purpose' | 'place' | 'schoolId'>,
): Promise<LoanView> {
  const { person, now, officeId } = env;
  if (!person) throw new ForbiddenError('borrow_equipment');
  const actor = { id: person.id, role: person.role, schoolId: person.schoolId };
  const undecided = { endorsedBy: null, endorsedActing: null, endorsedAt: null, decidedBy: null, decidedActing: null, decidedAt: null, decisionNote: null };
  const done = await executeLocked(tx, {
    what: `loan ${cmd.loanId}`,
    lock: async (ex) => ((await lockLoan(ex, officeId, cmd.loanId)) ? getLoanView(ex, officeId, cmd.loanId) : null),
    expectedVersion: cmd.expectedVersion,
    action: 'borrow_equipment',
    check: (loan) => checkLoanEvent(loan, 'submit', actor, settings),
    apply: async (loan, allowed) =>
      (await updateLoan(tx, officeId, loan.id, cmd.expectedVersion, { state: allowed.to, ...changes, submittedAt: now, ...undecided }, now)) ? loan : null,
  });
  await releaseLoanReservations(tx, officeId, done.id, now);
  const reserved = await reserveLoan(tx, officeId, done.id, bangkokDateKey(now));
  if (!reserved.ok) throw new RefusedWithAnswer([say(T.takenMeanwhile)], `loan ${done.id}: not enough free when sent again`);
  return done;
}

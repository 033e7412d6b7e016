import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { insertLoan, lockLoan, openLoanOf, returnLoan } from '../../db/repos/letter-keeping.ts';
import { actingForOf, addLetterEvent, lockLetter } from '../../db/repos/letters.ts';
import { getPerson } from '../../db/repos/people.ts';
import { ConflictError, ForbiddenError, NotFoundError, assertNever } from '../../domain/errors.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import { canViewLetterDetails } from '../../domain/saraban/access.ts';
import type { LetterKeepingCommand } from '../../domain/saraban/commands.ts';
import { isSecret } from '../../domain/saraban/letter.ts';

/**
 * Carries out lending and returns in the event's transaction, with the letter (or loan) locked. The
 * permission and the rules (not cancelled, one loan at a time, a secret original only by someone who may
 * see it) are checked again here, the last line before the change. Errors name ids only.
 */
export async function executeKeep(tx: Executor, cmd: LetterKeepingCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  if (!person || !can(person.role, 'lend_letter')) throw new ForbiddenError('lend_letter');

  switch (cmd.type) {
    case 'lendLetter': {
      const letter = await lockLetter(tx, officeId, cmd.letterId);
      if (!letter) throw new NotFoundError(`letter ${cmd.letterId}`);
      if (letter.status === 'cancelled') throw new ConflictError(`letter ${letter.id} is cancelled`);
      if (isSecret(letter.secrecy)) {
        const acting = (await actingForOf(tx, officeId, person.id, bangkokDateKey(now))).map((a) => a.principalId);
        if (!canViewLetterDetails(letter, person, acting)) throw new ForbiddenError('lend_letter');
      }
      if (await openLoanOf(tx, officeId, letter.id)) throw new ConflictError(`letter ${letter.id} is already lent`);
      let borrowerId: number | null = null;
      if (cmd.borrowerId !== null) {
        const borrower = await getPerson(tx, officeId, cmd.borrowerId);
        borrowerId = borrower && borrower.status === 'active' ? borrower.id : null;
      }
      const loanId = await insertLoan(
        tx,
        { officeId, letterId: letter.id, borrowerName: cmd.borrowerName, borrowerId, purpose: cmd.purpose, lentBy: person.id, dueDate: cmd.dueDate },
        now,
      );
      await addLetterEvent(tx, { letterId: letter.id, officeId, actorId: person.id, action: 'lent', data: { loanId, borrowerId, dueDate: cmd.dueDate }, at: now });
      return;
    }
    case 'returnLetterLoan': {
      const loan = await lockLoan(tx, officeId, cmd.loanId);
      if (!loan) throw new NotFoundError(`letter loan ${cmd.loanId}`);
      // Recorded by someone else meanwhile: the step saw the loan locked, so this is a lost lock; nothing changes.
      if (!(await returnLoan(tx, officeId, loan.id, { returnedBy: cmd.returnedBy, receivedBy: person.id }, now))) {
        throw new ConflictError(`letter loan ${loan.id} was already returned`);
      }
      await addLetterEvent(tx, { letterId: loan.letterId, officeId, actorId: person.id, action: 'returned_loan', data: { loanId: loan.id }, at: now });
      return;
    }
    default:
      assertNever(cmd, 'unknown command');
  }
}

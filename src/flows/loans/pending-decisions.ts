import { listSubmittedLoans, type LoanView } from '../../db/repos/loans.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { actingStandsOf } from '../../db/repos/recipients.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { Action } from '../../domain/permissions.ts';
import type { PendingDecisionSource } from '../../kit/pending-decisions.ts';
import { loanCards } from './cards.ts';
import { loanTexts as T } from './messages.ts';
import { checkLoanEvent } from './request.ts';

/** Looked at up to this many; the carousel shows the oldest ones. */
const LOOK_LIMIT = 200;
const SHOWN = 10;

/** "รายการรออนุมัติ": the loans this person may decide now (approve, or endorse for their school), oldest first. */
function loansSource(key: string, action: 'approve_loan' | 'confirm_school_request', intro: (n: number) => string, alsoFor: readonly Action[] = []): PendingDecisionSource<LoanView> {
  return {
    key,
    action,
    alsoFor,
    async load(tx, person, env) {
      const settings = (await getOfficeSettings(tx, env.officeId)).loans;
      const stands = await actingStandsOf(tx, env.officeId, person.id, bangkokDateKey(env.now));
      const actor = { id: person.id, role: person.role, schoolId: person.schoolId, actingFor: stands };
      const mine = (await listSubmittedLoans(tx, env.officeId, LOOK_LIMIT)).filter((loan) => checkLoanEvent(loan, 'approve', actor, settings).ok);
      return { items: mine.slice(0, SHOWN), total: mine.length };
    },
    render(list) {
      const line = intro(list.total);
      if (list.items.length === 0) return { line, cards: null };
      return { line, cards: loanCards(list.items.map((loan) => ({ loan, viewer: { decide: true } })), line) };
    },
  };
}

/**
 * The approvers, and the directors who may stand in for one or be named approvers by the office's settings (their
 * list holds only what the request machine lets them decide today).
 */
export const loansToApprove = loansSource('loans-to-approve', 'approve_loan', T.pendingIntro, ['decide_letter', 'assign_letter']);
export const loansToEndorse = loansSource('loans-to-endorse', 'confirm_school_request', T.pendingEndorseIntro);

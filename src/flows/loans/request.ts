import { approverRolesFor, type LoanSettings } from '../../domain/loans/settings.ts';
import { awaitingEndorsement, type Loan, type LoanView } from '../../domain/loans/loan.ts';
import { checkRequestEvent, type RequestActor, type RequestCheck, type RequestEvent, type RequestFacts, type RequestRules } from '../../kit/requests.ts';

/**
 * A loan is a request someone decides (src/kit/requests.ts), in two stages when the office wants the school
 * director's endorsement first: while the endorsement waits, the school's director decides (รับรอง approves the
 * stage and the loan stays submitted, now for the approver); then the approver (the group director by default, per
 * category as the office sets it), or whoever stands in for one today. The borrower submits and cancels. The flow
 * asks these with the loan as read; the executor again with the loan locked.
 */

export const LOAN_RULES: RequestRules = { permissions: { submit: 'borrow_equipment', fulfil: 'lend_equipment' } };
export const ENDORSE_RULES: RequestRules = {
  permissions: { submit: 'borrow_equipment', approve: 'confirm_school_request', decline: 'confirm_school_request', return: 'confirm_school_request' },
};

export type LoanStage = 'endorse' | 'approve';

export const stageOf = (loan: Pick<Loan, 'state' | 'needsEndorsement' | 'endorsedAt'>): LoanStage => (awaitingEndorsement(loan) ? 'endorse' : 'approve');

/** The loan as the machine sees it: who decides depends on the stage. */
export function loanRequest(loan: Pick<LoanView, 'state' | 'requesterId' | 'needsEndorsement' | 'endorsedAt' | 'lines'>, settings: LoanSettings): RequestFacts {
  const roles = stageOf(loan) === 'endorse' ? (['school_director'] as const) : approverRolesFor(settings, loan.lines.flatMap((l) => l.categories));
  return { state: loan.state, requesterId: loan.requesterId, decider: { kind: 'roles', roles } };
}

/** The person asking: their role, school (an endorser is their own school's director) and whom they stand in for today. */
export interface LoanActor extends RequestActor {
  schoolId: number | null;
}

/** Whether `actor` may make `event` happen to the loan now (decisions at its current stage). */
export function checkLoanEvent(loan: Pick<LoanView, 'state' | 'requesterId' | 'needsEndorsement' | 'endorsedAt' | 'lines' | 'schoolId'>, event: RequestEvent, actor: LoanActor, settings: LoanSettings): RequestCheck {
  const stage = stageOf(loan);
  const check = checkRequestEvent(loanRequest(loan, settings), event, actor, stage === 'endorse' ? ENDORSE_RULES : LOAN_RULES);
  // A school director endorses their own school's requests only.
  if (check.ok && stage === 'endorse' && ['approve', 'decline', 'return'].includes(event) && check.capacity?.as === 'self' && actor.schoolId !== loan.schoolId) {
    return { ok: false, reason: 'not_decider' };
  }
  return check;
}

/** The machine's event for a decision button. */
export const decisionEvent = (d: 'approve' | 'decline' | 'return'): RequestEvent => d;

import type { Executor } from '../../db/database.ts';
import { reachableDeciders, reachablePerson, type Recipient } from '../../db/repos/recipients.ts';
import type { LoanView } from '../../domain/loans/loan.ts';
import type { LoanSettings } from '../../domain/loans/settings.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { decisionMessages, renderCard } from '../../kit/card.ts';
import { pushTo, tellEach } from '../../kit/notify.ts';
import { loanCard } from './cards.ts';
import { LOAN_STATE_LABELS, loanTexts as T } from './messages.ts';
import { loanRequest, stageOf } from './request.ts';

/**
 * Who hears of a loan: its deciders when it waits for them (the school's director to endorse, then the approvers and
 * whoever stands in for one today), and the borrower of the decision. Every push is once-only, keyed by the loan's
 * version, so a retried event or a re-run sweep never sends twice.
 */

/** The people who decide the loan at its current stage, today (never its borrower). */
export async function loanDeciders(tx: Executor, loan: LoanView, settings: LoanSettings, now: Date): Promise<Recipient[]> {
  const facts = loanRequest(loan, settings);
  if (facts.decider.kind !== 'roles') return [];
  const endorse = stageOf(loan) === 'endorse';
  const people = await reachableDeciders(tx, loan.officeId, facts.decider.roles, bangkokDateKey(now), endorse ? (loan.schoolId ?? -1) : undefined);
  return people.filter((p) => p.id !== loan.requesterId);
}

/** The card with the decision buttons to each decider of the loan's current stage. */
export async function notifyDeciders(tx: Executor, loan: LoanView, settings: LoanSettings, now: Date): Promise<number> {
  const text = T.toDecide(loan.id, loan.requesterName, stageOf(loan) === 'endorse');
  const messages = decisionMessages(loanCard(loan, { decide: true }), text);
  const told = await tellEach(tx, { officeId: loan.officeId, to: await loanDeciders(tx, loan, settings, now), key: `loan:decide:${loan.id}:${loan.version}`, messages: () => messages });
  return told.length;
}

/** The borrower hears the decision (approved, declined, returned for correction, expired) with the card. */
export async function notifyBorrower(tx: Executor, loan: LoanView, text: string): Promise<boolean> {
  const borrower = await reachablePerson(tx, loan.officeId, loan.requesterId);
  if (!borrower) return false;
  const card = renderCard(loanCard(loan, { owner: true }), text);
  return pushTo(tx, loan.officeId, borrower, [{ type: 'text', text }, card], `loan:outcome:${loan.id}:${loan.version}`);
}

/** What the borrower is told of a decision. */
export function outcomeText(loan: LoanView): string {
  const what = LOAN_STATE_LABELS[loan.state];
  const next = loan.state === 'approved' ? ` ${T.approvedNext}` : loan.state === 'returned' ? ` ${T.returnedNext}` : '';
  return `${T.outcome(loan.id, what, loan.decisionNote)}${next}`;
}

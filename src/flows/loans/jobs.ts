import type { Database } from '../../db/database.ts';
import { addHistory, historyTimes } from '../../db/repos/history.ts';
import { getLoanView, listSubmittedLoanIds, listUndecidedLoanIdsStartingBy, lockLoan, releaseLoanReservations, updateLoan, type LoanView } from '../../db/repos/loans.ts';
import { bangkokDateKey, isOfficeHours } from '../../domain/office-time.ts';
import { dueNow, type PlannedStep } from '../../kit/planner.ts';
import { checkRequestEvent } from '../../kit/requests.ts';
import { defineSweep, runSweep, sweepJob } from '../../kit/sweep.ts';
import { approvalReminderPlan, expiresNow, reminderMarks } from './clocks.ts';
import { loanTexts as T } from './messages.ts';
import { loanDeciders, notifyBorrower } from './notify.ts';
import { LOAN_RULES, loanRequest, stageOf } from './request.ts';
import { renderCard } from '../../kit/card.ts';
import { loanCard } from './cards.ts';

/**
 * The loans' clocks, sweeps of the kit: each loan in its own transaction with its row locked, every reminder marked
 * on the loan (`reminded` events) and pushed once. A decider with several loans waiting hears one reminder a day
 * (the push is keyed by person and day; each loan still records its own mark).
 */

interface PendingLoan {
  loan: LoanView;
  sent: Date[];
}

/** A stage's reminders count from when the loan came to its deciders: sent, or endorsed. */
const cycleOf = (loan: LoanView) => `${stageOf(loan)}:${(stageOf(loan) === 'approve' && loan.endorsedAt ? loan.endorsedAt : loan.submittedAt ?? loan.createdAt).toISOString()}`;
const anchorOf = (loan: LoanView) => (stageOf(loan) === 'approve' && loan.endorsedAt ? loan.endorsedAt : loan.submittedAt ?? loan.createdAt);

export const approvalReminderSweep = defineSweep<number, PendingLoan, PlannedStep<`${number}`>>({
  name: 'loans:approval-reminders',
  schedule: '*/5 * * * *',
  activeIn: (office, now) => isOfficeHours(now, office.calendar) && office.settings.loans.approvalReminders.max > 0,
  candidates: (db, office) => listSubmittedLoanIds(db, office.officeId),
  async load(tx, office, id) {
    if (!(await lockLoan(tx, office.officeId, id))) return null;
    const loan = await getLoanView(tx, office.officeId, id);
    if (!loan || loan.state !== 'submitted') return null;
    return { loan, sent: await historyTimes(tx, 'loan', loan.id, 'reminded', { kind: 'decision', cycle: cycleOf(loan) }) };
  },
  plan: ({ loan, sent }, office, now) => dueNow(anchorOf(loan), approvalReminderPlan(office.settings.loans.approvalReminders), reminderMarks(sent), now, office.calendar),
  async act(run, { loan }) {
    const day = bangkokDateKey(run.now);
    const card = renderCard(loanCard(loan, { decide: true }), T.reminder);
    for (const to of await loanDeciders(run.tx, loan, run.office.settings.loans, run.now)) {
      await run.push(to, [{ type: 'text', text: T.reminder }, card], `loan:remind:${to.id}:${day}`);
    }
    // Marked even when nobody could be reached, or the person heard today already: the count is of reminders due.
    return true;
  },
  mark: (run, { loan }, due) =>
    addHistory(run.tx, 'loan', loan.id, { officeId: run.office.officeId, actorId: null, action: 'reminded', data: { kind: 'decision', cycle: cycleOf(loan), n: due.index + 1 }, at: run.now }),
});

/** Undecided loans whose first day is over expire (the machine's system event); their items are let go; the borrower is told. */
export const expirySweep = defineSweep<number, LoanView, true>({
  name: 'loans:expire',
  schedule: '*/10 * * * *',
  candidates: (db, office, now) => listUndecidedLoanIdsStartingBy(db, office.officeId, bangkokDateKey(now)),
  async load(tx, office, id) {
    if (!(await lockLoan(tx, office.officeId, id))) return null;
    return getLoanView(tx, office.officeId, id);
  },
  plan: (loan, office, now) => {
    if (!expiresNow(loan.startsOn, now, office.calendar)) return null;
    return checkRequestEvent(loanRequest(loan, office.settings.loans), 'expire', null, LOAN_RULES).ok ? true : null;
  },
  async act(run, loan) {
    if (!(await updateLoan(run.tx, run.office.officeId, loan.id, loan.version, { state: 'expired' }, run.now))) return false;
    await releaseLoanReservations(run.tx, run.office.officeId, loan.id, run.now);
    const expired = (await getLoanView(run.tx, run.office.officeId, loan.id))!;
    await notifyBorrower(run.tx, expired, T.expired(loan.id, loan.startsOn));
    return true;
  },
  mark: (run, loan) => addHistory(run.tx, 'loan', loan.id, { officeId: run.office.officeId, actorId: null, action: 'expired', data: { startsOn: loan.startsOn }, at: run.now }),
});

export async function runLoanApprovalReminders(database: Database, now: Date): Promise<number> {
  return (await runSweep(approvalReminderSweep, database, now)).marked;
}

export async function runLoanExpiry(database: Database, now: Date): Promise<number> {
  return (await runSweep(expirySweep, database, now)).marked;
}

export const loanJobs = [sweepJob(approvalReminderSweep), sweepJob(expirySweep)];

import type { Database } from '../../db/database.ts';
import { addHistory, historyOf } from '../../db/repos/history.ts';
import { approvedLoansNotPickedUp, borrowersWithItemsOutDueBy, getDeskLoan, loansWithItemsOutOf } from '../../db/repos/loan-handover.ts';
import { getLoanView, lockLoan, releaseLoanReservations, updateLoan, type LoanView } from '../../db/repos/loans.ts';
import { reachablePerson, type Recipient } from '../../db/repos/recipients.ts';
import { stillOut, type DeskLoan } from '../../domain/loans/handover.ts';
import { bangkokDateKey, bangkokMinuteOfDay, isOfficeDay } from '../../domain/office-time.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { dueNow, type PlannedStep, type RecordedMarks } from '../../kit/planner.ts';
import { defineSweep, runSweep, sweepJob, type SweepRun } from '../../kit/sweep.ts';
import { returnReminderCard } from './cards.ts';
import { noShowPlan, returnReminderPlan, type ReturnMark } from './clock.ts';
import { checkRequestEvent } from '../../kit/requests.ts';
import { noShowTexts as N, reminderTexts as R } from './messages.ts';
import { loanApprovers, loanSchoolDirectors } from './notify.ts';

/**
 * Return reminders, a sweep of the kit over borrowers (not loans): a person with several loans due hears one message
 * a day listing them all. Each loan's clock (src/flows/loans-desk/clock.ts) counts from its due date; every step is
 * recorded on the loan (`return_reminded` with the due date, so an extension starts a new clock) in the same
 * transaction as its push, so nothing is sent twice. The escalation goes to the loan's approver (or, gone, whoever
 * approves loans today) and the school's director, once.
 */

/** How far ahead a due date is looked at (the office day before it may be several calendar days before). */
const LOOK_AHEAD_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

interface BorrowerLoans {
  requesterId: number;
  loans: Array<{ desk: DeskLoan; marks: RecordedMarks<ReturnMark> }>;
}

type Due = Array<{ desk: DeskLoan; step: PlannedStep<ReturnMark> }>;

async function marksOf(run: { tx: SweepRun['tx'] }, loanId: number, endsOn: string): Promise<RecordedMarks<ReturnMark>> {
  const events = await historyOf(run.tx, 'loan', loanId, 'return_reminded', { endsOn });
  const marks: Partial<Record<ReturnMark, Date>> = {};
  for (const event of events) marks[String(event.data.mark) as ReturnMark] = event.at;
  return marks;
}

function whenText(mark: ReturnMark, endsOn: string, today: string): string {
  const day = formatThaiDateKey(endsOn);
  if (mark === 'before' || mark === 'due') return endsOn === today ? R.today(day) : R.on(day);
  return R.overdue(day);
}

const tagsOf = (desk: DeskLoan) =>
  stillOut(desk)
    .map((i) => i.assetTag)
    .join(', ');

/** Who hears an overdue loan's escalation: its approver (or today's approvers when they are gone) and the school's director. */
async function escalationRecipients(run: SweepRun, desk: DeskLoan): Promise<Recipient[]> {
  const day = bangkokDateKey(run.now);
  const all: Recipient[] = [];
  for (const r of [...(await loanApprovers(run.tx, desk.loan, run.office.settings.loans, day)), ...(await loanSchoolDirectors(run.tx, desk.loan, day))]) {
    if (!all.some((a) => a.id === r.id)) all.push(r);
  }
  return all;
}

export const returnReminderSweep = defineSweep<number, BorrowerLoans, Due>({
  name: 'loans:return-reminders',
  schedule: '*/30 * * * *',
  activeIn: (office, now) => isOfficeDay(now, office.calendar) && bangkokMinuteOfDay(now) >= office.calendar.openMinute,
  candidates: (db, office, now) => borrowersWithItemsOutDueBy(db, office.officeId, bangkokDateKey(new Date(now.getTime() + LOOK_AHEAD_DAYS * DAY_MS))),
  async load(tx, office, requesterId) {
    const loans: BorrowerLoans['loans'] = [];
    for (const id of await loansWithItemsOutOf(tx, office.officeId, requesterId)) {
      // Locked, then read again: a return or an extension meanwhile is seen.
      if (!(await lockLoan(tx, office.officeId, id))) continue;
      const desk = await getDeskLoan(tx, office.officeId, id);
      if (!desk || stillOut(desk).length === 0) continue;
      loans.push({ desk, marks: await marksOf({ tx }, id, desk.loan.endsOn) });
    }
    return loans.length > 0 ? { requesterId, loans } : null;
  },
  plan({ loans }, office, now) {
    const plan = returnReminderPlan(office.settings.loans.returnReminders);
    const due: Due = [];
    for (const { desk, marks } of loans) {
      const step = dueNow(desk.loan.endsOn, plan, marks, now, office.calendar);
      if (step) due.push({ desk, step });
    }
    return due.length > 0 ? due : null;
  },
  async act(run, { requesterId }, due) {
    const reminders = due.filter((d) => d.step.mark !== 'escalate');
    const borrower = await reachablePerson(run.tx, run.office.officeId, requesterId);
    if (borrower && reminders.length > 0) {
      const loans = reminders.map((d) => ({
        loanId: d.desk.loan.id,
        line: R.line(d.desk.loan.id, tagsOf(d.desk), whenText(d.step.mark, d.desk.loan.endsOn, bangkokDateKey(run.now))),
        overdue: d.step.mark !== 'before' && d.step.mark !== 'due',
      }));
      const key = `loans:return:${requesterId}:${bangkokDateKey(run.now)}:${reminders.map((d) => d.desk.loan.id).join('-')}`;
      await run.push(borrower, [returnReminderCard(loans)], key);
    }
    for (const { desk } of due.filter((d) => d.step.mark === 'escalate')) {
      const text = R.escalation(desk.loan.id, desk.loan.schoolName ? `${desk.loan.requesterName} (${desk.loan.schoolName})` : desk.loan.requesterName, tagsOf(desk), formatThaiDateKey(desk.loan.endsOn));
      for (const to of await escalationRecipients(run, desk)) {
        await run.push(to, [{ type: 'text', text }], `loans:escalate:${desk.loan.id}:${desk.loan.endsOn}:${to.id}`);
      }
    }
    // Marked even when nobody could be reached: the step's time has come and gone.
    return true;
  },
  async mark(run, _row, due) {
    for (const { desk, step } of due) {
      await addHistory(run.tx, 'loan', desk.loan.id, { officeId: run.office.officeId, actorId: null, action: 'return_reminded', data: { endsOn: desk.loan.endsOn, mark: step.mark }, at: run.now });
    }
  },
});

/**
 * A booking not picked up: an approved loan of which nothing was handed over by `noShowReleaseOfficeHours` office
 * hours after its first day opened expires (the request machine's system event), its items are let go and the
 * borrower is told, once.
 */
export const noShowSweep = defineSweep<number, LoanView, true>({
  name: 'loans:no-show',
  schedule: '*/15 * * * *',
  candidates: (db, office, now) => approvedLoansNotPickedUp(db, office.officeId, bangkokDateKey(now)),
  async load(tx, office, id) {
    if (!(await lockLoan(tx, office.officeId, id))) return null;
    const loan = await getLoanView(tx, office.officeId, id);
    // The first hand-over moves the loan on (fulfilled) with the loan locked: still approved means nothing went out.
    return loan && loan.state === 'approved' ? loan : null;
  },
  plan(loan, office, now) {
    if (!dueNow(loan.startsOn, noShowPlan(office.settings.loans.noShowReleaseOfficeHours), {}, now, office.calendar)) return null;
    const check = checkRequestEvent({ state: loan.state, requesterId: loan.requesterId, decider: { kind: 'roles', roles: [] } }, 'expire', null, { permissions: {} });
    return check.ok ? true : null;
  },
  async act(run, loan) {
    if (!(await updateLoan(run.tx, run.office.officeId, loan.id, loan.version, { state: 'expired' }, run.now))) return false;
    await releaseLoanReservations(run.tx, run.office.officeId, loan.id, run.now);
    const borrower = await reachablePerson(run.tx, run.office.officeId, loan.requesterId);
    if (borrower) await run.push(borrower, [{ type: 'text', text: N.released(loan.id, formatThaiDateKey(loan.startsOn)) }], `loans:no-show:${loan.id}`);
    return true;
  },
  mark: (run, loan) => addHistory(run.tx, 'loan', loan.id, { officeId: run.office.officeId, actorId: null, action: 'released_no_show', data: { startsOn: loan.startsOn }, at: run.now }),
});

export const loanDeskJobs = [sweepJob(returnReminderSweep), sweepJob(noShowSweep)];

export async function runNoShowRelease(database: Database, now: Date): Promise<number> {
  return (await runSweep(noShowSweep, database, now)).marked;
}

/** One pass (tests and the service clock): how many borrowers' reminders were marked. */
export async function runReturnReminders(database: Database, now: Date): Promise<number> {
  return (await runSweep(returnReminderSweep, database, now)).marked;
}

import type { Database } from '../../db/database.ts';
import { addHistory, historyOf } from '../../db/repos/history.ts';
import { countLettersPastRetention, listOpenLoans, lockLoan, markRetentionListed, type LetterLoan } from '../../db/repos/letter-keeping.ts';
import { getLetter } from '../../db/repos/letters.ts';
import { reachablePerson, reachableWithRole } from '../../db/repos/recipients.ts';
import { calendarYearOf } from '../../domain/fiscal-year.ts';
import { bangkokDateKey, bangkokMinuteOfDay, isOfficeDay } from '../../domain/office-time.ts';
import { letterHeadline } from '../../domain/saraban/view.ts';
import { defineSweep, passJob, runSweep, sweepJob, sweepOffices } from '../../kit/sweep.ts';
import { pushOnce } from '../../line/push-once.ts';
import { keepTexts as T } from './messages.ts';
import { loanReminderDue, retentionLimits, type LoanReminderDay } from './retention.ts';

/**
 * The keeping jobs: reminders of lent originals (once a day on the reminder days, from office opening),
 * and the January retention notice to the clerks (once a year per office). Messages name a letter by its
 * headline only; pushes go through the outbox keyed by what they are about, so reruns send nothing twice.
 */

const MINUTE_MS = 60_000;
/** Loans due further ahead than this have nothing due today (the longest "days before" is well within it). */
const LOOK_AHEAD_DAYS = 40;

interface OpenLoan {
  loan: LetterLoan;
  /** The days this loan was reminded on already. */
  remindedDays: Set<string>;
}

/**
 * Reminders of lent originals (once a day on the reminder days, from office opening): to the borrower when
 * they use the bot, else the clerk who lent it (or, gone, every clerk).
 */
export const loanReminderSweep = defineSweep<LetterLoan, OpenLoan, LoanReminderDay>({
  name: 'saraban:loan-reminders',
  schedule: '*/30 * * * *',
  activeIn: (office, now) => isOfficeDay(now, office.calendar) && bangkokMinuteOfDay(now) >= office.calendar.openMinute,
  async candidates(db, office, now) {
    const horizon = bangkokDateKey(new Date(now.getTime() + LOOK_AHEAD_DAYS * 24 * 60 * MINUTE_MS));
    return (await listOpenLoans(db, office.officeId, 10_000)).filter((loan) => loan.dueDate <= horizon);
  },
  async load(tx, office, listed) {
    // Read again, locked: the original may have come back since the list was read.
    const loan = await lockLoan(tx, office.officeId, listed.id);
    if (!loan || loan.returnedAt) return null;
    const reminded = await historyOf(tx, 'letter', loan.letterId, 'loan_reminded', { loanId: loan.id });
    return { loan, remindedDays: new Set(reminded.map((event) => String(event.data.day))) };
  },
  plan: ({ loan, remindedDays }, office, now) =>
    loanReminderDue(now, loan.dueDate, remindedDays, { daysBefore: office.settings.saraban.loanReminderDaysBefore, overdueOfficeDays: office.settings.saraban.loanOverdueReminderOfficeDays }, office.calendar),
  async act(run, { loan }, due) {
    const officeId = run.office.officeId;
    const letter = await getLetter(run.tx, officeId, loan.letterId);
    if (!letter) return false;
    const headline = letterHeadline(letter);
    const borrower = await reachablePerson(run.tx, officeId, loan.borrowerId);
    const lender = borrower ? null : await reachablePerson(run.tx, officeId, loan.lentBy);
    const recipients = borrower ? [borrower] : lender ? [lender] : await reachableWithRole(run.tx, officeId, 'saraban_clerk');
    for (const to of recipients) {
      const text = T.loanReminder(headline, loan.dueDate, due.kind, to.id === loan.borrowerId, loan.borrowerName);
      await run.push(to, [{ type: 'text', text }], `saraban:loan:${loan.id}:${due.day}:${to.id}`);
    }
    // Marked even when nobody could be reached: the day's reminder is done either way.
    return true;
  },
  mark: (run, { loan }, due) =>
    addHistory(run.tx, 'letter', loan.letterId, { officeId: run.office.officeId, actorId: null, action: 'loan_reminded', data: { loanId: loan.id, day: due.day, kind: due.kind, n: due.n }, at: run.now }),
});

/** One pass over the open loans of every office; returns how many reminders went out. */
export async function runLoanReminders(database: Database, now: Date): Promise<number> {
  return (await runSweep(loanReminderSweep, database, now)).pushed;
}

/**
 * In January, on office days, from office opening: tells the clerks how many letters are past retention
 * (a count and how to get the list; no subjects), once a year per office however often it runs.
 */
export async function runRetentionNotice(database: Database, now: Date): Promise<Array<{ officeId: string; receive: number; send: number }>> {
  const { db } = database;
  const done: Array<{ officeId: string; receive: number; send: number }> = [];
  if (bangkokDateKey(now).slice(5, 7) !== '01') return done;
  const listYear = calendarYearOf(now);
  for (const { officeId, settings, calendar } of await sweepOffices(db)) {
    if (!isOfficeDay(now, calendar) || bangkokMinuteOfDay(now) < calendar.openMinute) continue;
    await db.transaction(async (tx) => {
      const counts = await countLettersPastRetention(tx, officeId, retentionLimits(settings.saraban, listYear));
      if (!(await markRetentionListed(tx, officeId, listYear, counts, now))) return;
      if (counts.receive + counts.send === 0) return;
      const text = T.retentionNotice(listYear, counts.receive, counts.send);
      for (const clerk of await reachableWithRole(tx, officeId, 'saraban_clerk')) {
        await pushOnce(tx, { channelId: clerk.channelId, officeId, lineUserId: clerk.lineUserId }, [{ type: 'text', text }], `saraban:retention:${officeId}:${listYear}:${clerk.id}`);
      }
      done.push({ officeId, ...counts });
    });
  }
  return done;
}

export const loanRemindersJob = sweepJob(loanReminderSweep);

// Hourly through the day (a service down at opening still tells the clerks); it acts once a year per office.
export const retentionNoticeJob = passJob('saraban:retention', '0 * * * *', runRetentionNotice, (done) => done.length > 0);

export const sarabanKeepJobs = [loanRemindersJob, retentionNoticeJob];

import { z } from 'zod';
import type { Database, Executor } from '../../db/database.ts';
import { listOfficeContexts } from '../../db/repos/holidays.ts';
import { countLettersPastRetention, listOpenLoans, lockLoan, markRetentionListed, type LetterLoan } from '../../db/repos/letter-keeping.ts';
import { addLetterEvent, getLetter, hasLetterEvent } from '../../db/repos/letters.ts';
import { getPerson } from '../../db/repos/people.ts';
import { listReachable } from '../../db/repos/repair-work-views.ts';
import { calendarYearOf } from '../../domain/fiscal-year.ts';
import { bangkokDateKey, bangkokMinuteOfDay, isOfficeDay, type OfficeCalendar } from '../../domain/office-time.ts';
import { letterHeadline } from '../../domain/saraban/view.ts';
import { defineJob, type JobContext } from '../../jobs/registry.ts';
import { pushOnce } from '../../line/push-once.ts';
import { keepTexts as T } from './messages.ts';
import { loanReminderOn, retentionLimits } from './retention.ts';

/**
 * The keeping jobs: reminders of lent originals (once a day on the reminder days, from office opening),
 * and the January retention notice to the clerks (once a year per office). Messages name a letter by its
 * headline only; pushes go through the outbox keyed by what they are about, so reruns send nothing twice.
 */

const MINUTE_MS = 60_000;


type Recipient = { id: number; channelId: string; lineUserId: string };

async function reachable(tx: Executor, officeId: string, personId: number | null): Promise<Recipient | null> {
  if (personId === null) return null;
  const person = await getPerson(tx, officeId, personId);
  if (!person || person.status !== 'active' || !person.lineUserId) return null;
  return { id: person.id, channelId: person.channelId, lineUserId: person.lineUserId };
}

async function remindLoan(tx: Executor, officeId: string, listed: LetterLoan, calendar: OfficeCalendar, rules: { daysBefore: number; overdueOfficeDays: number }, now: Date): Promise<boolean> {
  // Read again, locked: the original may have come back since the list was read.
  const loan = await lockLoan(tx, officeId, listed.id);
  if (!loan || loan.returnedAt) return false;
  const today = bangkokDateKey(now);
  const due = loanReminderOn(today, loan.dueDate, rules, calendar);
  if (!due) return false;
  if (await hasLetterEvent(tx, loan.letterId, 'loan_reminded', { loanId: loan.id, day: today })) return false;
  const letter = await getLetter(tx, officeId, loan.letterId);
  if (!letter) return false;
  const headline = letterHeadline(letter);
  // The borrower when they use the bot; else the clerk who lent it (or, gone, every clerk).
  const borrower = await reachable(tx, officeId, loan.borrowerId);
  const recipients: Recipient[] = borrower ? [borrower] : [];
  if (!borrower) {
    const lender = await reachable(tx, officeId, loan.lentBy);
    if (lender) recipients.push(lender);
    else recipients.push(...(await listReachable(tx, officeId, 'saraban_clerk')));
  }
  let sent = false;
  for (const to of recipients) {
    const text = T.loanReminder(headline, loan.dueDate, due.kind, to.id === loan.borrowerId, loan.borrowerName);
    if (await pushOnce(tx, { channelId: to.channelId, officeId, lineUserId: to.lineUserId }, [{ type: 'text', text }], `saraban:loan:${loan.id}:${today}:${to.id}`)) sent = true;
  }
  // Recorded even when nobody could be reached: the day's reminder is done either way.
  await addLetterEvent(tx, { letterId: loan.letterId, officeId, actorId: null, action: 'loan_reminded', data: { loanId: loan.id, day: today, kind: due.kind, n: due.n }, at: now });
  return sent;
}

/** One pass over the open loans of every office; returns how many reminders went out. */
export async function runLoanReminders(database: Database, now: Date): Promise<number> {
  const { db } = database;
  let sent = 0;
  for (const { officeId, settings, calendar } of await listOfficeContexts(db)) {
    if (!isOfficeDay(now, calendar) || bangkokMinuteOfDay(now) < calendar.openMinute) continue;
    const rules = { daysBefore: settings.saraban.loanReminderDaysBefore, overdueOfficeDays: settings.saraban.loanOverdueReminderOfficeDays };
    for (const loan of await listOpenLoans(db, officeId, 10_000)) {
      if (loan.dueDate > bangkokDateKey(new Date(now.getTime() + 40 * 24 * 60 * MINUTE_MS))) continue;
      if (await db.transaction((tx) => remindLoan(tx, officeId, loan, calendar, rules, now))) sent += 1;
    }
  }
  return sent;
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
  for (const { officeId, settings, calendar } of await listOfficeContexts(db)) {
    if (!isOfficeDay(now, calendar) || bangkokMinuteOfDay(now) < calendar.openMinute) continue;
    await db.transaction(async (tx) => {
      const counts = await countLettersPastRetention(tx, officeId, retentionLimits(settings.saraban, listYear));
      if (!(await markRetentionListed(tx, officeId, listYear, counts, now))) return;
      if (counts.receive + counts.send === 0) return;
      const text = T.retentionNotice(listYear, counts.receive, counts.send);
      for (const clerk of await listReachable(tx, officeId, 'saraban_clerk')) {
        await pushOnce(tx, { channelId: clerk.channelId, officeId, lineUserId: clerk.lineUserId }, [{ type: 'text', text }], `saraban:retention:${officeId}:${listYear}:${clerk.id}`);
      }
      done.push({ officeId, ...counts });
    });
  }
  return done;
}

export const loanRemindersJob = defineJob({
  name: 'saraban:loan-reminders',
  schema: z.object({}),
  every: { interval: '*/30 * * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const sent = await runLoanReminders(ctx.database, ctx.now);
    if (sent > 0) ctx.logger.info({ sent }, 'letter loan reminders enqueued');
  },
});

export const retentionNoticeJob = defineJob({
  name: 'saraban:retention',
  schema: z.object({}),
  // Daily through the day (a service down at opening still tells the clerks); it acts once a year per office.
  every: { interval: '0 * * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const done = await runRetentionNotice(ctx.database, ctx.now);
    if (done.length > 0) ctx.logger.info({ offices: done.length }, 'retention notice enqueued');
  },
});

export const sarabanKeepJobs = [loanRemindersJob, retentionNoticeJob];

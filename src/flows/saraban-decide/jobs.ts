import { z } from 'zod';
import type { Database, Executor } from '../../db/database.ts';
import { listOfficeContexts } from '../../db/repos/holidays.ts';
import { contactOf, letterEventTimes, listActByLetterIds, listProposedLetterIds } from '../../db/repos/letter-decisions.ts';
import { addLetterEvent, hasLetterEvent, lockLetter } from '../../db/repos/letters.ts';
import { bangkokDateKey, bangkokMinuteOfDay, isOfficeDay, isOfficeHours } from '../../domain/office-time.ts';
import { actByReminderDays, nextDecisionReminder } from '../../domain/saraban/decisions.ts';
import { letterHeadline } from '../../domain/saraban/view.ts';
import { defineJob, type JobContext } from '../../jobs/registry.ts';
import { pushOnce } from '../../line/push-once.ts';
import { decideTexts as T } from './messages.ts';
import { remindDecision } from './notify.ts';

/**
 * The saraban decision clocks. Each letter is handled in its own transaction with its row locked, and
 * every reminder is recorded on the letter (`reminded` events) and pushed through `pushOnce` keyed by
 * what it is about: two instances, or a re-run, never remind twice. Job data holds no letter details.
 */

/**
 * Pending decisions are reminded to the director (and whoever acts for them that day) at most
 * `decisionReminders.max` times, `spacingOfficeHours` office hours apart, during office hours only.
 * Returns how many reminders were recorded.
 */
export async function runDecisionReminders(database: Database, now: Date): Promise<number> {
  const { db } = database;
  let reminded = 0;
  for (const office of await listOfficeContexts(db)) {
    if (!isOfficeHours(now, office.calendar)) continue;
    const rules = office.settings.saraban.decisionReminders;
    if (rules.max <= 0) continue;
    for (const id of await listProposedLetterIds(db, office.officeId)) {
      await db.transaction(async (tx) => {
        const letter = await lockLetter(tx, office.officeId, id);
        if (!letter || letter.status !== 'proposed' || !letter.proposedAt) return;
        const cycle = letter.proposedAt.toISOString();
        const sent = await letterEventTimes(tx, letter.id, 'reminded', { kind: 'decision', cycle });
        const next = nextDecisionReminder(letter.proposedAt, sent, rules, office.calendar);
        if (!next || now.getTime() < next.due.getTime()) return;
        await remindDecision(tx, letter, next.n, rules.max, now);
        // Recorded even when nobody could be reached: the count is of reminders due, not of pushes.
        await addLetterEvent(tx, { letterId: letter.id, officeId: office.officeId, actorId: null, action: 'reminded', data: { kind: 'decision', cycle, n: next.n }, at: now });
        reminded += 1;
      });
    }
  }
  return reminded;
}

/**
 * Letters with an act-by date remind the officer holding them `actByReminderOfficeDays` office days
 * before, and on the day (from the office's opening time). Returns how many reminders were recorded.
 */
export async function runActByReminders(database: Database, now: Date): Promise<number> {
  const { db } = database;
  let reminded = 0;
  for (const office of await listOfficeContexts(db)) {
    const today = bangkokDateKey(now);
    if (!isOfficeDay(today, office.calendar)) continue;
    const localMinute = bangkokMinuteOfDay(now);
    if (localMinute < office.calendar.openMinute) continue;
    for (const id of await listActByLetterIds(db, office.officeId, today)) {
      await db.transaction(async (tx) => {
        const letter = await lockLetter(tx, office.officeId, id);
        if (!letter || !letter.actBy || letter.assigneeId === null || letter.status === 'cancelled') return;
        const days = actByReminderDays(letter.actBy, office.settings.saraban.actByReminderOfficeDays, office.calendar);
        const which = today === days.onDay ? 'on_day' : today === days.before ? 'before' : null;
        if (!which) return;
        const mark = { kind: 'act_by', which, actBy: letter.actBy };
        if (await hasLetterEvent(tx, letter.id, 'reminded', mark)) return;
        const officer = await contactOf(tx, office.officeId, letter.assigneeId);
        if (officer && officer.status === 'active' && officer.lineUserId) {
          const headline = letterHeadline(letter);
          const text = which === 'on_day' ? T.actByToday(headline, letter.actBy) : T.actByBefore(headline, letter.actBy);
          await pushOnce(
            tx,
            { channelId: officer.channelId, officeId: office.officeId, lineUserId: officer.lineUserId },
            [{ type: 'text', text }],
            `saraban:actby:${letter.id}:${letter.actBy}:${which}:${officer.id}`,
          );
        }
        await addLetterEvent(tx, { letterId: letter.id, officeId: office.officeId, actorId: null, action: 'reminded', data: mark, at: now });
        reminded += 1;
      });
    }
  }
  return reminded;
}

export const decisionRemindersJob = defineJob({
  name: 'saraban:decision-reminders',
  schema: z.object({}),
  every: { interval: '*/5 * * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const reminded = await runDecisionReminders(ctx.database, ctx.now);
    if (reminded > 0) ctx.logger.info({ reminded }, 'pending decisions reminded');
  },
});

export const actByRemindersJob = defineJob({
  name: 'saraban:act-by-reminders',
  schema: z.object({}),
  every: { interval: '*/15 * * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const reminded = await runActByReminders(ctx.database, ctx.now);
    if (reminded > 0) ctx.logger.info({ reminded }, 'act-by dates reminded');
  },
});

export const sarabanDecideJobs = [decisionRemindersJob, actByRemindersJob];

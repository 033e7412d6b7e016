import type { Database } from '../../db/database.ts';
import { addHistory, hasHistory, historyTimes } from '../../db/repos/history.ts';
import { listActByLetterIds, listProposedLetterIds } from '../../db/repos/letter-decisions.ts';
import { lockLetter } from '../../db/repos/letters.ts';
import { reachablePerson } from '../../db/repos/recipients.ts';
import { bangkokDateKey, bangkokMinuteOfDay, isOfficeDay, isOfficeHours } from '../../domain/office-time.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import { dueNow, type PlannedStep, type RecordedMarks } from '../../kit/planner.ts';
import { defineSweep, runSweep, sweepJob } from '../../kit/sweep.ts';
import { decideTexts as T } from './messages.ts';
import { remindDecision } from './notify.ts';
import { actByReminderPlan, decisionReminderMarks, decisionReminderPlan } from './reminders.ts';

/**
 * The saraban decision clocks, sweeps of the kit. Each letter is handled in its own transaction with its
 * row locked, and every reminder is recorded on the letter (`reminded` events) and pushed through
 * `pushOnce` keyed by what it is about: two instances, or a re-run, never remind twice. Job data holds
 * no letter details.
 */

interface ProposedLetter {
  letter: Letter;
  /** When each reminder of this proposal went out, oldest first. */
  sent: Date[];
}

const decisionCycle = (letter: Letter) => letter.proposedAt!.toISOString();

/**
 * Pending decisions are reminded to the director (and whoever acts for them that day) at most
 * `decisionReminders.max` times, `spacingOfficeHours` office hours apart, during office hours only.
 */
export const decisionReminderSweep = defineSweep<number, ProposedLetter, PlannedStep<`${number}`>>({
  name: 'saraban:decision-reminders',
  schedule: '*/5 * * * *',
  activeIn: (office, now) => isOfficeHours(now, office.calendar) && office.settings.saraban.decisionReminders.max > 0,
  candidates: (db, office) => listProposedLetterIds(db, office.officeId),
  async load(tx, office, id) {
    const letter = await lockLetter(tx, office.officeId, id);
    if (!letter || letter.status !== 'proposed' || !letter.proposedAt) return null;
    return { letter, sent: await historyTimes(tx, 'letter', letter.id, 'reminded', { kind: 'decision', cycle: decisionCycle(letter) }) };
  },
  plan: ({ letter, sent }, office, now) =>
    dueNow(letter.proposedAt!, decisionReminderPlan(office.settings.saraban.decisionReminders), decisionReminderMarks(sent), now, office.calendar),
  async act(run, { letter }, due) {
    await remindDecision(run.tx, letter, due.index + 1, run.office.settings.saraban.decisionReminders.max, run.now);
    // Marked even when nobody could be reached: the count is of reminders due, not of pushes.
    return true;
  },
  mark: (run, { letter }, due) =>
    addHistory(run.tx, 'letter', letter.id, { officeId: run.office.officeId, actorId: null, action: 'reminded', data: { kind: 'decision', cycle: decisionCycle(letter), n: due.index + 1 }, at: run.now }),
});

/** Returns how many reminders were recorded. */
export async function runDecisionReminders(database: Database, now: Date): Promise<number> {
  return (await runSweep(decisionReminderSweep, database, now)).marked;
}

interface ActByLetter {
  letter: Letter & { actBy: string; assigneeId: number };
  /** The act-by reminders of this date recorded already. */
  recorded: RecordedMarks<'before' | 'on_day'>;
}

/**
 * Letters with an act-by date remind the officer holding them `actByReminderOfficeDays` office days
 * before, and on the day (from the office's opening time).
 */
export const actByReminderSweep = defineSweep<number, ActByLetter, PlannedStep<'before' | 'on_day'>>({
  name: 'saraban:act-by-reminders',
  schedule: '*/15 * * * *',
  activeIn: (office, now) => isOfficeDay(now, office.calendar) && bangkokMinuteOfDay(now) >= office.calendar.openMinute,
  candidates: (db, office, now) => listActByLetterIds(db, office.officeId, bangkokDateKey(now)),
  async load(tx, office, id) {
    const letter = await lockLetter(tx, office.officeId, id);
    if (!letter || !letter.actBy || letter.assigneeId === null || letter.status === 'cancelled') return null;
    const recorded: Partial<Record<'before' | 'on_day', true>> = {};
    for (const which of ['before', 'on_day'] as const) {
      if (await hasHistory(tx, 'letter', letter.id, 'reminded', { kind: 'act_by', which, actBy: letter.actBy })) recorded[which] = true;
    }
    return { letter: { ...letter, actBy: letter.actBy, assigneeId: letter.assigneeId }, recorded };
  },
  plan: ({ letter, recorded }, office, now) => dueNow(letter.actBy, actByReminderPlan(office.settings.saraban.actByReminderOfficeDays), recorded, now, office.calendar),
  async act(run, { letter }, due) {
    const officer = await reachablePerson(run.tx, run.office.officeId, letter.assigneeId);
    if (officer) {
      const headline = letterHeadline(letter);
      const text = due.mark === 'on_day' ? T.actByToday(headline, letter.actBy) : T.actByBefore(headline, letter.actBy);
      await run.push(officer, [{ type: 'text', text }], `saraban:actby:${letter.id}:${letter.actBy}:${due.mark}:${officer.id}`);
    }
    return true;
  },
  mark: (run, { letter }, due) =>
    addHistory(run.tx, 'letter', letter.id, { officeId: run.office.officeId, actorId: null, action: 'reminded', data: { kind: 'act_by', which: due.mark, actBy: letter.actBy }, at: run.now }),
});

/** Returns how many reminders were recorded. */
export async function runActByReminders(database: Database, now: Date): Promise<number> {
  return (await runSweep(actByReminderSweep, database, now)).marked;
}

export const decisionRemindersJob = sweepJob(decisionReminderSweep);
export const actByRemindersJob = sweepJob(actByReminderSweep);

export const sarabanDecideJobs = [decisionRemindersJob, actByRemindersJob];

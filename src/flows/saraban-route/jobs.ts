import type { Database } from '../../db/database.ts';
import { addHistory, hasHistory } from '../../db/repos/history.ts';
import { lettersByIds, listAwaitingAcknowledgement, listPeopleWithPendingNotices, lockPendingNotices, markNoticesDelivered } from '../../db/repos/letter-routing.ts';
import { lockLetter } from '../../db/repos/letters.ts';
import { reachablePerson, reachableWithRole } from '../../db/repos/recipients.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import { dueNow, type PlannedStep, type RecordedMarks } from '../../kit/planner.ts';
import { defineSweep, passJob, runSweep, sweepJob, sweepOffices } from '../../kit/sweep.ts';
import { pushOnce } from '../../line/push-once.ts';
import { NEW_LETTER_NOTICE } from './announce.ts';
import { CAROUSEL_MAX, letterCard, letterCarousel } from './cards.ts';
import { buildLetterDigest, digestOrder } from './digest.ts';
import { routeTexts as T } from './messages.ts';
import { acknowledgePlan, digestSlotAt } from './timing.ts';

/**
 * The routing jobs, for every office: the new-letter digest (each digest time on office days: the
 * letters not announced yet, each to a person once) and the acknowledge clock (an assignment not
 * acknowledged is reminded once, then escalated once). Each letter or person is handled in its own
 * transaction with its rows locked, and every push is keyed by what it is about, so two instances or a
 * retry never send twice. Job data carries nothing (no subject ever reaches the jobs table).
 */

/** One pass of the digest; returns how many digests were enqueued. */
export async function runLetterDigest(database: Database, now: Date): Promise<number> {
  const { db } = database;
  let sent = 0;
  for (const office of await sweepOffices(db)) {
    const slot = digestSlotAt(now, office.settings.saraban.digestTimes, office.calendar);
    if (!slot) continue;
    const waiting = await listPeopleWithPendingNotices(db, office.officeId, NEW_LETTER_NOTICE);
    if (waiting.length === 0) continue;
    const directors = new Map((await reachableWithRole(db, office.officeId, 'group_director')).map((d) => [d.id, d]));
    for (const personId of waiting) {
      // Someone no longer a group director (or unreachable) keeps their notices: nothing is marked unsent.
      const director = directors.get(personId);
      if (!director) continue;
      await db.transaction(async (tx) => {
        const ids = await lockPendingNotices(tx, office.officeId, personId, NEW_LETTER_NOTICE, slot.startsAt);
        if (ids.length === 0) return;
        const letters = await lettersByIds(tx, office.officeId, ids);
        const text = buildLetterDigest(letters);
        if (text) {
          const cards = digestOrder(letters).slice(0, CAROUSEL_MAX);
          const messages = [{ type: 'text' as const, text }, letterCarousel(cards, { id: director.id, role: 'group_director' }, text.split('\n')[0]!)];
          const pushed = await pushOnce(tx, { channelId: director.channelId, officeId: office.officeId, lineUserId: director.lineUserId }, messages, `saraban:digest:${office.officeId}:${slot.key}:${personId}`);
          if (!pushed) return;
          sent += 1;
        }
        // Letters assigned or cancelled since are not news any more: marked with the rest.
        await markNoticesDelivered(tx, personId, ids, NEW_LETTER_NOTICE, 'digest', now);
      });
    }
  }
  return sent;
}

interface AssignedLetter {
  letter: Letter & { assignedAt: Date; assigneeId: number };
  recorded: RecordedMarks<'remind' | 'escalate'>;
}

const acknowledgeMark = (letter: { assignedAt: Date }) => ({ about: 'acknowledge', assignedAt: letter.assignedAt.toISOString() });

/** The acknowledge clock: an assignment not acknowledged is reminded once, then escalated once. */
export const acknowledgeSweep = defineSweep<number, AssignedLetter, PlannedStep<'remind' | 'escalate'>>({
  name: 'saraban:acknowledge',
  schedule: '*/5 * * * *',
  candidates: (db, office) => listAwaitingAcknowledgement(db, office.officeId),
  async load(tx, office, id) {
    const letter = await lockLetter(tx, office.officeId, id);
    if (!letter || letter.status !== 'assigned' || !letter.assignedAt || letter.assigneeId === null) return null;
    const assigned = { ...letter, assignedAt: letter.assignedAt, assigneeId: letter.assigneeId };
    const match = acknowledgeMark(assigned);
    const recorded: Partial<Record<'remind' | 'escalate', true>> = {};
    if (await hasHistory(tx, 'letter', letter.id, 'reminded', match)) recorded.remind = true;
    if (recorded.remind && (await hasHistory(tx, 'letter', letter.id, 'escalated', match))) recorded.escalate = true;
    return { letter: assigned, recorded };
  },
  plan: ({ letter, recorded }, office, now) => dueNow(letter.assignedAt, acknowledgePlan(office.settings.saraban.acknowledgeOfficeDays), recorded, now, office.calendar),
  async act(run, { letter }, due) {
    const officeId = run.office.officeId;
    const cycle = letter.assignedAt.toISOString();
    const headline = letterHeadline(letter);
    if (due.mark === 'remind') {
      const officer = await reachablePerson(run.tx, officeId, letter.assigneeId);
      if (officer) {
        await run.push(officer, [{ type: 'text', text: T.remindOfficer(headline, letter.assignedAt) }, letterCard(letter, officer, headline)], `saraban:ack-remind:${letter.id}:${cycle}`);
      }
      // Marked even when the officer cannot be reached: the escalation must not wait for someone who left.
      return true;
    }
    // The group director who assigned it; all of them when that one is gone.
    const assigner = await reachablePerson(run.tx, officeId, letter.assignedById);
    const targets = assigner ? [assigner] : await reachableWithRole(run.tx, officeId, 'group_director');
    const text = T.escalateDirector(headline, letter.assigneeName ?? '-', letter.assignedAt);
    for (const target of targets) {
      await run.push(target, [{ type: 'text', text }], `saraban:ack-escalate:${letter.id}:${cycle}:${target.id}`);
    }
    return true;
  },
  mark: (run, { letter }, due) =>
    addHistory(run.tx, 'letter', letter.id, { officeId: run.office.officeId, actorId: null, action: due.mark === 'remind' ? 'reminded' : 'escalated', data: acknowledgeMark(letter), at: run.now }),
});

/** One pass of the acknowledge clock over every office; returns how many letters were checked. */
export async function runAcknowledgeClock(database: Database, now: Date): Promise<number> {
  return (await runSweep(acknowledgeSweep, database, now)).checked;
}

export const letterDigestJob = passJob('saraban:digest', '*/5 * * * *', runLetterDigest, (sent) => sent > 0);

export const acknowledgeClockJob = sweepJob(acknowledgeSweep);

export const sarabanRouteJobs = [letterDigestJob, acknowledgeClockJob];

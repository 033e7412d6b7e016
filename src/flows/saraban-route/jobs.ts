import { z } from 'zod';
import type { Database, Executor } from '../../db/database.ts';
import { listOfficeContexts, type OfficeContext } from '../../db/repos/holidays.ts';
import {
  lettersByIds,
  listAwaitingAcknowledgement,
  listPeopleWithPendingNotices,
  listReachableWithRole,
  lockPendingNotices,
  markNoticesDelivered,
} from '../../db/repos/letter-routing.ts';
import { addLetterEvent, hasLetterEvent, lockLetter } from '../../db/repos/letters.ts';
import { getPerson } from '../../db/repos/people.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import { defineJob, type JobContext } from '../../jobs/registry.ts';
import { pushOnce } from '../../line/push-once.ts';
import { NEW_LETTER_NOTICE } from './announce.ts';
import { CAROUSEL_MAX, letterCard, letterCarousel } from './cards.ts';
import { buildLetterDigest, digestOrder } from './digest.ts';
import { routeTexts as T } from './messages.ts';
import { acknowledgeAction as acknowledgeClock, digestSlotAt } from './timing.ts';

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
  for (const office of await listOfficeContexts(db)) {
    const slot = digestSlotAt(now, office.settings.saraban.digestTimes, office.calendar);
    if (!slot) continue;
    const waiting = await listPeopleWithPendingNotices(db, office.officeId, NEW_LETTER_NOTICE);
    if (waiting.length === 0) continue;
    const directors = new Map((await listReachableWithRole(db, office.officeId, 'group_director')).map((d) => [d.id, d]));
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
          const pushed = await pushOnce(tx, { ...director, officeId: office.officeId }, messages, `saraban:digest:${office.officeId}:${slot.key}:${personId}`);
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

async function handleUnacknowledged(tx: Executor, office: OfficeContext, letter: Letter, now: Date): Promise<void> {
  if (letter.status !== 'assigned' || !letter.assignedAt || letter.assigneeId === null) return;
  const cycle = letter.assignedAt.toISOString();
  const match = { about: 'acknowledge', assignedAt: cycle };
  const reminded = await hasLetterEvent(tx, letter.id, 'reminded', match);
  const escalated = reminded && (await hasLetterEvent(tx, letter.id, 'escalated', match));
  const action = acknowledgeClock(letter.assignedAt, reminded, escalated, now, office.settings.saraban.acknowledgeOfficeDays, office.calendar);
  const headline = letterHeadline(letter);
  if (action.kind === 'remind') {
    const officer = await getPerson(tx, office.officeId, letter.assigneeId);
    if (officer?.lineUserId && officer.status === 'active') {
      await pushOnce(
        tx,
        { channelId: officer.channelId, officeId: office.officeId, lineUserId: officer.lineUserId },
        [{ type: 'text', text: T.remindOfficer(headline, letter.assignedAt) }, letterCard(letter, officer, headline)],
        `saraban:ack-remind:${letter.id}:${cycle}`,
      );
    }
    // Recorded even when the officer cannot be reached: the escalation must not wait for someone who left.
    await addLetterEvent(tx, { letterId: letter.id, officeId: office.officeId, actorId: null, action: 'reminded', data: match, at: now });
  } else if (action.kind === 'escalate') {
    // The group director who assigned it; all of them when that one is gone.
    const assigner = letter.assignedById !== null ? await getPerson(tx, office.officeId, letter.assignedById) : null;
    const targets =
      assigner?.lineUserId && assigner.status === 'active'
        ? [{ id: assigner.id, channelId: assigner.channelId, lineUserId: assigner.lineUserId }]
        : await listReachableWithRole(tx, office.officeId, 'group_director');
    const text = T.escalateDirector(headline, letter.assigneeName ?? '-', letter.assignedAt);
    for (const target of targets) {
      await pushOnce(tx, { ...target, officeId: office.officeId }, [{ type: 'text', text }], `saraban:ack-escalate:${letter.id}:${cycle}:${target.id}`);
    }
    await addLetterEvent(tx, { letterId: letter.id, officeId: office.officeId, actorId: null, action: 'escalated', data: match, at: now });
  }
}

/** One pass of the acknowledge clock over every office; returns how many letters were checked. */
export async function runAcknowledgeClock(database: Database, now: Date): Promise<number> {
  const { db } = database;
  let checked = 0;
  for (const office of await listOfficeContexts(db)) {
    for (const id of await listAwaitingAcknowledgement(db, office.officeId)) {
      checked += 1;
      await db.transaction(async (tx) => {
        const letter = await lockLetter(tx, office.officeId, id);
        if (letter) await handleUnacknowledged(tx, office, letter, now);
      });
    }
  }
  return checked;
}

export const letterDigestJob = defineJob({
  name: 'saraban:digest',
  schema: z.object({}),
  every: { interval: '*/5 * * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const sent = await runLetterDigest(ctx.database, ctx.now);
    if (sent > 0) ctx.logger.info({ sent }, 'letter digest enqueued');
  },
});

export const acknowledgeClockJob = defineJob({
  name: 'saraban:acknowledge',
  schema: z.object({}),
  every: { interval: '*/5 * * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const checked = await runAcknowledgeClock(ctx.database, ctx.now);
    ctx.logger.debug({ checked }, 'letter acknowledge clock checked');
  },
});

export const sarabanRouteJobs = [letterDigestJob, acknowledgeClockJob];

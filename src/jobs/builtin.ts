import { z } from 'zod';
import type { Executor } from '../db/database.ts';
import { purgeHandledInbox } from '../db/repos/inbox.ts';
import { deleteDraftMedia } from '../db/repos/media.ts';
import { lockOutboxSource, outboxHasSource, purgeSentOutbox } from '../db/repos/outbox.ts';
import { enqueueOutbox, type OutboxItem } from '../line/outbox.ts';
import { richMenuReconcileJob } from '../line/rich-menus/runtime.ts';
import { defineJob } from './registry.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A report in progress keeps its photos as drafts; one left a whole day is abandoned. */
export const DRAFT_MEDIA_KEPT_MS = DAY_MS;

/**
 * Daily clean-up of handled inbox events and sent outbox rows. Parked events and failed sends stay for the
 * admin. Kept at least 40 days: sent pushes of the current calendar month are the billable-message count.
 * Draft files (photos of a report never confirmed) go after a day: nothing will ever own them, and their
 * bytes would otherwise stay in the database for good.
 */
export const purgeJob = defineJob({
  name: 'foundation:purge',
  schema: z.object({ olderThanDays: z.number().int().min(40).max(3650) }),
  every: { interval: '30 3 * * *', timezone: 'Asia/Bangkok', data: { olderThanDays: 90 } },
  async handler(data, ctx) {
    const cutoff = new Date(ctx.now.getTime() - data.olderThanDays * DAY_MS);
    const { db } = ctx.database;
    const inbox = await purgeHandledInbox(db, cutoff);
    const outbox = await purgeSentOutbox(db, cutoff);
    const drafts = await deleteDraftMedia(db, new Date(ctx.now.getTime() - DRAFT_MEDIA_KEPT_MS));
    ctx.logger.info({ inbox, outbox, drafts, cutoff }, 'purged old inbox and outbox rows and draft files');
  },
});

/**
 * The way a job sends a message: through the outbox, at most once per `runKey` however often the job runs.
 * The advisory lock makes two concurrent runs with one key wait for each other instead of both inserting.
 * Returns false when the messages had already been enqueued.
 */
export async function enqueueOutboxOnce(
  tx: Executor,
  runKey: string,
  item: Omit<OutboxItem, 'sourceEventId' | 'replyToken' | 'replyDeadline'>,
): Promise<boolean> {
  const sourceEventId = `job:${runKey}`;
  await lockOutboxSource(tx, sourceEventId);
  if (await outboxHasSource(tx, sourceEventId)) return false;
  await enqueueOutbox(tx, { ...item, sourceEventId });
  return true;
}

/** Pushes a text to a user at a set time, e.g. a reminder; later issues schedule it with a unique key. */
export const notifyUserJob = defineJob({
  name: 'line:notify-user',
  schema: z.object({
    channelId: z.string().min(1),
    officeId: z.string().min(1),
    userId: z.string().regex(/^U[0-9a-f]{32}$/),
    text: z.string().min(1).max(5000),
  }),
  async handler(data, ctx) {
    const enqueued = await ctx.database.db.transaction((tx) =>
      enqueueOutboxOnce(tx, ctx.runKey, {
        channelId: data.channelId,
        officeId: data.officeId,
        toUserId: data.userId,
        messages: [{ type: 'text', text: data.text }],
      }),
    );
    ctx.logger.info({ enqueued }, enqueued ? 'notification enqueued' : 'notification was already enqueued');
  },
});

export const builtInJobs = [purgeJob, notifyUserJob, richMenuReconcileJob];

import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { inboxEvents, outboxMessages } from '../schema.ts';

/** Events that failed too often and wait for an admin, newest first; message contents are left out. */
export async function listParkedEvents(ex: Executor, channelId: string, limit = 50) {
  return ex
    .select({
      webhookEventId: inboxEvents.webhookEventId,
      chatKey: inboxEvents.chatKey,
      eventType: inboxEvents.eventType,
      attempts: inboxEvents.attempts,
      lastError: inboxEvents.lastError,
      receivedAt: inboxEvents.receivedAt,
    })
    .from(inboxEvents)
    .where(and(eq(inboxEvents.channelId, channelId), eq(inboxEvents.status, 'parked')))
    .orderBy(desc(inboxEvents.id))
    .limit(limit);
}

/** Messages LINE refused (4xx other than 409) or that ran out of retries, newest first. */
export async function listFailedMessages(ex: Executor, channelId: string, limit = 50) {
  return ex
    .select({
      id: outboxMessages.id,
      toUserId: outboxMessages.toUserId,
      attempts: outboxMessages.attempts,
      lastError: outboxMessages.lastError,
      lineRequestId: outboxMessages.lineRequestId,
      createdAt: outboxMessages.createdAt,
    })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.channelId, channelId), eq(outboxMessages.status, 'failed')))
    .orderBy(desc(outboxMessages.seq))
    .limit(limit);
}

export async function countBacklog(ex: Executor) {
  const result = await ex.execute<{ inbox: number; outbox: number }>(sql`
    select (select count(*) from inbox_events where status = 'pending')::int as inbox,
           (select count(*) from outbox_messages where status = 'pending')::int as outbox`);
  return result.rows[0] ?? { inbox: 0, outbox: 0 };
}

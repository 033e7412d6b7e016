import { describe, expect, it } from '@jest/globals';
import { and, eq, sql } from 'drizzle-orm';
import { InboxWriter, type NewInboxEvent } from '../../src/db/repos/inbox.ts';
import { inboxEvents } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_ID } from '../../src/line/channels.ts';
import { eventually } from '../support/processes.ts';
import { dispatcherTestbed, echoFlow } from '../support/dispatcher-testbed.ts';
import { lineUserId, textEvent, webhookBody } from '../support/inbound.ts';

/**
 * Chats are served fairly: a burst that left one chat with a long backlog (or many chats with earlier events) does not
 * make a new chat's first message wait until all of it is handled.
 */
describe('a new chat while another chat has a backlog of 10,000 events', () => {
  const bed = dispatcherTestbed();
  const backlogUser = lineUserId('U-backlog');
  const newUser = lineUserId('U-newcomer');

  const status = async (user: string, wanted: string) =>
    Number(
      (await bed.h.database.db.select({ n: sql<string>`count(*)` }).from(inboxEvents).where(and(eq(inboxEvents.chatKey, user), eq(inboxEvents.status, wanted))))[0]!.n,
    );

  it('arriving through the webhook while a running dispatcher works through a burst, is served while most of a 2,000-event burst waits', async () => {
    const dispatcher = bed.h.dispatcher({ now: bed.now, flows: [echoFlow], concurrency: 3, pollMs: 50 });
    dispatcher.start();
    const start = bed.clock - 40_000;
    for (let i = 0; i < 2_000; i += 100) {
      const body = webhookBody(...Array.from({ length: 100 }, (_, j) => textEvent(backlogUser, `b${i + j}`, { timestamp: start + i + j })));
      expect((await bed.h.post(body)).status).toBe(200);
    }
    expect((await bed.h.post(webhookBody(textEvent(newUser, 'สวัสดี', { timestamp: bed.clock - 1000 })))).status).toBe(200);
    await eventually(() => status(newUser, 'done'), (done) => done === 1, 30_000);
    expect(await status(backlogUser, 'pending')).toBeGreaterThan(1_000);
  });

  it('is served while the backlog still waits (counts, bounded in time)', async () => {
    const writer = new InboxWriter(bed.h.database.db);
    const start = bed.clock - 40_000;
    const events: NewInboxEvent[] = Array.from({ length: 10_000 }, (_, i) => {
      const event = textEvent(backlogUser, `b${i}`, { timestamp: start + i });
      return {
        webhookEventId: event.webhookEventId,
        channelId: DEFAULT_CHANNEL_ID,
        officeId: 'default',
        chatKey: backlogUser,
        eventType: 'message',
        mode: 'active',
        eventTimestamp: new Date(event.timestamp),
        payload: event,
        status: 'pending',
      };
    });
    for (let i = 0; i < events.length; i += 500) await writer.store(events.slice(i, i + 500));
    expect((await bed.h.post(webhookBody(textEvent(newUser, 'สวัสดี', { timestamp: bed.clock - 1000 })))).status).toBe(200);

    const dispatcher = bed.h.dispatcher({ now: bed.now, flows: [echoFlow], concurrency: 3, pollMs: 50 });
    dispatcher.start();
    await eventually(() => status(newUser, 'done'), (done) => done === 1, 30_000);
    // Served long before the backlog was through: most of it still waits.
    expect(await status(backlogUser, 'pending')).toBeGreaterThan(9_000);
  });
});

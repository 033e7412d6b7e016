import { describe, expect, it } from '@jest/globals';
import { reply } from '../../src/bot/flow.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { REPLY_TOKEN_WINDOW_MS, type OutboxHandoff } from '../../src/bot/dispatcher.ts';
import type { Database } from '../../src/db/database.ts';
import type { DueEvent } from '../../src/db/repos/inbox.ts';
import type { ClaimedOutboxRow } from '../../src/db/repos/outbox.ts';
import { outboxMessages } from '../../src/db/schema.ts';
import { enqueueOutbox } from '../../src/line/outbox.ts';
import { asc, eq } from 'drizzle-orm';
import { greetingTexts } from '../../src/flows/greeting/messages.ts';
import { dispatcherTestbed, echoFlow } from '../support/dispatcher-testbed.ts';
import { inboxRows, outboxRows, textEvent, webhookBody, lineUserId } from '../support/inbound.ts';

const bed = dispatcherTestbed();
const now = bed.now;

describe('dispatcher', () => {
  it('answers a stored text with the greeting, using the fresh reply token, and marks the event done', async () => {
    const event = textEvent(lineUserId('U-greet'), 'สวัสดีค่ะ', { timestamp: bed.clock - 1000 });
    expect((await bed.h.post(webhookBody(event))).status).toBe(200);
    await bed.h.dispatcher({ now }).drain();

    const out = await outboxRows(bed.h.database, lineUserId('U-greet'));
    expect(out).toHaveLength(1);
    expect(out[0]!.texts[0]).toBe(greetingTexts.greeting);
    expect(out[0]!.replyToken).toBe(event.replyToken);
    expect(out[0]!.replyDeadline?.getTime()).toBe(event.timestamp + REPLY_TOKEN_WINDOW_MS);
    const [row] = await inboxRows(bed.h.database);
    expect(row!.status).toBe('done');
    expect(row!.replyTokenClaimedAt).not.toBeNull();
    expect(row!.handledAt).not.toBeNull();
  });

  it('seals the greeting\'s buttons so they decode with the channel secret', async () => {
    await bed.h.post(webhookBody(textEvent(lineUserId('U-buttons'), 'hi', { timestamp: bed.clock - 1000 })));
    await bed.h.dispatcher({ now }).drain();
    const [row] = await outboxRows(bed.h.database, lineUserId('U-buttons'));
    const data = JSON.stringify(row!.messages).match(/"data":"([^"]+)"/g) ?? [];
    expect(data.length).toBeGreaterThan(0);
    for (const d of data) expect(d.split('.')).toHaveLength(4);
  });

  it('sends as a push (no reply token) when the event is older than the token window', async () => {
    await bed.h.post(webhookBody(textEvent(lineUserId('U-old'), 'hello', { timestamp: bed.clock - REPLY_TOKEN_WINDOW_MS - 1 })));
    await bed.h.dispatcher({ now }).drain();
    const out = await outboxRows(bed.h.database, lineUserId('U-old'));
    expect(out).toHaveLength(1);
    expect(out[0]!.replyToken).toBeNull();
  });

  it('handles a repeated and a redelivered event once', async () => {
    const event = textEvent(lineUserId('U-once'), 'hello', { timestamp: bed.clock - 1000 });
    const dispatcher = bed.h.dispatcher({ now, flows: [echoFlow] });
    await bed.h.post(webhookBody(event));
    await dispatcher.drain();
    await bed.h.post(webhookBody(event));
    await bed.h.post(webhookBody({ ...event, deliveryContext: { isRedelivery: true } }));
    await dispatcher.drain();
    expect(await outboxRows(bed.h.database, lineUserId('U-once'))).toHaveLength(1);
  });

  it('handles events stored before a crash when a new dispatcher starts', async () => {
    await bed.h.post(webhookBody(textEvent(lineUserId('U-crash'), 'one', { timestamp: bed.clock - 3000 }), textEvent(lineUserId('U-crash'), 'two', { timestamp: bed.clock - 2000 })));
    // No dispatcher ran: the process "crashed" after answering 200. A fresh instance finds the events by polling.
    const restarted = bed.h.dispatcher({ now, flows: [echoFlow], pollMs: 20 });
    restarted.start();
    await restarted.drain();
    await restarted.stop();
    expect((await outboxRows(bed.h.database, lineUserId('U-crash'))).map((r) => r.texts[0])).toEqual(['one', 'two']);
    expect((await inboxRows(bed.h.database)).every((r) => r.status === 'done')).toBe(true);
  });

  it('keeps one user\'s 30 concurrently posted events in order while other users proceed in parallel', async () => {
    const users = [lineUserId('U-order-a'), lineUserId('U-order-b'), lineUserId('U-order-c'), lineUserId('U-order-d')];
    const base = bed.clock - 20_000;
    const posts = users.flatMap((user, u) =>
      Array.from({ length: user === lineUserId('U-order-a') ? 30 : 10 }, (_, i) =>
        webhookBody(textEvent(user, `${user}:${i}`, { timestamp: base + i * 100 + u })),
      ),
    );
    // Posted all at once: they arrive and commit in any order.
    const statuses = await Promise.all(posts.map((body) => bed.h.post(body).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);

    const dispatcher = bed.h.dispatcher({ now, flows: [echoFlow], concurrency: 4 });
    await dispatcher.drain();

    for (const user of users) {
      const texts = (await outboxRows(bed.h.database, user)).map((r) => r.texts[0]);
      const count = user === lineUserId('U-order-a') ? 30 : 10;
      expect(texts).toEqual(Array.from({ length: count }, (_, i) => `${user}:${i}`));
    }
    expect(dispatcher.stats().peakInFlight).toBeGreaterThan(1);
  });

  it('never handles an event twice when two instances work the same inbox', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => webhookBody(textEvent(lineUserId(`U-multi-${i % 5}`), `m${i}`, { timestamp: bed.clock - 10_000 + i })));
    for (const body of bodies) await bed.h.post(body);
    const a = bed.h.dispatcher({ now, flows: [echoFlow], concurrency: 3 });
    const b = bed.h.dispatcher({ now, flows: [echoFlow], concurrency: 3 });
    await Promise.all([a.drain(), b.drain()]);
    const out = await outboxRows(bed.h.database);
    expect(out).toHaveLength(20);
    expect(new Set(out.map((r) => r.sourceEventId)).size).toBe(20);
    for (let u = 0; u < 5; u++) {
      const texts = out.filter((r) => r.toUserId === lineUserId(`U-multi-${u}`)).map((r) => Number(r.texts[0]!.slice(1)));
      expect(texts).toEqual([...texts].sort((x, y) => x - y));
    }
  });

  it('retries a failing event with backoff, holds the user\'s later events, then parks it and apologises', async () => {
    const failing = textEvent(lineUserId('U-fail'), 'พัง', { timestamp: bed.clock - 1000 });
    const later = textEvent(lineUserId('U-fail'), 'ต่อไป', { timestamp: bed.clock - 500 });
    const other = textEvent(lineUserId('U-fine'), 'ปกติ', { timestamp: bed.clock - 500 });
    await bed.h.post(webhookBody(failing, later, other));
    const dispatcher = bed.h.dispatcher({ now, flows: [echoFlow], maxAttempts: 3 });

    await dispatcher.drain();
    let rows = await inboxRows(bed.h.database);
    const fail1 = rows.find((r) => r.webhookEventId === failing.webhookEventId)!;
    expect(fail1).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('handler exploded') });
    expect(fail1.nextAttemptAt.getTime()).toBe(bed.clock + 1000);
    // The same user's later event waits behind the failing one; another user is not held up.
    expect(rows.find((r) => r.webhookEventId === later.webhookEventId)!.status).toBe('pending');
    expect(rows.find((r) => r.webhookEventId === other.webhookEventId)!.status).toBe('done');
    expect(await outboxRows(bed.h.database, lineUserId('U-fail'))).toHaveLength(0);

    bed.clock += 1000;
    await dispatcher.drain();
    rows = await inboxRows(bed.h.database);
    const fail2 = rows.find((r) => r.webhookEventId === failing.webhookEventId)!;
    expect(fail2).toMatchObject({ status: 'pending', attempts: 2 });
    expect(fail2.nextAttemptAt.getTime()).toBe(bed.clock + 2000);

    bed.clock += 2000;
    await dispatcher.drain();
    rows = await inboxRows(bed.h.database);
    expect(rows.find((r) => r.webhookEventId === failing.webhookEventId)).toMatchObject({
      status: 'parked',
      attempts: 3,
      lastError: expect.stringContaining('handler exploded'),
    });
    expect(rows.find((r) => r.webhookEventId === later.webhookEventId)!.status).toBe('done');
    const out = await outboxRows(bed.h.database, lineUserId('U-fail'));
    expect(out.map((r) => r.texts[0])).toEqual([botMessages.apology, 'ต่อไป']);
    expect(out[0]!.replyToken).toBe(failing.replyToken);
  });

  it('does not act on standby events and marks unknown event types ignored', async () => {
    const standby = textEvent(lineUserId('U-standby'), 'hello', { mode: 'standby', timestamp: bed.clock - 1000 });
    const unknown = { ...textEvent(lineUserId('U-unknown'), 'x', { timestamp: bed.clock - 1000 }), type: 'somethingNew' };
    const join = { ...textEvent(lineUserId('U-join'), 'x', { timestamp: bed.clock - 1000 }), type: 'join', source: { type: 'group', groupId: `C${'1'.repeat(32)}` } };
    await bed.h.post(webhookBody(standby, unknown, join));
    await bed.h.dispatcher({ now }).drain();
    expect(await outboxRows(bed.h.database)).toHaveLength(0);
    const rows = await inboxRows(bed.h.database);
    expect(rows.map((r) => r.status)).toEqual(['ignored', 'ignored', 'ignored']);
  });

  it('finishes the event in hand when stopped and takes no new ones', async () => {
    const dispatcher = bed.h.dispatcher({ now, flows: [echoFlow] });
    await dispatcher.stop();
    await bed.h.post(webhookBody(textEvent(lineUserId('U-stopped'), 'x', { timestamp: bed.clock - 1000 })));
    dispatcher.wake();
    await dispatcher.drain();
    expect(await outboxRows(bed.h.database, lineUserId('U-stopped'))).toHaveLength(0);
    expect((await inboxRows(bed.h.database))[0]!.status).toBe('pending');
  });
});

/** The outbox sender's side of the hand-over, recording what it is given (a sender with free slots). */
function recordingSender(): OutboxHandoff & { adopted: ClaimedOutboxRow[]; reserved: number } {
  return {
    leaseMs: 60_000,
    holder: 1,
    adopted: [],
    reserved: 0,
    reserve() {
      this.reserved += 1;
      return true;
    },
    release() {
      this.reserved -= 1;
    },
    adopt(rows) {
      this.adopted.push(...rows);
      this.reserved -= rows.length;
    },
  };
}

/** The test database with every statement the dispatcher's connections send written down. */
function countingDatabase(database: Database, statements: string[]): Database {
  const pool = new Proxy(database.pool, {
    get(target, key, receiver) {
      if (key !== 'connect') return Reflect.get(target, key, receiver);
      return async () => {
        const client = await target.connect();
        const spied = client as unknown as { query: (...args: unknown[]) => unknown; release: (err?: Error | boolean) => void };
        const query = spied.query;
        const release = spied.release;
        // A spy on this checkout of the connection: the real query still runs, and release puts things back.
        spied.query = function (this: unknown, ...args: unknown[]) {
          const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
          if (text) statements.push(text);
          return query.apply(client, args);
        };
        spied.release = (err?: Error | boolean) => {
          delete (spied as { query?: unknown }).query;
          return release.call(client, err);
        };
        return client;
      };
    },
  });
  return { ...database, pool } as Database;
}

describe('dispatcher and sender: the reply\'s hand-over', () => {
  it('writes the reply already claimed for a sender with a free slot: one write, leased, its route decided', async () => {
    const event = textEvent(lineUserId('U-handover'), 'สวัสดีค่ะ', { timestamp: bed.clock - 1000 });
    await bed.h.post(webhookBody(event));
    const sender = recordingSender();
    await bed.h.dispatcher({ now, flows: [echoFlow], sender }).drain();

    expect(sender.adopted).toHaveLength(1);
    expect(sender.adopted[0]).toMatchObject({ toUserId: lineUserId('U-handover'), route: 'reply', previousRoute: null, attempts: 1, replyToken: event.replyToken });
    expect(sender.reserved).toBe(0);
    const [row] = await bed.h.database.db.select().from(outboxMessages).where(eq(outboxMessages.toUserId, lineUserId('U-handover')));
    // As the sender's own claim leaves a row: pending while its one attempt is under way, leased to this sender.
    expect(row).toMatchObject({ id: sender.adopted[0]!.id, status: 'pending', attempts: 1, sentVia: 'reply' });
    expect(row!.nextAttemptAt.getTime()).toBe(bed.clock + sender.leaseMs);
  });

  it('writes the reply pending behind a message of the same user still waiting, and wakes the sender for it', async () => {
    const officeId = bed.h.channels.get('default')!.officeId;
    await enqueueOutbox(bed.h.database.db, { channelId: 'default', officeId, toUserId: lineUserId('U-behind'), messages: [{ type: 'text', text: 'ก่อนหน้า' }] });
    await bed.h.post(webhookBody(textEvent(lineUserId('U-behind'), 'ต่อมา', { timestamp: bed.clock - 1000 })));
    const sender = recordingSender();
    let woken = 0;
    await bed.h.dispatcher({ now, flows: [echoFlow], sender, onOutbox: () => (woken += 1) }).drain();

    expect(sender.adopted).toHaveLength(0);
    expect(sender.reserved).toBe(0);
    expect(woken).toBeGreaterThan(0);
    const rows = await bed.h.database.db.select().from(outboxMessages).where(eq(outboxMessages.toUserId, lineUserId('U-behind'))).orderBy(asc(outboxMessages.seq));
    expect(rows.map((r) => [(r.messages as Array<{ text: string }>)[0]!.text, r.attempts, r.sentVia])).toEqual([
      ['ก่อนหน้า', 0, null],
      ['ต่อมา', 0, null],
    ]);
  });

  it('does not look in the database for more work while events handed over by the webhook wait in memory', async () => {
    const users = Array.from({ length: 5 }, (_, i) => lineUserId(`U-handed-${i}`));
    for (const [i, user] of users.entries()) await bed.h.post(webhookBody(textEvent(user, `m${i}`, { timestamp: bed.clock - 5000 + i })));
    const due: DueEvent[] = (await inboxRows(bed.h.database)).map((r) => ({ id: r.id, chatKey: r.chatKey }));
    const statements: string[] = [];
    const dispatcher = bed.h.dispatcher({ now, flows: [echoFlow], concurrency: 1, pollMs: 60_000, database: countingDatabase(bed.h.database, statements) });

    dispatcher.wake(due); // as the webhook hands its stored events over: one starts, four wait in memory
    for (let i = 0; i < 100 && (await inboxRows(bed.h.database)).some((r) => r.status === 'pending'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await dispatcher.stop();

    expect((await outboxRows(bed.h.database)).map((r) => r.texts[0])).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const commits = statements.filter((q) => /\bcommit\b/.test(q));
    expect(commits).toHaveLength(5);
    // Each commit's round trip looks for due events only when nothing handed over is waiting: the last one.
    expect(commits.map((q) => /order by e\.event_timestamp, e\.id/.test(q))).toEqual([false, false, false, false, true]);
  });
});

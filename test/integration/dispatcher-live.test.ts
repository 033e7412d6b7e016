import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import express from 'express';
import type { Dispatcher } from '../../src/bot/dispatcher.ts';
import { command, reply, type Flow } from '../../src/bot/flow.ts';
import { InboxWriter, type DueEvent } from '../../src/db/repos/inbox.ts';
import { inboxEvents, outboxMessages } from '../../src/db/schema.ts';
import { createWebhookRouter } from '../../src/http/webhook.ts';
import { DEFAULT_CHANNEL_ID } from '../../src/line/channels.ts';
import { signBody } from '../../src/line/signature.ts';
import { createLogger } from '../../src/logger.ts';
import { dispatcherTestbed, echoFlow } from '../support/dispatcher-testbed.ts';
import { inboxRows, lineUserId, outboxRows, TEST_SECRET, textEvent, webhookBody } from '../support/inbound.ts';

/**
 * The dispatcher as the running service uses it: events handed over by the webhook while others are in
 * flight, a fresh instance that only starts, its per-event logs, and a stop in the middle of an event.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (briefly) until `check` holds; fails with `what` when it does not. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

const textOf = (input: { kind: string; text?: string }) => (input.kind === 'text' ? input.text! : '');

interface Visit {
  chat: string;
  text: string;
  kind: 'enter' | 'exit';
}

/** An echo whose handling records, per chat, when it enters and leaves, waiting a little in between. */
function recordingFlow(visits: Visit[]): Flow<Record<string, never>, void> {
  return {
    ...echoFlow,
    name: 'recording',
    async prepare(_tx, input, _state, _person, env) {
      visits.push({ chat: env.lineUserId, text: textOf(input), kind: 'enter' });
      await sleep(3 + Math.floor(Math.random() * 8));
      visits.push({ chat: env.lineUserId, text: textOf(input), kind: 'exit' });
    },
  };
}

const bed = dispatcherTestbed();
const now = bed.now;

const pendingCount = async () => (await inboxRows(bed.h.database)).filter((r) => r.status === 'pending').length;

/** The webhook as the service mounts it: what it stores is handed to the dispatcher with `wake(stored)`. */
async function liveWebhook(
  dispatcher: Dispatcher,
): Promise<{ post(body: unknown): Promise<number>; handedOver: Array<{ events: DueEvent[]; inFlight: number }>; close(): Promise<void> }> {
  const handedOver: Array<{ events: DueEvent[]; inFlight: number }> = [];
  const app = express();
  app.use(
    createWebhookRouter({
      channels: bed.h.channels,
      database: bed.h.database,
      logger: bed.h.logger,
      onStored: (events) => {
        handedOver.push({ events: [...events], inFlight: dispatcher.stats().inFlight });
        dispatcher.wake(events);
      },
      isAccepting: () => true,
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return {
    handedOver,
    async post(body) {
      const raw = JSON.stringify(body);
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signBody(TEST_SECRET, raw) }, body: raw });
      return res.status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('dispatcher: events handed over by the webhook', () => {
  it('never handles two of one user\'s events at once and keeps their order, while other users\' events overlap', async () => {
    const visits: Visit[] = [];
    // No poll during the test: every event reaches the dispatcher by the webhook's hand-over (or a commit's look).
    const dispatcher = bed.h.dispatcher({ now, flows: [recordingFlow(visits)], concurrency: 3, pollMs: 60_000 });
    dispatcher.start();
    const webhook = await liveWebhook(dispatcher);
    try {
      const base = bed.clock - 20_000;
      const burst = (user: string, count: number, offset: number) =>
        Array.from({ length: count }, (_, i) => textEvent(user, `${user}:${i}`, { timestamp: base + i * 100 + offset }));
      const a = burst(lineUserId('U-live-a'), 12, 0);
      const others = [lineUserId('U-live-b'), lineUserId('U-live-c'), lineUserId('U-live-d')].map((user, u) => burst(user, 4, u + 1));
      // One request per event, as LINE sends them, a few every few milliseconds in the users' order, without
      // waiting for the answers: later events are stored and handed over while earlier ones are in hand.
      const posts: Array<Promise<number>> = [];
      for (let i = 0; i < a.length; i++) {
        const wave = [a[i], ...others.map((events) => events[i])].filter((e) => e !== undefined);
        posts.push(...wave.map((event) => webhook.post(webhookBody(event))));
        await sleep(3);
      }
      expect((await Promise.all(posts)).every((s) => s === 200)).toBe(true);
      await until('every handed-over event is handled', async () => (await pendingCount()) === 0);
      // Every event came by a hand-over, most of them while others were in hand.
      expect(webhook.handedOver.flatMap((h) => h.events)).toHaveLength(24);
      expect(webhook.handedOver.filter((h) => h.inFlight > 0).length).toBeGreaterThan(12);
    } finally {
      await webhook.close();
    }

    const open = new Map<string, string>();
    let otherChatsOverlapped = false;
    for (const visit of visits) {
      if (visit.kind === 'enter') {
        expect(open.get(visit.chat)).toBeUndefined(); // the chat's previous event is still in hand
        if (open.size > 0) otherChatsOverlapped = true;
        open.set(visit.chat, visit.text);
      } else {
        expect(open.get(visit.chat)).toBe(visit.text);
        open.delete(visit.chat);
      }
    }
    // Different chats were in hand at once. The embedded database has one connection, so there a flow's
    // transaction runs while the others wait for it; on a server the flows themselves overlap.
    expect(dispatcher.stats().peakInFlight).toBeGreaterThan(1);
    expect(otherChatsOverlapped).toBe(true);

    const entered = (chat: string) => visits.filter((v) => v.kind === 'enter' && v.chat === chat).map((v) => v.text);
    for (const [user, count] of [[lineUserId('U-live-a'), 12], [lineUserId('U-live-b'), 4], [lineUserId('U-live-c'), 4], [lineUserId('U-live-d'), 4]] as const) {
      const expected = Array.from({ length: count }, (_, i) => `${user}:${i}`);
      expect(entered(user)).toEqual(expected);
      expect((await outboxRows(bed.h.database, user)).map((r) => r.texts[0])).toEqual(expected);
    }
  });
  it('handles a user\'s events stored out of order and handed over together in LINE\'s order, without waiting for a poll', async () => {
    const dispatcher = bed.h.dispatcher({ now, flows: [echoFlow], concurrency: 3, pollMs: 60_000 });
    dispatcher.start();
    const events = Array.from({ length: 5 }, (_, i) => textEvent(lineUserId('U-late-first'), `m${i}`, { timestamp: bed.clock - 10_000 + i * 100 }));
    // Concurrent requests reached the service latest first (LINE does not promise their order) and the
    // webhook's writer stored them in one insert: the ids run against LINE's order.
    const stored = await new InboxWriter(bed.h.database.db).store(
      [...events].reverse().map((event) => ({
        webhookEventId: event.webhookEventId,
        channelId: DEFAULT_CHANNEL_ID,
        officeId: bed.h.channels.get(DEFAULT_CHANNEL_ID)!.officeId,
        chatKey: event.source.userId,
        eventType: event.type,
        mode: event.mode,
        eventTimestamp: new Date(event.timestamp),
        payload: event,
        status: 'pending' as const,
      })),
    );
    dispatcher.wake(stored);
    await until('the handed-over events are handled', async () => (await pendingCount()) === 0, 2000);
    expect((await outboxRows(bed.h.database, lineUserId('U-late-first'))).map((r) => r.texts[0])).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });
});

describe('dispatcher: after a restart', () => {
  it('a new dispatcher that is only started handles the events stored before it, each user\'s in order', async () => {
    // Stored while no dispatcher ran (the process had died after answering 200).
    await bed.h.post(
      webhookBody(
        textEvent(lineUserId('U-restart-a'), 'a1', { timestamp: bed.clock - 3000 }),
        textEvent(lineUserId('U-restart-b'), 'b1', { timestamp: bed.clock - 2900 }),
        textEvent(lineUserId('U-restart-a'), 'a2', { timestamp: bed.clock - 2000 }),
        textEvent(lineUserId('U-restart-b'), 'b2', { timestamp: bed.clock - 1900 }),
      ),
    );
    // No poll within the test: starting must look for the stored events by itself.
    const restarted = bed.h.dispatcher({ now, flows: [echoFlow], pollMs: 60_000 });
    restarted.start();
    await until('the stored events are handled', async () => (await pendingCount()) === 0);

    expect((await outboxRows(bed.h.database, lineUserId('U-restart-a'))).map((r) => r.texts[0])).toEqual(['a1', 'a2']);
    expect((await outboxRows(bed.h.database, lineUserId('U-restart-b'))).map((r) => r.texts[0])).toEqual(['b1', 'b2']);
    expect((await inboxRows(bed.h.database)).map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('a started dispatcher\'s poll takes an event left in backoff by the old process once it is due', async () => {
    await bed.h.post(webhookBody(textEvent(lineUserId('U-restart-backoff'), 'ลองใหม่', { timestamp: bed.clock - 3000 })));
    // The old process had failed it once and set its next attempt a second ahead.
    await bed.h.database.db.update(inboxEvents).set({ attempts: 1, lastError: 'boom', nextAttemptAt: new Date(bed.clock + 1000) });
    const restarted = bed.h.dispatcher({ now, flows: [echoFlow], pollMs: 20 });
    restarted.start();
    await sleep(100);
    expect(await pendingCount()).toBe(1);

    bed.clock += 1000; // due now: only the poll can notice, nothing else wakes the dispatcher
    await until('the event is handled', async () => (await pendingCount()) === 0);
    expect((await outboxRows(bed.h.database, lineUserId('U-restart-backoff'))).map((r) => r.texts[0])).toEqual(['ลองใหม่']);
  });
});

describe('dispatcher: logs', () => {
  it('logs the handling of an event on a child logger naming the event, the user and the flow, without the message text', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const loggingFlow: Flow<Record<string, never>> = {
      ...echoFlow,
      name: 'logging',
      step: (_state, input) => ({ state: null, effects: [command({ type: 'recordView', what: 'test', details: {} }), reply({ type: 'text', text: textOf(input) })] }),
      async execute(_tx, _cmd, env) {
        env.logger.info('command carried out');
      },
    };
    const secretText = 'ความลับเลขที่ 4821';
    const event = textEvent(lineUserId('U-logged'), secretText, { timestamp: bed.clock - 1000 });
    await bed.h.post(webhookBody(event));
    await bed.h.dispatcher({ now, flows: [loggingFlow], logger: createLogger('debug', sink) }).drain();
    expect(await pendingCount()).toBe(0);

    const about = { webhookEventId: event.webhookEventId, userId: lineUserId('U-logged'), flow: 'logging' };
    expect(lines).toContainEqual(expect.objectContaining({ ...about, level: 20, msg: 'event handled' }));
    // The flow's command gets the same child logger.
    expect(lines).toContainEqual(expect.objectContaining({ ...about, msg: 'command carried out' }));
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(secretText);
    expect(everything).not.toContain(event.replyToken);
  });
});

describe('dispatcher: stopping', () => {
  it('stop() in the middle of an event resolves only after it and the events stored before the stop are committed, and takes nothing after', async () => {
    const entered: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowFlow: Flow<Record<string, never>, void> = {
      ...echoFlow,
      name: 'slow',
      async prepare(_tx, input) {
        entered.push(textOf(input));
        await gate;
      },
    };
    const first = textEvent(lineUserId('U-stopping'), 'ก่อนหยุด', { timestamp: bed.clock - 2000 });
    const second = textEvent(lineUserId('U-stopping'), 'หลังหยุด', { timestamp: bed.clock - 1000 });
    await bed.h.post(webhookBody(first, second));
    const dispatcher = bed.h.dispatcher({ now, flows: [slowFlow], concurrency: 1, pollMs: 20 });
    dispatcher.start();
    try {
      await until('the first event is in hand', () => entered.length === 1);
      let stopped = false;
      const stopping = dispatcher.stop().then(() => {
        stopped = true;
      });
      await sleep(60);
      expect(stopped).toBe(false); // the event in hand is not finished yet
      release();
      await stopping;
    } finally {
      release(); // a failure above must not leave the event holding its connection
    }
    const rows = await inboxRows(bed.h.database);
    // The one in hand, then the one stored before the stop: both answered before stop() returned.
    for (const event of [first, second]) {
      expect(rows.find((r) => r.webhookEventId === event.webhookEventId)!.status).toBe('done');
      const [answer] = await bed.h.database.db.select().from(outboxMessages).where(eq(outboxMessages.sourceEventId, event.webhookEventId));
      expect(answer).toBeDefined();
    }

    // Nothing new is taken: not by the poll, nor by a wake-up, nor by a hand-over.
    const third = textEvent(lineUserId('U-stopping-other'), 'ใหม่', { timestamp: bed.clock - 500 });
    await bed.h.post(webhookBody(third));
    dispatcher.wake();
    dispatcher.wake((await inboxRows(bed.h.database)).filter((r) => r.status === 'pending').map((r) => ({ id: r.id, chatKey: r.chatKey })));
    await sleep(100);
    expect(entered).toEqual(['ก่อนหยุด', 'หลังหยุด']);
    expect(await pendingCount()).toBe(1);
    expect(await outboxRows(bed.h.database)).toHaveLength(2);
  });
});

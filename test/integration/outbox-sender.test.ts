import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { inboxEvents } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import { createHarness, text, type Harness } from './outbox-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.reset();
});

const REPLY_WINDOW_MS = 50_000;

describe('outbox sender: pushes', () => {
  it('a push that gets 500 twice then 200 is delivered once, with one retry key', async () => {
    const user = await h.createUser('ครูสมชาย');
    await h.fault({ path: 'push', status: 500, count: 2 });
    const [id] = await h.enqueue({ toUserId: user, messages: [text('แจ้งซ่อมเรียบร้อยแล้วค่ะ')] });

    await h.newSender({ backoff: () => 0 }).drain();

    const pushes = await h.requests('push');
    expect(pushes.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(pushes.map((r) => r.retryKey))).toEqual(new Set([id]));
    expect(await h.botTexts(user)).toEqual(['แจ้งซ่อมเรียบร้อยแล้วค่ะ']);
    const row = await h.row(id!);
    expect(row).toMatchObject({ status: 'sent', sentVia: 'push', attempts: 3, lineRequestId: pushes[2]!.requestId });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('a retried push that gets 409 is not sent again and is marked sent', async () => {
    const user = await h.createUser('ครูสมหญิง');
    const [id] = await h.enqueue({ toUserId: user, messages: [text('ส่งครั้งเดียว')] });
    // An earlier attempt reached LINE but its answer was lost (a crash, a dropped connection).
    const first = await createLineApi(h.channels.get(DEFAULT_CHANNEL_ID)!).push(user, [text('ส่งครั้งเดียว')], id!);
    expect(first.ok).toBe(true);

    await h.newSender().drain();

    const pushes = await h.requests('push');
    expect(pushes.map((r) => r.status)).toEqual([200, 409]);
    expect(await h.botTexts(user)).toEqual(['ส่งครั้งเดียว']);
    expect(await h.row(id!)).toMatchObject({ status: 'sent', sentVia: 'push', lineRequestId: pushes[0]!.requestId });
  });

  it('429 with Retry-After waits at least that long before trying again', async () => {
    const user = await h.createUser('ครูมานี');
    await h.fault({ path: 'push', status: 429, count: 1, retryAfterSeconds: 30 });
    const [id] = await h.enqueue({ toUserId: user, messages: [text('รอคิว')] });
    const sender = h.newSender({ backoff: () => 1000 });

    const before = h.now().getTime();
    await sender.drain();
    let row = await h.row(id!);
    expect(row.status).toBe('pending');
    expect(row.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(30_000);
    expect(row.lastError).toMatch(/^LINE 429/);

    h.advance(29_000);
    await sender.drain();
    expect(await h.requests('push')).toHaveLength(1);

    h.advance(2_000);
    await sender.drain();
    row = await h.row(id!);
    expect(row.status).toBe('sent');
    expect((await h.requests('push')).map((r) => r.status)).toEqual([429, 200]);
    expect(await h.botTexts(user)).toEqual(['รอคิว']);
  });

  it("a 400 is recorded as failed with LINE's message and request id, and the user's next message still goes", async () => {
    const user = await h.createUser('ครูปิติ');
    const [bad] = await h.enqueue({ toUserId: user, messages: [text('')] });
    const [good] = await h.enqueue({ toUserId: user, messages: [text('ข้อความถัดไป')] });

    await h.newSender().drain();

    const pushes = await h.requests('push');
    expect(pushes.map((r) => r.status)).toEqual([400, 200]);
    const failed = await h.row(bad!);
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/^LINE 400: .*"message"/);
    expect(failed.lineRequestId).toBe(pushes[0]!.requestId);
    expect(failed.attempts).toBe(1);
    expect((await h.row(good!)).status).toBe('sent');
    const warning = h.logs.find((l) => l.msg.includes('recorded as failed'));
    expect(warning).toMatchObject({ requestId: pushes[0]!.requestId, status: 400 });
    expect(JSON.stringify(h.logs)).not.toContain('ข้อความถัดไป');
  });

  it('after maxAttempts of 5xx the row is failed and logged at error level', async () => {
    const user = await h.createUser('ครูชูใจ');
    await h.fault({ path: 'push', status: 503, count: 10 });
    const [id] = await h.enqueue({ toUserId: user, messages: [text('ไม่ถึง')] });

    await h.newSender({ maxAttempts: 3 }).drain();

    expect(await h.requests('push')).toHaveLength(3);
    expect(await h.row(id!)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(h.logs.some((l) => l.level >= 50 && l.outboxId === id)).toBe(true);
    expect(await h.botTexts(user)).toEqual([]);
  });

  it("one user's rows go out in order, each waiting for the one before, while users go in parallel", async () => {
    const alice = await h.createUser('อลิส');
    const bob = await h.createUser('บ๊อบ');
    for (let i = 1; i <= 6; i += 1) {
      await h.enqueue({ toUserId: alice, messages: [text(`A${i}`)] });
      await h.enqueue({ toUserId: bob, messages: [text(`B${i}`)] });
    }
    // Failures scattered over the first attempts: a failed row must hold back its user's later rows.
    await h.fault({ path: 'push', status: 500, count: 3 });

    await h.newSender({ concurrency: 4 }).drain();

    expect(await h.botTexts(alice)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    expect(await h.botTexts(bob)).toEqual(['B1', 'B2', 'B3', 'B4', 'B5', 'B6']);
  });

  it('two senders sharing the database never send one row twice', async () => {
    const users = await Promise.all(['ก', 'ข', 'ค', 'ง'].map((n) => h.createUser(`ครู${n}`)));
    for (const user of users) for (let i = 1; i <= 3; i += 1) await h.enqueue({ toUserId: user, messages: [text(`${i}`)] });

    const senders = [h.newSender({ concurrency: 3 }), h.newSender({ concurrency: 3 })];
    await Promise.all(senders.map((s) => s.drain()));
    // A sender whose drain has returned still sends what a row marked by it lets go (it kicks itself): stopping
    // both waits for that too, so the count below is final.
    await Promise.all(senders.map((s) => s.stop()));

    const pushes = await h.requests('push');
    expect(pushes).toHaveLength(12);
    expect(pushes.every((r) => r.status === 200)).toBe(true);
    for (const user of users) expect(await h.botTexts(user)).toEqual(['1', '2', '3']);
  });
});

/** Waits (up to ~5 s) until `check` holds; the sender runs on its own, without `drain`. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 250 && !(await check()); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('outbox sender: waking without a poll', () => {
  it("claims a user's next row as soon as the one before it is marked sent, not at the next poll", async () => {
    const alice = await h.createUser('อลิส');
    for (let i = 1; i <= 3; i += 1) await h.enqueue({ toUserId: alice, messages: [text(`A${i}`)] });
    const sender = h.newSender({ pollMs: 60_000 }); // no poll within the test
    sender.start();
    try {
      await until(async () => (await h.botTexts(alice)).length === 3);
      expect(await h.botTexts(alice)).toEqual(['A1', 'A2', 'A3']);
    } finally {
      await sender.stop();
    }
  });

  it('does not claim again after each finished send when nothing waits behind it', async () => {
    const users = await Promise.all(['ก', 'ข', 'ค', 'ง'].map((n) => h.createUser(`ครู${n}`)));
    for (const user of users) await h.enqueue({ toUserId: user, messages: [text('สวัสดีค่ะ')] });
    const pool = h.database.pool as unknown as { query: (...args: unknown[]) => unknown };
    const query = pool.query;
    const claims: string[] = [];
    // A spy on this pool object: every statement still runs.
    pool.query = function (this: unknown, ...args: unknown[]) {
      const sqlText = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text ?? '';
      if (/with due as/.test(sqlText)) claims.push(sqlText);
      return query.apply(this, args);
    };
    const sender = h.newSender({ pollMs: 60_000, concurrency: 8 });
    try {
      sender.start();
      await until(async () => (await h.requests('push')).length === 4);
      await new Promise((resolve) => setTimeout(resolve, 200)); // time for any claim a finished send would start
    } finally {
      await sender.stop();
      pool.query = query;
    }
    expect(await h.requests('push')).toHaveLength(4);
    // One claim at start took all four; stop() makes one more to find nothing left. None after each send.
    expect(claims).toHaveLength(2);
  });
});

describe('outbox sender: replies', () => {
  it('a reply within the deadline is free and uses the token once', async () => {
    const user = await h.createUser('ครูวีระ');
    const event = await h.userSays(user, 'สวัสดี');
    const messages = Array.from({ length: 7 }, (_, i) => text(`ข้อ ${i + 1}`));
    const ids = await h.enqueue({
      toUserId: user,
      messages,
      replyToken: event.replyToken!,
      replyDeadline: new Date(event.timestamp + REPLY_WINDOW_MS),
      sourceEventId: event.webhookEventId,
    });

    await h.newSender().drain();

    const replies = await h.requests('reply');
    expect(replies.map((r) => r.status)).toEqual([200]);
    expect((await h.requests('push')).map((r) => r.status)).toEqual([200]);
    const bot = (await h.conversation(user)).filter((e) => e.direction === 'bot');
    expect(bot.map((e) => e.via)).toEqual([...Array(5).fill('reply'), 'push', 'push']);
    expect(bot.map((e) => e.message.text)).toEqual(messages.map((m) => (m as { text: string }).text));
    expect(await h.row(ids[0]!)).toMatchObject({ status: 'sent', sentVia: 'reply' });
    expect(await h.row(ids[1]!)).toMatchObject({ status: 'sent', sentVia: 'push' });
  });

  it('a second batch for an event whose token is already taken pushes instead', async () => {
    const user = await h.createUser('ครูดารา');
    const event = await h.userSays(user, 'ช่วยด้วย');
    await h.database.db.insert(inboxEvents).values({
      webhookEventId: event.webhookEventId,
      channelId: DEFAULT_CHANNEL_ID,
      officeId: DEFAULT_OFFICE_ID,
      chatKey: user,
      eventType: 'message',
      mode: 'active',
      eventTimestamp: new Date(event.timestamp),
      payload: event,
    });
    const fresh = {
      toUserId: user,
      replyToken: event.replyToken!,
      replyDeadline: new Date(event.timestamp + REPLY_WINDOW_MS),
      sourceEventId: event.webhookEventId,
    };
    const [first] = await h.enqueue({ ...fresh, messages: [text('หนึ่ง')] });
    const [second] = await h.enqueue({ ...fresh, messages: [text('สอง')] });

    await h.newSender().drain();

    expect((await h.requests('reply')).map((r) => r.status)).toEqual([200]);
    expect(await h.row(first!)).toMatchObject({ sentVia: 'reply', status: 'sent' });
    expect(await h.row(second!)).toMatchObject({ sentVia: 'push', status: 'sent', replyToken: null });
    expect(await h.botTexts(user)).toEqual(['หนึ่ง', 'สอง']);
  });

  it('a reply after the deadline goes as a push without trying the token', async () => {
    const user = await h.createUser('ครูสุดา');
    const event = await h.userSays(user, 'สวัสดี');
    const [id] = await h.enqueue({
      toUserId: user,
      messages: [text('ตอบช้า')],
      replyToken: event.replyToken!,
      replyDeadline: new Date(event.timestamp + REPLY_WINDOW_MS),
    });
    h.advance(REPLY_WINDOW_MS + 1_000);

    await h.newSender().drain();

    expect(await h.requests('reply')).toEqual([]);
    const pushes = await h.requests('push');
    expect(pushes).toMatchObject([{ status: 200, retryKey: id }]);
    expect(await h.row(id!)).toMatchObject({ status: 'sent', sentVia: 'push' });
    expect(await h.botTexts(user)).toEqual(['ตอบช้า']);
  });

  it('a reply token LINE refuses (expired there) falls back to a push', async () => {
    const user = await h.createUser('ครูนภา');
    const event = await h.userSays(user, 'สวัสดี');
    const [id] = await h.enqueue({
      toUserId: user,
      messages: [text('ส่งแทน')],
      replyToken: event.replyToken!,
      // Our deadline is still open, but LINE's minute is over: LINE has the last word.
      replyDeadline: new Date(event.timestamp + 10 * 60_000),
    });
    h.advance(61_000);

    await h.newSender().drain();

    expect((await h.requests('reply')).map((r) => r.status)).toEqual([400]);
    expect((await h.requests('push')).map((r) => r.status)).toEqual([200]);
    expect(await h.row(id!)).toMatchObject({ status: 'sent', sentVia: 'push', attempts: 1 });
    expect(await h.botTexts(user)).toEqual(['ส่งแทน']);
  });

  it('a reply that meets a 500 is tried again with the token while it is fresh', async () => {
    const user = await h.createUser('ครูอารี');
    const event = await h.userSays(user, 'สวัสดี');
    await h.fault({ path: 'reply', status: 500, count: 1 });
    const [id] = await h.enqueue({
      toUserId: user,
      messages: [text('ตอบฟรี')],
      replyToken: event.replyToken!,
      replyDeadline: new Date(event.timestamp + REPLY_WINDOW_MS),
    });

    await h.newSender().drain();

    expect((await h.requests('reply')).map((r) => r.status)).toEqual([500, 200]);
    expect(await h.requests('push')).toEqual([]);
    expect(await h.row(id!)).toMatchObject({ status: 'sent', sentVia: 'reply', attempts: 2 });
  });

  it('stop() sends what is due before it returns', async () => {
    const user = await h.createUser('ครูปรีชา');
    const sender = h.newSender();
    sender.start();
    await h.enqueue({ toUserId: user, messages: [text('ก่อนปิด')] });
    await sender.stop();
    expect(await h.botTexts(user)).toEqual(['ก่อนปิด']);
  });
});

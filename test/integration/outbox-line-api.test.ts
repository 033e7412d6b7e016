import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import express from 'express';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { DEFAULT_CHANNEL_ID, type LineChannel } from '../../src/line/channels.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import pg from 'pg';
import { HOLDER_LOCK_CLASS } from '../../src/db/repos/outbox.ts';
import { createHarness, text, type Harness } from './outbox-harness.ts';

let h: Harness;
let channel: LineChannel;

beforeAll(async () => {
  h = await createHarness();
  channel = h.channels.get(DEFAULT_CHANNEL_ID)!;
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.reset();
});

describe('LINE API adapter', () => {
  it('reaches a LINE API served under a path prefix, as the emulator is at /emulator in the service', async () => {
    const app = express();
    app.use('/emulator', h.emulator.router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/emulator`;
      const api = createLineApi({ ...channel, apiBaseUrl: base, dataApiBaseUrl: base });
      const user = await h.createUser('ครูเส้นทาง');
      const result = await api.push(user, [text('ถึงไหม')], crypto.randomUUID());
      expect(result).toMatchObject({ ok: true });
      expect(await h.botTexts(user)).toEqual(['ถึงไหม']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reads a profile, shows the loading animation and downloads what a user sent', async () => {
    const api = createLineApi(channel);
    const user = await h.createUser('ครูโปรไฟล์');
    expect(await api.getProfile(user)).toMatchObject({ ok: true, value: { userId: user, displayName: 'ครูโปรไฟล์' } });
    expect(await api.showLoading(user, 7)).toMatchObject({ ok: true });

    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const sent = z
      .object({ messageId: z.string() })
      .parse(await h.control('POST', `/users/${user}/messages`, { type: 'image', contentBase64: bytes.toString('base64'), contentType: 'image/png' }));
    const content = await api.getContent(sent.messageId);
    expect(content.ok).toBe(true);
    if (content.ok) {
      expect(content.value.data.equals(bytes)).toBe(true);
      expect(content.value.contentType).toMatch(/^image\/png/);
    }
  });

  it("returns LINE's status, body, request id and Retry-After instead of throwing", async () => {
    const api = createLineApi(channel);
    await h.fault({ path: 'push', status: 429, count: 1, retryAfterSeconds: 7 });
    const result = await api.push('U' + '0'.repeat(32), [text('x')], crypto.randomUUID());
    expect(result).toMatchObject({ ok: false, status: 429, retryAfterMs: 7000, uncertain: false });
    if (!result.ok) {
      expect(JSON.parse(result.body)).toHaveProperty('message');
      expect(result.requestId).toEqual(expect.any(String));
    }
    expect(await api.getProfile('U' + 'f'.repeat(32))).toMatchObject({ ok: false, status: 404 });
  });

  it('reports a server that cannot be reached as status 0, known not sent', async () => {
    const probe = express().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve)); // nothing listens there now
    const api = createLineApi({ ...channel, apiBaseUrl: `http://127.0.0.1:${port}` });
    expect(await api.reply('token', [text('x')])).toMatchObject({ ok: false, status: 0, uncertain: false });
  });
});

describe('outbox sender: an interrupted reply (its earlier attempt\'s outcome never recorded)', () => {
  async function interruptedReply(user: string, textOf: string, timestamp?: number) {
    const event = await h.userSays(user, 'สวัสดี');
    const [id] = await h.enqueue({
      toUserId: user,
      messages: [text(textOf)],
      replyToken: event.replyToken!,
      replyDeadline: new Date((timestamp ?? event.timestamp) + 50_000),
    });
    // As a sender leaves it when it dies after starting the reply: claimed for a reply, lease over.
    await h.database.db.execute(sql`update outbox_messages set sent_via = 'reply', attempts = 1 where id = ${id!}`);
    return { id: id!, event };
  }

  it('is tried again with its token while it is valid, and arrives once', async () => {
    const user = await h.createUser('ครูค้างยังไม่ถึง');
    const { id } = await interruptedReply(user, 'ยังไม่ถึง');
    await h.newSender().drain();
    expect(await h.botTexts(user)).toEqual(['ยังไม่ถึง']);
    expect(await h.requests('push')).toEqual([]);
    expect(await h.row(id)).toMatchObject({ status: 'sent', sentVia: 'reply' });
  });

  it('is recorded as sent when LINE refuses its token as used: the earlier attempt delivered it; never pushed', async () => {
    const user = await h.createUser('ครูค้างถึงแล้ว');
    const { id, event } = await interruptedReply(user, 'ถึงแล้ว');
    // The earlier attempt reached LINE before its sender died.
    expect(await createLineApi(channel).reply(event.replyToken!, [text('ถึงแล้ว')])).toMatchObject({ ok: true });
    await h.newSender().drain();
    expect(await h.botTexts(user)).toEqual(['ถึงแล้ว']);
    expect(await h.requests('push')).toEqual([]);
    expect(await h.row(id)).toMatchObject({ status: 'sent', sentVia: 'reply' });
  });

  it('past its token\'s deadline is recorded as failed, not sent again by reply or push', async () => {
    const user = await h.createUser('ครูค้างหมดเวลา');
    const { id } = await interruptedReply(user, 'อาจถึงแล้ว', Date.now() - 60_000);
    await h.newSender().drain();
    expect(await h.requests('reply')).toEqual([]);
    expect(await h.requests('push')).toEqual([]);
    const row = await h.row(id);
    expect(row).toMatchObject({ status: 'failed', sentVia: 'reply' });
    expect(row.lastError).toMatch(/outcome unknown/);
    expect(h.logs.some((l) => l.level >= 50 && l.outboxId === id)).toBe(true);
  });

  it('refused to a sender whose row another sender took over and sent meanwhile is left to that one, not pushed', async () => {
    const user = await h.createUser('ครูสองผู้ส่ง');
    const event = await h.userSays(user, 'สวัสดี');
    await h.enqueue({ toUserId: user, messages: [text('ครั้งเดียว')], replyToken: event.replyToken!, replyDeadline: new Date(event.timestamp + 50_000), sourceEventId: event.webhookEventId });
    // Sender A claims the reply; its call to LINE is held at a gate.
    let entered!: () => void;
    const atGate = new Promise<void>((resolve) => (entered = resolve));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const a = h.newSender({
      lineApiFor: (c) => {
        const api = createLineApi(c);
        return { ...api, reply: async (token, messages) => (entered(), await gate, api.reply(token, messages)) };
      },
    });
    const aDone = a.drain();
    await atGate;
    // A's holder session ends while the process lives (terminated, a network cut): its lock is free …
    const killer = new pg.Client({ connectionString: h.database.url });
    await killer.connect();
    const terminated = await killer.query(
      `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and classid = $1 and objid = $2 and objsubid = 2`,
      [HOLDER_LOCK_CLASS, a.holder],
    );
    await killer.end();
    expect(terminated.rowCount).toBe(1);
    // … so sender B takes the row back and replies with the token.
    const b = h.newSender();
    await b.drain();
    expect(await h.botTexts(user)).toEqual(['ครั้งเดียว']);
    // A's call reaches LINE now: the token is used. A must not push what B delivered.
    open();
    await aDone;
    await a.stop();
    await b.stop();
    expect(await h.botTexts(user)).toEqual(['ครั้งเดียว']);
    expect(await h.requests('push')).toEqual([]);
    expect((await h.requests('reply')).map((r) => r.status)).toEqual([200, 400]);
  });

  it('held by a sender whose process died is taken back at once, not after its lease, and the rows behind it go as replies', async () => {
    const user = await h.createUser('ครูคนถัดไป');
    // A sender process (its holder lock on its own session) claimed the first reply for two minutes …
    const dead = new pg.Client({ connectionString: h.database.url });
    await dead.connect();
    await dead.query('select pg_advisory_lock($1, $2)', [HOLDER_LOCK_CLASS, 424_242]);
    const { id } = await interruptedReply(user, 'ข้อความแรก');
    await h.database.db.execute(sql`update outbox_messages set claimed_by = 424242, next_attempt_at = now() + interval '2 minutes' where id = ${id}`);
    // … and the same user's next messages wait behind it, each with its own fresh token.
    for (const [i, said] of ['ข้อความสอง', 'ข้อความสาม'].entries()) {
      const event = await h.userSays(user, `ต่อ ${i}`);
      await h.enqueue({ toUserId: user, messages: [text(said)], replyToken: event.replyToken!, replyDeadline: new Date(event.timestamp + 50_000), sourceEventId: event.webhookEventId });
    }
    const sender = h.newSender();
    await sender.drain();
    // While that process lives, its row (and what waits behind it) is left alone.
    expect(await h.botTexts(user)).toEqual([]);

    await dead.end(); // the process dies: its session, and its holder lock, go with it
    await sender.drain();
    await sender.stop();
    expect(await h.botTexts(user)).toEqual(['ข้อความแรก', 'ข้อความสอง', 'ข้อความสาม']);
    expect(await h.requests('push')).toEqual([]);
    expect((await h.requests('reply')).map((r) => r.status)).toEqual([200, 200, 200]);
  });
});

describe('outbox sender: its own claims whose bookkeeping was lost', () => {
  // The dispatcher claims a reply for its sender in the event's commit and hands it over when the commit answers. A
  // session terminated at that moment commits without answering: the row is the live sender's, which no other sender
  // may take, and which the sender does not know it has.
  it('a row claimed for the sender a while ago that it is not sending goes at its next poll, not after the lease', async () => {
    const user = await h.createUser('ครูคำตอบหาย');
    const [id] = await h.enqueue({ toUserId: user, messages: [text('ถึงแล้วค่ะ')] });
    const sender = h.newSender({ leaseMs: 120_000, orphanGraceMs: 10_000 });
    const claimedAt = new Date(h.now().getTime() - 20_000);
    await h.database.db.execute(
      sql`update outbox_messages set claimed_by = ${sender.holder}, attempts = 1, next_attempt_at = ${new Date(claimedAt.getTime() + 120_000)} where id = ${id!}`,
    );
    await sender.drain();
    await sender.stop();
    expect(await h.botTexts(user)).toEqual(['ถึงแล้วค่ะ']);
    expect((await h.row(id!)).status).toBe('sent');
  });

  it('a row claimed for the sender just now is left for the hand-over that is on its way', async () => {
    const user = await h.createUser('ครูกำลังส่งมอบ');
    const [id] = await h.enqueue({ toUserId: user, messages: [text('รอส่งมอบ')] });
    const sender = h.newSender({ leaseMs: 120_000, orphanGraceMs: 10_000 });
    await h.database.db.execute(
      sql`update outbox_messages set claimed_by = ${sender.holder}, attempts = 1, next_attempt_at = ${new Date(h.now().getTime() - 1000 + 120_000)} where id = ${id!}`,
    );
    await sender.drain();
    await sender.stop();
    expect(await h.botTexts(user)).toEqual([]);
    expect((await h.row(id!)).status).toBe('pending');
  });
});

describe('outbox sender: an outcome written for a claim another sender has taken over', () => {
  // A's holder session was lost while its push was on its way; B took the row over (a later attempt) and sends it.
  // What LINE then answers A — a refusal, or an error to retry — is not the row's outcome any more.
  it.each([
    ['a refusal (400)', 400],
    ['an error to retry (500)', 500],
  ])('%s answered to the first sender leaves the row to the one that took it over', async (_label, status) => {
    const user = await h.createUser(`ครูผู้ส่งสองคน ${status}`);
    const [id] = await h.enqueue({ toUserId: user, messages: [text('ถึงครั้งเดียว')] });
    let entered!: () => void;
    const atGate = new Promise<void>((resolve) => (entered = resolve));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const a = h.newSender({
      lineApiFor: (c) => {
        const api = createLineApi(c);
        return { ...api, push: async (to, messages, retryKey) => (entered(), await gate, api.push(to, messages, retryKey)) };
      },
    });
    const aDone = a.drain();
    await atGate;
    // B's takeover, as its claim writes it: its own holder (alive: its lock held on a session), the next attempt, a
    // fresh lease.
    const b = new pg.Client({ connectionString: h.database.url });
    await b.connect();
    await b.query('select pg_advisory_lock($1, $2)', [HOLDER_LOCK_CLASS, 777_777]);
    await h.database.db.execute(sql`update outbox_messages set claimed_by = 777777, attempts = attempts + 1, next_attempt_at = now() + interval '2 minutes' where id = ${id!}`);
    await h.fault({ path: 'push', status, count: 1 });
    open();
    await aDone;
    await a.stop();
    await b.end();
    const row = await h.row(id!);
    expect(row).toMatchObject({ status: 'pending', claimedBy: 777777, attempts: 2 });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(h.now().getTime() + 60_000);
  });
});

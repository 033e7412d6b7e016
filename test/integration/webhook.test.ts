import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { insertOfficeChannel } from '../../src/db/repos/line-channels.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createLogger } from '../../src/logger.ts';
import { signBody } from '../../src/line/signature.ts';
import { inboxEvents } from '../../src/db/schema.ts';
import {
  followEvent,
  inboxRows,
  outboxRows,
  startInbound,
  textEvent,
  webhookBody,
  TEST_SECRET,
  type InboundHarness, lineUserId } from '../support/inbound.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

let h: InboundHarness;
const logLines: string[] = [];

beforeAll(async () => {
  h = await startInbound({ logger: createLogger('info', { write: (line: string) => void logLines.push(line) }) });
  await insertOfficeChannel(h.database.db, {
    id: 'office2',
    officeId: 'office2',
    officeName: 'สพม. ทดสอบ',
    channelSecret: 'office2-secret',
    channelAccessToken: 'token2',
  });
  await h.channels.refresh();
});
afterAll(async () => h.close());
beforeEach(async () => {
  await h.database.db.delete(inboxEvents);
});

describe('webhook', () => {
  it('stores a correctly signed event and answers 200', async () => {
    const event = textEvent(lineUserId('U-store'), 'สวัสดีค่ะ');
    const res = await h.post(webhookBody(event));
    expect(res.status).toBe(200);
    const rows = await inboxRows(h.database);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      webhookEventId: event.webhookEventId,
      channelId: 'default',
      officeId: 'default',
      chatKey: lineUserId('U-store'),
      eventType: 'message',
      mode: 'active',
      status: 'pending',
    });
    expect(rows[0]!.eventTimestamp.getTime()).toBe(event.timestamp);
  });

  it('answers 401 and stores nothing when the signature is wrong or missing, logging a warning without the body', async () => {
    logLines.length = 0;
    const body = webhookBody(textEvent(lineUserId('U-sig'), 'ข้อความลับ'));
    expect((await h.post(body, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await h.post(body, { signature: null })).status).toBe(401);
    expect((await h.post(body, { signature: 'garbage' })).status).toBe(401);
    expect(await inboxRows(h.database)).toHaveLength(0);
    const warnings = logLines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(warnings.filter((w) => w.msg === 'webhook signature rejected' && w.level === 40)).toHaveLength(3);
    expect(logLines.join('\n')).not.toContain('ข้อความลับ');
    expect(logLines.join('\n')).not.toContain(lineUserId('U-sig'));
  });

  it('verifies the signature on the exact bytes: re-serialised JSON of the same event is rejected', async () => {
    const raw = JSON.stringify(webhookBody(textEvent(lineUserId('U-bytes'), 'x')));
    const signature = signBody(TEST_SECRET, raw);
    expect((await h.post(JSON.stringify(JSON.parse(raw), null, 2), { signature })).status).toBe(401);
    expect((await h.post(raw, { signature })).status).toBe(200);
  });

  it('answers 400 and stores nothing for malformed JSON or a body that is not a LINE webhook', async () => {
    expect((await h.post('{"destination": "x", "events": [')).status).toBe(400);
    expect((await h.post({ hello: 'world' })).status).toBe(400);
    const noId = { ...textEvent(lineUserId('U-bad'), 'x'), webhookEventId: undefined };
    expect((await h.post(webhookBody(textEvent(lineUserId('U-ok'), 'fine'), noId))).status).toBe(400);
    expect(await inboxRows(h.database)).toHaveLength(0);
  });

  it('answers 400 and stores nothing for a timestamp no date can hold', async () => {
    const event = textEvent(lineUserId('U-far'), 'x', { timestamp: 8_640_000_000_000_001 });
    expect((await h.post(webhookBody(event))).status).toBe(400);
    expect(await inboxRows(h.database)).toHaveLength(0);
  });

  it('stores a signed event that carries U+0000, which PostgreSQL cannot keep, with U+FFFD in its place', async () => {
    const event = textEvent(lineUserId('U-nul'), 'ก\u0000ข', { webhookEventId: `01NUL${'0'.repeat(21)}` });
    const withNulKey = { ...textEvent(lineUserId('U-nul'), 'ค'), extra: { 'a\u0000b': 'ง\u0000' } };
    const res = await h.post(webhookBody(event, withNulKey));
    expect(res.status).toBe(200);
    const rows = await inboxRows(h.database);
    expect(rows).toHaveLength(2);
    expect((rows[0]!.payload as { message: { text: string } }).message.text).toBe('ก\uFFFDข');
    expect((rows[1]!.payload as { extra: Record<string, string> }).extra).toEqual({ 'a\uFFFDb': 'ง\uFFFD' });
  });

  describe('hostile signed bodies: stored when they can be, else 400 or 413, never a 5xx LINE would redeliver for ever', () => {
    it('stores lone UTF-16 surrogates as U+FFFD (PostgreSQL refuses them in jsonb)', async () => {
      // JSON.stringify writes a lone surrogate as its escape, as a hostile sender would.
      const event = textEvent(lineUserId('U-surrogate'), 'ก\ud83dข\udc00', { webhookEventId: `01SUR${'0'.repeat(21)}` });
      const res = await h.post(webhookBody(event, { ...textEvent(lineUserId('U-surrogate'), '😀'), extra: { '\ud800': 'x' } }));
      expect(res.status).toBe(200);
      const rows = await inboxRows(h.database);
      expect((rows[0]!.payload as { message: { text: string } }).message.text).toBe('ก\uFFFDข\uFFFD');
      expect((rows[1]!.payload as { message: { text: string }; extra: unknown }).message.text).toBe('😀');
      expect((rows[1]!.payload as { extra: unknown }).extra).toEqual({ '\uFFFD': 'x' });
    });

    it.each([
      ['a timestamp of 8.64e15', { timestamp: 8.64e15 }],
      ['a timestamp in year 10000', { timestamp: Date.UTC(10000, 0, 1) }],
      ['a user id of 300,000 characters', { source: { type: 'user', userId: `U${'a'.repeat(300_000)}` } }],
      ['a user id that is not U + 32 hex', { source: { type: 'user', userId: 'U-not-line' } }],
    ])('answers 400 to %s and stores nothing', async (_name, patch) => {
      const res = await h.post(webhookBody({ ...textEvent(lineUserId('U-hostile'), 'x'), ...patch }));
      expect(res.status).toBe(400);
      expect(await inboxRows(h.database)).toHaveLength(0);
    });

    it('answers 400 to a body nested 5,000 levels deep, and 413 to one over 1 MB, storing nothing', async () => {
      const deep = JSON.stringify(webhookBody({ ...textEvent(lineUserId('U-deep'), 'x'), extra: '<' })).replace('"<"', `${'['.repeat(5000)}${']'.repeat(5000)}`);
      expect((await h.post(deep)).status).toBe(400);
      const big = webhookBody(textEvent(lineUserId('U-big'), 'ก'.repeat(600_000)));
      expect((await h.post(big)).status).toBe(413);
      expect(await inboxRows(h.database)).toHaveLength(0);
    });
  });

  it('reads the body whatever its content type, even with none', async () => {
    const raw = JSON.stringify(webhookBody(textEvent(lineUserId('U-no-type'), 'x')));
    const res = await fetch(`${h.url}/webhook`, {
      method: 'POST',
      headers: { 'x-line-signature': signBody(TEST_SECRET, raw) },
      body: new Blob([raw]),
    });
    expect(res.status).toBe(200);
    expect(await inboxRows(h.database)).toHaveLength(1);
  });

  it('answers 200 to LINE\'s verify request with no events', async () => {
    expect((await h.post(webhookBody())).status).toBe(200);
  });

  it('stores a repeated or redelivered event once', async () => {
    const event = textEvent(lineUserId('U-dup'), 'ซ้ำ');
    expect((await h.post(webhookBody(event))).status).toBe(200);
    expect((await h.post(webhookBody(event))).status).toBe(200);
    const redelivery = { ...event, deliveryContext: { isRedelivery: true } };
    expect((await h.post(webhookBody(redelivery, textEvent(lineUserId('U-dup'), 'ใหม่')))).status).toBe(200);
    const rows = await inboxRows(h.database);
    expect(rows.map((r) => r.webhookEventId).filter((id) => id === event.webhookEventId)).toHaveLength(1);
    expect(rows).toHaveLength(2);
  });

  it('stores standby events as ignored and unknown event types as pending', async () => {
    const standby = textEvent(lineUserId('U-standby'), 'x', { mode: 'standby' });
    const unknown = { ...followEvent(lineUserId('U-new')), type: 'brandNewEvent' };
    expect((await h.post(webhookBody(standby, unknown))).status).toBe(200);
    const rows = await inboxRows(h.database);
    expect(rows.find((r) => r.webhookEventId === standby.webhookEventId)?.status).toBe('ignored');
    expect(rows.find((r) => r.webhookEventId === unknown.webhookEventId)).toMatchObject({ status: 'pending', eventType: 'brandNewEvent' });
  });

  it('serves other channels at /webhook/<id> with their own secret, and 404 for an unknown channel', async () => {
    const event = textEvent(lineUserId('U-office2'), 'x');
    expect((await h.post(webhookBody(event), { path: '/webhook/office2' })).status).toBe(401);
    expect((await h.post(webhookBody(event), { path: '/webhook/office2', secret: 'office2-secret' })).status).toBe(200);
    expect((await h.post(webhookBody(event), { path: '/webhook/nope' })).status).toBe(404);
    const rows = await inboxRows(h.database);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channelId: 'office2', officeId: 'office2' });
  });

  it('answers 503 while shutting down and stores nothing', async () => {
    h.accepting.value = false;
    try {
      expect((await h.post(webhookBody(textEvent(lineUserId('U-late'), 'x')))).status).toBe(503);
    } finally {
      h.accepting.value = true;
    }
    expect(await inboxRows(h.database)).toHaveLength(0);
  });

  it('wakes the dispatcher once events are stored', async () => {
    const before = h.stored.count;
    await h.post(webhookBody(textEvent(lineUserId('U-wake'), 'x')));
    expect(h.stored.count).toBe(before + 1);
  });
});

describe('webhook when the database is unreachable', () => {
  let d: InboundHarness;
  let proxy: TcpProxy;
  const downLog: string[] = [];

  beforeAll(async () => {
    d = await startInbound({
      logger: createLogger('info', { write: (line: string) => void downLog.push(line) }),
      webhookDatabase: async (database) => {
        proxy = await startTcpProxy(new URL(database.url));
        const url = new URL(database.url);
        url.host = `127.0.0.1:${proxy.port}`;
        return openDatabase({ databaseUrl: url.toString(), dataDir: '.', logger: createLogger('silent'), poolSize: 2 });
      },
    });
  });
  afterAll(async () => {
    await proxy.cut().catch(() => {});
    await d.close();
  });

  it('answers 503 (never 200) while the database is down, then stores and handles the redelivery', async () => {
    const event = textEvent(lineUserId('U-down'), 'สวัสดี');
    await proxy.cut();
    const down = await d.post(webhookBody(event));
    expect(down.status).toBe(503);
    expect(await inboxRows(d.database)).toHaveLength(0);
    expect(downLog.some((line) => line.includes('cannot store webhook events'))).toBe(true);
    // The failed statement's parameters hold the user's words and the reply token: never logged.
    expect(downLog.join('\n')).not.toContain('สวัสดี');
    expect(downLog.join('\n')).not.toContain(event.replyToken);

    await proxy.restore();
    const redelivery = { ...event, deliveryContext: { isRedelivery: true } };
    const up = await d.post(webhookBody(redelivery));
    expect(up.status).toBe(200);

    await d.dispatcher().drain();
    const rows = await inboxRows(d.database);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('done');
    const out = await outboxRows(d.database, lineUserId('U-down'));
    expect(out).toHaveLength(1);
    expect(out[0]!.sourceEventId).toBe(event.webhookEventId);
  });
});

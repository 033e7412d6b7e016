import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import express from 'express';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { DEFAULT_CHANNEL_ID, type LineChannel } from '../../src/line/channels.ts';
import { createLineApi } from '../../src/line/line-api.ts';
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

describe('outbox sender: an interrupted reply', () => {
  it('is recorded as failed, not sent again by reply or push', async () => {
    const user = await h.createUser('ครูค้าง');
    const event = await h.userSays(user, 'สวัสดี');
    const [id] = await h.enqueue({
      toUserId: user,
      messages: [text('อาจถึงแล้ว')],
      replyToken: event.replyToken!,
      replyDeadline: new Date(event.timestamp + 50_000),
    });
    // As a sender leaves it when it dies after starting the reply: claimed for a reply, lease over.
    await h.database.db.execute(sql`update outbox_messages set sent_via = 'reply', attempts = 1 where id = ${id!}`);

    await h.newSender().drain();

    expect(await h.requests('reply')).toEqual([]);
    expect(await h.requests('push')).toEqual([]);
    const row = await h.row(id!);
    expect(row).toMatchObject({ status: 'failed', sentVia: 'reply' });
    expect(row.lastError).toMatch(/outcome unknown/);
    expect(h.logs.some((l) => l.level >= 50 && l.outboxId === id)).toBe(true);
  });
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import express from 'express';
import type { Database } from '../../src/db/database.ts';
import { lineChannels } from '../../src/db/schema.ts';
import { createWebhookRouter } from '../../src/http/webhook.ts';
import { ChannelRegistry, UNKNOWN_RELOAD_MS, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { signBody } from '../../src/line/signature.ts';
import { insertOfficeChannel } from '../../src/db/repos/line-channels.ts';
import { createTestDatabase } from '../support/database.ts';
import { inboxRows, textEvent, webhookBody, lineUserId } from '../support/inbound.ts';

// The webhook's channel list is cached (no query per request); these tests hold its clock.
let database: Database;
let server: Server;
let url: string;
let clock = 1_000_000;
let channels: ChannelRegistry;

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 'default-secret', channelAccessToken: 't' });
  channels = new ChannelRegistry(database.db, { apiBaseUrl: 'http://127.0.0.1:9', dataApiBaseUrl: 'http://127.0.0.1:9', monthlyMessageBudget: 0 }, () => clock);
  await channels.refresh();
  const app = express();
  app.use(createWebhookRouter({ channels, database, logger: createLogger('silent'), onStored: () => {}, isAccepting: () => true }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await database.close();
});

function post(path: string, body: unknown, secret: string): Promise<Response> {
  const raw = JSON.stringify(body);
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signBody(secret, raw) },
    body: raw,
  });
}

describe('the webhook and channels added or changed while the service runs', () => {
  it('serves an office added while the service runs at its webhook path, reloading the list at most every few seconds', async () => {
    await insertOfficeChannel(database.db, { id: 'office3', officeId: 'office3', officeName: 'สพป. ทดสอบ 3', channelSecret: 'office3-secret', channelAccessToken: 't3' });

    // The list was loaded a moment ago: a made-up or new id does not make each request a query.
    clock += 1000;
    const early = textEvent(lineUserId('U-office3'), 'สวัสดีครับ');
    expect((await post('/webhook/office3', webhookBody(early), 'office3-secret')).status).toBe(404);

    clock += UNKNOWN_RELOAD_MS;
    const event = textEvent(lineUserId('U-office3'), 'สวัสดีครับ');
    expect((await post('/webhook/office3', webhookBody(event), 'office3-secret')).status).toBe(200);
    const rows = await inboxRows(database);
    expect(rows.filter((r) => r.channelId === 'office3')).toEqual([
      expect.objectContaining({ webhookEventId: event.webhookEventId, officeId: 'office3' }),
    ]);

    clock += UNKNOWN_RELOAD_MS;
    expect((await post('/webhook/no-such-office', webhookBody(textEvent(lineUserId('U-x'), 'x')), 'office3-secret')).status).toBe(404);
  });

  it('takes a channel secret reissued in the database without a restart, and refuses the old one', async () => {
    await database.db.update(lineChannels).set({ channelSecret: 'default-secret-2' }).where(eq(lineChannels.id, 'default'));
    clock += UNKNOWN_RELOAD_MS;

    const signedWithNew = textEvent(lineUserId('U-default'), 'ใหม่');
    expect((await post('/webhook', webhookBody(signedWithNew), 'default-secret-2')).status).toBe(200);
    const signedWithOld = textEvent(lineUserId('U-default'), 'เก่า');
    expect((await post('/webhook', webhookBody(signedWithOld), 'default-secret')).status).toBe(401);

    const ids = (await inboxRows(database)).map((r) => r.webhookEventId);
    expect(ids).toContain(signedWithNew.webhookEventId);
    expect(ids).not.toContain(signedWithOld.webhookEventId);
  });
});

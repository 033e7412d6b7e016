import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createEmulator, type Emulator, type EmulatorChannel } from '../../src/emulator/index.ts';
import { EMULATOR_STATE_FILE } from '../../src/emulator/persistence.ts';
import { createLogger } from '../../src/logger.ts';
import { bandsPng } from '../support/png.ts';

/** The emulator's world kept in a folder: what comes back after a restart, and what does not. */

const main: EmulatorChannel = { channelId: 'default', channelSecret: 'main-secret-0123456789', channelAccessToken: 'main-token-0123456789', webhookUrl: 'http://127.0.0.1:9/webhook' };
const other: EmulatorChannel = { channelId: 'office2', channelSecret: 'other-secret-0123456789', channelAccessToken: 'other-token-0123456789', webhookUrl: 'http://127.0.0.1:9/webhook/office2' };

let dir: string;
let running: Array<{ emulator: Emulator; close(): Promise<void> }> = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'esa-emulator-store-'));
});
afterEach(async () => {
  for (const r of running) await r.close();
  running = [];
  await rm(dir, { recursive: true, force: true });
});

/** An emulator on its own port keeping its world in `dir`; `stop` saves it and closes the port. */
async function start(channels: EmulatorChannel[]) {
  const emulator = createEmulator({ channels, logger: createLogger('silent'), persistDir: dir });
  const server = await emulator.listen(0);
  const call = async (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${route}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : Buffer.isBuffer(body) ? { 'content-type': 'image/png' } : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const handle = {
    emulator,
    url: server.url,
    call,
    bot: (channel: EmulatorChannel, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) =>
      call(method, route, body, { authorization: `Bearer ${channel.channelAccessToken}`, ...headers }),
    async close() {
      await emulator.close();
      await server.close();
    },
  };
  running.push(handle);
  return handle;
}

async function stop(handle: Awaited<ReturnType<typeof start>>) {
  running = running.filter((r) => r !== handle);
  await handle.close();
}

describe('the emulator kept in a folder', () => {
  it('gives another office’s channel its menus, links and users back once that channel is added again', async () => {
    const first = await start([main, other]);
    const { body: user } = await first.call('POST', '/api/users', { displayName: 'ครูเขตสอง', channelId: other.channelId });
    const userId = String(user.userId);
    const { body: menu } = await first.bot(other, 'POST', '/v2/bot/richmenu', {
      size: { width: 2500, height: 843 },
      selected: false,
      name: 'office2-menu',
      chatBarText: 'เมนู',
      areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'message', text: 'สวัสดี' } }],
    });
    const richMenuId = String(menu.richMenuId);
    const image = bandsPng(2500, 843, [[30, 78, 140]]);
    expect((await first.bot(other, 'POST', `/v2/bot/richmenu/${richMenuId}/content`, image)).status).toBe(200);
    expect((await first.bot(other, 'POST', `/v2/bot/user/${userId}/richmenu/${richMenuId}`)).status).toBe(200);
    const retryKey = randomUUID();
    expect((await first.bot(other, 'POST', '/v2/bot/message/push', { to: userId, messages: [{ type: 'text', text: 'ครั้งเดียว' }] }, { 'x-line-retry-key': retryKey })).status).toBe(200);
    await stop(first);

    // Started with the default channel only (another office's is added when the channel list is read).
    const second = await start([main]);
    expect((await second.call('GET', `/api/users/${userId}/richmenu`)).status).toBe(404);
    second.emulator.addChannel(other);
    const shown = await second.call('GET', `/api/users/${userId}/richmenu`);
    expect(shown.body.richMenu).toMatchObject({ richMenuId });
    const bytes = await fetch(`${second.url}/api/richmenus/${richMenuId}/image`);
    expect(Buffer.from(await bytes.arrayBuffer()).equals(image)).toBe(true);
    // The push is in the conversation once; sent again with its retry key it is LINE's 409, not a second message.
    const again = await second.bot(other, 'POST', '/v2/bot/message/push', { to: userId, messages: [{ type: 'text', text: 'ครั้งเดียว' }] }, { 'x-line-retry-key': retryKey });
    expect(again.status).toBe(409);
    const { body } = await second.call('GET', `/api/users/${userId}/conversation`);
    expect((body.entries as Array<{ message: { text: string } }>).map((e) => e.message.text)).toEqual(['ครั้งเดียว']);
  });

  it('a reset is kept too, and the bytes nobody refers to any more are removed', async () => {
    const first = await start([main]);
    const { body: user } = await first.call('POST', '/api/users', { displayName: 'ครูส่งรูป' });
    const picture = bandsPng(40, 30, [[200, 30, 30]]);
    await first.call('POST', `/api/users/${String(user.userId)}/messages`, { type: 'image', contentBase64: picture.toString('base64'), contentType: 'image/png' });
    await stop(first);
    expect(await readdir(path.join(dir, 'blobs'))).toHaveLength(1);

    const second = await start([main]);
    expect(((await second.call('GET', '/api/users')).body.users as unknown[]).length).toBe(1);
    await second.call('POST', '/api/reset');
    await stop(second);
    expect(await readdir(path.join(dir, 'blobs'))).toHaveLength(0);
    const third = await start([main]);
    expect((await third.call('GET', '/api/users')).body.users).toEqual([]);
  });

  it('an unreadable state file is set aside: the emulator starts empty and keeps working', async () => {
    await writeFile(path.join(dir, EMULATOR_STATE_FILE), '{"version": 1, "users": [tr');
    const emulator = await start([main]);
    expect((await emulator.call('GET', '/api/users')).body.users).toEqual([]);
    expect((await emulator.call('POST', '/api/users', { displayName: 'ครูใหม่' })).status).toBe(201);
    await stop(emulator);
    // Kept beside the new state for whoever wants to look at it, not overwritten.
    const names = await readdir(dir);
    expect(names.filter((n) => n.startsWith(`${EMULATOR_STATE_FILE}.unreadable-`))).toHaveLength(1);
    expect(names).toContain(EMULATOR_STATE_FILE);
  });
});

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { createTestDatabase } from '../support/database.ts';
import { eventually, freePort, standingEmulator, startReplica, startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { emulatorClient } from '../support/service.ts';

/**
 * Two replicas (real processes) on one database; one is killed (SIGKILL) while its reply to a user is on its way to
 * LINE. Once, that reply kept its two-minute lease, the user's next messages waited behind it until their reply
 * tokens expired, and they went out as billable pushes (issue 16, failure 3). Here the other replica takes the row
 * back at once (the dead process's holder lock went with its session), sends it with its own token, and the
 * messages behind it follow as replies. Counts, bounded well inside the lease; no latencies.
 */
const SECRET = 'replicas-killed-reply-secret-00001';
const TOKEN = 'replicas-killed-reply-access-token-00001';
/** Far less than the sender's two-minute lease, and inside a reply token's 50 s. */
const BOUND_MS = 30_000;

/** LINE for one replica: passes every call to the emulator, except replies while `hold` is on, never answered. */
interface LineProxy {
  url: string;
  hold: boolean;
  held: ServerResponse[];
  close(): Promise<void>;
}

function startLineProxy(target: string): Promise<LineProxy> {
  const proxy: LineProxy = { url: '', hold: true, held: [], close: async () => {} };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (proxy.hold && req.method === 'POST' && req.url?.endsWith('/v2/bot/message/reply')) {
      req.resume();
      proxy.held.push(res);
      return;
    }
    const upstream = request(new URL(req.url!, target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      proxy.close = () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        });
      resolve(proxy);
    }),
  );
}

/** Two service processes starting (or stopping) on a loaded 2-core machine; the counts below have their own bounds. */
const STARTUP_MS = 180_000;
const TEST_MS = 180_000;

describe('a replica killed while its reply is on its way to LINE', () => {
  let database: Database;
  let lineEmulator: Awaited<ReturnType<typeof standingEmulator>>['emulator'];
  let emulatorListener: { url: string; close(): Promise<void> };
  const proxies: LineProxy[] = [];
  const replicas: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ emulator: lineEmulator, listener: emulatorListener } = await standingEmulator({ secret: SECRET, token: TOKEN }, 'http://127.0.0.1:9/webhook'));
    for (const name of ['a', 'b']) {
      const proxy = await startLineProxy(emulatorListener.url);
      proxies.push(proxy);
      replicas.push(
        await startReplica({ name, databaseUrl: database.url, lineApiBaseUrl: proxy.url, channel: { secret: SECRET, token: TOKEN }, logLevel: 'warn' }),
      );
    }
  }, STARTUP_MS);

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    for (const proxy of proxies) await proxy.close();
    await emulatorListener?.close();
    await database?.close();
  }, STARTUP_MS);

  it('has the other replica send it at once with its token, and the user\'s next messages go as replies behind it', async () => {
    const emulator = emulatorClient(new URL('/api', emulatorListener.url).toString());
    const { userId } = await emulator.createUser('ครูรอคำตอบ');
    const outbox = async () =>
      (
        await database.pool.query<{ status: string; sent_via: string | null; n: number }>(
          `select status, sent_via, jsonb_array_length(messages)::int as n from outbox_messages where to_user_id = $1 order by seq`,
          [userId],
        )
      ).rows;

    // The first message's answer is claimed by one replica's sender and held on its way to LINE.
    lineEmulator.setWebhookUrl('default', `${replicas[0]!.url}/webhook`);
    expect((await emulator.sendText(userId, 'สวัสดีครับ')).status).toBe(200);
    const victimIndex = await eventually(async () => proxies.findIndex((p) => p.held.length > 0), (i) => i >= 0, BOUND_MS, 50);
    const [victim, survivor] = [replicas[victimIndex]!, replicas[1 - victimIndex]!];
    proxies[1 - victimIndex]!.hold = false;

    // The same user goes on talking, to the other replica: those answers wait behind the held one, in order.
    lineEmulator.setWebhookUrl('default', `${survivor.url}/webhook`);
    for (const text of ['ขอสอบถามหน่อยครับ', 'ยังอยู่ไหมครับ']) expect((await emulator.sendText(userId, text)).status).toBe(200);
    await eventually(outbox, (rows) => rows.length === 3, BOUND_MS, 100);
    await new Promise((r) => setTimeout(r, 1500)); // more than a poll of the survivor's sender
    expect((await emulator.conversation(userId)).entries.filter((e) => e.direction === 'bot')).toEqual([]);

    // The replica holding the reply dies mid-call; LINE never received it.
    victim.child.kill('SIGKILL');
    await eventually(async () => victim.child.signalCode, (signal) => signal === 'SIGKILL', BOUND_MS, 50);
    for (const proxy of proxies) proxy.hold = false;
    for (const res of proxies[victimIndex]!.held) res.destroy();

    const sent = await eventually(outbox, (rows) => rows.every((r) => r.status === 'sent'), BOUND_MS, 200);
    // All three went as replies with their own tokens: nothing pushed, nothing failed, each answer once.
    expect(sent.map((r) => r.sent_via)).toEqual(['reply', 'reply', 'reply']);
    const requests = (await emulator.call<{ requests: Array<{ path: string; status: number }> }>('GET', '/requests')).requests;
    expect(requests.filter((r) => r.path === '/v2/bot/message/push')).toEqual([]);
    expect(requests.filter((r) => r.path === '/v2/bot/message/reply').map((r) => r.status)).toEqual([200, 200, 200]);
    const expected = sent.reduce((sum, r) => sum + r.n, 0);
    const { entries } = await emulator.conversation(userId, { waitMs: 2000, minEntries: 3 + expected });
    expect(entries.filter((e) => e.direction === 'bot')).toHaveLength(expected);

    expect(survivor.child.exitCode).toBeNull();
    expect(survivor.child.signalCode).toBeNull();
    expect((await fetch(`${survivor.url}/readyz`)).status).toBe(200);
  }, TEST_MS);
});

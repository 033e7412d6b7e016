import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { buildTestEvent, buildWebhookBody, randomUserId, webhookHeaders } from '../../scripts/send-test-event.ts';
import { openEmbeddedServer, type EmbeddedServer } from '../../src/db/embedded-server.ts';
import { LOCAL_CREDENTIALS_FILE } from '../../src/line/local-credentials.ts';
import { createLogger } from '../../src/logger.ts';
import { eventually, freePort, startServiceProcess, type ServiceProcess } from '../support/processes.ts';

/**
 * No database error ends the process. The service (a real process) runs on a PostgreSQL server of this test's own
 * (an embedded one, so the test can stop it), under a steady load of signed events: its sessions are terminated from
 * another session (`pg_terminate_backend`), then the server is stopped for a few seconds and started again. Meanwhile
 * the webhook answers 503 (never 200 for what it could not store), /readyz says the database is down, and afterwards
 * everything resumes: every event LINE delivered (redelivering after a 503, as LINE does) is handled. Counts and
 * bounds, no latencies.
 */
describe('the service while its database goes away under load', () => {
  let dataDir: string;
  let serviceData: string;
  let server: EmbeddedServer;
  let port: number;
  let service: ServiceProcess;
  let secret: string;
  const logger = createLogger('silent');

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-outage-db-'));
    serviceData = await mkdtemp(path.join(tmpdir(), 'esa-line-outage-service-'));
    port = await freePort();
    server = await openEmbeddedServer({ dataDir, logger, role: 'service', port });
    service = await startServiceProcess(await freePort(), { DATABASE_URL: server.url(), DATA_DIR: serviceData, LOG_LEVEL: 'warn' });
    secret = (JSON.parse(await readFile(path.join(serviceData, LOCAL_CREDENTIALS_FILE), 'utf8')) as { channelSecret: string }).channelSecret;
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await server?.release();
    await rm(dataDir, { recursive: true, force: true });
    await rm(serviceData, { recursive: true, force: true });
    // A process's graceful stop and its server's: over 60 s on a loaded machine (CI's second run once).
  }, 120_000);

  const statusCounts = new Map<number, number>();
  const acknowledged = new Set<string>();

  /** Posts one event until it is acknowledged (LINE redelivers after a 5xx or no answer), for at most `ms`. */
  async function deliver(userId: string, text: string, ms = 60_000): Promise<void> {
    const event = buildTestEvent({ type: 'message', userId, text });
    const body = buildWebhookBody([event]);
    const deadline = Date.now() + ms;
    for (;;) {
      const status = await fetch(`${service.url}/webhook`, { method: 'POST', headers: webhookHeaders(secret, body), body }).then((r) => r.status, () => 0);
      statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
      if (status === 200) break;
      expect([0, 503]).toContain(status);
      if (Date.now() > deadline) throw new Error(`event not acknowledged in ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    acknowledged.add(String(event.webhookEventId));
  }

  /** A steady stream from `users` chats until `stop` resolves. */
  async function load(users: number, stop: Promise<void>): Promise<void> {
    let stopped = false;
    void stop.then(() => (stopped = true));
    await Promise.all(
      Array.from({ length: users }, async () => {
        const userId = randomUserId();
        for (let i = 0; !stopped; i++) {
          await deliver(userId, `ข้อความ ${i}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      }),
    );
  }

  async function handled(): Promise<number> {
    const client = new pg.Client({ connectionString: server.url() });
    await client.connect();
    try {
      const ids = [...acknowledged];
      const result = await client.query<{ n: number }>(`select count(*)::int as n from inbox_events where status = 'done' and webhook_event_id = any($1)`, [ids]);
      return result.rows[0]!.n;
    } finally {
      await client.end();
    }
  }

  it('survives its sessions being terminated from another session, losing nothing', async () => {
    let finish!: () => void;
    const running = load(6, new Promise<void>((resolve) => (finish = resolve)));
    const killer = new pg.Client({ connectionString: server.url() });
    await killer.connect();
    let terminated = 0;
    for (let round = 0; round < 5; round++) {
      await new Promise((r) => setTimeout(r, 400));
      const result = await killer.query(`select pg_terminate_backend(pid) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`);
      terminated += result.rowCount ?? 0;
    }
    await killer.end();
    await new Promise((r) => setTimeout(r, 500));
    finish();
    await running;
    expect(terminated).toBeGreaterThan(0);
    expect(service.child.exitCode).toBeNull();
    await eventually(handled, (n) => n === acknowledged.size, 30_000, 200);
    expect(service.output()).not.toMatch(/Unhandled 'error' event|uncaught/i);
  });

  it('answers 503 while the server is stopped, says so in /readyz, and resumes when it is back', async () => {
    const before = acknowledged.size;
    let finish!: () => void;
    const running = load(4, new Promise<void>((resolve) => (finish = resolve)));
    await new Promise((r) => setTimeout(r, 500));
    await server.release(); // the server stops (fast shutdown), as in a PostgreSQL restart
    const readyWhileDown = await fetch(`${service.url}/readyz`);
    expect(readyWhileDown.status).toBe(503);
    expect(await readyWhileDown.json()).toMatchObject({ database: false });
    await new Promise((r) => setTimeout(r, 3000));
    expect(service.child.exitCode).toBeNull();
    server = await openEmbeddedServer({ dataDir, logger, role: 'service', port });
    await eventually(() => fetch(`${service.url}/readyz`).then((r) => r.status), (status) => status === 200, 30_000, 200);
    await new Promise((r) => setTimeout(r, 500));
    finish();
    await running;
    expect(acknowledged.size).toBeGreaterThan(before);
    expect(statusCounts.get(503) ?? 0).toBeGreaterThan(0);
    await eventually(handled, (n) => n === acknowledged.size, 30_000, 200);
    expect(service.child.exitCode).toBeNull();
  });
});

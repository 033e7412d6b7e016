import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { startBalancer, type Balancer } from '../support/balancer.ts';
import { createTestDatabase } from '../support/database.ts';
import { deliverText, expectEachEventAnsweredOnce, retried } from '../support/line-traffic.ts';
import { eventually, freePort, standingEmulator, startReplica, startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { emulatorClient } from '../support/service.ts';

/**
 * Two replicas (real processes) on one database behind a balancer, under load, while every session they hold on it —
 * pool connections in use and idle, the scheduler's LISTEN session, each outbox sender's holder-lock session — is
 * terminated from another session (`pg_terminate_backend`), several times. A client out of the pool without an
 * 'error' listener once ended the process (issue 16, failure 1); and a sender whose holder session ends while it is
 * sending has its rows taken back by the other replica, which must not make LINE receive anything twice. Counts,
 * bounded in time: both processes alive, every acknowledged event answered once, nothing lost.
 */
const SECRET = 'replicas-terminated-secret-000001';
const TOKEN = 'replicas-terminated-access-token-000001';
const USERS = 8;
const MESSAGES_PER_USER = 8;
const ROUNDS = 4;

/** Two service processes starting (or stopping) on a loaded 2-core machine; the counts below have their own bounds. */
const STARTUP_MS = 180_000;
const TEST_MS = 180_000;

describe('two replicas while their database sessions are terminated under load', () => {
  let database: Database;
  let emulatorListener: { url: string; close(): Promise<void> };
  let balancer: Balancer;
  const replicas: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    balancer = await startBalancer(() => replicas.map((r) => r.url));
    emulatorListener = (await standingEmulator({ secret: SECRET, token: TOKEN }, `${balancer.url}/webhook`)).listener;
    for (const name of ['a', 'b']) {
      replicas.push(
        await startReplica({ name, databaseUrl: database.url, lineApiBaseUrl: emulatorListener.url, channel: { secret: SECRET, token: TOKEN }, logLevel: 'warn' }),
      );
    }
  }, STARTUP_MS);

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await balancer?.close();
    await emulatorListener?.close();
    await database?.close();
  }, STARTUP_MS);

  it('keeps both processes up and answers every acknowledged event once', async () => {
    const emulator = emulatorClient(new URL('/api', emulatorListener.url).toString());
    // Connected before the load: a busy shared server may have no connection to spare later.
    const killer = new pg.Client({ connectionString: database.url });
    await killer.connect();
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => retried(() => emulator.createUser(`ครูตัดสาย ${i + 1}`))));
    const delivered = new Set<string>();
    let sent = 0;
    const load = Promise.all(
      users.map(async ({ userId }) => {
        for (let m = 0; m < MESSAGES_PER_USER; m++) {
          delivered.add(await deliverText(emulator, userId, `ข้อความ ${m + 1}`));
          sent++;
        }
      }),
    );

    // Once a quarter of the load is acknowledged: every other session on this test's database (only this one: the
    // server may be shared), terminated a few times while the load goes on.
    await eventually(async () => sent, (n) => n >= (USERS * MESSAGES_PER_USER) / 4, 60_000, 10);
    const terminatedPids = new Set<number>();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // The terminate in the select list: it runs only on the rows the where clause kept.
        const result = await killer.query<{ pid: number; terminated: boolean }>(
          `select pid, pg_terminate_backend(pid) as terminated from pg_stat_activity
           where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
        );
        for (const { pid, terminated } of result.rows) if (terminated) terminatedPids.add(pid);
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      await killer.end();
    }
    await load;
    expect(terminatedPids.size).toBeGreaterThan(ROUNDS);
    expect(delivered.size).toBe(USERS * MESSAGES_PER_USER);

    try {
      await expectEachEventAnsweredOnce(database, emulator, users.map((u) => u.userId), delivered);
    } catch (err) {
      // What the replicas logged (warnings and errors) is what tells why a row stayed pending.
      const logs = replicas.map((r, i) => `--- replica ${i}: ---\n${r.output().split('\n').slice(-40).join('\n')}`).join('\n');
      throw new Error(`${(err as Error).message}\n${logs}`);
    }

    for (const replica of replicas) {
      expect(replica.child.exitCode).toBeNull();
      expect(replica.child.signalCode).toBeNull();
      expect(replica.output()).not.toMatch(/Unhandled 'error' event|uncaught/i);
      await eventually(() => fetch(`${replica.url}/readyz`).then((r) => r.status), (status) => status === 200, 30_000, 200);
    }
  }, TEST_MS);
});

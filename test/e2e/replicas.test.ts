import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { startBalancer } from '../support/balancer.ts';
import { createTestDatabase } from '../support/database.ts';
import { eventually, freePort, standingEmulator, startReplica, startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { deliverText, expectEachEventAnsweredOnce, retried } from '../support/line-traffic.ts';
import { emulatorClient } from '../support/service.ts';

/**
 * Two replicas of the service (real processes, `src/main.ts`) on one database — the run's PostgreSQL: DATABASE_URL's
 * server, or the embedded server the test run started — behind a round-robin load balancer, under load; one is
 * killed (SIGKILL) mid-load. Every event LINE delivered is handled once and answered once, the survivor stays up, and
 * the dead replica's claimed work is taken over within seconds. Counts, bounded in time; no latencies.
 */
const SECRET = 'replicas-test-channel-secret-00001';
const TOKEN = 'replicas-test-channel-access-token-00001';
const USERS = 12;
const MESSAGES_PER_USER = 10;

describe('two replicas of the service on one database', () => {
  let database: Database;
  let emulatorListener: { url: string; close(): Promise<void> };
  let balancer: { url: string; close(): Promise<void> };
  const replicas: ServiceProcess[] = [];
  const alive = new Set<string>();

  beforeAll(async () => {
    database = await createTestDatabase();
    balancer = await startBalancer(() => [...alive]);
    emulatorListener = (await standingEmulator({ secret: SECRET, token: TOKEN }, `${balancer.url}/webhook`)).listener;
    for (const name of ['a', 'b']) {
      const replica = await startReplica({ name, databaseUrl: database.url, lineApiBaseUrl: emulatorListener.url, channel: { secret: SECRET, token: TOKEN }, logLevel: 'warn' });
      replicas.push(replica);
      alive.add(replica.url);
    }
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await balancer?.close();
    await emulatorListener?.close();
    await database?.close();
  });

  it('handles and answers every event once while one replica is killed mid-load, and the other stays up', async () => {
    const emulator = emulatorClient(new URL('/api', emulatorListener.url).toString());
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => retried(() => emulator.createUser(`ครูโหลด ${i + 1}`))));
    const delivered = new Set<string>();

    /** Sends one text as LINE would, redelivering (as LINE does) while the webhook does not answer 200. */
    async function send(userId: string, text: string): Promise<void> {
      delivered.add(await deliverText(emulator, userId, text));
    }

    const [victim, survivor] = replicas as [ServiceProcess, ServiceProcess];
    let sent = 0;
    const load = Promise.all(
      users.map(async ({ userId }) => {
        for (let m = 0; m < MESSAGES_PER_USER; m++) {
          await send(userId, `ข้อความ ${m + 1}`);
          sent++;
        }
      }),
    );
    // Mid-load: a third of the messages acknowledged, the victim is killed outright.
    await eventually(async () => sent, (n) => n >= (USERS * MESSAGES_PER_USER) / 3, 60_000, 10);
    alive.delete(victim.url);
    victim.child.kill('SIGKILL');
    await load;
    expect(delivered.size).toBe(USERS * MESSAGES_PER_USER);

    // Everything the victim took is handled by the survivor within seconds: events done, answers sent.
    await expectEachEventAnsweredOnce(database, emulator, users.map((u) => u.userId), delivered);

    // The survivor is alive and ready.
    expect(survivor.child.exitCode).toBeNull();
    expect((await fetch(`${survivor.url}/readyz`)).status).toBe(200);
  });
});

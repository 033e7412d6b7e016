import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { JOBS_TABLE } from '../../src/jobs/index.ts';
import { createTestDatabase } from '../support/database.ts';
import { eventually, freePort, standingEmulator, startReplica, startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { emulatorClient } from '../support/service.ts';

/**
 * Two replicas of the service (real processes) on one database; a scheduled job fails in one of them. Agenda tells
 * the other replica of that failure as a notification without a job, which once ended that process (issue 16,
 * failure 2). Here the minute's `rich-menu:reconcile` is made due at once while LINE (the emulator) answers its first
 * call, the alias list, with a body the SDK cannot read, so the run throws. Counts, bounded in time: the job ran
 * once, both processes are alive, and each still handles a webhook event once.
 */
const SECRET = 'replicas-job-failure-secret-000001';
const TOKEN = 'replicas-job-failure-access-token-000001';
const JOB = 'rich-menu:reconcile';

interface LogLine {
  msg: string;
  job?: string;
}

function logLines(replica: ServiceProcess): LogLine[] {
  return replica
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Two service processes starting (or stopping) on a loaded 2-core machine; the counts below have their own bounds. */
const STARTUP_MS = 180_000;
const TEST_MS = 180_000;

describe('a scheduled job failing in one of two replicas on one database', () => {
  let database: Database;
  let lineEmulator: Awaited<ReturnType<typeof standingEmulator>>['emulator'];
  let emulatorListener: { url: string; close(): Promise<void> };
  const replicas: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ emulator: lineEmulator, listener: emulatorListener } = await standingEmulator({ secret: SECRET, token: TOKEN }, 'http://127.0.0.1:9/webhook'));
    for (const name of ['a', 'b']) {
      replicas.push(
        await startReplica({ name, databaseUrl: database.url, lineApiBaseUrl: emulatorListener.url, channel: { secret: SECRET, token: TOKEN }, logLevel: 'debug' }),
      );
    }
  }, STARTUP_MS);

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await emulatorListener?.close();
    await database?.close();
  }, STARTUP_MS);

  it('runs the job once, both replicas stay up, and each still handles an event once', async () => {
    const emulator = emulatorClient(new URL('/api', emulatorListener.url).toString());
    const aliasLists = async () =>
      (await emulator.call<{ requests: unknown[] }>('GET', '/requests?path=/v2/bot/richmenu/alias/list')).requests.length;
    const listsBefore = await aliasLists();

    // LINE's next answer, whatever the call, is a 200 without the alias list: reading it throws in the job.
    await emulator.call('POST', '/faults', { path: '*', status: 200, count: 1, body: {} });
    const due = await database.pool.query(`update ${JOBS_TABLE} set next_run_at = now() where name = $1`, [JOB]);
    expect(due.rowCount).toBe(1);

    const failedIn = await eventually(
      async () => replicas.findIndex((r) => logLines(r).some((l) => l.msg === 'job failed' && l.job === JOB)),
      (index) => index >= 0,
      30_000,
      200,
    );
    const other = replicas[1 - failedIn]!;
    // The other replica received the failure from the database's notifications, without a job (or died of it).
    const heard = await eventually(
      async () => ({
        heard: logLines(other).some((l) => l.msg === 'a job failed in another process' && l.job === JOB),
        exited: other.child.exitCode ?? other.child.signalCode,
      }),
      (state) => state.heard || state.exited !== null,
      30_000,
      200,
    );
    expect(heard).toEqual({ heard: true, exited: null });
    // Longer than a few polls of the scheduler (every 2 s): a second run of this occurrence would have happened.
    await new Promise((r) => setTimeout(r, 5000));

    const failures = replicas.flatMap((r) => logLines(r).filter((l) => l.msg === 'job failed' && l.job === JOB));
    expect(failures).toHaveLength(1);
    // One run of the job is one alias list asked of LINE (one channel).
    expect((await aliasLists()) - listsBefore).toBe(1);
    for (const replica of replicas) {
      expect(replica.child.exitCode).toBeNull();
      expect(replica.child.signalCode).toBeNull();
      expect(logLines(replica).filter((l) => l.msg === 'unhandled request error')).toEqual([]);
    }

    // Each replica still handles an event from LINE, once.
    for (const [index, replica] of replicas.entries()) {
      lineEmulator.setWebhookUrl('default', `${replica.url}/webhook`);
      const { userId } = await emulator.createUser(`ครูหลังงานล้ม ${index + 1}`);
      const { webhookEventId, status } = await emulator.sendText(userId, 'สวัสดีครับ');
      expect(status).toBe(200);
      const handled = await eventually(
        async () =>
          (
            await database.pool.query<{ status: string }>(`select status from inbox_events where webhook_event_id = $1`, [webhookEventId])
          ).rows.map((r) => r.status),
        (statuses) => statuses.length === 1 && statuses[0] === 'done',
        30_000,
        200,
      );
      expect(handled).toEqual(['done']);
      const answers = await eventually(
        async () =>
          (
            await database.pool.query<{ status: string; n: number }>(
              `select status, jsonb_array_length(messages)::int as n from outbox_messages where source_event_id = $1`,
              [webhookEventId],
            )
          ).rows,
        (rows) => rows.length > 0 && rows.every((r) => r.status === 'sent'),
        30_000,
        200,
      );
      expect(answers).toHaveLength(1);
      const { entries } = await emulator.conversation(userId, { waitMs: 2000, minEntries: 1 + answers[0]!.n });
      expect(entries.filter((e) => e.direction === 'bot')).toHaveLength(answers[0]!.n);
    }
    for (const replica of replicas) expect((await fetch(`${replica.url}/readyz`)).status).toBe(200);
  }, TEST_MS);
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import type { Database } from '../../src/db/database.ts';
import { createScheduler, defineJob, type Scheduler } from '../../src/jobs/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { eventually } from '../support/processes.ts';

/**
 * Two schedulers on one database, as two replicas of the service run them. Agenda tells every process of a job that
 * failed in another (a state notification without a job): hearing it must not end the process, and the job runs
 * once per occurrence in one of them.
 */
describe('a job failing in one of two schedulers on one database', () => {
  let database: Database;
  const schedulers: Scheduler[] = [];
  const runs: string[] = [];
  const lines: Array<{ msg: string; instance: number }> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const instance of [1, 2]) {
      const failing = defineJob({
        name: 'test:always-fails',
        schema: z.object({ id: z.string() }),
        maxRetries: 0,
        async handler(data) {
          runs.push(`${instance}:${data.id}`);
          throw new Error('the job broke');
        },
      });
      const logger = createLogger('debug', { write: (line: string) => void lines.push({ msg: (JSON.parse(line) as { msg: string }).msg, instance }) });
      const scheduler = createScheduler({ database, logger, jobs: [failing], processEveryMs: 200, lockLifetimeMs: 2000 });
      await scheduler.start();
      schedulers.push(scheduler);
    }
  });
  afterAll(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
    await database.close();
  });

  it('runs it once, logs the failure where it ran, and the other scheduler hears of it and keeps running', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => void uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      await schedulers[0]!.schedule('test:always-fails', { id: 'x' }, { at: new Date(), uniqueKey: 'fails:x' });
      const failedIn = await eventually(
        async () => lines.find((l) => l.msg === 'job failed')?.instance,
        (instance) => instance !== undefined,
        15_000,
      );
      // The other scheduler received the failure as a notification without a job.
      await eventually(async () => lines.filter((l) => l.msg === 'a job failed in another process').map((l) => l.instance), (heard) => heard.includes(3 - failedIn!), 15_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(uncaught).toEqual([]);
      expect(runs).toEqual([`${failedIn}:x`]);
      expect(schedulers.map((s) => s.isRunning())).toEqual([true, true]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

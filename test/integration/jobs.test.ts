import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../src/db/database.ts';
import { inboxEvents, lineChannels, offices, outboxMessages } from '../../src/db/schema.ts';
import {
  builtInJobs,
  createScheduler,
  defineJob,
  JobDataError,
  JOBS_TABLE,
  type Scheduler,
} from '../../src/jobs/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';

const logger = createLogger('silent');
const USER = `U${'a'.repeat(32)}`;

/** Resolves when `predicate` holds, polling the database; the test's own timeout bounds it. */
async function eventually<T>(probe: () => Promise<T>, predicate: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('scheduler against the real database', () => {
  let database: Database;
  let scheduler: Scheduler;
  const runs: Array<{ id: string; runKey: string }> = [];

  const recordJob = defineJob({
    name: 'test:record',
    schema: z.object({ id: z.string().min(1) }),
    async handler(data, ctx) {
      runs.push({ id: data.id, runKey: ctx.runKey });
    },
  });

  beforeAll(async () => {
    database = await createTestDatabase(logger);
    await database.db.insert(offices).values({ id: 'office-1', name: 'สพป. ทดสอบ' });
    await database.db
      .insert(lineChannels)
      .values({ id: 'default', officeId: 'office-1', channelSecret: 's', channelAccessToken: 't' });
    scheduler = createScheduler({ database, logger, jobs: [recordJob, ...builtInJobs], processEveryMs: 200, lockLifetimeMs: 2000 });
    await scheduler.start();
  });

  afterAll(async () => {
    await scheduler?.stop();
    await database?.close();
  });

  it('runs a scheduled job once its time has come, with its unique key as the run key', async () => {
    const result = await scheduler.schedule('test:record', { id: 'first' }, {
      at: new Date(Date.now() + 300),
      uniqueKey: 'record:first',
    });
    expect(result.scheduled).toBe(true);
    await eventually(async () => runs.filter((r) => r.id === 'first'), (r) => r.length > 0);
    expect(runs.filter((r) => r.id === 'first')).toEqual([{ id: 'first', runKey: 'record:first' }]);
    expect(scheduler.isRunning()).toBe(true);
  });

  it('never schedules the same unique key twice, even after the job ran', async () => {
    const at = new Date(Date.now() + 60_000);
    const [a, b] = await Promise.all([
      scheduler.schedule('test:record', { id: 'dup' }, { at, uniqueKey: 'loan:42:due' }),
      scheduler.schedule('test:record', { id: 'dup' }, { at, uniqueKey: 'loan:42:due' }),
    ]);
    expect([a.scheduled, b.scheduled].sort()).toEqual([false, true]);
    expect(a.jobId).toBe(b.jobId);
    const again = await scheduler.schedule('test:record', { id: 'first' }, { at, uniqueKey: 'record:first' });
    expect(again.scheduled).toBe(false);
    const count = await database.pool.query(`select count(*)::int as n from ${JOBS_TABLE} where data->>'key' = $1`, [
      'loan:42:due',
    ]);
    expect(count.rows[0].n).toBe(1);
  });

  it('cancels a job that has not run yet by its unique key', async () => {
    await scheduler.schedule('test:record', { id: 'later' }, { at: new Date(Date.now() + 60_000), uniqueKey: 'k:later' });
    expect(await scheduler.cancel('test:record', 'k:later')).toBe(1);
    expect(await scheduler.cancel('test:record', 'k:later')).toBe(0);
  });

  it('rejects data that does not fit the schema when scheduling', async () => {
    await expect(scheduler.schedule('test:record', { id: 7 }, { at: new Date() })).rejects.toThrow(JobDataError);
    await expect(scheduler.schedule('no:such-job', {}, { at: new Date() })).rejects.toThrow('unknown job');
  });

  it('fails a stored job whose data no longer fits, without retrying it or running the handler', async () => {
    // Stored as an older version of the code might have: the schema has since changed.
    const inserted = await database.pool.query<{ id: string }>(
      `insert into ${JOBS_TABLE} (name, priority, next_run_at, type, data) values ($1, 0, now(), 'normal', $2) returning id`,
      ['test:record', JSON.stringify({ key: 'bad:1', payload: { id: 123 } })],
    );
    const id = inserted.rows[0]!.id;
    const row = await eventually(
      async () =>
        (
          await database.pool.query<{ fail_reason: string | null; fail_count: number | null; next_run_at: Date | null }>(
            `select fail_reason, fail_count, next_run_at from ${JOBS_TABLE} where id = $1`,
            [id],
          )
        ).rows[0]!,
      (r) => r.fail_reason !== null,
    );
    expect(row.fail_reason).toContain('invalid data');
    expect(row.fail_reason).toContain('id');
    expect(row.fail_count).toBe(1);
    expect(row.next_run_at).toBeNull();
    expect(runs.some((r) => r.id === (123 as unknown as string))).toBe(false);
  });

  it('purges handled inbox events and sent outbox rows older than the cut-off, and only those', async () => {
    const old = new Date('2020-01-01T00:00:00Z');
    const base = {
      channelId: 'default',
      officeId: 'office-1',
      chatKey: USER,
      eventType: 'message',
      mode: 'active',
      eventTimestamp: old,
      payload: {},
    };
    await database.db.insert(inboxEvents).values([
      { ...base, webhookEventId: 'old-done', status: 'done', receivedAt: old },
      { ...base, webhookEventId: 'old-parked', status: 'parked', receivedAt: old },
      { ...base, webhookEventId: 'new-done', status: 'done' },
    ]);
    const out = { channelId: 'default', officeId: 'office-1', toUserId: USER, messages: [] };
    await database.db.insert(outboxMessages).values([
      { ...out, status: 'sent', createdAt: old, sourceEventId: 'old-sent' },
      { ...out, status: 'failed', createdAt: old, sourceEventId: 'old-failed' },
      { ...out, status: 'sent', sourceEventId: 'new-sent' },
    ]);
    await scheduler.runHandlerForTest('foundation:purge', { olderThanDays: 90 });
    await scheduler.runHandlerForTest('foundation:purge', { olderThanDays: 90 });
    const inbox = await database.db.select({ id: inboxEvents.webhookEventId }).from(inboxEvents);
    expect(inbox.map((r) => r.id).sort()).toEqual(['new-done', 'old-parked']);
    const outbox = await database.db.select({ id: outboxMessages.sourceEventId }).from(outboxMessages);
    expect(outbox.map((r) => r.id).sort()).toEqual(['new-sent', 'old-failed']);
    await expect(scheduler.runHandlerForTest('foundation:purge', { olderThanDays: 7 })).rejects.toThrow(JobDataError);
  });

  it('registers the daily purge once as a recurring job', async () => {
    const jobs = await database.pool.query(`select type, repeat_interval from ${JOBS_TABLE} where name = $1`, [
      'foundation:purge',
    ]);
    expect(jobs.rows).toEqual([{ type: 'single', repeat_interval: '30 3 * * *' }]);
  });

  it('enqueues a notification through the outbox once per run key, however often the job runs', async () => {
    const data = { channelId: 'default', officeId: 'office-1', userId: USER, text: 'ถึงกำหนดคืนอุปกรณ์พรุ่งนี้ค่ะ' };
    await scheduler.runHandlerForTest('line:notify-user', data, 'loan:9:due');
    await scheduler.runHandlerForTest('line:notify-user', data, 'loan:9:due');
    const rows = await database.db
      .select({ messages: outboxMessages.messages, status: outboxMessages.status })
      .from(outboxMessages)
      .where(eq(outboxMessages.sourceEventId, 'job:loan:9:due'));
    expect(rows).toEqual([{ messages: [{ type: 'text', text: data.text }], status: 'pending' }]);
  });
});

describe('a scheduler whose recurring jobs are run by hand (a test that drives the clock)', () => {
  it('registers none of them on its own schedule, and runs them when asked', async () => {
    const database = await createTestDatabase(logger);
    const runs: string[] = [];
    const everyMinute = defineJob({
      name: 'test:every-minute',
      schema: z.object({}),
      every: { interval: '* * * * *', data: {} },
      async handler() {
        runs.push('ran');
      },
    });
    const scheduler = createScheduler({ database, logger, jobs: [everyMinute], processEveryMs: 200, lockLifetimeMs: 2000, recurring: false });
    try {
      await scheduler.start();
      const stored = await database.pool.query(`select name from ${JOBS_TABLE} where name = $1`, ['test:every-minute']);
      expect(stored.rows).toEqual([]);
      const result = await scheduler.runRecurringNow();
      expect(result.ran).toEqual(['test:every-minute']);
      expect(runs).toEqual(['ran']);
    } finally {
      await scheduler.stop();
      await database.close();
    }
  });
});

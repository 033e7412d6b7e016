import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../src/db/database.ts';
import { createScheduler, defineJob, JOBS_TABLE, type Scheduler } from '../../src/jobs/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { eventually } from '../support/processes.ts';

/**
 * Graceful shutdown of the scheduler (SIGTERM): `stop` takes no new job and waits for the handlers that are
 * running, so their effects are committed before the database closes.
 */
const logger = createLogger('silent');

/** A gate a handler waits at until the test opens it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('scheduler shutdown', () => {
  let database: Database;
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof gate>>();
  const startedSignal = new Map<string, () => void>();
  const schedulers: Scheduler[] = [];

  /** Records that it started, waits at its gate, then writes its effect in a transaction. */
  const slowJob = defineJob({
    name: 'test:slow-effect',
    schema: z.object({ id: z.string().min(1) }),
    async handler(data, ctx) {
      started.push(data.id);
      startedSignal.get(data.id)?.();
      await gates.get(data.id)?.opened;
      await ctx.database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into scheduler_test_effects (id) values (${data.id})`);
      });
    },
  });

  function newScheduler(options: { drainTimeoutMs?: number } = {}): Scheduler {
    const scheduler = createScheduler({ database, logger, jobs: [slowJob], processEveryMs: 100, lockLifetimeMs: 2000, ...options });
    schedulers.push(scheduler);
    return scheduler;
  }

  function whenStarted(id: string): Promise<void> {
    return new Promise((resolve) => startedSignal.set(id, resolve));
  }

  async function effects(): Promise<string[]> {
    const result = await database.pool.query<{ id: string }>('select id from scheduler_test_effects order by id');
    return result.rows.map((r) => r.id);
  }

  async function jobRow(id: string) {
    const result = await database.pool.query<{ last_run_at: Date | null; last_finished_at: Date | null; locked_at: Date | null }>(
      `select last_run_at, last_finished_at, locked_at from ${JOBS_TABLE} where data->'payload'->>'id' = $1`,
      [id],
    );
    return result.rows[0];
  }

  beforeAll(async () => {
    database = await createTestDatabase(logger);
    await database.pool.query('create table scheduler_test_effects (id text primary key)');
  });
  afterEach(async () => {
    for (const g of gates.values()) g.open();
    for (const s of schedulers.splice(0)) await s.stop();
    await database.pool.query(`delete from ${JOBS_TABLE} where name = 'test:slow-effect'`);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('stop waits for a job handler in progress to finish, and its effect is committed when stop returns', async () => {
    const scheduler = newScheduler();
    await scheduler.start();
    // Agenda records the run (finished, unlocked) after the handler returns; this makes that write take a
    // moment, as it may on a busy server, so a stop that returns before it is seen.
    await database.pool.query(`
      create or replace function scheduler_test_slow_record() returns trigger language plpgsql as $$
      begin
        if new.last_finished_at is not null and old.last_finished_at is null then perform pg_sleep(0.3); end if;
        return new;
      end $$`);
    await database.pool.query(`
      create or replace trigger scheduler_test_slow_record before update on ${JOBS_TABLE}
      for each row when (new.data->'payload'->>'id' = 'in-progress') execute function scheduler_test_slow_record()`);
    const g = gate();
    gates.set('in-progress', g);
    const running = whenStarted('in-progress');
    await scheduler.schedule('test:slow-effect', { id: 'in-progress' }, { at: new Date() });
    await running;

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    expect(scheduler.isRunning()).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    // Still waiting for the handler, which has written nothing yet.
    expect(stopped).toBe(false);
    expect(await effects()).not.toContain('in-progress');

    g.open();
    await stopping;
    // The run is recorded as finished, so no other instance runs it again once its lock would expire.
    const row = await jobRow('in-progress');
    expect(row?.last_finished_at).toBeInstanceOf(Date);
    expect(row?.locked_at).toBeNull();
    expect(await effects()).toContain('in-progress');
  });

  it('starts no job after stop: a job that falls due later stays stored, unlocked, for the next instance', async () => {
    const scheduler = newScheduler();
    await scheduler.start();
    await scheduler.schedule('test:slow-effect', { id: 'after-stop' }, { at: new Date(Date.now() + 300) });
    await scheduler.stop();

    await new Promise((r) => setTimeout(r, 1000)); // the job is due for 700 ms, several polls' worth
    expect(started).not.toContain('after-stop');
    expect(await jobRow('after-stop')).toEqual({ last_run_at: null, last_finished_at: null, locked_at: null });

    // The next instance (a restarted service) takes it.
    const next = newScheduler();
    await next.start();
    await eventually(effects, (ids) => ids.includes('after-stop'), 10_000);
  });

  it('gives up waiting after the drain timeout when a handler hangs', async () => {
    const scheduler = newScheduler({ drainTimeoutMs: 300 });
    await scheduler.start();
    const g = gate();
    gates.set('hanging', g);
    const running = whenStarted('hanging');
    await scheduler.schedule('test:slow-effect', { id: 'hanging' }, { at: new Date() });
    await running;

    const begun = Date.now();
    await scheduler.stop();
    const waited = Date.now() - begun;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(5000);
    expect(await effects()).not.toContain('hanging');
    g.open();
    await eventually(effects, (ids) => ids.includes('hanging'));
  });
});

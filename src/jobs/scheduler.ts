import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, backoffStrategies, type AgendaBackend, type Job } from 'agenda';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { JOBS_TABLE, cancelUnstartedJob, ensureJobsUniqueKeyIndex, findJobIdByKey, isUniqueViolation } from '../db/repos/scheduled-jobs.ts';
import type { Logger } from '../logger.ts';
import { JobDataError, parseJobData, type JobDefinition } from './registry.ts';

export { JOBS_TABLE };

/**
 * What is stored as an agenda job's data: the unique key sits beside the payload so that the database can
 * enforce it (agenda's own `unique` is a select-then-insert, which two concurrent callers can both pass).
 */
const envelopeSchema = z.object({ key: z.string().nullable(), payload: z.unknown() });

export interface ScheduleOptions {
  at: Date;
  /** e.g. `loan:<id>:due`: a job with the same name and key is never scheduled twice, even after it ran. */
  uniqueKey?: string;
}

export interface ScheduleResult {
  /** False when a job with this name and unique key already existed: nothing was changed. */
  scheduled: boolean;
  jobId: string;
}

export interface SchedulerOptions {
  database: Database;
  logger: Logger;
  jobs: JobDefinition[];
  /** How often to look for due jobs (ms). LISTEN/NOTIFY wakes it sooner on a server database. */
  processEveryMs?: number;
  /**
   * A run longer than this is presumed dead and may be taken over (ms, default 5 min). Agenda keeps a
   * timer of half this per run after the run ends, holding the process open that long: tests use ~2 s.
   */
  lockLifetimeMs?: number;
  /** How long `stop` waits for running jobs (ms). */
  drainTimeoutMs?: number;
  now?: () => Date;
  /**
   * Whether recurring jobs run on their own schedule (default true). Tests that drive the service's clock by hand
   * turn it off: a sweep firing at a wall-clock minute in the middle of a test, at the test's clock, would send
   * what the test did not ask for (a reminder, a monthly report). `runRecurringNow` and scheduled one-off jobs
   * work either way.
   */
  recurring?: boolean;
}

export interface Scheduler {
  /** Connects (creating agenda's table if needed), registers recurring jobs and starts processing. */
  start(): Promise<void>;
  /** Stops taking jobs and waits for running ones (up to the drain timeout). The pool stays open. */
  stop(): Promise<void>;
  isRunning(): boolean;
  /** Validates the data against the job's schema (throws JobDataError) and stores the job. */
  schedule(name: string, data: unknown, options: ScheduleOptions): Promise<ScheduleResult>;
  /** Removes a not yet run job by its unique key (e.g. a loan returned early); returns how many were removed. */
  cancel(name: string, uniqueKey: string): Promise<number>;
  /** The data check and handler as a scheduled run does them, without agenda (tests). */
  runHandlerForTest(name: string, data: unknown, runKey?: string): Promise<void>;
  /**
   * Runs every recurring job once now, one after another, with the clock's time (after the service clock was
   * moved): which ran, and which failed (logged). Agenda's own schedule goes on as before.
   */
  runRecurringNow(): Promise<{ ran: string[]; failed: string[] }>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { database, logger } = options;
  const log = logger.child({ component: 'scheduler' });
  const now = options.now ?? (() => new Date());
  const definitions = new Map<string, JobDefinition>();
  for (const job of options.jobs) {
    if (definitions.has(job.name)) throw new Error(`job ${job.name} is defined twice`);
    definitions.set(job.name, job);
  }
  let agendaPromise: Promise<Agenda> | undefined;
  let running = false;
  /**
   * Runs in progress, awaited by `stop`: each from its handler's start until agenda has recorded the run's
   * outcome (finished, unlocked, or its retry), which agenda does after the handler returns. Stopping at the
   * handler's return would let the database close under that write, leaving the job locked to run again.
   */
  const active = new Set<Promise<void>>();
  const recording = new Map<Job, () => void>();

  function definitionOf(name: string): JobDefinition {
    const definition = definitions.get(name);
    if (!definition) throw new Error(`unknown job ${name}`);
    return definition;
  }

  async function runHandler(definition: JobDefinition, raw: unknown, runKey: string, jobId?: string) {
    const jobLogger = log.child({ job: definition.name, jobId: jobId ?? runKey });
    const data = parseJobData(definition, raw);
    await definition.handler(data, { database, logger: jobLogger, now: now(), runKey });
  }

  async function connect(): Promise<Agenda> {
    const postgres = new PostgresBackend({
      pool: database.pool,
      tableName: JOBS_TABLE,
    });
    // The LISTEN connection's channel emits 'error' when the database goes away, and nobody else listens: an
    // unheard 'error' event would end the process. It reconnects by itself (every 100 ms while the database is
    // down, each attempt another error), and due jobs are still found by polling meanwhile: say so once.
    const notifications = postgres.notificationChannel;
    if (notifications) {
      let lost = false;
      notifications.on('error', (err: Error) => {
        if (lost) return;
        lost = true;
        log.warn({ err: err.message }, 'scheduler notifications lost; due jobs are still found by polling');
      });
      notifications.on('stateChange', (state) => {
        if (state !== 'connected' || !lost) return;
        lost = false;
        log.info('scheduler notifications reconnected');
      });
    }
    // Connected here rather than by agenda's constructor, which does not handle a failed connection.
    await postgres.connect();
    await ensureJobsUniqueKeyIndex(database);
    const backend: AgendaBackend = {
      name: postgres.name,
      repository: postgres.repository,
      notificationChannel: postgres.notificationChannel,
      logger: postgres.logger,
      ownsConnection: false,
      connect: async () => {},
      disconnect: async () => {},
    };
    const agenda = new Agenda({
      backend,
      // Unique per scheduler: agenda skips state notifications from its own name, and tests run two in one process.
      name: `esa-line-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      processEvery: options.processEveryMs ?? 2000,
      defaultConcurrency: 1,
      defaultLockLifetime: options.lockLifetimeMs ?? 5 * 60_000,
    });
    agenda.on('error', (err: Error) => log.error({ err: err.message }, 'scheduler error'));
    // Emitted after agenda has saved the run's outcome, whether the handler succeeded or failed.
    agenda.on('complete', (job: Job) => {
      recording.get(job)?.();
      recording.delete(job);
    });
    // Agenda also reports jobs that failed in another process on this database (a replica), as (error text,
    // notification, true) without a job: that process has logged its own failure, and a listener that threw here
    // would end this one.
    agenda.on('fail', (err: unknown, job: unknown, remote?: boolean) => {
      if (remote === true || !(job instanceof Object) || !('attrs' in job)) {
        log.debug({ job: (job as { jobName?: string } | undefined)?.jobName }, 'a job failed in another process');
        return;
      }
      const attrs = (job as Job).attrs;
      log.error(
        { job: attrs.name, jobId: attrs._id?.toString(), failCount: attrs.failCount, err: err instanceof Error ? err.message : String(err) },
        err instanceof JobDataError ? 'job rejected: invalid data' : 'job failed',
      );
    });
    for (const definition of definitions.values()) {
      const retry = backoffStrategies.exponential({
        delay: definition.retryDelayMs ?? 5000,
        maxRetries: definition.maxRetries ?? 3,
      });
      agenda.define(
        definition.name,
        async (job: Job) => {
          const recorded = new Promise<void>((resolve) => recording.set(job, resolve));
          active.add(recorded);
          void recorded.then(() => active.delete(recorded));
          const jobId = job.attrs._id?.toString() ?? 'unknown';
          const envelope = envelopeSchema.safeParse(job.attrs.data);
          if (!envelope.success) throw new JobDataError(definition.name, ['(envelope): not a scheduler job']);
          await runHandler(definition, envelope.data.payload, envelope.data.key ?? jobId, jobId);
        },
        {
          concurrency: definition.concurrency ?? 1,
          backoff: (ctx) => (ctx.error instanceof JobDataError ? null : retry(ctx)),
        },
      );
    }
    return agenda;
  }

  function ready(): Promise<Agenda> {
    agendaPromise ??= connect().catch((err: unknown) => {
      agendaPromise = undefined;
      throw err;
    });
    return agendaPromise;
  }

  return {
    async start() {
      const agenda = await ready();
      for (const definition of definitions.values()) {
        if (!definition.every || options.recurring === false) continue;
        const data = { key: null, payload: parseJobData(definition, definition.every.data) };
        await agenda.every(definition.every.interval, definition.name, data, {
          ...(definition.every.timezone ? { timezone: definition.every.timezone } : {}),
          skipImmediate: true,
        });
      }
      await agenda.start();
      running = true;
      log.info({ jobs: [...definitions.keys()], notifications: true }, 'scheduler started');
    },

    async stop() {
      if (!agendaPromise || !running) return;
      running = false;
      const agenda = await agendaPromise;
      // agenda.stop, not drain: drain leaves jobs it had locked for later (and their timers) behind.
      // stop unlocks those for another instance; running ones are awaited here.
      await agenda.stop(false);
      const deadline = Date.now() + (options.drainTimeoutMs ?? 30_000);
      while (active.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled(active), sleep(Math.max(1, deadline - Date.now()))]);
      }
      if (active.size > 0) log.warn({ running: active.size }, 'scheduler stopped with jobs still running');
      else log.info('scheduler stopped');
    },

    isRunning: () => running,

    async schedule(name, data, scheduleOptions) {
      const definition = definitionOf(name);
      const payload = parseJobData(definition, data);
      const agenda = await ready();
      const job = agenda.create(name, { key: scheduleOptions.uniqueKey ?? null, payload });
      job.schedule(scheduleOptions.at);
      try {
        // A plain insert: the unique index on (name, data->>'key') turns a second one into a 23505.
        await job.save();
        return { scheduled: true, jobId: job.attrs._id?.toString() ?? '' };
      } catch (err) {
        if (scheduleOptions.uniqueKey !== undefined && isUniqueViolation(err)) {
          const existing = await findJobIdByKey(database, name, scheduleOptions.uniqueKey);
          return { scheduled: false, jobId: existing ?? '' };
        }
        throw err;
      }
    },

    async cancel(name, uniqueKey) {
      return cancelUnstartedJob(database, name, uniqueKey);
    },

    runHandlerForTest: (name, data, runKey = `test:${name}`) => runHandler(definitionOf(name), data, runKey),

    async runRecurringNow() {
      const ran: string[] = [];
      const failed: string[] = [];
      for (const definition of definitions.values()) {
        if (!definition.every || !running) continue;
        // Awaited by `stop` like agenda's own runs, so the database does not close under it.
        const run = runHandler(definition, definition.every.data, `${definition.name}:now`);
        const settled = run.then(() => undefined, () => undefined);
        active.add(settled);
        try {
          await run;
          ran.push(definition.name);
        } catch (err) {
          failed.push(definition.name);
          log.error({ job: definition.name, err: err instanceof Error ? err.message : String(err) }, 'job failed when run at once');
        } finally {
          active.delete(settled);
        }
      }
      return { ran, failed };
    },
  };
}

/**
 * Creates the scheduler's own tables (agenda's queue and run log, and the unique-key index) where they are missing,
 * as the scheduler's start does, without starting anything: a restore needs them before it loads their rows.
 */
export async function prepareSchedulerTables(database: Database): Promise<void> {
  const backend = new PostgresBackend({ pool: database.pool, tableName: JOBS_TABLE, disableNotifications: true });
  await backend.connect();
  await ensureJobsUniqueKeyIndex(database);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

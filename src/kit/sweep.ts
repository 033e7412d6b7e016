import { z } from 'zod';
import type { Database, Executor } from '../db/database.ts';
import { listOfficeContexts, type OfficeContext } from '../db/repos/holidays.ts';
import { defineJob, type JobContext, type JobDefinition } from '../jobs/registry.ts';
import type { LineMessage } from '../line/outbox.ts';
import { pushOnce } from '../line/push-once.ts';

/**
 * One sweep definition for every clock job (reminders, due notices, escalations, auto-close): the
 * capability says which rows to look at, what is due for a row (the planner), what doing it means and
 * how it is marked; the sweep owns the rest, the same for all of them:
 *
 * - the per-office loop (each office with its settings and calendar, read once per run);
 * - a transaction per row, in which the row is locked and read again, so two instances or a retry
 *   never act on it twice;
 * - the once-only push (`pushOnce`: through the outbox, at most once per key, never to someone inactive);
 * - the mark, written in that same transaction, so what is done and its mark are one.
 */

export type { OfficeContext } from '../db/repos/holidays.ts';

/** Someone a sweep pushes to (a recipient from src/db/repos/recipients.ts fits). */
export interface PushTarget {
  channelId: string;
  lineUserId: string;
}

/** What a sweep's act and mark are given: the row's transaction, its office, the run's time, the push. */
export interface SweepRun {
  tx: Executor;
  office: OfficeContext;
  now: Date;
  /** Pushes once per key (a key names what the message is about and to whom); whether it was enqueued now. */
  push(to: PushTarget, messages: LineMessage[], key: string): Promise<boolean>;
}

export interface SweepDefinition<CANDIDATE, ROW, DUE> {
  /** The job's name (`saraban:acknowledge`), also in its logs. */
  name: string;
  /** A cron expression in Bangkok time, when it runs as a job of its own (`sweepJob`). */
  schedule?: string;
  /** Whether the office is looked at now at all (in office hours only …); saves reading its rows. */
  activeIn?: (office: OfficeContext, now: Date) => boolean;
  /** The rows to look at (ids, or light rows), read outside any transaction. */
  candidates: (db: Executor, office: OfficeContext, now: Date) => Promise<readonly CANDIDATE[]>;
  /** In the row's transaction: the row locked and read again, with the marks recorded so far; null when gone. */
  load: (tx: Executor, office: OfficeContext, candidate: CANDIDATE, now: Date) => Promise<ROW | null>;
  /** Pure: what is due for the row now (the planner's answer), or null. */
  plan: (row: ROW, office: OfficeContext, now: Date) => DUE | null;
  /** Does it (pushes through `run.push`); returns whether it is to be marked done. */
  act: (run: SweepRun, row: ROW, due: DUE) => Promise<boolean>;
  /** Records that it was done, in the same transaction (a history event, a level on the row). */
  mark: (run: SweepRun, row: ROW, due: DUE) => Promise<void>;
}

export interface SweepResult {
  /** Rows looked at. */
  checked: number;
  /** Rows for which something was due. */
  due: number;
  /** Rows for which it was done and marked. */
  marked: number;
  /** Rows for which at least one message was enqueued now (not sent before, someone reachable). */
  pushed: number;
}

export function defineSweep<CANDIDATE, ROW, DUE>(definition: SweepDefinition<CANDIDATE, ROW, DUE>): SweepDefinition<CANDIDATE, ROW, DUE> {
  return definition;
}

/** The offices a clock goes over, each with its settings and calendar. */
export async function sweepOffices(db: Executor): Promise<OfficeContext[]> {
  return listOfficeContexts(db);
}

function runOf(tx: Executor, office: OfficeContext, now: Date, onPushed: () => void): SweepRun {
  return {
    tx,
    office,
    now,
    async push(to, messages, key) {
      const enqueued = await pushOnce(tx, { channelId: to.channelId, officeId: office.officeId, lineUserId: to.lineUserId }, messages, key);
      if (enqueued) onPushed();
      return enqueued;
    },
  };
}

/** One row in its own transaction: lock and read, plan, act, mark. */
async function sweepRow<C, R, D>(definition: SweepDefinition<C, R, D>, database: Database, office: OfficeContext, candidate: C, now: Date, result: SweepResult): Promise<void> {
  let counts = { due: 0, marked: 0, pushed: 0 };
  await database.db.transaction(async (tx) => {
    const row = await definition.load(tx, office, candidate, now);
    if (row === null) return;
    const due = definition.plan(row, office, now);
    if (due === null) return;
    let pushed = false;
    const run = runOf(tx, office, now, () => {
      pushed = true;
    });
    const done = await definition.act(run, row, due);
    if (done) await definition.mark(run, row, due);
    // Counted once the transaction is sure to commit (a retried transaction counts once).
    counts = { due: 1, marked: done ? 1 : 0, pushed: pushed ? 1 : 0 };
  });
  result.due += counts.due;
  result.marked += counts.marked;
  result.pushed += counts.pushed;
}

/** One pass of a sweep over every office (`offices` when the caller has them already). */
export async function runSweep<C, R, D>(definition: SweepDefinition<C, R, D>, database: Database, now: Date, offices?: readonly OfficeContext[]): Promise<SweepResult> {
  const result: SweepResult = { checked: 0, due: 0, marked: 0, pushed: 0 };
  for (const office of offices ?? (await sweepOffices(database.db))) {
    if (definition.activeIn && !definition.activeIn(office, now)) continue;
    for (const candidate of await definition.candidates(database.db, office, now)) {
      result.checked += 1;
      await sweepRow(definition, database, office, candidate, now, result);
    }
  }
  return result;
}

/** The recurring job of a sweep (idempotent: every push and mark is once-only). */
export function sweepJob<C, R, D>(definition: SweepDefinition<C, R, D>): JobDefinition {
  if (!definition.schedule) throw new RangeError(`sweep ${definition.name} has no schedule to run as a job`);
  return defineJob({
    name: definition.name,
    schema: z.object({}),
    every: { interval: definition.schedule, timezone: 'Asia/Bangkok', data: {} },
    async handler(_data, ctx: JobContext) {
      const result = await runSweep(definition, ctx.database, ctx.now);
      if (result.marked > 0) ctx.logger.info(result, `${definition.name}: done`);
      else ctx.logger.debug(result, `${definition.name}: checked`);
    },
  });
}

/**
 * A recurring job that is one pass over the offices rather than a sweep of rows (a digest, a yearly notice):
 * it runs `pass` at the job's time and logs its result, at info level when `did` says something was sent.
 */
export function passJob<RESULT>(name: string, schedule: string, pass: (database: Database, now: Date) => Promise<RESULT>, did: (result: RESULT) => boolean): JobDefinition {
  return defineJob({
    name,
    schema: z.object({}),
    every: { interval: schedule, timezone: 'Asia/Bangkok', data: {} },
    async handler(_data, ctx: JobContext) {
      const result = await pass(ctx.database, ctx.now);
      if (did(result)) ctx.logger.info({ result }, `${name}: done`);
      else ctx.logger.debug({ result }, `${name}: checked`);
    },
  });
}

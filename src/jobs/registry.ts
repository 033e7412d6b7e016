import type { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';

export interface JobContext {
  database: Database;
  /** A child logger carrying the job's name and id. */
  logger: Logger;
  /** When this run started: handlers take the time from here, never from the clock, so tests can set it. */
  now: Date;
  /**
   * Stable across retries and re-runs of the same job: the unique key when scheduled with one, else the
   * job id. Handlers that write side effects (outbox rows) mark them with it to stay idempotent.
   */
  runKey: string;
}

/** A recurring schedule, registered on start; one job per name however many instances start. */
export interface JobRecurrence<DATA> {
  /** A cron expression ('30 3 * * *') or an interval agenda understands ('1 hour'). */
  interval: string;
  timezone?: string;
  data: DATA;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  /** Must be idempotent: a job can run again after a crash between its effect and its completion. */
  handler: (data: z.infer<S>, ctx: JobContext) => Promise<void>;
  every?: JobRecurrence<z.input<S>>;
  /** Concurrent runs of this job per instance (default 1). */
  concurrency?: number;
  /** Retries of a failing handler, with exponential backoff from `retryDelayMs` (default 3, 5 s). */
  maxRetries?: number;
  retryDelayMs?: number;
}

/** Keeps the schema's type attached to the handler's data parameter. */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** Job data that fails its schema: retrying cannot help, so the job fails for good. */
export class JobDataError extends Error {
  readonly jobName: string;
  readonly issues: string[];
  constructor(jobName: string, issues: string[]) {
    super(`job ${jobName}: invalid data: ${issues.join('; ')}`);
    this.name = 'JobDataError';
    this.jobName = jobName;
    this.issues = issues;
  }
}

export function parseJobData<S extends z.ZodType>(definition: JobDefinition<S>, raw: unknown): z.infer<S> {
  const parsed = definition.schema.safeParse(raw);
  if (!parsed.success) {
    throw new JobDataError(
      definition.name,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

import type { Database } from '../database.ts';

/**
 * The scheduler's own table (agenda's queue, created by its Postgres backend). Agenda writes it itself; these are
 * the few statements the scheduler adds on top: the database-enforced unique key, its look-up and a cancel.
 */
export const JOBS_TABLE = 'agenda_jobs';

/** Makes "one job per name and unique key" a database rule, so concurrent callers cannot both insert. */
export async function ensureJobsUniqueKeyIndex(database: Database): Promise<void> {
  try {
    await database.pool.query(
      `create unique index if not exists ${JOBS_TABLE}_unique_key_uq on ${JOBS_TABLE} (name, (data->>'key')) where data->>'key' is not null`,
    );
  } catch (err) {
    // Two instances starting together may race on the same `if not exists`; the index exists either way.
    if (!isUniqueViolation(err) && !(err instanceof Error && 'code' in err && err.code === '42P07')) throw err;
  }
}

/** The id of the job with this name and unique key, if one is stored (run or not). */
export async function findJobIdByKey(database: Database, name: string, key: string): Promise<string | undefined> {
  const result = await database.pool.query<{ id: string }>(
    `select id from ${JOBS_TABLE} where name = $1 and data->>'key' = $2 limit 1`,
    [name, key],
  );
  return result.rows[0]?.id;
}

/** Deletes the job with this name and unique key if it has not started; returns how many went. */
export async function cancelUnstartedJob(database: Database, name: string, key: string): Promise<number> {
  const result = await database.pool.query(
    `delete from ${JOBS_TABLE} where name = $1 and data->>'key' = $2 and last_run_at is null and locked_at is null`,
    [name, key],
  );
  return result.rowCount ?? 0;
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === '23505';
}

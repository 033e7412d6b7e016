import { and, asc, desc, eq, gte, min, sql } from 'drizzle-orm';
import type { BackupRun, BackupRunSummary } from '../../domain/backups.ts';
import type { Executor } from '../database.ts';
import { backupRuns, offices } from '../schema.ts';

export type BackupTrigger = 'schedule' | 'command' | 'reminder';

export type NewBackupRun = Omit<BackupRun, 'id'> & { status: 'good' | 'failed' };

/**
 * Records an attempt once it has ended. Not before: the backup's snapshot would hold a row saying "running" that,
 * restored, would claim for ever that a backup is under way.
 */
export async function recordBackupRun(ex: Executor, run: NewBackupRun): Promise<number> {
  const [row] = await ex.insert(backupRuns).values(run).returning({ id: backupRuns.id });
  return row!.id;
}

/** Whether a scheduled backup was attempted (whatever its outcome) since this moment. */
export async function scheduledBackupSince(ex: Executor, since: Date): Promise<boolean> {
  const [row] = await ex
    .select({ id: backupRuns.id })
    .from(backupRuns)
    .where(and(eq(backupRuns.trigger, 'schedule'), gte(backupRuns.startedAt, since)))
    .limit(1);
  return row !== undefined;
}

/** A failure recorded without an attempt (backups refused by the settings). */
export async function recordFailedBackup(ex: Executor, trigger: BackupTrigger, at: Date, error: string): Promise<void> {
  await ex.insert(backupRuns).values({ trigger, status: 'failed', startedAt: at, finishedAt: at, error });
}

/** The day's note that the database is backed up by its operator (BACKUP_EXTERNAL); once per day however often asked. */
export async function recordExternalBackupNote(ex: Executor, at: Date, dayStart: Date): Promise<boolean> {
  return ex.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('backup:external-note'))`);
    const [existing] = await tx
      .select({ id: backupRuns.id })
      .from(backupRuns)
      .where(and(eq(backupRuns.status, 'external'), gte(backupRuns.startedAt, dayStart)))
      .limit(1);
    if (existing) return false;
    await tx.insert(backupRuns).values({ trigger: 'reminder', status: 'external', startedAt: at, finishedAt: at });
    return true;
  });
}

export async function summarizeBackupRuns(ex: Executor): Promise<BackupRunSummary> {
  const [lastRun] = await ex.select().from(backupRuns).orderBy(desc(backupRuns.startedAt), desc(backupRuns.id)).limit(1);
  const [lastGood] = await ex.select().from(backupRuns).where(eq(backupRuns.status, 'good')).orderBy(desc(backupRuns.startedAt), desc(backupRuns.id)).limit(1);
  const [lastGoodCopied] = await ex
    .select()
    .from(backupRuns)
    .where(and(eq(backupRuns.status, 'good'), sql`${backupRuns.copyError} is null`))
    .orderBy(desc(backupRuns.startedAt), desc(backupRuns.id))
    .limit(1);
  const [firstRun] = await ex.select({ at: backupRuns.startedAt }).from(backupRuns).orderBy(asc(backupRuns.startedAt)).limit(1);
  const [firstOffice] = await ex.select({ at: min(offices.createdAt) }).from(offices);
  const candidates = [firstRun?.at, firstOffice?.at].filter((d): d is Date => d instanceof Date);
  return {
    lastRun: lastRun ?? null,
    lastGood: lastGood ?? null,
    lastGoodCopied: lastGoodCopied ?? null,
    since: candidates.length > 0 ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null,
  };
}

/** Every admin of every office who can be reached with a push, with their office and channel. */
export async function reachableAdmins(ex: Executor): Promise<Array<{ id: number; officeId: string; channelId: string; lineUserId: string }>> {
  const rows = await ex.execute<{ id: number; officeId: string; channelId: string; lineUserId: string }>(
    sql`select id, office_id as "officeId", channel_id as "channelId", line_user_id as "lineUserId" from people
         where role = 'admin' and status = 'active' and line_user_id is not null order by office_id, id`,
  );
  return rows.rows;
}

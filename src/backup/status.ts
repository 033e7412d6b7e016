import type { Executor } from '../db/database.ts';
import { summarizeBackupRuns } from '../db/repos/backup-runs.ts';
import { backupHealth, type BackupRun } from '../domain/backups.ts';
import type { BackupSettings } from './settings.ts';

/** `backup` in `/admin/api/status`: how backups are set up, the last good one, the last attempt, whether overdue. */
export async function backupStatus(ex: Executor, settings: BackupSettings, now: Date) {
  const health = backupHealth(await summarizeBackupRuns(ex), now);
  const external = settings.mode === 'external';
  return {
    mode: settings.mode,
    problem: settings.problem,
    /** With BACKUP_EXTERNAL: the reminder, every day, that the server's backups are its operator's. */
    reminder: external
      ? 'BACKUP_EXTERNAL is set: this service makes no backups; the PostgreSQL server of DATABASE_URL must be backed up by its operator'
      : null,
    schedule: external ? null : { time: settings.time, timeZone: 'Asia/Bangkok' },
    folder: external ? null : settings.folder,
    copyFolder: external ? null : (settings.copyFolder ?? null),
    keep: external ? null : { daily: settings.keepDaily, monthly: settings.keepMonthly },
    lastGood: health.lastGood ? runView(health.lastGood) : null,
    lastRun: health.lastRun ? runView(health.lastRun) : null,
    overdue: !external && health.overdue,
  };
}

function runView(run: BackupRun) {
  return {
    status: run.status,
    trigger: run.trigger,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    snapshotAt: run.snapshotAt?.toISOString() ?? null,
    file: run.fileName,
    bytes: run.bytes,
    encrypted: run.encrypted,
    tables: run.tables,
    rows: run.rows,
    backupMs: run.backupMs,
    verifyMs: run.verifyMs,
    copyFolder: run.copyFolder,
    copyError: run.copyError,
    error: run.error,
  };
}

/**
 * Backups as the office sees them (src/backup/ makes them): a record per attempt, and the rule that two days
 * without a good one is overdue. Pure: the records and the clock come in.
 */

/** One attempt, as `backup_runs` keeps it. */
export interface BackupRun {
  id: number;
  /** schedule | command | reminder */
  trigger: string;
  /** good | failed | external */
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  snapshotAt: Date | null;
  fileName: string | null;
  bytes: number | null;
  encrypted: boolean | null;
  tables: number | null;
  rows: number | null;
  backupMs: number | null;
  verifyMs: number | null;
  copyFolder: string | null;
  copyError: string | null;
  error: string | null;
}

export interface BackupRunSummary {
  lastRun: BackupRun | null;
  lastGood: BackupRun | null;
  /** The last good backup whose copy to the second folder (if one was set) succeeded too. */
  lastGoodCopied: BackupRun | null;
  /** Since when backups could have been made: the first run, or the first office (the installation's start). */
  since: Date | null;
}

/** How long without a good backup before the admins are told (once a day). */
export const BACKUP_OVERDUE_MS = 2 * 24 * 60 * 60 * 1000;

export interface BackupHealth {
  /** The last backup verified good. */
  lastGood: BackupRun | null;
  /** The last one verified good and copied to the second folder when one was set: the last one safe off the machine. */
  lastGoodCopied: BackupRun | null;
  /** The last attempt, whatever its outcome. */
  lastRun: BackupRun | null;
  /** The database is backed up by its operator (BACKUP_EXTERNAL): nothing here is overdue. */
  external: boolean;
  /**
   * No good backup for two days — good meaning verified and, when a second folder was set, copied there too —
   * counted from the installation's start when there has never been one.
   */
  overdue: boolean;
  /** The last good backup was made, but its copy to the second folder failed. */
  copyFailed: boolean;
}

/** What the admin status, the admins' menu and the two-day alert say about backups (pure: summary and clock in). */
export function backupHealth(summary: BackupRunSummary, now: Date): BackupHealth {
  const external = summary.lastRun?.status === 'external';
  const reference = summary.lastGoodCopied?.startedAt ?? summary.since;
  const overdue = !external && reference !== null && now.getTime() - reference.getTime() >= BACKUP_OVERDUE_MS;
  const copyFailed = summary.lastGood !== null && summary.lastGood.copyError !== null;
  return { lastGood: summary.lastGood, lastGoodCopied: summary.lastGoodCopied, lastRun: summary.lastRun, external, overdue, copyFailed };
}

/** The start (00:00 Bangkok) of the Bangkok day `at` falls in. */
export function bangkokDayStart(at: Date): Date {
  const offset = 7 * 60 * 60 * 1000;
  return new Date(Math.floor((at.getTime() + offset) / 86_400_000) * 86_400_000 - offset);
}

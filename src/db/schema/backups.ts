import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The record of backups (src/backup/): one row per attempt, scheduled or on demand, with its outcome. Deployment-
 * wide (one database holds every office, and one backup copies it whole), so it carries no office. What the admin
 * status and the admins' chat show, and what the two-day alert reads.
 */
export const backupRuns = pgTable(
  'backup_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** schedule | command | reminder (BACKUP_EXTERNAL: the day's note that backups are the operator's) */
    trigger: text('trigger').notNull(),
    /** good | failed | external (recorded when the attempt has ended) */
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** The database's moment the backup holds (its snapshot). */
    snapshotAt: timestamp('snapshot_at', { withTimezone: true }),
    fileName: text('file_name'),
    bytes: bigint('bytes', { mode: 'number' }),
    encrypted: boolean('encrypted'),
    tables: integer('tables'),
    rows: bigint('rows', { mode: 'number' }),
    backupMs: integer('backup_ms'),
    verifyMs: integer('verify_ms'),
    /** The second folder it was copied to (null: none set), and why the copy failed, if it did. */
    copyFolder: text('copy_folder'),
    copyError: text('copy_error'),
    error: text('error'),
  },
  (t) => [index('backup_runs_status_idx').on(t.status, t.startedAt)],
);

export const backupsSchema = { backupRuns };

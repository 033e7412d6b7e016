import type { BackupResult } from './run.ts';
import type { RestoreResult } from './restore.ts';
import type { BackupSettings } from './settings.ts';

/** What `npm run backup` and `npm run restore` print (English, for the operator at the console). */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A moment as Bangkok's wall clock: `2026-12-05 02:00:03 (Bangkok)`. */
export function bangkokTime(at: Date): string {
  return `${new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} (Bangkok)`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatBackupResult(result: BackupResult, settings: BackupSettings): { lines: string[]; ok: boolean } {
  switch (result.status) {
    case 'good': {
      const lines = [
        `backup made and verified: ${result.file} (${formatBytes(result.bytes)}, ${result.encrypted ? 'encrypted with BACKUP_KEY' : 'NOT encrypted: emulator mode without BACKUP_KEY'})`,
        `  ${result.tables} tables, ${result.rows} rows, as the database was at ${bangkokTime(result.snapshotAt)}`,
        `  written in ${seconds(result.backupMs)}; verified in ${seconds(result.verifyMs)} (restored into a scratch database, every table's rows and checksum compared)`,
      ];
      if (result.copy && 'file' in result.copy) lines.push(`  copied to ${result.copy.file}`);
      if (result.copy && 'error' in result.copy) lines.push(`  NOT copied to ${settings.copyFolder}: ${result.copy.error}`);
      if (result.removed.length > 0) lines.push(`  removed ${result.removed.length} older backup file(s) (keeping ${settings.keepDaily} daily, ${settings.keepMonthly} monthly)`);
      return { lines, ok: !(result.copy && 'error' in result.copy) };
    }
    case 'failed':
      return { lines: [`backup failed: ${result.error}`, ...(result.file ? [`  the unverified file is kept as ${result.file}`] : [])], ok: false };
    case 'busy':
      return { lines: ['another backup is running (the nightly one, or another npm run backup): try again when it has finished'], ok: false };
    case 'external':
      return { lines: ['BACKUP_EXTERNAL is set: this service makes no backups'], ok: false };
  }
}

export function formatRestoreResult(result: RestoreResult): string[] {
  const { manifest } = result;
  const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  return [
    `restored into ${result.target}: ${manifest.tables.length} tables, ${rows} rows, as the database was at ${bangkokTime(new Date(manifest.snapshotAt))}`,
    ...result.files.map((f) => `  wrote ${f}`),
    ...result.keptAside.map((f) => `  the previous data is kept aside as ${f} (delete it once the restore is checked)`),
    result.newerMigrations > 0
      ? `start the service (npm start): it applies the ${result.newerMigrations} database migration(s) this version has beyond the backup's`
      : 'start the service (npm start)',
  ];
}

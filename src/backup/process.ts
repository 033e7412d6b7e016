import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database.ts';
import { recordFailedBackup } from '../db/repos/backup-runs.ts';
import type { Logger } from '../logger.ts';
import { runBackup, type BackupResult } from './run.ts';
import type { BackupSettings } from './settings.ts';

/**
 * The scheduled backup, run in a process of its own (src/backup/child.ts): its memory (buffers, compression,
 * key derivation: about 100 MB more at its peak for an office's year, see bench/backup.ts) goes back to the system
 * when it ends, and its work does not share the event loop that answers LINE's webhooks. A backup that is only
 * recorded (refused by the settings, BACKUP_EXTERNAL) needs no process.
 */
export async function runBackupInChild(options: { database: Database; settings: BackupSettings; now: Date; trigger: 'schedule' | 'command'; logger: Logger }): Promise<BackupResult> {
  const { database, settings, now, logger } = options;
  if (settings.mode === 'external' || settings.mode === 'refused') return runBackup(options);
  // Beside this module: child.ts when run from the sources, child.js when compiled.
  const here = fileURLToPath(import.meta.url);
  const entry = path.join(path.dirname(here), `child${path.extname(here)}`);
  const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const reply = new Promise<{ result?: BackupResult; error?: string }>((resolve) => {
    let answered = false;
    child.once('message', (message) => {
      answered = true;
      resolve(message as { result?: BackupResult; error?: string });
    });
    child.once('exit', (code, signal) => {
      if (!answered) resolve({ error: `the backup process ended (${signal ?? `exit ${code}`}) before it finished` });
    });
    child.once('error', (err) => {
      if (!answered) resolve({ error: `the backup process could not run: ${err.message}` });
    });
  });
  child.send({ url: database.url, kind: database.kind, settings, now, trigger: options.trigger });
  const { result, error } = await reply;
  if (result) return result;
  const message = error ?? 'the backup process gave no answer';
  logger.error({ err: message }, 'backup failed');
  await recordFailedBackup(database.db, options.trigger, now, message);
  return { status: 'failed', error: message };
}

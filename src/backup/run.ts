import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/database.ts';
import { connectClient, tryAdvisoryLock } from '../db/backup/catalog.ts';
import { recordBackupRun, recordExternalBackupNote, recordFailedBackup, type NewBackupRun } from '../db/repos/backup-runs.ts';
import { bangkokDayStart } from '../domain/backups.ts';
import { errorMessage } from '../domain/errors.ts';
import { LOCAL_LOGIN_FILE } from '../line/liff.ts';
import { LOCAL_CREDENTIALS_FILE } from '../line/local-credentials.ts';
import type { Logger } from '../logger.ts';
import { backupStem, failedName, goodName, PARTIAL_SUFFIX, retentionPlan } from './retention.ts';
import type { BackupSettings } from './settings.ts';
import { verifyBackupFile } from './verify.ts';
import { writeBackupFile } from './write.ts';

/**
 * One backup, start to end: write the file (as `.partial`), verify it by restoring it into a scratch database, name it
 * good (or `.failed`), copy it to the second folder, apply the retention to both folders, and record the outcome in
 * `backup_runs`. One at a time across every process on the database (an advisory lock): a second one asked meanwhile
 * says so and does nothing.
 */

/** Files of DATA_DIR that a restore needs besides the database: the generated local LINE credentials. */
export const DATA_DIR_FILES = [LOCAL_CREDENTIALS_FILE, LOCAL_LOGIN_FILE];
/** Any fixed number: held while a backup runs. */
const BACKUP_LOCK = 7_240_315;

export type BackupResult =
  | {
      status: 'good';
      file: string;
      bytes: number;
      tables: number;
      rows: number;
      snapshotAt: Date;
      backupMs: number;
      verifyMs: number;
      encrypted: boolean;
      copy: { file: string } | { error: string } | null;
      removed: string[];
    }
  | { status: 'failed'; error: string; file?: string }
  | { status: 'busy' }
  | { status: 'external' };

export interface RunBackupOptions {
  database: Database;
  settings: BackupSettings;
  /** The service's clock: the backup's name and record. */
  now: Date;
  trigger: 'schedule' | 'command';
  logger: Logger;
}

export async function runBackup(options: RunBackupOptions): Promise<BackupResult> {
  const { database, settings, now, logger } = options;
  const ex = database.db;
  if (settings.mode === 'external') {
    await recordExternalBackupNote(ex, now, bangkokDayStart(now));
    return { status: 'external' };
  }
  if (settings.mode === 'refused') {
    const error = settings.problem ?? 'backups are refused';
    await recordFailedBackup(ex, options.trigger, now, error);
    logger.error(error);
    return { status: 'failed', error };
  }

  const lock = await connectClient(database.url, 'esa-line backup lock');
  try {
    if (!(await tryAdvisoryLock(lock, BACKUP_LOCK))) {
      logger.info('a backup is already running: this one is not started');
      return { status: 'busy' };
    }
    const started = performance.now();
    const result = await backupOnce(options);
    // The service's clock at the start, plus the time the backup took.
    const finishedAt = new Date(now.getTime() + Math.round(performance.now() - started));
    const blank: Omit<NewBackupRun, 'status' | 'finishedAt'> = {
      trigger: options.trigger,
      startedAt: now,
      snapshotAt: null,
      fileName: null,
      bytes: null,
      encrypted: null,
      tables: null,
      rows: null,
      backupMs: null,
      verifyMs: null,
      copyFolder: null,
      copyError: null,
      error: null,
    };
    if (result.status === 'good') {
      await recordBackupRun(ex, {
        ...blank,
        status: 'good',
        finishedAt,
        snapshotAt: result.snapshotAt,
        fileName: path.basename(result.file),
        bytes: result.bytes,
        encrypted: result.encrypted,
        tables: result.tables,
        rows: result.rows,
        backupMs: Math.round(result.backupMs),
        verifyMs: Math.round(result.verifyMs),
        copyFolder: settings.copyFolder ?? null,
        copyError: result.copy && 'error' in result.copy ? result.copy.error : null,
      });
      logger.info(
        { file: result.file, bytes: result.bytes, tables: result.tables, rows: result.rows, backupMs: Math.round(result.backupMs), verifyMs: Math.round(result.verifyMs), removed: result.removed.length },
        'backup made and verified',
      );
      if (result.copy && 'error' in result.copy) logger.error({ copyFolder: settings.copyFolder, err: result.copy.error }, 'backup not copied to the second folder');
    } else if (result.status === 'failed') {
      await recordBackupRun(ex, { ...blank, status: 'failed', finishedAt, error: result.error.slice(0, 2000), fileName: result.file ? path.basename(result.file) : null });
      logger.error({ err: result.error, file: result.file }, 'backup failed');
    }
    return result;
  } finally {
    await lock.end().catch(() => {});
  }
}

async function backupOnce(options: RunBackupOptions): Promise<BackupResult> {
  const { database, settings, now, logger } = options;
  let partial: string | undefined;
  try {
    await mkdir(settings.folder, { recursive: true, mode: 0o700 });
    // Leftovers of a backup whose process died (none runs now: this one holds the lock).
    for (const name of await readdir(settings.folder)) {
      if (name.startsWith('esa-backup-') && name.endsWith(PARTIAL_SUFFIX)) await rm(path.join(settings.folder, name), { force: true });
    }
    const stem = await freeStem(settings.folder, backupStem(now));
    const file = path.join(settings.folder, goodName(stem));
    partial = `${file}${PARTIAL_SUFFIX}`;
    const files = await dataDirFiles(settings.dataDir);
    const started = performance.now();
    const manifest = await writeBackupFile({
      url: database.url,
      kind: database.kind,
      file: partial,
      passphrase: settings.passphrase,
      createdAt: now,
      files,
    });
    const backupMs = performance.now() - started;
    const verification = await verifyBackupFile({ sourceUrl: database.url, file: partial, passphrase: settings.passphrase, expected: manifest, logger });
    if (!verification.ok) {
      const failed = path.join(settings.folder, failedName(stem));
      await rename(partial, failed);
      partial = undefined;
      return { status: 'failed', error: `the backup did not verify: ${verification.problems.slice(0, 5).join('; ')}`, file: failed };
    }
    await rename(partial, file);
    partial = undefined;
    await syncFolder(settings.folder);
    const bytes = (await stat(file)).size;

    let copy: { file: string } | { error: string } | null = null;
    if (settings.copyFolder) {
      try {
        copy = { file: await copyVerbatim(file, settings.copyFolder) };
      } catch (err) {
        copy = { error: errorMessage(err) };
      }
    }
    const keep = { daily: settings.keepDaily, monthly: settings.keepMonthly };
    const removed = await applyRetention(settings.folder, keep, logger);
    if (copy && 'file' in copy) removed.push(...(await applyRetention(settings.copyFolder!, keep, logger)));
    return {
      status: 'good',
      file,
      bytes,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
      snapshotAt: new Date(manifest.snapshotAt),
      backupMs,
      verifyMs: verification.ms,
      encrypted: settings.passphrase !== undefined,
      copy,
      removed,
    };
  } catch (err) {
    if (partial) await rm(partial, { force: true }).catch(() => {});
    return { status: 'failed', error: errorMessage(err) };
  }
}

/** The name's stem, with `-2`, `-3` … when a backup of the same second exists. */
async function freeStem(folder: string, stem: string): Promise<string> {
  const names = new Set(await readdir(folder));
  const taken = (s: string) => names.has(goodName(s)) || names.has(failedName(s)) || names.has(`${goodName(s)}${PARTIAL_SUFFIX}`);
  if (!taken(stem)) return stem;
  for (let n = 2; ; n += 1) if (!taken(`${stem}-${n}`)) return `${stem}-${n}`;
}

async function dataDirFiles(dataDir: string): Promise<Array<{ name: string; content: Buffer }>> {
  const files = [];
  for (const name of DATA_DIR_FILES) {
    const content = await readFile(path.join(dataDir, name)).catch(() => undefined);
    if (content) files.push({ name, content });
  }
  return files;
}

/** Copies a file into a folder (as `.partial`, then renamed) and checks the copy byte for byte by its hash. */
async function copyVerbatim(file: string, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const target = path.join(folder, path.basename(file));
  const partial = `${target}${PARTIAL_SUFFIX}`;
  try {
    await copyFile(file, partial);
    const handle = await open(partial, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const [original, copied] = await Promise.all([sha256(file), sha256(partial)]);
    if (original !== copied) throw new Error(`the copy in ${folder} differs from the backup`);
    await rename(partial, target);
    await syncFolder(folder);
    return target;
  } catch (err) {
    await rm(partial, { force: true }).catch(() => {});
    throw err;
  }
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Makes a rename durable: the folder's entry is on the disk too. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => {});
  } finally {
    await handle.close();
  }
}

async function applyRetention(folder: string, keep: { daily: number; monthly: number }, logger: Logger): Promise<string[]> {
  const plan = retentionPlan(await readdir(folder), keep);
  const removed: string[] = [];
  for (const name of plan.remove) {
    try {
      await rm(path.join(folder, name));
      removed.push(path.join(folder, name));
    } catch (err) {
      logger.warn({ file: path.join(folder, name), err: errorMessage(err) }, 'cannot remove an old backup');
    }
  }
  return removed;
}

import { access, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../db/database.ts';
import { connectClient, dropServiceSchemas, hasTables, otherSessions } from '../db/backup/catalog.ts';
import { checkMigrations } from '../db/backup/schema-at.ts';
import { EMBEDDED_DATA_FOLDER, findRunningServer } from '../db/embedded-server.ts';
import type { Logger } from '../logger.ts';
import type { Manifest } from './archive.ts';
import { checkBackupFile, restoreIntoDatabase } from './read.ts';
import { DATA_DIR_FILES } from './run.ts';

/**
 * `npm run restore -- <file> [--force]`: a backup into a stopped service's DATA_DIR (the embedded database) or into
 * an empty database of DATABASE_URL. The whole file is read and checked first (key, every part, the migrations it
 * needs); nothing is touched before that. Existing data is replaced only with `--force`, and even then kept aside:
 * the old data folder and credential files are renamed `…-before-restore-<time>`, not deleted. The database is left
 * at the backup's schema; the service's next start migrates it forward.
 */

/** A restore that will not be done as things are: the message says why and what to do. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

export interface RestoreOptions {
  file: string;
  passphrase: string | undefined;
  force: boolean;
  /** DATABASE_URL, or undefined for the embedded database of DATA_DIR. */
  databaseUrl: string | undefined;
  dataDir: string;
  logger: Logger;
  /** The real clock: names what is kept aside. */
  now: Date;
}

export interface RestoreResult {
  manifest: Manifest;
  target: string;
  /** Migrations of this version newer than the backup's: the service's start applies them. */
  newerMigrations: number;
  /** What was kept aside (with --force). */
  keptAside: string[];
  /** DATA_DIR files written from the backup. */
  files: string[];
}

export async function restoreBackupFile(options: RestoreOptions): Promise<RestoreResult> {
  const { file, passphrase, dataDir, logger } = options;
  await access(file).catch(() => {
    throw new RestoreRefusedError(`${file}: no such file`);
  });
  const checked = await checkBackupFile(file, passphrase);
  const { newer } = checkMigrations(checked.manifest.migrations);
  const stamp = options.now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const aside = (p: string) => `${p}-before-restore-${stamp}`;

  // The files of DATA_DIR the backup carries: refused if different ones are there, unless forced.
  const differing: string[] = [];
  for (const [name, content] of checked.files) {
    if (!DATA_DIR_FILES.includes(name)) continue;
    const existing = await readFile(path.join(dataDir, name)).catch(() => undefined);
    if (existing && !existing.equals(content)) differing.push(name);
  }

  const keptAside: string[] = [];
  const writeFiles = async (): Promise<string[]> => {
    const written: string[] = [];
    for (const [name, content] of checked.files) {
      if (!DATA_DIR_FILES.includes(name)) continue;
      const target = path.join(dataDir, name);
      if (differing.includes(name)) {
        await rename(target, aside(target));
        keptAside.push(aside(target));
      }
      await writeFile(target, content, { mode: 0o600 });
      written.push(target);
    }
    return written;
  };

  if (options.databaseUrl === undefined) {
    const dataFolder = path.join(dataDir, EMBEDDED_DATA_FOLDER);
    if (await findRunningServer(dataDir)) {
      throw new RestoreRefusedError(`the embedded database in ${dataFolder} is running (the service, or a command): stop the service first, then restore`);
    }
    const exists = await access(path.join(dataFolder, 'PG_VERSION')).then(
      () => true,
      () => false,
    );
    if ((exists || differing.length > 0) && !options.force) {
      throw new RestoreRefusedError(
        [
          exists ? `${dataFolder} already holds a database` : `${differing.join(', ')} in ${dataDir} differ from the backup's`,
          'Restoring would replace it: run again with --force to restore anyway (what is there now is kept aside, renamed …-before-restore-<time>, not deleted).',
        ].join('\n'),
      );
    }
    if (exists) {
      await rename(dataFolder, aside(dataFolder));
      keptAside.push(aside(dataFolder));
    } else {
      // A folder without PG_VERSION is an initialisation that never finished: nothing to keep.
      await rm(dataFolder, { recursive: true, force: true });
    }
    let manifest: Manifest;
    try {
      const database = await openDatabase({ dataDir, logger, poolSize: 2, role: 'command' });
      try {
        manifest = await restoreIntoDatabase(database, file, passphrase);
      } finally {
        await database.close();
      }
    } catch (err) {
      // Back as it was: the new folder goes, the old one returns.
      await rm(dataFolder, { recursive: true, force: true });
      if (exists) await rename(aside(dataFolder), dataFolder);
      throw err;
    }
    const files = await writeFiles();
    return { manifest, target: dataFolder, newerMigrations: newer, keptAside, files };
  }

  const url = options.databaseUrl;
  const client = await connectClient(url, 'esa-line restore');
  try {
    const others = await otherSessions(client);
    if (others.length > 0) {
      throw new RestoreRefusedError(
        `${others.length} other session(s) are connected to the database (${[...new Set(others.map((o) => o.application))].join(', ')}): stop the service first, then restore`,
      );
    }
    const occupied = await hasTables(client);
    if ((occupied || differing.length > 0) && !options.force) {
      throw new RestoreRefusedError(
        [
          occupied ? 'the database of DATABASE_URL already holds tables' : `${differing.join(', ')} in ${dataDir} differ from the backup's`,
          'Restoring would replace them: run again with --force to restore anyway (the tables are dropped; make a backup of them first if they matter).',
        ].join('\n'),
      );
    }
    if (occupied) await dropServiceSchemas(client);
  } finally {
    await client.end().catch(() => {});
  }
  const database = await openDatabase({ databaseUrl: url, dataDir, logger, poolSize: 2 });
  let manifest: Manifest;
  try {
    manifest = await restoreIntoDatabase(database, file, passphrase);
  } finally {
    await database.close();
  }
  const files = await writeFiles();
  return { manifest, target: redactedUrl(url), newerMigrations: newer, keptAside, files };
}

function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

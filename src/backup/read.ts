import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createZstdDecompress } from 'node:zlib';
import type { Database } from '../db/database.ts';
import { loadRows } from '../db/backup/load.ts';
import { checkMigrations, migrateToCount } from '../db/backup/schema-at.ts';
import { prepareSchedulerTables } from '../jobs/scheduler.ts';
import { readArchive, type ArchiveItem, type Manifest } from './archive.ts';
import { BackupDamagedError, openBackupFile } from './container.ts';

/**
 * Reading a backup file back: its content (checked frame by frame, decompressed) as archive items, and the two
 * things done with them — read through to check it (`checkBackupFile`), or restored into an empty database
 * (`restoreIntoDatabase`, used by `npm run restore` and by every backup's verification).
 */

async function openContent(file: string, passphrase: string | undefined): Promise<{ items: AsyncGenerator<ArchiveItem>; close(): void }> {
  const opened = await openBackupFile(file, passphrase);
  const decompress = createZstdDecompress();
  // Decompression fails only on content that passed its check: a fault of the writer, reported as damage all the same.
  const content: Readable = pipeline(createReadStream(file, { start: opened.offset }), opened.unseal(), decompress, () => {});
  const items = readArchive(content);
  return {
    items: (async function* () {
      try {
        yield* items;
      } catch (err) {
        if (err instanceof Error && 'code' in err && typeof err.code === 'string' && /^(Z_|ZSTD_|ERR_ZSTD|ERR_ZLIB)/.test(err.code)) {
          throw new BackupDamagedError(`the backup's content cannot be decompressed (${err.message})`);
        }
        throw err;
      }
    })(),
    close: () => content.destroy(),
  };
}

async function firstManifest(items: AsyncGenerator<ArchiveItem>): Promise<Manifest> {
  const first = await items.next();
  if (first.done || first.value.kind !== 'manifest') throw new BackupDamagedError('the backup has no manifest');
  return first.value.manifest;
}

export interface CheckedBackup {
  manifest: Manifest;
  files: Map<string, Buffer>;
}

/** Reads the whole file, checking every part, without touching any database: what a restore does first. */
export async function checkBackupFile(file: string, passphrase: string | undefined): Promise<CheckedBackup> {
  const { items, close } = await openContent(file, passphrase);
  try {
    const manifest = await firstManifest(items);
    const files = new Map<string, Buffer>();
    for await (const item of items) {
      if (item.kind === 'table') for await (const _ of item.data) void _;
      if (item.kind === 'file') files.set(item.name, item.content);
    }
    return { manifest, files };
  } finally {
    close();
  }
}

/** The manifest alone (what `npm run restore` shows before it starts), after the key and the header are checked. */
export async function readManifest(file: string, passphrase: string | undefined): Promise<Manifest> {
  const { items, close } = await openContent(file, passphrase);
  try {
    return await firstManifest(items);
  } finally {
    close();
  }
}

/**
 * Restores a backup into an empty database: the schema of the backup's migrations, the scheduler's tables, then
 * the rows. The database is left at the backup's schema: the service's start migrates it forward.
 */
export async function restoreIntoDatabase(
  target: Database,
  file: string,
  passphrase: string | undefined,
  onFile: (name: string, content: Buffer) => Promise<void> = async () => {},
): Promise<Manifest> {
  const { items, close } = await openContent(file, passphrase);
  try {
    const manifest = await firstManifest(items);
    const { count } = checkMigrations(manifest.migrations);
    await migrateToCount(target, count);
    await prepareSchedulerTables(target);
    await loadRows(target.url, manifest, items, onFile);
    return manifest;
  } finally {
    close();
  }
}

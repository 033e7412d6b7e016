import { randomBytes } from 'node:crypto';
import { openDatabase } from '../db/database.ts';
import {
  applySession,
  connectClient,
  createDatabase,
  databaseFigures,
  databaseUrlFor,
  dropDatabase,
  listSequences,
  readSequence,
  staleScratchDatabases,
} from '../db/backup/catalog.ts';
import { errorMessage } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import type { Manifest } from './archive.ts';
import { restoreIntoDatabase } from './read.ts';

/**
 * A backup is good only once it has been restored: the file just written is read back (every part checked) into a
 * scratch database on the same server, and every table's row count and checksum there are compared with the figures
 * taken from the source in the backup's own snapshot — every table the source had, read from the catalogue, so a
 * table added by a later change is compared too — and the sequences with theirs. The scratch database is dropped.
 */

export const SCRATCH_PREFIX = 'esa_backup_verify_';
/** A scratch database this old belongs to a verification whose process died: dropped by the next one. */
const SCRATCH_ABANDONED_MS = 6 * 60 * 60 * 1000;

export interface Verification {
  ok: boolean;
  /** What differs (table by table), or why the restore failed. */
  problems: string[];
  ms: number;
}

export async function verifyBackupFile(options: {
  /** Connection string of the database the backup was made from (the scratch database goes on its server). */
  sourceUrl: string;
  file: string;
  passphrase: string | undefined;
  /** The manifest as written: the figures of the source at the backup's moment. */
  expected: Manifest;
  logger: Logger;
}): Promise<Verification> {
  const started = performance.now();
  const { sourceUrl, logger } = options;
  // Real time, not the service's clock: these names say when a process made them, to find those it left behind.
  const createdAt = Date.now();
  for (const stale of await staleScratchDatabases(sourceUrl, SCRATCH_PREFIX, new Date(createdAt - SCRATCH_ABANDONED_MS))) {
    await dropDatabase(sourceUrl, stale).catch((err: unknown) => logger.warn({ database: stale, err: errorMessage(err) }, 'cannot drop an abandoned verification database'));
  }
  const name = `${SCRATCH_PREFIX}${createdAt}_${randomBytes(4).toString('hex')}`;
  const problems: string[] = [];
  try {
    await createDatabase(sourceUrl, name);
  } catch (err) {
    return { ok: false, problems: [`cannot create a scratch database to verify the backup in (the database user needs CREATEDB): ${errorMessage(err)}`], ms: performance.now() - started };
  }
  try {
    const scratch = await openDatabase({ databaseUrl: databaseUrlFor(sourceUrl, name), dataDir: '.', logger, poolSize: 2 });
    try {
      const restored = await restoreIntoDatabase(scratch, options.file, options.passphrase);
      if (JSON.stringify(restored) !== JSON.stringify(options.expected)) problems.push('the manifest read back differs from the one written');
      const client = await connectClient(scratch.url, 'esa-line backup verify');
      try {
        await applySession(client, restored.session);
        const figures = await databaseFigures(client);
        for (const table of options.expected.tables) {
          const key = `${table.schema}.${table.name}`;
          const found = figures.get(key);
          if (!found) problems.push(`${key}: missing after the restore`);
          else if (found.rows !== table.rows) problems.push(`${key}: ${found.rows} rows restored, ${table.rows} backed up`);
          else if (found.checksum !== table.checksum) problems.push(`${key}: the rows differ from the backed-up ones (checksum)`);
          figures.delete(key);
        }
        for (const [key, found] of figures) if (found.rows > 0) problems.push(`${key}: ${found.rows} rows that the backup does not hold`);
        const sequences = new Map<string, { lastValue: string; isCalled: boolean }>();
        for (const sequence of await listSequences(client)) sequences.set(`${sequence.schema}.${sequence.name}`, await readSequence(client, sequence));
        for (const sequence of options.expected.sequences) {
          const found = sequences.get(`${sequence.schema}.${sequence.name}`);
          if (!found || found.lastValue !== sequence.lastValue || found.isCalled !== sequence.isCalled) {
            problems.push(`sequence ${sequence.schema}.${sequence.name}: not restored to ${sequence.lastValue}`);
          }
        }
      } finally {
        await client.end().catch(() => {});
      }
    } finally {
      await scratch.close();
    }
  } catch (err) {
    problems.push(`the restore failed: ${errorMessage(err)}`);
  } finally {
    await dropDatabase(sourceUrl, name).catch((err: unknown) => logger.warn({ database: name, err: errorMessage(err) }, 'cannot drop the verification database'));
  }
  return { ok: problems.length === 0, problems, ms: performance.now() - started };
}

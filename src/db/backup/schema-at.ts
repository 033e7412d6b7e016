import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { z } from 'zod';
import { MIGRATIONS_FOLDER, type Database } from '../database.ts';

/**
 * A restore rebuilds the schema a backup was made with — this build's first N migrations, N being how many the
 * backup's database had applied — and only then loads its rows; the service's start (or `npm run migrate`) applies
 * the rest. So a backup made by an older version restores into a newer one, its rows going through the same
 * migrations that a running database of that age would have gone through.
 */

/** A backup this build cannot restore: made by a newer version, or with migrations this build does not have. */
export class SchemaMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaMismatchError';
  }
}

const journalSchema = z.object({ entries: z.array(z.object({ tag: z.string(), when: z.number() }).loose()) }).loose();

/**
 * How this build's migrations compare with a backup's list; throws a SchemaMismatchError if they cannot be restored.
 * A migration is known by its journal time, as drizzle knows it (`created_at`); its text may have been touched since
 * (a comment) without changing what it builds, so a different hash alone is not refused.
 */
export function checkMigrations(applied: ReadonlyArray<{ hash: string; createdAt: number }>): { count: number; newer: number } {
  const ours = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  if (applied.length > ours.length) {
    throw new SchemaMismatchError(
      `the backup was made by a newer version of the service (${applied.length} database migrations, this version has ${ours.length}): restore it with that version or a later one`,
    );
  }
  for (const [i, migration] of applied.entries()) {
    if (migration.createdAt !== ours[i]!.folderMillis) {
      throw new SchemaMismatchError(
        `the backup's database migration ${i + 1} is not this version's (a different build): restore it with the version that made it`,
      );
    }
  }
  return { count: applied.length, newer: ours.length - applied.length };
}

/** Applies this build's first `count` migrations to an empty database. */
export async function migrateToCount(database: Database, count: number): Promise<void> {
  const journalFile = path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json');
  const journal = journalSchema.parse(JSON.parse(readFileSync(journalFile, 'utf8')));
  const folder = await mkdtemp(path.join(tmpdir(), 'esa-line-migrations-'));
  try {
    await cp(path.join(MIGRATIONS_FOLDER), folder, { recursive: true });
    await writeFile(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
    const client = await database.pool.connect();
    try {
      await migrate(drizzle(client), { migrationsFolder: folder });
    } finally {
      client.release();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

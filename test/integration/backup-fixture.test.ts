import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { readManifest, restoreIntoDatabase } from '../../src/backup/read.ts';
import { writeBackupFile } from '../../src/backup/write.ts';
import { applySession, BACKUP_SESSION, connectClient, databaseFigures, type TableFigures } from '../../src/db/backup/catalog.ts';
import { checkMigrations, migrateToCount, SchemaMismatchError } from '../../src/db/backup/schema-at.ts';
import { MIGRATIONS_FOLDER, openDatabase, runMigrations, type Database } from '../../src/db/database.ts';
import { prepareSchedulerTables } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/logger.ts';
import { databaseUrl, testServer } from '../support/database.ts';
import { fillOfficeYear } from '../support/office-year.ts';

/**
 * "A backup made by an older version restores into a newer one": restored at its own schema (the migrations it was
 * made with), then migrated forward as the service's start does.
 *
 * The fixture test/fixtures/backup-fixture.esabak was made by this code from a small office (see `makeFixture`),
 * encrypted with FIXTURE_KEY. Once later migrations land it is a backup of an earlier schema, which is the point:
 * keep it as it is. Make it again only when the file format changes (and then keep the old one too):
 *
 *   REGENERATE_BACKUP_FIXTURE=1 DATABASE_URL=postgres://… npm run test:jest -- test/integration/backup-fixture.test.ts
 */
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/backup-fixture.esabak');
const FIXTURE_KEY = 'fixture-key-not-secret-0123456789';
const logger = createLogger('silent');
const admin = new pg.Client({ connectionString: testServer().url });
const made: string[] = [];

async function emptyDatabase(): Promise<Database> {
  const name = `fixture_${Date.now().toString(36)}_${made.length}`;
  await admin.query(`create database ${name}`);
  made.push(name);
  return openDatabase({ databaseUrl: databaseUrl(testServer().url, name), dataDir: '.', logger, poolSize: 2 });
}

async function figuresOf(database: Database): Promise<Map<string, TableFigures>> {
  const client = await connectClient(database.url, 'test');
  try {
    await applySession(client, BACKUP_SESSION);
    return await databaseFigures(client);
  } finally {
    await client.end();
  }
}

const count = async (database: Database, sql: string) => Number((await database.pool.query<{ n: string }>(sql)).rows[0]!.n);

async function makeFixture(): Promise<void> {
  const source = await emptyDatabase();
  try {
    await runMigrations(source);
    await prepareSchedulerTables(source);
    await fillOfficeYear(source.db, { schools: 3, tickets: 6, letters: 8, photoEvery: 3, photoBytes: 1500, attachmentEvery: 4, attachmentBytes: 2500, events: 12, seed: 7 });
    await mkdir(path.dirname(FIXTURE), { recursive: true });
    await rm(FIXTURE, { force: true });
    await writeBackupFile({ url: source.url, kind: 'server', file: FIXTURE, passphrase: FIXTURE_KEY, createdAt: new Date(), files: [] });
  } finally {
    await source.close();
  }
}

beforeAll(async () => {
  await admin.connect();
  if (process.env.REGENERATE_BACKUP_FIXTURE === '1') await makeFixture();
}, 120_000);

afterAll(async () => {
  for (const name of made) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe('restoring a backup made by an earlier version', () => {
  it('restores the fixture at its own schema, and the service’s migrations bring it forward with every record', async () => {
    const manifest = await readManifest(FIXTURE, FIXTURE_KEY);
    const ours = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
    const target = await emptyDatabase();
    try {
      await restoreIntoDatabase(target, FIXTURE, FIXTURE_KEY);
      expect(await count(target, 'select count(*) as n from drizzle.__drizzle_migrations')).toBe(manifest.migrations.length);
      await runMigrations(target);
      expect(await count(target, 'select count(*) as n from drizzle.__drizzle_migrations')).toBe(ours);
      // The office's records, as the fixture's office had them.
      const rows = (name: string) => manifest.tables.find((t) => t.schema === 'public' && t.name === name)!.rows;
      for (const table of ['schools', 'people', 'repair_tickets', 'letters', 'media_files', 'inbox_events', 'outbox_messages']) {
        expect({ table, rows: await count(target, `select count(*) as n from ${table}`) }).toEqual({ table, rows: rows(table) });
        expect(rows(table)).toBeGreaterThan(0);
      }
      // The registers' numbers, running per calendar year (the fixture's letters span 2569 and 2570).
      const numbers = await target.pool.query<{ register: string; year: number; numbers: number[] }>(
        `select register, year, array_agg(number order by number) as numbers from letters group by register, year order by register, year`,
      );
      expect(numbers.rows).toEqual([
        { register: 'receive', year: 2569, numbers: [1, 2, 3] },
        { register: 'receive', year: 2570, numbers: [1, 2, 3] },
        { register: 'send', year: 2570, numbers: [1, 2] },
      ]);
      // Two ticket photos and one letter's PDF (the other letter due one is a secret letter, made without).
      expect(await count(target, `select coalesce(sum(length(content)), 0) as n from media_files`)).toBe(2 * 1500 + 2500);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('restores a backup of the previous schema (one migration fewer), then migrates it forward, every table intact', async () => {
    const ours = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
    const older = await emptyDatabase();
    const file = path.join(path.dirname(FIXTURE), `.previous-schema-${Date.now()}.esabak`);
    let before: Map<string, TableFigures>;
    try {
      await migrateToCount(older, ours - 1);
      await prepareSchedulerTables(older);
      await fillOfficeYear(older.db, { schools: 4, tickets: 10, letters: 10, photoEvery: 5, photoBytes: 1000, events: 10, seed: 11 });
      before = await figuresOf(older);
      await writeBackupFile({ url: older.url, kind: 'server', file, passphrase: FIXTURE_KEY, createdAt: new Date(), files: [] });
    } finally {
      await older.close();
    }
    const target = await emptyDatabase();
    try {
      const manifest = await restoreIntoDatabase(target, file, FIXTURE_KEY);
      expect(checkMigrations(manifest.migrations)).toEqual({ count: ours - 1, newer: 1 });
      await runMigrations(target);
      const after = await figuresOf(target);
      for (const [table, figures] of before) {
        if (table === 'drizzle.__drizzle_migrations') continue; // one row more: the migration just applied
        expect({ table, ...after.get(table) }).toEqual({ table, ...figures });
      }
      expect(await count(target, 'select count(*) as n from drizzle.__drizzle_migrations')).toBe(ours);
    } finally {
      await target.close();
      await rm(file, { force: true });
    }
  }, 120_000);

  it('refuses a backup of a newer version, or of a build whose migrations differ, before touching anything', () => {
    const ours = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
    const newer = [...ours.map((m) => ({ hash: m.hash, createdAt: m.folderMillis })), { hash: 'f'.repeat(64), createdAt: Date.now() }];
    expect(() => checkMigrations(newer)).toThrow(SchemaMismatchError);
    expect(() => checkMigrations(newer)).toThrow(/made by a newer version of the service/);
    const other = ours.map((m, i) => ({ hash: m.hash, createdAt: i === 1 ? m.folderMillis + 1 : m.folderMillis }));
    expect(() => checkMigrations(other)).toThrow(/migration 2 is not this version's/);
    // A migration whose text was touched since (same place in the journal) is the same migration.
    expect(checkMigrations(ours.map((m, i) => ({ hash: i === 1 ? 'e'.repeat(64) : m.hash, createdAt: m.folderMillis })))).toEqual({ count: ours.length, newer: 0 });
  });
});

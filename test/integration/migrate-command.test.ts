import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/db/database.ts';
import { createLogger } from '../../src/logger.ts';
import { runCommand } from '../support/processes.ts';

/**
 * `npm run migrate` (scripts/migrate.ts) as an operator runs it: a process with the service's settings, against
 * a fresh database on the server (DATABASE_URL) or the embedded one in DATA_DIR. It creates the schema, and a
 * second run changes nothing.
 */
const MIGRATE = 'scripts/migrate.ts';
const EXPECTED_MIGRATIONS = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
const SOME_TABLES = ['offices', 'line_channels', 'inbox_events', 'outbox_messages', 'conversations', 'people', 'message_budget_alerts'];

interface Schema {
  tables: string[];
  migrations: Array<{ hash: string; created_at: string }>;
  /** A row written between the runs, which a second run must leave alone. */
  marker: number;
}

async function readSchema(query: (text: string) => Promise<{ rows: unknown[] }>): Promise<Schema> {
  const tables = (await query(`select table_name from information_schema.tables where table_schema = 'public' order by 1`)).rows as Array<{
    table_name: string;
  }>;
  const migrations = (await query('select hash, created_at::text from drizzle.__drizzle_migrations order by id')).rows as Schema['migrations'];
  const offices = (await query(`select count(*)::int as n from offices where id = 'migrate-test'`)).rows as Array<{ n: number }>;
  return { tables: tables.map((t) => t.table_name), migrations, marker: offices[0]!.n };
}

const serverUrl = process.env.DATABASE_URL;
const onServer = serverUrl ? describe : describe.skip;

onServer('npm run migrate against a fresh database on the server', () => {
  const name = `migrate_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let url: string;

  async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('creates every table and records every migration, and a second run is a no-op', async () => {
    const first = await runCommand(MIGRATE, [], { DATABASE_URL: url, LOG_LEVEL: 'info' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('migrations applied');

    const after = await withClient(async (client) => {
      await client.query(`insert into offices (id, name) values ('migrate-test', 'สพป. ทดสอบ')`);
      return readSchema((text) => client.query(text));
    });
    expect(after.tables).toEqual(expect.arrayContaining(SOME_TABLES));
    expect(after.migrations).toHaveLength(EXPECTED_MIGRATIONS);

    const second = await runCommand(MIGRATE, [], { DATABASE_URL: url, LOG_LEVEL: 'info' });
    expect(second.code).toBe(0);
    expect(await withClient((client) => readSchema((text) => client.query(text)))).toEqual(after);
  });
});

describe('npm run migrate on the embedded database', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-migrate-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function inDataDir<T>(work: (query: (text: string) => Promise<{ rows: unknown[] }>) => Promise<T>): Promise<T> {
    const database = await openDatabase({ dataDir, logger: createLogger('silent') });
    try {
      return await work((text) => database.pool.query(text));
    } finally {
      await database.close();
    }
  }

  it('creates the schema in the embedded server of DATA_DIR/postgres, and a second run is a no-op', async () => {
    const first = await runCommand(MIGRATE, [], { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('"database":"embedded"');
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    const after = await inDataDir(async (query) => {
      await query(`insert into offices (id, name) values ('migrate-test', 'สพป. ทดสอบ')`);
      return readSchema(query);
    });
    expect(after.tables).toEqual(expect.arrayContaining(SOME_TABLES));
    expect(after.migrations).toHaveLength(EXPECTED_MIGRATIONS);

    const second = await runCommand(MIGRATE, [], { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    expect(second.code).toBe(0);
    expect(await inDataDir(readSchema)).toEqual(after);
  });

  it('exits 1 with a readable message when the database cannot be reached', async () => {
    const result = await runCommand(MIGRATE, [], { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/nothing', LOG_LEVEL: 'silent' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Migration failed: .*ECONNREFUSED/m);
  });

  it('exits 2 naming the setting when a setting is wrong', async () => {
    const result = await runCommand(MIGRATE, [], { DATABASE_URL: 'mysql://localhost/x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL');
  });
});

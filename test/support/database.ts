import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, runMigrations, type Database } from '../../src/db/database.ts';
import { createLogger, type Logger } from '../../src/logger.ts';

/**
 * The test run's PostgreSQL server: DATABASE_URL, or the embedded server jest's globalSetup started for the run
 * (test/support/jest-global-setup.ts), and whether it is the embedded one.
 */
export function testServer(): { url: string; kind: 'embedded' | 'server'; template: string | undefined } {
  const url = process.env.ESA_TEST_SERVER_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('no test database server: run the tests through jest (npm test), whose globalSetup starts one');
  return {
    url,
    kind: process.env.ESA_TEST_DATABASE_KIND === 'embedded' ? 'embedded' : 'server',
    template: process.env.ESA_TEST_TEMPLATE,
  };
}

/** A connection string to another database of the same server. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh, migrated database for one test file: a new database on the run's server, cloned from the run's migrated
 * template (created here and dropped by `close`). `kind` says which server the run uses.
 */
export async function createTestDatabase(logger: Logger = createLogger('silent')): Promise<Database> {
  const server = testServer();
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(server.template ? `create database ${name} template ${server.template}` : `create database ${name}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: databaseUrl(server.url, name), dataDir: '.', logger });
  if (!server.template) await runMigrations(database);
  return {
    ...database,
    kind: server.kind,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: server.url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

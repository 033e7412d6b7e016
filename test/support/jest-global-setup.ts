import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, runMigrations } from '../../src/db/database.ts';
import { openEmbeddedServer, type EmbeddedServer } from '../../src/db/embedded-server.ts';
import { createLogger } from '../../src/logger.ts';

/**
 * Once per jest run: the PostgreSQL server the tests use (DATABASE_URL, or one embedded server started here for the
 * whole run) and a template database migrated once, which every test file clones (`create database … template …`)
 * instead of migrating its own. The test files learn both through the environment (ESA_TEST_SERVER_URL,
 * ESA_TEST_TEMPLATE); jest-global-teardown.ts drops the template and stops the embedded server.
 *
 * A default export: jest's globalSetup contract (the project's named-exports rule gives way here).
 */
declare global {
  var esaTestRun: { server?: EmbeddedServer; dataDir?: string; serverUrl: string; template: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const logger = createLogger('silent');
  let serverUrl = process.env.DATABASE_URL;
  let server: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-jest-'));
    // Throwaway data: durability settings off make the many small test transactions cheap.
    server = await openEmbeddedServer({
      dataDir,
      logger,
      role: 'service',
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    serverUrl = server.url('postgres');
  }
  const template = `tpl_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${template}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '.', logger, poolSize: 1 });
  await runMigrations(database);
  await database.close();
  process.env.ESA_TEST_SERVER_URL = serverUrl;
  process.env.ESA_TEST_TEMPLATE = template;
  process.env.ESA_TEST_DATABASE_KIND = server ? 'embedded' : 'server';
  globalThis.esaTestRun = { ...(server ? { server } : {}), ...(dataDir ? { dataDir } : {}), serverUrl, template };
}

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { schema } from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: repositories take either, so writes can share one transaction. */
export type Executor = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  pool: pg.Pool;
  /** `embedded` = PGlite in a data folder served on a local socket; `server` = DATABASE_URL. */
  kind: 'embedded' | 'server';
  url: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenDatabaseOptions {
  /** A PostgreSQL server; when absent the embedded database is used (always one pooled connection). */
  databaseUrl?: string;
  /** Folder of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  logger: Logger;
  poolSize?: number;
}

/**
 * Opens the database. The embedded mode runs PGlite and serves it on a loopback port through its
 * socket server, so the service, the migrations and the scheduler all use one node-postgres pool in
 * both modes: one code path to test.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const poolSize = options.poolSize ?? 20;
  if (options.databaseUrl) {
    const pool = createPool(options.databaseUrl, poolSize, options.logger);
    return {
      db: drizzle(pool, { schema }),
      pool,
      kind: 'server',
      url: options.databaseUrl,
      close: () => pool.end(),
    };
  }

  let dataDir: string | undefined;
  if (options.dataDir !== 'memory://') {
    dataDir = path.resolve(options.dataDir, 'pgdata');
    await mkdir(dataDir, { recursive: true });
  }
  // Loaded only here: a deployment on a PostgreSQL server never pays for the embedded engine.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const pglite = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  // ONE connection: PGlite is a single session, and the socket server's multiplexer (0.2.x) interleaves the
  // extended-protocol messages of concurrent connections, which returned other connections' rows in our
  // tests. With one pooled connection, queries queue in node-postgres instead, in order and correct. The
  // server admits a few connections so a replacement can connect while a broken one is still closing.
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  const pool = createPool(url, 1, options.logger);
  options.logger.info({ dataDir: dataDir ?? 'memory' }, 'embedded database started');
  return {
    db: drizzle(pool, { schema }),
    pool,
    kind: 'embedded',
    url,
    async close() {
      await pool.end();
      await server.stop();
      await pglite.close();
    },
  };
}

function createPool(connectionString: string, max: number, logger: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 });
  // An idle client that loses its server must not crash the process: the next query reports the error.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'database connection lost'));
  return pool;
}

export async function runMigrations(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** True when the database answers and every migration shipped with this build has been applied. */
export async function migrationsApplied(database: Database): Promise<boolean> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
  const result = await database.pool.query<{ n: string }>(
    'select count(*)::text as n from drizzle.__drizzle_migrations',
  );
  return Number(result.rows[0]?.n ?? 0) >= expected;
}

import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { openEmbeddedServer } from './embedded-server.ts';
import { schema } from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: repositories take either, so writes can share one transaction. */
export type Executor = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  pool: pg.Pool;
  /** `embedded` = the PostgreSQL server this project runs on DATA_DIR (src/db/embedded-server.ts); `server` = DATABASE_URL. */
  kind: 'embedded' | 'server';
  url: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenDatabaseOptions {
  /** A PostgreSQL server; when absent the embedded server on `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** DATA_DIR: where the embedded server keeps its data folder. */
  dataDir: string;
  logger: Logger;
  poolSize?: number;
  /**
   * Embedded only: `service` takes the running server over (and stops it when closed), `command` uses the running
   * server and leaves it running (starting one for its own use only when none runs). Default `service`.
   */
  role?: 'service' | 'command';
}

/**
 * Opens the database: one node-postgres pool, on DATABASE_URL or on the embedded PostgreSQL server of DATA_DIR
 * (started, or found running), so the migrations, the scheduler (LISTEN/NOTIFY) and the service work alike in both.
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
  const server = await openEmbeddedServer({ dataDir: options.dataDir, logger: options.logger, role: options.role ?? 'service' });
  const url = server.url();
  const pool = createPool(url, poolSize, options.logger);
  return {
    db: drizzle(pool, { schema }),
    pool,
    kind: 'embedded',
    url,
    async close() {
      await pool.end();
      await server.release();
    },
  };
}

function createPool(connectionString: string, max: number, logger: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 });
  // An idle client that loses its server must not crash the process: the next query reports the error.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'database connection lost'));
  // Nor one checked out (the dispatcher's own clients, a transaction's): the pool listens only to idle clients, and
  // a server that ends a session (a restart, pg_terminate_backend) makes the client emit 'error' with nobody
  // listening, which would end the process. The query in flight, if any, fails with the error; the client is
  // broken and the pool replaces it when it is released.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn({ err: err.message }, 'database connection lost while in use'));
  });
  return pool;
}

/** Any fixed number: the advisory lock that lets one process at a time migrate a database. */
const MIGRATION_LOCK = 7_240_301;

/**
 * Applies the migrations, one process at a time: replicas starting together, or an operator command started beside
 * the service, would otherwise both create the same tables. The others wait, then find nothing left to do.
 */
export async function runMigrations(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** True when the database answers a trivial query (the health check). */
export async function databaseAnswers(database: Database): Promise<boolean> {
  return (await database.pool.query('select 1')).rowCount === 1;
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

/**
 * `npm run migrate`: applies the database migrations shipped with this build and exits
 * (the service also applies them on start). Uses the same settings as the service.
 */
import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase, runMigrations, type Database } from '../src/db/database.ts';
import { createLogger } from '../src/logger.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, logger, poolSize: 2 });
    await runMigrations(database);
    logger.info({ database: database.kind }, 'migrations applied');
    return 0;
  } catch (err) {
    const message = describe(err);
    logger.error({ err: message }, 'migration failed');
    process.stderr.write(`Migration failed: ${message}\n`);
    return 1;
  } finally {
    await database?.close().catch(() => {});
  }
}

/** Drizzle wraps the driver's error ("Failed query: ..."); the cause says what actually went wrong. */
function describe(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && parts.length < 4; e = e instanceof Error ? e.cause : undefined) {
    const text = e instanceof Error ? e.message || ('code' in e ? String(e.code) : e.name) : String(e);
    parts.push(text.split('\n')[0]!);
  }
  return parts.join(': ');
}

process.exitCode = await main();

import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

/** Starts the service from the environment and stops it gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  // Loaded once the settings are known to be good: a wrong setting is said at once, before the whole service loads.
  const { startService } = await import('./app.ts');
  const { EmbeddedDatabaseError } = await import('./db/embedded-server.ts');
  let service;
  try {
    service = await startService(config, { logger, demoPeople: config.DEMO_PEOPLE, thaiHolidays: true });
  } catch (err) {
    if (err instanceof EmbeddedDatabaseError) {
      // Something to change before the embedded database can start (a folder the postgres user cannot reach, an
      // old PGlite folder): the message says what, without a stack trace.
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`PORT ${config.PORT} is already in use by another program: stop it, or start this service with another PORT (e.g. PORT=3001 npm start).\n`);
      process.exit(1);
    }
    throw err;
  }
  if (service.emulator) {
    logger.info(`local LINE platform: ${service.url}/emulator (scripting API under ${service.url}/emulator/api)`);
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutdown requested');
      // A stop that hangs (a database session that never answers, LINE not answering) must not keep the process
      // running: what is unfinished is in the database, and is taken up by another replica or the next start.
      setTimeout(() => {
        logger.error({ waitingFor: service.stoppingStage(), timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting, unfinished work stays in the database');
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS).unref();
      service.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

await main();

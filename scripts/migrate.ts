/**
 * `npm run migrate`: applies the database migrations shipped with this build and exits
 * (the service also applies them on start). Uses the same settings as the service.
 */
import { createLogger } from '../src/logger.ts';
import { describeError, loadScriptConfig, withScriptDatabase } from './script-support.ts';

async function main(): Promise<number> {
  const config = loadScriptConfig();
  if (!config) return 2;
  const logger = createLogger(config.LOG_LEVEL);
  try {
    // withScriptDatabase migrates before it hands the database over: nothing more to do here.
    const kind = await withScriptDatabase(config, logger, async (database) => database.kind);
    logger.info({ database: kind }, 'migrations applied');
    return 0;
  } catch (err) {
    const message = describeError(err);
    logger.error({ err: message }, 'migration failed');
    process.stderr.write(`Migration failed: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main();

import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startService } from './app.ts';

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
  const service = await startService(config, { logger });
  if (service.emulator) {
    logger.info(`local LINE platform: ${service.url}/emulator (scripting API under ${service.url}/emulator/api)`);
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutdown requested');
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

/**
 * The real service in its own process for the benchmark (so its memory and CPU are its own), started
 * through `startService` from src/app.ts exactly as src/main.ts does, with settings from the environment.
 * Answers `backlog` with how many inbox events and outbox rows are still pending.
 */
import { startService } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { countBacklog } from '../src/db/repos/operations.ts';
import { createLogger } from '../src/logger.ts';
import { toParent } from './procs.ts';

try {
  const config = loadConfig();
  const service = await startService(config, { logger: createLogger(config.LOG_LEVEL) });
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'backlog') {
      countBacklog(service.database.db).then(
          (backlog) => toParent({ type: 'backlog', ...backlog }),
          (err: unknown) => toParent({ type: 'error', error: String(err) }),
        );
    } else if (m?.type === 'stop') {
      void service.stop().finally(() => process.exit(0));
    }
  });
  toParent({ type: 'ready', url: service.url, pid: process.pid, database: service.database.kind });
} catch (err) {
  toParent({ type: 'error', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

/**
 * `npm run backup`: makes a backup now, as the nightly job does — written, verified by restoring it into a scratch
 * database, copied to BACKUP_COPY_DIR, old ones pruned — and says how it went. Exit 0 made and verified; 1 refused
 * (BACKUP_KEY missing with LINE, BACKUP_EXTERNAL set), failed, or another backup running; 2 a wrong setting.
 * Works while the service runs (it uses the service's embedded server) and while it is stopped.
 */
import { formatBackupResult } from '../src/backup/report.ts';
import { runBackup } from '../src/backup/run.ts';
import { backupSettings } from '../src/backup/settings.ts';
import { createLogger } from '../src/logger.ts';
import { describeError, loadScriptConfig, withScriptDatabase } from './script-support.ts';

async function main(): Promise<number> {
  const config = loadScriptConfig();
  if (!config) return 2;
  if (process.argv.length > 2) {
    process.stderr.write('usage: npm run backup   (no options: the settings say where and how)\n');
    return 2;
  }
  const settings = backupSettings(config);
  if (settings.mode === 'external') {
    process.stderr.write('BACKUP_EXTERNAL is set: this service makes no backups; the PostgreSQL server of DATABASE_URL is backed up by its operator\n');
    return 1;
  }
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  try {
    const result = await withScriptDatabase(config, logger, (database) =>
      // The command's own clock: the real time of the machine it runs on.
      runBackup({ database, settings, now: new Date(), trigger: 'command', logger: createLogger('silent') }),
    );
    const { lines, ok } = formatBackupResult(result, settings);
    for (const line of lines) (ok ? process.stdout : process.stderr).write(`${line}\n`);
    return ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`backup failed: ${describeError(err)}\n`);
    return 1;
  }
}

process.exitCode = await main();

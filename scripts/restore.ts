/**
 * `npm run restore -- <file> [--force]`: restores a backup into the stopped service's DATA_DIR (embedded database) or
 * into an empty database of DATABASE_URL, with BACKUP_KEY for an encrypted one. Refuses to replace existing data
 * without --force (and keeps it aside even then). Then start the service: it migrates the database forward.
 * Exit 0 restored; 1 refused or failed (the reason printed); 2 usage or a wrong setting.
 */
import { BackupDamagedError, BackupFormatError, BackupKeyError } from '../src/backup/container.ts';
import { formatRestoreResult } from '../src/backup/report.ts';
import { RestoreRefusedError, restoreBackupFile } from '../src/backup/restore.ts';
import { SchemaMismatchError } from '../src/db/backup/schema-at.ts';
import { createLogger } from '../src/logger.ts';
import { describeError, loadScriptConfig } from './script-support.ts';

async function main(): Promise<number> {
  const config = loadScriptConfig();
  if (!config) return 2;
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const files = args.filter((a) => a !== '--force');
  if (files.length !== 1 || files[0]!.startsWith('--')) {
    process.stderr.write('usage: npm run restore -- <backup file> [--force]\n');
    return 2;
  }
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  try {
    const result = await restoreBackupFile({
      file: files[0]!,
      passphrase: config.BACKUP_KEY,
      force,
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      logger,
      now: new Date(),
    });
    for (const line of formatRestoreResult(result)) process.stdout.write(`${line}\n`);
    return 0;
  } catch (err) {
    const known = [RestoreRefusedError, BackupKeyError, BackupDamagedError, BackupFormatError, SchemaMismatchError].some((type) => err instanceof type);
    process.stderr.write(known ? `restore refused: ${(err as Error).message}\n` : `restore failed: ${describeError(err)}\n`);
    return 1;
  }
}

process.exitCode = await main();

import { z } from 'zod';
import { openDatabase } from '../db/database.ts';
import { errorMessage } from '../domain/errors.ts';
import { createLogger } from '../logger.ts';
import { runBackup } from './run.ts';
import { backupSettingsSchema } from './settings.ts';

/**
 * The process a scheduled backup runs in (forked by `runBackupInChild`, src/backup/process.ts): the request comes
 * over IPC (the connection string and BACKUP_KEY never appear in a command line or an environment), the outcome goes
 * back the same way, and the process ends.
 */
const requestSchema = z.object({
  url: z.string(),
  kind: z.enum(['embedded', 'server']),
  settings: backupSettingsSchema,
  now: z.date(),
  trigger: z.enum(['schedule', 'command']),
});

process.once('message', (raw: unknown) => {
  void (async () => {
    const logger = createLogger(process.env.LOG_LEVEL ?? 'info').child({ component: 'backup' });
    try {
      const request = requestSchema.parse(raw);
      const opened = await openDatabase({ databaseUrl: request.url, dataDir: request.settings.dataDir, logger, poolSize: 2 });
      // Connected by its address, but the backup says which kind of database it copied.
      const database = { ...opened, kind: request.kind };
      try {
        const result = await runBackup({ database, settings: request.settings, now: request.now, trigger: request.trigger, logger });
        process.send!({ result });
      } finally {
        await opened.close();
      }
    } catch (err) {
      process.send!({ error: errorMessage(err) });
    } finally {
      process.disconnect();
    }
  })();
});

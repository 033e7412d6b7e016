import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.ts';

/** What the backups run with, from the service's settings (src/config.ts). A schema: it crosses to the backup's process. */
export const backupSettingsSchema = z.object({
  /**
   * `encrypted` (BACKUP_KEY set), `unencrypted` (emulator mode without a key), `refused` (LINE credentials without
   * a key: the backups hold personal data), `external` (BACKUP_EXTERNAL: the server's operator backs it up).
   */
  mode: z.enum(['encrypted', 'unencrypted', 'refused', 'external']),
  /** Why backups are refused, said to the operator (start-up log, `npm run backup`, the admin status). */
  problem: z.string().nullable(),
  passphrase: z.string().optional(),
  folder: z.string(),
  copyFolder: z.string().optional(),
  /** HH:MM, Asia/Bangkok. */
  time: z.string(),
  keepDaily: z.number().int().min(1),
  keepMonthly: z.number().int().min(0),
  /** DATA_DIR: the generated local credentials a restore needs are read from here. */
  dataDir: z.string(),
  databaseKind: z.enum(['embedded', 'server']),
});
export type BackupSettings = z.infer<typeof backupSettingsSchema>;

export const BACKUP_KEY_MISSING =
  'backups are refused: BACKUP_KEY is not set, and backups hold personal data (PDPA) that must be encrypted when the service talks to LINE. Set BACKUP_KEY (at least 16 characters; keep a copy away from this machine)';

export function backupSettings(config: Config): BackupSettings {
  const mode: BackupSettings['mode'] = config.BACKUP_EXTERNAL
    ? 'external'
    : config.BACKUP_KEY !== undefined
      ? 'encrypted'
      : config.emulatorMode
        ? 'unencrypted'
        : 'refused';
  return {
    mode,
    problem: mode === 'refused' ? BACKUP_KEY_MISSING : null,
    passphrase: config.BACKUP_KEY,
    folder: path.resolve(config.BACKUP_DIR ?? path.join(config.DATA_DIR, 'backups')),
    copyFolder: config.BACKUP_COPY_DIR !== undefined ? path.resolve(config.BACKUP_COPY_DIR) : undefined,
    time: config.BACKUP_TIME,
    keepDaily: config.BACKUP_KEEP_DAILY,
    keepMonthly: config.BACKUP_KEEP_MONTHLY,
    dataDir: path.resolve(config.DATA_DIR),
    databaseKind: config.DATABASE_URL !== undefined ? 'server' : 'embedded',
  };
}

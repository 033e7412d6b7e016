import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { reachableAdmins, scheduledBackupSince, summarizeBackupRuns } from '../db/repos/backup-runs.ts';
import { defineJob, type JobDefinition } from '../jobs/registry.ts';
import { pushOnce } from '../line/push-once.ts';
import { bangkokDayStart, backupHealth } from '../domain/backups.ts';
import { backupOverdueAlert } from './messages.ts';
import { runBackupInChild } from './process.ts';
import type { BackupSettings } from './settings.ts';

/** From this time of day (Bangkok) the admins may be told that backups are overdue: not in the night. */
export const BACKUP_ALERT_FROM_MINUTES = 8 * 60;
const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The scheduled backup (`backup:nightly`, at BACKUP_TIME in Bangkok, in a process of its own; with BACKUP_EXTERNAL the
 * day's note that the operator backs the server up) and the two-day alert (`backup:overdue-alert`, hourly from 08:00 to 20:00: the
 * admins of every office are told once a day, each through their office's channel, while no backup has succeeded
 * for two days). Agenda keeps their next run in the database: a machine that was off at that time runs them when the
 * service starts again.
 */
export function backupJobs(settings: BackupSettings): JobDefinition[] {
  const [hour, minute] = settings.time.split(':').map(Number);
  const nightly = defineJob({
    name: 'backup:nightly',
    schema: z.object({}),
    every: { interval: `${minute} ${hour} * * *`, timezone: 'Asia/Bangkok', data: {} },
    // A failed backup is recorded (and told) by itself; trying it again at once seldom helps.
    maxRetries: 0,
    async handler(_data, ctx) {
      // Once per Bangkok day of the service's clock: agenda catching up after a start, or the emulator's clock moved
      // within a day (which runs every recurring job at once), makes no second one.
      if (settings.mode !== 'external' && (await scheduledBackupSince(ctx.database.db, bangkokDayStart(ctx.now)))) {
        ctx.logger.info('today’s scheduled backup has been made already');
        return;
      }
      await runBackupInChild({ database: ctx.database, settings, now: ctx.now, trigger: 'schedule', logger: ctx.logger });
    },
  });
  const overdueAlert = defineJob({
    name: 'backup:overdue-alert',
    schema: z.object({}),
    // Every hour of the office's day: a service down at one hour tells at the next (the day's key keeps it once).
    every: { interval: '0 8-20 * * *', timezone: 'Asia/Bangkok', data: {} },
    async handler(_data, ctx) {
      const told = await alertIfBackupsOverdue(ctx.database.db, settings, ctx.now);
      if (told > 0) ctx.logger.warn({ admins: told }, 'admins told that no backup has succeeded for two days');
    },
  });
  return [nightly, overdueAlert];
}

/** Tells every reachable admin, once per Bangkok day, that backups are overdue; returns how many were told now. */
export async function alertIfBackupsOverdue(ex: Db, settings: BackupSettings, now: Date): Promise<number> {
  if (settings.mode === 'external') return 0;
  const local = new Date(now.getTime() + BANGKOK_OFFSET_MS);
  if (local.getUTCHours() * 60 + local.getUTCMinutes() < BACKUP_ALERT_FROM_MINUTES) return 0;
  const health = backupHealth(await summarizeBackupRuns(ex), now);
  if (!health.overdue) return 0;
  const day = local.toISOString().slice(0, 10);
  const text = backupOverdueAlert(health);
  let told = 0;
  for (const admin of await reachableAdmins(ex)) {
    const sent = await ex.transaction((tx) =>
      pushOnce(tx, { channelId: admin.channelId, officeId: admin.officeId, lineUserId: admin.lineUserId }, [{ type: 'text', text }], `backup:overdue:${day}:${admin.id}`),
    );
    if (sent) told += 1;
  }
  return told;
}

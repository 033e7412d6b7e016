import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { backupStatus } from '../backup/status.ts';
import type { BackupSettings } from '../backup/settings.ts';
import type { Database } from '../db/database.ts';
import { countBacklog, listFailedMessages, listParkedEvents } from '../db/repos/operations.ts';
import type { ChannelRegistry } from '../line/channels.ts';
import { getBudgetStatus } from '../line/message-budget.ts';

export interface AdminRouterOptions {
  database: Database;
  channels: ChannelRegistry;
  /** Bearer token for the admin API; when unset the API is open only if `openLocally` (emulator mode). */
  adminToken: string | undefined;
  openLocally: boolean;
  now: () => Date;
  /** The backups' settings: their status is part of the operator's view. */
  backup: BackupSettings;
}

/**
 * The operator's view of the foundation: the month's billable messages against the budget, events parked
 * after repeated failures, messages LINE refused, the backlog, and the backups (the last good one, overdue or
 * not). Chat admin commands come with the people-and-roles work; this JSON API is what they and monitoring read.
 */
export function createAdminRouter(options: AdminRouterOptions): Router {
  const router = Router();
  router.use('/admin/api', requireAdmin(options));
  router.get('/admin/api/status', async (_req, res) => {
    const ex = options.database.db;
    const now = options.now();
    const channels = await Promise.all(
      options.channels.all().map(async (channel) => ({
        channelId: channel.id,
        officeId: channel.officeId,
        messageBudget: await getBudgetStatus(ex, channel, now),
        parkedEvents: await listParkedEvents(ex, channel.id),
        failedMessages: await listFailedMessages(ex, channel.id),
      })),
    );
    res.json({ backlog: await countBacklog(ex), channels, backup: await backupStatus(ex, options.backup, now) });
  });
  return router;
}

function requireAdmin(options: AdminRouterOptions): RequestHandler {
  return (req, res, next) => {
    if (!options.adminToken) {
      if (options.openLocally) return next();
      res.status(404).json({ message: 'Not found' });
      return;
    }
    // `Bearer <token>` exactly (the scheme's case is free, as HTTP has it): the token alone is refused.
    const match = /^Bearer ([^\s]+)$/i.exec(req.get('authorization') ?? '');
    const given = Buffer.from(match?.[1] ?? '');
    const expected = Buffer.from(options.adminToken);
    if (match && given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.status(401).json({ message: 'Unauthorized' });
  };
}

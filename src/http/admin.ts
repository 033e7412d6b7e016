import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
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
}

/**
 * The operator's view of the foundation: the month's billable messages against the budget, events parked
 * after repeated failures, messages LINE refused, and the backlog. Chat admin commands come with the
 * people-and-roles work; this JSON API is what they and monitoring read.
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
    res.json({ backlog: await countBacklog(ex), channels });
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
    const given = Buffer.from(req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '');
    const expected = Buffer.from(options.adminToken);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.status(401).json({ message: 'Unauthorized' });
  };
}

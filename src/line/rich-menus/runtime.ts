import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { defineJob } from '../../jobs/registry.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelRegistry, LineChannel } from '../channels.ts';
import { createLineApi, type LineApi } from '../line-api.ts';
import { reconcileRichMenuLinks } from './reconcile.ts';
import { setupRichMenus } from './setup.ts';
import { currentRichMenuIds } from './sync.ts';

/**
 * Rich menus inside the running service: the reconcile job (every minute, the durable backstop), an
 * in-process kick for right after a role change, and the start-up step that sets the menus up in emulator
 * mode so the simulator shows them out of the box. Jobs get no channels from the scheduler, so the service
 * registers them here once (`startRichMenus`); before that the job does nothing.
 */

export interface RichMenuRuntimeOptions {
  database: Database;
  channels: ChannelRegistry;
  logger: Logger;
  /** Create/update the menus and link everyone at start (emulator mode: its menus live in memory). */
  ensureOnStart: boolean;
  lineApiFor?: (channel: LineChannel) => LineApi;
}

interface Runtime {
  database: Database;
  channels: ChannelRegistry;
  logger: Logger;
  lineApiFor: (channel: LineChannel) => LineApi;
  refused: Map<string, true>;
  /** The reconcile in progress, so runs never overlap in one process. */
  running?: Promise<void>;
  again: boolean;
}

let runtime: Runtime | undefined;

export interface RichMenuService {
  /** Waits for a reconcile in progress; the job and kicks do nothing afterwards. */
  stop(): Promise<void>;
}

/** Registers the service's channels for the job and kicks; in emulator mode sets up menus and links people. */
export async function startRichMenus(options: RichMenuRuntimeOptions): Promise<RichMenuService> {
  const rt: Runtime = {
    database: options.database,
    channels: options.channels,
    logger: options.logger,
    lineApiFor: options.lineApiFor ?? ((channel) => createLineApi(channel)),
    refused: new Map(),
    again: false,
  };
  runtime = rt;
  const service: RichMenuService = {
    stop: async () => {
      if (runtime === rt) runtime = undefined;
      await rt.running;
    },
  };
  if (!options.ensureOnStart) return service;
  for (const channel of options.channels.all()) {
    try {
      const logger = rt.logger.child({ channelId: channel.id });
      await setupRichMenus(rt.lineApiFor(channel).richMenus, { logger, channelId: channel.id, database: rt.database, refused: rt.refused });
    } catch (err) {
      // The service still starts: the job relinks once the menus exist.
      options.logger.error({ channelId: channel.id, err: err instanceof Error ? err.message : String(err) }, 'rich menu set-up failed');
    }
  }
  return service;
}

async function reconcileAll(rt: Runtime): Promise<void> {
  for (const channel of rt.channels.all()) {
    const api = rt.lineApiFor(channel).richMenus;
    const logger = rt.logger.child({ channelId: channel.id });
    const ids = await currentRichMenuIds(api);
    if (!ids.ok) {
      logger.warn({ status: ids.status }, 'rich menu aliases could not be read; links not reconciled');
      continue;
    }
    await reconcileRichMenuLinks({ database: rt.database, api, channelId: channel.id, menuIds: ids.value, logger, refused: rt.refused });
  }
}

/** One reconcile at a time per process; a request during a run makes one more run after it. */
function runSerially(rt: Runtime): Promise<void> {
  if (rt.running) {
    rt.again = true;
    return rt.running;
  }
  rt.running = (async () => {
    try {
      do {
        rt.again = false;
        await reconcileAll(rt);
      } while (rt.again && runtime === rt);
    } finally {
      rt.running = undefined;
    }
  })();
  return rt.running;
}

/**
 * Relinks menus now, e.g. after a role change has been committed. Fire-and-forget: failures are logged and
 * the minute job repairs whatever is left. No-op when the service has not started rich menus.
 */
export function kickRichMenuReconcile(): void {
  const rt = runtime;
  if (!rt) return;
  runSerially(rt).catch((err: unknown) =>
    rt.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'rich menu reconcile failed'),
  );
}

/** Awaitable form of the kick, for callers that want the links made before they go on (tests, scripts). */
export function reconcileRichMenusNow(): Promise<void> {
  return runtime ? runSerially(runtime) : Promise.resolve();
}

/**
 * Unlinks one LINE user's menu right away: for "delete my data", whose anonymised row no longer carries the
 * LINE id the reconciler would need. Call after the deletion is committed; best effort (a failure is logged,
 * and the user then still sees their old menu, whose commands answer as to anyone unregistered).
 */
export async function unlinkRichMenuNow(channelId: string, lineUserId: string): Promise<void> {
  const rt = runtime;
  const channel = rt?.channels.get(channelId);
  if (!rt || !channel) return;
  const result = await rt.lineApiFor(channel).richMenus.unlinkUser(lineUserId);
  if (!result.ok) rt.logger.warn({ channelId, status: result.status }, 'rich menu of a deleted person could not be unlinked');
}

export const richMenuReconcileJob = defineJob({
  name: 'rich-menu:reconcile',
  schema: z.object({}),
  every: { interval: '1 minute', data: {} },
  maxRetries: 0,
  async handler(_data, ctx) {
    const rt = runtime;
    if (!rt) {
      ctx.logger.debug('rich menus not started in this process; nothing to reconcile');
      return;
    }
    await runSerially(rt);
  },
});

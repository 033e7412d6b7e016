import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import type { LineRichMenuApi } from './api.ts';
import type { RichMenuKey } from './definitions.ts';
import { reconcileRichMenuLinks, type ReconcileSummary } from './reconcile.ts';
import { ensureRichMenus, removeOutdatedRichMenus } from './sync.ts';

export interface SetupResult {
  menuIds: Map<RichMenuKey, string>;
  /** Menus created, images uploaded, aliases and default set. */
  changes: string[];
  /** Outdated menus and aliases of ours deleted. */
  removed: string[];
  /** Per-person links, when a database was given. */
  links?: ReconcileSummary;
}

/**
 * A channel's whole rich menu set-up in the order that never leaves anyone without a menu: make sure the
 * current menus exist, link every registered person to their family's menu, then delete outdated menus.
 */
export async function setupRichMenus(
  api: LineRichMenuApi,
  options: { logger: Logger; channelId: string; database?: Database; refused?: Map<string, true> },
): Promise<SetupResult> {
  const { menuIds, changes } = await ensureRichMenus(api, { logger: options.logger });
  const links = options.database
    ? await reconcileRichMenuLinks({
        database: options.database,
        api,
        channelId: options.channelId,
        menuIds,
        logger: options.logger,
        ...(options.refused ? { refused: options.refused } : {}),
      })
    : undefined;
  const removed = await removeOutdatedRichMenus(api, menuIds, { logger: options.logger });
  return { menuIds, changes, removed, ...(links ? { links } : {}) };
}

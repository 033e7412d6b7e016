import type { Database } from '../../db/database.ts';
import { lockRichMenuLink, richMenuLinkCandidates, setRichMenuLinked, type RichMenuLinkRow } from '../../db/repos/rich-menu-links.ts';
import type { Logger } from '../../logger.ts';
import type { LineRichMenuApi } from './api.ts';
import type { RichMenuKey } from './definitions.ts';

/**
 * Makes each person's linked rich menu match their family: the database says what should be
 * (`rich_menu_family`) and what was last done (`rich_menu_linked_id`); LINE is called only where they
 * differ. Each person is handled in a transaction holding their row, so a role change made meanwhile
 * waits and the next run sees it; running again changes nothing.
 *
 * - active, with a LINE id and a family whose menu exists → linked to that menu;
 * - active without a family (e.g. a revoked role) → unlinked, so the channel's default menu shows;
 * - inactive (unfollowed) → left alone until they follow again;
 * - deleted → unlinked while the LINE id is still known; the record of the link is cleared either way.
 */

export interface ReconcileSummary {
  linked: number;
  unlinked: number;
  /** Deleted people whose LINE id was already gone: the link was forgotten without a call. */
  cleared: number;
  failed: number;
  /** Skipped because LINE refused this very change before (e.g. the user is unknown to LINE). */
  skipped: number;
}

export interface ReconcileOptions {
  database: Database;
  api: LineRichMenuApi;
  channelId: string;
  /** The current menu per family (from `ensureRichMenus` or `currentRichMenuIds`). */
  menuIds: ReadonlyMap<RichMenuKey, string>;
  logger: Logger;
  /** Only these people (e.g. right after their role changed). */
  personIds?: number[];
  /**
   * Changes LINE refused with a 4xx, by person, target and row version: not retried every minute, but again
   * once the person's row changes or the process restarts. Pass the same map across runs.
   */
  refused?: Map<string, true>;
}

type Row = RichMenuLinkRow;

type Plan = { kind: 'link'; menuId: string } | { kind: 'unlink' } | { kind: 'clear' } | { kind: 'none' };

function planFor(row: Row, menuIds: ReadonlyMap<RichMenuKey, string>): Plan {
  if (row.status === 'deleted') {
    if (row.richMenuLinkedId === null) return { kind: 'none' };
    return row.lineUserId ? { kind: 'unlink' } : { kind: 'clear' };
  }
  if (row.status !== 'active' || !row.lineUserId) return { kind: 'none' };
  if (row.richMenuFamily === null) return row.richMenuLinkedId === null ? { kind: 'none' } : { kind: 'unlink' };
  const menuId = menuIds.get(row.richMenuFamily as RichMenuKey);
  // A family without a menu on this channel (menus not set up yet): leave the person as they are.
  if (menuId === undefined || menuId === row.richMenuLinkedId) return { kind: 'none' };
  return { kind: 'link', menuId };
}

export async function reconcileRichMenuLinks(options: ReconcileOptions): Promise<ReconcileSummary> {
  const { database, api, channelId, menuIds, logger } = options;
  const refused = options.refused ?? new Map<string, true>();
  const summary: ReconcileSummary = { linked: 0, unlinked: 0, cleared: 0, failed: 0, skipped: 0 };
  const candidates = await richMenuLinkCandidates(database.db, channelId, menuIds, options.personIds);

  for (const { id } of candidates) {
    await database.db.transaction(async (tx) => {
      const row = await lockRichMenuLink(tx, id);
      if (!row) return;
      const plan = planFor(row, menuIds);
      if (plan.kind === 'none') return;
      if (plan.kind === 'clear') {
        await setRichMenuLinked(tx, id, null);
        summary.cleared += 1;
        return;
      }
      const refusalKey = `${id}:${plan.kind === 'link' ? plan.menuId : '-'}:${row.updatedAt.getTime()}`;
      if (refused.has(refusalKey)) {
        summary.skipped += 1;
        return;
      }
      const result =
        plan.kind === 'link' ? await api.linkUser(row.lineUserId!, plan.menuId) : await api.unlinkUser(row.lineUserId!);
      if (!result.ok) {
        summary.failed += 1;
        // 4xx other than 429 will not change by retrying; 5xx, 429 and no answer are tried on the next run.
        const permanent = result.status >= 400 && result.status < 500 && result.status !== 429;
        if (permanent) refused.set(refusalKey, true);
        logger.warn(
          { personId: id, change: plan.kind, status: result.status, retry: !permanent },
          'rich menu link refused by LINE',
        );
        return;
      }
      const linkedId = plan.kind === 'link' ? plan.menuId : null;
      await setRichMenuLinked(tx, id, linkedId);
      if (plan.kind === 'link') summary.linked += 1;
      else summary.unlinked += 1;
    });
  }
  if (summary.linked + summary.unlinked + summary.cleared + summary.failed > 0) {
    logger.info({ channelId, ...summary }, 'rich menu links reconciled');
  }
  return summary;
}

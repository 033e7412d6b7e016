import type { Logger } from '../../logger.ts';
import type { LineCallResult } from '../line-api.ts';
import type { LineRichMenuApi } from './api.ts';
import {
  GUEST_MENU,
  parseRichMenuName,
  RICH_MENU_ALIAS_PREFIX,
  renderRichMenuImage,
  richMenuDefinitions,
  type RichMenuDefinition,
  type RichMenuKey,
} from './definitions.ts';

/**
 * Brings a channel's rich menus in line with the definitions, through the API alone, so the same code
 * serves LINE and the emulator. Idempotent: when everything is current it only reads (list menus, list
 * aliases, get the default menu). A menu counts as complete once its alias points at it, because the alias
 * is set only after the image was uploaded; a menu of ours without its alias (a run that stopped half-way)
 * gets its image and alias on the next run instead of being created again.
 */

export class RichMenuSyncError extends Error {
  readonly status: number;
  constructor(step: string, result: Extract<LineCallResult, { ok: false }>) {
    super(`rich menus: ${step} failed (${result.status}): ${result.body.slice(0, 300)}`);
    this.name = 'RichMenuSyncError';
    this.status = result.status;
  }
}

function must<T>(step: string, result: LineCallResult<T>): T {
  if (!result.ok) throw new RichMenuSyncError(step, result);
  return result.value;
}

export interface EnsureResult {
  /** The current menu of every key (family or guest) on the channel. */
  menuIds: Map<RichMenuKey, string>;
  /** What was changed, e.g. `created esa:teacher:1a2b3c4d`; empty when all was current. */
  changes: string[];
}

export interface EnsureOptions {
  logger: Logger;
  definitions?: Iterable<RichMenuDefinition>;
}

/** Creates missing menus (with image and alias) and sets the guest menu as the channel's default. */
export async function ensureRichMenus(api: LineRichMenuApi, options: EnsureOptions): Promise<EnsureResult> {
  const definitions = [...(options.definitions ?? richMenuDefinitions().values())];
  const listed = must('list menus', await api.list());
  const aliases = new Map(must('list aliases', await api.listAliases()).map((a) => [a.richMenuAliasId, a.richMenuId]));
  const menuIds = new Map<RichMenuKey, string>();
  const changes: string[] = [];

  for (const definition of definitions) {
    const named = listed.filter((m) => m.name === definition.name).map((m) => m.richMenuId);
    const aliased = aliases.get(definition.aliasId);
    if (aliased !== undefined && named.includes(aliased)) {
      menuIds.set(definition.key, aliased);
      continue;
    }
    let richMenuId = named[0];
    if (richMenuId === undefined) {
      richMenuId = must(`create ${definition.name}`, await api.create(definition.request));
      changes.push(`created ${definition.name}`);
      await upload(api, definition, richMenuId, true);
    } else {
      await upload(api, definition, richMenuId, false);
    }
    if (aliased === undefined) {
      must(`create alias ${definition.aliasId}`, await api.createAlias(definition.aliasId, richMenuId));
    } else {
      const updated = await api.updateAlias(definition.aliasId, richMenuId);
      // The alias may have gone with the menu it pointed at.
      if (!updated.ok && updated.status === 404) must(`create alias ${definition.aliasId}`, await api.createAlias(definition.aliasId, richMenuId));
      else must(`update alias ${definition.aliasId}`, updated);
    }
    changes.push(`alias ${definition.aliasId} → ${definition.name}`);
    menuIds.set(definition.key, richMenuId);
  }

  const guest = menuIds.get(GUEST_MENU);
  if (guest !== undefined) {
    const current = must('get default menu', await api.getDefault());
    if (current !== guest) {
      must('set default menu', await api.setDefault(guest));
      changes.push(`default → ${GUEST_MENU}`);
    }
  }
  for (const change of changes) options.logger.info({ change }, 'rich menu changed');
  return { menuIds, changes };
}

async function upload(api: LineRichMenuApi, definition: RichMenuDefinition, richMenuId: string, fresh: boolean): Promise<void> {
  const result = await api.uploadImage(richMenuId, renderRichMenuImage(definition));
  if (result.ok) return;
  // Re-run after a stop between upload and alias: LINE refuses a second image, and the first one stands.
  if (!fresh && result.status === 400 && /already/i.test(result.body)) return;
  if (fresh) await api.remove(richMenuId);
  throw new RichMenuSyncError(`upload image of ${definition.name}`, result);
}

/**
 * Deletes our menus that are not current (older versions, duplicates of a concurrent run) and our aliases of
 * keys no longer defined. Only names with our prefix are touched: menus made by hand in LINE's console stay.
 * Run after people were relinked, so nobody is left looking at the default menu in between.
 */
export async function removeOutdatedRichMenus(
  api: LineRichMenuApi,
  current: ReadonlyMap<RichMenuKey, string>,
  options: { logger: Logger; definitions?: Iterable<RichMenuDefinition> },
): Promise<string[]> {
  const keep = new Set(current.values());
  const aliasIds = new Set([...(options.definitions ?? richMenuDefinitions().values())].map((d) => d.aliasId));
  const changes: string[] = [];
  for (const alias of must('list aliases', await api.listAliases())) {
    if (!alias.richMenuAliasId.startsWith(RICH_MENU_ALIAS_PREFIX) || aliasIds.has(alias.richMenuAliasId)) continue;
    must(`delete alias ${alias.richMenuAliasId}`, await api.removeAlias(alias.richMenuAliasId));
    changes.push(`deleted alias ${alias.richMenuAliasId}`);
  }
  for (const menu of must('list menus', await api.list())) {
    if (!parseRichMenuName(menu.name) || keep.has(menu.richMenuId)) continue;
    const removed = await api.remove(menu.richMenuId);
    if (!removed.ok && removed.status !== 404) must(`delete ${menu.name}`, removed);
    changes.push(`deleted ${menu.name} (${menu.richMenuId})`);
  }
  for (const change of changes) options.logger.info({ change }, 'rich menu removed');
  return changes;
}

/** The current menu of each key, as the aliases say (what the reconciler links people to). */
export async function currentRichMenuIds(
  api: LineRichMenuApi,
  definitions: Iterable<RichMenuDefinition> = richMenuDefinitions().values(),
): Promise<LineCallResult<Map<RichMenuKey, string>>> {
  const listed = await api.listAliases();
  if (!listed.ok) return listed;
  const byAlias = new Map(listed.value.map((a) => [a.richMenuAliasId, a.richMenuId]));
  const ids = new Map<RichMenuKey, string>();
  for (const d of definitions) {
    const id = byAlias.get(d.aliasId);
    if (id !== undefined) ids.set(d.key, id);
  }
  return { ok: true, requestId: listed.requestId, value: ids };
}

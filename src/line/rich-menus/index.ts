export { MENU_COMMAND_PERMISSIONS, MENU_COMMANDS, menuCommandOf, type MenuCommand, type MenuCommandText } from './commands.ts';
export {
  aliasIdOf,
  GUEST_MENU,
  parseRichMenuName,
  renderRichMenuImage,
  RICH_MENU_KEYS,
  RICH_MENU_LAYOUTS,
  richMenuDefinition,
  richMenuDefinitions,
  type RichMenuDefinition,
  type RichMenuKey,
  type RichMenuTile,
} from './definitions.ts';
export type { LineRichMenu, LineRichMenuApi } from './api.ts';
export { reconcileRichMenuLinks, type ReconcileOptions, type ReconcileSummary } from './reconcile.ts';
export { setupRichMenus, type SetupResult } from './setup.ts';
export { currentRichMenuIds, ensureRichMenus, removeOutdatedRichMenus, RichMenuSyncError, type EnsureResult } from './sync.ts';
export {
  kickRichMenuReconcile,
  reconcileRichMenusNow,
  richMenuReconcileJob,
  startRichMenus,
  unlinkRichMenuNow,
  type RichMenuRuntimeOptions,
  type RichMenuService,
} from './runtime.ts';

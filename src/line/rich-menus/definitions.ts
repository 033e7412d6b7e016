import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RICH_MENU_FAMILIES, richMenuFamilyOf, type RichMenuFamily, type Role } from '../../domain/roles.ts';
import { richMenuRequestSchema, type RichMenuRequest } from '../messaging-schemas.ts';
import { MENU_COMMANDS, type MenuCommand } from './commands.ts';
import {
  fittingFontSize,
  fontFingerprint,
  RENDER_VERSION,
  renderSvgToPng,
  richMenuSvg,
  type TileDrawing,
  type TileStyle,
} from './render.ts';

/**
 * One rich menu per role family, plus the menu everyone sees before registering (the channel's default).
 * A menu is a grid: rows of tiles, each row split into equal columns. Its LINE name carries a hash of the
 * request and the picture, so a sync can tell an up-to-date menu from an outdated one by name alone.
 */

export const GUEST_MENU = 'guest';
export type RichMenuKey = RichMenuFamily | typeof GUEST_MENU;
export const RICH_MENU_KEYS: readonly RichMenuKey[] = [...RICH_MENU_FAMILIES, GUEST_MENU];

/** Every menu this service creates is named `esa:<key>:<hash8>`; anything else on the channel is not ours. */
export const RICH_MENU_NAME_PREFIX = 'esa:';
/** Alias ids (`[a-z0-9_-]{1,32}`) point at each key's current menu: `esa-<key>`. */
export const RICH_MENU_ALIAS_PREFIX = 'esa-';

export const FULL_HEIGHT = 1686;
export const COMPACT_HEIGHT = 843;
export const MENU_WIDTH = 2500;

interface TileSpec {
  command: MenuCommand;
  /** The label split over two lines (Thai has no spaces to break at); joined it must be the command text. */
  lines?: [string, string];
  hint?: string;
  style?: TileStyle;
}

interface MenuLayout {
  chatBarText: string;
  height: typeof FULL_HEIGHT | typeof COMPACT_HEIGHT;
  rows: TileSpec[][];
}

const self: TileSpec = { command: 'myInfo', style: 'self' };

export const RICH_MENU_LAYOUTS: Record<RichMenuKey, MenuLayout> = {
  teacher: {
    chatBarText: 'เมนูครู',
    height: FULL_HEIGHT,
    rows: [
      [{ command: 'reportFault', style: 'primary' }, { command: 'trackRepairs' }, { command: 'borrowEquipment' }],
      [{ command: 'bookRoom' }, { command: 'surveys' }, self],
    ],
  },
  school_director: {
    chatBarText: 'เมนูผู้บริหาร',
    height: FULL_HEIGHT,
    rows: [
      [{ command: 'schoolWork', style: 'primary' }, { command: 'reportFault' }, { command: 'trackRepairs' }],
      [{ command: 'borrowEquipment' }, { command: 'bookRoom' }, { command: 'surveys' }, self],
    ],
  },
  technician: {
    chatBarText: 'เมนูช่าง',
    height: FULL_HEIGHT,
    rows: [
      [{ command: 'newJobs', style: 'primary' }, { command: 'myJobs' }, { command: 'videoConference' }],
      [{ command: 'equipmentLoans', lines: ['คืนอุปกรณ์/', 'ยืม'] }, { command: 'bookRoom' }, { command: 'myLetters', lines: ['หนังสือ', 'ของฉัน'] }, self],
    ],
  },
  saraban: {
    chatBarText: 'เมนูสารบรรณ',
    height: FULL_HEIGHT,
    rows: [
      [{ command: 'receiveLetter', style: 'primary' }, { command: 'registerOutgoing' }, { command: 'bookRoom' }],
      // The clerk borrows equipment like the other staff (the help used to tell them to type it).
      [{ command: 'searchLetters', lines: ['ค้นหา', 'หนังสือ'] }, { command: 'myLetters', lines: ['หนังสือ', 'ของฉัน'] }, { command: 'borrowEquipment' }, self],
    ],
  },
  director: {
    chatBarText: 'เมนูผู้บริหาร',
    height: FULL_HEIGHT,
    rows: [
      [{ command: 'pendingLetters', style: 'primary', lines: ['หนังสือ', 'รอพิจารณา'] }, { command: 'approvals' }, { command: 'bookRoom' }],
      [{ command: 'repairSummary' }, { command: 'reports' }, { command: 'surveys' }, self],
    ],
  },
  admin: {
    chatBarText: 'เมนูผู้ดูแล',
    height: COMPACT_HEIGHT,
    rows: [[{ command: 'inviteUser', style: 'primary' }, { command: 'listUsers' }, self]],
  },
  guest: {
    chatBarText: 'ลงทะเบียน',
    height: COMPACT_HEIGHT,
    rows: [[{ command: 'register', style: 'primary', hint: 'แตะที่นี่เพื่อเริ่มใช้งาน' }]],
  },
};

/** The commands on the menu a person of this role sees (a guest: the registration menu). */
export function menuCommandsOf(role: Role): MenuCommand[] {
  return RICH_MENU_LAYOUTS[richMenuFamilyOf(role) ?? GUEST_MENU].rows.flat().map((t) => t.command);
}

export interface RichMenuTile {
  command: MenuCommand;
  text: string;
  bounds: { x: number; y: number; width: number; height: number };
}

export interface RichMenuDefinition {
  key: RichMenuKey;
  /** `esa:<key>:<hash8>` */
  name: string;
  hash: string;
  aliasId: string;
  /** The request for LINE's create-rich-menu call, name included. */
  request: RichMenuRequest;
  tiles: RichMenuTile[];
  /** The picture, as SVG; `renderRichMenuImage` turns it into the PNG that is uploaded. */
  svg: string;
}

/** Labels are as large as the narrowest tile of the menu allows, up to these sizes (px on a 2500 px menu). */
const FONT_CAP = { [FULL_HEIGHT]: 150, [COMPACT_HEIGHT]: 130 };

export function aliasIdOf(key: RichMenuKey): string {
  return `${RICH_MENU_ALIAS_PREFIX}${key.replace(/_/g, '-')}`;
}

function buildDefinition(key: RichMenuKey): RichMenuDefinition {
  const layout = RICH_MENU_LAYOUTS[key];
  const size = { width: MENU_WIDTH, height: layout.height };
  const tiles: RichMenuTile[] = [];
  const drawings: TileDrawing[] = [];
  layout.rows.forEach((row, r) => {
    const y = Math.round((r * size.height) / layout.rows.length);
    const height = Math.round(((r + 1) * size.height) / layout.rows.length) - y;
    row.forEach((tile, c) => {
      const x = Math.round((c * size.width) / row.length);
      const width = Math.round(((c + 1) * size.width) / row.length) - x;
      const text = MENU_COMMANDS[tile.command];
      if (tile.lines && tile.lines.join('') !== text) throw new Error(`rich menu ${key}: the lines of ${tile.command} must spell "${text}"`);
      const bounds = { x, y, width, height };
      tiles.push({ command: tile.command, text, bounds });
      drawings.push({ bounds, lines: tile.lines ?? [text], style: tile.style ?? 'normal', ...(tile.hint ? { hint: tile.hint } : {}) });
    });
  });
  const svg = richMenuSvg(size, drawings, fittingFontSize(drawings, FONT_CAP[layout.height]));
  const body = {
    size,
    selected: false,
    chatBarText: layout.chatBarText,
    areas: tiles.map((t) => ({ bounds: t.bounds, action: { type: 'message', label: t.text, text: t.text } })),
  };
  const hash = createHash('sha256')
    .update(JSON.stringify({ body, svg, font: fontFingerprint(), render: RENDER_VERSION }))
    .digest('hex')
    .slice(0, 8);
  const name = `${RICH_MENU_NAME_PREFIX}${key}:${hash}`;
  const request = richMenuRequestSchema.parse({ ...body, name });
  return { key, name, hash, aliasId: aliasIdOf(key), request, tiles, svg };
}

let definitions: ReadonlyMap<RichMenuKey, RichMenuDefinition> | undefined;

/** All menus this service wants on a channel, built once per process. */
export function richMenuDefinitions(): ReadonlyMap<RichMenuKey, RichMenuDefinition> {
  definitions ??= new Map(RICH_MENU_KEYS.map((key) => [key, buildDefinition(key)]));
  return definitions;
}

export function richMenuDefinition(key: RichMenuKey): RichMenuDefinition {
  const found = richMenuDefinitions().get(key);
  if (!found) throw new Error(`no rich menu ${key}`);
  return found;
}

/** The key a menu of ours stands for, from its name (`esa:teacher:1a2b3c4d` → teacher); undefined if not ours. */
export function parseRichMenuName(name: string): { key: string; hash: string } | undefined {
  const match = /^esa:([a-z_]+):([0-9a-f]{8})$/.exec(name);
  return match ? { key: match[1]!, hash: match[2]! } : undefined;
}

const images = new Map<string, Buffer>();
/**
 * Rendered pictures are also kept on disk by name, which is content-addressed (the hash covers the SVG, the
 * font and the drawing code): every test file and every start in emulator mode would otherwise redraw them.
 */
const CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/esa-rich-menus/', import.meta.url));

/** The menu's PNG: from memory, else the disk cache, else drawn now (a noticeable fraction of a second). */
export function renderRichMenuImage(definition: RichMenuDefinition): Buffer {
  const cached = images.get(definition.name);
  if (cached) return cached;
  const file = path.join(CACHE_DIR, `${definition.name.replace(/:/g, '_')}.png`);
  let png = readCached(file, definition.request.size);
  if (!png) {
    png = renderSvgToPng(definition.svg);
    writeCached(file, png);
  }
  images.set(definition.name, png);
  return png;
}

function readCached(file: string, size: { width: number; height: number }): Buffer | undefined {
  try {
    const png = readFileSync(file);
    const isPng = png.length > 24 && png.subarray(0, 8).toString('hex') === '89504e470d0a1a0a';
    return isPng && png.readUInt32BE(16) === size.width && png.readUInt32BE(20) === size.height ? png : undefined;
  } catch {
    return undefined;
  }
}

function writeCached(file: string, png: Buffer): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so a concurrent reader never sees half a file.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, png);
    renameSync(temp, file);
  } catch {
    // A read-only install just draws again next time.
  }
}

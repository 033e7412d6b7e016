import { describe, expect, it } from '@jest/globals';
import { can } from '../../src/domain/permissions.ts';
import { RICH_MENU_FAMILIES, ROLES, richMenuFamilyOf } from '../../src/domain/roles.ts';
import { richMenuRequestSchema } from '../../src/line/messaging-schemas.ts';
import { MENU_COMMAND_PERMISSIONS, MENU_COMMANDS, menuCommandOf, type MenuCommand } from '../../src/line/rich-menus/commands.ts';
import {
  GUEST_MENU,
  parseRichMenuName,
  RICH_MENU_KEYS,
  renderRichMenuImage,
  richMenuDefinitions,
} from '../../src/line/rich-menus/definitions.ts';
import { renderSvgToPng, textWidthAt100 } from '../../src/line/rich-menus/render.ts';
import { loadOpenApiValidator } from '../support/openapi.ts';

const definitions = [...richMenuDefinitions().values()];
const spec = loadOpenApiValidator('messaging-api.yml');

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('rich menu definitions', () => {
  it('there is one menu per role family and one for people not registered yet', () => {
    expect(definitions.map((d) => d.key).sort()).toEqual([...RICH_MENU_FAMILIES, GUEST_MENU].sort());
    expect(RICH_MENU_KEYS).toHaveLength(RICH_MENU_FAMILIES.length + 1);
    for (const role of ROLES) {
      const family = richMenuFamilyOf(role);
      if (family !== null) expect(richMenuDefinitions().has(family)).toBe(true);
    }
  });

  it.each(definitions.map((d) => [d.key, d] as const))('%s is accepted by our schema and by LINE\'s OpenAPI spec', (_key, d) => {
    expect(richMenuRequestSchema.safeParse(d.request).success).toBe(true);
    const result = spec.validate('RichMenuRequest', d.request);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect([1686, 843]).toContain(d.request.size.height);
    expect(d.request.size.width).toBe(2500);
    expect([...d.request.chatBarText].length).toBeLessThanOrEqual(14);
  });

  it.each(definitions.map((d) => [d.key, d] as const))('%s: areas lie inside the menu and tile it without overlap', (_key, d) => {
    const { width, height } = d.request.size;
    let covered = 0;
    for (const { bounds } of d.request.areas) {
      expect(bounds.x).toBeGreaterThanOrEqual(0);
      expect(bounds.y).toBeGreaterThanOrEqual(0);
      expect(bounds.x + bounds.width).toBeLessThanOrEqual(width);
      expect(bounds.y + bounds.height).toBeLessThanOrEqual(height);
      covered += bounds.width * bounds.height;
    }
    const overlaps = d.request.areas.some((a, i) =>
      d.request.areas.some(
        (b, j) =>
          i < j &&
          a.bounds.x < b.bounds.x + b.bounds.width &&
          b.bounds.x < a.bounds.x + a.bounds.width &&
          a.bounds.y < b.bounds.y + b.bounds.height &&
          b.bounds.y < a.bounds.y + a.bounds.height,
      ),
    );
    expect(overlaps).toBe(false);
    expect(covered).toBe(width * height);
  });

  it.each(definitions.map((d) => [d.key, d] as const))('%s: every tile sends its command text as a message', (_key, d) => {
    const texts = Object.values(MENU_COMMANDS) as string[];
    for (const area of d.request.areas) {
      const action = area.action as { type: string; text: string; label: string };
      expect(action.type).toBe('message');
      expect(texts).toContain(action.text);
      expect(action.label).toBe(action.text);
      expect(menuCommandOf(action.text)).toBeDefined();
    }
    expect(d.tiles.map((t) => t.text)).toEqual(d.request.areas.map((a) => (a.action as { text: string }).text));
  });

  it('every role sees only commands it may use, and every family has "ข้อมูลของฉัน"', () => {
    for (const role of ROLES) {
      const family = richMenuFamilyOf(role);
      if (family === null) continue;
      const commands = richMenuDefinitions().get(family)!.tiles.map((t) => t.command);
      expect(commands).toContain('myInfo');
      for (const command of commands) {
        const allowed = MENU_COMMAND_PERMISSIONS[command].some((action) => can(role, action));
        if (!allowed) throw new Error(`${role} sees "${MENU_COMMANDS[command]}" on the ${family} menu but may not use it`);
      }
    }
  });

  it('the menu for people not registered yet has the one big "ลงทะเบียน" tile', () => {
    const guest = richMenuDefinitions().get(GUEST_MENU)!;
    expect(guest.tiles).toEqual([{ command: 'register', text: 'ลงทะเบียน', bounds: { x: 0, y: 0, width: 2500, height: 843 } }]);
  });

  it('names are ours, unique, and carry the hash of the definition and picture', () => {
    const names = definitions.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const d of definitions) {
      expect(d.name).toBe(`esa:${d.key}:${d.hash}`);
      expect(d.request.name).toBe(d.name);
      expect(parseRichMenuName(d.name)).toEqual({ key: d.key, hash: d.hash });
      expect(d.aliasId).toMatch(/^[a-z0-9_-]{1,32}$/);
    }
    expect(new Set(definitions.map((d) => d.hash)).size).toBe(definitions.length);
    expect(parseRichMenuName('Main menu')).toBeUndefined();
    expect(parseRichMenuName('esa:teacher:xyz')).toBeUndefined();
  });
});

describe('rich menu images', () => {
  it.each(definitions.map((d) => [d.key, d] as const))('%s: the PNG has the menu size and LINE allows its weight', (_key, d) => {
    const png = renderRichMenuImage(d);
    expect(pngSize(png)).toEqual(d.request.size);
    expect(png.length).toBeLessThanOrEqual(1024 * 1024);
  });

  it.each(definitions.map((d) => [d.key, d] as const))('%s: labels are large and fit their tiles', (_key, d) => {
    const sizes = [...d.svg.matchAll(/font-weight="700" font-size="(\d+)"/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThanOrEqual(d.tiles.length);
    // At least 90 px on a 2500 px menu: about 14 pt on a phone's width.
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(90);
    for (const tile of d.tiles) {
      expect((textWidthAt100(tile.text) * sizes[0]!) / 100).toBeLessThan(tile.bounds.width - 28);
    }
  });

  it('the Sarabun font has every Thai letter of the labels (no missing-glyph boxes)', () => {
    // A missing glyph is drawn as the same .notdef box whatever the letter; real letters differ in width.
    const box = textWidthAt100('\u0e5f\u0e5f');
    // The check can tell: letters Sarabun lacks come out as that box.
    expect(textWidthAt100('中中')).toBe(box);
    for (const text of Object.values(MENU_COMMANDS)) {
      for (const char of new Set(text.replace(/[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e/]/g, ''))) {
        expect(textWidthAt100(char + char)).not.toBe(box);
      }
    }
  });

  it('the picture is drawn the same way every time, so a cached one stands for it', () => {
    const d = definitions[0]!;
    expect(renderSvgToPng(d.svg).equals(renderRichMenuImage(d))).toBe(true);
  });
});

describe('menu commands', () => {
  it('typed text with stray spaces is the same command as the tile', () => {
    expect(menuCommandOf('ข้อมูลของฉัน')).toBe('myInfo');
    expect(menuCommandOf('  ข้อมูล ของฉัน ')).toBe('myInfo');
    expect(menuCommandOf('คืนอุปกรณ์ / ยืม')).toBe('equipmentLoans');
    expect(menuCommandOf('สวัสดี')).toBeUndefined();
  });

  it('every command has its own text and says which permission it leads to', () => {
    const texts = Object.values(MENU_COMMANDS);
    expect(new Set(texts).size).toBe(texts.length);
    for (const command of Object.keys(MENU_COMMANDS) as MenuCommand[]) {
      expect(MENU_COMMAND_PERMISSIONS[command]).toBeDefined();
      expect([...MENU_COMMANDS[command]].length).toBeLessThanOrEqual(20);
    }
  });
});

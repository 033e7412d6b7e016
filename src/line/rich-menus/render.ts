import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

/**
 * Rich menu images drawn by code: an SVG of plain coloured tiles with large Thai labels, rendered to PNG by
 * resvg with the Sarabun font from a registry package (given as files, no system fonts, so every machine
 * draws the same pixels). Sarabun is the typeface of Thai government documents, which the office knows.
 */

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('@expo-google-fonts/sarabun/700Bold/Sarabun_700Bold.ttf'),
  require.resolve('@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf'),
];
const FONT_FAMILY = 'Sarabun';

/** Bump when the drawing code changes in a way the SVG text does not show (it goes into the menu's hash). */
export const RENDER_VERSION = 1;

/** The office's colours: navy and gold on a dark navy ground; contrast of every pair is at least 7:1. */
export const PALETTE = {
  ground: '#0A2A55',
  normal: { fill: '#1457A8', text: '#FFFFFF' },
  primary: { fill: '#F4B400', text: '#0A2A55' },
  self: { fill: '#FFFFFF', text: '#0A2A55' },
} as const;

export type TileStyle = 'normal' | 'primary' | 'self';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TileDrawing {
  bounds: Box;
  /** One or two lines of the label, drawn centred. */
  lines: string[];
  /** A smaller line under the label. */
  hint?: string;
  style: TileStyle;
}

const renderOptions: ResvgRenderOptions = {
  font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
};

let fontDigest: string | undefined;
/** Identifies the font files: a new font version changes the images, so it changes the menus' hashes. */
export function fontFingerprint(): string {
  if (fontDigest) return fontDigest;
  const hash = createHash('sha256');
  for (const file of FONT_FILES) hash.update(readFileSync(file));
  fontDigest = hash.digest('hex').slice(0, 16);
  return fontDigest;
}

const REFERENCE_SIZE = 100;
const widthCache = new Map<string, number>();

/** Width of a line of bold text at font size 100, as resvg lays it out (Thai marks take no width). */
export function textWidthAt100(text: string, weight: 400 | 700 = 700): number {
  const key = `${weight}:${text}`;
  const cached = widthCache.get(key);
  if (cached !== undefined) return cached;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="300">` +
    `<text x="10" y="200" font-family="${FONT_FAMILY}" font-weight="${weight}" font-size="${REFERENCE_SIZE}">${escapeXml(text)}</text></svg>`;
  const box = new Resvg(svg, renderOptions).getBBox();
  if (!box) throw new Error(`the font drew nothing for ${JSON.stringify(text)}`);
  widthCache.set(key, box.width);
  return box.width;
}

const GUTTER = 14;
const RADIUS = 40;
const LINE_HEIGHT = 1.3;
const HINT_SCALE = 0.42;

/** The largest label size at which every tile's lines fit its tile, capped so labels stay one size per menu. */
export function fittingFontSize(tiles: TileDrawing[], cap: number): number {
  let size = cap;
  for (const tile of tiles) {
    const innerWidth = tile.bounds.width - 2 * GUTTER;
    const usableWidth = innerWidth * 0.84;
    for (const line of tile.lines) size = Math.min(size, (usableWidth / textWidthAt100(line)) * REFERENCE_SIZE);
    if (tile.hint) size = Math.min(size, (usableWidth / textWidthAt100(tile.hint, 400)) * REFERENCE_SIZE / HINT_SCALE);
    const rows = tile.lines.length + (tile.hint ? HINT_SCALE * 1.2 : 0);
    size = Math.min(size, ((tile.bounds.height - 2 * GUTTER) * 0.62) / (rows * LINE_HEIGHT));
  }
  return Math.floor(size);
}

/** The menu's picture as SVG text: deterministic, so it can be hashed to tell whether a menu changed. */
export function richMenuSvg(size: { width: number; height: number }, tiles: TileDrawing[], fontSize: number): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">`,
    `<rect x="0" y="0" width="${size.width}" height="${size.height}" fill="${PALETTE.ground}"/>`,
  ];
  for (const tile of tiles) {
    const colours = PALETTE[tile.style];
    const { x, y, width, height } = tile.bounds;
    parts.push(
      `<rect x="${x + GUTTER}" y="${y + GUTTER}" width="${width - 2 * GUTTER}" height="${height - 2 * GUTTER}" rx="${RADIUS}" fill="${colours.fill}"/>`,
    );
    const hintSize = Math.round(fontSize * HINT_SCALE);
    const lineStep = fontSize * LINE_HEIGHT;
    const blockHeight = tile.lines.length * lineStep + (tile.hint ? hintSize * 1.6 : 0);
    const cx = x + width / 2;
    let top = y + height / 2 - blockHeight / 2;
    for (const line of tile.lines) {
      // The baseline sits a little below the middle of the line box: Thai has marks above and vowels below.
      const baseline = Math.round(top + lineStep / 2 + fontSize * 0.3);
      parts.push(
        `<text x="${Math.round(cx)}" y="${baseline}" text-anchor="middle" font-family="${FONT_FAMILY}" font-weight="700" font-size="${fontSize}" fill="${colours.text}">${escapeXml(line)}</text>`,
      );
      top += lineStep;
    }
    if (tile.hint) {
      const baseline = Math.round(top + hintSize * 0.8 + hintSize * 0.3);
      parts.push(
        `<text x="${Math.round(cx)}" y="${baseline}" text-anchor="middle" font-family="${FONT_FAMILY}" font-weight="400" font-size="${hintSize}" fill="${colours.text}">${escapeXml(tile.hint)}</text>`,
      );
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** Renders the SVG to PNG bytes at its own size. */
export function renderSvgToPng(svg: string): Buffer {
  return Buffer.from(new Resvg(svg, renderOptions).render().asPng());
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

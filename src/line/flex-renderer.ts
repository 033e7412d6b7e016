import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { messagingApi } from '@line/bot-sdk';
import { z } from 'zod';
import { FLEX_LIMITS, isAcceptedUri, measure, ruleFor, truncateTo, type FieldRule } from './flex-limits.ts';

/**
 * Flex messages come from plain Flex JSON in `flex-templates/` (paste into LINE's Flex Message
 * Simulator to design them). String values may hold placeholders: `{{name}}` is required,
 * `{{name?}}` is optional, and a component whose string uses a missing optional value is left out
 * (a box left with no contents goes too; an empty header/hero/body/footer is dropped).
 *
 * Values are put in by walking the parsed JSON, never by editing JSON text, so no value can change
 * the structure. Each filled field is held to LINE's limit for it (see flex-limits.ts).
 */

export type FlexValue = string | number | boolean | null | undefined;
export type FlexValues = Readonly<Record<string, FlexValue>>;
export type FlexMessage = messagingApi.FlexMessage;
export type FlexContainer = messagingApi.FlexContainer;

export const FLEX_TEMPLATES_DIR = fileURLToPath(new URL('../../flex-templates/', import.meta.url));

export class FlexTemplateError extends Error {
  readonly template: string;
  readonly placeholder: string | undefined;
  constructor(template: string, message: string, placeholder?: string) {
    super(`flex template "${template}": ${message}`);
    this.name = 'FlexTemplateError';
    this.template = template;
    this.placeholder = placeholder;
  }
}

const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(\?)?\s*\}\}/g;

const containerShape = z.object({ type: z.enum(['bubble', 'carousel']) }).loose();

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const cache = new Map<string, Json>();

/** Names of the templates in the folder (the `.sample.json` files are test data, not templates). */
export function listFlexTemplates(dir: string = FLEX_TEMPLATES_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && !file.endsWith('.sample.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** A template's parsed JSON, read once per process. */
export function loadFlexTemplate(name: string, dir: string = FLEX_TEMPLATES_DIR): Json {
  if (!TEMPLATE_NAME.test(name)) throw new FlexTemplateError(name, 'not a template name');
  const key = `${dir}\0${name}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8'));
  } catch (err) {
    throw new FlexTemplateError(name, `cannot be read: ${(err as Error).message}`);
  }
  if (!containerShape.safeParse(parsed).success) {
    throw new FlexTemplateError(name, 'top level must be a bubble or a carousel');
  }
  cache.set(key, parsed as Json);
  return parsed as Json;
}

export interface RenderOptions {
  altText: string;
  /** Where the templates are; tests point this at a fixture folder. */
  dir?: string;
}

/** Fills template `name` and returns a LINE flex message ready for the outbox. */
export function renderFlexTemplate(name: string, values: FlexValues, options: RenderOptions): FlexMessage {
  const contents = renderFlexContainer(name, values, options.dir);
  return { type: 'flex', altText: cleanAltText(name, options.altText), contents };
}

/** Several bubble templates side by side in one carousel message (at most 12). */
export function renderFlexCarousel(
  items: ReadonlyArray<{ template: string; values: FlexValues }>,
  options: RenderOptions,
): FlexMessage {
  const bubbles = items.map(({ template, values }) => {
    const container = renderFlexContainer(template, values, options.dir);
    if (container.type !== 'bubble') throw new FlexTemplateError(template, 'only bubbles can go into a carousel');
    return container;
  });
  const contents: FlexContainer = { type: 'carousel', contents: bubbles };
  checkSize('carousel', contents);
  return { type: 'flex', altText: cleanAltText('carousel', options.altText), contents };
}

export function renderFlexContainer(name: string, values: FlexValues, dir?: string): FlexContainer {
  const template = loadFlexTemplate(name, dir);
  const filled = fill(name, template, values, { parentType: undefined, parentKey: undefined, key: undefined });
  if (filled === OMIT) throw new FlexTemplateError(name, 'every part was left out');
  const container = filled as unknown as FlexContainer;
  checkSize(name, container);
  return container;
}

function cleanAltText(name: string, altText: string): string {
  const trimmed = altText.trim();
  if (trimmed === '') throw new FlexTemplateError(name, 'altText is empty');
  return truncateTo(trimmed, FLEX_LIMITS.altText, 'utf16');
}

const OMIT = Symbol('omit');
type Filled = Json | typeof OMIT;

interface Where {
  /** `type` of the object holding this value. */
  parentType: string | undefined;
  /** Key under which that object sits (`action`, `altUri`, ...). */
  parentKey: string | undefined;
  key: string | undefined;
}

const BUBBLE_BLOCKS = new Set(['header', 'hero', 'body', 'footer']);

function fill(name: string, node: Json, values: FlexValues, where: Where): Filled {
  if (typeof node === 'string') return fillString(name, node, values, where);
  if (Array.isArray(node)) {
    const out: Json[] = [];
    for (const item of node) {
      const filled = fill(name, item, values, { ...where, key: undefined });
      if (filled !== OMIT) out.push(filled);
    }
    // An emptied list takes its owner with it: a box or carousel with nothing in it is not worth sending.
    return out.length === 0 && node.length > 0 ? OMIT : out;
  }
  if (node === null || typeof node !== 'object') return node;

  const type = typeof node.type === 'string' ? node.type : undefined;
  const out: { [key: string]: Json } = {};
  for (const [key, child] of Object.entries(node)) {
    const filled = fill(name, child, values, { parentType: type, parentKey: where.key, key });
    if (filled !== OMIT) {
      out[key] = filled;
    } else if (type === 'bubble' && BUBBLE_BLOCKS.has(key)) {
      continue; // a bubble without, say, a footer is still a bubble
    } else {
      return OMIT;
    }
  }
  return out;
}

function fillString(name: string, template: string, values: FlexValues, where: Where): string | typeof OMIT {
  const rule = where.key === undefined ? undefined : ruleFor(where.parentType, where.key, where.parentKey);
  const whole = template.match(/^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\??\s*\}\}$/);
  // Written from inside the replacer; an object so the compiler does not narrow them away.
  const seen: { omitted: boolean; last: string | undefined } = { omitted: false, last: undefined };

  const result = template.replace(PLACEHOLDER, (_match, key: string, optional: string | undefined) => {
    seen.last = key;
    const value = values[key];
    if (value === undefined || value === null) {
      if (optional) {
        seen.omitted = true;
        return '';
      }
      throw new FlexTemplateError(name, `missing value for placeholder {{${key}}}`, key);
    }
    const text = String(value);
    // Inside a link a value is a part of the URL (a query value, a path segment); a whole-field
    // placeholder is the URL itself and is checked below.
    return rule?.kind === 'uri' && !whole ? encodeURIComponent(text) : text;
  });
  if (seen.omitted) return OMIT;
  if (seen.last === undefined) return template;
  return applyRule(name, result, rule, where, seen.last);
}

function applyRule(name: string, value: string, rule: FieldRule | undefined, where: Where, placeholder: string): string {
  if (!rule) return value;
  const field = where.key ?? '';
  if (rule.kind === 'uri' && !isAcceptedUri(value, field)) {
    throw new FlexTemplateError(name, `{{${placeholder}}} does not make a valid link for "${field}"`, placeholder);
  }
  if (rule.kind === 'text' && value.trim() === '' && (field === 'text' || field === 'label')) {
    throw new FlexTemplateError(name, `{{${placeholder}}} leaves "${field}" empty, which LINE refuses`, placeholder);
  }
  if (measure(value, rule.unit) <= rule.max) return value;
  if (rule.overflow === 'reject') {
    throw new FlexTemplateError(
      name,
      `{{${placeholder}}} makes "${field}" longer than LINE's ${rule.max} characters; it cannot be cut safely`,
      placeholder,
    );
  }
  return truncateTo(value, rule.max, rule.unit);
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** LINE's whole-message limits: a bubble 30 KB; a carousel 12 bubbles and 50 KB. */
export function checkSize(name: string, container: FlexContainer): void {
  if (container.type === 'bubble') {
    const bytes = jsonBytes(container);
    if (bytes > FLEX_LIMITS.bubbleBytes) {
      throw new FlexTemplateError(name, `bubble is ${bytes} bytes, over LINE's ${FLEX_LIMITS.bubbleBytes}`);
    }
    return;
  }
  if (container.contents.length > FLEX_LIMITS.carouselBubbles) {
    throw new FlexTemplateError(
      name,
      `carousel has ${container.contents.length} bubbles, over LINE's ${FLEX_LIMITS.carouselBubbles}`,
    );
  }
  for (const bubble of container.contents) checkSize(name, bubble);
  const bytes = jsonBytes(container);
  if (bytes > FLEX_LIMITS.carouselBytes) {
    throw new FlexTemplateError(name, `carousel is ${bytes} bytes, over LINE's ${FLEX_LIMITS.carouselBytes}`);
  }
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { FLEX_LIMITS } from '../../src/line/flex-limits.ts';
import {
  FLEX_TEMPLATES_DIR,
  FlexTemplateError,
  listFlexTemplates,
  renderFlexCarousel,
  renderFlexTemplate,
} from '../../src/line/flex-renderer.ts';
import { loadOpenApiValidator } from '../support/openapi.ts';

const spec = loadOpenApiValidator('messaging-api.yml');
const sampleSchema = z.object({
  altText: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

function sampleFor(name: string) {
  return sampleSchema.parse(JSON.parse(readFileSync(path.join(FLEX_TEMPLATES_DIR, `${name}.sample.json`), 'utf8')));
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** A scratch template folder, so edge cases do not depend on the shipped designs. */
function fixtureDir(templates: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flex-'));
  for (const [name, json] of Object.entries(templates)) writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(json));
  return dir;
}

const card = {
  type: 'bubble',
  body: {
    type: 'box',
    layout: 'vertical',
    contents: [
      { type: 'text', text: 'เลขที่ {{ticketNumber}}' },
      { type: 'text', text: '{{note?}}', size: 'sm' },
      {
        type: 'button',
        action: { type: 'postback', label: '{{label}}', data: '{{data}}', displayText: '{{label}}' },
      },
      { type: 'button', action: { type: 'uri', label: 'เปิด', uri: 'https://example.com/t?id={{ticketNumber}}' } },
    ],
  },
  footer: {
    type: 'box',
    layout: 'vertical',
    contents: [{ type: 'button', action: { type: 'uri', label: 'ลิงก์', uri: '{{link?}}' } }],
  },
};
const plain = {
  type: 'bubble',
  body: {
    type: 'box',
    layout: 'vertical',
    contents: [
      { type: 'text', text: 'เลขที่ {{ticketNumber}}', wrap: true },
      { type: 'button', action: { type: 'postback', label: '{{label}}', data: 'v1|x' } },
    ],
  },
};
const dir = fixtureDir({ card, plain });
const base = { ticketNumber: 'R-0001', label: 'ดูรายละเอียด', data: 'v1|t|1' };

describe('every template in flex-templates/', () => {
  const names = listFlexTemplates();

  it('ships the templates the foundation needs, each with sample data', () => {
    expect(names).toEqual(expect.arrayContaining(['help-menu', 'notice']));
  });

  it.each(names)('%s renders its sample into a FlexContainer LINE accepts, within the size limits', (name) => {
    const sample = sampleFor(name);
    const message = renderFlexTemplate(name, sample.values, { altText: sample.altText });
    expect(message.type).toBe('flex');
    expect(message.altText.length).toBeLessThanOrEqual(FLEX_LIMITS.altText);
    const { valid, errors } = spec.validate('FlexContainer', message.contents);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    expect(spec.validate('FlexMessage', message).errors).toEqual([]);
    const limit = message.contents.type === 'bubble' ? FLEX_LIMITS.bubbleBytes : FLEX_LIMITS.carouselBytes;
    expect(bytes(message.contents)).toBeLessThanOrEqual(limit);
    expect(JSON.stringify(message)).not.toMatch(/\{\{/);
  });

  it.each(names)('%s names a missing required value', (name) => {
    // Every template has at least one required placeholder; dropping all values must name one.
    expect(() => renderFlexTemplate(name, {}, { altText: 'x' })).toThrow(/missing value for placeholder \{\{\w+\}\}/);
  });
});

describe('filling values', () => {
  it('keeps quotes, braces, placeholders, newlines, emoji and Thai as plain text without breaking the JSON', () => {
    const tricky = 'เธอพูดว่า "สวัสดี" }, {"type":"uri"} {{label}} \\ \n บรรทัดใหม่ 👩‍💻🇹🇭';
    const message = renderFlexTemplate('card', { ...base, ticketNumber: tricky }, { altText: 'แจ้ง', dir });
    const body = (message.contents as { body: { contents: Array<Record<string, unknown>> } }).body;
    expect(body.contents[0]).toEqual({ type: 'text', text: `เลขที่ ${tricky}` });
    // The value inside a link is encoded as part of the URL, so it cannot change where the link goes.
    const uriAction = (body.contents[2] as { action: { uri: string } }).action;
    expect(new URL(uriAction.uri).searchParams.get('id')).toBe(tricky);
    expect(spec.validate('FlexContainer', message.contents).errors).toEqual([]);
  });

  it('leaves out the component of a missing optional value, and a box left empty', () => {
    const message = renderFlexTemplate('card', base, { altText: 'แจ้ง', dir });
    const contents = message.contents as { body: { contents: unknown[] }; footer?: unknown };
    expect(contents.body.contents).toHaveLength(3);
    expect(contents.footer).toBeUndefined();
    expect(spec.validate('FlexContainer', message.contents).errors).toEqual([]);

    const withLink = renderFlexTemplate('card', { ...base, note: 'หมายเหตุ', link: 'https://example.com/a' }, { altText: 'x', dir });
    const full = withLink.contents as { body: { contents: unknown[] }; footer?: unknown };
    expect(full.body.contents).toHaveLength(4);
    expect(full.footer).toBeDefined();
  });

  it('names the missing placeholder', () => {
    const { label: _omitted, ...rest } = base;
    try {
      renderFlexTemplate('card', rest, { altText: 'x', dir });
      throw new Error('expected a FlexTemplateError');
    } catch (err) {
      expect(err).toBeInstanceOf(FlexTemplateError);
      expect((err as FlexTemplateError).placeholder).toBe('label');
      expect((err as Error).message).toContain('{{label}}');
    }
  });
});

describe("LINE's limits", () => {
  it('cuts long text and labels to the limit without splitting a Thai character or an emoji', () => {
    const longThai = 'ที่'.repeat(1500); // 4,500 UTF-16 units; each "ที่" is one grapheme of three code units
    const longLabel = '👍🏽'.repeat(30);
    const message = renderFlexTemplate('plain', { ticketNumber: longThai, label: longLabel }, { altText: 'a'.repeat(500), dir });
    expect(message.altText.length).toBe(FLEX_LIMITS.altText);
    expect(message.altText.endsWith('…')).toBe(true);
    const body = (message.contents as { body: { contents: Array<Record<string, any>> } }).body;
    const text = body.contents[0]!.text as string;
    expect(text.length).toBeLessThanOrEqual(FLEX_LIMITS.text);
    expect(text).toMatch(/^เลขที่ (ที่)+…$/);
    const label = body.contents[1]!.action.label as string;
    expect([...new Intl.Segmenter('th', { granularity: 'grapheme' }).segment(label)]).toHaveLength(FLEX_LIMITS.label);
    expect(label).toMatch(/^(👍🏽)+…$/);
    expect(spec.validate('FlexContainer', message.contents).errors).toEqual([]);
  });

  it('refuses postback data over 300 characters instead of cutting it', () => {
    expect(() => renderFlexTemplate('card', { ...base, data: 'x'.repeat(301) }, { altText: 'x', dir })).toThrow(
      /\{\{data\}\}.*300/,
    );
    expect(() => renderFlexTemplate('card', { ...base, data: 'x'.repeat(300) }, { altText: 'x', dir })).not.toThrow();
  });

  it('refuses a link that is not a link, or one too long to send', () => {
    expect(() => renderFlexTemplate('card', { ...base, link: 'javascript:alert(1)' }, { altText: 'x', dir })).toThrow(/link/);
    const long = `https://example.com/${'a'.repeat(1000)}`;
    expect(() => renderFlexTemplate('card', { ...base, link: long }, { altText: 'x', dir })).toThrow(/1000/);
  });

  it('refuses a bubble over 30 KB and a carousel over 12 bubbles', () => {
    const wide = {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        contents: Array.from({ length: 20 }, () => ({ type: 'text', text: '{{line}}' })),
      },
    };
    const big = fixtureDir({ wide });
    // 20 texts of 2,000 Thai units (3 bytes each in UTF-8) is far over 30 KB even after each is cut.
    expect(() => renderFlexTemplate('wide', { line: 'ก'.repeat(2000) }, { altText: 'x', dir: big })).toThrow(/30000/);
    const items = Array.from({ length: 13 }, () => ({ template: 'card', values: base }));
    expect(() => renderFlexCarousel(items, { altText: 'x', dir })).toThrow(/12/);
    const ok = renderFlexCarousel(items.slice(0, 12), { altText: 'x', dir });
    expect(spec.validate('FlexContainer', ok.contents).errors).toEqual([]);
  });

  it('refuses a name that could leave the template folder', () => {
    expect(() => renderFlexTemplate('../package', {}, { altText: 'x' })).toThrow(/not a template name/);
  });
});

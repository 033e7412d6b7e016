import { describe, expect, it } from '@jest/globals';
import { CARD_BUTTONS_MAX, renderCard, renderCards, type Card } from '../../src/kit/card.ts';
import { loadOpenApiValidator } from '../support/openapi.ts';

const spec = loadOpenApiValidator('messaging-api.yml');

const base: Card = {
  headline: 'ซ่อม 2570/0001',
  status: 'รอรับงาน',
  color: 'danger',
  title: 'โรงเรียนบ้านหนองบัว',
  subtitle: 'อำเภอเมือง',
  fields: [{ text: 'จอดับ', size: 'sm', color: 'text' }, undefined, { text: 'ผู้แจ้ง: ครูสมศรี' }],
  buttons: [
    { kind: 'postback', label: 'รับงาน', data: '1.rw:accept.e30', style: 'primary', color: 'good' },
    undefined,
    { kind: 'datetime', label: 'นัดวันเข้าซ่อม', data: '1.rw:visit.e30', mode: 'datetime' },
    { kind: 'postback', label: 'ประวัติงาน', data: '1.rw:timeline.e30', style: 'link' },
  ],
};

type Bubble = { hero?: { url: string }; body: { contents: Array<{ text?: string }> }; footer: { contents: Array<{ action: { type: string; label: string } }> } };
const bubbleOf = (card: Card) => {
  const message = renderCard(card, 'การ์ด');
  expect(message.type).toBe('flex');
  const contents = (message as { contents: unknown }).contents;
  expect(spec.validate('FlexContainer', contents).errors).toEqual([]);
  return contents as Bubble;
};

describe('the kit card', () => {
  it('leaves out a subtitle or a line with nothing in it (LINE refuses an empty text): an office’s own equipment has no district', () => {
    const bubble = bubbleOf({ ...base, subtitle: '', fields: [{ text: 'จอดับ' }, { text: '  ' }, { text: 'ผู้แจ้ง: ครูสมศรี' }] });
    const texts = bubble.body.contents.map((c) => c.text).filter((t) => t !== undefined);
    expect(texts).not.toContain('');
    expect(texts).not.toContain('  ');
    expect(texts).toEqual(expect.arrayContaining(['จอดับ', 'ผู้แจ้ง: ครูสมศรี']));
  });

  it('draws the headline, status, title, the fields it has and the buttons the viewer may use, as a bubble LINE accepts', () => {
    const bubble = bubbleOf(base);
    const texts = JSON.stringify(bubble);
    for (const text of ['ซ่อม 2570/0001', 'รอรับงาน', 'โรงเรียนบ้านหนองบัว', 'จอดับ', 'ผู้แจ้ง: ครูสมศรี']) expect(texts).toContain(text);
    expect(bubble.footer.contents.map((b) => [b.action.type, b.action.label])).toEqual([
      ['postback', 'รับงาน'],
      ['datetimepicker', 'นัดวันเข้าซ่อม'],
      ['postback', 'ประวัติงาน'],
    ]);
    expect(bubble.hero).toBeUndefined();
  });

  it('a photo goes on top, and ดูรูปทั้งหมด joins the quiet links before the last one', () => {
    const bubble = bubbleOf({ ...base, photo: { url: 'https://esa.example.go.th/media/default/1?exp=1&sig=x', seeAll: { label: 'ดูรูปทั้งหมด (2)', data: '1.rw:photos.e30' } } });
    expect(bubble.hero?.url).toBe('https://esa.example.go.th/media/default/1?exp=1&sig=x');
    expect(bubble.footer.contents.map((b) => b.action.label)).toEqual(['รับงาน', 'นัดวันเข้าซ่อม', 'ดูรูปทั้งหมด (2)', 'ประวัติงาน']);
  });

  it('a button label longer than LINE’s 20 characters is cut (LINE would refuse the whole message)', () => {
    const long = '✓ โปรเจกเตอร์ (เอาออกจากการจอง)';
    const bubble = bubbleOf({ ...base, buttons: [{ kind: 'postback', label: long, data: '1.bk:need.e30' }, { kind: 'datetime', label: long, data: '1.bk:move.e30', mode: 'date' }, { kind: 'link', label: long, uri: 'https://esa.example.go.th/x' }] });
    for (const button of bubble.footer.contents) {
      expect(button.action.label.length).toBeLessThanOrEqual(20);
      expect(button.action.label.endsWith('…')).toBe(true);
    }
  });

  it('a card without buttons has no footer; a link button opens its page', () => {
    const bubble = bubbleOf({ ...base, buttons: [] });
    expect((bubble as { footer?: unknown }).footer).toBeUndefined();
    const linked = bubbleOf({ ...base, buttons: [{ kind: 'link', label: 'รายละเอียด', uri: 'https://liff.line.me/1-a/letters/7' }] });
    expect(linked.footer.contents[0]!.action).toMatchObject({ type: 'uri', label: 'รายละเอียด' });
  });

  it('more buttons than the card holds is a mistake said at once, not a card LINE refuses later', () => {
    const many = Array.from({ length: CARD_BUTTONS_MAX + 1 }, (_, i) => ({ kind: 'postback' as const, label: `ปุ่ม ${i}`, data: `d${i}` }));
    expect(() => renderCard({ ...base, buttons: many }, 'x')).toThrow(/holds/);
  });

  it('one card alone is a bubble; several go side by side in a carousel', () => {
    expect((renderCards([base], 'x') as { contents: { type: string } }).contents.type).toBe('bubble');
    const carousel = renderCards([base, base, base], 'x') as { contents: { type: string; contents: unknown[] } };
    expect(carousel.contents.type).toBe('carousel');
    expect(carousel.contents.contents).toHaveLength(3);
  });
});

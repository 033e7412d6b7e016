import { describe, expect, it } from '@jest/globals';
import { narrowByName, narrowedView, PICKER_LABELS, pickerPage, tickedLabel, tickedPickerPage, toggleChoice, type PickerPage } from '../../src/kit/picker.ts';
import { QUICK_REPLY_MAX } from '../../src/kit/steps.ts';

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, fullName: `ครู ${i + 1}` }));
const cancel = { label: 'ยกเลิก', data: 'cancel' };
const request = (n: number, offset?: number) => ({
  choices: people(n),
  button: (p: { id: number; fullName: string }) => ({ label: p.fullName, data: `pick:${p.id}` }),
  offset,
  pageData: (o: number) => `page:${o}`,
  always: [cancel],
});
const labels = (buttons: Array<{ label: string }>) => buttons.map((b) => b.label);

describe('the kit picker', () => {
  it('a list that fits is one page: every choice, then the buttons always shown', () => {
    const page = pickerPage(request(12));
    expect(page.paged).toBe(false);
    expect(page.buttons).toHaveLength(13);
    expect(page.buttons.at(-1)).toEqual(cancel);
  });

  it('a longer list is paged: never more than 13 quick replies, ถัดไป and ก่อนหน้า included', () => {
    const first = pickerPage(request(30));
    expect(first.paged).toBe(true);
    expect(first.buttons.length).toBeLessThanOrEqual(QUICK_REPLY_MAX);
    expect(labels(first.buttons)).not.toContain(PICKER_LABELS.previous);
    const next = first.buttons.find((b) => b.label === PICKER_LABELS.next)!;
    expect(next.data).toBe(`page:${first.shown.length}`);

    const second = pickerPage(request(30, first.shown.length));
    expect(second.buttons.length).toBeLessThanOrEqual(QUICK_REPLY_MAX);
    expect(labels(second.buttons)).toEqual(expect.arrayContaining([PICKER_LABELS.previous, PICKER_LABELS.next, cancel.label]));
    expect(second.buttons.find((b) => b.label === PICKER_LABELS.previous)!.data).toBe('page:0');
    expect(second.shown[0]!.id).toBe(first.shown.length + 1);
  });

  it('every choice is reachable by paging, each on exactly one page, and the last page has no ถัดไป', () => {
    const seen: number[] = [];
    let offset: number | undefined = 0;
    for (let guard = 0; offset !== undefined && guard < 10; guard++) {
      const page: PickerPage<{ id: number; fullName: string }> = pickerPage(request(30, offset));
      seen.push(...page.shown.map((p) => p.id));
      const next = page.buttons.find((b) => b.label === PICKER_LABELS.next);
      offset = next ? Number(next.data.split(':')[1]) : undefined;
    }
    expect(seen).toEqual(people(30).map((p) => p.id));
  });

  it('a page number out of range (a list that shrank meanwhile) starts again at the first page', () => {
    expect(pickerPage(request(30, 99)).shown[0]!.id).toBe(1);
  });

  it('a picker that cannot page keeps to 13 quick replies', () => {
    const page = pickerPage({ ...request(30), pageData: undefined });
    expect(page.buttons).toHaveLength(QUICK_REPLY_MAX);
    expect(page.paged).toBe(false);
  });

  it('typing part of a name narrows the choices, spaces and case ignored; nothing typed matches nothing', () => {
    const staff = [{ fullName: 'สมชาย ใจดี' }, { fullName: 'สมศรี มีสุข' }, { fullName: 'Anan Kaew' }];
    const name = (p: { fullName: string }) => p.fullName;
    expect(narrowByName(staff, 'สม', name)).toHaveLength(2);
    expect(narrowByName(staff, 'ชายใจ', name)).toEqual([staff[0]]);
    expect(narrowByName(staff, 'anan k', name)).toEqual([staff[2]]);
    expect(narrowByName(staff, '  ', name)).toEqual([]);
  });

  it('a multi-select picker ticks the chosen ones, pages like the others, and a tap toggles keeping the order of choosing', () => {
    const chosen = [3, 1];
    const page = tickedPickerPage({
      choices: people(30),
      ticked: (p) => chosen.includes(p.id),
      name: (p) => p.fullName,
      data: (p) => `pick:${p.id}`,
      pageData: (o) => `page:${o}`,
      always: [cancel],
    });
    expect(page.paged).toBe(true);
    expect(page.buttons.slice(0, 4)).toEqual([
      { label: tickedLabel('ครู 1', true), data: 'pick:1' },
      { label: 'ครู 2', data: 'pick:2' },
      { label: '✓ ครู 3', data: 'pick:3' },
      { label: 'ครู 4', data: 'pick:4' },
    ]);
    expect(labels(page.buttons).slice(-2)).toEqual([PICKER_LABELS.next, cancel.label]);
    expect(toggleChoice(chosen, 1)).toEqual([3]);
    expect(toggleChoice(chosen, 2)).toEqual([3, 1, 2]);
    expect(chosen).toEqual([3, 1]);
  });

  it('a multi-select picker keeps the view a typed name narrowed it to, with แสดงทั้งหมด on every page; nothing typed or nothing found shows all', () => {
    const all = [...people(200), { id: 999, fullName: 'ผอ. สมศรี' }];
    expect(narrowedView(all, undefined, (p) => p.fullName)).toEqual({ shown: all, narrowed: false });
    expect(narrowedView(all, 'ไม่มีชื่อนี้', (p) => p.fullName)).toEqual({ shown: all, narrowed: false });
    const view = narrowedView(all, 'ครู 1', (p) => p.fullName);
    expect(view.narrowed).toBe(true);
    expect(view.shown).toHaveLength(111); // ครู 1, 10–19, 100–199
    const page = (offset?: number) =>
      tickedPickerPage({ choices: view.shown, ticked: (p) => p.id === 10, name: (p) => p.fullName, data: (p) => `pick:${p.id}`, offset, pageData: (o) => `page:${o}`, showAllData: 'all', always: [cancel] });
    const first = page();
    expect(first.buttons.length).toBeLessThanOrEqual(QUICK_REPLY_MAX);
    expect(page(9).buttons).toHaveLength(QUICK_REPLY_MAX);
    expect(first.buttons).toContainEqual({ label: '✓ ครู 10', data: 'pick:10' });
    expect(labels(first.buttons).slice(-3)).toEqual([PICKER_LABELS.next, PICKER_LABELS.showAll, cancel.label]);
    expect(first.buttons.at(-2)).toEqual({ label: PICKER_LABELS.showAll, data: 'all' });
    const short = tickedPickerPage({ choices: [{ id: 1, fullName: 'โรงเรียนบ้านหนองบัวทอง' }], ticked: () => true, name: (p) => p.fullName.replace('โรงเรียน', ''), displayText: (p) => p.fullName, data: () => 'pick:1' });
    expect(short.buttons[0]).toEqual({ label: '✓ บ้านหนองบัวทอง', data: 'pick:1', displayText: 'โรงเรียนบ้านหนองบัวทอง' });
    expect(labels(page(9).buttons).slice(-4)).toEqual([PICKER_LABELS.previous, PICKER_LABELS.next, PICKER_LABELS.showAll, cancel.label]);
  });
});

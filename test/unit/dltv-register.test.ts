import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  DEVICE_STATES,
  DLTV_CLASSROOMS_QUESTION,
  DLTV_DEVICES,
  describeRegisterLine,
  registerEntriesOf,
  registerLineFor,
  registerSummary,
  type RegisterLine,
} from '../../src/domain/repair/dltv-register.ts';
import { findQuestion, parseFormDefinition, type FormDefinition } from '../../src/domain/surveys/form.ts';

/** Which survey answers feed the DLTV register, and how its lines read on a phone. */

const parsed = parseFormDefinition(JSON.parse(readFileSync(new URL('../../scripts/surveys/dltv-equipment.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const template: FormDefinition = parsed.form;
/** The template as a stored form carries it. */
const stored = { key: template.key, definition: template };
const at = new Date('2026-12-06T03:00:00Z');
const line = (classroom: string, states: Partial<RegisterLine> = {}): RegisterLine => ({ classroom, note: null, dish: 'good', lnb: 'good', receiver: 'good', tv: 'good', updatedAt: at, ...states });

describe('the DLTV template', () => {
  it('asks a table of classrooms whose device columns offer exactly the register\'s states', () => {
    const table = findQuestion(template, DLTV_CLASSROOMS_QUESTION);
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    for (const device of DLTV_DEVICES) {
      expect(table.columns.find((c) => c.id === device)?.options?.map((o) => o.value)).toEqual([...DEVICE_STATES]);
    }
  });
});

describe('register entries of a response', () => {
  it('one per classroom row, names tidied, a repeated classroom kept as "(2)", unknown states as null', () => {
    const entries = registerEntriesOf(stored, {
      uses_dltv: true,
      [DLTV_CLASSROOMS_QUESTION]: [
        { classroom: ' ป.1 ', dish: 'good', lnb: 'broken', receiver: 'good', tv: 'partial', note: ' ' },
        { classroom: 'ป. 1', dish: 'gone', lnb: 'good', receiver: 'good', tv: 'none', note: 'ยืมไปห้องอื่น' },
        { classroom: '', dish: 'good', lnb: 'good', receiver: 'good', tv: 'good', note: null },
      ],
    });
    expect(entries).toEqual([
      { classroom: 'ป.1', note: null, dish: 'good', lnb: 'broken', receiver: 'good', tv: 'partial' },
      { classroom: 'ป. 1 (2)', note: 'ยืมไปห้องอื่น', dish: null, lnb: 'good', receiver: 'good', tv: 'none' },
    ]);
  });

  it('a school without DLTV gives no lines; another form, or a version without the table, leaves the register alone', () => {
    expect(registerEntriesOf(stored, { uses_dltv: false })).toEqual([]);
    expect(registerEntriesOf({ ...stored, key: 'internet_check' }, { [DLTV_CLASSROOMS_QUESTION]: [] })).toBeNull();
    const sections = template.sections.map((s) => ({ ...s, questions: s.questions.filter((q) => q.id !== DLTV_CLASSROOMS_QUESTION) }));
    expect(registerEntriesOf({ ...stored, definition: { sections } }, { uses_dltv: true })).toBeNull();
  });
});

describe('the register as the repair flows show it', () => {
  it('a line names each device\'s state in a few words', () => {
    expect(describeRegisterLine(line('ป.2', { lnb: 'broken', tv: null, note: 'ขึ้นสนิม' }))).toBe('ป.2: จาน ใช้ได้ · LNB เสีย · กล่อง ใช้ได้ · ทีวี - (ขึ้นสนิม)');
  });

  it('the fault\'s classroom alone when the register has it ("ห้อง ป. 4/1" is "ป.4/1"), otherwise the first classrooms', () => {
    const lines = Array.from({ length: 8 }, (_, i) => line(`ป.${i + 1}`));
    expect(registerLineFor(lines, 'ห้อง ป. 3')?.classroom).toBe('ป.3');
    const own = registerSummary(lines, 'ห้องป.3')!;
    expect(own.split('\n')).toEqual(['ทะเบียนอุปกรณ์ DLTV ของโรงเรียน (สำรวจ 6 ธันวาคม 2569)', '• ป.3: จาน ใช้ได้ · LNB ใช้ได้ · กล่อง ใช้ได้ · ทีวี ใช้ได้']);
    const all = registerSummary(lines, 'ห้องสมุด')!.split('\n');
    expect(all).toHaveLength(1 + 6 + 1);
    expect(all.at(-1)).toBe('และอีก 2 ห้อง');
    expect(registerSummary([], null)).toBeNull();
  });
});

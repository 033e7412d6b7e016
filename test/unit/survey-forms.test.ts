import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  answerableInChat,
  describeAnswer,
  keepVisible,
  nextQuestion,
  possibleQuestions,
  SURVEY_MESSAGES,
  validateAnswer,
  validateResponse,
  visibleQuestions,
  type Answers,
} from '../../src/domain/surveys/answers.ts';
import { findQuestion, parseFormDefinition, type FormDefinition, type FormDefinitionInput, type Question } from '../../src/domain/surveys/form.ts';
import { answerFromText, fromPage, readDate, readNumber } from '../../src/domain/surveys/typed.ts';
import { responseRates, responseRow, summarizeResponses } from '../../src/domain/surveys/results.ts';

const definition = (sections: FormDefinitionInput['sections'], respondent: 'school' | 'person' = 'school'): FormDefinitionInput => ({
  format: 1,
  key: 'test_form',
  version: 1,
  title: 'แบบทดสอบ',
  respondent,
  sections,
});

function form(input: FormDefinitionInput): FormDefinition {
  const parsed = parseFormDefinition(input);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.form;
}

const problemsOf = (input: unknown) => {
  const parsed = parseFormDefinition(input);
  return parsed.ok ? [] : parsed.problems;
};

/** A small form with a condition: DLTV questions only for a school that uses DLTV. */
const dltv = form(
  definition([
    {
      id: 'a',
      title: 'DLTV',
      questions: [
        { id: 'uses', kind: 'yes_no', label: 'ใช้ DLTV ไหม', required: true },
        { id: 'rooms', kind: 'number', label: 'จำนวนห้อง', unit: 'ห้อง', min: 1, max: 30, integer: true, required: true, showWhen: { question: 'uses', equals: true } },
        {
          id: 'dish',
          kind: 'single_choice',
          label: 'ชนิดจาน',
          options: [
            { value: 'ku', label: 'KU-Band' },
            { value: 'c', label: 'C-Band' },
          ],
          showWhen: { question: 'uses', equals: true },
        },
        { id: 'lnb', kind: 'yes_no', label: 'LNB ใหม่ไหม', showWhen: { question: 'dish', anyOf: ['c'] } },
      ],
    },
    { id: 'b', title: 'ทั่วไป', questions: [{ id: 'note', kind: 'text', label: 'หมายเหตุ', maxLength: 10 }] },
  ]),
);

const q = (f: FormDefinition, id: string): Question => findQuestion(f, id)!;
const ids = (questions: Question[]) => questions.map((x) => x.id);

describe('a form definition', () => {
  it('the demo forms shipped with the scripts are valid definitions', () => {
    for (const file of ['dltv-equipment.json', 'internet-check.json', 'dlit-usage.json', 'follow-up-feedback.json']) {
      const raw = JSON.parse(readFileSync(new URL(`../../scripts/surveys/${file}`, import.meta.url), 'utf8'));
      expect(problemsOf(raw)).toEqual([]);
    }
  });

  it('fills in the defaults: not required, text at most 200 characters, a table of at most 50 rows', () => {
    const f = form(
      definition([
        {
          id: 's',
          title: 'ส่วน',
          questions: [
            { id: 't', kind: 'text', label: 'ข้อความ' },
            { id: 'tab', kind: 'table', label: 'ตาราง', columns: [{ id: 'item', label: 'รายการ', kind: 'text' }] },
          ],
        },
      ]),
    );
    expect(q(f, 't')).toMatchObject({ required: false, maxLength: 200 });
    expect(q(f, 'tab')).toMatchObject({ maxRows: 50, rowLabel: 'รายการ' });
  });

  it('refuses a question id used twice, even across sections', () => {
    const problems = problemsOf(
      definition([
        { id: 's1', title: 'หนึ่ง', questions: [{ id: 'x', kind: 'text', label: 'ก' }] },
        { id: 's2', title: 'สอง', questions: [{ id: 'x', kind: 'yes_no', label: 'ข' }] },
      ]),
    );
    expect(problems.join()).toMatch(/"x" is used twice/);
  });

  it('refuses a condition on a later or unknown question', () => {
    const problems = problemsOf(
      definition([
        {
          id: 's',
          title: 'ส่วน',
          questions: [
            { id: 'first', kind: 'text', label: 'ก', showWhen: { question: 'second', equals: true } },
            { id: 'second', kind: 'yes_no', label: 'ข' },
          ],
        },
      ]),
    );
    expect(problems.join()).toMatch(/"second", which is not an earlier question/);
  });

  it('refuses a condition whose value the question cannot have', () => {
    const choice = { id: 'c', kind: 'single_choice' as const, label: 'ก', options: [{ value: 'a', label: 'เอ' }, { value: 'b', label: 'บี' }] };
    expect(problemsOf(definition([{ id: 's', title: 'ส', questions: [choice, { id: 'd', kind: 'text', label: 'ข', showWhen: { question: 'c', equals: 'z' } }] }])).join()).toMatch(
      /"z" is not an option/,
    );
    expect(
      problemsOf(definition([{ id: 's', title: 'ส', questions: [{ id: 'y', kind: 'yes_no', label: 'ก' }, { id: 'd', kind: 'text', label: 'ข', showWhen: { question: 'y', equals: 'ใช่' } }] }])).join(),
    ).toMatch(/true or false/);
    expect(
      problemsOf(definition([{ id: 's', title: 'ส', questions: [{ id: 'p', kind: 'photo', label: 'รูป' }, { id: 'd', kind: 'text', label: 'ข', showWhen: { question: 'p', equals: 'x' } }] }])).join(),
    ).toMatch(/cannot depend on the photo question/);
  });

  it('refuses a range upside down, repeated option values, a choice column without options, a scale without five labels', () => {
    const problems = problemsOf(
      definition([
        {
          id: 's',
          title: 'ส',
          questions: [
            { id: 'n', kind: 'number', label: 'ก', min: 10, max: 1 },
            { id: 'c', kind: 'single_choice', label: 'ข', options: [{ value: 'a', label: 'เอ' }, { value: 'a', label: 'อีกเอ' }] },
            { id: 't', kind: 'table', label: 'ค', columns: [{ id: 'u', label: 'ความเร่งด่วน', kind: 'single_choice' }] },
            { id: 'sc', kind: 'scale', label: 'ง', labels: ['1', '2', '3'] },
          ],
        },
      ]),
    ).join('\n');
    expect(problems).toMatch(/"n": min is above max/);
    expect(problems).toMatch(/"c": option values must differ/);
    expect(problems).toMatch(/column "u": a choice column needs options/);
    expect(problems).toMatch(/sections\.0\.questions\.3\.labels/);
  });

  it('refuses an unknown kind, a bad id and an unknown format', () => {
    expect(problemsOf(definition([{ id: 's', title: 'ส', questions: [{ id: 'x', kind: 'slider', label: 'ก' } as never] }])).length).toBeGreaterThan(0);
    expect(problemsOf(definition([{ id: 's', title: 'ส', questions: [{ id: 'Bad Id', kind: 'text', label: 'ก' }] }])).join()).toMatch(/id: a–z/);
    expect(problemsOf({ ...definition([{ id: 's', title: 'ส', questions: [{ id: 'x', kind: 'text', label: 'ก' }] }]), format: 2 }).length).toBeGreaterThan(0);
  });
});

describe('which questions are shown', () => {
  it('a conditional question is hidden until the earlier answer holds', () => {
    expect(ids(visibleQuestions(dltv, {}))).toEqual(['uses', 'note']);
    expect(ids(visibleQuestions(dltv, { uses: false }))).toEqual(['uses', 'note']);
    expect(ids(visibleQuestions(dltv, { uses: true }))).toEqual(['uses', 'rooms', 'dish', 'note']);
    expect(ids(visibleQuestions(dltv, { uses: true, dish: 'c' }))).toEqual(['uses', 'rooms', 'dish', 'lnb', 'note']);
  });

  it('an answer to a hidden question does not show what depends on it (conditions chain)', () => {
    expect(ids(visibleQuestions(dltv, { uses: false, dish: 'c' }))).toEqual(['uses', 'note']);
  });

  it('a condition on a multiple choice holds when the value is among the chosen', () => {
    const f = form(
      definition([
        {
          id: 's',
          title: 'ส',
          questions: [
            { id: 'p', kind: 'multiple_choice', label: 'ปัญหา', options: [{ value: 'tv', label: 'ทีวี' }, { value: 'rx', label: 'กล่อง' }] },
            { id: 'tv_count', kind: 'number', label: 'ทีวีเสียกี่เครื่อง', showWhen: { question: 'p', equals: 'tv' } },
          ],
        },
      ]),
    );
    expect(ids(visibleQuestions(f, { p: ['rx'] }))).toEqual(['p']);
    expect(ids(visibleQuestions(f, { p: ['rx', 'tv'] }))).toEqual(['p', 'tv_count']);
  });

  it('keepVisible drops the answers of questions an earlier answer now hides', () => {
    expect(keepVisible(dltv, { uses: false, rooms: 3, dish: 'ku', note: 'x' })).toEqual({ uses: false, note: 'x' });
  });
});

describe('one answer', () => {
  it('a required question left empty is refused; an optional one is kept as null', () => {
    expect(validateAnswer(q(dltv, 'uses'), null)).toEqual({ ok: false, message: SURVEY_MESSAGES.required });
    expect(validateAnswer(q(dltv, 'note'), '   ')).toEqual({ ok: true, value: null });
  });

  it('a number typed in the web page’s text box comes as text and is read as the chat reads it (Thai digits, the unit)', () => {
    expect(validateAnswer(q(dltv, 'rooms'), fromPage(q(dltv, 'rooms'), '๑๒'))).toEqual({ ok: true, value: 12 });
    expect(validateAnswer(q(dltv, 'rooms'), fromPage(q(dltv, 'rooms'), '12 ห้อง'))).toEqual({ ok: true, value: 12 });
    expect(validateAnswer(q(dltv, 'rooms'), fromPage(q(dltv, 'rooms'), 'สิบสอง'))).toEqual({ ok: false, message: SURVEY_MESSAGES.notANumber });
  });

  it('a number outside its range is refused with the range and unit in Thai', () => {
    expect(validateAnswer(q(dltv, 'rooms'), 0)).toEqual({ ok: false, message: 'กรุณาตอบตัวเลขตั้งแต่ 1 ถึง 30 ห้อง ค่ะ' });
    expect(validateAnswer(q(dltv, 'rooms'), 2.5)).toEqual({ ok: false, message: SURVEY_MESSAGES.notWhole });
    expect(validateAnswer(q(dltv, 'rooms'), '3')).toEqual({ ok: false, message: SURVEY_MESSAGES.notANumber });
    expect(validateAnswer(q(dltv, 'rooms'), 30)).toEqual({ ok: true, value: 30 });
  });

  it('text is trimmed and held to its length', () => {
    expect(validateAnswer(q(dltv, 'note'), '  สั้น ')).toEqual({ ok: true, value: 'สั้น' });
    expect(validateAnswer(q(dltv, 'note'), 'ยาวเกินสิบตัวอักษร')).toEqual({ ok: false, message: SURVEY_MESSAGES.tooLong(10) });
  });

  it('a choice must be one of the options; several are kept in the options order, at most maxSelected', () => {
    expect(validateAnswer(q(dltv, 'dish'), 'x').ok).toBe(false);
    const multi = form(
      definition([
        {
          id: 's',
          title: 'ส',
          questions: [{ id: 'm', kind: 'multiple_choice', label: 'ก', maxSelected: 2, options: [{ value: 'a', label: 'เอ' }, { value: 'b', label: 'บี' }, { value: 'c', label: 'ซี' }] }],
        },
      ]),
    );
    expect(validateAnswer(q(multi, 'm'), ['c', 'a', 'c'])).toEqual({ ok: true, value: ['a', 'c'] });
    expect(validateAnswer(q(multi, 'm'), ['a', 'b', 'c'])).toEqual({ ok: false, message: SURVEY_MESSAGES.tooManyChosen(2) });
    expect(validateAnswer(q(multi, 'm'), ['a', 'z'])).toEqual({ ok: false, message: SURVEY_MESSAGES.notAnOption });
  });

  it('a scale is 1 to 5, a date a real day within its range, yes/no a boolean', () => {
    const f = form(
      definition([
        {
          id: 's',
          title: 'ส',
          questions: [
            { id: 'sc', kind: 'scale', label: 'ก', labels: ['1', '2', '3', '4', '5'] },
            { id: 'd', kind: 'date', label: 'ข', min: '2026-10-01', max: '2027-09-30' },
            { id: 'y', kind: 'yes_no', label: 'ค' },
          ],
        },
      ]),
    );
    expect(validateAnswer(q(f, 'sc'), 6)).toEqual({ ok: false, message: SURVEY_MESSAGES.notOnScale });
    expect(validateAnswer(q(f, 'sc'), 5)).toEqual({ ok: true, value: 5 });
    expect(validateAnswer(q(f, 'd'), '2027-02-30')).toEqual({ ok: false, message: SURVEY_MESSAGES.notADate });
    expect(validateAnswer(q(f, 'd'), '2026-09-30')).toEqual({ ok: false, message: 'กรุณาเลือกวันที่ตั้งแต่ 1 ตุลาคม 2569 เป็นต้นไปค่ะ' });
    expect(validateAnswer(q(f, 'd'), '2027-01-15')).toEqual({ ok: true, value: '2027-01-15' });
    expect(validateAnswer(q(f, 'y'), 'yes')).toEqual({ ok: false, message: SURVEY_MESSAGES.notYesNo });
  });

  it('photos are media ids up to the limit; a place has its coordinates', () => {
    const f = form(
      definition([
        {
          id: 's',
          title: 'ส',
          questions: [
            { id: 'p', kind: 'photo', label: 'รูป', maxPhotos: 2 },
            { id: 'l', kind: 'location', label: 'ที่ตั้ง' },
          ],
        },
      ]),
    );
    expect(validateAnswer(q(f, 'p'), [4, 4, 5])).toEqual({ ok: true, value: [4, 5] });
    expect(validateAnswer(q(f, 'p'), [1, 2, 3])).toEqual({ ok: false, message: SURVEY_MESSAGES.tooManyPhotos(2) });
    expect(validateAnswer(q(f, 'l'), { latitude: 15.8, longitude: 101.9 }).ok).toBe(true);
    expect(validateAnswer(q(f, 'l'), { latitude: 200, longitude: 101.9 })).toEqual({ ok: false, message: SURVEY_MESSAGES.notALocation });
  });

  it('a table checks every row by its columns, drops blank rows, and says which row and column is wrong', () => {
    const f = form(
      definition([
        {
          id: 's',
          title: 'ส',
          questions: [
            {
              id: 'needs',
              kind: 'table',
              label: 'ต้องการ',
              required: true,
              maxRows: 2,
              columns: [
                { id: 'item', label: 'รายการ', kind: 'text', required: true },
                { id: 'qty', label: 'จำนวน', kind: 'number', required: true, min: 1, integer: true },
                { id: 'urgency', label: 'ความเร่งด่วน', kind: 'single_choice', options: [{ value: 'high', label: 'มาก' }, { value: 'low', label: 'น้อย' }] },
              ],
            },
          ],
        },
      ]),
    );
    const table = q(f, 'needs');
    expect(validateAnswer(table, [{ item: 'โน้ตบุ๊ก', qty: 2, urgency: 'high' }, { item: '', qty: null }])).toEqual({
      ok: true,
      value: [{ item: 'โน้ตบุ๊ก', qty: 2, urgency: 'high' }],
    });
    expect(validateAnswer(table, [{ item: '', qty: null }])).toEqual({ ok: false, message: SURVEY_MESSAGES.required });
    expect(validateAnswer(table, [{ item: 'ทีวี', qty: 0 }])).toEqual({ ok: false, message: 'รายการที่ 1 ช่อง "จำนวน": กรุณาตอบตั้งแต่ 1 ขึ้นไปค่ะ' });
    expect(validateAnswer(table, [{ item: 'ก', qty: 1, urgency: 'x' }]).ok).toBe(false);
    expect(validateAnswer(table, [{ item: 'ก', qty: 1 }, { item: 'ข', qty: 1 }, { item: 'ค', qty: 1 }])).toEqual({ ok: false, message: SURVEY_MESSAGES.tooManyRows(2, 'รายการ') });
  });
});

describe('every kind of question', () => {
  /** One question of each kind, required; its empty answers are what the chat and the page send when nothing is given. */
  const everyKind = form(
    definition([
      {
        id: 'all',
        title: 'ทุกชนิด',
        questions: [
          { id: 'text', kind: 'text', label: 'ชื่อ', required: true, maxLength: 5 },
          { id: 'long', kind: 'long_text', label: 'รายละเอียด', required: true, maxLength: 20 },
          { id: 'num', kind: 'number', label: 'จำนวน', unit: 'เครื่อง', min: 0, max: 100, required: true },
          { id: 'one', kind: 'single_choice', label: 'เลือกหนึ่ง', required: true, options: [{ value: 'a', label: 'เอ' }, { value: 'b', label: 'บี' }] },
          { id: 'many', kind: 'multiple_choice', label: 'เลือกหลาย', required: true, options: [{ value: 'a', label: 'เอ' }, { value: 'b', label: 'บี' }] },
          { id: 'level', kind: 'scale', label: 'ระดับ', required: true, labels: ['1', '2', '3', '4', '5'] },
          { id: 'day', kind: 'date', label: 'วันที่', required: true },
          { id: 'yn', kind: 'yes_no', label: 'ใช่ไหม', required: true },
          { id: 'pic', kind: 'photo', label: 'รูป', required: true },
          { id: 'place', kind: 'location', label: 'ที่ตั้ง', required: true },
          { id: 'rows', kind: 'table', label: 'ตาราง', required: true, columns: [{ id: 'item', label: 'รายการ', kind: 'text' }] },
          // Conditions on a level, a number and a date: asked only for a low level, many machines, a day in 2570.
          { id: 'why_low', kind: 'long_text', label: 'เหตุผล', required: true, showWhen: { question: 'level', anyOf: [1, 2] } },
          { id: 'big', kind: 'yes_no', label: 'ห้องใหญ่ไหม', showWhen: { question: 'num', equals: 100 } },
          { id: 'on_day', kind: 'text', label: 'ที่ไหน', showWhen: { question: 'day', equals: '2027-01-15' } },
        ],
      },
    ]),
  );
  const kinds = ['text', 'long', 'num', 'one', 'many', 'level', 'day', 'yn', 'pic', 'place', 'rows'];
  const empties: Record<string, unknown[]> = {
    text: [null, undefined, '', '   '],
    long: [null, '', '\n  \n'],
    num: [null, undefined],
    one: [null, ''],
    many: [null, []],
    level: [null],
    day: [null, ''],
    yn: [null, undefined],
    pic: [null, []],
    place: [null],
    rows: [null, [], [{ item: '' }, { item: null }]],
  };

  it('the form covers every kind the engine knows', () => {
    expect(new Set(everyKind.sections[0]!.questions.slice(0, kinds.length).map((x) => x.kind))).toEqual(
      new Set(['text', 'long_text', 'number', 'single_choice', 'multiple_choice', 'scale', 'date', 'yes_no', 'photo', 'location', 'table']),
    );
  });

  it('a required question of any kind left empty is refused with the Thai message; optional, it is kept as null', () => {
    for (const id of kinds) {
      const required = q(everyKind, id);
      const optional = { ...required, required: false } as Question;
      for (const empty of empties[id]!) {
        expect([id, validateAnswer(required, empty)]).toEqual([id, { ok: false, message: SURVEY_MESSAGES.required }]);
        expect([id, validateAnswer(optional, empty)]).toEqual([id, { ok: true, value: null }]);
      }
    }
  });

  it('an answer of the wrong shape is refused with its kind\'s message', () => {
    const refusals: Array<[string, unknown, string]> = [
      ['text', 'ยาวเกินห้า', SURVEY_MESSAGES.tooLong(5)],
      ['long', 'ก'.repeat(21), SURVEY_MESSAGES.tooLong(20)],
      ['num', 'สิบ', SURVEY_MESSAGES.notANumber],
      ['num', 101, SURVEY_MESSAGES.between(0, 100, 'เครื่อง')],
      ['one', 'c', SURVEY_MESSAGES.notAnOption],
      ['many', ['a', 'c'], SURVEY_MESSAGES.notAnOption],
      ['level', 6, SURVEY_MESSAGES.notOnScale],
      ['day', '2027-02-30', SURVEY_MESSAGES.notADate],
      ['yn', 'ใช่', SURVEY_MESSAGES.notYesNo],
      ['pic', ['x'], SURVEY_MESSAGES.notPhotos],
      ['place', { latitude: 95, longitude: 100 }, SURVEY_MESSAGES.notALocation],
      ['rows', 'รายการเดียว', SURVEY_MESSAGES.notATable],
    ];
    for (const [id, value, message] of refusals) expect([id, validateAnswer(q(everyKind, id), value)]).toEqual([id, { ok: false, message }]);
    expect(validateAnswer(q(everyKind, 'long'), '  หนึ่ง\nสอง  ')).toEqual({ ok: true, value: 'หนึ่ง\nสอง' });
  });

  it('conditions on a level, a number and a date show their question only when the answer holds, and a whole response asks for it then', () => {
    const shown = (answers: Answers) => ids(visibleQuestions(everyKind, answers)).filter((id) => !kinds.includes(id));
    expect(shown({})).toEqual([]);
    expect(shown({ level: 2, num: 100, day: '2027-01-15' })).toEqual(['why_low', 'big', 'on_day']);
    expect(shown({ level: 3, num: 99, day: '2027-01-16' })).toEqual([]);
    const full: Answers = { text: 'ก', long: 'ข', num: 1, one: 'a', many: ['b'], level: 1, day: '2027-01-01', yn: true, pic: [7], place: { latitude: 16, longitude: 102 }, rows: [{ item: 'ค' }] };
    const missing = validateResponse(everyKind, full);
    expect(missing.ok ? [] : missing.problems).toEqual([{ questionId: 'why_low', message: SURVEY_MESSAGES.required }]);
    expect(validateResponse(everyKind, { ...full, level: 4, why_low: 'ไม่ต้องถาม' })).toEqual({ ok: true, answers: { ...full, level: 4 } });
  });
});

describe('a whole response', () => {
  it('every required question that is shown must be answered; hidden ones are not asked for', () => {
    expect(validateResponse(dltv, { uses: false })).toEqual({ ok: true, answers: { uses: false } });
    const missing = validateResponse(dltv, { uses: true });
    expect(missing.ok).toBe(false);
    expect(missing.ok ? [] : missing.problems).toEqual([{ questionId: 'rooms', message: SURVEY_MESSAGES.required }]);
  });

  it('answers to hidden and unknown questions are dropped from what is kept', () => {
    const checked = validateResponse(dltv, { uses: false, rooms: 99, dish: 'c', lnb: true, stray: 'x', note: ' ok ' } as Answers);
    expect(checked).toEqual({ ok: true, answers: { uses: false, note: 'ok' } });
  });

  it('names every invalid answer', () => {
    const checked = validateResponse(dltv, { uses: true, rooms: 99, dish: 'z', note: 'ยาวเกินสิบตัวอักษร' });
    expect(checked.ok ? [] : checked.problems.map((p) => p.questionId)).toEqual(['rooms', 'dish', 'note']);
  });
});

describe('the next question in the chat', () => {
  it('asks the shown questions in order, skipping the hidden ones, then none', () => {
    expect(nextQuestion(dltv, {})?.id).toBe('uses');
    expect(nextQuestion(dltv, { uses: true })?.id).toBe('rooms');
    expect(nextQuestion(dltv, { uses: false })?.id).toBe('note');
    expect(nextQuestion(dltv, { uses: true, rooms: 2, dish: 'ku' })?.id).toBe('note');
    expect(nextQuestion(dltv, { uses: true, rooms: 2, dish: 'c' })?.id).toBe('lnb');
    // An optional question left empty is answered (null): it is not asked again.
    expect(nextQuestion(dltv, { uses: false, note: null })).toBeNull();
  });

  it('a short form of chat kinds (a photo and a place too) is answered in the chat; a table or more than five questions need the page', () => {
    expect(answerableInChat(dltv)).toBe(true);
    const media = form(definition([{ id: 's', title: 'ส', questions: [{ id: 'p', kind: 'photo' as const, label: 'รูป' }, { id: 'l', kind: 'location' as const, label: 'ที่ตั้ง' }] }]));
    expect(answerableInChat(media)).toBe(true);
    const demo = parseFormDefinition(JSON.parse(readFileSync(new URL('../../scripts/surveys/dltv-equipment.json', import.meta.url), 'utf8')));
    expect(demo.ok && answerableInChat(demo.form)).toBe(false);
    const six = form(definition([{ id: 's', title: 'ส', questions: Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, kind: 'text' as const, label: `ข้อ ${i}` })) }]));
    expect(answerableInChat(six)).toBe(false);
  });
});

describe('answers typed in the chat', () => {
  it('reads numbers with Thai digits, thousands separators and the unit typed after', () => {
    expect(readNumber('๑๒')).toBe(12);
    expect(readNumber('1,250')).toBe(1250);
    expect(readNumber('12 ห้อง', 'ห้อง')).toBe(12);
    expect(readNumber('สิบสอง')).toBeNull();
    expect(answerFromText(q(dltv, 'rooms'), '๕ ห้อง')).toEqual({ ok: true, value: 5 });
    expect(answerFromText(q(dltv, 'rooms'), 'หลายห้อง')).toEqual({ ok: false, message: SURVEY_MESSAGES.notANumber });
    expect(answerFromText(q(dltv, 'rooms'), '45')).toEqual({ ok: false, message: 'กรุณาตอบตัวเลขตั้งแต่ 1 ถึง 30 ห้อง ค่ะ' });
  });

  it('reads dates with the Buddhist or the Christian year', () => {
    expect(readDate('15/1/2570')).toBe('2027-01-15');
    expect(readDate('๑๕/๐๑/๒๕๗๐')).toBe('2027-01-15');
    expect(readDate('2027-01-15')).toBe('2027-01-15');
    expect(readDate('31/2/2570')).toBeNull();
    expect(readDate('พรุ่งนี้')).toBeNull();
  });

  it('reads yes/no, an option by its number or name, several options, a scale by number or label', () => {
    expect(answerFromText(q(dltv, 'uses'), 'ใช่')).toEqual({ ok: true, value: true });
    expect(answerFromText(q(dltv, 'uses'), 'ไม่มี')).toEqual({ ok: true, value: false });
    expect(answerFromText(q(dltv, 'uses'), 'อาจจะ')).toEqual({ ok: false, message: SURVEY_MESSAGES.notYesNo });
    expect(answerFromText(q(dltv, 'dish'), '2')).toEqual({ ok: true, value: 'c' });
    expect(answerFromText(q(dltv, 'dish'), 'ku-band')).toEqual({ ok: true, value: 'ku' });
    expect(answerFromText(q(dltv, 'dish'), '3')).toEqual({ ok: false, message: SURVEY_MESSAGES.notAnOption });
    const f = form(
      definition([
        {
          id: 's',
          title: 'ส',
          questions: [
            { id: 'm', kind: 'multiple_choice', label: 'ก', options: [{ value: 'a', label: 'เอ' }, { value: 'b', label: 'บี' }, { value: 'c', label: 'ซี' }] },
            { id: 'sc', kind: 'scale', label: 'ข', labels: ['น้อยที่สุด', 'น้อย', 'ปานกลาง', 'มาก', 'มากที่สุด'] },
          ],
        },
      ]),
    );
    expect(answerFromText(q(f, 'm'), '3, 1')).toEqual({ ok: true, value: ['a', 'c'] });
    expect(answerFromText(q(f, 'm'), '1 9')).toEqual({ ok: false, message: SURVEY_MESSAGES.notAnOption });
    expect(answerFromText(q(f, 'sc'), 'มาก')).toEqual({ ok: true, value: 4 });
    expect(answerFromText(q(f, 'sc'), '0')).toEqual({ ok: false, message: SURVEY_MESSAGES.notOnScale });
  });

  it('the summary describes answers in Thai', () => {
    expect(describeAnswer(q(dltv, 'rooms'), 3)).toBe('3 ห้อง');
    expect(describeAnswer(q(dltv, 'uses'), true)).toBe('ใช่');
    expect(describeAnswer(q(dltv, 'dish'), 'c')).toBe('C-Band');
    expect(describeAnswer(q(dltv, 'note'), null)).toBe('-');
  });
});

describe('the results of a round', () => {
  it('response rates by district, and who has not answered', () => {
    const rates = responseRates(
      [
        { key: 'school:1', name: 'บ้านก', district: 'เมือง' },
        { key: 'school:2', name: 'บ้านข', district: 'เมือง' },
        { key: 'school:3', name: 'บ้านค', district: 'นาดี' },
      ],
      new Set(['school:2', 'school:9']),
    );
    expect(rates.total).toEqual({ district: 'รวม', expected: 3, submitted: 1 });
    expect(rates.byDistrict).toEqual([
      { district: 'นาดี', expected: 1, submitted: 0 },
      { district: 'เมือง', expected: 2, submitted: 1 },
    ]);
    expect(rates.missing.map((m) => m.name)).toEqual(['บ้านค', 'บ้านก']);
  });

  it('counts choices and yes/no with percentages of those who answered, averages levels and numbers, merges table rows', () => {
    const f = form(
      definition([
        {
          id: 's',
          title: 'ส',
          questions: [
            { id: 'y', kind: 'yes_no', label: 'มีไหม' },
            { id: 'm', kind: 'multiple_choice', label: 'ปัญหา', options: [{ value: 'a', label: 'เอ' }, { value: 'b', label: 'บี' }] },
            { id: 'sc', kind: 'scale', label: 'พอใจ', labels: ['1', '2', '3', '4', '5'] },
            { id: 'n', kind: 'number', label: 'จำนวน' },
            { id: 't', kind: 'table', label: 'ต้องการ', columns: [{ id: 'item', label: 'รายการ', kind: 'text' }] },
          ],
        },
      ]),
    );
    const results = summarizeResponses(f, [
      { y: true, m: ['a', 'b'], sc: 5, n: 10, t: [{ item: 'ทีวี' }, { item: 'กล่อง' }] },
      { y: true, m: ['a'], sc: 4, n: 2 },
      { y: false, sc: null },
    ]);
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(byId.y!.counts).toEqual([
      { label: 'ใช่', count: 2, percent: 66.7 },
      { label: 'ไม่ใช่', count: 1, percent: 33.3 },
    ]);
    expect(byId.m).toMatchObject({ answered: 2, counts: [{ label: 'เอ', count: 2, percent: 100 }, { label: 'บี', count: 1, percent: 50 }] });
    expect(byId.sc).toMatchObject({ answered: 2, mean: 4.5 });
    expect(byId.n).toMatchObject({ answered: 2, mean: 6, sum: 12 });
    expect(byId.t).toMatchObject({ answered: 1, rows: 2 });
    expect(responseRow(f, { y: true, m: ['b'], t: [{ item: 'ทีวี' }, { item: 'กล่อง' }] })).toEqual(['ใช่', 'บี', '', '', 'ทีวี; กล่อง']);
  });
});

describe('the count of questions the chat shows (ข้อ n/m)', () => {
  const form = {
    sections: [
      {
        id: 's',
        title: 'ส่วนเดียว',
        questions: [
          { id: 'net', kind: 'yes_no', label: 'มีอินเทอร์เน็ตไหม', required: true },
          { id: 'speed', kind: 'number', label: 'ความเร็ว', required: true, showWhen: { question: 'net', equals: true } },
          { id: 'isp', kind: 'text', label: 'ผู้ให้บริการ', required: false, showWhen: { question: 'speed', anyOf: [100] } },
          { id: 'note', kind: 'text', label: 'ข้อเสนอแนะ', required: false },
        ],
      },
    ],
  } as unknown as Pick<FormDefinition, 'sections'>;
  const ids = (answers: Answers) => possibleQuestions(form, answers).map((q) => q.id);

  it('starts as the whole form and only shrinks when an answer rules a question out', () => {
    expect(ids({})).toEqual(['net', 'speed', 'isp', 'note']);
    expect(ids({ net: true })).toEqual(['net', 'speed', 'isp', 'note']);
    expect(ids({ net: true, speed: 50 })).toEqual(['net', 'speed', 'note']);
    expect(ids({ net: false })).toEqual(['net', 'note']);
  });
});

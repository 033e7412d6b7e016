import { describe, expect, it } from '@jest/globals';
import { findQuestion, parseFormDefinition, type FormDefinition, type FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { districtTable, mergedTableRows, summarizeResponses, yearlySummaries, type Expected, type NamedAnswers } from '../../src/domain/surveys/results.ts';

/**
 * The figures of a round's results page, question by question (tables merged over the responses, comments kept),
 * by district (response rate and the key figures), and the yearly summary of a feedback form.
 */

function form(sections: FormDefinitionInput['sections'], version = 1): FormDefinition {
  const parsed = parseFormDefinition({ format: 1, key: 'usage', version, title: 'การใช้สื่อ', respondent: 'school', sections });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.form;
}

const SUBJECTS = [
  { value: 'thai', label: 'ภาษาไทย' },
  { value: 'math', label: 'คณิตศาสตร์' },
];
const usage = form([
  {
    id: 'main',
    title: 'การใช้งาน',
    questions: [
      { id: 'uses', kind: 'yes_no', label: 'ใช้สื่อไหม' },
      { id: 'rooms', kind: 'number', label: 'ห้องที่ใช้', unit: 'ห้อง' },
      { id: 'liking', kind: 'scale', label: 'พึงพอใจ', labels: ['น้อยที่สุด', 'น้อย', 'ปานกลาง', 'มาก', 'มากที่สุด'] },
      {
        id: 'by_subject',
        kind: 'table',
        label: 'การใช้ตามวิชา',
        columns: [
          { id: 'subject', label: 'วิชา', kind: 'single_choice', options: SUBJECTS },
          { id: 'periods', label: 'คาบต่อสัปดาห์', kind: 'number', unit: 'คาบ' },
          { id: 'note', label: 'หมายเหตุ', kind: 'text' },
        ],
      },
      { id: 'comment', kind: 'long_text', label: 'ข้อเสนอแนะ' },
    ],
  },
]);

const responses: NamedAnswers[] = [
  { respondentKey: 'school:1', name: 'บ้านก', answers: { uses: true, rooms: 4, liking: 5, by_subject: [{ subject: 'thai', periods: 2, note: null }, { subject: 'math', periods: 3, note: 'ดี' }], comment: '  อยากได้สื่อเพิ่ม ' } },
  { respondentKey: 'school:2', name: 'บ้านข', answers: { uses: true, rooms: 2, liking: 4, by_subject: [{ subject: 'thai', periods: 1, note: null }] } },
  { respondentKey: 'school:3', name: 'บ้านค', answers: { uses: false, comment: '' } },
];

describe('each question of a round', () => {
  it('a table is merged over the responses: its rows counted, a choice column counted by row (and the numbers summed by option), a number column summed', () => {
    const byId = Object.fromEntries(summarizeResponses(usage, responses.map((r) => r.answers)).map((r) => [r.id, r]));
    expect(byId.by_subject).toMatchObject({
      answered: 2,
      rows: 3,
      columns: [
        {
          id: 'subject',
          counts: [{ label: 'ภาษาไทย', count: 2, percent: 66.7 }, { label: 'คณิตศาสตร์', count: 1, percent: 33.3 }],
          // Periods a week by subject: ภาษาไทย 2 + 1, คณิตศาสตร์ 3.
          sumsByOption: [{ id: 'periods', label: 'คาบต่อสัปดาห์', unit: 'คาบ', values: [3, 3] }],
        },
        { id: 'periods', sum: 6, unit: 'คาบ' },
      ],
    });
    // A free-text column has no figure.
    expect(byId.by_subject!.columns!.map((c) => c.id)).toEqual(['subject', 'periods']);
    expect(byId.rooms).toMatchObject({ answered: 2, sum: 6, mean: 3 });
    expect(byId.liking).toMatchObject({ answered: 2, mean: 4.5 });
    expect(byId.uses!.counts).toEqual([
      { label: 'ใช่', count: 2, percent: 66.7 },
      { label: 'ไม่ใช่', count: 1, percent: 33.3 },
    ]);
  });

  it('comments are kept as written (trimmed), blank ones not counted', () => {
    const [comment] = summarizeResponses(usage, responses.map((r) => r.answers)).filter((r) => r.id === 'comment');
    expect(comment).toMatchObject({ answered: 1, texts: ['อยากได้สื่อเพิ่ม'] });
  });

  it('the merged table lists every row with who wrote it, choices by their label', () => {
    const table = findQuestion(usage, 'by_subject');
    if (table?.kind !== 'table') throw new Error('no table');
    expect(mergedTableRows(table, responses)).toEqual([
      ['บ้านก', 'ภาษาไทย', '2', ''],
      ['บ้านก', 'คณิตศาสตร์', '3', 'ดี'],
      ['บ้านข', 'ภาษาไทย', '1', ''],
    ]);
  });

  it('nothing answered yet: counts of zero, no average', () => {
    const byId = Object.fromEntries(summarizeResponses(usage, []).map((r) => [r.id, r]));
    expect(byId.liking).toMatchObject({ answered: 0 });
    expect(byId.liking!.mean).toBeUndefined();
    expect(byId.uses!.counts![0]).toEqual({ label: 'ใช่', count: 0, percent: 0 });
  });
});

describe('the table by district', () => {
  const expected: Expected[] = [
    { key: 'school:1', name: 'บ้านก', district: 'เมือง' },
    { key: 'school:2', name: 'บ้านข', district: 'เมือง' },
    { key: 'school:3', name: 'บ้านค', district: 'นาดี' },
    { key: 'school:4', name: 'บ้านง', district: 'นาดี' },
  ];

  it('each district and the total: expected, submitted, percent, and the first yes/no, level and number questions', () => {
    const table = districtTable(usage, expected, responses);
    expect(table.keyQuestions.map((q) => q.id)).toEqual(['uses', 'rooms', 'liking']);
    expect(table.keyQuestions[1]).toMatchObject({ unit: 'ห้อง' });
    expect(table.rows).toEqual([
      { district: 'นาดี', expected: 2, submitted: 1, percent: 50, figures: [0, null, null] },
      { district: 'เมือง', expected: 2, submitted: 2, percent: 100, figures: [100, 3, 4.5] },
      { district: 'รวม', expected: 4, submitted: 3, percent: 75, figures: [66.7, 3, 4.5] },
    ]);
  });

  it('a response from someone the round no longer expects (a school moved away) is left out of the figures', () => {
    const table = districtTable(usage, expected.slice(0, 2), responses);
    expect(table.rows.at(-1)).toEqual({ district: 'รวม', expected: 2, submitted: 2, percent: 100, figures: [100, 3, 4.5] });
  });
});

describe('the yearly summary of a feedback form', () => {
  const feedback = (version: number, label: string) =>
    form(
      [
        {
          id: 'main',
          title: 'ประเมิน',
          questions: [
            { id: 'content', kind: 'scale', label, labels: ['1', '2', '3', '4', '5'] },
            { id: 'trainer', kind: 'scale', label: 'วิทยากร', labels: ['1', '2', '3', '4', '5'] },
            { id: 'suggest', kind: 'long_text', label: 'ข้อเสนอแนะ' },
          ],
        },
      ],
      version,
    );
  const round = (id: number, title: string, opensAt: string) => ({ id, title, opensAt: new Date(opensAt) });

  it('groups rounds by the fiscal year they opened in (1 October starts the next), averages each level question over the year, counts comments', () => {
    const years = yearlySummaries([
      // 30 September 2026 in Bangkok (17:00 UTC is midnight): still fiscal year 2569.
      { round: round(1, 'อบรมเว็บไซต์ รุ่น 1', '2026-09-30T10:00:00Z'), definition: feedback(1, 'เนื้อหา'), answers: [{ content: 3, trainer: 4, suggest: 'ดี' }] },
      // 1 October 2026 00:30 in Bangkok: fiscal year 2570.
      { round: round(3, 'ประชุมทางไกล ต.ค.', '2026-09-30T17:30:00Z'), definition: feedback(1, 'เนื้อหา'), answers: [{ content: 4, trainer: 5, suggest: '  ' }, { content: 5 }] },
      { round: round(2, 'อบรมเว็บไซต์ รุ่น 2', '2027-02-01T03:00:00Z'), definition: feedback(2, 'เนื้อหาการอบรม'), answers: [{ content: 5, trainer: 3, suggest: 'เพิ่มเวลา' }, { content: 4, trainer: 4, suggest: 'ขอเอกสาร' }] },
    ]);
    expect(years.map((y) => y.fiscalYear)).toEqual([2570, 2569]);
    const [fy2570, fy2569] = years;
    expect(fy2570!.rounds.map((r) => [r.id, r.responses])).toEqual([
      [3, 2],
      [2, 2],
    ]);
    expect(fy2570).toMatchObject({
      responses: 4,
      // Named as the newest round asks it.
      scales: [
        { id: 'content', label: 'เนื้อหาการอบรม', answered: 4, mean: 4.5 },
        { id: 'trainer', label: 'วิทยากร', answered: 3, mean: 4 },
      ],
      comments: 2,
    });
    expect(fy2569).toMatchObject({ responses: 1, scales: [{ mean: 3 }, { mean: 4 }], comments: 1 });
  });

  it('a year with rounds but no answers yet has no averages', () => {
    const [year] = yearlySummaries([{ round: round(5, 'อบรม', '2027-03-01T03:00:00Z'), definition: feedback(1, 'เนื้อหา'), answers: [] }]);
    expect(year).toMatchObject({ fiscalYear: 2570, responses: 0, comments: 0, scales: [{ answered: 0, mean: null }, { answered: 0, mean: null }] });
  });
});

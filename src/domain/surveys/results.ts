import { describeAnswer, type Answers, type TableRow } from './answers.ts';
import { allQuestions, type Column, type FormDefinition, type Question } from './form.ts';
import { fiscalYearOf } from '../fiscal-year.ts';
import type { SurveyForm, SurveyResponse, SurveyRound } from './round.ts';

/**
 * The results of a round for its owner: who was to answer and who has (by district), and what was answered,
 * question by question (counts and percentages of choices, the average of levels and numbers, the rows of
 * tables merged). Pure: no I/O.
 */

/** One school (or person) the round expects an answer from. */
export interface Expected {
  key: string;
  name: string;
  district: string;
  /** The school's SMIS code (or another of its codes), when it is a school. */
  code?: string | null;
}

export interface RateRow {
  district: string;
  expected: number;
  submitted: number;
}

export interface ResponseRates {
  total: RateRow;
  byDistrict: RateRow[];
  /** Who has not submitted yet, by district then name. */
  missing: Expected[];
}

export function responseRates(expected: readonly Expected[], submittedKeys: ReadonlySet<string>): ResponseRates {
  const byDistrict = new Map<string, RateRow>();
  for (const e of expected) {
    const row = byDistrict.get(e.district) ?? { district: e.district, expected: 0, submitted: 0 };
    row.expected += 1;
    if (submittedKeys.has(e.key)) row.submitted += 1;
    byDistrict.set(e.district, row);
  }
  const rows = [...byDistrict.values()].sort((a, b) => a.district.localeCompare(b.district, 'th'));
  const missing = expected
    .filter((e) => !submittedKeys.has(e.key))
    .sort((a, b) => a.district.localeCompare(b.district, 'th') || a.name.localeCompare(b.name, 'th'));
  return {
    total: { district: 'รวม', expected: expected.length, submitted: expected.filter((e) => submittedKeys.has(e.key)).length },
    byDistrict: rows,
    missing,
  };
}

export interface CountLine {
  label: string;
  count: number;
  /** Of the responses that answered the question. */
  percent: number;
}

export interface QuestionResult {
  id: string;
  label: string;
  kind: Question['kind'];
  /** Responses with an answer to it. */
  answered: number;
  counts?: CountLine[];
  /** Levels and numbers. */
  mean?: number;
  sum?: number;
  /** Tables: every row of every response. */
  rows?: number;
  /** Tables: each column's figures over all those rows (choices counted, numbers summed). */
  columns?: ColumnResult[];
  /** Text: the answers written, in the order of the responses (comments, suggestions). */
  texts?: string[];
}

/** A table's column over the rows of every response: a choice column's counts (percent of the rows), a number column's sum. */
export interface ColumnResult {
  id: string;
  label: string;
  kind: Column['kind'];
  counts?: CountLine[];
  /** A choice column: each number column of the table summed by option, in the order of `counts` (periods a week by subject). */
  sumsByOption?: Array<{ id: string; label: string; unit?: string; values: number[] }>;
  sum?: number;
  unit?: string;
}

const percent = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 10);
/** The average to two decimals; undefined of nothing. */
const meanOf = (numbers: readonly number[]) => (numbers.length ? Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 100) / 100 : undefined);

function countsOf(labels: ReadonlyArray<readonly [value: string | number | boolean, label: string]>, values: unknown[], answered: number): CountLine[] {
  return labels.map(([value, label]) => {
    const count = values.filter((v) => (Array.isArray(v) ? v.includes(value) : v === value)).length;
    return { label, count, percent: percent(count, answered) };
  });
}

export function summarizeQuestion(question: Question, all: readonly Answers[]): QuestionResult {
  const values = all.map((a) => a[question.id]).filter((v) => v !== undefined && v !== null);
  const base: QuestionResult = { id: question.id, label: question.label, kind: question.kind, answered: values.length };
  switch (question.kind) {
    case 'single_choice':
    case 'multiple_choice':
      return { ...base, counts: countsOf(question.options.map((o) => [o.value, o.label] as const), values, values.length) };
    case 'yes_no':
      return { ...base, counts: countsOf([[true, 'ใช่'], [false, 'ไม่ใช่']], values, values.length) };
    case 'scale': {
      const mean = meanOf(values as number[]);
      return { ...base, counts: countsOf(question.labels.map((l, i) => [i + 1, `${i + 1} ${l}`] as const), values, values.length), ...(mean === undefined ? {} : { mean }) };
    }
    case 'number': {
      const numbers = values as number[];
      const mean = meanOf(numbers);
      return { ...base, sum: numbers.reduce((a, b) => a + b, 0), ...(mean === undefined ? {} : { mean }) };
    }
    case 'table': {
      const rows = (values as TableRow[][]).flat();
      return { ...base, rows: rows.length, columns: question.columns.flatMap((c) => columnResult(c, rows, question.columns)) };
    }
    case 'text':
    case 'long_text': {
      const texts = (values as string[]).map((t) => t.trim()).filter((t) => t !== '');
      return { ...base, answered: texts.length, texts };
    }
    default:
      return base;
  }
}

/** A table's column merged over every response's rows; a free-text column says nothing a figure can. */
const sumOf = (rows: readonly TableRow[], columnId: string) => rows.reduce((n, r) => n + (typeof r[columnId] === 'number' ? (r[columnId] as number) : 0), 0);
const unitOf = (column: Column) => (column.unit ? { unit: column.unit } : {});

function columnResult(column: Column, rows: readonly TableRow[], columns: readonly Column[]): ColumnResult[] {
  const base = { id: column.id, label: column.label, kind: column.kind };
  if (column.kind === 'single_choice') {
    const options = column.options ?? [];
    const numbers = columns.filter((c) => c.kind === 'number');
    return [
      {
        ...base,
        counts: countsOf(options.map((o) => [o.value, o.label] as const), rows.map((r) => r[column.id]), rows.length),
        ...(numbers.length
          ? { sumsByOption: numbers.map((n) => ({ id: n.id, label: n.label, ...unitOf(n), values: options.map((o) => sumOf(rows.filter((r) => r[column.id] === o.value), n.id)) })) }
          : {}),
      },
    ];
  }
  if (column.kind === 'number') return [{ ...base, sum: sumOf(rows, column.id), ...unitOf(column) }];
  return [];
}

export function summarizeResponses(form: Pick<FormDefinition, 'sections'>, all: readonly Answers[]): QuestionResult[] {
  return allQuestions(form).map((q) => summarizeQuestion(q, all));
}

/** A submitted response with whom it is from (`Expected.key`) and the name to show. */
export interface NamedAnswers {
  respondentKey: string;
  name: string;
  answers: Answers;
}

/** Every row of a table question across the responses, each led by who wrote it (choices by their label). */
export function mergedTableRows(question: Extract<Question, { kind: 'table' }>, responses: readonly NamedAnswers[]): string[][] {
  return responses.flatMap((r) => {
    const rows = r.answers[question.id];
    if (!Array.isArray(rows)) return [];
    return (rows as TableRow[]).map((row) => [
      r.name,
      ...question.columns.map((c) => {
        const cell = row[c.id];
        if (cell === null || cell === undefined) return '';
        return c.kind === 'single_choice' ? (c.options?.find((o) => o.value === cell)?.label ?? String(cell)) : String(cell);
      }),
    ]);
  });
}

/** The questions a district's row shows besides its response rate: the first few yes/no, level and number questions. */
export const KEY_FIGURES_MAX = 3;
const KEY_KINDS: ReadonlyArray<Question['kind']> = ['yes_no', 'scale', 'number'];

export interface DistrictRow extends RateRow {
  percent: number;
  /** One per key question: the share answering ใช่ (yes/no) or the average (levels, numbers); null when none answered. */
  figures: Array<number | null>;
}

export interface DistrictTable {
  keyQuestions: Array<{ id: string; label: string; kind: Question['kind']; unit?: string }>;
  /** By district, then the total. */
  rows: DistrictRow[];
}

/** The response rate and the key figures of each district (the respondent's district as the round expected them). */
export function districtTable(form: Pick<FormDefinition, 'sections'>, expected: readonly Expected[], responses: ReadonlyArray<Pick<NamedAnswers, 'respondentKey' | 'answers'>>): DistrictTable {
  const keyQuestions = allQuestions(form).filter((q) => KEY_KINDS.includes(q.kind)).slice(0, KEY_FIGURES_MAX);
  const rates = responseRates(expected, new Set(responses.map((r) => r.respondentKey)));
  const districtOf = new Map(expected.map((e) => [e.key, e.district]));
  const figures = (answers: readonly Answers[]) =>
    keyQuestions.map((q) => {
      const result = summarizeQuestion(q, answers);
      if (result.answered === 0) return null;
      return q.kind === 'yes_no' ? result.counts![0]!.percent : (result.mean ?? null);
    });
  const row = (rate: RateRow, answers: readonly Answers[]): DistrictRow => ({ ...rate, percent: percent(rate.submitted, rate.expected), figures: figures(answers) });
  return {
    keyQuestions: keyQuestions.map((q) => ({ id: q.id, label: q.label, kind: q.kind, ...(q.kind === 'number' && q.unit ? { unit: q.unit } : {}) })),
    rows: [
      ...rates.byDistrict.map((d) => row(d, responses.filter((r) => districtOf.get(r.respondentKey) === d.district).map((r) => r.answers))),
      row(rates.total, responses.filter((r) => districtOf.has(r.respondentKey)).map((r) => r.answers)),
    ],
  };
}

/**
 * One row per response for a spreadsheet: who (name, codes, district) then each question's answer as the summary
 * writes it; a table's rows are written `item × 2 (urgency); …` in one cell.
 */
export function responseRow(form: Pick<FormDefinition, 'sections'>, answers: Answers): string[] {
  return allQuestions(form).map((q) => {
    const value = answers[q.id];
    if (q.kind === 'table' && Array.isArray(value)) {
      return (value as TableRow[]).map((row) => q.columns.map((c) => row[c.id] ?? '').filter((v) => v !== '').join(' · ')).join('; ');
    }
    return value === undefined ? '' : describeAnswer(q, value);
  });
}

/** The same row for a spreadsheet: numbers and levels as numbers (to sum and sort), the rest as `responseRow` writes it. */
export function responseCells(form: Pick<FormDefinition, 'sections'>, answers: Answers): Array<string | number> {
  const text = responseRow(form, answers);
  return allQuestions(form).map((q, i) => {
    const value = answers[q.id];
    return (q.kind === 'number' || q.kind === 'scale') && typeof value === 'number' ? value : text[i]!;
  });
}

/** A round under way as its officer follows it: who was to answer and who has. */
export interface Campaign {
  round: SurveyRound;
  form: SurveyForm;
  rates: ResponseRates;
}

/** A submitted response as an officer reviews it. */
export interface ReviewItem {
  response: SurveyResponse;
  /** The school's (or person's) name. */
  name: string;
}

/** A round of a form kept for its yearly summary, with the answers of its submitted responses. */
export interface SummarizedRound {
  round: Pick<SurveyRound, 'id' | 'title' | 'opensAt'>;
  definition: Pick<FormDefinition, 'sections'>;
  answers: readonly Answers[];
}

/**
 * One fiscal year of a form's rounds (the feedback form after each training or video conference): its rounds, the
 * average of each level question over every response of the year, and how many comments were written.
 */
export interface YearlySummary {
  /** Buddhist era, named after the year it ends in (1 October – 30 September). */
  fiscalYear: number;
  rounds: Array<{ id: number; title: string; opensAt: Date; responses: number }>;
  responses: number;
  scales: Array<{ id: string; label: string; answered: number; mean: number | null }>;
  /** Text answers written (comments, suggestions), across the year's responses. */
  comments: number;
}

/**
 * The rounds grouped by the fiscal year they opened in, newest year first (its rounds oldest first). A level
 * question is matched by its id across the form's versions and named as the newest round asks it.
 */
export function yearlySummaries(rounds: readonly SummarizedRound[]): YearlySummary[] {
  const byYear = new Map<number, SummarizedRound[]>();
  for (const r of [...rounds].sort((a, b) => a.round.opensAt.getTime() - b.round.opensAt.getTime() || a.round.id - b.round.id)) {
    const year = fiscalYearOf(r.round.opensAt);
    byYear.set(year, [...(byYear.get(year) ?? []), r]);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => b - a)
    .map(([fiscalYear, inYear]) => {
      const scales = new Map<string, { id: string; label: string; values: number[] }>();
      let comments = 0;
      for (const { definition, answers } of inYear) {
        for (const q of allQuestions(definition)) {
          if (q.kind === 'scale') {
            const entry = scales.get(q.id) ?? { id: q.id, label: q.label, values: [] };
            entry.label = q.label;
            for (const a of answers) if (typeof a[q.id] === 'number') entry.values.push(a[q.id] as number);
            scales.set(q.id, entry);
          }
          if (q.kind === 'text' || q.kind === 'long_text') comments += answers.filter((a) => typeof a[q.id] === 'string' && (a[q.id] as string).trim() !== '').length;
        }
      }
      return {
        fiscalYear,
        rounds: inYear.map((r) => ({ id: r.round.id, title: r.round.title, opensAt: r.round.opensAt, responses: r.answers.length })),
        responses: inYear.reduce((n, r) => n + r.answers.length, 0),
        scales: [...scales.values()].map((s) => ({ id: s.id, label: s.label, answered: s.values.length, mean: meanOf(s.values) ?? null })),
        comments,
      };
    });
}

import { describeAnswer, type Answers, type TableRow } from './answers.ts';
import { allQuestions, type FormDefinition, type Question } from './form.ts';
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
}

const percent = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 10);

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
      const numbers = values as number[];
      const mean = numbers.length ? Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 100) / 100 : undefined;
      return { ...base, counts: countsOf(question.labels.map((l, i) => [i + 1, `${i + 1} ${l}`] as const), values, values.length), ...(mean === undefined ? {} : { mean }) };
    }
    case 'number': {
      const numbers = values as number[];
      const sum = numbers.reduce((a, b) => a + b, 0);
      return { ...base, sum, ...(numbers.length ? { mean: Math.round((sum / numbers.length) * 100) / 100 } : {}) };
    }
    case 'table':
      return { ...base, rows: (values as TableRow[][]).reduce((n, rows) => n + rows.length, 0) };
    default:
      return base;
  }
}

export function summarizeResponses(form: Pick<FormDefinition, 'sections'>, all: readonly Answers[]): QuestionResult[] {
  return allQuestions(form).map((q) => summarizeQuestion(q, all));
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

import type { Executor } from '../../db/database.ts';
import { expectedRespondents, getRound, listRounds, responsesOfRounds, submittedResponses, type SurveyForm } from '../../db/repos/surveys.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { allQuestions, type Question } from '../../domain/surveys/form.ts';
import { districtTable, mergedTableRows, responseRates, summarizeQuestion, yearlySummaries, type ColumnResult, type CountLine, type NamedAnswers } from '../../domain/surveys/results.ts';
import { AUDIENCE_LABELS, countsInFigures } from '../../domain/surveys/round.ts';
import { formatThaiDate, formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';
import { chartDataUrl, PHONE_CHART_WIDTH, type ChartSpec } from '../../reports/charts.ts';
import { resultsPageTexts as T } from './messages.ts';
import { hasRanking } from './ranking.ts';

/**
 * A round's results as its page (LIFF) shows them to whoever runs the office's surveys (`run_survey`): the
 * response rate overall and by district with the key figures of each district, then each question's figures —
 * counts and percentages with a bar chart, averages, a table's rows merged with who wrote each, the comments —
 * and who has not answered. Charts are drawn on the server (ECharts' SVG, `src/reports/charts.ts`), narrow
 * enough to read on a phone.
 */

export type ResultsRefusal = 'forbidden' | 'not_found';

export interface PageChart {
  title: string;
  src: string;
}

export interface PageTable {
  headers: string[];
  rows: string[][];
  /** `right` for a column of numbers, as the report page's tables. */
  aligns: Array<'left' | 'right'>;
  note: string | null;
}

export interface QuestionView {
  id: string;
  n: number;
  label: string;
  answered: string;
  /** Label and value, one line each (counts, the average, the sum). */
  lines: Array<[string, string]>;
  charts: PageChart[];
  table: PageTable | null;
  texts: string[];
  note: string | null;
}

export interface ResultsPageView {
  roundId: number;
  title: string;
  to: string;
  closes: string;
  state: string;
  asOf: string;
  total: string;
  districts: PageTable;
  districtChart: PageChart | null;
  questions: QuestionView[];
  missingTitle: string;
  missing: string[];
  /** A form with a ranked table (templates 1 and 3): the page offers that table's Excel file beside the answers'. */
  ranked: boolean;
  /** A form with `yearlySummary`: every round of it, by fiscal year (newest first). */
  yearly: { title: string; years: YearView[] } | null;
}

export interface YearView {
  fiscalYear: number;
  heading: string;
  rounds: string[];
  scales: PageTable;
  chart: PageChart | null;
  comments: string;
}

/** At most this many merged table rows and comments on the page (the whole lot is in the Excel file). */
const ROWS_SHOWN = 200;
const TEXTS_SHOWN = 100;

const chart = (spec: Omit<ChartSpec, 'kind' | 'horizontal'>): PageChart => ({ title: spec.title, src: chartDataUrl({ ...spec, kind: 'bar', horizontal: true }, { width: PHONE_CHART_WIDTH, png: true }) });

/** A bar per option: how many answered it (or rows have it), and beside it any sums by option (periods a week). */
const countsChart = (id: string, title: string, counts: readonly CountLine[], sums: ColumnResult['sumsByOption'] = []) =>
  chart({
    id,
    title,
    categories: counts.map((c) => c.label),
    series: [{ name: sums.length ? T.rowsSeries : title, values: counts.map((c) => c.count) }, ...sums.map((s) => ({ name: T.sumSeries(s.label), values: s.values }))],
  });

const figure = (value: number | null, percent: boolean) => (value === null ? '-' : percent ? `${value}%` : String(value));

function questionView(question: Question, n: number, responses: readonly NamedAnswers[]): QuestionView {
  const result = summarizeQuestion(question, responses.map((r) => r.answers));
  const view: QuestionView = { id: question.id, n, label: question.label, answered: T.answered(result.answered), lines: [], charts: [], table: null, texts: [], note: null };
  for (const c of result.counts ?? []) view.lines.push([c.label, T.count(c.count, c.percent)]);
  if (result.counts && result.answered > 0) view.charts.push(countsChart(question.id, question.label, result.counts));
  if (result.mean !== undefined) view.lines.push([T.mean, String(result.mean)]);
  if (question.kind === 'number' && result.answered > 0) view.lines.push([T.sum, `${result.sum}${question.unit ? ` ${question.unit}` : ''}`]);
  if (question.kind === 'table') {
    view.lines.push([T.rows(result.rows ?? 0, question.rowLabel), '']);
    for (const column of result.columns ?? []) {
      if (column.sum !== undefined) view.lines.push([T.columnSum(column.label, column.unit), String(column.sum)]);
      if (column.counts && (result.rows ?? 0) > 0) view.charts.push(countsChart(`${question.id}_${column.id}`, T.byColumn(question.rowLabel, column.label), column.counts, column.sumsByOption));
    }
    const rows = mergedTableRows(question, responses);
    if (rows.length > 0) {
      view.table = {
        headers: [T.respondent, ...question.columns.map((c) => c.label)],
        rows: rows.slice(0, ROWS_SHOWN),
        aligns: ['left', ...question.columns.map((c) => (c.kind === 'number' ? 'right' : 'left') as 'left' | 'right')],
        note: rows.length > ROWS_SHOWN ? T.moreRows(ROWS_SHOWN, rows.length) : null,
      };
    }
  }
  if (result.texts) {
    view.texts = result.texts.slice(0, TEXTS_SHOWN);
    if (result.texts.length > TEXTS_SHOWN) view.note = T.moreComments(result.texts.length - TEXTS_SHOWN);
  }
  if (result.answered === 0) view.note = T.noAnswers;
  else if (view.lines.length === 0 && view.texts.length === 0 && !view.table) view.note = T.notSummarized;
  return view;
}

/** The form's rounds of every fiscal year (its key, any version), with their submitted answers (not those rejected), as the page shows them. */
async function yearlyView(ex: Executor, form: SurveyForm): Promise<ResultsPageView['yearly']> {
  const rounds = (await listRounds(ex, form.officeId)).filter((r) => r.form.key === form.key);
  const submitted = (await responsesOfRounds(ex, rounds.map((r) => r.round.id))).filter(countsInFigures);
  const years = yearlySummaries(rounds.map(({ round, form: f }) => ({ round, definition: f.definition, answers: submitted.filter((r) => r.roundId === round.id).map((r) => r.answers) })));
  return {
    title: T.yearly.title(form.title),
    years: years.map((y) => ({
      fiscalYear: y.fiscalYear,
      heading: T.yearly.year(y.fiscalYear, y.rounds.length, y.responses),
      rounds: y.rounds.map((r) => T.yearly.round(r.title, formatThaiDate(r.opensAt), r.responses)),
      scales: { headers: [...T.yearly.headers], rows: y.scales.map((s) => [s.label, String(s.answered), s.mean === null ? '-' : s.mean.toFixed(2)]), aligns: ['left', 'right', 'right'], note: null },
      chart: y.responses > 0 ? chart({ id: `fy${y.fiscalYear}`, title: T.yearly.chart(y.fiscalYear), categories: y.scales.map((s) => s.label), series: [{ name: T.mean, values: y.scales.map((s) => s.mean) }] }) : null,
      comments: T.yearly.comments(y.comments),
    })),
  };
}

export async function resultsPage(ex: Executor, person: Person, roundId: number, now: Date): Promise<ResultsPageView | ResultsRefusal> {
  if (!can(person.role, 'run_survey')) return 'forbidden';
  const found = await getRound(ex, person.officeId, roundId);
  if (!found) return 'not_found';
  const { round, form } = found;
  const expected = await expectedRespondents(ex, round, form);
  const names = new Map(expected.map((e) => [e.key, e.name]));
  const responses: NamedAnswers[] = (await submittedResponses(ex, round.id)).map((r) => ({ respondentKey: r.respondentKey, name: names.get(r.respondentKey) ?? r.respondentKey, answers: r.answers }));
  const definition = form.definition;
  const byDistrict = districtTable(definition, expected, responses);
  const questions = allQuestions(definition);
  const numberOf = (id: string) => questions.findIndex((q) => q.id === id) + 1;
  const total = byDistrict.rows.at(-1)!;
  const districts = byDistrict.rows.slice(0, -1);
  const { missing } = responseRates(expected, new Set(responses.map((r) => r.respondentKey)));
  return {
    roundId: round.id,
    title: round.title,
    to: T.to(AUDIENCE_LABELS[round.audience], round),
    closes: T.closes(formatThaiDateKey(round.closesOn)),
    state: round.state === 'open' ? T.open : T.closed,
    asOf: T.asOf(formatThaiDateTime(now)),
    total: T.rate(total.submitted, total.expected, total.percent),
    districts: {
      headers: [...T.districtHeaders, ...byDistrict.keyQuestions.map((q) => (q.kind === 'yes_no' ? T.yesShare(numberOf(q.id)) : T.average(numberOf(q.id))))],
      rows: byDistrict.rows.map((d) => [d.district, String(d.expected), String(d.submitted), `${d.percent}%`, ...d.figures.map((f, i) => figure(f, byDistrict.keyQuestions[i]!.kind === 'yes_no'))]),
      aligns: ['left', 'right', 'right', 'right', ...byDistrict.keyQuestions.map(() => 'right' as const)],
      note: byDistrict.keyQuestions.map((q) => T.keyQuestion(numberOf(q.id), q.label, q.unit)).join(' · ') || null,
    },
    districtChart:
      districts.length > 0
        ? chart({
            id: 'districts',
            title: T.byDistrict,
            categories: districts.map((d) => d.district),
            series: [
              { name: T.submittedSeries, values: districts.map((d) => d.submitted) },
              { name: T.missingSeries, values: districts.map((d) => d.expected - d.submitted) },
            ],
          })
        : null,
    questions: questions.map((q, i) => questionView(q, i + 1, responses)),
    missingTitle: missing.length === 0 ? T.allIn : T.missing(missing.length),
    missing: missing.map((m) => `${m.district} · ${m.name}`),
    ranked: hasRanking(form),
    yearly: definition.yearlySummary ? await yearlyView(ex, form) : null,
  };
}

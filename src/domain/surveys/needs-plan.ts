import type { AnswerValue, Answers, TableRow } from './answers.ts';
import { findQuestion, type FormDefinition, type QuestionOf } from './form.ts';
import type { Expected } from './results.ts';
import type { NeedsRankingSettings } from './settings.ts';

/**
 * The computer-needs survey (manual template 1, form key `computer_needs`) ranked into the fiscal year's
 * procurement plan: every row of every school's needs table is one need, scored 0–100 on the office's criteria
 * (`surveys.needsRanking`: the urgency the school gave, whether it is for teaching, the school's shortfall of
 * working computers against the office's pupils-per-computer target), each weighted, then ranked across schools.
 * The table it gives is what the officer exports (CSV, Excel) and takes into the TOR. Pure: no I/O.
 */

export const NEEDS_FORM_KEY = 'computer_needs';

/** A school's submitted answers, with who it is. */
export interface Answered {
  who: Expected;
  answers: Answers;
}

export interface RankedNeed {
  rank: number;
  /** 0–100, one decimal. */
  score: number;
  school: Expected;
  item: string;
  category: string;
  quantity: number;
  unitPrice: number | null;
  /** quantity × unit price, when the price is given. */
  total: number | null;
  urgency: string;
  use: string;
  reason: string;
  /** Each criterion's points (0–1) before weighting, for the officer to check a rank. */
  points: { urgency: number; teaching: number; shortage: number };
}

export interface NeedsPlan {
  fiscalYear: number;
  needs: RankedNeed[];
  /** Schools with at least one need. */
  schools: number;
  /** The sum of the totals given (rows without a price count nothing). */
  budget: number;
}

const numberOr = (value: AnswerValue | string | number | null | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The label of a table column's option, or the value itself when the form (another version) does not name it. */
function optionLabel(table: QuestionOf<'table'> | undefined, column: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const options = table?.columns.find((c) => c.id === column)?.options ?? [];
  return options.find((o) => o.value === value)?.label ?? String(value);
}

/**
 * The school's shortfall of working computers against one per `pupilsPerComputer` pupils: 0 when it has enough,
 * 1 when it has none (or pupils but no answer about computers).
 */
export function shortfall(pupils: number, working: number, pupilsPerComputer: number): number {
  const wanted = pupils / pupilsPerComputer;
  if (wanted <= 0) return 0;
  return Math.min(1, Math.max(0, 1 - working / wanted));
}

/** A need's score (0–100): the weighted mean of its criteria's points. */
export function needScore(points: RankedNeed['points'], weights: NeedsRankingSettings['weights']): number {
  const sum = weights.urgency + weights.teaching + weights.shortage;
  if (sum <= 0) return 0;
  return round1((100 * (weights.urgency * points.urgency + weights.teaching * points.teaching + weights.shortage * points.shortage)) / sum);
}

/**
 * Every need of every school, ranked: the highest score first; on a tie the more urgent, then the greater
 * shortfall, then by district, school and the school's own order of rows (so the same answers rank the same).
 */
export function rankNeeds(form: Pick<FormDefinition, 'sections'>, responses: readonly Answered[], settings: NeedsRankingSettings, fiscalYear: number): NeedsPlan {
  const table = findQuestion(form, 'needs');
  const columns = table?.kind === 'table' ? table : undefined;
  const unranked: Array<Omit<RankedNeed, 'rank'> & { order: number }> = [];
  const schools = new Set<string>();
  for (const { who, answers } of responses) {
    const rows = Array.isArray(answers.needs) ? (answers.needs as TableRow[]) : [];
    if (rows.length === 0) continue;
    schools.add(who.key);
    const shortage = shortfall(numberOr(answers.pupils, 0), numberOr(answers.computers_working, 0), settings.pupilsPerComputer);
    rows.forEach((row, order) => {
      const quantity = numberOr(row.quantity, 0);
      const unitPrice = typeof row.unit_price === 'number' ? row.unit_price : null;
      const exact = {
        urgency: typeof row.urgency === 'string' ? (settings.urgencyPoints[row.urgency] ?? 0) : 0,
        teaching: row.use === 'teaching' ? 1 : 0,
        shortage,
      };
      // The score from the exact shortfall; the points as the officer reads them, to two decimals.
      const points = { ...exact, shortage: Math.round(shortage * 100) / 100 };
      unranked.push({
        score: needScore(exact, settings.weights),
        school: who,
        item: String(row.item ?? ''),
        category: optionLabel(columns, 'category', row.category),
        quantity,
        unitPrice,
        total: unitPrice === null ? null : unitPrice * quantity,
        urgency: optionLabel(columns, 'urgency', row.urgency),
        use: optionLabel(columns, 'use', row.use),
        reason: String(row.reason ?? ''),
        points,
        order,
      });
    });
  }
  unranked.sort(
    (a, b) =>
      b.score - a.score ||
      b.points.urgency - a.points.urgency ||
      b.points.shortage - a.points.shortage ||
      a.school.district.localeCompare(b.school.district, 'th') ||
      a.school.name.localeCompare(b.school.name, 'th') ||
      a.order - b.order,
  );
  const needs = unranked.map(({ order: _order, ...need }, i) => ({ rank: i + 1, ...need }));
  return { fiscalYear, needs, schools: schools.size, budget: needs.reduce((sum, n) => sum + (n.total ?? 0), 0) };
}

/** The plan's table (Thai headers), one row per school need: the same for the CSV and the Excel sheet. */
export const NEEDS_PLAN_HEADER = [
  'ลำดับ',
  'คะแนน',
  'รหัสโรงเรียน',
  'โรงเรียน',
  'อำเภอ',
  'รายการ',
  'ประเภท',
  'จำนวน',
  'ราคาต่อหน่วย (บาท)',
  'รวมเงิน (บาท)',
  'ความเร่งด่วน',
  'ใช้เพื่อ',
  'เหตุผลความจำเป็น',
] as const;

export function needsPlanRows(plan: NeedsPlan): Array<Array<string | number | null>> {
  return plan.needs.map((n) => [n.rank, n.score, n.school.code ?? '', n.school.name, n.school.district, n.item, n.category, n.quantity, n.unitPrice, n.total, n.urgency, n.use, n.reason]);
}

/** The plan summed by type, for the TOR's lots: pieces, the budget given, how many schools ask, in the types' order of first rank. */
export interface CategoryTotal {
  category: string;
  quantity: number;
  budget: number;
  schools: number;
}

export function planByCategory(plan: NeedsPlan): CategoryTotal[] {
  const totals = new Map<string, CategoryTotal & { keys: Set<string> }>();
  for (const need of plan.needs) {
    const total = totals.get(need.category) ?? { category: need.category, quantity: 0, budget: 0, schools: 0, keys: new Set<string>() };
    total.quantity += need.quantity;
    total.budget += need.total ?? 0;
    total.keys.add(need.school.key);
    total.schools = total.keys.size;
    totals.set(need.category, total);
  }
  return [...totals.values()].map(({ keys: _keys, ...total }) => total);
}

export const CATEGORY_TOTALS_HEADER = ['ประเภท', 'จำนวนรวม', 'งบประมาณโดยประมาณ (บาท)', 'จำนวนโรงเรียน'] as const;

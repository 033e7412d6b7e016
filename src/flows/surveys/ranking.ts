import type { Executor } from '../../db/database.ts';
import { officeRegister } from '../../db/repos/dltv-register.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { listTickets } from '../../db/repos/repair-tickets.ts';
import { expectedRespondents, getRound, submittedResponses, type SurveyForm, type SurveyRound } from '../../db/repos/surveys.ts';
import { csvDocument } from '../../domain/csv.ts';
import { fiscalYearOf } from '../../domain/fiscal-year.ts';
import { bangkokTime } from '../../domain/office-time.ts';
import { OPEN_STATUSES } from '../../domain/repair/status.ts';
import { DLTV_NEEDS_HEADER, DLTV_REPAIR_FORM_KEY, describeRegisterBrief, dltvNeedsRows, eligibilityRuleTexts, listDltvNeeds, registerBrief, totalQuantity, type DltvNeedsList, type OpenTicketRef, type RegisterBrief } from '../../domain/surveys/dltv-eligibility.ts';
import { CATEGORY_TOTALS_HEADER, NEEDS_FORM_KEY, NEEDS_PLAN_HEADER, needsPlanRows, planByCategory, rankNeeds, type Answered, type NeedsPlan } from '../../domain/surveys/needs-plan.ts';
import type { NeedsRankingSettings } from '../../domain/surveys/settings.ts';
import { countsInFigures } from '../../domain/surveys/round.ts';
import { xlsxWorkbook, type XlsxColumn } from '../../reports/xlsx.ts';

/**
 * The result views of the manual's templates 1 and 3, for a round of either form (by its key, whatever its
 * version): the needs ranked into the fiscal year's procurement plan, or the DLTV schools by need against the
 * allocation criteria with their open repair tickets. The chat shows a short card of it, `npm run surveys --
 * ranking <round>` the whole table and its CSV / Excel, the results page the same Excel file. Rejected responses are
 * left out; returned ones are drafts.
 */

export type RoundRanking =
  | { kind: 'needs'; round: SurveyRound; form: SurveyForm; plan: NeedsPlan; weights: NeedsRankingSettings['weights'] }
  | { kind: 'dltv'; round: SurveyRound; form: SurveyForm; list: DltvNeedsList; rules: string[] };

/** Whether a form has a ranked result view (the chat offers its button only then). */
export const hasRanking = (form: Pick<SurveyForm, 'key'>) => form.key === NEEDS_FORM_KEY || form.key === DLTV_REPAIR_FORM_KEY;

/** The fiscal year the round closes in; a needs plan is for the next one (the budget the survey prepares). */
const closingFiscalYear = (round: SurveyRound) => fiscalYearOf(bangkokTime(round.closesOn));

async function answeredOf(ex: Executor, round: SurveyRound, form: SurveyForm): Promise<Answered[]> {
  const expected = new Map((await expectedRespondents(ex, round, form)).map((e) => [e.key, e]));
  return (await submittedResponses(ex, round.id))
    .filter(countsInFigures)
    .map((r) => ({ who: expected.get(r.respondentKey) ?? { key: r.respondentKey, name: r.respondentKey, district: '', code: null }, answers: r.answers }));
}

/** Each answering school's open DLTV repair tickets, by response key. */
async function openDltvTickets(ex: Executor, officeId: string, keys: ReadonlySet<string>): Promise<Map<string, OpenTicketRef[]>> {
  const bySchool = new Map<string, OpenTicketRef[]>();
  for (const ticket of await listTickets(ex, officeId, { statuses: OPEN_STATUSES })) {
    const key = `school:${ticket.schoolId}`;
    if (ticket.groupCode !== 'dltv' || ticket.schoolId === null || !keys.has(key)) continue;
    bySchool.set(key, [...(bySchool.get(key) ?? []), { number: ticket.number, category: ticket.categoryLabel }]);
  }
  return bySchool;
}

/** Each answering school's DLTV register (template 2's classrooms), counted, by response key. */
async function dltvRegisters(ex: Executor, officeId: string, keys: ReadonlySet<string>): Promise<Map<string, RegisterBrief>> {
  const lines = new Map<string, Awaited<ReturnType<typeof officeRegister>>>();
  for (const line of await officeRegister(ex, officeId)) {
    const key = `school:${line.schoolId}`;
    if (keys.has(key)) lines.set(key, [...(lines.get(key) ?? []), line]);
  }
  return new Map([...lines].map(([key, of]) => [key, registerBrief(of)!]));
}

/** The round's ranked view; `null` when the round is not the office's, `'none'` when its form has no ranking. */
export async function loadRoundRanking(ex: Executor, officeId: string, roundId: number, options: { fiscalYear?: number | undefined } = {}): Promise<RoundRanking | 'none' | null> {
  const found = await getRound(ex, officeId, roundId);
  if (!found) return null;
  const { round, form } = found;
  if (!hasRanking(form)) return 'none';
  const settings = (await getOfficeSettings(ex, officeId)).surveys;
  const answered = await answeredOf(ex, round, form);
  if (form.key === NEEDS_FORM_KEY) {
    const plan = rankNeeds(form.definition, answered, settings.needsRanking, options.fiscalYear ?? closingFiscalYear(round) + 1);
    return { kind: 'needs', round, form, plan, weights: settings.needsRanking.weights };
  }
  const keys = new Set(answered.map((a) => a.who.key));
  const beside = { openTickets: await openDltvTickets(ex, officeId, keys), registers: await dltvRegisters(ex, officeId, keys) };
  const list = listDltvNeeds(form.definition, answered, settings.dltvEligibility, options.fiscalYear ?? closingFiscalYear(round), beside);
  return { kind: 'dltv', round, form, list, rules: eligibilityRuleTexts(settings.dltvEligibility) };
}

const money = (n: number) => n.toLocaleString('en-US');

/** The view as lines for the command (the whole list). */
export function rankingLines(ranking: RoundRanking): string[] {
  const { round } = ranking;
  if (ranking.kind === 'needs') {
    const { plan, weights } = ranking;
    return [
      `แผนจัดหาครุภัณฑ์คอมพิวเตอร์ ปีงบประมาณ ${plan.fiscalYear} จาก "${round.title}" (รอบ #${round.id})`,
      `${plan.needs.length} รายการ จาก ${plan.schools} โรงเรียน งบประมาณโดยประมาณ ${money(plan.budget)} บาท`,
      `น้ำหนักเกณฑ์: ความเร่งด่วน ${weights.urgency} · ใช้เพื่อการสอน ${weights.teaching} · ขาดแคลนคอมพิวเตอร์ ${weights.shortage}`,
      ...plan.needs.map((n) => `${n.rank}. [${n.score}] ${n.school.name} (${n.school.district}) ${n.item} ×${n.quantity} · ${n.urgency}`),
    ];
  }
  const { list, rules } = ranking;
  return [
    `ความต้องการทดแทน/ซ่อมบำรุงอุปกรณ์ DLTV จาก "${round.title}" (รอบ #${round.id}) ปีงบประมาณ ${list.fiscalYear}`,
    `เกณฑ์: ${rules.length > 0 ? rules.join(' · ') : 'ไม่ได้ตั้งเกณฑ์'}`,
    `เข้าเกณฑ์ ${list.eligible} จาก ${list.schools.length} โรงเรียนที่ตอบ`,
    ...list.schools.map((s, i) => {
      const failed = s.checks.filter((c) => !c.ok).map((c) => c.note);
      const tickets = s.openTickets.length > 0 ? ` · งานซ่อมค้าง ${s.openTickets.map((t) => t.number).join(', ')}` : '';
      const register = ` · ทะเบียน ${describeRegisterBrief(s.register)}`;
      return `${i + 1}. ${s.eligible ? 'เข้าเกณฑ์' : `ไม่เข้าเกณฑ์ (${failed.join('; ')})`} ${s.school.name} (${s.school.district}) ทดแทน ${totalQuantity(s.replace)} ซ่อม ${totalQuantity(s.repair)}${tickets}${register}`;
    }),
  ];
}

const NUMBER_COLUMNS = new Set<string>(['จำนวนรวม', 'งบประมาณโดยประมาณ (บาท)', 'จำนวนโรงเรียน', 'ลำดับ', 'คะแนน', 'จำนวน', 'ราคาต่อหน่วย (บาท)', 'รวมเงิน (บาท)', 'นักเรียน (คน)', 'ได้รับอุปกรณ์ครั้งล่าสุด (ปีงบประมาณ)', 'ไฟฟ้าดับ (%)', 'จำนวนทดแทน', 'จำนวนซ่อมบำรุง']);
const WIDE_COLUMNS = new Set<string>(['โรงเรียน', 'รายการ', 'เหตุผลความจำเป็น', 'เหตุที่ไม่เข้าเกณฑ์', 'ต้องการทดแทน', 'ต้องการซ่อมบำรุง', 'งานซ่อมที่ยังเปิดอยู่', 'ทะเบียนอุปกรณ์ DLTV']);

function table(ranking: RoundRanking): { sheet: string; header: readonly string[]; rows: Array<Array<string | number | null>> } {
  return ranking.kind === 'needs'
    ? { sheet: `แผนจัดหา ${ranking.plan.fiscalYear}`, header: NEEDS_PLAN_HEADER, rows: needsPlanRows(ranking.plan) }
    : { sheet: 'ความต้องการ DLTV', header: DLTV_NEEDS_HEADER, rows: dltvNeedsRows(ranking.list) };
}

/** The CSV of the view (Thai headers, UTF-8 with BOM so Excel reads the Thai). */
export function rankingCsv(ranking: RoundRanking): string {
  const { header, rows } = table(ranking);
  return csvDocument(header, rows);
}

const columnsOf = (header: readonly string[]) =>
  header.map((h): XlsxColumn => ({ header: h, width: WIDE_COLUMNS.has(h) ? 36 : Math.max(10, h.length + 2), type: NUMBER_COLUMNS.has(h) ? 'number' : 'text' }));

/** The same table as an Excel workbook, numbers as numbers (to sum and sort); a plan has its totals by type beside it. */
export function rankingXlsx(ranking: RoundRanking, now: Date): Promise<Buffer> {
  const { sheet, header, rows } = table(ranking);
  const sheets = [{ name: sheet, columns: columnsOf(header), rows }];
  if (ranking.kind === 'needs') {
    const totals = planByCategory(ranking.plan).map((t) => [t.category, t.quantity, t.budget, t.schools]);
    sheets.push({ name: 'สรุปตามประเภท', columns: columnsOf(CATEGORY_TOTALS_HEADER), rows: totals });
  }
  return xlsxWorkbook(sheets, { created: now });
}

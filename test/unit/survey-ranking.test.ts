import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Answers } from '../../src/domain/surveys/answers.ts';
import { checkEligibility, describeRegisterBrief, DLTV_NEEDS_HEADER, dltvNeedsRows, eligibilityRuleTexts, listDltvNeeds, registerBrief } from '../../src/domain/surveys/dltv-eligibility.ts';
import { parseFormDefinition, type FormDefinition } from '../../src/domain/surveys/form.ts';
import { NEEDS_PLAN_HEADER, needsPlanRows, planByCategory, rankNeeds, shortfall, type Answered } from '../../src/domain/surveys/needs-plan.ts';
import { surveySettingsSchema } from '../../src/domain/surveys/settings.ts';
import { rankingTexts } from '../../src/flows/surveys/messages.ts';
import { rankingMessage } from '../../src/flows/surveys/ranking-card.ts';
import type { RoundRanking } from '../../src/flows/surveys/ranking.ts';

function template(file: string): FormDefinition {
  const parsed = parseFormDefinition(JSON.parse(readFileSync(new URL(`../../scripts/surveys/${file}`, import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.form;
}

const needsForm = template('computer-needs.json');
const dltvForm = template('dltv-repair.json');
const defaults = surveySettingsSchema.parse({});
const school = (key: string, name: string, district: string, code: string | null = null) => ({ key, name, district, code });

describe('the manual templates 1 and 3', () => {
  it('ship as valid form definitions', () => {
    expect(needsForm.key).toBe('computer_needs');
    expect(dltvForm.key).toBe('dltv_repair');
  });
});

describe('the computer needs ranked into the plan', () => {
  const need = (item: string, category: string, quantity: number, urgency: string, use: string, unitPrice?: number) => ({
    item,
    category,
    quantity,
    urgency,
    use,
    reason: `เหตุผล ${item}`,
    unit_price: unitPrice ?? null,
  });
  // A: 100 pupils, 5 computers → half the 10 it should have; B: enough; C: 200 pupils, none.
  const responses: Answered[] = [
    {
      who: school('school:1', 'โรงเรียนบ้านเมือง', 'เมือง', '34010001'),
      answers: { pupils: 100, computers_working: 5, needs: [need('คอมพิวเตอร์ห้องเรียน', 'desktop', 10, 'high', 'teaching', 20000), need('เครื่องพิมพ์', 'printer', 1, 'low', 'admin')] },
    },
    { who: school('school:2', 'โรงเรียนบ้านนา', 'นาดี', '34010002'), answers: { pupils: 40, computers_working: 10, needs: [need('โน้ตบุ๊กธุรการ', 'notebook', 2, 'high', 'admin', 25000)] } },
    { who: school('school:3', 'โรงเรียนบ้านป่า', 'นาดี'), answers: { pupils: 200, computers_working: 0, needs: [need('แท็บเล็ต', 'tablet', 20, 'medium', 'teaching')] } },
    { who: school('school:4', 'โรงเรียนไม่ต้องการ', 'เมือง'), answers: { pupils: 30, computers_working: 3 } },
  ];

  it('scores each need on the weighted criteria (default weights urgency 6, teaching 2, shortage 2) and ranks across schools', () => {
    const plan = rankNeeds(needsForm, responses, defaults.needsRanking, 2571);
    expect(plan.needs.map((n) => [n.rank, n.school.name, n.item, n.score])).toEqual([
      [1, 'โรงเรียนบ้านเมือง', 'คอมพิวเตอร์ห้องเรียน', 90],
      [2, 'โรงเรียนบ้านป่า', 'แท็บเล็ต', 70],
      [3, 'โรงเรียนบ้านนา', 'โน้ตบุ๊กธุรการ', 60],
      [4, 'โรงเรียนบ้านเมือง', 'เครื่องพิมพ์', 10],
    ]);
    expect(plan.needs[0]!.points).toEqual({ urgency: 1, teaching: 1, shortage: 0.5 });
    expect(plan.schools).toBe(3);
    expect(plan.budget).toBe(250000);
    expect(plan.fiscalYear).toBe(2571);
  });

  it('follows the office\'s weights: shortage counting most turns the order', () => {
    const settings = surveySettingsSchema.parse({ needsRanking: { weights: { urgency: 1, teaching: 0, shortage: 3 } } }).needsRanking;
    const plan = rankNeeds(needsForm, responses, settings, 2571);
    expect(plan.needs.map((n) => [n.item, n.score])).toEqual([
      ['แท็บเล็ต', 87.5],
      ['คอมพิวเตอร์ห้องเรียน', 62.5],
      ['เครื่องพิมพ์', 37.5],
      ['โน้ตบุ๊กธุรการ', 25],
    ]);
  });

  it('urgency points are a setting too; an urgency the setting does not name counts nothing', () => {
    const settings = surveySettingsSchema.parse({ needsRanking: { urgencyPoints: { high: 1, medium: 1, low: 0 }, weights: { teaching: 0, shortage: 0 } } }).needsRanking;
    const plan = rankNeeds(needsForm, [{ who: school('school:9', 'ก', 'เมือง'), answers: { needs: [need('x', 'other', 1, 'soon', 'teaching'), need('y', 'other', 1, 'medium', 'admin')] } }], settings, 2571);
    expect(plan.needs.map((n) => [n.item, n.score])).toEqual([
      ['y', 100],
      ['x', 0],
    ]);
  });

  it('on equal scores the more urgent comes first, then the school\'s own order', () => {
    const settings = surveySettingsSchema.parse({ needsRanking: { weights: { urgency: 1, teaching: 1, shortage: 0 } } }).needsRanking;
    // 'high' for admin and 'low' for teaching both score 50.
    const plan = rankNeeds(needsForm, [{ who: school('school:9', 'ก', 'เมือง'), answers: { needs: [need('สอน', 'other', 1, 'low', 'teaching'), need('ธุรการ', 'other', 1, 'high', 'admin'), need('สอน 2', 'other', 1, 'low', 'teaching')] } }], settings, 2571);
    expect(plan.needs.map((n) => [n.item, n.score])).toEqual([
      ['ธุรการ', 50],
      ['สอน', 50],
      ['สอน 2', 50],
    ]);
  });

  it('the shortfall: none with enough computers or no pupils, all of it with no computer', () => {
    expect(shortfall(100, 5, 10)).toBe(0.5);
    expect(shortfall(100, 20, 10)).toBe(0);
    expect(shortfall(0, 0, 10)).toBe(0);
    expect(shortfall(35, 0, 10)).toBe(1);
  });

  it('the plan table: Thai headers, one row per need with the school code and district, labels not values', () => {
    const rows = needsPlanRows(rankNeeds(needsForm, responses, defaults.needsRanking, 2571));
    expect(NEEDS_PLAN_HEADER[2]).toBe('รหัสโรงเรียน');
    expect(rows[0]).toEqual([1, 90, '34010001', 'โรงเรียนบ้านเมือง', 'เมือง', 'คอมพิวเตอร์ห้องเรียน', 'คอมพิวเตอร์ตั้งโต๊ะ', 10, 20000, 200000, 'เร่งด่วนมาก', 'การเรียนการสอน', 'เหตุผล คอมพิวเตอร์ห้องเรียน']);
    expect(rows[1]![2]).toBe('');
    expect(rows.every((r) => r.length === NEEDS_PLAN_HEADER.length)).toBe(true);
  });

  it('sums the plan by type for the TOR\'s lots: pieces, budget, schools asking', () => {
    const more: Answered = { who: school('school:5', 'โรงเรียนบ้านไร่', 'เมือง'), answers: { pupils: 50, computers_working: 1, needs: [need('คอมพิวเตอร์', 'desktop', 5, 'high', 'teaching', 19000)] } };
    expect(planByCategory(rankNeeds(needsForm, [...responses, more], defaults.needsRanking, 2571))).toEqual([
      { category: 'คอมพิวเตอร์ตั้งโต๊ะ', quantity: 15, budget: 295000, schools: 2 },
      { category: 'แท็บเล็ต', quantity: 20, budget: 0, schools: 1 },
      { category: 'คอมพิวเตอร์โน้ตบุ๊ก', quantity: 2, budget: 50000, schools: 1 },
      { category: 'เครื่องพิมพ์', quantity: 1, budget: 0, schools: 1 },
    ]);
  });

  it('refuses weights that are all zero', () => {
    expect(surveySettingsSchema.safeParse({ needsRanking: { weights: { urgency: 0, teaching: 0, shortage: 0 } } }).success).toBe(false);
  });
});

describe('the DLTV replacement and repair needs against the allocation criteria', () => {
  const FY = 2570;
  const item = (equipment: string, action: string, quantity: number) => ({ equipment, action, quantity, problem: null });
  const a = (answers: Answers) => answers;
  const responses: Answered[] = [
    { who: school('school:1', 'โรงเรียนบ้านหนึ่ง', 'เมือง', '34010001'), answers: a({ pupils: 80, merger_planned: false, received_before: false, outage_percent: 10, items: [item('receiver', 'replace', 2), item('tv', 'repair', 1)] }) },
    { who: school('school:2', 'โรงเรียนบ้านสอง', 'เมือง'), answers: a({ pupils: 150, merger_planned: false, received_before: true, last_received_year: 2565, outage_percent: 5, items: [item('tv', 'repair', 1)] }) },
    { who: school('school:3', 'โรงเรียนบ้านสาม', 'นาดี'), answers: a({ pupils: 60, merger_planned: true, received_before: true, last_received_year: 2568, outage_percent: 25, items: [item('dish', 'replace', 3)] }) },
    { who: school('school:4', 'โรงเรียนบ้านสี่', 'นาดี'), answers: a({ pupils: 100, merger_planned: false, received_before: true, last_received_year: 2567, outage_percent: 19.5, items: [item('dish', 'replace', 1), item('lnb', 'replace', 1), item('cable', 'repair', 3)] }) },
  ];
  const surveyed = new Date('2026-11-20T03:00:00Z');
  const line = (classroom: string, dish: string | null, receiver: string | null, at = surveyed) =>
    ({ classroom, note: null, dish, lnb: 'good', receiver, tv: 'good', updatedAt: at }) as Parameters<typeof registerBrief>[0][number];
  const register = registerBrief([line('ป.1', 'good', 'broken', new Date('2026-11-01T03:00:00Z')), line('ป.2', 'partial', 'broken')])!;
  const beside = { openTickets: new Map([['school:1', [{ number: 'ซ่อม 2570/0007', category: 'ไม่มีสัญญาณ' }]]]), registers: new Map([['school:1', register]]) };

  it('checks each criterion in force: pupils 50–120, not planned for merger, nothing received in 3 fiscal years, outages under 20 %', () => {
    const rule = eligibilityRuleTexts(defaults.dltvEligibility);
    expect(rule).toEqual(['นักเรียน 50–120 คน', 'ไม่อยู่ในแผนควบรวม', 'ไม่ได้รับอุปกรณ์ใน 3 ปีงบประมาณที่ผ่านมา', 'ไฟฟ้าดับต่ำกว่า 20% ของเวลาสอน']);
    expect(checkEligibility(responses[2]!.answers, defaults.dltvEligibility, FY)).toEqual([
      { rule: 'pupils', ok: true, note: 'นักเรียน 60 คน' },
      { rule: 'merger', ok: false, note: 'อยู่ในแผนควบรวม' },
      { rule: 'recentEquipment', ok: false, note: 'ได้รับอุปกรณ์ปี 2568 (ภายใน 3 ปี)' },
      { rule: 'outage', ok: false, note: 'ไฟฟ้าดับ 25% (เกณฑ์ต่ำกว่า 20%)' },
    ]);
  });

  it('at the edges: 50 and 120 pupils are in, 20 % of outages is not, equipment exactly 3 years ago is old enough; a fact not answered fails', () => {
    const ok = (answers: Answers) => checkEligibility(answers, defaults.dltvEligibility, FY).filter((c) => !c.ok).map((c) => c.rule);
    expect(ok({ pupils: 50, merger_planned: false, received_before: true, last_received_year: 2567, outage_percent: 0 })).toEqual([]);
    expect(ok({ pupils: 120, merger_planned: false, received_before: false, outage_percent: 20 })).toEqual(['outage']);
    expect(ok({ pupils: 121, merger_planned: false, received_before: true, last_received_year: 2568, outage_percent: 1 })).toEqual(['pupils', 'recentEquipment']);
    expect(ok({})).toEqual(['pupils', 'merger', 'recentEquipment', 'outage']);
  });

  it('lists the schools by need: eligible first, the most to replace, the most items; open tickets beside each', () => {
    const list = listDltvNeeds(dltvForm, responses, defaults.dltvEligibility, FY, beside);
    expect(list.schools.map((s) => [s.school.name, s.eligible])).toEqual([
      ['โรงเรียนบ้านสี่', true],
      ['โรงเรียนบ้านหนึ่ง', true],
      ['โรงเรียนบ้านสาม', false],
      ['โรงเรียนบ้านสอง', false],
    ]);
    expect(list.eligible).toBe(2);
    expect(list.schools[1]!.openTickets).toEqual([{ number: 'ซ่อม 2570/0007', category: 'ไม่มีสัญญาณ' }]);
    const rows = dltvNeedsRows(list);
    expect(rows.every((r) => r.length === DLTV_NEEDS_HEADER.length)).toBe(true);
    expect(rows[1]).toEqual([2, '34010001', 'โรงเรียนบ้านหนึ่ง', 'เมือง', 'เข้าเกณฑ์', '', 80, 'ไม่อยู่ในแผน', 'ไม่เคยได้รับ', 10, 'กล่องรับสัญญาณ ×2', 'โทรทัศน์ ×1', 2, 1, 'ซ่อม 2570/0007 ไม่มีสัญญาณ', '2 ห้อง · เสีย 2 · ชำรุดบางส่วน 1 (สำรวจ 20 พฤศจิกายน 2569)']);
    expect(rows[3]![5]).toBe('นักเรียน 150 คน (เกณฑ์ 50–120 คน)');
    expect(rows[3]!.at(-1)).toBe('ไม่มีในทะเบียน');
  });

  it('the school\'s DLTV register beside it: classrooms, devices broken or partly, the latest survey', () => {
    expect(register).toEqual({ classrooms: 2, broken: 2, partial: 1, surveyedAt: surveyed });
    expect(registerBrief([])).toBeNull();
    expect(describeRegisterBrief(registerBrief([line('ป.1', 'good', 'good')]))).toBe('1 ห้อง · ใช้ได้ทั้งหมด (สำรวจ 20 พฤศจิกายน 2569)');
  });

  it('a rule the office turns off is not checked', () => {
    const settings = surveySettingsSchema.parse({ dltvEligibility: { pupils: null, notPlannedForMerger: false, noEquipmentYears: 5 } }).dltvEligibility;
    expect(eligibilityRuleTexts(settings)).toEqual(['ไม่ได้รับอุปกรณ์ใน 5 ปีงบประมาณที่ผ่านมา', 'ไฟฟ้าดับต่ำกว่า 20% ของเวลาสอน']);
    const list = listDltvNeeds(dltvForm, responses, settings, FY, { openTickets: new Map(), registers: new Map() });
    // บ้านสอง (received 2565: 5 years) is in now; บ้านสี่ (2567) is out.
    expect(list.schools.filter((s) => s.eligible).map((s) => s.school.name)).toEqual(['โรงเรียนบ้านหนึ่ง', 'โรงเรียนบ้านสอง']);
  });
});

describe('the officer\'s card of a ranked round', () => {
  it('says so when nothing is submitted yet, or when the round is gone or not ranked', () => {
    const round = { id: 4, title: 'สำรวจความต้องการ' } as RoundRanking['round'];
    const empty: RoundRanking = { kind: 'needs', round, form: {} as RoundRanking['form'], plan: rankNeeds(needsForm, [], defaults.needsRanking, 2571), weights: defaults.needsRanking.weights };
    expect(rankingMessage(empty)).toEqual({ type: 'text', text: rankingTexts.none('สำรวจความต้องการ') });
    expect(rankingMessage(null)).toEqual({ type: 'text', text: rankingTexts.gone });
  });
});

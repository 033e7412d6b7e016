import { DLTV_DEVICES, type RegisterLine } from '../repair/dltv-register.ts';
import { formatThaiDate } from '../thai-date.ts';
import type { Answers, TableRow } from './answers.ts';
import { findQuestion, type FormDefinition } from './form.ts';
import type { Answered } from './needs-plan.ts';
import type { Expected } from './results.ts';
import type { DltvEligibilitySettings } from './settings.ts';

/**
 * The DLTV replacement/repair survey (manual template 3, form key `dltv_repair`): which schools need what
 * replaced or repaired, each checked against the office's allocation criteria (`surveys.dltvEligibility`: pupils
 * in a range, not planned for merger, no equipment received in the last N fiscal years, power outages under N %
 * of teaching time), with the school's open DLTV repair tickets and its DLTV equipment register (template 2) beside
 * it. The register has no date of allocation, so "no equipment received" is checked on the school's answer. Pure.
 */

export const DLTV_REPAIR_FORM_KEY = 'dltv_repair';

export const ELIGIBILITY_RULES = ['pupils', 'merger', 'recentEquipment', 'outage'] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

export interface RuleCheck {
  rule: EligibilityRule;
  ok: boolean;
  /** What was found, in Thai ("นักเรียน 150 คน (เกณฑ์ 50–120 คน)"). */
  note: string;
}

export interface EquipmentNeed {
  equipment: string;
  quantity: number;
  problem: string;
}

/** An open repair ticket as the list shows it. */
export interface OpenTicketRef {
  number: string;
  category: string;
}

/** A school's DLTV register, counted: its classrooms and how many of their devices are broken or partly so. */
export interface RegisterBrief {
  classrooms: number;
  broken: number;
  partial: number;
  /** When the school last said it (the latest line). */
  surveyedAt: Date;
}

export function registerBrief(lines: readonly RegisterLine[]): RegisterBrief | null {
  if (lines.length === 0) return null;
  const states = lines.flatMap((line) => DLTV_DEVICES.map((d) => line[d]));
  return {
    classrooms: lines.length,
    broken: states.filter((s) => s === 'broken').length,
    partial: states.filter((s) => s === 'partial').length,
    surveyedAt: new Date(Math.max(...lines.map((l) => l.updatedAt.getTime()))),
  };
}

/** "4 ห้อง · เสีย 3 · ชำรุดบางส่วน 1 (สำรวจ 1 ธันวาคม 2569)" */
export function describeRegisterBrief(brief: RegisterBrief | null): string {
  if (!brief) return 'ไม่มีในทะเบียน';
  const damaged = [brief.broken > 0 ? `เสีย ${brief.broken}` : null, brief.partial > 0 ? `ชำรุดบางส่วน ${brief.partial}` : null].filter((t) => t !== null);
  return `${brief.classrooms} ห้อง · ${damaged.length > 0 ? damaged.join(' · ') : 'ใช้ได้ทั้งหมด'} (สำรวจ ${formatThaiDate(brief.surveyedAt)})`;
}

/** What is shown beside each school, by response key (`school:<id>`). */
export interface BesideSchools {
  openTickets: ReadonlyMap<string, readonly OpenTicketRef[]>;
  registers: ReadonlyMap<string, RegisterBrief>;
}

export interface DltvSchoolNeed {
  school: Expected;
  eligible: boolean;
  /** The rules the office checks, in order. */
  checks: RuleCheck[];
  replace: EquipmentNeed[];
  repair: EquipmentNeed[];
  openTickets: OpenTicketRef[];
  /** The school's DLTV register, when it has lines. */
  register: RegisterBrief | null;
  answers: { pupils: number | null; mergerPlanned: boolean | null; receivedBefore: boolean | null; lastReceivedYear: number | null; outagePercent: number | null };
}

export interface DltvNeedsList {
  fiscalYear: number;
  schools: DltvSchoolNeed[];
  eligible: number;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** How many pieces in all. */
export const totalQuantity = (needs: readonly EquipmentNeed[]) => needs.reduce((n, e) => n + e.quantity, 0);

/** The criteria in force, as a line each ("นักเรียน 50–120 คน"). */
export function eligibilityRuleTexts(settings: DltvEligibilitySettings): string[] {
  return [
    settings.pupils ? `นักเรียน ${settings.pupils.min}–${settings.pupils.max} คน` : undefined,
    settings.notPlannedForMerger ? 'ไม่อยู่ในแผนควบรวม' : undefined,
    settings.noEquipmentYears !== null ? `ไม่ได้รับอุปกรณ์ใน ${settings.noEquipmentYears} ปีงบประมาณที่ผ่านมา` : undefined,
    settings.maxOutagePercent !== null ? `ไฟฟ้าดับต่ำกว่า ${settings.maxOutagePercent}% ของเวลาสอน` : undefined,
  ].filter((t): t is string => t !== undefined);
}

/**
 * A school's answers against each criterion in force. "The last N years": received in fiscal year Y counts when
 * `fiscalYear - Y < N` (in 2570 with N = 3: 2568 and 2569 count, 2567 does not). An unanswered fact fails its rule.
 */
export function checkEligibility(answers: Answers, settings: DltvEligibilitySettings, fiscalYear: number): RuleCheck[] {
  const checks: RuleCheck[] = [];
  if (settings.pupils) {
    const { min, max } = settings.pupils;
    const pupils = num(answers.pupils);
    checks.push(
      pupils === null
        ? { rule: 'pupils', ok: false, note: 'ไม่ได้ตอบจำนวนนักเรียน' }
        : { rule: 'pupils', ok: pupils >= min && pupils <= max, note: `นักเรียน ${pupils} คน${pupils >= min && pupils <= max ? '' : ` (เกณฑ์ ${min}–${max} คน)`}` },
    );
  }
  if (settings.notPlannedForMerger) {
    const planned = answers.merger_planned;
    checks.push(
      typeof planned !== 'boolean'
        ? { rule: 'merger', ok: false, note: 'ไม่ได้ตอบเรื่องแผนควบรวม' }
        : { rule: 'merger', ok: !planned, note: planned ? 'อยู่ในแผนควบรวม' : 'ไม่อยู่ในแผนควบรวม' },
    );
  }
  if (settings.noEquipmentYears !== null) {
    const years = settings.noEquipmentYears;
    const year = num(answers.last_received_year);
    if (answers.received_before === false) checks.push({ rule: 'recentEquipment', ok: true, note: 'ไม่เคยได้รับอุปกรณ์' });
    else if (year === null) checks.push({ rule: 'recentEquipment', ok: false, note: 'ไม่ได้ตอบปีที่ได้รับอุปกรณ์' });
    else {
      const ok = fiscalYear - year >= years;
      checks.push({ rule: 'recentEquipment', ok, note: `ได้รับอุปกรณ์ปี ${year}${ok ? '' : ` (ภายใน ${years} ปี)`}` });
    }
  }
  if (settings.maxOutagePercent !== null) {
    const limit = settings.maxOutagePercent;
    const outage = num(answers.outage_percent);
    checks.push(
      outage === null
        ? { rule: 'outage', ok: false, note: 'ไม่ได้ตอบเรื่องไฟฟ้าดับ' }
        : { rule: 'outage', ok: outage < limit, note: `ไฟฟ้าดับ ${outage}%${outage < limit ? '' : ` (เกณฑ์ต่ำกว่า ${limit}%)`}` },
    );
  }
  return checks;
}

/**
 * The schools that answered, by need: those meeting every criterion first; then the most to replace, the most
 * items in all, the most open repair tickets; then by district and name.
 */
export function listDltvNeeds(
  form: Pick<FormDefinition, 'sections'>,
  responses: readonly Answered[],
  settings: DltvEligibilitySettings,
  fiscalYear: number,
  beside: BesideSchools,
): DltvNeedsList {
  const table = findQuestion(form, 'items');
  const columns = table?.kind === 'table' ? table.columns : [];
  const label = (column: string, value: unknown) => columns.find((c) => c.id === column)?.options?.find((o) => o.value === value)?.label ?? String(value ?? '');
  const schools = responses.map(({ who, answers }): DltvSchoolNeed => {
    const rows = Array.isArray(answers.items) ? (answers.items as TableRow[]) : [];
    const needsOf = (action: string) =>
      rows.filter((r) => r.action === action).map((r) => ({ equipment: label('equipment', r.equipment), quantity: num(r.quantity) ?? 0, problem: String(r.problem ?? '') }));
    const checks = checkEligibility(answers, settings, fiscalYear);
    return {
      school: who,
      eligible: checks.every((c) => c.ok),
      checks,
      replace: needsOf('replace'),
      repair: needsOf('repair'),
      openTickets: [...(beside.openTickets.get(who.key) ?? [])],
      register: beside.registers.get(who.key) ?? null,
      answers: {
        pupils: num(answers.pupils),
        mergerPlanned: typeof answers.merger_planned === 'boolean' ? answers.merger_planned : null,
        receivedBefore: typeof answers.received_before === 'boolean' ? answers.received_before : null,
        lastReceivedYear: answers.received_before === false ? null : num(answers.last_received_year),
        outagePercent: num(answers.outage_percent),
      },
    };
  });
  schools.sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      totalQuantity(b.replace) - totalQuantity(a.replace) ||
      totalQuantity(b.replace) + totalQuantity(b.repair) - (totalQuantity(a.replace) + totalQuantity(a.repair)) ||
      b.openTickets.length - a.openTickets.length ||
      a.school.district.localeCompare(b.school.district, 'th') ||
      a.school.name.localeCompare(b.school.name, 'th'),
  );
  return { fiscalYear, schools, eligible: schools.filter((s) => s.eligible).length };
}

/** "กล่องรับสัญญาณ ×2, โทรทัศน์ ×1" */
export const equipmentText = (needs: readonly EquipmentNeed[]) => needs.map((n) => `${n.equipment} ×${n.quantity}`).join(', ');

export const DLTV_NEEDS_HEADER = [
  'ลำดับ',
  'รหัสโรงเรียน',
  'โรงเรียน',
  'อำเภอ',
  'เข้าเกณฑ์',
  'เหตุที่ไม่เข้าเกณฑ์',
  'นักเรียน (คน)',
  'แผนควบรวม',
  'ได้รับอุปกรณ์ครั้งล่าสุด (ปีงบประมาณ)',
  'ไฟฟ้าดับ (%)',
  'ต้องการทดแทน',
  'ต้องการซ่อมบำรุง',
  'จำนวนทดแทน',
  'จำนวนซ่อมบำรุง',
  'งานซ่อมที่ยังเปิดอยู่',
  'ทะเบียนอุปกรณ์ DLTV',
] as const;

export function dltvNeedsRows(list: DltvNeedsList): Array<Array<string | number | null>> {
  return list.schools.map((s, i) => [
    i + 1,
    s.school.code ?? '',
    s.school.name,
    s.school.district,
    s.eligible ? 'เข้าเกณฑ์' : 'ไม่เข้าเกณฑ์',
    s.checks.filter((c) => !c.ok).map((c) => c.note).join('; '),
    s.answers.pupils,
    s.answers.mergerPlanned === null ? '' : s.answers.mergerPlanned ? 'อยู่ในแผน' : 'ไม่อยู่ในแผน',
    s.answers.receivedBefore === false ? 'ไม่เคยได้รับ' : s.answers.lastReceivedYear,
    s.answers.outagePercent,
    equipmentText(s.replace),
    equipmentText(s.repair),
    totalQuantity(s.replace),
    totalQuantity(s.repair),
    s.openTickets.map((t) => `${t.number} ${t.category}`).join('; '),
    describeRegisterBrief(s.register),
  ]);
}

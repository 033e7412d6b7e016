import type { Answers } from '../surveys/answers.ts';
import { findQuestion, type FormDefinition } from '../surveys/form.ts';
import { formatThaiDate } from '../thai-date.ts';

/**
 * The school's DLTV equipment register (issue 13, manual template 2): one line per classroom with the state of its
 * dish, LNB, receiver and TV, as the school last said in the DLTV survey. The repair flows show it beside a DLTV
 * fault; `scripts/dltv-register.ts` exports it. Pure: which answers feed it, and how a line reads. No I/O.
 */

/** The form whose answers feed the register (scripts/surveys/dltv-equipment.json), in any version with the table. */
export const DLTV_FORM_KEY = 'dltv_equipment';
/** Its table question: a row per classroom, a column per device. */
export const DLTV_CLASSROOMS_QUESTION = 'dltv_classrooms';

export const DLTV_DEVICES = ['dish', 'lnb', 'receiver', 'tv'] as const;
export type DltvDevice = (typeof DLTV_DEVICES)[number];

/** The option values the template's device columns use (a test keeps the JSON to these). */
export const DEVICE_STATES = ['good', 'partial', 'broken', 'none'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** Short, for a line on a phone. */
export const DEVICE_LABELS: Record<DltvDevice, string> = { dish: 'จาน', lnb: 'LNB', receiver: 'กล่อง', tv: 'ทีวี' };
export const DEVICE_STATE_LABELS: Record<DeviceState, string> = { good: 'ใช้ได้', partial: 'ชำรุดบางส่วน', broken: 'เสีย', none: 'ไม่มี' };

/** One classroom as a response gives it; a state the template no longer offers reads as unknown (null). */
export type RegisterEntry = { classroom: string; note: string | null } & Record<DltvDevice, DeviceState | null>;

/** A line of the register as kept: the entry, with when it was last said. */
export interface RegisterLine extends RegisterEntry {
  updatedAt: Date;
}

const squeeze = (text: string) => text.trim().replace(/\s+/g, ' ');
const asState = (value: unknown): DeviceState | null => ((DEVICE_STATES as readonly unknown[]).includes(value) ? (value as DeviceState) : null);

/**
 * The register lines a submitted response gives, or null when the form does not feed the register (another form,
 * or a version without the classroom table: the register is then left as it is). A school that answered "no DLTV"
 * (the table hidden) gives no lines. Two rows naming the same classroom are both kept, the second as "ห้อง (2)".
 */
export function registerEntriesOf(form: { key: string; definition: Pick<FormDefinition, 'sections'> }, answers: Answers): RegisterEntry[] | null {
  if (form.key !== DLTV_FORM_KEY || findQuestion(form.definition, DLTV_CLASSROOMS_QUESTION)?.kind !== 'table') return null;
  const rows = answers[DLTV_CLASSROOMS_QUESTION];
  if (!Array.isArray(rows)) return [];
  const taken = new Set<string>();
  const entries: RegisterEntry[] = [];
  for (const row of rows) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) continue;
    const cells = row as Record<string, unknown>;
    const name = typeof cells.classroom === 'string' ? squeeze(cells.classroom) : '';
    if (name === '') continue;
    let classroom = name;
    for (let n = 2; taken.has(classroomKey(classroom)); n++) classroom = `${name} (${n})`;
    taken.add(classroomKey(classroom));
    const note = typeof cells.note === 'string' && cells.note.trim() !== '' ? cells.note.trim() : null;
    entries.push({ classroom, note, dish: asState(cells.dish), lnb: asState(cells.lnb), receiver: asState(cells.receiver), tv: asState(cells.tv) });
  }
  return entries;
}

/** How a classroom is matched ("ห้อง ป. 4/1" is "ป.4/1"): spaces and a leading "ห้อง" ignored, case folded. */
export function classroomKey(classroom: string): string {
  return classroom.replace(/\s+/g, '').replace(/^ห้อง/, '').toLowerCase();
}

/** "ป.1: จาน ใช้ได้ · LNB เสีย · กล่อง ใช้ได้ · ทีวี ไม่มี (หมายเหตุ)" */
export function describeRegisterLine(line: RegisterEntry): string {
  const devices = DLTV_DEVICES.map((d) => `${DEVICE_LABELS[d]} ${line[d] ? DEVICE_STATE_LABELS[line[d]] : '-'}`).join(' · ');
  return `${line.classroom}: ${devices}${line.note ? ` (${line.note})` : ''}`;
}

/** The line of a classroom a fault names, if the register has it. */
export function registerLineFor<T extends RegisterEntry>(lines: readonly T[], classroom: string | null): T | undefined {
  if (!classroom) return undefined;
  const key = classroomKey(classroom);
  return lines.find((l) => classroomKey(l.classroom) === key);
}

/** How many lines a chat message or a card shows before "และอีก N ห้อง". */
export const REGISTER_LINES_SHOWN = 6;

export const registerTexts = {
  heading: (at: Date) => `ทะเบียนอุปกรณ์ DLTV ของโรงเรียน (สำรวจ ${formatThaiDate(at)})`,
  more: (n: number) => `และอีก ${n} ห้อง`,
} as const;

/**
 * The register, briefly, for a fault report or a ticket: the heading, then the fault's classroom alone when the
 * register has it, otherwise the classrooms (at most REGISTER_LINES_SHOWN). Null when the school has no lines.
 */
export function registerSummary(lines: readonly RegisterLine[], classroom: string | null = null): string | null {
  if (lines.length === 0) return null;
  const latest = new Date(Math.max(...lines.map((l) => l.updatedAt.getTime())));
  const own = registerLineFor(lines, classroom);
  const shown = own ? [own] : lines.slice(0, REGISTER_LINES_SHOWN);
  const rest = own ? 0 : lines.length - shown.length;
  return [registerTexts.heading(latest), ...shown.map((l) => `• ${describeRegisterLine(l)}`), rest > 0 ? registerTexts.more(rest) : null].filter((l) => l !== null).join('\n');
}

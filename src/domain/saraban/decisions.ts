import { addOfficeMinutes, bangkokDateKey, bangkokTime, isOfficeDay, type OfficeCalendar } from '../office-time.ts';
import { can } from '../permissions.ts';
import type { Person } from '../people.ts';
import { ROLE_LABELS, type Role } from '../roles.ts';
import { decidingCapacity } from './access.ts';
import { ACTING_KIND_LABELS, DECISION_LABELS, DECISIONS, PROPOSAL_ASK_LABELS, type ActingKind, type Decision } from './letter.ts';
import type { Letter } from './view.ts';

/**
 * The rules of proposing a letter to the area director (or a deputy) and of their decision, pure: the
 * flow asks these with the letter as locked in the event's transaction, the executor asks them again.
 */

/** The roles a letter is proposed to, and who may act for them (they must be able to decide). */
export const DECIDER_ROLES: readonly Role[] = ['area_director', 'deputy_director'];

/** The decisions a director is offered, in the order of the buttons. */
export const DECISION_CHOICES: readonly Decision[] = DECISIONS;

/** Statuses from which the officer may propose: acknowledged, or returned for correction. */
export type ProposeCheck = { ok: true } | { ok: false; reason: 'not_allowed' | 'not_assignee' | 'already_proposed' | 'not_now' };

export function checkPropose(letter: Letter, person: Pick<Person, 'id' | 'role'>): ProposeCheck {
  if (!can(person.role, 'handle_letter')) return { ok: false, reason: 'not_allowed' };
  if (letter.assigneeId !== person.id) return { ok: false, reason: 'not_assignee' };
  if (letter.status === 'proposed') return { ok: false, reason: 'already_proposed' };
  if (letter.status !== 'acknowledged' && letter.status !== 'returned') return { ok: false, reason: 'not_now' };
  return { ok: true };
}

export type DecideCheck =
  | { ok: true; acting: ActingKind | null }
  /** Decided already (by this person or anyone): who decided what and when. */
  | { ok: false; reason: 'decided' }
  /** Proposed, but to someone this person does not act for. */
  | { ok: false; reason: 'not_yours' }
  /** Not proposed (returned, cancelled, not yet proposed …). */
  | { ok: false; reason: 'not_proposed' }
  | { ok: false; reason: 'not_allowed' };

/**
 * Whether this person may decide on the letter now, and in which capacity. `actingFor` is what the
 * person acts for today. A letter decided (or returned) since the button was drawn answers `decided`,
 * whoever taps: the tapper is told who decided what and when.
 */
export function checkDecide(
  letter: Letter,
  person: Pick<Person, 'id' | 'role'>,
  actingFor: ReadonlyArray<{ principalId: number; kind: ActingKind }>,
): DecideCheck {
  if (!can(person.role, 'decide_letter')) return { ok: false, reason: 'not_allowed' };
  if (letter.decision !== null && letter.decidedAt !== null && (letter.status === 'decided' || letter.status === 'returned')) {
    return { ok: false, reason: 'decided' };
  }
  if (letter.status !== 'proposed') return { ok: false, reason: 'not_proposed' };
  const capacity = decidingCapacity(letter, person.id, actingFor);
  if (!capacity) return { ok: false, reason: 'not_yours' };
  return { ok: true, acting: capacity.acting };
}

/** The status a decision leaves the letter in: ส่งคืนแก้ไข goes back to the officer, who may propose again. */
export function statusAfterDecision(decision: Decision): 'decided' | 'returned' {
  return decision === 'returned' ? 'returned' : 'decided';
}

/** Decisions that ask for a typed text: สั่งการ (the order, required) and ส่งคืนแก้ไข (a note, optional). */
export function decisionTextNeed(decision: Decision): 'required' | 'optional' | 'none' {
  if (decision === 'ordered') return 'required';
  if (decision === 'returned') return 'optional';
  return 'none';
}

const SHORT_MONTHS = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];

/** "3 มี.ค. 2570": the register's short Thai date (Buddhist year), Bangkok time. */
export function shortThaiDate(at: Date | string): string {
  const key = typeof at === 'string' ? at : bangkokDateKey(at);
  const [y, m, d] = key.split('-').map(Number);
  return `${d} ${SHORT_MONTHS[m! - 1]} ${y! + 543}`;
}

/** Titles of the people involved, when known (role labels read better than names in the register). */
export interface DeciderTitles {
  proposedTo?: Role | null;
  decidedBy?: Role | null;
}

function titleOf(role: Role | null | undefined, name: string | null): string {
  if (role && DECIDER_ROLES.includes(role)) return ROLE_LABELS[role];
  return name ?? '';
}

/**
 * Who decided, as the register and the messages write it: "ผอ.สพป." in person, or
 * "นายรอง ใจดี ปฏิบัติราชการแทน ผอ.สพป." when someone acted for the person the letter was proposed to.
 */
export function deciderText(letter: Pick<Letter, 'decidedByName' | 'decidedActing' | 'proposedToName'>, titles: DeciderTitles = {}): string {
  if (letter.decidedActing) {
    return `${letter.decidedByName ?? ''} ${ACTING_KIND_LABELS[letter.decidedActing]} ${titleOf(titles.proposedTo, letter.proposedToName)}`.trim();
  }
  return titleOf(titles.decidedBy, letter.decidedByName);
}

/** Who decided, as a chat message says it: "นายใหญ่ ใจดี (ผอ.สพป.)", or the acting form of `deciderText`. */
export function deciderChatText(letter: Pick<Letter, 'decidedByName' | 'decidedActing' | 'proposedToName'>, titles: DeciderTitles = {}): string {
  if (letter.decidedActing) return deciderText(letter, titles);
  const role = titles.decidedBy;
  const name = letter.decidedByName ?? '';
  return role && DECIDER_ROLES.includes(role) ? `${name} (${ROLE_LABELS[role]})` : name;
}

/**
 * The register's "การปฏิบัติ" column (แบบที่ 13) for a letter, from its decision or where it is now:
 * "ผอ.สพป. อนุมัติ 3 มี.ค. 2570", "ผอ.สพป. สั่งการ 3 มี.ค. 2570: ให้ …", "นาย ก ปฏิบัติราชการแทน ผอ.สพป. เห็นชอบ …",
 * "เสนอ ผอ.สพป. เพื่อโปรดพิจารณา 2 มี.ค. 2570", "มอบ นาย ข 1 มี.ค. 2570". The register is the clerk's official
 * record (not a chat), so the order's text is kept for every letter; ลับที่สุด letters keep number and date only.
 */
export function registerActionText(letter: Letter, titles: DeciderTitles = {}): string {
  if (letter.status === 'cancelled') return 'ยกเลิก';
  if (letter.secrecy === 'top_secret') return '';
  if (letter.decision && letter.decidedAt) {
    const head = `${deciderText(letter, titles)} ${DECISION_LABELS[letter.decision]} ${shortThaiDate(letter.decidedAt)}`.trim();
    const text = letter.decisionText?.trim();
    return text ? `${head}: ${text}` : head;
  }
  if (letter.status === 'proposed' && letter.proposedAt) {
    const ask = letter.proposalAsk ? ` ${PROPOSAL_ASK_LABELS[letter.proposalAsk]}` : '';
    return `เสนอ ${titleOf(titles.proposedTo, letter.proposedToName)}${ask} ${shortThaiDate(letter.proposedAt)}`;
  }
  if (letter.assigneeName && letter.assignedAt) return `มอบ ${letter.assigneeName} ${shortThaiDate(letter.assignedAt)}`;
  return '';
}

/**
 * The next reminder of a pending decision, given the times of those already sent: the first
 * `spacingOfficeHours` office hours after the proposal, each next one as long after the previous one (so
 * a service that was down does not send them all at once). Null once `max` were sent.
 */
export function nextDecisionReminder(
  proposedAt: Date,
  sent: readonly Date[],
  rules: { max: number; spacingOfficeHours: number },
  calendar: OfficeCalendar,
): { n: number; due: Date } | null {
  if (sent.length >= rules.max) return null;
  const last = sent.reduce((a, b) => (b.getTime() > a.getTime() ? b : a), proposedAt);
  return { n: sent.length + 1, due: addOfficeMinutes(last, rules.spacingOfficeHours * 60, calendar) };
}

/**
 * The days (YYYY-MM-DD) an officer is reminded of a letter's act-by date: `officeDays` office days
 * before it, and on the day itself (the last office day on or before it when it falls on a closed day).
 * Returns `{ before, onDay }`; `before` is null when `officeDays` is 0.
 */
export function actByReminderDays(actBy: string, officeDays: number, calendar: OfficeCalendar): { before: string | null; onDay: string } {
  const DAY = 24 * 60 * 60 * 1000;
  const due = bangkokTime(actBy, '12:00');
  let cursor = due;
  for (let i = 0; i < 3700 && !isOfficeDay(cursor, calendar); i += 1) cursor = new Date(cursor.getTime() - DAY);
  const onDay = bangkokDateKey(cursor);
  if (officeDays <= 0) return { before: null, onDay };
  // Counted from the act-by date itself: act by Saturday, two office days before is Thursday.
  cursor = due;
  let left = officeDays;
  for (let i = 0; i < 3700 && left > 0; i += 1) {
    cursor = new Date(cursor.getTime() - DAY);
    if (isOfficeDay(cursor, calendar)) left -= 1;
  }
  return { before: bangkokDateKey(cursor), onDay };
}

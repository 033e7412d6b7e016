import { bangkokDateKey } from '../office-time.ts';
import { ROLE_LABELS, type Role } from '../roles.ts';
import { ACTING_KIND_LABELS, DECISION_LABELS, DECISIONS, PROPOSAL_ASK_LABELS, type Decision } from './letter.ts';
import type { Letter } from './view.ts';

/**
 * The rules of proposing a letter to the area director (or a deputy) and of their decision, pure. Who may
 * propose and decide is the request kit's (src/flows/saraban-decide/request.ts on src/kit/requests.ts).
 */

/** The roles a letter is proposed to, and who may act for them (they must be able to decide). */
export const DECIDER_ROLES: readonly Role[] = ['area_director', 'deputy_director'];

/** The decisions a director is offered, in the order of the buttons. */
export const DECISION_CHOICES: readonly Decision[] = DECISIONS;

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

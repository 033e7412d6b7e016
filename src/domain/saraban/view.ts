import {
  DECISION_LABELS,
  isSecret,
  letterNumberLabel,
  URGENCY_LABELS,
  type ActingKind,
  type Decision,
  type LetterKind,
  type LetterRegister,
  type LetterStatus,
  type ProposalAsk,
  type Secrecy,
  type Urgency,
} from './letter.ts';

/** A letter as the flows, pages and jobs see it (one row of `letters`, names of the people resolved). */
export interface Letter {
  id: number;
  officeId: string;
  register: LetterRegister;
  /** Calendar year (Buddhist era) the number runs in. */
  year: number;
  number: number;
  /** The letter's own number (ที่), e.g. `ศธ 04001/ว1234`. */
  docNo: string | null;
  /** The letter's date (ลงวันที่), YYYY-MM-DD. */
  docDate: string | null;
  fromName: string | null;
  toName: string | null;
  /** Null for ลับที่สุด (kept on paper only). */
  subject: string | null;
  kind: LetterKind;
  urgency: Urgency;
  /** ด่วนภายใน: act by this date (YYYY-MM-DD). */
  actBy: string | null;
  secrecy: Secrecy;
  status: LetterStatus;
  /** Bumped on every change: buttons carry it, so a button drawn for an earlier state is stale. */
  version: number;
  /** Date and time of receipt (the receive stamp) or of sending. */
  registeredAt: Date;
  registeredById: number;
  registeredByName: string;
  assignedById: number | null;
  assigneeId: number | null;
  assigneeName: string | null;
  instruction: string | null;
  assignedAt: Date | null;
  acknowledgedAt: Date | null;
  proposedToId: number | null;
  proposedToName: string | null;
  proposalAsk: ProposalAsk | null;
  proposalNote: string | null;
  proposedAt: Date | null;
  decision: Decision | null;
  /** สั่งการ: the order's text; other decisions: an optional note. */
  decisionText: string | null;
  decidedById: number | null;
  decidedByName: string | null;
  /** Set when the decider acted for the person the letter was proposed to. */
  decidedActing: ActingKind | null;
  decidedAt: Date | null;
  remarks: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  attachmentCount: number;
}

/**
 * The one line that names a letter in a chat message, push, altText, digest or log: a secret letter is
 * "หนังสือลับ รับที่ 124/2569" whatever its level, so nothing of its subject, sender or even level leaks.
 */
export function letterHeadline(letter: Pick<Letter, 'register' | 'number' | 'year' | 'secrecy' | 'subject'>): string {
  const number = letterNumberLabel(letter.register, letter.number, letter.year);
  if (isSecret(letter.secrecy)) return `หนังสือลับ ${number}`;
  return letter.subject ? `${number} เรื่อง ${letter.subject}` : number;
}

/** Fields a chat may show. Secret letters give only their number and holder; the rest is null. */
export interface ChatSafeLetter {
  id: number;
  numberLabel: string;
  secret: boolean;
  headline: string;
  subject: string | null;
  fromName: string | null;
  docNo: string | null;
  urgency: Urgency;
  urgencyLabel: string;
  actBy: string | null;
  /** Who holds the letter now (assignee, director it is proposed to, or the registering clerk). */
  holderName: string;
  decisionLabel: string | null;
}

export function chatSafeLetter(letter: Letter): ChatSafeLetter {
  const secret = isSecret(letter.secrecy);
  return {
    id: letter.id,
    numberLabel: letterNumberLabel(letter.register, letter.number, letter.year),
    secret,
    headline: letterHeadline(letter),
    subject: secret ? null : letter.subject,
    fromName: secret ? null : letter.fromName,
    docNo: secret ? null : letter.docNo,
    urgency: letter.urgency,
    urgencyLabel: URGENCY_LABELS[letter.urgency],
    actBy: letter.actBy,
    holderName: holderName(letter),
    decisionLabel: letter.decision ? DECISION_LABELS[letter.decision] : null,
  };
}

export function holderName(letter: Letter): string {
  if (letter.status === 'proposed' && letter.proposedToName) return letter.proposedToName;
  return letter.assigneeName ?? letter.registeredByName;
}

/**
 * Whether a text may go into a chat, push, digest or log line about this letter: false when it contains
 * the secret letter's subject, sender, recipient or letter number. The secrecy tests check every message with it.
 */
export function leaksSecret(letter: Pick<Letter, 'secrecy' | 'subject' | 'fromName' | 'toName' | 'docNo'>, text: string): boolean {
  if (!isSecret(letter.secrecy)) return false;
  return [letter.subject, letter.fromName, letter.toName, letter.docNo].some((value) => !!value && value.trim().length >= 2 && text.includes(value.trim()));
}

/** A paper letter lent out of the register (src/db/repos/letter-keeping.ts fills it). */
export interface LetterLoan {
  id: number;
  officeId: string;
  letterId: number;
  borrowerName: string;
  borrowerId: number | null;
  purpose: string;
  lentBy: number;
  lentAt: Date;
  /** YYYY-MM-DD */
  dueDate: string;
  returnedAt: Date | null;
  returnedBy: string | null;
  receivedBy: number | null;
}


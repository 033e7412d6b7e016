import { z } from 'zod';
import type { CorrectableLetterField } from '../../domain/saraban/commands.ts';
import {
  isSecret,
  keepsDetails,
  letterKindSchema,
  registerSchema,
  secrecySchema,
  urgencySchema,
  type LetterKind,
  type LetterRegister,
  type LetterStatus,
  type Secrecy,
  type Urgency,
} from '../../domain/saraban/letter.ts';
import { BUDDHIST_ERA_OFFSET } from '../../domain/fiscal-year.ts';

/**
 * A letter being registered (the draft), kept in the conversation until it is confirmed or dropped, and
 * the correction of a registered letter. Pure: no clock, no I/O.
 */

export const MAX_ATTACHMENTS = 20;
/** Files are kept in the database: a scanned letter is a few MB; more than this is refused before download. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const TEXT_MAX = { docNo: 100, fromName: 300, toName: 300, subject: 500, reason: 300 } as const;

export interface LetterDraft {
  /** The draft's id (its start time in ms): every button of the draft carries it. */
  d: number;
  r: LetterRegister;
  secrecy?: Secrecy | undefined;
  /** null: the letter has no number of its own. */
  docNo?: string | null | undefined;
  docDate?: string | undefined;
  fromName?: string | undefined;
  toName?: string | undefined;
  subject?: string | undefined;
  kind?: LetterKind | undefined;
  urgency?: Urgency | undefined;
  /** null: asked, and there is no act-by date. */
  actBy?: string | null | undefined;
  /** Files and photos already downloaded and kept as drafts (media_files without an owner). */
  mediaIds: number[];
  /** true once the clerk said the attachments are done. */
  filesDone?: boolean | undefined;
  /** Editing from the summary: after the edited answer the summary comes back. */
  editing?: boolean | undefined;
}

export const draftSchema: z.ZodType<LetterDraft> = z.object({
  d: z.number().int().nonnegative(),
  r: registerSchema,
  secrecy: secrecySchema.optional(),
  docNo: z.string().nullable().optional(),
  docDate: z.string().optional(),
  fromName: z.string().optional(),
  toName: z.string().optional(),
  subject: z.string().optional(),
  kind: letterKindSchema.optional(),
  urgency: urgencySchema.optional(),
  actBy: z.string().nullable().optional(),
  mediaIds: z.array(z.number().int().positive()).max(MAX_ATTACHMENTS),
  filesDone: z.boolean().optional(),
  editing: z.boolean().optional(),
});

/** The questions, in the order they are asked. Secrecy first: ลับที่สุด skips everything kept on paper only. */
export const DRAFT_STEPS = ['secrecy', 'docNo', 'docDate', 'fromName', 'toName', 'subject', 'kind', 'urgency', 'actBy', 'files'] as const;
export type DraftStep = (typeof DRAFT_STEPS)[number];

/**
 * Whether a question is asked in the chat for this draft. A ลับ / ลับมาก letter's number (ที่), sender,
 * recipient, subject and files are never asked in the chat (a chat message stays in LINE's history): the
 * clerk fills them on the letter's form page after registering. ลับที่สุด keeps number and date only.
 * Sending: no sender (the office), no act-by.
 */
export function asks(step: DraftStep, draft: LetterDraft): boolean {
  const inChat = draft.secrecy === undefined || !isSecret(draft.secrecy);
  switch (step) {
    case 'docNo':
      return inChat || !keepsDetails(draft.secrecy!);
    case 'fromName':
      return inChat && draft.r === 'receive';
    case 'toName':
    case 'subject':
    case 'files':
      return inChat;
    case 'actBy':
      return draft.r === 'receive';
    default:
      return true;
  }
}

/** A ลับ / ลับมาก letter: registered from the chat without its details, which go on its form page. */
export function detailsOnForm(secrecy: Secrecy): boolean {
  return isSecret(secrecy) && keepsDetails(secrecy);
}

function answered(step: DraftStep, draft: LetterDraft): boolean {
  switch (step) {
    case 'actBy':
      return draft.actBy !== undefined;
    case 'files':
      return draft.filesDone === true;
    default:
      return draft[step] !== undefined;
  }
}

/** The first question still open, or null when the draft can be confirmed. */
export function nextQuestion(draft: LetterDraft): DraftStep | null {
  return DRAFT_STEPS.find((step) => asks(step, draft) && !answered(step, draft)) ?? null;
}

export interface CompleteDraft {
  register: LetterRegister;
  secrecy: Secrecy;
  docNo: string | null;
  docDate: string;
  fromName: string | null;
  toName: string | null;
  subject: string | null;
  kind: LetterKind;
  urgency: Urgency;
  actBy: string | null;
  mediaIds: number[];
}

/** Every answer is in: what will be registered (fields a ลับที่สุด letter does not keep are left out). */
export function completeDraft(draft: LetterDraft): CompleteDraft | null {
  if (nextQuestion(draft) !== null) return null;
  const keep = <T>(step: DraftStep, value: T | undefined): T | null => (asks(step, draft) && value !== undefined ? value : null);
  return {
    register: draft.r,
    secrecy: draft.secrecy!,
    docNo: keep('docNo', draft.docNo ?? undefined),
    docDate: draft.docDate!,
    fromName: keep('fromName', draft.fromName),
    toName: keep('toName', draft.toName),
    subject: keep('subject', draft.subject),
    kind: draft.kind!,
    urgency: draft.urgency!,
    actBy: keep('actBy', draft.actBy ?? undefined),
    mediaIds: asks('files', draft) ? draft.mediaIds : [],
  };
}

/** Spaces tidied; empty → null. */
export function cleanText(text: string): string | null {
  const clean = text.replace(/[\u200b\u200c\u200d\ufeff]/g, '').replace(/\s+/g, ' ').trim();
  return clean.length > 0 ? clean : null;
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const toArabic = (text: string) => text.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));

/**
 * A typed date: `2570-03-01` / `2027-03-01`, or `1/3/2570` (day/month/year, Buddhist or Christian year,
 * Thai digits welcome). Returns YYYY-MM-DD (Christian year), or null when it is not a real date.
 */
export function parseTypedDate(text: string): string | null {
  const clean = toArabic(text.trim());
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(clean);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(clean);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else return null;
  if (y > 2400) y -= BUDDHIST_ERA_OFFSET;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2200) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A date picker's answer (YYYY-MM-DD), checked. */
export function pickedDate(params: { date?: string }): string | null {
  return params.date ? parseTypedDate(params.date) : null;
}

/** "1 มีนาคม 2570" from YYYY-MM-DD (a calendar date: no time zone involved). */
export function thaiDateOfKey(key: string): string {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return `${d} ${THAI_MONTHS[m - 1]} ${y + BUDDHIST_ERA_OFFSET}`;
}

const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];

/** "แก้ไขหนังสือ 123/2569" (receive register) or "แก้ไขหนังสือส่ง 45/2569"; the year may be left out (this year). */
export function parseCorrectionRequest(text: string): { register: LetterRegister; number: number; year: number | null } | null {
  const match = /^แก้ไขหนังสือ(ส่ง|รับ)?\s*(?:ที่)?\s*(\d{1,6})(?:\s*\/\s*(\d{4}))?$/.exec(toArabic(text.normalize('NFC').trim()).replace(/\s+/g, ' '));
  if (!match) return null;
  return { register: match[1] === 'ส่ง' ? 'send' : 'receive', number: Number(match[2]), year: match[3] ? Number(match[3]) : null };
}

/**
 * Which fields a registered letter's correction offers in the chat. ลับที่สุด keeps no details and its level
 * is not changed in chat; a ลับ / ลับมาก letter's ที่, sender, recipient and subject are corrected on its
 * form page only, never typed into the chat.
 */
export function correctableFields(letter: { register: LetterRegister; secrecy: Secrecy }): CorrectableLetterField[] {
  const details = keepsDetails(letter.secrecy);
  const typed = !isSecret(letter.secrecy);
  const fields: CorrectableLetterField[] = [];
  if (!detailsOnForm(letter.secrecy)) fields.push('docNo');
  fields.push('docDate');
  if (typed && letter.register === 'receive') fields.push('fromName');
  if (typed) fields.push('toName', 'subject');
  fields.push('kind', 'urgency');
  if (letter.register === 'receive') fields.push('actBy');
  if (details) fields.push('secrecy');
  return fields;
}

/** A typed or tapped value for a correction, checked; `error` names what is wrong. */
export function correctionValue(field: CorrectableLetterField, text: string): { value: string } | { error: 'empty' | 'tooLong' | 'badDate' } {
  if (field === 'docDate' || field === 'actBy') {
    const date = parseTypedDate(text);
    return date ? { value: date } : { error: 'badDate' };
  }
  const clean = cleanText(text);
  if (!clean) return { error: 'empty' };
  const max = field === 'docNo' || field === 'fromName' || field === 'toName' || field === 'subject' ? TEXT_MAX[field] : 100;
  return clean.length > max ? { error: 'tooLong' } : { value: clean };
}

/** A number may be cancelled until the letter has gone to a director (after that it is part of a decision). */
export function canVoid(status: LetterStatus): boolean {
  return status === 'registered' || status === 'assigned' || status === 'acknowledged' || status === 'returned' || status === 'sent';
}

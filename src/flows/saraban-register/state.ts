import { z } from 'zod';
import { postbackFor, type FlowInput, type FlowState } from '../../bot/flow.ts';
import { calendarYearOf } from '../../domain/fiscal-year.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { keepsDetails, registerSchema, type LetterRegister } from '../../domain/saraban/letter.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import {
  confirmAction,
  CORRECT_FIELDS,
  correctAction,
  correctFieldAction,
  correctValueAction,
  noActByFixAction,
  voidAction,
} from './actions.ts';
import { completeDraft, detailsOnForm, draftSchema, MAX_ATTACHMENTS, MAX_FILE_BYTES, parseCorrectionRequest, type LetterDraft } from './draft.ts';

/** A registered letter being corrected or cancelled: its number and the version the clerk saw. */
export interface FixData {
  r: LetterRegister;
  y: number;
  n: number;
  v: number;
  /** The field whose new value is awaited. */
  f?: (typeof CORRECT_FIELDS)[number] | undefined;
}

/** The conversation: a draft being registered, or a registered letter being corrected. */
export interface RegisterData {
  draft?: LetterDraft | undefined;
  fix?: FixData | undefined;
}

export const registerDataSchema: z.ZodType<RegisterData> = z.object({
  draft: draftSchema.optional(),
  fix: z
    .object({
      r: registerSchema,
      y: z.number().int(),
      n: z.number().int().positive(),
      v: z.number().int().positive(),
      f: z.enum(CORRECT_FIELDS).optional(),
    })
    .optional(),
});

export type RegisterState = FlowState<RegisterData>;

export function canRegister(person: Person | null): person is Person {
  return person !== null && can(person.role, 'register_letter');
}

/** "ลงรับหนังสือ" or "ลงทะเบียนส่ง" typed or tapped: which register. */
export function registerStartOf(input: FlowInput): LetterRegister | null {
  if (input.kind !== 'text') return null;
  const command = menuCommandOf(input.text);
  if (command === 'receiveLetter') return 'receive';
  if (command === 'registerOutgoing') return 'send';
  return null;
}

export function isCorrectionRequest(input: FlowInput): boolean {
  return input.kind === 'text' && parseCorrectionRequest(input.text) !== null;
}

/**
 * The confirming tap, when valid now. `prepare` and the step both read the tap through this one function,
 * so the number is looked at exactly when the step will register under it.
 */
export function confirmIntent(state: RegisterState | null, input: FlowInput, person: Person | null): LetterDraft | null {
  const draft = state?.data.draft;
  if (!draft || state.step !== 'summary' || !canRegister(person) || !completeDraft(draft)) return null;
  const tap = postbackFor(input, confirmAction);
  return tap && tap.payload.d === draft.d ? draft : null;
}

export type FileCheck = 'ok' | 'notNow' | 'topSecret' | 'secretOnForm' | 'limit' | 'tooBig' | 'notPdf';

export const isPdfName = (name: string) => /\.pdf$/i.test(name.trim());

/** Whether a picture or file sent now is kept (and if not, why). Only 'ok' is downloaded. */
export function fileCheck(state: RegisterState | null, input: FlowInput): FileCheck | null {
  if (input.kind !== 'image' && input.kind !== 'file') return null;
  const draft = state?.data.draft;
  // A ลับ / ลับมาก letter's files go on its form page, never through the chat: nothing is downloaded.
  if (draft?.secrecy && detailsOnForm(draft.secrecy)) return 'secretOnForm';
  if (!draft || state.step !== 'files') {
    return draft?.secrecy && !keepsDetails(draft.secrecy) ? 'topSecret' : 'notNow';
  }
  if (draft.secrecy && !keepsDetails(draft.secrecy)) return 'topSecret';
  if (draft.mediaIds.length >= MAX_ATTACHMENTS) return 'limit';
  if (input.kind === 'file') {
    if (!isPdfName(input.fileName)) return 'notPdf';
    if (input.fileSize > MAX_FILE_BYTES) return 'tooBig';
  }
  return 'ok';
}

export interface LetterRef {
  register: LetterRegister;
  year: number;
  number: number;
}

/** The registered letter an input is about (a correction typed or tapped, or an answer in a correction). */
export function letterRefOf(state: RegisterState | null, input: FlowInput, now: Date): LetterRef | null {
  if (input.kind === 'text') {
    const typed = parseCorrectionRequest(input.text);
    if (typed) return { register: typed.register, number: typed.number, year: typed.year ?? calendarYearOf(now) };
  }
  for (const action of [correctAction, correctFieldAction, correctValueAction, noActByFixAction, voidAction]) {
    const tap = postbackFor(input, action);
    if (tap) return { register: tap.payload.r, year: tap.payload.y, number: tap.payload.n };
  }
  const fix = state?.data.fix;
  if (fix && input.kind === 'text' && (state.step === 'fixValue' || state.step === 'voidReason')) {
    return { register: fix.r, year: fix.y, number: fix.n };
  }
  return null;
}

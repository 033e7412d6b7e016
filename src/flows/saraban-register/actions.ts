import { z } from 'zod';
import { letterKindSchema, registerSchema, secrecySchema, urgencySchema } from '../../domain/saraban/letter.ts';
import { refVersion } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const SARABAN_REGISTER_FLOW = 'saraban-register';

/**
 * Draft buttons carry the draft's id (`d`, its start time): a button of an earlier draft is stale. Buttons
 * on a registered letter carry its register, year, number and version: a letter changed since is stale.
 */
const draft = { d: z.number().int().nonnegative() };
const letterAt = z.object({
  r: registerSchema,
  y: z.number().int().min(2400).max(2800),
  n: z.number().int().positive(),
  v: refVersion,
});
const DRAFT_FIELDS = ['secrecy', 'docNo', 'docDate', 'fromName', 'toName', 'subject', 'kind', 'urgency', 'actBy', 'files'] as const;
export const CORRECT_FIELDS = ['docNo', 'docDate', 'fromName', 'toName', 'subject', 'kind', 'urgency', 'actBy', 'secrecy'] as const;

export const secrecyAction = definePostbackAction('srg:sec', SARABAN_REGISTER_FLOW, z.object({ ...draft, s: secrecySchema }));
/** A date picker (the date comes in the postback's params): the letter's date or its act-by date. */
export const dateAction = definePostbackAction('srg:date', SARABAN_REGISTER_FLOW, z.object({ ...draft, f: z.enum(['docDate', 'actBy']) }));
export const noDocNoAction = definePostbackAction('srg:noNo', SARABAN_REGISTER_FLOW, z.object(draft));
export const kindAction = definePostbackAction('srg:kind', SARABAN_REGISTER_FLOW, z.object({ ...draft, k: letterKindSchema }));
export const urgencyAction = definePostbackAction('srg:urg', SARABAN_REGISTER_FLOW, z.object({ ...draft, u: urgencySchema }));
export const noActByAction = definePostbackAction('srg:noAct', SARABAN_REGISTER_FLOW, z.object(draft));
export const filesDoneAction = definePostbackAction('srg:filesDone', SARABAN_REGISTER_FLOW, z.object(draft));
export const confirmAction = definePostbackAction('srg:confirm', SARABAN_REGISTER_FLOW, z.object(draft));
export const editAction = definePostbackAction('srg:edit', SARABAN_REGISTER_FLOW, z.object(draft));
export const editFieldAction = definePostbackAction('srg:editField', SARABAN_REGISTER_FLOW, z.object({ ...draft, f: z.enum(DRAFT_FIELDS) }));
export const cancelDraftAction = definePostbackAction('srg:cancel', SARABAN_REGISTER_FLOW, z.object(draft));

/** On a registered letter: correct a field, or cancel the number. */
export const correctAction = definePostbackAction('srg:fix', SARABAN_REGISTER_FLOW, letterAt);
export const correctFieldAction = definePostbackAction('srg:fixField', SARABAN_REGISTER_FLOW, letterAt.extend({ f: z.enum(CORRECT_FIELDS) }));
/** A coded answer to a correction (kind, urgency, secrecy) or a date picked. */
export const correctValueAction = definePostbackAction(
  'srg:fixVal',
  SARABAN_REGISTER_FLOW,
  letterAt.extend({ f: z.enum(CORRECT_FIELDS), k: letterKindSchema.optional(), u: urgencySchema.optional(), s: secrecySchema.optional() }),
);
export const noActByFixAction = definePostbackAction('srg:fixNoAct', SARABAN_REGISTER_FLOW, letterAt);
export const voidAction = definePostbackAction('srg:void', SARABAN_REGISTER_FLOW, letterAt);

export const sarabanRegisterActions = [
  secrecyAction,
  dateAction,
  noDocNoAction,
  kindAction,
  urgencyAction,
  noActByAction,
  filesDoneAction,
  confirmAction,
  editAction,
  editFieldAction,
  cancelDraftAction,
  correctAction,
  correctFieldAction,
  correctValueAction,
  noActByFixAction,
  voidAction,
] as const;

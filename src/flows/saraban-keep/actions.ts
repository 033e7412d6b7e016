import { z } from 'zod';
import { definePostbackAction } from '../../line/postback.ts';

export const SARABAN_KEEP_FLOW = 'saraban-keep';

const id = z.number().int().positive();

/** "ให้ยืมต้นฉบับ" on a search result: lend this letter's paper original. */
export const lendAction = definePostbackAction('sk:lend', SARABAN_KEEP_FLOW, z.object({ l: id }));
/** The borrower is this registered person (from the names matching what the clerk typed). */
export const borrowerAction = definePostbackAction('sk:who', SARABAN_KEEP_FLOW, z.object({ p: id }));
/** The borrower is the name as typed (not someone using the bot). */
export const borrowerTypedAction = definePostbackAction('sk:whoTyped', SARABAN_KEEP_FLOW, z.object({}));
/** A date picker: the due date comes in the postback's params. */
export const dueAction = definePostbackAction('sk:due', SARABAN_KEEP_FLOW, z.object({}));
/** "รับคืน" on a search result or in the list of open loans. */
export const returnAction = definePostbackAction('sk:return', SARABAN_KEEP_FLOW, z.object({ o: id }));
/** The borrower brought it back themselves. */
export const returnedByBorrowerAction = definePostbackAction('sk:byBorrower', SARABAN_KEEP_FLOW, z.object({}));
export const cancelAction = definePostbackAction('sk:cancel', SARABAN_KEEP_FLOW, z.object({}));

export const sarabanKeepActions = [lendAction, borrowerAction, borrowerTypedAction, dueAction, returnAction, returnedByBorrowerAction, cancelAction] as const;

/** Typed commands besides the menu's "ค้นหาหนังสือ" (spaces inside are forgiven). */
export const LEND_PREFIX = 'ให้ยืมหนังสือ';
export const RETURN_PREFIX = 'คืนหนังสือ';
export const SEARCH_PREFIX = 'ค้นหาหนังสือ';

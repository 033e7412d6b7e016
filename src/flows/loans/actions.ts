import { z } from 'zod';
import { refId as id, versionedRef } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const LOANS_FLOW = 'loans';

/** A loan's id and the version the button was drawn for (`n`: loans' one-letter name). */
const loanAt = versionedRef('n');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The borrower's form: what (a type or a kit), the picker's page, how many, from/to (date pickers), other dates, school. */
export const pickAction = definePostbackAction('ln:pick', LOANS_FLOW, z.object({ k: z.enum(['type', 'kit']), i: id }));
export const pageAction = definePostbackAction('ln:page', LOANS_FLOW, z.object({ o: z.number().int().min(0) }));
export const quantityAction = definePostbackAction('ln:qty', LOANS_FLOW, z.object({ q: z.number().int().positive() }));
export const fromAction = definePostbackAction('ln:from', LOANS_FLOW, z.object({}));
export const toAction = definePostbackAction('ln:to', LOANS_FLOW, z.object({}));
export const otherDatesAction = definePostbackAction('ln:alt', LOANS_FLOW, z.object({ f: date, t: date }));
/** For the person's own school (`s` its id) or for the office's own use (`s` 0). */
export const schoolAction = definePostbackAction('ln:school', LOANS_FLOW, z.object({ s: z.number().int().min(0) }));
export const sendAction = definePostbackAction('ln:send', LOANS_FLOW, z.object({}));
/** On the summary: change one answer (dates, purpose, place, school), then back to the summary. */
export const changeAction = definePostbackAction('ln:change', LOANS_FLOW, z.object({ f: z.enum(['dates', 'pu', 'pl', 's']) }));
export const cancelAction = definePostbackAction('ln:cancel', LOANS_FLOW, z.object({}));

/** The decider's buttons on a loan's card: approve / decline (reason) / return for correction (reason). */
export const decideAction = definePostbackAction('ln:decide', LOANS_FLOW, loanAt.extend({ d: z.enum(['approve', 'decline', 'return']) }));
/** The borrower's: withdraw the request; send it again after a return for correction. */
export const withdrawAction = definePostbackAction('ln:withdraw', LOANS_FLOW, loanAt);
export const resubmitAction = definePostbackAction('ln:resubmit', LOANS_FLOW, loanAt);
/** The borrower's: correct a request returned for correction (the form again, filled in with it). */
export const editAction = definePostbackAction('ln:edit', LOANS_FLOW, loanAt);

export const loansActions = [pickAction, pageAction, quantityAction, fromAction, toAction, otherDatesAction, schoolAction, sendAction, changeAction, cancelAction, decideAction, withdrawAction, resubmitAction, editAction] as const;

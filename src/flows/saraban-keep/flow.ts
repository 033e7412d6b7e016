import { z } from 'zod';
import { command, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can, type Action } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { isSecret, letterNumberLabel } from '../../domain/saraban/letter.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { deniedMessage } from '../admin/messages.ts';
import { buttonLabel, say, textWithButtons, type Button } from '../registration/ui.ts';
import {
  borrowerAction,
  borrowerTypedAction,
  cancelAction,
  dueAction,
  lendAction,
  returnAction,
  returnedByBorrowerAction,
  SARABAN_KEEP_FLOW,
  sarabanKeepActions,
} from './actions.ts';
import { resultsMessage, shownHeadline } from './cards.ts';
import { executeKeep } from './execute.ts';
import { keepLabels as L, keepTexts as T } from './messages.ts';
import { prepareKeep, typedCommandOf, type KeepData, type KeepPrepared } from './prepare.ts';
import type { SearchQuery } from './search-text.ts';

/**
 * Keeping letters in chat: "ค้นหาหนังสือ" (by register number, or any piece of the subject, sender or the
 * letter's own number; only what the searcher may see, secret letters by headline only), lending a paper
 * original (borrower, official purpose, due date) and recording its return. Every input is checked
 * against the permission table; a refusal is answered politely and audited.
 */
const dataSchema: z.ZodType<KeepData> = z.object({
  l: z.number().int().optional(),
  name: z.string().optional(),
  bid: z.number().int().nullable().optional(),
  purpose: z.string().optional(),
  o: z.number().int().optional(),
});

type State = FlowState<KeepData>;
type Ctx = FlowContext<KeepPrepared>;
type Result = StepResult<KeepData>;

const at = (step: string, data: KeepData, ...effects: Effect[]): Result => ({ state: { step, data }, effects });
const end = (...effects: Effect[]): Result => ({ state: null, effects });
const deny = (action: Action): Result => end(reply(say(deniedMessage(action))), command({ type: 'recordDenial', action }));
const cancelButton: Button = { label: L.cancel, data: encodePostback(cancelAction, {}) };

/** The permission an input needs. */
function neededAction(input: FlowInput, state: State | null, now: Date): Action {
  if (input.kind === 'text') {
    const typed = typedCommandOf(input.text, now);
    if (typed) return typed.kind === 'search' ? 'search_letters' : 'lend_letter';
    if (state?.step === 'searchQuery') return 'search_letters';
  }
  return 'lend_letter';
}

function numberLabelOf(query: SearchQuery | null | undefined): string {
  return query?.kind === 'number' ? letterNumberLabel(query.register, query.number, query.year) : '';
}

function searchResults(person: Person, query: SearchQuery, typed: string, ctx: Ctx, now: Date): Result {
  if (query.kind === 'tooShort') return at('searchQuery', {}, reply(say(T.tooShort)));
  const results = ctx.prepared.results ?? [];
  if (results.length === 0) {
    return end(reply(say(query.kind === 'number' ? T.numberNotFound(numberLabelOf(query)) : T.notFound(typed.trim().slice(0, 50)))));
  }
  const total = Math.max(ctx.prepared.total ?? results.length, results.length);
  return end(reply(say(T.found(total, results.length)), resultsMessage(results, total, can(person.role, 'lend_letter'), now)));
}

/** Whether this letter may be lent now; the refusal otherwise. */
function lendBlocked(ctx: Ctx): Result | null {
  const { letter, openLoan, letterCanView } = ctx.prepared;
  if (!letter) return end(reply(say(T.askLendNumber)));
  const headline = shownHeadline({ letter, canView: letterCanView ?? false });
  if (letter.status === 'cancelled') return end(reply(say(T.cannotLendCancelled(headline))));
  if (isSecret(letter.secrecy) && !letterCanView) return end(reply(say(T.cannotLendSecret(headline))));
  if (openLoan) return end(reply(say(T.alreadyLent(headline, openLoan.borrowerName, openLoan.dueDate))));
  return null;
}

function askDue(data: KeepData): Result {
  const picker: LineMessage = {
    type: 'text',
    text: T.askDue,
    quickReply: {
      items: [
        { type: 'action', action: { type: 'datetimepicker', label: L.pickDue, data: encodePostback(dueAction, {}), mode: 'date' } },
        { type: 'action', action: { type: 'postback', label: L.cancel, data: cancelButton.data, displayText: L.cancel } },
      ],
    },
  };
  return at('lendDue', data, reply(picker));
}

function startReturn(ctx: Ctx): Result {
  const { loan, loanLetter } = ctx.prepared;
  if (!loan || !loanLetter) return end(reply(say(T.loanGone)));
  if (loan.returnedAt) return end(reply(say(T.loanGone)));
  const headline = shownHeadline({ letter: loanLetter, canView: ctx.prepared.canViewLoanLetter ?? false });
  return at(
    'returnBy',
    { o: loan.id },
    reply(textWithButtons(T.askReturnedBy(headline, loan.borrowerName), [{ label: L.byBorrower, data: encodePostback(returnedByBorrowerAction, {}) }, cancelButton])),
  );
}

function finishReturn(ctx: Ctx, returnedBy: string, now: Date): Result {
  const { loan, loanLetter } = ctx.prepared;
  if (!loan || !loanLetter || loan.returnedAt) return end(reply(say(T.loanGone)));
  const headline = shownHeadline({ letter: loanLetter, canView: ctx.prepared.canViewLoanLetter ?? false });
  return end(command({ type: 'returnLetterLoan', loanId: loan.id, returnedBy }), reply(say(T.returned(headline, returnedBy, now))));
}

function typedStep(person: Person, input: FlowInput & { kind: 'text' }, now: Date, ctx: Ctx): Result | null {
  const typed = typedCommandOf(input.text, now);
  if (!typed) return null;
  if (typed.kind === 'search') {
    if (!typed.query) return at('searchQuery', {}, reply(say(T.askSearch)));
    return searchResults(person, typed.query, input.text.replace(/^\s*ค้นหา\s*หนังสือ/, ''), ctx, now);
  }
  if (typed.kind === 'lend') {
    if (typed.query?.kind !== 'number') return end(reply(say(T.askLendNumber)));
    if (!ctx.prepared.letter) return end(reply(say(T.numberNotFound(numberLabelOf(typed.query)))));
    const blocked = lendBlocked(ctx);
    if (blocked) return blocked;
    const letter = ctx.prepared.letter;
    return at('lendBorrower', { l: letter.id }, reply(textWithButtons(T.askBorrower(shownHeadline({ letter, canView: true })), [cancelButton])));
  }
  // คืนหนังสือ [number]
  if (typed.query) {
    if (typed.query.kind !== 'number') return end(reply(say(T.askLendNumber)));
    const letter = ctx.prepared.letter;
    if (!letter) return end(reply(say(T.numberNotFound(numberLabelOf(typed.query)))));
    if (!ctx.prepared.loan) return end(reply(say(T.notLent(shownHeadline({ letter, canView: ctx.prepared.letterCanView ?? false })))));
    return startReturn(ctx);
  }
  const open = ctx.prepared.openLoans ?? [];
  if (open.length === 0) return end(reply(say(T.noOpenLoans)));
  const lines = open.map(({ loan, letter, canView }) => T.openLoanLine(shownHeadline({ letter, canView }), loan.borrowerName, loan.dueDate));
  const buttons = open.map(({ loan, letter }) => ({
    label: buttonLabel(letterNumberLabel(letter.register, letter.number, letter.year)),
    data: encodePostback(returnAction, { o: loan.id }),
  }));
  return end(reply(textWithButtons(`${T.openLoansIntro(open.length)}\n${lines.join('\n')}`, buttons)));
}

export function keepStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const person = ctx.person;
  if (!person) return end(reply(say(T.notRegistered)));
  if (postbackFor(input, cancelAction)) return end(reply(say('ยกเลิกแล้วค่ะ')));
  const needed = neededAction(input, state, now);
  if (!can(person.role, needed)) return deny(needed);

  if (input.kind === 'text') {
    const typed = typedStep(person, input, now, ctx);
    if (typed) return typed;
  }

  if (postbackFor(input, lendAction)) {
    const blocked = lendBlocked(ctx);
    if (blocked) return blocked;
    const letter = ctx.prepared.letter!;
    return at('lendBorrower', { l: letter.id }, reply(textWithButtons(T.askBorrower(shownHeadline({ letter, canView: true })), [cancelButton])));
  }
  if (postbackFor(input, returnAction)) return startReturn(ctx);

  if (!state) return end();
  const text = input.kind === 'text' ? input.text.replace(/\s+/g, ' ').trim() : undefined;
  if (text !== undefined && menuCommandOf(text) !== undefined) return { state, effects: [reply(say(T.menuWhileTyping))] };
  const d = state.data;

  switch (state.step) {
    case 'searchQuery': {
      if (text === undefined) return { state, effects: [reply(say(T.askSearch))] };
      return searchResults(person, ctx.prepared.query ?? { kind: 'tooShort' }, text, ctx, now);
    }
    case 'lendBorrower': {
      const blocked = lendBlocked(ctx);
      if (blocked) return blocked;
      if (text === undefined) return { state, effects: [reply(say(T.textPlease))] };
      if (text.length < 2 || text.length > 100) return { state, effects: [reply(say(T.nameTooShort))] };
      const matches = ctx.prepared.matches ?? [];
      if (matches.length === 0) return at('lendPurpose', { ...d, name: text, bid: null }, reply(textWithButtons(T.askPurpose(text), [cancelButton])));
      return at(
        'lendBorrowerPick',
        { ...d, name: text, bid: null },
        reply(
          textWithButtons(T.pickBorrower(text), [
            ...matches.map((p) => ({ label: p.schoolName ? `${p.fullName} (${p.schoolName})` : p.fullName, data: encodePostback(borrowerAction, { p: p.id }), displayText: p.fullName })),
            { label: L.typedName, data: encodePostback(borrowerTypedAction, {}), displayText: text },
            cancelButton,
          ]),
        ),
      );
    }
    case 'lendBorrowerPick': {
      const blocked = lendBlocked(ctx);
      if (blocked) return blocked;
      if (postbackFor(input, borrowerTypedAction) && d.name) return at('lendPurpose', { ...d, bid: null }, reply(textWithButtons(T.askPurpose(d.name), [cancelButton])));
      const who = ctx.prepared.borrower;
      if (postbackFor(input, borrowerAction) && who && who.officeId === person.officeId && who.status === 'active') {
        return at('lendPurpose', { ...d, name: who.fullName, bid: who.id }, reply(textWithButtons(T.askPurpose(who.fullName), [cancelButton])));
      }
      return { state, effects: [reply(say(T.pickBorrower(d.name ?? '')))] };
    }
    case 'lendPurpose': {
      if (text === undefined) return { state, effects: [reply(say(T.textPlease))] };
      if (text.length < 2 || text.length > 300) return { state, effects: [reply(say(T.purposeTooShort))] };
      return askDue({ ...d, purpose: text });
    }
    case 'lendDue': {
      const due = postbackFor(input, dueAction);
      if (!due) return askDue(d);
      const date = due.params.date;
      if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || date < bangkokDateKey(now)) return askDue(d);
      const blocked = lendBlocked(ctx);
      if (blocked) return blocked;
      const letter = ctx.prepared.letter!;
      if (d.l === undefined || !d.name || !d.purpose) return end();
      return end(
        command({ type: 'lendLetter', letterId: d.l, borrowerName: d.name, borrowerId: d.bid ?? null, purpose: d.purpose, dueDate: date }),
        reply(say(T.lent(shownHeadline({ letter, canView: true }), d.name, date))),
      );
    }
    case 'returnBy': {
      const { loan } = ctx.prepared;
      if (postbackFor(input, returnedByBorrowerAction)) return finishReturn(ctx, loan?.borrowerName ?? '', now);
      if (text === undefined) return startReturn(ctx);
      if (text.length < 2 || text.length > 100) return { state, effects: [reply(say(T.nameTooShort))] };
      return finishReturn(ctx, text, now);
    }
    default:
      return end();
  }
}

export const sarabanKeepFlow: Flow<KeepData, KeepPrepared> = {
  name: SARABAN_KEEP_FLOW,
  version: 1,
  dataSchema,
  actions: sarabanKeepActions,
  startsOn: (input, person) => Boolean(person) && input.kind === 'text' && typedCommandOf(input.text, new Date(0)) !== null,
  prepare: prepareKeep,
  step: (state, input, now, ctx) => keepStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeKeep,
};

import { z } from 'zod';
import type { LetterKeepingCommand } from '../../domain/saraban/commands.ts';
import { commandOf, type Flow, type FlowContext, type FlowInput, type FlowState, postbackFor, reply, type StepResult } from '../../bot/flow.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { isSecret, letterNumberLabel } from '../../domain/saraban/letter.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { defineGuard } from '../../kit/guard.ts';
import { pickerPage } from '../../kit/picker.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, type Button, buttonLabel, end, say, textWithButtons } from '../../kit/steps.ts';
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

const command = commandOf<LetterKeepingCommand>();

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

const cancelButton: Button = { label: L.cancel, data: encodePostback(cancelAction, {}) };

/** Who may do what here: searching is for those who may search letters; lending and returning for the clerk. */
const guard = defineGuard({
  notRegistered: T.notRegistered,
  text: (text, _person, state, now) => {
    const typed = typedCommandOf(text, now);
    if (typed) return typed.kind === 'search' ? 'search_letters' : 'lend_letter';
    // Only what is typed answers the search question; a lending button pressed meanwhile still needs lend_letter.
    return state?.step === 'searchQuery' ? 'search_letters' : undefined;
  },
  postbacks: [[[cancelAction], null]],
  otherwise: 'lend_letter',
});

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

function askBorrower(ctx: Ctx): Result {
  const blocked = lendBlocked(ctx);
  if (blocked) return blocked;
  const letter = ctx.prepared.letter!;
  return at('lendBorrower', { l: letter.id }, reply(textWithButtons(T.askBorrower(shownHeadline({ letter, canView: true })), [cancelButton])));
}

/** The buttons on a search result and in the list of open loans (those inside a conversation are its steps'). */
const routeButton = defineRoutes<Ctx, Result>([
  on(lendAction, (_tap, ctx) => askBorrower(ctx)),
  on(returnAction, (_tap, ctx) => startReturn(ctx)),
]);

export function keepStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (postbackFor(input, cancelAction)) return end(reply(say('ยกเลิกแล้วค่ะ')));

  if (input.kind === 'text') {
    const typed = typedStep(person, input, now, ctx);
    if (typed) return typed;
  }

  const routed = routeButton(input, ctx);
  if (routed) return routed;

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
          textWithButtons(
            T.pickBorrower(text),
            pickerPage({
              choices: matches,
              button: (p) => ({ label: p.schoolName ? `${p.fullName} (${p.schoolName})` : p.fullName, data: encodePostback(borrowerAction, { p: p.id }), displayText: p.fullName }),
              always: [{ label: L.typedName, data: encodePostback(borrowerTypedAction, {}), displayText: text }, cancelButton],
            }).buttons,
          ),
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

export const sarabanKeepFlow: Flow<KeepData, KeepPrepared, LetterKeepingCommand> = {
  name: SARABAN_KEEP_FLOW,
  version: 1,
  dataSchema,
  actions: sarabanKeepActions,
  startsOn: (input, person) => Boolean(person) && input.kind === 'text' && typedCommandOf(input.text, new Date(0)) !== null,
  prepare: prepareKeep,
  step: (state, input, now, ctx) => keepStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeKeep,
};

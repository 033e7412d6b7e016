import type { messagingApi } from '@line/bot-sdk';
import { z } from 'zod';
import { command, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { can, type Action } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import {
  checkDecide,
  checkPropose,
  DECIDER_ROLES,
  deciderChatText,
  decisionTextNeed,
} from '../../domain/saraban/decisions.ts';
import {
  actingKindSchema,
  ACTING_KINDS,
  DECISION_LABELS,
  decisionSchema,
  LETTER_STATUS_LABELS,
  PROPOSAL_ASKS,
  proposalAskSchema,
  type Decision,
} from '../../domain/saraban/letter.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { deniedMessage } from '../admin/messages.ts';
import { buttonLabel, say, textWithButtons, type Button } from '../registration/ui.ts';
import {
  actingFromAction,
  actingKindAction,
  actingMenuAction,
  actingNewAction,
  actingOpenEndAction,
  actingPersonAction,
  actingPrincipalAction,
  actingRevokeAction,
  actingToAction,
  cancelAction,
  decideAction,
  decisionCardAction,
  noNoteAction,
  proposeAction,
  proposeAskAction,
  proposeToAction,
  SARABAN_DECIDE_FLOW,
  sarabanDecideActions,
} from './actions.ts';
import { decisionCard, decisionCarousel } from './cards.ts';
import { executeDecide } from './execute.ts';
import { ASK_BUTTON_LABELS, decideLabels as L, decideTexts as T } from './messages.ts';
import { isActingText, isPendingMenu, prepareDecide, type DecideData, type DecidePrepared } from './prepare.ts';

/**
 * Proposals and decisions on received letters. The officer the letter was assigned to proposes it to
 * the area director or a deputy (who, what is asked, a short note); the director — or whoever acts for
 * them today — decides with quick replies; a second tap, or anyone else's, is told who decided what and
 * when. The area director (or an admin) sets who acts for whom. Every input is checked against the
 * permission table and the letter as locked now.
 */
const dataSchema: z.ZodType<DecideData> = z.object({
  l: z.number().int().optional(),
  v: z.number().int().optional(),
  p: z.number().int().optional(),
  a: proposalAskSchema.optional(),
  d: decisionSchema.optional(),
  pr: z.number().int().optional(),
  ac: z.number().int().optional(),
  k: actingKindSchema.optional(),
  from: z.string().optional(),
});

type State = FlowState<DecideData>;
type Ctx = FlowContext<DecidePrepared>;
type Result = StepResult<DecideData>;

const at = (step: string, data: DecideData, ...effects: Effect[]): Result => ({ state: { step, data }, effects });
const end = (...effects: Effect[]): Result => ({ state: null, effects });
const stale = (): Result => ({ state: null, effects: [{ kind: 'staleButton' }] });
const deny = (action: Action): Result => end(reply(say(deniedMessage(action))), command({ type: 'recordDenial', action }));
const keep = (state: State, ...effects: Effect[]): Result => ({ state, effects });

export const NOTE_MAX = 500;
export const ORDER_MAX = 1000;
const PICK_MAX = 12;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const noneButton = (): Button => ({ label: L.none, data: encodePostback(noNoteAction, {}) });
const cancelButton = (): Button => ({ label: L.cancel, data: encodePostback(cancelAction, {}) });

const ACTING_STEPS = new Set(['actingPerson', 'actingKind', 'actingFrom', 'actingTo']);
const ACTING_BUTTONS = [actingMenuAction, actingNewAction, actingPrincipalAction, actingPersonAction, actingKindAction, actingFromAction, actingToAction, actingOpenEndAction, actingRevokeAction];

/** The permission an input needs. */
function neededAction(input: FlowInput, state: State | null): Action {
  if (isPendingMenu(input)) return 'decide_letter';
  if (input.kind === 'text' && isActingText(input.text) && !state) return 'manage_acting';
  if (ACTING_BUTTONS.some((a) => postbackFor(input, a)) || (state && ACTING_STEPS.has(state.step))) return 'manage_acting';
  if ([proposeAction, proposeToAction, proposeAskAction].some((a) => postbackFor(input, a)) || state?.step === 'proposeNote') return 'handle_letter';
  return 'decide_letter';
}

/** A typed note or order; a menu tapped meanwhile is not one (the question is asked again). */
function typedText(input: FlowInput): string | undefined {
  if (input.kind !== 'text') return undefined;
  const text = input.text.trim();
  return text.length === 0 || menuCommandOf(text) !== undefined ? undefined : text;
}

// ── The officer proposes ─────────────────────────────────────────────────────────────────────────────

function proposeBlocked(person: Person, letter: Letter, version: number): Result | null {
  const check = checkPropose(letter, person);
  const headline = letterHeadline(letter);
  if (!check.ok) {
    switch (check.reason) {
      case 'not_allowed':
        return deny('handle_letter');
      case 'not_assignee':
        return end(reply(say(T.notAssignee(headline))));
      case 'already_proposed':
        return end(reply(say(T.alreadyProposed(headline, letter.proposedToName ?? '-', letter.proposedAt ?? letter.registeredAt))));
      case 'not_now':
        return end(reply(say(T.notProposable(headline, LETTER_STATUS_LABELS[letter.status]))));
    }
  }
  if (letter.version !== version) return stale();
  return null;
}

function proposeStep(person: Person, input: FlowInput, state: State | null, ctx: Ctx): Result | null {
  const p = ctx.prepared;
  const letter = p.letter;
  const deciders = p.deciders ?? [];

  const start = postbackFor(input, proposeAction);
  if (start && letter) {
    const blocked = proposeBlocked(person, letter, start.payload.v);
    if (blocked) return blocked;
    if (deciders.length === 0) return end(reply(say(T.noDirectors)));
    const ref = { l: letter.id, v: letter.version };
    const buttons = deciders.slice(0, PICK_MAX).map((d) => ({ label: d.fullName, data: encodePostback(proposeToAction, { ...ref, p: d.id }) }));
    return end(reply(textWithButtons(T.pickDirector(letterHeadline(letter)), [...buttons, cancelButton()])));
  }

  const to = postbackFor(input, proposeToAction);
  if (to && letter) {
    const blocked = proposeBlocked(person, letter, to.payload.v);
    if (blocked) return blocked;
    const director = deciders.find((d) => d.id === to.payload.p);
    if (!director) return stale();
    const ref = { l: letter.id, v: letter.version, p: director.id };
    const buttons = PROPOSAL_ASKS.map((a) => ({ label: ASK_BUTTON_LABELS[a], data: encodePostback(proposeAskAction, { ...ref, a }) }));
    return end(reply(textWithButtons(T.pickAsk(director.fullName), [...buttons, cancelButton()])));
  }

  const ask = postbackFor(input, proposeAskAction);
  if (ask && letter) {
    const blocked = proposeBlocked(person, letter, ask.payload.v);
    if (blocked) return blocked;
    const director = deciders.find((d) => d.id === ask.payload.p);
    if (!director) return stale();
    return at('proposeNote', { l: letter.id, v: letter.version, p: director.id, a: ask.payload.a }, reply(textWithButtons(T.askNote(director.fullName, ask.payload.a), [noneButton()])));
  }

  if (state?.step === 'proposeNote' && letter) {
    const { v, p: directorId, a } = state.data;
    if (v === undefined || directorId === undefined || a === undefined) return end();
    const none = postbackFor(input, noNoteAction) !== undefined;
    const typed = typedText(input);
    if (!none && !typed) return keep(state, reply(textWithButtons(T.textPlease, [noneButton()])));
    if (typed && typed.length > NOTE_MAX) return keep(state, reply(textWithButtons(T.tooLong(NOTE_MAX), [noneButton()])));
    const blocked = proposeBlocked(person, letter, v);
    if (blocked) return blocked;
    const director = deciders.find((d) => d.id === directorId);
    if (!director) return end(reply(say(T.noDirectors)));
    const note = none || !typed || typed === L.none ? null : typed;
    return end(
      command({ type: 'proposeLetter', letterId: letter.id, expectedVersion: v, directorId: director.id, ask: a, note }),
      reply(say(T.proposed(letterHeadline(letter), director.fullName, a))),
    );
  }
  return null;
}

// ── The director decides ─────────────────────────────────────────────────────────────────────────────

/** Null when the person may decide on the letter at this version; otherwise what they are told. */
function decideBlocked(person: Person, letter: Letter, version: number, ctx: Ctx): Result | null {
  const check = checkDecide(letter, person, ctx.prepared.actingFor ?? []);
  const headline = letterHeadline(letter);
  if (!check.ok) {
    switch (check.reason) {
      case 'not_allowed':
        return deny('decide_letter');
      case 'decided':
        return end(
          reply(say(T.alreadyDecided(headline, deciderChatText(letter, ctx.prepared.titles), DECISION_LABELS[letter.decision!], letter.decidedAt!))),
        );
      case 'not_yours':
        return end(reply(say(T.notYours(headline, letter.proposedToName ?? '-'))));
      case 'not_proposed':
        return end(reply(say(T.notProposed(headline, LETTER_STATUS_LABELS[letter.status]))));
    }
  }
  if (letter.version !== version) return stale();
  return null;
}

function decideCommand(person: Person, letter: Letter, version: number, decision: Decision, text: string | null, ctx: Ctx): Result {
  const check = checkDecide(letter, person, ctx.prepared.actingFor ?? []);
  const acting = check.ok ? check.acting : null;
  const who = deciderChatText(
    { decidedByName: person.fullName, decidedActing: acting, proposedToName: letter.proposedToName },
    { decidedBy: person.role, proposedTo: ctx.prepared.titles?.proposedTo ?? null },
  );
  return end(
    command({ type: 'decideLetter', letterId: letter.id, expectedVersion: version, decision, text }),
    reply(say(T.decided(letterHeadline(letter), who, DECISION_LABELS[decision]))),
  );
}

function decideStep(person: Person, input: FlowInput, state: State | null, ctx: Ctx): Result | null {
  const letter = ctx.prepared.letter;
  const tap = postbackFor(input, decideAction);
  if (tap && letter) {
    const blocked = decideBlocked(person, letter, tap.payload.v, ctx);
    if (blocked) return blocked;
    const decision = tap.payload.d;
    const need = decisionTextNeed(decision);
    if (need === 'none') return decideCommand(person, letter, letter.version, decision, null, ctx);
    const data = { l: letter.id, v: letter.version, d: decision };
    if (need === 'required') return at('decisionText', data, reply(say(T.askOrder)));
    return at('decisionText', data, reply(textWithButtons(T.askReturnNote, [noneButton()])));
  }

  if (state?.step === 'decisionText' && letter) {
    const { v, d } = state.data;
    if (v === undefined || d === undefined) return end();
    const need = decisionTextNeed(d);
    const none = postbackFor(input, noNoteAction) !== undefined && need === 'optional';
    const typed = typedText(input);
    if (!none && !typed) return keep(state, reply(need === 'optional' ? textWithButtons(T.askReturnNote, [noneButton()]) : say(T.askOrder)));
    if (typed && typed.length > ORDER_MAX) return keep(state, reply(say(T.tooLong(ORDER_MAX))));
    const blocked = decideBlocked(person, letter, v, ctx);
    if (blocked) return blocked;
    const text = none || !typed || (need === 'optional' && typed === L.none) ? null : typed;
    return decideCommand(person, letter, v, d, text, ctx);
  }

  const card = postbackFor(input, decisionCardAction);
  if (card && letter) {
    const blocked = decideBlocked(person, letter, letter.version, ctx);
    if (blocked) return blocked;
    const stand = letter.proposedToId === person.id ? undefined : (ctx.prepared.actingFor ?? []).find((a) => a.principalId === letter.proposedToId);
    return end(reply(decisionCard(letter, { acting: stand ? { kind: stand.kind, principalName: letter.proposedToName ?? '' } : undefined })));
  }
  return null;
}

function pendingStep(person: Person, ctx: Ctx): Result {
  const pending = ctx.prepared.pending ?? [];
  const extra: messagingApi.QuickReply | undefined = can(person.role, 'manage_acting')
    ? { items: [{ type: 'action', action: { type: 'postback', label: L.actingMenu, data: encodePostback(actingMenuAction, {}), displayText: L.actingMenu } }] }
    : undefined;
  if (pending.length === 0) return end(reply(extra ? { type: 'text', text: T.pendingNone, quickReply: extra } : say(T.pendingNone)));
  const intro = T.pendingIntro(pending.length);
  const cards = decisionCarousel(
    pending.map((item) => ({ letter: item.letter, options: { acting: item.acting } })),
    intro,
  );
  return end(reply(extra ? { type: 'text', text: intro, quickReply: extra } : say(intro), cards));
}

// ── Acting assignments ───────────────────────────────────────────────────────────────────────────────

function datePicker(label: string, data: string, min: string, initial: string): messagingApi.QuickReplyItem {
  return { type: 'action', action: { type: 'datetimepicker', label: buttonLabel(label), data, mode: 'date', initial, min } };
}

function withItems(text: string, items: messagingApi.QuickReplyItem[]): messagingApi.TextMessage {
  return { type: 'text', text, quickReply: { items } };
}

const postbackItem = (b: Button): messagingApi.QuickReplyItem => ({
  type: 'action',
  action: { type: 'postback', label: buttonLabel(b.label), data: b.data, displayText: b.label },
});

function actingList(ctx: Ctx): Result {
  const list = ctx.prepared.assignments ?? [];
  const shown = list.slice(0, 11);
  const lines = shown.map((a, i) => T.actingLine(i + 1, a.actingName, a.kind, a.principalName, a.startsOn, a.endsOn));
  const buttons: Button[] = [
    { label: L.actingNew, data: encodePostback(actingNewAction, {}) },
    ...shown.map((a, i) => ({ label: L.actingRevoke(i + 1), data: encodePostback(actingRevokeAction, { i: a.id }) })),
  ];
  return end(reply(textWithButtons(T.actingList(lines), buttons)));
}

function actingStep(person: Person, input: FlowInput, state: State | null, ctx: Ctx): Result | null {
  const p = ctx.prepared;
  const deciders = p.deciders ?? [];
  const today = p.today;
  if ((input.kind === 'text' && isActingText(input.text) && !state) || postbackFor(input, actingMenuAction)) return actingList(ctx);

  if (postbackFor(input, actingNewAction)) {
    if (deciders.length === 0) return end(reply(say(T.noDirectors)));
    const buttons = deciders.slice(0, PICK_MAX).map((d) => ({ label: d.fullName, data: encodePostback(actingPrincipalAction, { p: d.id }) }));
    return end(reply(textWithButtons(T.pickPrincipal, [...buttons, cancelButton()])));
  }

  const principalTap = postbackFor(input, actingPrincipalAction);
  if (principalTap) {
    const principal = deciders.find((d) => d.id === principalTap.payload.p);
    if (!principal) return stale();
    const candidates = deciders.filter((d) => d.id !== principal.id);
    if (candidates.length === 0) return end(reply(say(T.noActingCandidates)));
    const buttons = candidates.slice(0, PICK_MAX).map((d) => ({ label: d.fullName, data: encodePostback(actingPersonAction, { a: d.id }) }));
    return at('actingPerson', { pr: principal.id }, reply(textWithButtons(T.pickActing(principal.fullName), [...buttons, cancelButton()])));
  }

  const personTap = postbackFor(input, actingPersonAction);
  if (personTap) {
    if (state?.step !== 'actingPerson' || state.data.pr === undefined) return stale();
    const principal = deciders.find((d) => d.id === state.data.pr);
    const acting = deciders.find((d) => d.id === personTap.payload.a && d.id !== state.data.pr);
    if (!principal || !acting) return stale();
    const buttons = ACTING_KINDS.map((k) => ({ label: L.actingKinds[k], data: encodePostback(actingKindAction, { k }) }));
    return at('actingKind', { pr: principal.id, ac: acting.id }, reply(textWithButtons(T.pickKind(acting.fullName, principal.fullName), [...buttons, cancelButton()])));
  }

  const kindTap = postbackFor(input, actingKindAction);
  if (kindTap) {
    if (state?.step !== 'actingKind' || state.data.pr === undefined || state.data.ac === undefined) return stale();
    return at(
      'actingFrom',
      { ...state.data, k: kindTap.payload.k },
      reply(withItems(T.pickFrom, [datePicker(L.actingFrom, encodePostback(actingFromAction, {}), today, today), postbackItem(cancelButton())])),
    );
  }

  const fromTap = postbackFor(input, actingFromAction);
  if (fromTap) {
    if (state?.step !== 'actingFrom' || state.data.k === undefined) return stale();
    const from = fromTap.params.date;
    if (!from || !DATE.test(from) || from < today) return keep(state, reply(withItems(T.dateInvalid, [datePicker(L.actingFrom, encodePostback(actingFromAction, {}), today, today), postbackItem(cancelButton())])));
    return at(
      'actingTo',
      { ...state.data, from },
      reply(withItems(T.pickTo, [datePicker(L.actingTo, encodePostback(actingToAction, {}), from, from), postbackItem({ label: L.actingOpenEnd, data: encodePostback(actingOpenEndAction, {}) }), postbackItem(cancelButton())])),
    );
  }

  const toTap = postbackFor(input, actingToAction);
  const openEnd = postbackFor(input, actingOpenEndAction);
  if (toTap || openEnd) {
    if (state?.step !== 'actingTo') return stale();
    const { pr, ac, k, from } = state.data;
    if (pr === undefined || ac === undefined || k === undefined || from === undefined) return stale();
    const to = toTap ? toTap.params.date : null;
    if (toTap && (!to || !DATE.test(to) || to < from)) {
      return keep(state, reply(withItems(T.dateInvalid, [datePicker(L.actingTo, encodePostback(actingToAction, {}), from, from), postbackItem({ label: L.actingOpenEnd, data: encodePostback(actingOpenEndAction, {}) }), postbackItem(cancelButton())])));
    }
    const principal = deciders.find((d) => d.id === pr);
    const acting = deciders.find((d) => d.id === ac);
    if (!principal || !acting) return stale();
    return end(
      command({ type: 'setActing', principalId: pr, actingId: ac, kind: k, startsOn: from, endsOn: to ?? null }),
      reply(say(T.actingSet(acting.fullName, k, principal.fullName, from, to ?? null))),
    );
  }

  const revoke = postbackFor(input, actingRevokeAction);
  if (revoke) {
    const found = (p.assignments ?? []).find((a) => a.id === revoke.payload.i);
    if (!found) return end(reply(say(T.actingGone)));
    return end(command({ type: 'revokeActing', assignmentId: found.id }), reply(say(T.actingRevoked)));
  }
  if (state && ACTING_STEPS.has(state.step)) return keep(state, reply(say(T.textPlease)));
  return null;
}

export function decideStepFn(state: State | null, input: FlowInput, _now: Date, ctx: Ctx): Result {
  const person = ctx.person;
  if (!person) return end(reply(say(T.notRegistered)));
  if (postbackFor(input, cancelAction)) return end(reply(say(T.cancelled)));
  const needed = neededAction(input, state);
  if (!can(person.role, needed)) return deny(needed);

  if (isPendingMenu(input)) return pendingStep(person, ctx);
  if (needed === 'manage_acting') return actingStep(person, input, state, ctx) ?? end();

  if (ctx.prepared.letter === null) return end(reply(say(T.letterNotFound)));
  if (needed === 'handle_letter') return proposeStep(person, input, state, ctx) ?? end();
  return decideStep(person, input, state, ctx) ?? end();
}

export const sarabanDecideFlow: Flow<DecideData, DecidePrepared> = {
  name: SARABAN_DECIDE_FLOW,
  version: 1,
  dataSchema,
  actions: sarabanDecideActions,
  // The group director's "หนังสือรอพิจารณา" is the routing flow's: this flow takes it for deciders only.
  startsOn: (input, person) =>
    Boolean(person) &&
    input.kind === 'text' &&
    ((isPendingMenu(input) && DECIDER_ROLES.includes(person!.role)) || isActingText(input.text)),
  prepare: prepareDecide,
  step: (state, input, now, ctx) => decideStepFn(state, input, now, ctx ?? { person: null, prepared: { today: '' } }),
  execute: executeDecide,
};

import type { messagingApi } from '@line/bot-sdk';
import { z } from 'zod';
import { commandOf, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { can } from '../../domain/permissions.ts';
import type { LetterDecisionCommand } from '../../domain/saraban/commands.ts';
import type { Person } from '../../domain/people.ts';
import {
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
  type ActingKind,
  type Decision,
  type ProposalAsk,
} from '../../domain/saraban/letter.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { defineGuard } from '../../kit/guard.ts';
import { pickerPage } from '../../kit/picker.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, type Button, buttonLabel, deny, end, postbackItem, say, stale, textWithButtons } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
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
import { checkDecide, checkPropose } from './request.ts';
import { ASK_BUTTON_LABELS, decideLabels as L, decideTexts as T } from './messages.ts';
import { isActingText, isPendingMenu, prepareDecide, type DecideData, type DecidePrepared } from './prepare.ts';

const command = commandOf<LetterDecisionCommand>();

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

const keep = (state: State, ...effects: Effect[]): Result => ({ state, effects });

export const NOTE_MAX = 500;
export const ORDER_MAX = 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The directors and deputies to choose from, then ยกเลิก. They are the office's few executives, so the list
 * fits one page of the kit picker and is not paged.
 */
type Decider = NonNullable<DecidePrepared['deciders']>[number];

function pickDecider(deciders: readonly Decider[], data: (d: Decider) => string): Button[] {
  return pickerPage({ choices: deciders, button: (d) => ({ label: d.fullName, data: data(d) }), always: [cancelButton()] }).buttons;
}

const noneButton = (): Button => ({ label: L.none, data: encodePostback(noNoteAction, {}) });
const cancelButton = (): Button => ({ label: L.cancel, data: encodePostback(cancelAction, {}) });

const ACTING_STEPS = new Set(['actingPerson', 'actingKind', 'actingFrom', 'actingTo']);
const ACTING_BUTTONS = [actingMenuAction, actingNewAction, actingPrincipalAction, actingPersonAction, actingKindAction, actingFromAction, actingToAction, actingOpenEndAction, actingRevokeAction];

/** Who may do what here: officers propose, directors decide, whoever manages acting assignments manages them. */
const guard = defineGuard({
  notRegistered: T.notRegistered,
  text: (text, _person, state) => {
    if (menuCommandOf(text) === 'pendingLetters') return 'decide_letter';
    return isActingText(text) && !state ? 'manage_acting' : undefined;
  },
  postbacks: [
    [[cancelAction], null],
    [ACTING_BUTTONS, 'manage_acting'],
    [[proposeAction, proposeToAction, proposeAskAction], 'handle_letter'],
  ],
  steps: { ...Object.fromEntries([...ACTING_STEPS].map((step) => [step, 'manage_acting'])), proposeNote: 'handle_letter' },
  otherwise: 'decide_letter',
});

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
  if (!isCurrent(letter, version)) return stale();
  return null;
}

/** What a letter button's handler knows: who pressed it, the letter as it is now, the step's reads. */
interface LetterTap {
  person: Person;
  letter: Letter;
  ctx: Ctx;
}

function pickDirector({ person, letter, ctx }: LetterTap, v: number): Result {
  const blocked = proposeBlocked(person, letter, v);
  if (blocked) return blocked;
  const deciders = ctx.prepared.deciders ?? [];
  if (deciders.length === 0) return end(reply(say(T.noDirectors)));
  const ref = { l: letter.id, v: letter.version };
  const page = pickDecider(deciders, (d) => encodePostback(proposeToAction, { ...ref, p: d.id }));
  return end(reply(textWithButtons(T.pickDirector(letterHeadline(letter)), page)));
}

function pickAsk({ person, letter, ctx }: LetterTap, v: number, directorId: number): Result {
  const blocked = proposeBlocked(person, letter, v);
  if (blocked) return blocked;
  const director = (ctx.prepared.deciders ?? []).find((d) => d.id === directorId);
  if (!director) return stale();
  const ref = { l: letter.id, v: letter.version, p: director.id };
  const buttons = PROPOSAL_ASKS.map((a) => ({ label: ASK_BUTTON_LABELS[a], data: encodePostback(proposeAskAction, { ...ref, a }) }));
  return end(reply(textWithButtons(T.pickAsk(director.fullName), [...buttons, cancelButton()])));
}

function askProposalNote({ person, letter, ctx }: LetterTap, v: number, directorId: number, ask: ProposalAsk): Result {
  const blocked = proposeBlocked(person, letter, v);
  if (blocked) return blocked;
  const director = (ctx.prepared.deciders ?? []).find((d) => d.id === directorId);
  if (!director) return stale();
  return at('proposeNote', { l: letter.id, v: letter.version, p: director.id, a: ask }, reply(textWithButtons(T.askNote(director.fullName, ask), [noneButton()])));
}

/** What the officer's proposal buttons do. */
const routeProposeButton = defineRoutes<LetterTap, Result>([
  on(proposeAction, (tap, c) => pickDirector(c, tap.payload.v)),
  on(proposeToAction, (tap, c) => pickAsk(c, tap.payload.v, tap.payload.p)),
  on(proposeAskAction, (tap, c) => askProposalNote(c, tap.payload.v, tap.payload.p, tap.payload.a)),
]);

function proposeStep(person: Person, input: FlowInput, state: State | null, ctx: Ctx): Result | null {
  const p = ctx.prepared;
  const letter = p.letter;
  const deciders = p.deciders ?? [];
  const routed = letter ? routeProposeButton(input, { person, letter, ctx }) : undefined;
  if (routed) return routed;

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
  if (!isCurrent(letter, version)) return stale();
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

function askDecisionText({ person, letter, ctx }: LetterTap, v: number, decision: Decision): Result {
  const blocked = decideBlocked(person, letter, v, ctx);
  if (blocked) return blocked;
  const need = decisionTextNeed(decision);
  if (need === 'none') return decideCommand(person, letter, letter.version, decision, null, ctx);
  const data = { l: letter.id, v: letter.version, d: decision };
  if (need === 'required') return at('decisionText', data, reply(say(T.askOrder)));
  return at('decisionText', data, reply(textWithButtons(T.askReturnNote, [noneButton()])));
}

function showDecisionCard({ person, letter, ctx }: LetterTap): Result {
  const blocked = decideBlocked(person, letter, letter.version, ctx);
  if (blocked) return blocked;
  const stand = letter.proposedToId === person.id ? undefined : (ctx.prepared.actingFor ?? []).find((a) => a.principalId === letter.proposedToId);
  return end(reply(decisionCard(letter, { acting: stand ? { kind: stand.kind, principalName: letter.proposedToName ?? '' } : undefined })));
}

/** What the director's buttons on a proposed letter do. */
const routeDecideButton = defineRoutes<LetterTap, Result>([
  on(decideAction, (tap, c) => askDecisionText(c, tap.payload.v, tap.payload.d)),
  on(decisionCardAction, (_tap, c) => showDecisionCard(c)),
]);

function decideStep(person: Person, input: FlowInput, state: State | null, ctx: Ctx): Result | null {
  const letter = ctx.prepared.letter;
  const routed = letter ? routeDecideButton(input, { person, letter, ctx }) : undefined;
  if (routed) return routed;

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

/** What an acting button's handler knows. */
interface ActingTap {
  state: State | null;
  deciders: NonNullable<DecidePrepared['deciders']>;
  today: string;
  assignments: NonNullable<DecidePrepared['assignments']>;
}

const fromPicker = (today: string) => [datePicker(L.actingFrom, encodePostback(actingFromAction, {}), today, today), postbackItem(cancelButton())];
const toPicker = (from: string) => [
  datePicker(L.actingTo, encodePostback(actingToAction, {}), from, from),
  postbackItem({ label: L.actingOpenEnd, data: encodePostback(actingOpenEndAction, {}) }),
  postbackItem(cancelButton()),
];

function pickPrincipal({ deciders }: ActingTap): Result {
  if (deciders.length === 0) return end(reply(say(T.noDirectors)));
  return end(reply(textWithButtons(T.pickPrincipal, pickDecider(deciders, (d) => encodePostback(actingPrincipalAction, { p: d.id })))));
}

function pickActing({ deciders }: ActingTap, principalId: number): Result {
  const principal = deciders.find((d) => d.id === principalId);
  if (!principal) return stale();
  const candidates = deciders.filter((d) => d.id !== principal.id);
  if (candidates.length === 0) return end(reply(say(T.noActingCandidates)));
  const buttons = pickDecider(candidates, (d) => encodePostback(actingPersonAction, { a: d.id }));
  return at('actingPerson', { pr: principal.id }, reply(textWithButtons(T.pickActing(principal.fullName), buttons)));
}

function pickKind({ state, deciders }: ActingTap, actingId: number): Result {
  if (state?.step !== 'actingPerson' || state.data.pr === undefined) return stale();
  const principal = deciders.find((d) => d.id === state.data.pr);
  const acting = deciders.find((d) => d.id === actingId && d.id !== state.data.pr);
  if (!principal || !acting) return stale();
  const buttons = ACTING_KINDS.map((k) => ({ label: L.actingKinds[k], data: encodePostback(actingKindAction, { k }) }));
  return at('actingKind', { pr: principal.id, ac: acting.id }, reply(textWithButtons(T.pickKind(acting.fullName, principal.fullName), [...buttons, cancelButton()])));
}

function pickFrom({ state, today }: ActingTap, kind: ActingKind): Result {
  if (state?.step !== 'actingKind' || state.data.pr === undefined || state.data.ac === undefined) return stale();
  return at('actingFrom', { ...state.data, k: kind }, reply(withItems(T.pickFrom, fromPicker(today))));
}

function pickTo({ state, today }: ActingTap, from: string | undefined): Result {
  if (state?.step !== 'actingFrom' || state.data.k === undefined) return stale();
  if (!from || !DATE.test(from) || from < today) return keep(state, reply(withItems(T.dateInvalid, fromPicker(today))));
  return at('actingTo', { ...state.data, from }, reply(withItems(T.pickTo, toPicker(from))));
}

/** The last answer: an end date (`to`), or none (`null`, until revoked). */
function setActing({ state, deciders }: ActingTap, to: string | null | undefined): Result {
  if (state?.step !== 'actingTo') return stale();
  const { pr, ac, k, from } = state.data;
  if (pr === undefined || ac === undefined || k === undefined || from === undefined) return stale();
  if (to !== null && (!to || !DATE.test(to) || to < from)) return keep(state, reply(withItems(T.dateInvalid, toPicker(from))));
  const principal = deciders.find((d) => d.id === pr);
  const acting = deciders.find((d) => d.id === ac);
  if (!principal || !acting) return stale();
  return end(
    command({ type: 'setActing', principalId: pr, actingId: ac, kind: k, startsOn: from, endsOn: to }),
    reply(say(T.actingSet(acting.fullName, k, principal.fullName, from, to))),
  );
}

function revokeActing({ assignments }: ActingTap, assignmentId: number): Result {
  const found = assignments.find((a) => a.id === assignmentId);
  if (!found) return end(reply(say(T.actingGone)));
  return end(command({ type: 'revokeActing', assignmentId: found.id }), reply(say(T.actingRevoked)));
}

/** What each button of the acting assignments does. */
const routeActingButton = defineRoutes<ActingTap, Result>([
  on(actingNewAction, (_tap, c) => pickPrincipal(c)),
  on(actingPrincipalAction, (tap, c) => pickActing(c, tap.payload.p)),
  on(actingPersonAction, (tap, c) => pickKind(c, tap.payload.a)),
  on(actingKindAction, (tap, c) => pickFrom(c, tap.payload.k)),
  on(actingFromAction, (tap, c) => pickTo(c, tap.params.date)),
  on(actingToAction, (tap, c) => setActing(c, tap.params.date)),
  on(actingOpenEndAction, (_tap, c) => setActing(c, null)),
  on(actingRevokeAction, (tap, c) => revokeActing(c, tap.payload.i)),
]);

function actingStep(person: Person, input: FlowInput, state: State | null, ctx: Ctx): Result | null {
  const p = ctx.prepared;
  const deciders = p.deciders ?? [];
  const today = p.today;
  if ((input.kind === 'text' && isActingText(input.text) && !state) || postbackFor(input, actingMenuAction)) return actingList(ctx);

  const routed = routeActingButton(input, { state, deciders, today, assignments: p.assignments ?? [] });
  if (routed) return routed;
  if (state && ACTING_STEPS.has(state.step)) return keep(state, reply(say(T.textPlease)));
  return null;
}

export function decideStepFn(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person, needed } = door;
  if (postbackFor(input, cancelAction)) return end(reply(say(T.cancelled)));

  if (isPendingMenu(input)) return pendingStep(person, ctx);
  if (needed === 'manage_acting') return actingStep(person, input, state, ctx) ?? end();

  if (ctx.prepared.letter === null) return end(reply(say(T.letterNotFound)));
  if (needed === 'handle_letter') return proposeStep(person, input, state, ctx) ?? end();
  return decideStep(person, input, state, ctx) ?? end();
}

export const sarabanDecideFlow: Flow<DecideData, DecidePrepared, LetterDecisionCommand> = {
  name: SARABAN_DECIDE_FLOW,
  version: 1,
  dataSchema,
  actions: sarabanDecideActions,
  // The group director's "หนังสือรอพิจารณา" is the routing flow's: this flow takes it for deciders only.
  // A director or decision chosen and its note or order asked: a tile asks the question again rather than drop it.
  holdsDraft: (state) => state.step === 'proposeNote' || state.step === 'decisionText',
  startsOn: (input, person) =>
    Boolean(person) &&
    input.kind === 'text' &&
    ((isPendingMenu(input) && DECIDER_ROLES.includes(person!.role)) || isActingText(input.text)),
  prepare: prepareDecide,
  step: (state, input, now, ctx) => decideStepFn(state, input, now, ctx ?? { person: null, prepared: { today: '' } }),
  execute: executeDecide,
};

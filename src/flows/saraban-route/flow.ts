import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { z } from 'zod';
import { command, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { can, type Action } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { LETTER_STATUS_LABELS } from '../../domain/saraban/letter.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import { encodePostback } from '../../line/postback.ts';
import { deniedMessage } from '../admin/messages.ts';
import { QUICK_REPLY_MAX, say, textWithButtons, type Button } from '../registration/ui.ts';
import type { GroupPerson } from '../../db/repos/letter-routing.ts';
import {
  acknowledgeAction,
  assignAction,
  assignToAction,
  cancelAction,
  morePeopleAction,
  noInstructionAction,
  routeMenuOf,
  SARABAN_ROUTE_FLOW,
  sarabanRouteActions,
} from './actions.ts';
import { letterCard, letterCarousel } from './cards.ts';
import { executeRoute } from './execute.ts';
import { routeLabels as L, routeTexts as T } from './messages.ts';
import { prepareRoute, type RouteData, type RoutePrepared } from './prepare.ts';
import { matchByName } from './timing.ts';

/**
 * Routing received letters: the group director's "หนังสือรอพิจารณา" (letters waiting for assignment, and
 * those their officers have not acknowledged), assigning a responsible officer with an optional
 * instruction (first assignment wins; a later one is told who assigned it to whom and when), the
 * officer's "รับทราบ" and "หนังสือของฉัน". Every input is checked against the permission table and the
 * letter as locked now. Letters are named by `letterHeadline` only.
 */
const dataSchema: z.ZodType<RouteData> = z.object({
  l: z.number().int().optional(),
  v: z.number().int().optional(),
  p: z.number().int().optional(),
});

type State = FlowState<RouteData>;
type Ctx = FlowContext<RoutePrepared>;
type Result = StepResult<RouteData>;

const at = (step: string, data: RouteData, ...effects: Effect[]): Result => ({ state: { step, data }, effects });
const end = (...effects: Effect[]): Result => ({ state: null, effects });
const stale = (): Result => ({ state: null, effects: [{ kind: 'staleButton' }] });
const deny = (action: Action): Result => end(reply(say(deniedMessage(action))), command({ type: 'recordDenial', action }));
const MAX_INSTRUCTION = 500;
/** Names per page: 11 names, "รายชื่อถัดไป" and "ยกเลิก" fill the 13 quick replies. */
const PAGE = QUICK_REPLY_MAX - 2;

/** The permission an input needs. */
function neededAction(input: FlowInput, state: State | null, person: Person): Action {
  if (input.kind === 'text') {
    const menu = routeMenuOf(input.text, person.role);
    if (menu === 'pendingLetters') return 'assign_letter';
    if (menu === 'myLetters') return 'handle_letter';
  }
  if (postbackFor(input, acknowledgeAction)) return 'handle_letter';
  if (postbackFor(input, cancelAction)) return 'view_own_info';
  if (postbackFor(input, assignAction) || postbackFor(input, assignToAction) || postbackFor(input, morePeopleAction) || state) return 'assign_letter';
  return 'assign_letter';
}

/** What the letter looks like once the command of this step is carried out (the version goes up by one). */
function after(letter: Letter, change: Partial<Letter>): Letter {
  return { ...letter, ...change, version: letter.version + 1 };
}

/** Null when the letter may be assigned from the version `v`; otherwise the answer. */
function checkAssignable(letter: Letter, v: number, assignedByName: string | null | undefined): Result | null {
  const headline = letterHeadline(letter);
  if (letter.status !== 'registered') {
    if (letter.assignedAt || letter.assigneeName) return end(reply(say(T.alreadyAssigned(headline, assignedByName ?? null, letter.assigneeName, letter.assignedAt))));
    return end(reply(say(T.notAssignable(headline, LETTER_STATUS_LABELS[letter.status]))));
  }
  if (letter.version !== v) return stale();
  return null;
}

function pickPage(letter: Letter, officers: readonly GroupPerson[], offset: number): Result {
  if (officers.length === 0) return end(reply(say(T.noOfficers)));
  const ref = { l: letter.id, v: letter.version };
  const cancel: Button = { label: L.cancel, data: encodePostback(cancelAction, {}) };
  const fitsOnePage = officers.length <= QUICK_REPLY_MAX - 1;
  const start = fitsOnePage || offset >= officers.length ? 0 : offset;
  const shown = fitsOnePage ? officers : officers.slice(start, start + PAGE);
  const buttons: Button[] = shown.map((o) => ({ label: o.fullName, data: encodePostback(assignToAction, { ...ref, p: o.id }) }));
  if (!fitsOnePage) buttons.push({ label: L.more, data: encodePostback(morePeopleAction, { ...ref, o: start + PAGE >= officers.length ? 0 : start + PAGE }) });
  buttons.push(cancel);
  return at('pickOfficer', { l: letter.id, v: letter.version }, reply(textWithButtons(T.pickOfficer(letterHeadline(letter), !fitsOnePage), buttons)));
}

function menuStep(person: Person, input: FlowInput & { kind: 'text' }, ctx: Ctx): Result {
  const menu = routeMenuOf(input.text, person.role);
  const p = ctx.prepared;
  if (menu === 'pendingLetters') {
    const pending = p.pending;
    if (!pending) return deny('assign_letter');
    const effects: Effect[] = [];
    if (pending.letters.length === 0) effects.push(reply(say(T.noPending)));
    else {
      const intro = T.pendingIntro(pending.letters.length, pending.total);
      effects.push(reply(say(intro), letterCarousel(pending.letters, person, intro)));
      effects.push(command({ type: 'markLettersSeen', letterIds: pending.letters.map((l) => l.id) }));
    }
    if (pending.unacknowledged.length > 0) {
      const lines = pending.unacknowledged.map((l) => T.unacknowledgedLine(letterHeadline(l), l.assigneeName ?? '-', l.assignedAt));
      effects.push(reply(say(T.unacknowledged(lines, pending.unacknowledgedTotal))));
    }
    return end(...effects);
  }
  const mine = p.mine;
  if (!mine) return deny('handle_letter');
  if (mine.letters.length === 0) return end(reply(say(T.noMine)));
  const intro = T.myIntro(mine.letters.length, mine.total);
  return end(reply(say(intro), letterCarousel(mine.letters, person, intro, () => ({ showNext: true }))));
}

function acknowledge(person: Person, letter: Letter, v: number): Result {
  const headline = letterHeadline(letter);
  if (letter.assigneeId !== person.id) return end(reply(say(T.notYours(headline))));
  if (letter.status !== 'assigned') {
    if (letter.acknowledgedAt) return end(reply(say(T.alreadyAcknowledged(headline, letter.acknowledgedAt))));
    return end(reply(say(T.notAwaitingAck(headline, LETTER_STATUS_LABELS[letter.status]))));
  }
  if (letter.version !== v) return stale();
  const next = after(letter, { status: 'acknowledged' });
  return end(
    command({ type: 'acknowledgeLetter', letterId: letter.id, expectedVersion: letter.version }),
    reply(say(T.acknowledged(headline)), letterCard(next, person, headline, { showNext: true })),
  );
}

function assign(person: Person, letter: Letter, officer: GroupPerson, instruction: string | null, now: Date): Result {
  const headline = letterHeadline(letter);
  const next = after(letter, {
    status: 'assigned',
    assigneeId: officer.id,
    assigneeName: officer.fullName,
    assignedById: person.id,
    assignedAt: now,
    instruction,
  });
  return end(
    command({ type: 'assignLetter', letterId: letter.id, expectedVersion: letter.version, assigneeId: officer.id, instruction }),
    reply(say(T.assigned(headline, officer.fullName))),
    {
      kind: 'push',
      to: officer.lineUserId,
      messages: [say(T.toOfficer(headline, person.fullName)), letterCard(next, { id: officer.id, role: officer.role }, T.assignedAlt(headline))],
    },
  );
}

export function routeStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const person = ctx.person;
  if (!person) return end(reply(say(T.notRegistered)));
  if (postbackFor(input, cancelAction)) return end(reply(say(T.cancelled)));
  const needed = neededAction(input, state, person);
  if (!can(person.role, needed)) return deny(needed);
  const p = ctx.prepared;

  if (input.kind === 'text' && routeMenuOf(input.text, person.role)) return menuStep(person, input, ctx);

  const letter = p.letter;
  if (letter === null || (letter === undefined && (state || input.kind === 'postback'))) return end(reply(say(T.letterNotFound)));
  if (!letter) return end();

  const ack = postbackFor(input, acknowledgeAction);
  if (ack) return acknowledge(person, letter, ack.payload.v);

  const officers = p.officers ?? [];
  const start = postbackFor(input, assignAction);
  if (start) return checkAssignable(letter, start.payload.v, p.assignedByName) ?? pickPage(letter, officers, 0);
  const more = postbackFor(input, morePeopleAction);
  if (more) return checkAssignable(letter, more.payload.v, p.assignedByName) ?? pickPage(letter, officers, more.payload.o);
  const to = postbackFor(input, assignToAction);
  if (to) {
    const blocked = checkAssignable(letter, to.payload.v, p.assignedByName);
    if (blocked) return blocked;
    const officer = officers.find((o) => o.id === to.payload.p);
    if (!officer) return stale();
    return at(
      'instruction',
      { l: letter.id, v: letter.version, p: officer.id },
      reply(textWithButtons(T.askInstruction(officer.fullName), [{ label: L.none, data: encodePostback(noInstructionAction, {}) }, { label: L.cancel, data: encodePostback(cancelAction, {}) }])),
    );
  }

  if (!state || state.data.v === undefined) return end();
  const blocked = checkAssignable(letter, state.data.v, p.assignedByName);
  if (blocked) return blocked;
  // A menu tapped meanwhile is neither a name nor an instruction: the question is asked again.
  const typed = input.kind === 'text' && menuCommandOf(input.text) === undefined ? input.text.trim() || undefined : undefined;
  switch (state.step) {
    case 'pickOfficer': {
      if (!typed) return pickPage(letter, officers, 0);
      const found = matchByName(officers, typed);
      if (found.length === 0) return { state, effects: [reply(say(T.noMatch(typed.slice(0, 40))))] };
      return pickPage(letter, found, 0);
    }
    case 'instruction': {
      const officer = officers.find((o) => o.id === state.data.p);
      if (!officer) return stale();
      if (postbackFor(input, noInstructionAction)) return assign(person, letter, officer, null, now);
      if (!typed) return { state, effects: [reply(say(T.textPlease))] };
      if (typed.length > MAX_INSTRUCTION) return { state, effects: [reply(say(T.tooLong(MAX_INSTRUCTION)))] };
      return assign(person, letter, officer, typed === L.none ? null : typed, now);
    }
    default:
      return end();
  }
}

export const sarabanRouteFlow: Flow<RouteData, RoutePrepared> = {
  name: SARABAN_ROUTE_FLOW,
  version: 1,
  dataSchema,
  actions: sarabanRouteActions,
  startsOn: (input, person) => Boolean(person) && input.kind === 'text' && routeMenuOf(input.text, person!.role) !== undefined,
  prepare: prepareRoute,
  step: (state, input, now, ctx) => routeStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeRoute,
};

import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { z } from 'zod';
import { commandOf, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import type { Action } from '../../domain/permissions.ts';
import type { LetterRoutingCommand } from '../../domain/saraban/commands.ts';
import type { Person } from '../../domain/people.ts';
import { LETTER_STATUS_LABELS } from '../../domain/saraban/letter.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import { encodePostback } from '../../line/postback.ts';
import { defineGuard } from '../../kit/guard.ts';
import { narrowByName, pickerPage } from '../../kit/picker.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, deny, end, say, stale, textWithButtons } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import type { GroupPerson } from '../../domain/people.ts';
import {
  acknowledgeAction,
  assignAction,
  assignToAction,
  cancelAction,
  morePeopleAction,
  noInstructionAction,
  routeMenuOf,
  type RouteMenu,
  SARABAN_ROUTE_FLOW,
  sarabanRouteActions,
} from './actions.ts';
import { letterCard, letterCarousel } from './cards.ts';
import { executeRoute } from './execute.ts';
import { routeLabels as L, routeTexts as T } from './messages.ts';
import { prepareRoute, type RouteData, type RoutePrepared } from './prepare.ts';

const command = commandOf<LetterRoutingCommand>();

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

const MAX_INSTRUCTION = 500;
const MENU_NEEDS: Record<RouteMenu, Action> = { pendingLetters: 'assign_letter', myLetters: 'handle_letter' };

/** Who may do what here: the group director assigns; the officer acknowledges and sees their letters. */
const guard = defineGuard({
  notRegistered: T.notRegistered,
  text: (text, person) => {
    const menu = routeMenuOf(text, person.role);
    return menu && MENU_NEEDS[menu];
  },
  postbacks: [
    [[cancelAction], null],
    [[acknowledgeAction], 'handle_letter'],
  ],
  otherwise: 'assign_letter',
});

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
  if (!isCurrent(letter, v)) return stale();
  return null;
}

/** The officers to choose from, a page at a time (typing part of a name narrows the list). */
function pickPage(letter: Letter, officers: readonly GroupPerson[], offset: number): Result {
  if (officers.length === 0) return end(reply(say(T.noOfficers)));
  const ref = { l: letter.id, v: letter.version };
  const page = pickerPage({
    choices: officers,
    button: (o) => ({ label: o.fullName, data: encodePostback(assignToAction, { ...ref, p: o.id }) }),
    offset,
    pageData: (o) => encodePostback(morePeopleAction, { ...ref, o }),
    always: [{ label: L.cancel, data: encodePostback(cancelAction, {}) }],
  });
  return at('pickOfficer', ref, reply(textWithButtons(T.pickOfficer(letterHeadline(letter), page.paged), page.buttons)));
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
  if (!isCurrent(letter, v)) return stale();
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
  const assignCommand = command({ type: 'assignLetter', letterId: letter.id, expectedVersion: letter.version, assigneeId: officer.id, instruction });
  const card = letterCard(next, { id: officer.id, role: officer.role }, T.assignedAlt(headline));
  // Assigned to oneself: the card comes in the answer; a push to oneself would only spend the month's allowance.
  if (officer.id === person.id) return end(assignCommand, reply(say(T.assignedToSelf(headline)), card));
  return end(assignCommand, reply(say(T.assigned(headline, officer.fullName))), {
    kind: 'push',
    to: officer.lineUserId,
    messages: [say(T.toOfficer(headline, person.fullName)), card],
  });
}

/** What a button's handler knows. */
interface Tapped {
  person: Person;
  letter: Letter;
  p: RoutePrepared;
}

function askInstruction({ letter, p }: Tapped, v: number, officerId: number): Result {
  const blocked = checkAssignable(letter, v, p.assignedByName);
  if (blocked) return blocked;
  const officer = (p.officers ?? []).find((o) => o.id === officerId);
  if (!officer) return stale();
  return at(
    'instruction',
    { l: letter.id, v: letter.version, p: officer.id },
    reply(textWithButtons(T.askInstruction(officer.fullName), [{ label: L.none, data: encodePostback(noInstructionAction, {}) }, { label: L.cancel, data: encodePostback(cancelAction, {}) }])),
  );
}

/** What each button on a letter does. */
const routeButton = defineRoutes<Tapped, Result>([
  on(acknowledgeAction, (tap, { person, letter }) => acknowledge(person, letter, tap.payload.v)),
  on(assignAction, (tap, { letter, p }) => checkAssignable(letter, tap.payload.v, p.assignedByName) ?? pickPage(letter, p.officers ?? [], 0)),
  on(morePeopleAction, (tap, { letter, p }) => checkAssignable(letter, tap.payload.v, p.assignedByName) ?? pickPage(letter, p.officers ?? [], tap.payload.o)),
  on(assignToAction, (tap, c) => askInstruction(c, tap.payload.v, tap.payload.p)),
]);

export function routeStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (postbackFor(input, cancelAction)) return end(reply(say(T.cancelled)));
  const p = ctx.prepared;

  if (input.kind === 'text' && routeMenuOf(input.text, person.role)) return menuStep(person, input, ctx);

  const letter = p.letter;
  if (letter === null || (letter === undefined && (state || input.kind === 'postback'))) return end(reply(say(T.letterNotFound)));
  if (!letter) return end();

  const routed = routeButton(input, { person, letter, p });
  if (routed) return routed;
  const officers = p.officers ?? [];

  if (!state || state.data.v === undefined) return end();
  const blocked = checkAssignable(letter, state.data.v, p.assignedByName);
  if (blocked) return blocked;
  // A menu tapped meanwhile is neither a name nor an instruction: the question is asked again.
  const typed = input.kind === 'text' && menuCommandOf(input.text) === undefined ? input.text.trim() || undefined : undefined;
  switch (state.step) {
    case 'pickOfficer': {
      if (!typed) return pickPage(letter, officers, 0);
      const found = narrowByName(officers, typed, (o) => o.fullName);
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

export const sarabanRouteFlow: Flow<RouteData, RoutePrepared, LetterRoutingCommand> = {
  name: SARABAN_ROUTE_FLOW,
  version: 1,
  dataSchema,
  actions: sarabanRouteActions,
  startsOn: (input, person) => Boolean(person) && input.kind === 'text' && routeMenuOf(input.text, person!.role) !== undefined,
  // An officer chosen and the instruction asked: a tile asks the question again rather than drop the choice.
  holdsDraft: (state) => state.step === 'instruction',
  prepare: prepareRoute,
  step: (state, input, now, ctx) => routeStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeRoute,
};

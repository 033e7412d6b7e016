import { z } from 'zod';
import { commandOf, postbackFor, reply, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import type { AccessRequestView, InfoSystem } from '../../domain/access.ts';
import { ACCESS_LEVELS } from '../../domain/access.ts';
import type { Person } from '../../domain/people.ts';
import { defineGuard } from '../../kit/guard.ts';
import { narrowByName, pickerPage } from '../../kit/picker.ts';
import type { RequestCheck } from '../../kit/requests.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, deny, end, say, stale, textWithButtons, type Button } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { encodePostback } from '../../line/postback.ts';
import { ACCESS_FLOW, accessActions, cancelAction, decideAction, endAction, grantAction, levelAction, pageAction, sendAction, systemAction, withdrawAction } from './actions.ts';
import { accessCards, draftCard } from './cards.ts';
import type { AccessCommand } from './commands.ts';
import { executeAccess } from './execute.ts';
import { ACCESS_LEVEL_LABELS, accessLabels as L, accessStateLabel, accessTexts as T } from './messages.ts';
import { ACCESS_COMMAND, GRANTED_COMMAND, MINE_COMMAND, REGISTER_COMMAND, prepareAccess, type AccessData, type AccessPrepared } from './prepare.ts';
import { accessRegisterText } from './register.ts';
import { checkAccessEvent, type AccessEvent } from './request.ts';

/**
 * Asking for access to one of the office's information systems (แบบคำร้องขอเข้าถึงระบบสารสนเทศ, work area 5): typed
 * ขอสิทธิ์ใช้ระบบ → the system (picker; typing part of a name narrows it) → the level → the reason → a summary card →
 * ส่งคำขอ. The group director approves or declines (with a reason) on the pushed card or from รายการรออนุมัติ; the
 * system's administrator then records ให้สิทธิ์แล้ว or ไม่สามารถให้สิทธิ์ (with a reason); either of them ends the
 * access later (ยกเลิกสิทธิ์; the administrator's list: typed สิทธิ์ใช้ระบบ). The requester sees their requests with where each
 * is (typed คำขอสิทธิ์ของฉัน) and withdraws one still waiting for a decision or the grant (ถอนคำขอ; whoever was to
 * act on it is told); the office's admin reads who has and
 * had access to what (typed ทะเบียนสิทธิ์ใช้ระบบ). Every button carries the request's version.
 */

const command = commandOf<AccessCommand>();
export const REASON_MAX = 300;

const dataSchema: z.ZodType<AccessData> = z.object({
  s: z.number().int().optional(),
  sn: z.string().optional(),
  l: z.enum(ACCESS_LEVELS).optional(),
  r: z.string().optional(),
  a: z.number().int().optional(),
  v: z.number().int().optional(),
  w: z.enum(['decline', 'refuse']).optional(),
});

type State = FlowState<AccessData>;
type Ctx = FlowContext<AccessPrepared>;
type Result = StepResult<AccessData>;

const typedCommand = (input: FlowInput): string | undefined => (input.kind === 'text' && [ACCESS_COMMAND, GRANTED_COMMAND, MINE_COMMAND, REGISTER_COMMAND].includes(input.text.trim()) ? input.text.trim() : undefined);

/** Asking (and one's own list) needs request_system_access, the office's register administer; the request's buttons are checked against the request (the machine). */
const guard = defineGuard({
  notRegistered: T.notRegistered,
  text: (text) => {
    const typedText = text.trim();
    if (typedText === REGISTER_COMMAND) return 'administer';
    return [ACCESS_COMMAND, MINE_COMMAND].includes(typedText) ? 'request_system_access' : typedText === GRANTED_COMMAND ? null : undefined;
  },
  postbacks: [[[cancelAction, decideAction, grantAction, endAction, withdrawAction], null]],
  steps: { reason: null },
  otherwise: 'request_system_access',
});

const cancelButton = (): Button => ({ label: L.cancel, data: encodePostback(cancelAction, {}) });
const keep = (state: State, text: string): Result => ({ state, effects: [reply(say(text))] });

function typed(input: FlowInput): string | undefined {
  if (input.kind !== 'text') return undefined;
  const text = input.text.trim();
  return text.length === 0 ? undefined : text;
}

// ── The requester's form ─────────────────────────────────────────────────────────────────────────────

function pickSystem(systems: readonly InfoSystem[], offset = 0, intro?: string): Result {
  if (systems.length === 0) return end(reply(say(intro ?? T.noSystems)));
  const page = pickerPage({
    choices: systems,
    button: (s) => ({ label: s.name, data: encodePostback(systemAction, { s: s.id }), displayText: s.name }),
    offset,
    pageData: (o) => encodePostback(pageAction, { o }),
    always: [cancelButton()],
  });
  return at('system', {}, reply(textWithButtons(intro ? `${intro}\n${T.pickSystem(page.paged)}` : T.pickSystem(page.paged), page.buttons)));
}

/** The level question (after `before`, e.g. asking to use the buttons when something was typed). */
function askLevel(system: Pick<InfoSystem, 'id' | 'name'>, before?: string): Result {
  const buttons = ACCESS_LEVELS.map((l) => ({ label: ACCESS_LEVEL_LABELS[l], data: encodePostback(levelAction, { l }) }));
  const question = textWithButtons(T.askLevel(system.name), [...buttons, cancelButton()]);
  return at('level', { s: system.id, sn: system.name }, reply(...(before ? [say(before)] : []), question));
}

function summary(data: AccessData, person: Person): Result {
  const card = draftCard({ system: data.sn ?? '', level: data.l!, reason: data.r ?? '', requester: person.fullName }, [
    { kind: 'postback', label: L.send, data: encodePostback(sendAction, {}), style: 'primary' },
    { kind: 'postback', label: L.cancel, data: encodePostback(cancelAction, {}), style: 'link' },
  ]);
  return at('summary', data, reply(say(T.summaryHint), card));
}

function formText(person: Person, state: State, text: string | undefined, ctx: Ctx): Result {
  if (text === undefined) return keep(state, T.textPlease);
  switch (state.step) {
    case 'system': {
      const all = ctx.prepared.systems ?? [];
      const found = narrowByName(all, text, (s) => s.name);
      if (found.length === 1) return askLevel(found[0]!);
      return pickSystem(found.length > 0 ? found : all, 0, found.length > 0 ? undefined : T.noMatch(text));
    }
    case 'purpose':
      if (text.length > REASON_MAX) return keep(state, T.tooLong(REASON_MAX));
      return summary({ ...state.data, r: text }, person);
    case 'level':
      // Typed instead of tapped: the question again with its buttons (LINE hides the older quick replies).
      if (state.data.s !== undefined) return askLevel({ id: state.data.s, name: state.data.sn ?? '' }, T.buttonsPlease);
      return keep(state, T.buttonsPlease);
    default:
      return keep(state, T.buttonsPlease);
  }
}

// ── The request's buttons: decide, grant, end ────────────────────────────────────────────────────────

const actorOf = (person: Person, ctx: Ctx) => ({ id: person.id, role: person.role, actingFor: ctx.prepared.stands ?? [] });

function refusal(r: AccessRequestView, check: RequestCheck, event: AccessEvent): Result | null {
  if (check.ok) return null;
  if (check.reason === 'illegal') return end(reply(say(T.alreadyDone(r.id, accessStateLabel(r)))));
  if (event === 'grant' || event === 'refuse') return end(reply(say(T.notTheAdmin)));
  if (check.reason === 'not_requester') return end(reply(say(T.notYours)));
  if (check.reason === 'not_allowed') return deny(check.action);
  return deny('approve_system_access');
}

/** A tap on a request's button, or its reason typed: checked with the request as read, then the command. */
function act(person: Person, ctx: Ctx, r: AccessRequestView, event: AccessEvent, v: number, note: string | null): Result {
  const refused = refusal(r, checkAccessEvent(r, event, actorOf(person, ctx)), event);
  if (refused) return refused;
  if (!isCurrent(r, v)) return stale();
  if ((event === 'decline' || event === 'refuse') && note === null) {
    return at('reason', { a: r.id, v, w: event }, reply(textWithButtons(event === 'decline' ? T.askDeclineReason : T.askRefuseReason, [cancelButton()])));
  }
  const label = { approve: L.approve, decline: L.decline, grant: L.grant, refuse: L.refuse, end: L.end, withdraw: L.withdraw }[event];
  const cmd: AccessCommand =
    event === 'approve' || event === 'decline'
      ? { type: 'decideAccess', requestId: r.id, expectedVersion: v, decision: event, note }
      : event === 'grant' || event === 'refuse'
        ? { type: 'grantAccess', requestId: r.id, expectedVersion: v, outcome: event, note }
        : event === 'withdraw'
          ? { type: 'withdrawAccess', requestId: r.id, expectedVersion: v }
          : { type: 'endAccess', requestId: r.id, expectedVersion: v };
  return end(command(cmd), reply(say(T.done(label, r.id))));
}

interface Tap {
  person: Person;
  state: State | null;
  ctx: Ctx;
}

const routeForm = defineRoutes<Tap, Result>([
  on(pageAction, (tap, c) => pickSystem(c.ctx.prepared.systems ?? [], tap.payload.o)),
  on(systemAction, (tap, c) => {
    const system = (c.ctx.prepared.systems ?? []).find((s) => s.id === tap.payload.s);
    return system ? askLevel(system) : stale();
  }),
  on(levelAction, (tap, c) => (c.state?.step === 'level' ? at('purpose', { ...c.state.data, l: tap.payload.l }, reply(textWithButtons(T.askReason, [cancelButton()]))) : stale(c.state))),
  on(sendAction, (_tap, c) => {
    const d = c.state?.data;
    if (c.state?.step !== 'summary' || !d?.s || !d.l || !d.r) return stale(c.state);
    return end(command({ type: 'requestAccess', systemId: d.s, level: d.l, reason: d.r }), reply(say(T.sent)));
  }),
]);

export function accessStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (postbackFor(input, cancelAction)) return end(reply(say(T.cancelled)));
  const typedCmd = typedCommand(input);
  if (typedCmd === ACCESS_COMMAND) return pickSystem(ctx.prepared.systems ?? []);
  if (typedCmd === REGISTER_COMMAND) return end(reply(say(accessRegisterText(ctx.prepared.register ?? []))));
  if (typedCmd === MINE_COMMAND) {
    const { items, total } = ctx.prepared.mine ?? { items: [], total: 0 };
    if (items.length === 0) return end(reply(say(T.noMine)));
    const intro = T.mine(items.length, total);
    return end(reply(say(intro), accessCards(items.map((r) => ({ r, viewer: { withdraw: true } })), intro)));
  }
  if (typedCmd === GRANTED_COMMAND) {
    const granted = ctx.prepared.granted ?? [];
    if (granted.length === 0) return end(reply(say(T.noGranted)));
    return end(reply(say(T.granted), accessCards(granted.map((r) => ({ r, viewer: { end: true } })), T.granted)));
  }

  if (ctx.prepared.request !== undefined) {
    const r = ctx.prepared.request;
    if (!r) return end(reply(say(T.notFound)));
    const decide = postbackFor(input, decideAction);
    if (decide) return act(person, ctx, r, decide.payload.d, decide.payload.v, null);
    const grant = postbackFor(input, grantAction);
    if (grant) return act(person, ctx, r, grant.payload.g, grant.payload.v, null);
    const ended = postbackFor(input, endAction);
    if (ended) return act(person, ctx, r, 'end', ended.payload.v, null);
    const withdrawn = postbackFor(input, withdrawAction);
    if (withdrawn) return act(person, ctx, r, 'withdraw', withdrawn.payload.v, null);
    if (state?.step === 'reason' && state.data.w && state.data.v !== undefined) {
      const text = typed(input);
      if (text === undefined) return keep(state, T.textPlease);
      if (text.length > REASON_MAX) return keep(state, T.tooLong(REASON_MAX));
      return act(person, ctx, r, state.data.w, state.data.v, text);
    }
  }
  const routed = routeForm(input, { person, state, ctx });
  if (routed) return routed;
  if (state) return formText(person, state, typed(input), ctx);
  return end();
}

export const accessFlow: Flow<AccessData, AccessPrepared, AccessCommand> = {
  name: ACCESS_FLOW,
  version: 1,
  dataSchema,
  actions: accessActions,
  startsOn: (input, person) => Boolean(person) && typedCommand(input) !== undefined,
  prepare: prepareAccess,
  step: (state, input, now, ctx) => accessStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeAccess,
};

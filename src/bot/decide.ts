import { assertNever } from '../domain/errors.ts';
import type { LineMessage } from '../line/outbox.ts';
import type { PostbackDecodeResult } from '../line/postback.ts';
import { menuCommandOf } from '../line/rich-menus/commands.ts';
import type { FlowCatalog } from './catalog.ts';
import { conversationExpiry, openConversation, type ConversationNotice, type ConversationRow } from './conversation-store.ts';
import type { Person } from '../domain/people.ts';
import type { AnyFlow, FlowCommand, FlowContext, FlowInput, FlowState } from './flow.ts';
import type { EventInput } from './input.ts';
import { botMessages, isCancel, text } from './messages.ts';

/**
 * What to do with one event, decided without I/O: the dispatcher loads the stored conversation before
 * and carries the decision out in the same transaction after.
 */
export type ConversationChange =
  | { kind: 'keep' }
  | { kind: 'delete' }
  | { kind: 'save'; flow: string; step: string; version: number; data: unknown; updatedAt: Date; expiresAt: Date };

export interface Decision {
  /** `ignored`: nothing in the service acts on this event. */
  status: 'done' | 'ignored';
  /** Name of the flow that handled the event, for the logs. */
  flow?: string;
  replies: LineMessage[];
  pushes: Array<{ to: string; messages: LineMessage[] }>;
  /** Changes for the handling flow's `execute`, in this order, in the event's transaction. */
  commands: FlowCommand[];
  conversation: ConversationChange;
  /** The answer refuses what was asked (an out-of-date or forged button): nothing else rides on it (no reply note). */
  refusal?: true;
}

export interface DecideInput {
  input: EventInput;
  stored: ConversationRow | null;
  catalog: FlowCatalog;
  now: Date;
  /** Verifies and decodes postback data (the channel's secret is bound by the caller). */
  decodePostback: (data: string) => PostbackDecodeResult;
  /** The registered person behind the event's user (null or absent: not registered). */
  person?: Person | null;
}

/**
 * The first half of a decision: which flow takes the event and in which state. Between this and
 * `finishDecision` the dispatcher runs the flow's `prepare` (the only I/O a step gets).
 */
export type Route =
  | { kind: 'decided'; decision: Decision }
  | {
      kind: 'step';
      target: AnyFlow;
      state: FlowState | null;
      flowInput: FlowInput;
      notices: LineMessage[];
      /** An unfollow: the step may only return commands; nothing can be sent and the conversation ends. */
      unfollow: boolean;
      hadStored: boolean;
    };

const KEEP = { kind: 'keep' } as const;
const ignored = (): Decision => ({ status: 'ignored', replies: [], pushes: [], commands: [], conversation: KEEP });
const refusing = (decision: Decision): Decision => ({ ...decision, refusal: true });
const answer = (replies: LineMessage[], conversation: ConversationChange, flow?: string): Decision => ({
  status: 'done',
  replies,
  pushes: [],
  commands: [],
  conversation,
  ...(flow !== undefined ? { flow } : {}),
});
const decided = (decision: Decision): Route => ({ kind: 'decided', decision });

export function routeEvent({ input, stored, catalog, now, decodePostback, person = null }: DecideInput): Route {
  let flowInput: FlowInput;
  switch (input.kind) {
    case 'other':
      return decided(ignored());
    case 'unfollow': {
      const conversation: ConversationChange = stored ? { kind: 'delete' } : KEEP;
      const target = catalog.starting(input, person);
      if (!target) return decided({ ...ignored(), status: 'done', conversation });
      return { kind: 'step', target, state: null, flowInput: input, notices: [], unfollow: true, hadStored: stored !== null };
    }
    case 'postback': {
      const decoded = decodePostback(input.data);
      // A button that does not decode changes nothing, not even the conversation's idle clock.
      if (!decoded.ok) return decided(refusing(answer([text(botMessages.buttonNoLongerValid)], KEEP)));
      flowInput = { kind: 'postback', userId: input.userId, action: decoded.action, payload: decoded.payload, params: input.params };
      break;
    }
    default:
      flowInput = input;
  }

  const opened = openConversation(stored, catalog, now);
  const notices = opened.notice && !goesElsewhere(catalog, flowInput, person, stored) ? [text(noticeText(opened.notice))] : [];
  // A dropped conversation is deleted unless the step below saves a new one.
  const cleared: ConversationChange = stored ? { kind: 'delete' } : KEEP;

  if (flowInput.kind === 'text' && isCancel(flowInput.text)) {
    if (opened.current) return decided(answer([text(botMessages.cancelled)], { kind: 'delete' }, opened.current.flow.name));
    return decided(answer([...notices, text(botMessages.nothingToCancel)], cleared));
  }

  let target: AnyFlow | undefined;
  let state: FlowState | null = null;
  if (flowInput.kind === 'postback') {
    target = catalog.flowOf(flowInput.action);
    if (!target) return decided(refusing(answer([text(botMessages.buttonNoLongerValid)], KEEP)));
    // A button of another flow starts that flow afresh; the flow's own buttons continue its state.
    if (opened.current?.flow === target) state = opened.current.state;
  } else if (opened.current && !interrupts(catalog, flowInput, person, opened.current)) {
    target = opened.current.flow;
    state = opened.current.state;
  } else {
    target = catalog.starting(flowInput, person);
  }
  if (!target) {
    return decided(notices.length > 0 ? answer(notices, cleared) : { ...ignored(), conversation: cleared });
  }
  return { kind: 'step', target, state, flowInput, notices, unfollow: false, hadStored: stored !== null };
}

/**
 * Whether the input goes to another service than the stored conversation: a card's button of another flow, or a
 * rich-menu tile starting another flow. When that conversation was dropped (expired, outdated) the person is not told
 * so: they did not mean to continue it, and "ขอเริ่มต้นใหม่นะคะ" above the answer they asked for only confuses.
 */
function goesElsewhere(catalog: FlowCatalog, input: FlowInput, person: Person | null, stored: ConversationRow | null): boolean {
  if (!stored) return false;
  const target =
    input.kind === 'postback'
      ? catalog.flowOf(input.action)
      : input.kind === 'text' && menuCommandOf(input.text) !== undefined
        ? catalog.starting(input, person)
        : undefined;
  return target !== undefined && target.name !== stored.flow;
}

/**
 * Whether an input leaves the conversation in progress for the flow it starts. A follow while in a conversation
 * (blocked and unblocked mid-flow) starts afresh. A rich-menu tile goes where it says: tapping ข้อมูลของฉัน while a
 * technician is asked for a waiting note must not become the note. Only a flow holding a draft the person typed
 * (`holdsDraft`) keeps the tile, and says how to finish or cancel it, so nothing they entered is lost unasked.
 */
function interrupts(catalog: FlowCatalog, input: FlowInput, person: Person | null, current: { flow: AnyFlow; state: FlowState }): boolean {
  if (input.kind !== 'follow' && !(input.kind === 'text' && menuCommandOf(input.text) !== undefined)) return false;
  const starter = catalog.starting(input, person);
  if (starter === undefined || starter === current.flow) return false;
  return input.kind === 'follow' || !current.flow.holdsDraft?.(current.state);
}

export function finishDecision(route: Route, ctx: FlowContext, now: Date): Decision {
  if (route.kind === 'decided') return route.decision;
  const { target, state, flowInput, notices } = route;
  const result = target.step(state, flowInput, now, ctx);
  const replies: LineMessage[] = [...notices];
  const pushes: Decision['pushes'] = [];
  const commands: FlowCommand[] = [];
  for (const effect of result.effects) {
    switch (effect.kind) {
      case 'reply':
        replies.push(...effect.messages);
        break;
      case 'push':
        pushes.push({ to: effect.to, messages: effect.messages });
        break;
      case 'command':
        commands.push(effect.command);
        break;
      case 'staleButton':
        // An out-of-date button changes nothing, whatever else the step returned.
        return refusing(answer([text(botMessages.buttonNoLongerValid)], KEEP, target.name));
      default:
        assertNever(effect, 'unknown effect');
    }
  }

  if (route.unfollow) {
    // Nobody can be answered after an unfollow; only the commands (mark inactive) count.
    return { status: 'done', flow: target.name, replies: [], pushes: [], commands, conversation: route.hadStored ? { kind: 'delete' } : KEEP };
  }

  let conversation: ConversationChange;
  if (result.state === null) {
    conversation = route.hadStored ? { kind: 'delete' } : KEEP;
  } else {
    // The flow's own output is held to its schema: a bug here must fail loudly, not be stored.
    const data = target.dataSchema.parse(result.state.data);
    conversation = {
      kind: 'save',
      flow: target.name,
      step: result.state.step,
      version: target.version,
      data,
      updatedAt: now,
      expiresAt: conversationExpiry(now),
    };
  }
  return { status: 'done', flow: target.name, replies, pushes, commands, conversation };
}

/** Both halves at once, for flows that need no `prepare` (and for tests). */
export function decide(args: DecideInput & { prepared?: unknown }): Decision {
  const route = routeEvent(args);
  return finishDecision(route, { person: args.person ?? null, prepared: args.prepared }, args.now);
}

function noticeText(notice: ConversationNotice): string {
  switch (notice) {
    case 'expired':
      return botMessages.conversationExpired;
    case 'outdated':
      return botMessages.flowUpdated;
    default:
      return assertNever(notice);
  }
}

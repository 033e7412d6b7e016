import { assertNever } from '../domain/errors.ts';
import type { LineMessage } from '../line/outbox.ts';
import type { PostbackDecodeResult } from '../line/postback.ts';
import type { FlowCatalog } from './catalog.ts';
import { conversationExpiry, openConversation, type ConversationNotice, type ConversationRow } from './conversation-store.ts';
import type { AnyFlow, FlowInput, FlowState } from './flow.ts';
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
  conversation: ConversationChange;
}

export interface DecideInput {
  input: EventInput;
  stored: ConversationRow | null;
  catalog: FlowCatalog;
  now: Date;
  /** Verifies and decodes postback data (the channel's secret is bound by the caller). */
  decodePostback: (data: string) => PostbackDecodeResult;
}

const KEEP = { kind: 'keep' } as const;
const ignored = (): Decision => ({ status: 'ignored', replies: [], pushes: [], conversation: KEEP });
const answer = (replies: LineMessage[], conversation: ConversationChange, flow?: string): Decision => ({
  status: 'done',
  replies,
  pushes: [],
  conversation,
  ...(flow !== undefined ? { flow } : {}),
});

export function decide({ input, stored, catalog, now, decodePostback }: DecideInput): Decision {
  let flowInput: FlowInput;
  switch (input.kind) {
    case 'other':
      return ignored();
    case 'unfollow':
      return { ...ignored(), status: 'done', conversation: stored ? { kind: 'delete' } : KEEP };
    case 'postback': {
      const decoded = decodePostback(input.data);
      // A button that does not decode changes nothing, not even the conversation's idle clock.
      if (!decoded.ok) return answer([text(botMessages.buttonNoLongerValid)], KEEP);
      flowInput = { kind: 'postback', userId: input.userId, action: decoded.action, payload: decoded.payload, params: input.params };
      break;
    }
    default:
      flowInput = input;
  }

  const opened = openConversation(stored, catalog, now);
  const notices = opened.notice ? [text(noticeText(opened.notice))] : [];
  // A dropped conversation is deleted unless the step below saves a new one.
  const cleared: ConversationChange = stored ? { kind: 'delete' } : KEEP;

  if (flowInput.kind === 'text' && isCancel(flowInput.text)) {
    if (opened.current) return answer([text(botMessages.cancelled)], { kind: 'delete' }, opened.current.flow.name);
    return answer([...notices, text(botMessages.nothingToCancel)], cleared);
  }

  let target: AnyFlow | undefined;
  let state: FlowState | null = null;
  if (flowInput.kind === 'postback') {
    target = catalog.flowOf(flowInput.action);
    if (!target) return answer([text(botMessages.buttonNoLongerValid)], KEEP);
    // A button of another flow starts that flow afresh; the flow's own buttons continue its state.
    if (opened.current?.flow === target) state = opened.current.state;
  } else if (opened.current) {
    target = opened.current.flow;
    state = opened.current.state;
  } else {
    target = catalog.starting(flowInput);
  }
  if (!target) return notices.length > 0 ? answer(notices, cleared) : { ...ignored(), conversation: cleared };

  const result = target.step(state, flowInput, now);
  const replies: LineMessage[] = [...notices];
  const pushes: Decision['pushes'] = [];
  for (const effect of result.effects) {
    switch (effect.kind) {
      case 'reply':
        replies.push(...effect.messages);
        break;
      case 'push':
        pushes.push({ to: effect.to, messages: effect.messages });
        break;
      case 'staleButton':
        // An out-of-date button changes nothing, whatever else the step returned.
        return answer([text(botMessages.buttonNoLongerValid)], KEEP, target.name);
      default:
        assertNever(effect, 'unknown effect');
    }
  }

  let conversation: ConversationChange;
  if (result.state === null) {
    conversation = stored ? { kind: 'delete' } : KEEP;
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
  return { status: 'done', flow: target.name, replies, pushes, conversation };
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

import type { z } from 'zod';
import type { LineMessage } from '../line/outbox.ts';
import type { PostbackAction } from '../line/postback.ts';
import type { EventInput, PostbackParams } from './input.ts';

/**
 * A flow is one capability's conversation: pure steps from (state, input, now) to the next state and
 * the effects to carry out. The dispatcher does all I/O: it loads and saves the state and writes the
 * effects to the outbox in one transaction.
 */

/** What a flow sees: the event input, with a postback already decoded and verified by the codec. */
export type FlowInput =
  | Exclude<EventInput, { kind: 'postback' | 'other' }>
  | { kind: 'postback'; userId: string; action: PostbackAction; payload: unknown; params: PostbackParams };

export interface FlowState<D = unknown> {
  step: string;
  data: D;
}

export type Effect =
  /** Messages to the user whose event this is (the reply token is used when still fresh). */
  | { kind: 'reply'; messages: LineMessage[] }
  | { kind: 'push'; to: string; messages: LineMessage[] }
  /** The button pressed is out of date: the user is told so and the conversation stays as it was. */
  | { kind: 'staleButton' };

export interface StepResult<D = unknown> {
  /** The next state, or null when the flow ends (the conversation is cleared). */
  state: FlowState<D> | null;
  effects: Effect[];
}

export interface Flow<D = unknown> {
  readonly name: string;
  /** Bump when the shape of `data` or the meaning of a step changes: stored conversations then restart. */
  readonly version: number;
  /** Schema of the stored `data`: a stored conversation that fails it restarts like a version change. */
  readonly dataSchema: z.ZodType<D>;
  /** The buttons this flow handles. */
  readonly actions: readonly PostbackAction[];
  /** Whether this flow takes an input from a user who is in no flow (postbacks go by their action). */
  startsOn(input: FlowInput): boolean;
  step(state: FlowState<D> | null, input: FlowInput, now: Date): StepResult<D>;
}

/** Narrows a postback input to one action, with its payload typed by the action's schema. */
export function postbackFor<S extends z.ZodType>(
  input: FlowInput,
  action: PostbackAction<S>,
): { payload: z.output<S>; params: PostbackParams } | undefined {
  if (input.kind !== 'postback' || input.action.name !== action.name) return undefined;
  return { payload: input.payload as z.output<S>, params: input.params };
}

export const reply = (...messages: LineMessage[]): Effect => ({ kind: 'reply', messages });

/** Erases a flow's data type so flows of different shapes share one list. */
export type AnyFlow = Flow<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

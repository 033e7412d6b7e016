import type { z } from 'zod';
import type { Executor } from '../db/database.ts';
import type { DomainCommand } from '../domain/commands.ts';
import type { Person } from '../domain/people.ts';
import type { Logger } from '../logger.ts';
import type { LineChannel } from '../line/channels.ts';
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
  | { kind: 'staleButton' }
  /** A change for the flow's `execute` to make in the event's transaction. */
  | { kind: 'command'; command: DomainCommand };

export interface StepResult<D = unknown> {
  /** The next state, or null when the flow ends (the conversation is cleared). */
  state: FlowState<D> | null;
  effects: Effect[];
}

/** Where an event came from, for `prepare` and `execute`. */
export interface FlowEnv {
  channelId: string;
  officeId: string;
  /** The LINE user whose event this is. */
  lineUserId: string;
  now: Date;
  /** The Official Account's basic id (e.g. "@123abcde"), when configured: links that open its chat. */
  oaBasicId?: string;
  /**
   * The channel the event came on (always set by the dispatcher): `prepare` downloads what the user sent
   * with `createLineApi(channel).getContent(...)` at once, since LINE deletes content after a while.
   */
  channel?: LineChannel;
}

export interface CommandEnv extends FlowEnv {
  /** The person whose event this is, as loaded before the step (null for an unregistered user). */
  person: Person | null;
  logger: Logger;
}

/**
 * What a step knows beyond the event: the person whose event it is (loaded by the dispatcher for every
 * event, null when not registered) and what the flow's `prepare` read for this step.
 */
export interface FlowContext<P = unknown> {
  person: Person | null;
  prepared: P;
  oaBasicId?: string;
}

export interface Flow<D = unknown, P = unknown> {
  readonly name: string;
  /** Bump when the shape of `data` or the meaning of a step changes: stored conversations then restart. */
  readonly version: number;
  /** Schema of the stored `data`: a stored conversation that fails it restarts like a version change. */
  readonly dataSchema: z.ZodType<D>;
  /** The buttons this flow handles. */
  readonly actions: readonly PostbackAction[];
  /** Whether this flow takes an input from a user who is in no flow (postbacks go by their action). */
  startsOn(input: FlowInput, person?: Person | null): boolean;
  /**
   * Reads what the next step needs (e.g. the schools matching the typed text), in the event's
   * transaction, before the pure step runs. Flows without it get `prepared: undefined`.
   */
  prepare?(tx: Executor, input: FlowInput, state: FlowState<D> | null, person: Person | null, env: FlowEnv): Promise<P>;
  /** `ctx` is always given by the dispatcher; unit tests of context-free flows may leave it out. */
  step(state: FlowState<D> | null, input: FlowInput, now: Date, ctx?: FlowContext<P>): StepResult<D>;
  /** Carries out the commands the steps return. Required of a flow whose steps return commands. */
  execute?(tx: Executor, command: DomainCommand, env: CommandEnv): Promise<void>;
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

export const command = (value: DomainCommand): Effect => ({ kind: 'command', command: value });

/** Erases a flow's data type so flows of different shapes share one list. */
export type AnyFlow = Flow<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

import type { z } from 'zod';
import type { Executor } from '../db/database.ts';
import type { Person } from '../domain/people.ts';
import type { KitCommand } from '../kit/execute.ts';
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

/**
 * What a step asks the service to change: each flow declares its own command type (a union of
 * `{ type: ... }` objects) and the executor for it, so a new capability edits no central list. The
 * dispatcher hands a command to the flow whose step returned it; the kit's own commands (a refusal's
 * `recordDenial`, src/kit/execute.ts) any flow may return, and the dispatcher carries those out itself.
 */
export interface FlowCommand {
  readonly type: string;
}

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
  | { kind: 'command'; command: FlowCommand };

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
  /**
   * Tells the dispatcher what a command changed beyond its rows, for the work after the commit: `people`
   * (a role or status: the person's rich menu may have to change), `deletedUser` (the person's data was
   * deleted: their rich menu is taken away at once). Not heard when the commands are refused and undone.
   */
  noteChange?: (change: 'people' | 'deletedUser') => void;
  /**
   * Replaces the step's answer to the person with what the executor found, known only once the database answered
   * (a repeating booking: which dates were booked and which clashed). Not heard when the commands are refused.
   */
  answer?: (messages: LineMessage[]) => void;
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

/** `C`: the flow's own command type, which its `execute` takes. */
export interface Flow<D = unknown, P = unknown, C extends FlowCommand = FlowCommand> {
  readonly name: string;
  /** Bump when the shape of `data` or the meaning of a step changes: stored conversations then restart. */
  readonly version: number;
  /** Schema of the stored `data`: a stored conversation that fails it restarts like a version change. */
  readonly dataSchema: z.ZodType<D>;
  /** The buttons this flow handles. */
  readonly actions: readonly PostbackAction[];
  /**
   * Whether the conversation holds a draft the person typed that a rich-menu tile must not drop (the flow then
   * answers the tile itself, saying how to finish or cancel). Without it, a tile leaves this flow for its own.
   */
  holdsDraft?(state: FlowState<D>): boolean;
  /** Whether this flow takes an input from a user who is in no flow (postbacks go by their action). */
  startsOn(input: FlowInput, person?: Person | null): boolean;
  /**
   * Reads what the next step needs (e.g. the schools matching the typed text), in the event's
   * transaction, before the pure step runs. Flows without it get `prepared: undefined`.
   */
  prepare?(tx: Executor, input: FlowInput, state: FlowState<D> | null, person: Person | null, env: FlowEnv): Promise<P>;
  /**
   * A line the person should hear of although they asked something else (a survey waiting for their answer). It is
   * added to the finished answer of any other flow — free: it rides on that reply, never a push of its own — when
   * that answer ends the conversation and has room for one more message (placed before a last message that carries
   * quick replies, which must stay last). The flow keeps its own "said already" mark in `tx`. Null: nothing to say.
   */
  replyNote?(tx: Executor, person: Person, env: FlowEnv): Promise<string | null>;
  /** `ctx` is always given by the dispatcher; unit tests of context-free flows may leave it out. */
  step(state: FlowState<D> | null, input: FlowInput, now: Date, ctx?: FlowContext<P>): StepResult<D>;
  /**
   * Carries out the commands the steps return (the kit's aside). Required of a flow whose steps return
   * commands of its own. A `StaleError` or `ForbiddenError` it throws is answered to the person, not retried.
   */
  execute?(tx: Executor, command: C, env: CommandEnv): Promise<void>;
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

/**
 * The `command` effect of a flow whose commands are `C`: a flow's steps make their commands with
 * `const command = commandOf<TheirCommand>()`, so a command of another flow or a misspelt field does
 * not compile. The kit's own (`recordDenial`) are always accepted.
 */
export const commandOf =
  <C extends FlowCommand>() =>
  (value: C | KitCommand): Effect => ({ kind: 'command', command: value });

/** The `command` effect of a flow that declares no command type of its own (tests' small flows). */
export const command = <C extends FlowCommand>(value: C): Effect => ({ kind: 'command', command: value });

/** Erases a flow's data type so flows of different shapes share one list. */
export type AnyFlow = Flow<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

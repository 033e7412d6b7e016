import type { FlowInput, FlowState, StepResult } from '../bot/flow.ts';
import { can, type Action } from '../domain/permissions.ts';
import type { Person } from '../domain/people.ts';
import type { PostbackAction } from '../line/postback.ts';
import { deny, end, say } from './steps.ts';

/**
 * The door of every flow's step: someone not registered is told so; a role without the permission the input
 * needs gets the polite denial, and the denial is recorded for the audit (`deny`). Each flow declares once,
 * as a table, which permission each of its inputs needs; nothing else in the flow decides who may come in.
 * The server checks again inside the transaction (the executor): a button is never a permission.
 * Pure: no I/O.
 */

/**
 * A permission an input needs: an action, or an action that other permissions also open (the denial names
 * `action`; any of `allowedBy` lets the person in). Example: a group director may take a new ticket in order
 * to assign it, without holding `take_ticket` itself.
 */
export type Need = Action | { readonly action: Action; readonly allowedBy: readonly Action[] };

/** What a row of the table says: a permission, or `null` for what anyone registered may do (e.g. ยกเลิก). */
export type Rule = Need | null;

export interface GuardTable {
  /** The answer to someone not registered (each flow words it for its own service). */
  readonly notRegistered: string;
  /** Typed text first (the flow's rich-menu texts and typed commands); undefined when the text is not one. */
  readonly text?: (text: string, person: Person, state: FlowState<unknown> | null, now: Date) => Rule | undefined;
  /** Then the button pressed: each row lists the postback actions that need one permission. */
  readonly postbacks?: ReadonlyArray<readonly [readonly PostbackAction[], Rule]>;
  /** Then the conversation's step, for what is typed or sent inside it. */
  readonly steps?: Readonly<Record<string, Rule>>;
  /** Everything else. */
  readonly otherwise: Rule;
  /** A permission every input of the flow needs besides its own (the admin menu needs `administer`). */
  readonly always?: Action;
}

export type GuardResult =
  | { readonly ok: true; readonly person: Person; readonly needed: Action | null }
  | { readonly ok: false; readonly refused: StepResult<never> };

/** `now` is the step's clock, for typed commands whose meaning depends on the date (e.g. a register year). */
export type Guard = (input: FlowInput, state: FlowState<unknown> | null, person: Person | null, now: Date) => GuardResult;

const actionOf = (need: Need): Action => (typeof need === 'string' ? need : need.action);

/** Whether the person's role opens what an input needs. */
export function allows(person: Person, need: Rule, always?: Action): boolean {
  if (always && !can(person.role, always)) return false;
  if (need === null) return true;
  return typeof need === 'string' ? can(person.role, need) : need.allowedBy.some((a) => can(person.role, a));
}

/** Builds a flow's guard from its table (once, at module load): a postback action listed twice is a mistake. */
export function defineGuard(table: GuardTable): Guard {
  const byPostback = new Map<string, Rule>();
  for (const [actions, need] of table.postbacks ?? []) {
    for (const action of actions) {
      if (byPostback.has(action.name)) throw new Error(`guard: "${action.name}" is listed twice`);
      byPostback.set(action.name, need);
    }
  }
  // `undefined` means "this row says nothing": the next kind of row is asked. `null` is an answer.
  const ruleOf = (input: FlowInput, state: FlowState<unknown> | null, person: Person, now: Date): Rule => {
    const byText = input.kind === 'text' ? table.text?.(input.text, person, state, now) : undefined;
    if (byText !== undefined) return byText;
    const byButton = input.kind === 'postback' ? byPostback.get(input.action.name) : undefined;
    if (byButton !== undefined) return byButton;
    const byStep = state && table.steps && Object.hasOwn(table.steps, state.step) ? table.steps[state.step] : undefined;
    return byStep !== undefined ? byStep : table.otherwise;
  };

  return (input, state, person, now) => {
    if (!person) return { ok: false, refused: end(replyOf(table.notRegistered)) };
    const rule = ruleOf(input, state, person, now);
    if (!allows(person, rule, table.always)) return { ok: false, refused: deny(rule === null ? table.always! : actionOf(rule)) };
    return { ok: true, person, needed: rule === null ? null : actionOf(rule) };
  };
}

const replyOf = (text: string) => ({ kind: 'reply' as const, messages: [say(text)] });

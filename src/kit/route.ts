import type { z } from 'zod';
import type { FlowInput } from '../bot/flow.ts';
import type { PostbackParams } from '../bot/input.ts';
import type { PostbackAction } from '../line/postback.ts';

/**
 * A flow's buttons routed through a table (action → handler) instead of a chain of ifs: the table reads as
 * the list of what the flow's buttons do, and a button listed twice is found when the flow loads. Handlers
 * get the tap (its payload typed by the action's schema) and what the step knows (`ctx`). Pure: no I/O.
 */

export interface Tap<P> {
  readonly payload: P;
  readonly params: PostbackParams;
}

export interface Route<C, R> {
  readonly action: PostbackAction;
  readonly handle: (tap: Tap<unknown>, ctx: C) => R;
}

/** One row of the table: this button, this handler. */
export function on<S extends z.ZodType, C, R>(action: PostbackAction<S>, handle: (tap: Tap<z.output<S>>, ctx: C) => R): Route<C, R> {
  // The codec validated the payload against `action.schema` before the step ran: it has that type here.
  return { action, handle: handle as (tap: Tap<unknown>, ctx: C) => R };
}

/**
 * The router of a table. It answers `undefined` for input that is not a button of the table (typed text, a
 * photo, a button of another action): the step then goes on with what is typed, or answers as it sees fit.
 */
export type Router<C, R> = (input: FlowInput, ctx: C) => R | undefined;

export function defineRoutes<C, R>(routes: ReadonlyArray<Route<C, R>>): Router<C, R> {
  const byName = new Map<string, Route<C, R>>();
  for (const route of routes) {
    if (byName.has(route.action.name)) throw new Error(`routes: "${route.action.name}" is listed twice`);
    byName.set(route.action.name, route);
  }
  return (input, ctx) => {
    if (input.kind !== 'postback') return undefined;
    const route = byName.get(input.action.name);
    return route ? route.handle({ payload: input.payload, params: input.params }, ctx) : undefined;
  };
}

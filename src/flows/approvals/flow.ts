import { z } from 'zod';
import { reply, type Flow, type FlowContext, type FlowInput, type StepResult } from '../../bot/flow.ts';
import { can, type Action } from '../../domain/permissions.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { MENU_COMMAND_PERMISSIONS } from '../../line/rich-menus/commands.ts';
import { executePeopleCommand } from '../directory/people-commands.ts';
import { servicesFor } from '../greeting/services.ts';
import { deny, end, say } from '../../kit/steps.ts';
import { approvalsTexts as T } from './messages.ts';
import { prepareApprovals, type ApprovalsPrepared } from './prepare.ts';
import { PENDING_DECISION_SOURCES } from './sources.ts';

/**
 * "รายการรออนุมัติ" (the directors' tile): every decision waiting for this person, gathered from the sources in
 * sources.ts that their role may act on: a summary line per kind, then each kind's cards, whose buttons belong
 * to that kind's own flow (which checks the permission and the version again). It keeps no state.
 */
export const APPROVALS_FLOW = 'approvals';

export type { ApprovalsPrepared };

type Result = StepResult<Record<string, never>>;

const isApprovalsStart = (input: FlowInput) => input.kind === 'text' && menuCommandOf(input.text) === 'approvals';

export function approvalsStep(input: FlowInput, ctx: FlowContext<ApprovalsPrepared>): Result {
  const person = ctx.person;
  if (!person) return end(reply(say(T.notRegistered)));
  const needed: readonly Action[] = [...MENU_COMMAND_PERMISSIONS.approvals, ...PENDING_DECISION_SOURCES.flatMap((s) => [s.action, ...(s.alsoFor ?? [])])];
  if (!needed.some((action) => can(person.role, action))) {
    return deny('decide_letter', T.denied);
  }
  if (!isApprovalsStart(input)) return end();
  const shown = (ctx.prepared.lists ?? []).flatMap(({ key, list }) => {
    const source = PENDING_DECISION_SOURCES.find((s) => s.key === key);
    return source && list.total > 0 ? [source.render(list, person)] : [];
  });
  // Services not open yet whose requests this role would approve (loans, bookings): said, so an empty list is not a surprise.
  const later = servicesFor(person.role).filter((s) => !s.open && s.actions.some((a) => a.startsWith('approve_') && can(person.role, a)));
  const laterLine = later.length > 0 ? `\n${T.later(later.map((s) => s.name))}` : '';
  if (shown.length === 0) return end(reply(say(`${T.none}${laterLine}`)));
  return end(
    reply(
      say(`${T.summary(shown.map((s) => s.line))}${laterLine}`),
      ...shown.flatMap((s) => (s.cards ? [s.cards] : [])),
    ),
  );
}

export const approvalsFlow: Flow<Record<string, never>, ApprovalsPrepared> = {
  name: APPROVALS_FLOW,
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: [],
  startsOn: (input, person) => Boolean(person) && isApprovalsStart(input),
  prepare: (tx, _input, _state, person, env) => prepareApprovals(tx, person, env),
  step: (_state, input, _now, ctx) => approvalsStep(input, ctx ?? { person: null, prepared: {} }),
  execute: executePeopleCommand,
};

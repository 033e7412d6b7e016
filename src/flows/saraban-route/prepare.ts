import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { countReceivedInStatus, listAssignedTo, listGroupPeople, listReceivedInStatus, type GroupPerson } from '../../db/repos/letter-routing.ts';
import { lockLetter } from '../../db/repos/letters.ts';
import { getPerson } from '../../db/repos/people.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { acknowledgeAction, assignAction, assignToAction, morePeopleAction, routeMenuOf } from './actions.ts';
import { groupPeople } from './timing.ts';

export interface RouteData {
  /** The letter being assigned, and the version the assignment started from. */
  l?: number | undefined;
  v?: number | undefined;
  /** The officer chosen. */
  p?: number | undefined;
}

export interface RoutePrepared {
  letter?: Letter | null;
  /** Who assigned the letter (a second assigner is told). */
  assignedByName?: string | null;
  /** The group's people the letter may be assigned to. */
  officers?: GroupPerson[];
  pending?: { letters: Letter[]; total: number; unacknowledged: Letter[]; unacknowledgedTotal: number };
  mine?: { letters: Letter[]; total: number };
}

export const LIST_LIMIT = 10;
const UNACKNOWLEDGED_LINES = 15;
/** The officer's letters that still ask something of them, or wait for a decision. */
export const MY_STATUSES = ['assigned', 'acknowledged', 'returned', 'proposed'] as const;

function letterIdOf(input: FlowInput, state: FlowState<RouteData> | null): number | undefined {
  for (const action of [assignAction, assignToAction, morePeopleAction, acknowledgeAction]) {
    const hit = postbackFor(input, action);
    if (hit) return hit.payload.l;
  }
  return state?.data.l;
}

/**
 * Reads what the step needs. The letter a button acts on is locked for the event's transaction, so that
 * of two group directors assigning at once the second sees who assigned it. Nothing is read for someone
 * who may neither assign nor handle letters (the step answers them with a refusal).
 */
export async function prepareRoute(
  tx: Executor,
  input: FlowInput,
  state: FlowState<RouteData> | null,
  person: Person | null,
  env: FlowEnv,
): Promise<RoutePrepared> {
  if (!person || !(can(person.role, 'assign_letter') || can(person.role, 'handle_letter'))) return {};
  const menu = input.kind === 'text' ? routeMenuOf(input.text, person.role) : undefined;
  if (menu === 'pendingLetters') {
    if (!can(person.role, 'assign_letter')) return {};
    const [letters, total, unacknowledged, unacknowledgedTotal] = [
      await listReceivedInStatus(tx, env.officeId, ['registered'], LIST_LIMIT),
      await countReceivedInStatus(tx, env.officeId, ['registered']),
      await listReceivedInStatus(tx, env.officeId, ['assigned'], UNACKNOWLEDGED_LINES),
      await countReceivedInStatus(tx, env.officeId, ['assigned']),
    ];
    return { pending: { letters, total, unacknowledged, unacknowledgedTotal } };
  }
  if (menu === 'myLetters') {
    if (!can(person.role, 'handle_letter')) return {};
    const all = await listAssignedTo(tx, env.officeId, person.id, MY_STATUSES, 100);
    return { mine: { letters: all.slice(0, LIST_LIMIT), total: all.length } };
  }

  const prepared: RoutePrepared = {};
  const id = letterIdOf(input, state);
  if (id === undefined) return prepared;
  prepared.letter = await lockLetter(tx, env.officeId, id);
  const letter = prepared.letter;
  if (!letter) return prepared;
  if (letter.assignedById !== null) prepared.assignedByName = (await getPerson(tx, env.officeId, letter.assignedById))?.fullName ?? null;
  const assigning = !postbackFor(input, acknowledgeAction);
  if (assigning && can(person.role, 'assign_letter')) prepared.officers = groupPeople(await listGroupPeople(tx, env.officeId));
  return prepared;
}

import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { getAccessRequestView, listAccessRegister, listAccessRequestsOf, listGrantedForAdmin, listInfoSystems, type AccessRequestView, type InfoSystem } from '../../db/repos/access-requests.ts';
import { CAROUSEL_MAX } from '../../kit/card.ts';
import { actingStandsOf } from '../../db/repos/recipients.ts';
import type { AccessLevel } from '../../domain/access.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { Person } from '../../domain/people.ts';
import { can } from '../../domain/permissions.ts';
import type { ActingStand } from '../../kit/requests.ts';
import { ACCESS_COMMAND, decideAction, endAction, grantAction, MINE_COMMAND, REGISTER_COMMAND, withdrawAction } from './actions.ts';

/** The conversation's data: the form as far as it went, or the request whose reason is being typed. */
export interface AccessData {
  s?: number | undefined;
  sn?: string | undefined;
  l?: AccessLevel | undefined;
  r?: string | undefined;
  /** A decision or a refusal waiting for its reason: the request, its version, which. */
  a?: number | undefined;
  v?: number | undefined;
  w?: 'decline' | 'refuse' | undefined;
}

export interface AccessPrepared {
  /** The office's active systems (the picker). */
  systems?: InfoSystem[];
  /** The request a button or a typed reason is about (null: not in this office). */
  request?: AccessRequestView | null;
  stands?: ActingStand[];
  /** Access in force: to the systems this person administers; every system's for the group director. */
  granted?: AccessRequestView[];
  /** The person's own requests, newest first, and how many in all. */
  mine?: { items: AccessRequestView[]; total: number };
  /** Every request of the office (the admin's register). */
  register?: AccessRequestView[];
}

const REQUEST_BUTTONS = [decideAction, grantAction, endAction, withdrawAction];
export { ACCESS_COMMAND, MINE_COMMAND, REGISTER_COMMAND };
export const GRANTED_COMMAND = 'สิทธิ์ใช้ระบบ';

export async function prepareAccess(tx: Executor, input: FlowInput, state: FlowState<AccessData> | null, person: Person | null, env: FlowEnv): Promise<AccessPrepared> {
  if (!person) return {};
  const officeId = env.officeId;
  const button = REQUEST_BUTTONS.map((b) => postbackFor(input, b)).find((b) => b !== undefined);
  const requestId = button ? (button.payload as { a: number }).a : state?.data.a;
  if (requestId !== undefined) {
    return { request: await getAccessRequestView(tx, officeId, requestId), stands: await actingStandsOf(tx, officeId, person.id, bangkokDateKey(env.now)) };
  }
  if (input.kind === 'text' && input.text.trim() === REGISTER_COMMAND) return { register: await listAccessRegister(tx, officeId) };
  if (input.kind === 'text' && input.text.trim() === MINE_COMMAND) return { mine: await listAccessRequestsOf(tx, officeId, person.id, CAROUSEL_MAX) };
  if (input.kind === 'text' && input.text.trim() === GRANTED_COMMAND) return { granted: await listGrantedForAdmin(tx, officeId, can(person.role, 'approve_system_access') ? null : person.id, 10) };
  return { systems: await listInfoSystems(tx, officeId, { activeOnly: true }) };
}

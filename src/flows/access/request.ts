import type { AccessRequestView } from '../../db/repos/access-requests.ts';
import { can } from '../../domain/permissions.ts';
import { checkRequestEvent, decidingCapacity, nextRequestState, type RequestActor, type RequestCheck, type RequestFacts, type RequestRules, type RequestState } from '../../kit/requests.ts';

/**
 * An access request is a request someone decides (src/kit/requests.ts): the requester submits; the group director
 * (or whoever stands in for one today) approves or declines; then the system's administrator, as the office's list
 * names them, fulfils it (ให้สิทธิ์แล้ว) or cannot (the request ends cancelled, with the reason). A granted access is
 * ended later by the administrator or a decider. The flow asks these with the row as read; the executor again locked.
 */

/** Deciding needs no permission of its own: the decider rule (the group director's role, or standing in for one) says who. */
export const ACCESS_RULES: RequestRules = { permissions: { submit: 'request_system_access' } };

export const DECIDER_ROLES = ['group_director'] as const;

export type AccessRow = Pick<AccessRequestView, 'state' | 'requesterId' | 'systemAdminId' | 'endedAt'>;

export function accessRequest(row: AccessRow): RequestFacts {
  return { state: row.state, requesterId: row.requesterId, decider: { kind: 'roles', roles: DECIDER_ROLES } };
}

export type AccessEvent = 'approve' | 'decline' | 'grant' | 'refuse' | 'end' | 'withdraw';

/** Where a request may still be withdrawn: waiting for the group director's decision, or approved and waiting for the grant. */
export const WITHDRAWABLE: readonly RequestState[] = ['submitted', 'approved'];

/**
 * Whether `actor` may make `event` happen now. Decisions are the kit's; granting and refusing are the fulfil step,
 * for the system's administrator only; ending a granted access is for its administrator or a decider. Withdrawing is
 * the kit's cancel by the requester, while the request waits for a decision or for the grant (once granted, the
 * access is ended instead); whoever was waiting to act on it is told (src/flows/access/execute.ts).
 */
export function checkAccessEvent(row: AccessRow, event: AccessEvent, actor: RequestActor): RequestCheck {
  if (event === 'approve' || event === 'decline') return checkRequestEvent(accessRequest(row), event, actor, ACCESS_RULES);
  if (event === 'withdraw') {
    if (actor.id !== row.requesterId) return { ok: false, reason: 'not_requester' };
    if (!WITHDRAWABLE.includes(row.state)) return { ok: false, reason: 'illegal', from: row.state, decided: false };
    return checkRequestEvent(accessRequest(row), 'cancel', actor, ACCESS_RULES);
  }
  if (event === 'grant' || event === 'refuse') {
    if (row.systemAdminId === null || row.systemAdminId !== actor.id) return { ok: false, reason: 'not_decider' };
    const to = nextRequestState(row.state, event === 'grant' ? 'fulfil' : 'cancel');
    return to ? { ok: true, to, capacity: null } : { ok: false, reason: 'illegal', from: row.state, decided: false };
  }
  const isAdmin = row.systemAdminId !== null && row.systemAdminId === actor.id;
  const capacity = isAdmin ? null : decidingCapacity(accessRequest(row).decider, actor);
  if (!isAdmin && !(capacity && (can(actor.role, 'approve_system_access') || capacity.as !== 'self'))) return { ok: false, reason: 'not_decider' };
  if (row.state !== 'fulfilled' || row.endedAt !== null) return { ok: false, reason: 'illegal', from: row.state, decided: false };
  return { ok: true, to: 'fulfilled', capacity };
}

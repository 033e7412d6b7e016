import type { ActingKind } from '../domain/acting.ts';
import { can, type Action } from '../domain/permissions.ts';
import type { Role } from '../domain/roles.ts';

/**
 * "A request that someone decides", the one state machine of every capability that asks for a decision
 * (a letter proposed to the director, an equipment loan, a room booking, an access request). Pure: the
 * flow asks it with the row as read in the event's transaction, and the executor (src/kit/execute.ts)
 * asks it again with the row locked, so a button drawn before a change can never make a second one.
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──fulfil──▶ fulfilled
 *                       │   ▲   ──decline──▶ declined
 *                       │   └──submit (resubmitted after correction)──┐
 *                       └──return──▶ returned ────────────────────────┘
 *   cancel: from draft, submitted, returned or approved   expire: from submitted, returned or approved
 *
 * Who may do what: the requester submits (and resubmits); the decider approves, declines or returns;
 * the requester or the decider cancels; whoever holds the capability's fulfil permission fulfils; only
 * the system (a sweep) expires. Each event may also need a permission of the table in
 * src/domain/permissions.ts, declared once per capability in its `RequestRules`.
 */

export const REQUEST_STATES = ['draft', 'submitted', 'approved', 'declined', 'returned', 'fulfilled', 'cancelled', 'expired'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_EVENTS = ['submit', 'approve', 'decline', 'return', 'fulfil', 'cancel', 'expire'] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

/** The states an event may leave from, and where it goes. A state missing here is final for that event. */
const TRANSITIONS: Record<RequestEvent, { from: readonly RequestState[]; to: RequestState }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  decline: { from: ['submitted'], to: 'declined' },
  return: { from: ['submitted'], to: 'returned' },
  fulfil: { from: ['approved'], to: 'fulfilled' },
  cancel: { from: ['draft', 'submitted', 'returned', 'approved'], to: 'cancelled' },
  expire: { from: ['submitted', 'returned', 'approved'], to: 'expired' },
};

/** Who an event belongs to. */
const PARTIES: Record<RequestEvent, 'requester' | 'decider' | 'requester_or_decider' | 'fulfiller' | 'system'> = {
  submit: 'requester',
  approve: 'decider',
  decline: 'decider',
  return: 'decider',
  fulfil: 'fulfiller',
  cancel: 'requester_or_decider',
  expire: 'system',
};

/** Decisions: the events a decider makes, answered with "decided already" once the request has moved on. */
export const DECISION_EVENTS: readonly RequestEvent[] = ['approve', 'decline', 'return'];

/** States a decision leads to: a request in one of them has been decided. */
export const DECIDED_STATES: readonly RequestState[] = ['approved', 'declined', 'returned'];

export const FINAL_STATES: readonly RequestState[] = REQUEST_STATES.filter((s) => REQUEST_EVENTS.every((e) => !TRANSITIONS[e].from.includes(s)));

/** Where an event leads from a state, or null when it may not happen there. */
export function nextRequestState(from: RequestState, event: RequestEvent): RequestState | null {
  const t = TRANSITIONS[event];
  return t.from.includes(from) ? t.to : null;
}

/**
 * Who decides a request:
 * - `person`: the one person it was put to (a letter proposed to the area director), or whoever acts for
 *   them today or has been delegated their decisions;
 * - `roles`: anyone holding one of the roles (a loan any approver of the office may decide), or whoever
 *   acts for a holder of one of them.
 */
export type DeciderRule = { kind: 'person'; personId: number } | { kind: 'roles'; roles: readonly Role[] };

/**
 * Someone standing in for another today: ปฏิบัติราชการแทน (`on_behalf`) or รักษาราชการแทน (`acting`), from the
 * office's acting assignments. `principalRole` lets a role-decided request accept the stand-in of a holder.
 */
export interface ActingStand {
  principalId: number;
  kind: ActingKind;
  principalRole?: Role | undefined;
}

/** A person given another's decisions of this kind of request (มอบอำนาจ), in force today. */
export interface Delegation {
  principalId: number;
  principalRole?: Role | undefined;
}

export interface RequestActor {
  id: number;
  role: Role;
  /** Whom the actor stands in for today. */
  actingFor?: readonly ActingStand[] | undefined;
  /** Whose decisions of this kind were delegated to the actor, in force today. */
  delegatedBy?: readonly Delegation[] | undefined;
}

/** The part of a request the machine needs; a capability maps its row onto it. */
export interface RequestFacts {
  state: RequestState;
  requesterId: number;
  decider: DeciderRule;
}

/** A capability's rules: the permission each event needs (none: the party rules alone). */
export interface RequestRules {
  permissions: Partial<Record<RequestEvent, Action>>;
  /** Whether the requester may decide their own request (never, unless a capability says so). */
  requesterMayDecide?: boolean;
}

/** In what capacity someone decides: in person, standing in (and how), or by delegation; and for whom. */
export type DecidingCapacity =
  | { as: 'self' }
  | { as: 'acting'; kind: ActingKind; principalId: number }
  | { as: 'delegate'; principalId: number };

/**
 * Whether this actor decides requests of this rule, and how: in person first (a director deciding what
 * was put to them decides as themselves even when they also stand in for someone), then standing in,
 * then by delegation.
 */
export function decidingCapacity(decider: DeciderRule, actor: RequestActor): DecidingCapacity | null {
  const stands = actor.actingFor ?? [];
  const delegations = actor.delegatedBy ?? [];
  if (decider.kind === 'person') {
    if (actor.id === decider.personId) return { as: 'self' };
    const stand = stands.find((s) => s.principalId === decider.personId);
    if (stand) return { as: 'acting', kind: stand.kind, principalId: stand.principalId };
    const given = delegations.find((d) => d.principalId === decider.personId);
    return given ? { as: 'delegate', principalId: given.principalId } : null;
  }
  if (decider.roles.includes(actor.role)) return { as: 'self' };
  const stand = stands.find((s) => s.principalRole !== undefined && decider.roles.includes(s.principalRole));
  if (stand) return { as: 'acting', kind: stand.kind, principalId: stand.principalId };
  const given = delegations.find((d) => d.principalRole !== undefined && decider.roles.includes(d.principalRole));
  return given ? { as: 'delegate', principalId: given.principalId } : null;
}

export type RequestRefusal =
  /** The actor's role lacks the permission the event needs. */
  | { ok: false; reason: 'not_allowed'; action: Action }
  /** The request is not in a state the event leaves from (`decided`: a decision came first). */
  | { ok: false; reason: 'illegal'; from: RequestState; decided: boolean }
  /** Not the requester's own request. */
  | { ok: false; reason: 'not_requester' }
  /** Neither the decider nor standing in for them nor delegated. */
  | { ok: false; reason: 'not_decider' }
  /** The requester may not decide their own request. */
  | { ok: false; reason: 'own_request' }
  /** Only the system (a sweep) may do this. */
  | { ok: false; reason: 'system_only' }
  /** Only a person may do this (the system only expires). */
  | { ok: false; reason: 'person_only' };

export type RequestCheck = { ok: true; to: RequestState; capacity: DecidingCapacity | null } | RequestRefusal;

/**
 * Whether `actor` may make `event` happen to the request now, and where it leads. `actor` null is the
 * system (sweeps: expiry). Checked in this order: the permission; for the requester's own events who is
 * asking before the state (someone else's request tells them nothing of where it is); for decisions the
 * state before the capacity (a director who taps after a colleague decided is told it was decided).
 */
export function checkRequestEvent(request: RequestFacts, event: RequestEvent, actor: RequestActor | null, rules: RequestRules): RequestCheck {
  const party = PARTIES[event];
  if (party === 'system') {
    if (actor !== null) return { ok: false, reason: 'system_only' };
    const to = nextRequestState(request.state, event);
    return to ? { ok: true, to, capacity: null } : illegal(request.state, event);
  }
  if (actor === null) return { ok: false, reason: 'person_only' };
  const action = rules.permissions[event];
  if (action !== undefined && !can(actor.role, action)) return { ok: false, reason: 'not_allowed', action };

  const isRequester = actor.id === request.requesterId;
  if (party === 'requester' && !isRequester) return { ok: false, reason: 'not_requester' };

  const to = nextRequestState(request.state, event);
  if (!to) return illegal(request.state, event);

  switch (party) {
    case 'requester':
    case 'fulfiller':
      return { ok: true, to, capacity: null };
    case 'decider': {
      if (isRequester && !rules.requesterMayDecide) return { ok: false, reason: 'own_request' };
      const capacity = decidingCapacity(request.decider, actor);
      return capacity ? { ok: true, to, capacity } : { ok: false, reason: 'not_decider' };
    }
    case 'requester_or_decider': {
      if (isRequester) return { ok: true, to, capacity: null };
      const capacity = decidingCapacity(request.decider, actor);
      return capacity ? { ok: true, to, capacity } : { ok: false, reason: 'not_decider' };
    }
  }
}

function illegal(from: RequestState, event: RequestEvent): RequestRefusal {
  return { ok: false, reason: 'illegal', from, decided: DECISION_EVENTS.includes(event) && DECIDED_STATES.includes(from) };
}

/** The acting kind a capacity records (null: in person or by delegation, which the record names otherwise). */
export function actingKindOf(capacity: DecidingCapacity | null): ActingKind | null {
  return capacity?.as === 'acting' ? capacity.kind : null;
}

import { describe, expect, it } from '@jest/globals';
import type { Role } from '../../src/domain/roles.ts';
import {
  checkRequestEvent,
  decidingCapacity,
  FINAL_STATES,
  nextRequestState,
  REQUEST_EVENTS,
  REQUEST_STATES,
  type RequestActor,
  type RequestFacts,
  type RequestRules,
} from '../../src/kit/requests.ts';

/** A capability where anyone registered asks, a director decides, a technician hands out. */
const RULES: RequestRules = { permissions: { submit: 'borrow_equipment', approve: 'decide_letter', decline: 'decide_letter', return: 'decide_letter', fulfil: 'lend_equipment' } };

const actor = (id: number, role: Role, more: Partial<RequestActor> = {}): RequestActor => ({ id, role, ...more });
const teacher = actor(1, 'teacher');
const otherTeacher = actor(2, 'teacher');
const director = actor(10, 'area_director');
const deputy = actor(11, 'deputy_director');

const toDirector = (state: RequestFacts['state'], requesterId = 1): RequestFacts => ({ state, requesterId, decider: { kind: 'person', personId: 10 } });
/** Letters' rules: the assignee (a technician) proposes, the director it was put to decides. */
const LETTER_RULES: RequestRules = { permissions: { submit: 'handle_letter', approve: 'decide_letter', decline: 'decide_letter', return: 'decide_letter' } };
const technician = actor(3, 'technician');
const letterTo = (state: RequestFacts['state']): RequestFacts => ({ state, requesterId: 3, decider: { kind: 'person', personId: 10 } });

describe('the request state machine', () => {
  it('goes submitted → approved → fulfilled, and back to submitted after a correction', () => {
    expect(nextRequestState('draft', 'submit')).toBe('submitted');
    expect(nextRequestState('submitted', 'approve')).toBe('approved');
    expect(nextRequestState('approved', 'fulfil')).toBe('fulfilled');
    expect(nextRequestState('submitted', 'decline')).toBe('declined');
    expect(nextRequestState('submitted', 'return')).toBe('returned');
    expect(nextRequestState('returned', 'submit')).toBe('submitted');
    expect(nextRequestState('approved', 'cancel')).toBe('cancelled');
    expect(nextRequestState('approved', 'expire')).toBe('expired');
  });

  it('refuses illegal transitions: no decision twice, nothing after a final state, no fulfilling what was not approved', () => {
    expect(nextRequestState('approved', 'approve')).toBeNull();
    expect(nextRequestState('declined', 'approve')).toBeNull();
    expect(nextRequestState('returned', 'approve')).toBeNull();
    expect(nextRequestState('submitted', 'fulfil')).toBeNull();
    expect(nextRequestState('draft', 'approve')).toBeNull();
    expect(nextRequestState('draft', 'expire')).toBeNull();
    expect(nextRequestState('submitted', 'submit')).toBeNull();
    expect(FINAL_STATES).toEqual(['declined', 'fulfilled', 'cancelled', 'expired']);
    for (const state of FINAL_STATES) {
      for (const event of REQUEST_EVENTS) expect(nextRequestState(state, event)).toBeNull();
    }
    // Every state the machine names is reachable from a draft.
    const seen = new Set<string>(['draft']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const from of [...seen]) {
        for (const event of REQUEST_EVENTS) {
          const to = nextRequestState(from as RequestFacts['state'], event);
          if (to && !seen.has(to)) seen.add(to), (grew = true);
        }
      }
    }
    expect([...seen].sort()).toEqual([...REQUEST_STATES].sort());
  });

  it('an illegal decision says whether a decision came first', () => {
    expect(checkRequestEvent(toDirector('approved'), 'approve', director, RULES)).toEqual({ ok: false, reason: 'illegal', from: 'approved', decided: true });
    expect(checkRequestEvent(toDirector('returned'), 'decline', director, RULES)).toEqual({ ok: false, reason: 'illegal', from: 'returned', decided: true });
    expect(checkRequestEvent(toDirector('cancelled'), 'approve', director, RULES)).toEqual({ ok: false, reason: 'illegal', from: 'cancelled', decided: false });
    expect(checkRequestEvent(toDirector('draft'), 'approve', director, RULES)).toEqual({ ok: false, reason: 'illegal', from: 'draft', decided: false });
  });
});

describe('who may decide', () => {
  it('the person the request was put to decides in person', () => {
    expect(checkRequestEvent(toDirector('submitted'), 'approve', director, RULES)).toEqual({ ok: true, to: 'approved', capacity: { as: 'self' } });
    expect(checkRequestEvent(toDirector('submitted'), 'return', director, RULES)).toEqual({ ok: true, to: 'returned', capacity: { as: 'self' } });
  });

  it('another holder of the same role does not, unless standing in for that person today', () => {
    expect(checkRequestEvent(toDirector('submitted'), 'approve', deputy, RULES)).toEqual({ ok: false, reason: 'not_decider' });
    const onBehalf = actor(11, 'deputy_director', { actingFor: [{ principalId: 10, kind: 'on_behalf' }] });
    expect(checkRequestEvent(toDirector('submitted'), 'approve', onBehalf, RULES)).toEqual({ ok: true, to: 'approved', capacity: { as: 'acting', kind: 'on_behalf', principalId: 10 } });
    const acting = actor(11, 'deputy_director', { actingFor: [{ principalId: 10, kind: 'acting' }] });
    expect(checkRequestEvent(toDirector('submitted'), 'decline', acting, RULES)).toEqual({ ok: true, to: 'declined', capacity: { as: 'acting', kind: 'acting', principalId: 10 } });
    const forSomeoneElse = actor(11, 'deputy_director', { actingFor: [{ principalId: 99, kind: 'acting' }] });
    expect(checkRequestEvent(toDirector('submitted'), 'approve', forSomeoneElse, RULES)).toEqual({ ok: false, reason: 'not_decider' });
  });

  it('a delegate decides for the person who delegated, standing in counting before delegation', () => {
    const delegate = actor(12, 'deputy_director', { delegatedBy: [{ principalId: 10 }] });
    expect(checkRequestEvent(toDirector('submitted'), 'approve', delegate, RULES)).toEqual({ ok: true, to: 'approved', capacity: { as: 'delegate', principalId: 10 } });
    const both = actor(12, 'deputy_director', { delegatedBy: [{ principalId: 10 }], actingFor: [{ principalId: 10, kind: 'acting' }] });
    expect(decidingCapacity({ kind: 'person', personId: 10 }, both)).toEqual({ as: 'acting', kind: 'acting', principalId: 10 });
    // The principal, standing in for someone else too, still decides what was put to them in person.
    const principal = actor(10, 'area_director', { actingFor: [{ principalId: 10, kind: 'acting' }] });
    expect(decidingCapacity({ kind: 'person', personId: 10 }, principal)).toEqual({ as: 'self' });
  });

  it('a request decided by a role: any holder, a stand-in for a holder, a delegate of a holder', () => {
    const byRole: RequestFacts = { state: 'submitted', requesterId: 1, decider: { kind: 'roles', roles: ['group_director'] } };
    const groupDirector = actor(20, 'group_director');
    const rules: RequestRules = { permissions: {} };
    expect(checkRequestEvent(byRole, 'approve', groupDirector, rules)).toEqual({ ok: true, to: 'approved', capacity: { as: 'self' } });
    expect(checkRequestEvent(byRole, 'approve', actor(21, 'technician'), rules)).toEqual({ ok: false, reason: 'not_decider' });
    const standIn = actor(21, 'technician', { actingFor: [{ principalId: 20, kind: 'acting', principalRole: 'group_director' }] });
    expect(checkRequestEvent(byRole, 'approve', standIn, rules)).toEqual({ ok: true, to: 'approved', capacity: { as: 'acting', kind: 'acting', principalId: 20 } });
    const delegate = actor(22, 'technician', { delegatedBy: [{ principalId: 20, principalRole: 'group_director' }] });
    expect(checkRequestEvent(byRole, 'decline', delegate, rules)).toEqual({ ok: true, to: 'declined', capacity: { as: 'delegate', principalId: 20 } });
    // A stand-in whose principal's role is not known is not enough for a role rule.
    expect(checkRequestEvent(byRole, 'approve', actor(23, 'technician', { actingFor: [{ principalId: 20, kind: 'acting' }] }), rules)).toEqual({
      ok: false,
      reason: 'not_decider',
    });
  });

  it('the requester never decides their own request unless the capability allows it', () => {
    const own: RequestFacts = { state: 'submitted', requesterId: 20, decider: { kind: 'roles', roles: ['group_director'] } };
    const groupDirector = actor(20, 'group_director');
    expect(checkRequestEvent(own, 'approve', groupDirector, { permissions: {} })).toEqual({ ok: false, reason: 'own_request' });
    expect(checkRequestEvent(own, 'approve', groupDirector, { permissions: {}, requesterMayDecide: true })).toMatchObject({ ok: true, to: 'approved' });
  });

  it('the permission table comes first: a role without the permission is refused with the action it lacks', () => {
    const standingTeacher = actor(2, 'teacher', { actingFor: [{ principalId: 10, kind: 'acting' }] });
    expect(checkRequestEvent(toDirector('submitted'), 'approve', standingTeacher, RULES)).toEqual({ ok: false, reason: 'not_allowed', action: 'decide_letter' });
    expect(checkRequestEvent(letterTo('draft'), 'submit', actor(10, 'area_director'), LETTER_RULES)).toEqual({
      ok: false,
      reason: 'not_allowed',
      action: 'handle_letter',
    });
  });
});

describe('the requester’s own events', () => {
  it('only the requester submits and resubmits; a stranger learns nothing of the request’s state', () => {
    expect(checkRequestEvent(letterTo('draft'), 'submit', technician, LETTER_RULES)).toEqual({ ok: true, to: 'submitted', capacity: null });
    expect(checkRequestEvent(letterTo('returned'), 'submit', technician, LETTER_RULES)).toEqual({ ok: true, to: 'submitted', capacity: null });
    expect(checkRequestEvent(letterTo('submitted'), 'submit', technician, LETTER_RULES)).toEqual({ ok: false, reason: 'illegal', from: 'submitted', decided: false });
    expect(checkRequestEvent(letterTo('submitted'), 'submit', actor(4, 'technician'), LETTER_RULES)).toEqual({ ok: false, reason: 'not_requester' });
  });

  it('the requester or the decider cancels; nobody else', () => {
    expect(checkRequestEvent(toDirector('submitted'), 'cancel', teacher, RULES)).toEqual({ ok: true, to: 'cancelled', capacity: null });
    expect(checkRequestEvent(toDirector('approved'), 'cancel', director, RULES)).toEqual({ ok: true, to: 'cancelled', capacity: { as: 'self' } });
    expect(checkRequestEvent(toDirector('submitted'), 'cancel', otherTeacher, RULES)).toEqual({ ok: false, reason: 'not_decider' });
    expect(checkRequestEvent(toDirector('fulfilled'), 'cancel', teacher, RULES)).toEqual({ ok: false, reason: 'illegal', from: 'fulfilled', decided: false });
  });

  it('whoever holds the fulfil permission fulfils an approved request', () => {
    expect(checkRequestEvent(toDirector('approved'), 'fulfil', actor(30, 'technician'), RULES)).toEqual({ ok: true, to: 'fulfilled', capacity: null });
    expect(checkRequestEvent(toDirector('approved'), 'fulfil', teacher, RULES)).toEqual({ ok: false, reason: 'not_allowed', action: 'lend_equipment' });
    expect(checkRequestEvent(toDirector('submitted'), 'fulfil', actor(30, 'technician'), RULES)).toMatchObject({ ok: false, reason: 'illegal' });
  });

  it('only the system expires, and only a request still open', () => {
    expect(checkRequestEvent(toDirector('submitted'), 'expire', null, RULES)).toEqual({ ok: true, to: 'expired', capacity: null });
    expect(checkRequestEvent(toDirector('submitted'), 'expire', director, RULES)).toEqual({ ok: false, reason: 'system_only' });
    expect(checkRequestEvent(toDirector('declined'), 'expire', null, RULES)).toMatchObject({ ok: false, reason: 'illegal' });
    expect(checkRequestEvent(toDirector('submitted'), 'approve', null, RULES)).toEqual({ ok: false, reason: 'person_only' });
  });
});

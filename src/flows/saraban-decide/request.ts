import type { ActingKind } from '../../domain/acting.ts';
import type { Person } from '../../domain/people.ts';
import type { Decision } from '../../domain/saraban/letter.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { actingKindOf, checkRequestEvent, type ActingStand, type RequestActor, type RequestCheck, type RequestEvent, type RequestFacts, type RequestRules } from '../../kit/requests.ts';

/**
 * A letter proposed to a director is a request someone decides (src/kit/requests.ts): the officer it
 * was assigned to is the requester, the director it was proposed to (or whoever acts for them today)
 * the decider. These map the letter onto the machine and its answers back onto what the flow tells people.
 * The flow asks them with the letter as locked by `prepare`, the executor once more when it changes it.
 */

export const LETTER_REQUEST_RULES: RequestRules = {
  permissions: { submit: 'handle_letter', approve: 'decide_letter', decline: 'decide_letter', return: 'decide_letter' },
};

/**
 * Where a letter stands as a request: acknowledged by its officer it may be proposed (a draft), proposed
 * it waits for a decision, and so on. Null before the officer acknowledged it, and for sent letters:
 * nothing to propose or decide yet.
 */
export function letterRequest(letter: Letter): RequestFacts | null {
  const base = {
    requesterId: letter.assigneeId ?? -1,
    // Before a proposal nobody decides it; once proposed, the director it was put to.
    decider: letter.proposedToId !== null ? ({ kind: 'person', personId: letter.proposedToId } as const) : ({ kind: 'roles', roles: [] } as const),
  };
  switch (letter.status) {
    case 'acknowledged':
      return { ...base, state: 'draft' };
    case 'proposed':
      return { ...base, state: 'submitted' };
    case 'returned':
      return { ...base, state: 'returned' };
    case 'decided':
      return { ...base, state: letter.decision === 'rejected' ? 'declined' : 'approved' };
    case 'cancelled':
      return { ...base, state: 'cancelled' };
    case 'registered':
    case 'assigned':
    case 'sent':
      return null;
  }
}

/** The machine's event for a director's decision: ไม่อนุมัติ declines, ส่งคืนแก้ไข returns, the rest approve. */
export function decisionEvent(decision: Decision): RequestEvent {
  if (decision === 'rejected') return 'decline';
  if (decision === 'returned') return 'return';
  return 'approve';
}

/**
 * The machine asked about a letter. One not yet a request (its officer has not acknowledged it) is asked
 * as a draft for who may act, then refused as not in a state to: nothing may happen to it yet.
 */
export function checkLetterEvent(letter: Letter, event: RequestEvent, actor: RequestActor): RequestCheck {
  const facts = letterRequest(letter);
  const check = checkRequestEvent(facts ?? letterRequest({ ...letter, status: 'acknowledged' })!, event, actor, LETTER_REQUEST_RULES);
  if (check.ok && facts === null) return { ok: false, reason: 'illegal', from: 'draft', decided: false };
  return check;
}

export type ProposeCheck = { ok: true } | { ok: false; reason: 'not_allowed' | 'not_assignee' | 'already_proposed' | 'not_now' };

/** Whether this person may propose the letter now: its officer, once acknowledged or returned for correction. */
export function checkPropose(letter: Letter, person: Pick<Person, 'id' | 'role'>): ProposeCheck {
  const check = checkLetterEvent(letter, 'submit', person);
  if (!check.ok) {
    switch (check.reason) {
      case 'not_allowed':
        return { ok: false, reason: 'not_allowed' };
      case 'illegal':
        return { ok: false, reason: check.from === 'submitted' ? 'already_proposed' : 'not_now' };
      default:
        return { ok: false, reason: 'not_assignee' };
    }
  }
  return { ok: true };
}

export type DecideCheck =
  | { ok: true; acting: ActingKind | null }
  /** Decided already (by this person or anyone): who decided what and when. */
  | { ok: false; reason: 'decided' }
  /** Proposed, but to someone this person does not act for. */
  | { ok: false; reason: 'not_yours' }
  /** Not proposed (returned, cancelled, not yet proposed …). */
  | { ok: false; reason: 'not_proposed' }
  | { ok: false; reason: 'not_allowed' };

/**
 * Whether this person may decide on the letter now, and in which capacity. `actingFor` is whom the
 * person acts for today. A letter decided (or returned) since the button was drawn answers `decided`,
 * whoever taps: the tapper is told who decided what and when.
 */
export function checkDecide(letter: Letter, person: Pick<Person, 'id' | 'role'>, actingFor: readonly ActingStand[]): DecideCheck {
  // Every decision has the same parties and states; `approve` stands for them all.
  const check = checkLetterEvent(letter, 'approve', { ...person, actingFor });
  if (check.ok) return { ok: true, acting: actingKindOf(check.capacity) };
  switch (check.reason) {
    case 'not_allowed':
      return { ok: false, reason: 'not_allowed' };
    case 'illegal':
      return { ok: false, reason: check.decided && letter.decision !== null && letter.decidedAt !== null ? 'decided' : 'not_proposed' };
    default:
      return { ok: false, reason: 'not_yours' };
  }
}

import { listWaitingAccessRequests, type AccessRequestView } from '../../db/repos/access-requests.ts';
import { actingStandsOf } from '../../db/repos/recipients.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { PendingDecisionSource } from '../../kit/pending-decisions.ts';
import { accessCards } from './cards.ts';
import { accessTexts as T } from './messages.ts';
import { checkAccessEvent } from './request.ts';

const LOOK_LIMIT = 200;
const SHOWN = 10;

/** "รายการรออนุมัติ": the access requests this person may decide now (the group director, or whoever stands in). */
export const accessToApprove: PendingDecisionSource<AccessRequestView> = {
  key: 'access-to-approve',
  action: 'approve_system_access',
  alsoFor: ['decide_letter', 'assign_letter'],
  async load(tx, person, env) {
    const stands = await actingStandsOf(tx, env.officeId, person.id, bangkokDateKey(env.now));
    const actor = { id: person.id, role: person.role, actingFor: stands };
    const mine = (await listWaitingAccessRequests(tx, env.officeId, 'submitted', LOOK_LIMIT)).filter((r) => checkAccessEvent(r, 'approve', actor).ok);
    return { items: mine.slice(0, SHOWN), total: mine.length };
  },
  render(list) {
    const line = T.pendingIntro(list.total);
    if (list.items.length === 0) return { line, cards: null };
    return { line, cards: accessCards(list.items.map((r) => ({ r, viewer: { decide: true } })), line) };
  },
};

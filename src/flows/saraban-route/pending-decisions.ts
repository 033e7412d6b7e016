import { countReceivedInStatus, listReceivedInStatus } from '../../db/repos/letter-routing.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import type { PendingDecisionSource } from '../../kit/pending-decisions.ts';
import { letterCarousel } from './cards.ts';
import { routeTexts as T } from './messages.ts';
import { LIST_LIMIT } from './prepare.ts';

/** "รายการรออนุมัติ": the received letters waiting for the group director to choose who handles them. */
export const lettersToAssign: PendingDecisionSource<Letter> = {
  key: 'letters-to-assign',
  action: 'assign_letter',
  async load(tx, _person, env) {
    const [items, total] = [await listReceivedInStatus(tx, env.officeId, ['registered'], LIST_LIMIT), await countReceivedInStatus(tx, env.officeId, ['registered'])];
    return { items, total };
  },
  render(list, person) {
    const line = T.pendingIntro(list.items.length, list.total);
    return { line, cards: list.items.length > 0 ? letterCarousel(list.items, person, line) : null };
  },
};

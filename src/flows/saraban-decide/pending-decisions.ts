import { bangkokDateKey } from '../../domain/office-time.ts';
import type { PendingDecisionSource } from '../../kit/pending-decisions.ts';
import { decisionCarousel } from './cards.ts';
import { decideTexts as T } from './messages.ts';
import { loadPendingDecisions, type PendingItem } from './prepare.ts';

/** Counted up to this many; the carousel shows the oldest ten. */
const COUNT_LIMIT = 100;

/** "รายการรออนุมัติ": the letters waiting for this director's decision today, with the decision card's buttons. */
export const lettersToDecide: PendingDecisionSource<PendingItem> = {
  key: 'letters-to-decide',
  action: 'decide_letter',
  async load(tx, person, env) {
    const { pending } = await loadPendingDecisions(tx, env.officeId, person, bangkokDateKey(env.now), COUNT_LIMIT);
    return { items: pending, total: pending.length };
  },
  render(list) {
    const line = T.pendingIntro(list.total);
    if (list.items.length === 0) return { line, cards: null };
    return { line, cards: decisionCarousel(list.items.map((item) => ({ letter: item.letter, options: { acting: item.acting } })), line) };
  },
};

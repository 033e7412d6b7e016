import type { Executor } from '../../db/database.ts';
import { listReachableWithRole, markNoticesDelivered, recordNotice } from '../../db/repos/letter-routing.ts';
import { alertsAtOnce } from '../../domain/saraban/letter.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import { URGENCY_LABELS } from '../../domain/saraban/letter.ts';
import { pushOnce } from '../../line/push-once.ts';

export const NEW_LETTER_NOTICE = 'new_letter';

/**
 * Tells the office's group directors of a newly received letter: a notice row for each (so the digest,
 * or their list, delivers it once), and a push at once for ด่วนมาก / ด่วนที่สุด. Called in the clerk's
 * registering transaction; safe to call again (notices and pushes are keyed by letter and person).
 */
export async function announceNewLetter(tx: Executor, letter: Letter, env: { now: Date }): Promise<void> {
  if (letter.register !== 'receive' || letter.status !== 'registered') return;
  const directors = await listReachableWithRole(tx, letter.officeId, 'group_director');
  for (const director of directors) {
    await recordNotice(tx, { letterId: letter.id, personId: director.id, officeId: letter.officeId, kind: NEW_LETTER_NOTICE }, env.now);
    if (!alertsAtOnce(letter.urgency)) continue;
    const text = `หนังสือใหม่ (${URGENCY_LABELS[letter.urgency]}): ${letterHeadline(letter)}`;
    await pushOnce(tx, { ...director, officeId: letter.officeId }, [{ type: 'text', text }], `saraban:new:${letter.id}:${director.id}`);
    await markNoticesDelivered(tx, director.id, [letter.id], NEW_LETTER_NOTICE, 'push', env.now);
  }
}

import type { Executor } from '../../db/database.ts';
import { getVcSession, listVcInvitations } from '../../db/repos/vc-sessions.ts';
import { bangkokClock } from '../../domain/office-time.ts';
import { tallyOf, VC_PLATFORM_LABELS, type VcAnswer, type VcTally } from '../../domain/vc/session.ts';
import { audienceText } from './cards.ts';
import { vcTexts as T, whenText } from './messages.ts';

/**
 * A session's replies as its page shows them (GET /liff/api/vc-sessions/:id/replies): the counts, the counts per
 * district, and every invited school with its answer, who it sends and whether it attended — read at each look, so
 * the page is live. For the officers (plan_vc_session) of the session's own office; the caller checks the role.
 */
export interface VcRepliesView {
  id: number;
  title: string;
  when: string;
  platform: string;
  audience: string;
  state: string;
  counts: Pick<VcTally, 'invited' | 'reached' | 'joined' | 'declined' | 'unanswered' | 'attended'>;
  byDistrict: VcTally['byDistrict'];
  schools: Array<{ name: string; district: string; answer: VcAnswer | null; delegate: string | null; attended: boolean; reached: boolean }>;
  /** "14:05": when the figures were read (Bangkok). */
  asOf: string;
}

export async function vcRepliesView(ex: Executor, officeId: string, sessionId: number, now: Date): Promise<VcRepliesView | null> {
  const session = await getVcSession(ex, officeId, sessionId);
  if (!session) return null;
  const invitations = await listVcInvitations(ex, officeId, session.id);
  const { byDistrict, invited, reached, joined, declined, unanswered, attended } = tallyOf(invitations);
  const order = new Map(byDistrict.map((d, i) => [d.district, i]));
  return {
    id: session.id,
    title: session.title,
    when: whenText(session.startsAt, session.endsAt),
    platform: VC_PLATFORM_LABELS[session.platform],
    audience: audienceText(session.audience),
    state: T.stateLabels[session.state],
    counts: { invited, reached, joined, declined, unanswered, attended },
    byDistrict,
    // The schools in the districts' order (Thai), so the list reads like the table above it.
    schools: [...invitations].sort((a, b) => order.get(a.district)! - order.get(b.district)!).map((i) => ({ name: i.schoolName, district: i.district, answer: i.answer, delegate: i.delegate, attended: i.attended, reached: i.personId !== null })),
    asOf: bangkokClock(now),
  };
}

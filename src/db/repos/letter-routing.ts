import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { letterNotices, people } from '../schema.ts';

/**
 * Routing queries of the saraban registers (src/flows/saraban-route): who hears of a new letter, the
 * notices not yet delivered (digest), and marking them delivered so a letter is announced to a person once.
 */

export interface Reachable {
  id: number;
  fullName: string;
  lineUserId: string;
  channelId: string;
}

/** Active people of the office with this role who can be pushed to (they have a LINE id). */
export async function listReachableWithRole(ex: Executor, officeId: string, role: string): Promise<Reachable[]> {
  const rows = await ex
    .select({ id: people.id, fullName: people.fullName, lineUserId: people.lineUserId, channelId: people.channelId })
    .from(people)
    .where(and(eq(people.officeId, officeId), eq(people.role, role), eq(people.status, 'active')))
    .orderBy(asc(people.fullName), asc(people.id));
  return rows.filter((r): r is typeof r & { lineUserId: string } => r.lineUserId !== null);
}

/** Records that this person is to hear of this letter (once per kind). Returns whether it is new. */
export async function recordNotice(ex: Executor, notice: { letterId: number; personId: number; officeId: string; kind: string }, now: Date): Promise<boolean> {
  const rows = await ex
    .insert(letterNotices)
    .values({ ...notice, createdAt: now })
    .onConflictDoNothing()
    .returning({ letterId: letterNotices.letterId });
  return rows.length > 0;
}

/** Marks notices delivered (only those not delivered yet); returns the letter ids marked now. */
export async function markNoticesDelivered(
  ex: Executor,
  personId: number,
  letterIds: readonly number[],
  kind: string,
  via: 'push' | 'digest' | 'list',
  now: Date,
): Promise<number[]> {
  if (letterIds.length === 0) return [];
  const rows = await ex
    .update(letterNotices)
    .set({ deliveredAt: now, deliveredVia: via })
    .where(and(eq(letterNotices.personId, personId), eq(letterNotices.kind, kind), inArray(letterNotices.letterId, [...letterIds]), isNull(letterNotices.deliveredAt)))
    .returning({ letterId: letterNotices.letterId });
  return rows.map((r) => r.letterId);
}

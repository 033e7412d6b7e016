import { and, asc, desc, eq, inArray, isNull, lte, max, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { inboxEvents, letterNotices, letters } from '../schema.ts';
import { can } from '../../domain/permissions.ts';
import { ROLES } from '../../domain/roles.ts';
import type { LetterStatus } from '../../domain/saraban/letter.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { selectLetters } from './letters.ts';
import { reachableWithRole } from './recipients.ts';
import type { GroupPerson } from '../../domain/people.ts';

export type { GroupPerson } from '../../domain/people.ts';

/**
 * Routing queries of the saraban registers (src/flows/saraban-route): who hears of a new letter, the
 * notices not yet delivered (digest), marking them delivered so a letter is announced to a person once,
 * the group director's and the officer's lists, and the letters the acknowledge clock watches.
 */

/** The group's people: those of the office who can be reached and whose role may handle letters. */
export async function listGroupPeople(ex: Executor, officeId: string): Promise<GroupPerson[]> {
  const roles = ROLES.filter((role) => can(role, 'handle_letter'));
  return (await reachableWithRole(ex, officeId, roles)).map((r) => ({ ...r, status: 'active' }));
}

/** When the bot last finished handling an event of this LINE user (the dispatcher's clock), or null. */
export async function lastHandledEventAt(ex: Executor, channelId: string, lineUserId: string): Promise<Date | null> {
  const [row] = await ex
    .select({ at: max(inboxEvents.handledAt) })
    .from(inboxEvents)
    .where(and(eq(inboxEvents.channelId, channelId), eq(inboxEvents.chatKey, lineUserId), eq(inboxEvents.status, 'done')));
  const at = row?.at ?? null;
  return at === null ? null : new Date(at);
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

/** People of the office with notices of this kind not delivered yet. */
export async function listPeopleWithPendingNotices(ex: Executor, officeId: string, kind: string): Promise<number[]> {
  const rows = await ex
    .selectDistinct({ personId: letterNotices.personId })
    .from(letterNotices)
    .where(and(eq(letterNotices.officeId, officeId), eq(letterNotices.kind, kind), isNull(letterNotices.deliveredAt)));
  return rows.map((r) => r.personId);
}

/**
 * Locks and returns a person's undelivered notices of this kind recorded up to a time (letter ids, oldest
 * first), so two digest runs at once do not both deliver them.
 */
export async function lockPendingNotices(tx: Executor, officeId: string, personId: number, kind: string, createdUpTo: Date): Promise<number[]> {
  const rows = await tx
    .select({ letterId: letterNotices.letterId })
    .from(letterNotices)
    .where(
      and(
        eq(letterNotices.officeId, officeId),
        eq(letterNotices.personId, personId),
        eq(letterNotices.kind, kind),
        isNull(letterNotices.deliveredAt),
        lte(letterNotices.createdAt, createdUpTo),
      ),
    )
    .orderBy(asc(letterNotices.createdAt), asc(letterNotices.letterId))
    .for('update', { skipLocked: true });
  return rows.map((r) => r.letterId);
}

export async function lettersByIds(ex: Executor, officeId: string, ids: readonly number[]): Promise<Letter[]> {
  if (ids.length === 0) return [];
  return selectLetters(ex, and(eq(letters.officeId, officeId), inArray(letters.id, [...ids])));
}

/** Received letters in these statuses, oldest first (the lists and the clocks). */
export async function listReceivedInStatus(ex: Executor, officeId: string, statuses: readonly LetterStatus[], limit = 1000): Promise<Letter[]> {
  return selectLetters(ex, and(eq(letters.officeId, officeId), eq(letters.register, 'receive'), inArray(letters.status, [...statuses])), { limit });
}

/** How many received letters are in these statuses (the list says "10 of 14"). */
export async function countReceivedInStatus(ex: Executor, officeId: string, statuses: readonly LetterStatus[]): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(letters)
    .where(and(eq(letters.officeId, officeId), eq(letters.register, 'receive'), inArray(letters.status, [...statuses])));
  return Number(row?.n ?? 0);
}

/** An officer's letters in these statuses, most urgent work first (oldest assignment first). */
export async function listAssignedTo(ex: Executor, officeId: string, personId: number, statuses: readonly LetterStatus[], limit: number): Promise<Letter[]> {
  return selectLetters(ex, and(eq(letters.officeId, officeId), eq(letters.assigneeId, personId), inArray(letters.status, [...statuses])), {
    limit,
    orderBy: [asc(letters.assignedAt), asc(letters.id)],
  });
}

/** Ids of the letters waiting for their officer's รับทราบ (the acknowledge clock). */
export async function listAwaitingAcknowledgement(ex: Executor, officeId: string): Promise<number[]> {
  const rows = await ex
    .select({ id: letters.id })
    .from(letters)
    .where(and(eq(letters.officeId, officeId), eq(letters.status, 'assigned')))
    .orderBy(desc(letters.assignedAt));
  return rows.map((r) => r.id);
}

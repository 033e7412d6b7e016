import { and, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { people } from '../schema.ts';

/** What the rich-menu reconciler reads of a person (src/line/rich-menus/reconcile.ts). */
export interface RichMenuLinkRow {
  id: number;
  lineUserId: string | null;
  status: string;
  richMenuFamily: string | null;
  richMenuLinkedId: string | null;
  updatedAt: Date;
}

/** Rows that may need work, narrowed in SQL so a run with nothing to do reads next to nothing. */
function candidatesWhere(channelId: string, menuIds: ReadonlyMap<string, string>, personIds?: number[]): SQL {
  const known = [...menuIds.entries()];
  const wrongLink =
    known.length === 0
      ? sql`false`
      : or(
          ...known.map(
            ([family, id]) => sql`(${people.richMenuFamily} = ${family} and ${people.richMenuLinkedId} is distinct from ${id})`,
          ),
        )!;
  return and(
    eq(people.channelId, channelId),
    personIds ? inArray(people.id, personIds.length > 0 ? personIds : [-1]) : undefined,
    or(
      and(eq(people.status, 'deleted'), isNotNull(people.richMenuLinkedId)),
      and(
        eq(people.status, 'active'),
        isNotNull(people.lineUserId),
        or(and(isNull(people.richMenuFamily), isNotNull(people.richMenuLinkedId)), wrongLink),
      ),
    ),
  )!;
}

const columns = {
  id: people.id,
  lineUserId: people.lineUserId,
  status: people.status,
  richMenuFamily: people.richMenuFamily,
  richMenuLinkedId: people.richMenuLinkedId,
  updatedAt: people.updatedAt,
};

/** The ids of the channel's people whose link may need work (all of them, or among `personIds`), in id order. */
export async function richMenuLinkCandidates(
  ex: Executor,
  channelId: string,
  menuIds: ReadonlyMap<string, string>,
  personIds?: number[],
): Promise<Array<{ id: number }>> {
  return ex.select({ id: people.id }).from(people).where(candidatesWhere(channelId, menuIds, personIds)).orderBy(people.id);
}

/** The person's link fields, locked until the transaction ends (a role change made meanwhile waits). */
export async function lockRichMenuLink(tx: Executor, id: number): Promise<RichMenuLinkRow | undefined> {
  const [row] = await tx.select(columns).from(people).where(eq(people.id, id)).for('update');
  return row;
}

/** Records the menu now linked (null: none). updated_at stays: it is the person's record of their own changes. */
export async function setRichMenuLinked(tx: Executor, id: number, linkedId: string | null): Promise<void> {
  await tx.update(people).set({ richMenuLinkedId: linkedId }).where(eq(people.id, id));
}

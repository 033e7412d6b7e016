import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { conversations } from '../schema.ts';

export interface ConversationRow {
  flow: string;
  step: string;
  version: number;
  data: unknown;
  updatedAt: Date;
  expiresAt: Date;
}

/** The user's conversation, locked for the rest of the transaction. */
export async function loadConversation(ex: Executor, channelId: string, userId: string): Promise<ConversationRow | null> {
  const [row] = await ex
    .select({
      flow: conversations.flow,
      step: conversations.step,
      version: conversations.version,
      data: conversations.data,
      updatedAt: conversations.updatedAt,
      expiresAt: conversations.expiresAt,
    })
    .from(conversations)
    .where(and(eq(conversations.channelId, channelId), eq(conversations.userId, userId)))
    .for('update');
  return row ?? null;
}

export async function saveConversation(
  ex: Executor,
  row: { channelId: string; officeId: string; userId: string } & ConversationRow,
): Promise<void> {
  await ex
    .insert(conversations)
    .values(row)
    .onConflictDoUpdate({
      target: [conversations.channelId, conversations.userId],
      set: {
        flow: sql`excluded.flow`,
        step: sql`excluded.step`,
        version: sql`excluded.version`,
        data: sql`excluded.data`,
        updatedAt: sql`excluded.updated_at`,
        expiresAt: sql`excluded.expires_at`,
      },
    });
}

export async function deleteConversation(ex: Executor, channelId: string, userId: string): Promise<void> {
  await ex.delete(conversations).where(and(eq(conversations.channelId, channelId), eq(conversations.userId, userId)));
}

import type { ConversationRow } from '../db/repos/conversations.ts';
import type { FlowCatalog } from './catalog.ts';
import type { AnyFlow, FlowState } from './flow.ts';

export { deleteConversation, loadConversation, saveConversation, type ConversationRow } from '../db/repos/conversations.ts';

/** A conversation idle this long is over; the user is told when they come back. */
export const CONVERSATION_IDLE_MS = 30 * 60 * 1000;

export function conversationExpiry(now: Date): Date {
  return new Date(now.getTime() + CONVERSATION_IDLE_MS);
}

export type ConversationNotice = 'expired' | 'outdated';

export interface OpenedConversation {
  /** The flow the user is in and its state, or null when in none (or the stored one is no longer usable). */
  current: { flow: AnyFlow; state: FlowState } | null;
  /** Why a stored conversation was dropped; the user is told. */
  notice?: ConversationNotice;
}

/**
 * Turns the stored row into a usable state, as of `now`. An expired conversation, one stored by another
 * version of its flow, one of a flow that no longer exists, or one whose data no longer fits the flow's
 * schema is dropped, with a notice for the user.
 */
export function openConversation(stored: ConversationRow | null, catalog: FlowCatalog, now: Date): OpenedConversation {
  if (!stored) return { current: null };
  if (stored.expiresAt.getTime() <= now.getTime()) return { current: null, notice: 'expired' };
  const flow = catalog.get(stored.flow);
  if (!flow || flow.version !== stored.version) return { current: null, notice: 'outdated' };
  const data = flow.dataSchema.safeParse(stored.data);
  if (!data.success) return { current: null, notice: 'outdated' };
  return { current: { flow, state: { step: stored.step, data: data.data } } };
}

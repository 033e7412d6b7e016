import type { messagingApi } from '@line/bot-sdk';
import type { Executor } from '../db/database.ts';
import { claimReplyToken, insertOutboxRows } from '../db/repos/outbox.ts';
import { tokenForRow } from '../domain/reply-or-push.ts';

export type LineMessage = messagingApi.Message;

/** LINE takes at most five message objects per request. */
export const MAX_MESSAGES_PER_REQUEST = 5;

export interface OutboxItem {
  channelId: string;
  officeId: string;
  toUserId: string;
  messages: LineMessage[];
  /** The event's reply token, when this send answers an event; the sender falls back to push after the deadline. */
  replyToken?: string;
  replyDeadline?: Date;
  sourceEventId?: string;
}

/**
 * Writes messages to the outbox inside the caller's transaction, one row per request of at most five
 * messages. Only the first row may use the reply token (a token works once); the rest go as pushes.
 * Returns the row ids in sending order.
 */
export async function enqueueOutbox(ex: Executor, item: OutboxItem): Promise<string[]> {
  if (item.messages.length === 0) return [];
  // A token works once: when an earlier call already gave this event's token to a row, these rows push.
  const given = item.replyToken ? { replyToken: item.replyToken, replyDeadline: item.replyDeadline ?? null } : undefined;
  const tokenUsed = given !== undefined && item.sourceEventId !== undefined && !(await claimReplyToken(ex, item.sourceEventId, new Date()));
  const rows = [];
  for (let i = 0, index = 0; i < item.messages.length; i += MAX_MESSAGES_PER_REQUEST, index++) {
    const token = tokenForRow(given, { index, tokenUsed });
    rows.push({
      channelId: item.channelId,
      officeId: item.officeId,
      toUserId: item.toUserId,
      messages: item.messages.slice(i, i + MAX_MESSAGES_PER_REQUEST),
      replyToken: token?.replyToken ?? null,
      replyDeadline: token?.replyDeadline ?? null,
      sourceEventId: item.sourceEventId ?? null,
    });
  }
  return insertOutboxRows(ex, rows);
}

import type { Executor } from '../db/database.ts';
import { isPushable } from '../db/repos/people.ts';
import { enqueueOutboxOnce } from '../jobs/builtin.ts';
import { findChannel } from './channels.ts';
import type { LineMessage } from './outbox.ts';
import { sealPostbacks } from './postback.ts';

/**
 * Pushes from outside a chat event (jobs, and another flow's command): sealed with the recipient's
 * channel secret, never to someone inactive, and at most once per `runKey` however often it runs.
 * Returns whether the message was enqueued now.
 */
export async function pushOnce(
  tx: Executor,
  recipient: { channelId: string; officeId: string; lineUserId: string },
  messages: LineMessage[],
  runKey: string,
): Promise<boolean> {
  if (!(await isPushable(tx, recipient.channelId, recipient.lineUserId))) return false;
  const channel = await findChannel(tx, recipient.channelId);
  if (!channel) return false;
  return enqueueOutboxOnce(tx, runKey, {
    channelId: recipient.channelId,
    officeId: recipient.officeId,
    toUserId: recipient.lineUserId,
    messages: sealPostbacks(messages, channel.channelSecret),
  });
}

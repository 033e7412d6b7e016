import type { Executor } from '../db/database.ts';
import { isPushable } from '../db/repos/people.ts';
import { enqueueOutboxOnce } from '../jobs/builtin.ts';
import { findChannel } from './channels.ts';
import { insertOutboxRowsMany, outboxSourcesAmong } from '../db/repos/outbox.ts';
import { MAX_MESSAGES_PER_REQUEST, type LineMessage } from './outbox.ts';
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

/** One person's messages of a fan-out, and the key that makes them once-only. */
export interface FanOutPush {
  channelId: string;
  lineUserId: string;
  messages: LineMessage[];
  key: string;
}

/**
 * `pushOnce` for many people at once (an invitation to a thousand schools): the recipients are people the caller
 * read as reachable in this transaction, with what it pushes to each locked (the keys cannot race); the keys
 * already used are asked in one query and the rows written in multi-row inserts. Returns how many people were
 * enqueued now.
 */
export async function pushOnceToMany(tx: Executor, officeId: string, pushes: readonly FanOutPush[]): Promise<number> {
  if (pushes.length === 0) return 0;
  const sources = pushes.map((p) => `job:${p.key}`);
  const done = await outboxSourcesAmong(tx, sources);
  const secrets = new Map<string, string | null>();
  // A message shared by many pushes (one card for every school) is sealed once per channel secret.
  const sealed = new Map<string, Map<LineMessage, LineMessage>>();
  const seal = (message: LineMessage, secret: string): LineMessage => {
    const cache = sealed.get(secret) ?? new Map<LineMessage, LineMessage>();
    sealed.set(secret, cache);
    if (!cache.has(message)) cache.set(message, sealPostbacks(message, secret));
    return cache.get(message)!;
  };
  const rows = [];
  let people = 0;
  for (const [i, push] of pushes.entries()) {
    const source = sources[i]!;
    if (done.has(source)) continue;
    done.add(source);
    if (!secrets.has(push.channelId)) secrets.set(push.channelId, (await findChannel(tx, push.channelId))?.channelSecret ?? null);
    const secret = secrets.get(push.channelId);
    if (!secret) continue;
    const messages = push.messages.map((message) => seal(message, secret));
    for (let m = 0; m < messages.length; m += MAX_MESSAGES_PER_REQUEST) {
      rows.push({ channelId: push.channelId, officeId, toUserId: push.lineUserId, messages: messages.slice(m, m + MAX_MESSAGES_PER_REQUEST), sourceEventId: source });
    }
    people += 1;
  }
  await insertOutboxRowsMany(tx, rows);
  return people;
}

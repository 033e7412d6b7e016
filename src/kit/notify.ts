import type { Executor } from '../db/database.ts';
import { reachablePerson, type Recipient } from '../db/repos/recipients.ts';
import type { LineMessage } from '../line/outbox.ts';
import { pushOnce } from '../line/push-once.ts';

/**
 * Telling the people a request concerns what happened to it, from an executor's transaction (people named on a
 * booking, the deciders of a request its requester withdrew): each person once per `key` (`pushOnce`, so a
 * redelivered event or a repeated tap never tells twice), only those who can be reached, and never whoever made it
 * happen (`except`), who was answered in the chat.
 */
export interface TellOnce {
  officeId: string;
  /** Whom to tell, by person id (someone listed twice is told once). */
  personIds: readonly number[];
  /** Never told, even when listed: the booker, the requester. */
  except?: ReadonlyArray<number | null>;
  /** What happened, naming the thing (`booking:12:named`); the person's id is added to it. */
  key: string;
  /** What each person is told (the recipient as reached: name, role). */
  messages: (to: Recipient) => LineMessage[];
}

/** One push to someone already found reachable, once per `key` (`pushOnce`). */
export const pushTo = (tx: Executor, officeId: string, to: Recipient, messages: LineMessage[], key: string): Promise<boolean> =>
  pushOnce(tx, { channelId: to.channelId, officeId, lineUserId: to.lineUserId }, messages, key);

/**
 * `tellOnce` for people already found reachable (a request's deciders, a room's approvers): each once per
 * `${key}:${id}`, never those in `except`. Returns the ids of the people told now.
 */
export async function tellEach(
  tx: Executor,
  tell: Omit<TellOnce, 'personIds'> & { to: readonly Recipient[] },
): Promise<number[]> {
  const skip = new Set(tell.except ?? []);
  const told: number[] = [];
  const seen = new Set<number>();
  for (const to of tell.to) {
    if (skip.has(to.id) || seen.has(to.id)) continue;
    seen.add(to.id);
    if (await pushTo(tx, tell.officeId, to, tell.messages(to), `${tell.key}:${to.id}`)) told.push(to.id);
  }
  return told;
}

/** Returns the ids of the people told now (not told before, reachable). */
export async function tellOnce(tx: Executor, tell: TellOnce): Promise<number[]> {
  const skip = new Set(tell.except ?? []);
  const to: Recipient[] = [];
  for (const personId of new Set(tell.personIds)) {
    if (skip.has(personId)) continue;
    const found = await reachablePerson(tx, tell.officeId, personId);
    if (found) to.push(found);
  }
  return tellEach(tx, { ...tell, to });
}

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

/** Returns the ids of the people told now (not told before, reachable). */
export async function tellOnce(tx: Executor, tell: TellOnce): Promise<number[]> {
  const skip = new Set(tell.except ?? []);
  const told: number[] = [];
  for (const personId of new Set(tell.personIds)) {
    if (skip.has(personId)) continue;
    const to = await reachablePerson(tx, tell.officeId, personId);
    if (!to) continue;
    if (await pushOnce(tx, { channelId: to.channelId, officeId: tell.officeId, lineUserId: to.lineUserId }, tell.messages(to), `${tell.key}:${personId}`)) told.push(personId);
  }
  return told;
}

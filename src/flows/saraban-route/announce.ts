import type { Executor } from '../../db/database.ts';
import { lastHandledEventAt, markNoticesDelivered, recordNotice } from '../../db/repos/letter-routing.ts';
import { reachableWithRole } from '../../db/repos/recipients.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { pushOnce } from '../../line/push-once.ts';
import { newLetterAlert } from './cards.ts';
import { alertsAtOnce } from '../../domain/saraban/letter.ts';
import { alertsNow, isChatting } from './timing.ts';

export const NEW_LETTER_NOTICE = 'new_letter';

export interface AnnounceEnv {
  now: Date;
  /** The LIFF page of a letter, when set up: secret letters' cards carry it ("เปิดดูรายละเอียด"). */
  letterUrl?: ((letterId: number) => string | undefined) | undefined;
}

/** The push key of a new letter's alert to one director: the alert goes once, whoever sends it. */
export const newLetterPushKey = (letterId: number, personId: number) => `saraban:new:${letterId}:${personId}`;

/**
 * Tells the office's group directors of a newly received letter. Each gets a notice row (the digest, or
 * their "หนังสือรอพิจารณา", delivers it once); ด่วนมาก / ด่วนที่สุด, and anything to a director chatting
 * with the bot right now, are pushed at once as a card with "มอบหมาย". Called in the clerk's registering
 * transaction; safe to call again (notices and pushes are keyed by letter and person).
 */
export async function announceNewLetter(tx: Executor, letter: Letter, env: AnnounceEnv): Promise<void> {
  if (letter.register !== 'receive' || letter.status !== 'registered') return;
  const settings = (await getOfficeSettings(tx, letter.officeId)).saraban;
  const directors = await reachableWithRole(tx, letter.officeId, 'group_director');
  for (const director of directors) {
    const fresh = await recordNotice(tx, { letterId: letter.id, personId: director.id, officeId: letter.officeId, kind: NEW_LETTER_NOTICE }, env.now);
    if (!fresh) continue;
    // Only a letter that can wait asks whether the director is chatting.
    const chatting = !alertsAtOnce(letter.urgency) && isChatting(await lastHandledEventAt(tx, director.channelId, director.lineUserId), env.now, settings.chattingWindowMinutes);
    if (!alertsNow(letter.urgency, chatting)) continue;
    const card = newLetterAlert(letter, director, { detailsUrl: env.letterUrl?.(letter.id) });
    // Someone who cannot be reached now (blocked the bot) still finds it in their list.
    if (await pushOnce(tx, { ...director, officeId: letter.officeId }, [card], newLetterPushKey(letter.id, director.id))) await markNoticesDelivered(tx, director.id, [letter.id], NEW_LETTER_NOTICE, 'push', env.now);
  }
}

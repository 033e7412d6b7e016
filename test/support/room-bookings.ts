import { bookingLabels } from '../../src/flows/bookings/messages.ts';
import type { chatDriver } from './chat.ts';
import type { ConversationEntry } from './service.ts';

/** The postback actions of the Flex bubble whose header names `room` (a room's day card, a booking's card), by label. */
export function roomActions(entries: ConversationEntry[], room: string): Array<{ label: string; data: string }> {
  const found: Array<{ label: string; data: string }> = [];
  const walk = (node: unknown, inRoom: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inRoom));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const here = record.type === 'bubble' ? JSON.stringify(record.header ?? '').includes(`"${room}"`) : inRoom;
    const action = record.action as { type?: string; label?: string; data?: string } | undefined;
    if (here && action?.type === 'postback' && action.label && action.data) found.push({ label: action.label, data: action.data });
    for (const value of Object.values(record)) walk(value, here);
  };
  entries.forEach((e) => walk(e.message, false));
  return found;
}

/**
 * Taps a booking's ยกเลิกการจอง / ยกเลิกทั้งชุด (its button's data) and confirms with ยืนยันยกเลิก; an answer that
 * asks nothing (a stale button, not theirs) is returned as it is.
 */
export async function cancelConfirmed(chat: ReturnType<typeof chatDriver>, userId: string, data: string) {
  const asked = await chat.tapData(userId, data);
  return asked.labels.includes(bookingLabels.cancelYes) ? chat.tap(userId, bookingLabels.cancelYes) : asked;
}

/** จองห้อง → a date → a room's free slot → the title → the number of people: the summary card's answer. */
export async function bookingSummary(chat: ReturnType<typeof chatDriver>, userId: string, at: { date: string; room: string; slot: string; title: string; people?: string }) {
  const start = await chat.say(userId, 'จองห้อง');
  const day = await chat.tapIn(userId, start.entries, bookingLabels.pickDate, { date: at.date });
  await chat.tapData(userId, roomActions(day.entries, at.room).find((a) => a.label === at.slot)!.data);
  await chat.say(userId, at.title);
  return chat.say(userId, at.people ?? '5');
}

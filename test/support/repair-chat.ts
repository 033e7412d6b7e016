import { expect } from '@jest/globals';
import { reportLabels, reportTexts } from '../../src/flows/repair-report/messages.ts';
import { dataOf, type chatDriver } from './chat.ts';
import type { ConversationEntry } from './service.ts';

/**
 * A teacher reporting a fault through the chat, as the repair-report flow asks: kind → description → photos
 * (sent as LINE images) → classroom → teaching stopped → the summary card's confirm. Returns the ticket number
 * the bot answers with.
 */
export async function reportRepairInChat(
  chat: ReturnType<typeof chatDriver>,
  userId: string,
  report: { group?: 'dltv' | 'computer'; kind?: string; description: string; photos?: Buffer[]; contentType?: string },
): Promise<{ number: string; entries: ConversationEntry[] }> {
  await chat.say(userId, 'แจ้งซ่อม');
  await chat.tap(userId, reportLabels.groups[report.group ?? 'dltv']);
  await chat.tap(userId, report.kind ?? 'ไม่มีสัญญาณ');
  const askPhotos = await chat.say(userId, report.description);
  expect(askPhotos.text).toBe(reportTexts.askPhotos);
  let last = askPhotos.entries;
  for (const photo of report.photos ?? []) {
    await chat.emulator.call('POST', `/users/${userId}/messages`, {
      type: 'image',
      contentBase64: photo.toString('base64'),
      contentType: report.contentType ?? 'image/jpeg',
    });
    await chat.settle();
    last = (await chat.inbox(userId)).entries;
  }
  await chat.tapIn(userId, last, (report.photos ?? []).length > 0 ? reportLabels.photosDone : reportLabels.noPhoto);
  await chat.say(userId, 'ป.4/1');
  const summary = await chat.tap(userId, reportLabels.teachingStopped);
  const done = await chat.tapData(userId, dataOf(summary.entries, reportLabels.confirm));
  const number = /ซ่อม \d{4}\/\d{4}/.exec(done.text)?.[0];
  if (!number) throw new Error(`no ticket number in "${done.text}"`);
  return { number, entries: done.entries };
}

import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { reply, type Flow } from '../../src/bot/flow.ts';
import { ForbiddenError } from '../../src/domain/errors.ts';
import { deniedMessage, deny } from '../../src/kit/steps.ts';
import { dispatcherTestbed, echoFlow } from '../support/dispatcher-testbed.ts';
import { officeFactory } from '../support/factories.ts';
import { inboxRows, lineUserId, outboxRows, postbackEvent, textEvent, webhookBody } from '../support/inbound.ts';
import { botMessages } from '../../src/bot/messages.ts';

/**
 * A flow's `replyNote` (a survey waiting, say) rides on the finished answer of any flow, in the same reply; a note
 * that fails is left out and the answer still goes; someone not registered hears none.
 */
let noteMode: 'say' | 'fail' | 'none' = 'say';
const notingFlow: Flow<Record<string, never>> = {
  name: 'noting',
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: [],
  startsOn: () => false,
  step: (state) => ({ state, effects: [] }),
  async replyNote(tx) {
    if (noteMode === 'fail') await tx.execute(sql`select 1 / 0`);
    return noteMode === 'none' ? null : 'มีแบบสำรวจรอคำตอบจากคุณค่ะ';
  },
};

/** "เมนู": an answer whose last message carries quick replies. */
const menuFlow: Flow<Record<string, never>> = {
  name: 'menu',
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: [],
  startsOn: (input) => input.kind === 'text' && input.text === 'เมนู',
  step: (state) => ({
    state,
    effects: [
      reply(
        { type: 'text', text: 'สวัสดีค่ะ' },
        { type: 'text', text: 'เลือกหัวข้อได้เลยค่ะ', quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'แจ้งซ่อม', text: 'แจ้งซ่อม' } }] } },
      ),
    ],
  }),
};

/** "อนุมัติ": refused by the step itself; "ลบ": refused by the executor (the database said no). */
const refusingFlow: Flow<Record<string, never>> = {
  name: 'refusing',
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: [],
  startsOn: (input) => input.kind === 'text' && (input.text === 'อนุมัติ' || input.text === 'ลบ'),
  step: (state, input) =>
    input.kind === 'text' && input.text === 'อนุมัติ'
      ? deny('approve_loan')
      : { state, effects: [{ kind: 'command', command: { type: 'removeSomething' } }, reply({ type: 'text', text: 'ลบแล้วค่ะ' })] },
  async execute() {
    throw new ForbiddenError('manage_directory');
  },
};

const bed = dispatcherTestbed();

async function answerTo(user: string, text: string, event: object = textEvent(user, text, { timestamp: bed.clock - 1000 })): Promise<string[][]> {
  const dispatcher = bed.h.dispatcher({ now: bed.now, flows: [menuFlow, refusingFlow, echoFlow, notingFlow] });
  await bed.h.post(webhookBody(event));
  await dispatcher.drain();
  return (await outboxRows(bed.h.database, user)).map((row) => row.texts);
}

describe('dispatcher: a note under the answer', () => {
  it('follows the answer of a registered person in the same reply', async () => {
    const user = lineUserId('U-noted');
    await officeFactory(bed.h.database.db).person('ครูผู้มีแบบสำรวจ', 'school_director', { lineUserId: user });
    noteMode = 'say';
    expect(await answerTo(user, 'สวัสดีค่ะ')).toEqual([['สวัสดีค่ะ', 'มีแบบสำรวจรอคำตอบจากคุณค่ะ']]);
  });

  it('comes just before a last message with quick replies, which stays last', async () => {
    const user = lineUserId('U-noted-menu');
    await officeFactory(bed.h.database.db).person('ครูเมนู', 'teacher', { lineUserId: user });
    noteMode = 'say';
    expect(await answerTo(user, 'เมนู')).toEqual([['สวัสดีค่ะ', 'มีแบบสำรวจรอคำตอบจากคุณค่ะ', 'เลือกหัวข้อได้เลยค่ะ']]);
  });

  it('a note that fails is left out: the answer goes, the event is done', async () => {
    const user = lineUserId('U-noted-failing');
    await officeFactory(bed.h.database.db).person('ครูอีกคน', 'school_director', { lineUserId: user });
    noteMode = 'fail';
    expect(await answerTo(user, 'สวัสดีค่ะ')).toEqual([['สวัสดีค่ะ']]);
    expect((await inboxRows(bed.h.database)).map((e) => e.status)).toEqual(['done']);
  });

  it('a refusal is answered alone, whether the step or the executor refused', async () => {
    const user = lineUserId('U-noted-refused');
    await officeFactory(bed.h.database.db).person('ครูไม่มีสิทธิ์', 'teacher', { lineUserId: user });
    noteMode = 'say';
    expect(await answerTo(user, 'อนุมัติ')).toEqual([[deniedMessage('approve_loan')]]);
    expect((await answerTo(user, 'ลบ')).at(-1)).toEqual([deniedMessage('manage_directory')]);
  });

  it('an out-of-date or forged button is answered alone', async () => {
    const user = lineUserId('U-noted-stale');
    await officeFactory(bed.h.database.db).person('ครูปุ่มเก่า', 'teacher', { lineUserId: user });
    noteMode = 'say';
    const forged = postbackEvent(user, 'v1.not-a-sealed-button', { timestamp: bed.clock - 1000 });
    expect(await answerTo(user, '', forged)).toEqual([[botMessages.buttonNoLongerValid]]);
  });

  it('someone not registered hears none', async () => {
    noteMode = 'say';
    expect(await answerTo(lineUserId('U-stranger'), 'สวัสดีค่ะ')).toEqual([['สวัสดีค่ะ']]);
  });
});

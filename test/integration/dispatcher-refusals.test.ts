import { describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { command, reply, type Flow } from '../../src/bot/flow.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { writeAudit } from '../../src/db/repos/audit.ts';
import { auditLog, conversations } from '../../src/db/schema.ts';
import { ConflictError, ForbiddenError, NotFoundError, StaleError } from '../../src/domain/errors.ts';
import { deniedMessage } from '../../src/kit/steps.ts';
import { enqueueOutbox } from '../../src/line/outbox.ts';
import { dispatcherTestbed } from '../support/dispatcher-testbed.ts';
import { inboxRows, lineUserId, outboxRows, textEvent, webhookBody } from '../support/inbound.ts';

/**
 * A typed domain error thrown while executing is an answer, not a failure: the executor found the row
 * changed since the button was drawn (stale) or the person not allowed (refused) inside the transaction.
 * Retrying could only find the same, so the person is answered once, what the command wrote is undone,
 * and the event is done: never retried five times and parked with an apology.
 */

/**
 * "เริ่ม" starts a conversation; "ตกลง" asks for a change whose executor writes a domain row and a push,
 * then throws what `failure` says (as an executor finding a stale version or a refusal would).
 */
function refusingFlow(failure: () => Error): Flow<{ n: number }> {
  return {
    name: 'refuser',
    version: 1,
    dataSchema: z.object({ n: z.number() }),
    actions: [],
    startsOn: (input) => input.kind === 'text',
    step(state, input) {
      if (input.kind !== 'text') return { state, effects: [] };
      if (input.text === 'เริ่ม') return { state: { step: 'asked', data: { n: 1 } }, effects: [reply({ type: 'text', text: 'ยืนยันไหมคะ' })] };
      return { state: null, effects: [command({ type: 'recordView', what: 'test', details: {} }), reply({ type: 'text', text: 'ทำรายการแล้ว' })] };
    },
    async execute(tx, _cmd, env) {
      await writeAudit(tx, { officeId: env.officeId, actorId: null, action: 'test.wrote', subjectType: 'line_user', subjectId: env.lineUserId, at: env.now });
      await enqueueOutbox(tx, { channelId: env.channelId, officeId: env.officeId, toUserId: lineUserId('U-watcher'), messages: [{ type: 'text', text: 'แจ้งผู้ดูแล' }] });
      throw failure();
    },
  };
}

const bed = dispatcherTestbed({ alsoEmpty: [auditLog] });
const now = bed.now;

async function auditActions(): Promise<string[]> {
  return (await bed.h.database.db.select({ action: auditLog.action }).from(auditLog)).map((r) => r.action);
}

describe('dispatcher: typed errors thrown while executing are answered', () => {
  it.each([
    ['a stale version', () => new StaleError('letter 12 changed meanwhile'), botMessages.buttonNoLongerValid, [], { step: 'asked', data: { n: 1 } }],
    ['a refused permission', () => new ForbiddenError('decide_letter'), deniedMessage('decide_letter'), ['permission_denied'], null],
    ['the row gone', () => new NotFoundError('repair ticket 7'), botMessages.notThereAnyMore, [], { step: 'asked', data: { n: 1 } }],
    ['the last projector taken a moment ago', () => new ConflictError('item 3 reserved meanwhile', 'โปรเจกเตอร์เครื่องสุดท้ายเพิ่งถูกจองไปค่ะ'), 'โปรเจกเตอร์เครื่องสุดท้ายเพิ่งถูกจองไปค่ะ', [], { step: 'asked', data: { n: 1 } }],
    ['a conflict without its own answer', () => new ConflictError('invitation used meanwhile'), botMessages.changedMeanwhile, [], { step: 'asked', data: { n: 1 } }],
  ] as const)('when the executor finds %s, the person is answered once, the writes are undone and the event is not retried', async (_label, failure, answer, audit, conversation) => {
    const user = lineUserId('U-refused');
    const dispatcher = bed.h.dispatcher({ now, flows: [refusingFlow(failure)], backoffMs: () => 1000, maxAttempts: 5 });
    await bed.h.post(webhookBody(textEvent(user, 'เริ่ม', { timestamp: bed.clock - 2000 })));
    await dispatcher.drain();
    await bed.h.post(webhookBody(textEvent(user, 'ตกลง', { timestamp: bed.clock - 1000 })));
    await dispatcher.drain();
    // Even after the backoff has passed, nothing is tried again.
    bed.clock += 60_000;
    await dispatcher.drain();

    const events = await inboxRows(bed.h.database);
    expect(events).toHaveLength(2);
    for (const e of events) expect(e).toMatchObject({ status: 'done', attempts: 0, lastError: null });

    const out = await outboxRows(bed.h.database);
    expect(out.map((r) => [r.toUserId, r.texts])).toEqual([
      [user, ['ยืนยันไหมคะ']],
      [user, [answer]],
    ]);
    expect(await auditActions()).toEqual(audit);
    const [stored] = await bed.h.database.db.select().from(conversations).where(eq(conversations.userId, user));
    // Stale, gone or taken: the conversation stays where it was (like a stale button); refused: it ends (like a step's deny).
    if (conversation) expect(stored).toMatchObject({ flow: 'refuser', ...conversation });
    else expect(stored).toBeUndefined();
  });

  it('any other error is still a failure: retried, and never answered as a refusal', async () => {
    const user = lineUserId('U-broken');
    const dispatcher = bed.h.dispatcher({ now, flows: [refusingFlow(() => new Error('database went away'))], backoffMs: () => 1000, maxAttempts: 5 });
    await bed.h.post(webhookBody(textEvent(user, 'ตกลง', { timestamp: bed.clock - 1000 })));
    await dispatcher.drain();
    const [event] = await inboxRows(bed.h.database);
    expect(event).toMatchObject({ status: 'pending', attempts: 1 });
    expect(event!.lastError).toMatch(/database went away/);
    expect(await outboxRows(bed.h.database)).toEqual([]);
    expect(await auditActions()).toEqual([]);
  });
});

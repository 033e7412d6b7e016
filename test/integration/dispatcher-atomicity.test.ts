import { describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { command, reply, type Flow } from '../../src/bot/flow.ts';
import { writeAudit } from '../../src/db/repos/audit.ts';
import { auditLog, conversations } from '../../src/db/schema.ts';
import { enqueueOutbox } from '../../src/line/outbox.ts';
import { dispatcherTestbed } from '../support/dispatcher-testbed.ts';
import { inboxRows, lineUserId, outboxRows, textEvent, webhookBody } from '../support/inbound.ts';

/**
 * "A message is stored in the same transaction as the change that caused it": when handling fails after the
 * flow has already written domain rows and outbox rows inside the event's transaction, none of them remain,
 * and the event is tried again (and then writes everything once).
 */

type Attempt = 'failInExecute' | 'failAtCommit' | 'succeed';

/**
 * A flow whose command writes an audit row (a domain change) and a push to a watcher (an outbox row) from
 * `execute`, then answers the user. Each attempt takes the next entry of `plan`: it may throw in `execute`
 * after its writes, or give the commit's statement something PostgreSQL refuses (a NUL in a jsonb string),
 * so the final round trip fails after everything else was written. A test flow, so its step may read the plan.
 */
function writingFlow(plan: Attempt[]): Flow<{ n: number }> {
  let current: Attempt = 'succeed';
  return {
    name: 'writer',
    version: 1,
    dataSchema: z.object({ n: z.number() }),
    actions: [],
    startsOn: (input) => input.kind === 'text',
    step(state, input) {
      current = plan.shift() ?? 'succeed';
      if (input.kind !== 'text') return { state, effects: [] };
      return {
        state: { step: 'wrote', data: { n: (state?.data.n ?? 0) + 1 } },
        effects: [
          command({ type: 'recordView', what: 'test', details: {} }),
          reply({ type: 'text', text: current === 'failAtCommit' ? 'รับแล้ว\u0000' : 'รับแล้ว' }),
        ],
      };
    },
    async execute(tx, _cmd, env) {
      await writeAudit(tx, { officeId: env.officeId, actorId: null, action: 'test.wrote', subjectType: 'line_user', subjectId: env.lineUserId, at: env.now });
      await enqueueOutbox(tx, { channelId: env.channelId, officeId: env.officeId, toUserId: lineUserId('U-watcher'), messages: [{ type: 'text', text: 'แจ้งผู้ดูแล' }] });
      if (current === 'failInExecute') throw new Error('execute failed after its writes');
    },
  };
}

const bed = dispatcherTestbed({ alsoEmpty: [auditLog] });
const now = bed.now;

async function auditRows() {
  return bed.h.database.db.select().from(auditLog).where(eq(auditLog.action, 'test.wrote'));
}

describe('dispatcher: an event\'s writes are one transaction', () => {
  it.each([
    ['its command throws after writing a domain row and a push', 'failInExecute'],
    ['the final write-and-commit fails after the command wrote a domain row and a push', 'failAtCommit'],
  ] as const)('when %s, neither row remains, the event is retried, and the retry writes each once', async (_label, failure) => {
    const event = textEvent(lineUserId('U-atomic'), 'บันทึก', { timestamp: bed.clock - 1000 });
    await bed.h.post(webhookBody(event));
    const dispatcher = bed.h.dispatcher({ now, flows: [writingFlow([failure])], backoffMs: () => 1000 });

    await dispatcher.drain();
    expect(await auditRows()).toHaveLength(0);
    expect(await outboxRows(bed.h.database)).toHaveLength(0);
    expect(await bed.h.database.db.select().from(conversations)).toHaveLength(0);
    const [failed] = await inboxRows(bed.h.database);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, replyTokenClaimedAt: null, handledAt: null });
    expect(failed!.nextAttemptAt.getTime()).toBe(bed.clock + 1000);
    expect(failed!.lastError).toMatch(failure === 'failInExecute' ? /execute failed after its writes/ : /unsupported Unicode escape/);

    bed.clock += 1000;
    await dispatcher.drain();
    expect(await auditRows()).toHaveLength(1);
    const out = await outboxRows(bed.h.database);
    expect(out.map((r) => [r.toUserId, r.texts[0]])).toEqual([
      [lineUserId('U-watcher'), 'แจ้งผู้ดูแล'],
      [lineUserId('U-atomic'), 'รับแล้ว'],
    ]);
    // The failed attempt did not use up the token: the retry's answer still carries it.
    expect(out[1]!.replyToken).toBe(event.replyToken);
    const [conversation] = await bed.h.database.db.select().from(conversations);
    expect(conversation).toMatchObject({ flow: 'writer', step: 'wrote', data: { n: 1 } });
    expect((await inboxRows(bed.h.database))[0]).toMatchObject({ status: 'done', attempts: 1 });
  });
});

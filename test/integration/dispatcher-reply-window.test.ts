import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { Dispatcher } from '../../src/bot/dispatcher.ts';
import { reply, type Flow } from '../../src/bot/flow.ts';
import { InboxWriter } from '../../src/db/repos/inbox.ts';
import { conversations, inboxEvents, outboxMessages } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createLineApi } from '../../src/line/line-api.ts';
import { chatKeyOf, webhookEventSchema } from '../../src/line/webhook-schema.ts';
import { createHarness, text, type CapturedEvent, type Harness } from './outbox-harness.ts';

/**
 * The reply window end to end: an event delivered by the emulator, handled by the dispatcher, sent by the
 * outbox sender to the emulator. The ages are written out (not the dispatcher's constant), so that moving the
 * window breaks this test: LINE (and the emulator) honour a token for 60 s; the service answers with it only
 * while the event is under about 50 s old, so a reply never races the token's expiry.
 */

const echoFlow: Flow<Record<string, never>> = {
  name: 'echo',
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: [],
  startsOn: (input) => input.kind === 'text',
  step(_state, input) {
    return { state: null, effects: input.kind === 'text' ? [reply({ type: 'text', text: `ได้รับ: ${input.text}` })] : [] };
  },
};

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());
beforeEach(async () => {
  await h.reset();
  await h.database.db.delete(inboxEvents);
  await h.database.db.delete(conversations);
});

/** Stores the event as the webhook does, lets `ageMs` pass, then has it handled and its answer sent. */
async function handleAtAge(event: CapturedEvent, ageMs: number): Promise<void> {
  const parsed = webhookEventSchema.parse(event);
  await new InboxWriter(h.database.db).store([
    {
      webhookEventId: parsed.webhookEventId,
      channelId: DEFAULT_CHANNEL_ID,
      officeId: DEFAULT_OFFICE_ID,
      chatKey: chatKeyOf(parsed),
      eventType: parsed.type,
      mode: parsed.mode,
      eventTimestamp: new Date(parsed.timestamp),
      payload: event,
      status: 'pending',
    },
  ]);
  // The emulator's clock and the service's move together.
  h.advance(event.timestamp + ageMs - h.now().getTime());
  const sender = h.newSender();
  const dispatcher = new Dispatcher({
    database: h.database,
    channels: h.channels,
    logger: h.logger,
    flows: [echoFlow],
    now: h.now,
    pollMs: 60_000,
    sender,
    onOutbox: () => sender.kick(),
  });
  await dispatcher.drain();
  await dispatcher.stop();
  await sender.stop();
}

describe('dispatcher and sender: the reply window', () => {
  it('answers an event 55 s old with a push carrying X-Line-Retry-Key, though LINE would still take its token', async () => {
    const user = await h.createUser('ครูมานี');
    const event = await h.userSays(user, 'สายไปนิด');

    await handleAtAge(event, 55_000);

    expect(await h.requests('reply')).toEqual([]);
    const [row] = await h.database.db.select().from(outboxMessages).where(eq(outboxMessages.toUserId, user));
    expect(row).toMatchObject({ status: 'sent', sentVia: 'push', replyToken: null });
    expect(await h.requests('push')).toMatchObject([{ status: 200, retryKey: row!.id }]);
    const bot = (await h.conversation(user)).filter((e) => e.direction === 'bot');
    expect(bot.map((e) => [e.via, e.message.text])).toEqual([['push', 'ได้รับ: สายไปนิด']]);
    // The token was still good at LINE: going by push was the service's choice, not LINE's refusal.
    expect((await createLineApi(h.channels.get(DEFAULT_CHANNEL_ID)!).reply(event.replyToken!, [text('ยังใช้ได้')])).ok).toBe(true);
  });

  it('answers an event 40 s old with its reply token, free', async () => {
    const user = await h.createUser('ครูปิติ');
    const event = await h.userSays(user, 'ทันเวลา');

    await handleAtAge(event, 40_000);

    expect(await h.requests('push')).toEqual([]);
    expect(await h.requests('reply')).toMatchObject([{ status: 200 }]);
    const [row] = await h.database.db.select().from(outboxMessages).where(eq(outboxMessages.toUserId, user));
    expect(row).toMatchObject({ status: 'sent', sentVia: 'reply', replyToken: event.replyToken });
    const bot = (await h.conversation(user)).filter((e) => e.direction === 'bot');
    expect(bot.map((e) => [e.via, e.message.text])).toEqual([['reply', 'ได้รับ: ทันเวลา']]);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { postbackFor, reply, type Flow } from '../../src/bot/flow.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { CONVERSATION_IDLE_MS, saveConversation } from '../../src/bot/conversation-store.ts';
import { conversations } from '../../src/db/schema.ts';
import { HELP_MENU_REVISION, helpTopicAction } from '../../src/flows/greeting/actions.ts';
import { greetingFlow } from '../../src/flows/greeting/flow.ts';
import { greetingTexts } from '../../src/flows/greeting/messages.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { definePostbackAction, encodePostback, encodeSealedPostback } from '../../src/line/postback.ts';
import {
  outboxRows,
  postbackEvent,
  startInbound,
  textEvent,
  webhookBody,
  TEST_SECRET,
  type InboundHarness,
  type OutboxView, lineUserId } from '../support/inbound.ts';

/** A small stateful flow: "นับ" starts counting; each message counts on; a button sets the count if still current. */
const setCount = definePostbackAction('counter:set', 'counter', z.object({ n: z.number().int(), at: z.number().int() }));
const counterFlow: Flow<{ n: number }> = {
  name: 'counter',
  version: 2,
  dataSchema: z.object({ n: z.number().int() }),
  actions: [setCount],
  startsOn: (input) => input.kind === 'text' && input.text === 'นับ',
  step(state, input) {
    const set = postbackFor(input, setCount);
    if (set) {
      // The button carries the count it was drawn for: pressed after the count moved on, it is stale.
      if (!state || state.data.n !== set.payload.at) return { state, effects: [{ kind: 'staleButton' }] };
      return { state: { step: 'counting', data: { n: set.payload.n } }, effects: [reply({ type: 'text', text: `ตั้งเป็น ${set.payload.n}` })] };
    }
    const n = (state?.data.n ?? 0) + 1;
    const button = { type: 'postback' as const, label: 'ตั้งเป็น 10', data: encodePostback(setCount, { n: 10, at: n }) };
    return {
      state: { step: 'counting', data: { n } },
      effects: [reply({ type: 'text', text: `นับ ${n}`, quickReply: { items: [{ type: 'action', action: button }] } })],
    };
  },
};

let h: InboundHarness;
let clock: number;
const now = () => new Date(clock);
const MINUTE = 60_000;

beforeAll(async () => {
  h = await startInbound();
});
afterAll(async () => h.close());
beforeEach(() => {
  clock = Date.now() + 2000;
});
afterEach(async () => h.stopDispatchers());

async function deliver(event: { webhookEventId: string }): Promise<OutboxView[]> {
  expect((await h.post(webhookBody(event))).status).toBe(200);
  await h.dispatcher({ now, flows: [counterFlow, greetingFlow] }).drain();
  await h.stopDispatchers();
  return (await outboxRows(h.database)).filter((row) => row.sourceEventId === event.webhookEventId);
}
const say = async (userId: string, text: string) => (await deliver(textEvent(userId, text, { timestamp: clock }))).flatMap((r) => r.texts);
const tap = async (userId: string, data: string) => (await deliver(postbackEvent(userId, data, { timestamp: clock }))).flatMap((r) => r.texts);

async function conversationOf(userId: string) {
  const [row] = await h.database.db.select().from(conversations).where(eq(conversations.userId, userId));
  return row;
}

/** The (sealed) data of the first button in the latest reply to this user. */
async function lastButtonData(userId: string): Promise<string> {
  const rows = await outboxRows(h.database, userId);
  const match = JSON.stringify(rows.at(-1)!.messages).match(/"data":"([^"]+)"/);
  return match![1]!;
}

describe('conversation state', () => {
  it('keeps a flow\'s versioned state between messages, with a 30-minute idle expiry', async () => {
    expect(await say(lineUserId('U-keep'), 'นับ')).toEqual(['นับ 1']);
    clock += 29 * MINUTE;
    expect(await say(lineUserId('U-keep'), 'อีก')).toEqual(['นับ 2']);
    const row = await conversationOf(lineUserId('U-keep'));
    expect(row).toMatchObject({ flow: 'counter', step: 'counting', version: 2, data: { n: 2 } });
    expect(row!.expiresAt.getTime()).toBe(clock + CONVERSATION_IDLE_MS);
  });

  it('tells a user who comes back after 30 idle minutes that the conversation expired, then handles the message afresh', async () => {
    await say(lineUserId('U-expire'), 'นับ');
    clock += 31 * MINUTE;
    const texts = await say(lineUserId('U-expire'), 'สวัสดีค่ะ');
    expect(texts[0]).toBe(botMessages.conversationExpired);
    expect(texts[1]).toBe(greetingTexts.greeting);
    expect(await conversationOf(lineUserId('U-expire'))).toBeUndefined();
  });

  it('after 30 idle minutes a button of another service just answers, without the expiry notice', async () => {
    await say(lineUserId('U-expire-card'), 'นับ');
    clock += 31 * MINUTE;
    // A help topic's button (another flow than the counter that expired): its answer alone.
    const topic = encodeSealedPostback(helpTopicAction, { t: 'booking', r: HELP_MENU_REVISION }, TEST_SECRET);
    expect(await tap(lineUserId('U-expire-card'), topic)).toEqual([greetingTexts.topicText('booking', null)]);
    expect(await conversationOf(lineUserId('U-expire-card'))).toBeUndefined();
    // A rich-menu tile of another service likewise.
    await say(lineUserId('U-expire-tile'), 'นับ');
    clock += 31 * MINUTE;
    const tile = await say(lineUserId('U-expire-tile'), MENU_COMMANDS.bookRoom);
    expect(tile.length).toBeGreaterThan(0);
    expect(tile).not.toContain(botMessages.conversationExpired);
  });

  it('leaves any flow on "ยกเลิก" and confirms it', async () => {
    await say(lineUserId('U-cancel'), 'นับ');
    expect(await say(lineUserId('U-cancel'), ' ยกเลิก ')).toEqual([botMessages.cancelled]);
    expect(await conversationOf(lineUserId('U-cancel'))).toBeUndefined();
    expect((await say(lineUserId('U-cancel'), 'ต่อ'))[0]).toBe(greetingTexts.greeting);
  });

  it('answers "ยกเลิก" outside any flow with nothing to cancel', async () => {
    expect(await say(lineUserId('U-cancel-none'), 'ยกเลิก')).toEqual([botMessages.nothingToCancel]);
  });

  it('restarts politely when the stored state was written by another version of the flow', async () => {
    await saveConversation(h.database.db, {
      channelId: 'default',
      officeId: 'default',
      userId: lineUserId('U-version'),
      flow: 'counter',
      step: 'counting',
      version: 1,
      data: { n: 5 },
      updatedAt: new Date(clock),
      expiresAt: new Date(clock + CONVERSATION_IDLE_MS),
    });
    const texts = await say(lineUserId('U-version'), 'นับ');
    expect(texts).toEqual([botMessages.flowUpdated, 'นับ 1']);
    expect((await conversationOf(lineUserId('U-version')))?.version).toBe(2);
  });

  it('answers a forged button politely and changes nothing', async () => {
    await say(lineUserId('U-forged'), 'นับ');
    const before = await conversationOf(lineUserId('U-forged'));
    const [v, name, , mac] = (await lastButtonData(lineUserId('U-forged'))).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ n: 999, at: 1 })).toString('base64url');
    clock += MINUTE;
    expect(await tap(lineUserId('U-forged'), `${v}.${name}.${forgedPayload}.${mac}`)).toEqual([botMessages.buttonNoLongerValid]);
    expect(await conversationOf(lineUserId('U-forged'))).toEqual(before);
  });

  it('answers a button of an action that no longer exists politely and changes nothing', async () => {
    await say(lineUserId('U-unknown'), 'นับ');
    const before = await conversationOf(lineUserId('U-unknown'));
    const gone = definePostbackAction('removed:thing', 'removed', z.object({}));
    expect(await tap(lineUserId('U-unknown'), encodeSealedPostback(gone, {}, TEST_SECRET))).toEqual([botMessages.buttonNoLongerValid]);
    expect(await tap(lineUserId('U-unknown'), 'v1|repair.start')).toEqual([botMessages.buttonNoLongerValid]);
    expect(await conversationOf(lineUserId('U-unknown'))).toEqual(before);
  });

  it('answers a stale button (drawn for an earlier state) politely and changes nothing; the current one works', async () => {
    await say(lineUserId('U-stale'), 'นับ');
    const oldButton = await lastButtonData(lineUserId('U-stale'));
    await say(lineUserId('U-stale'), 'อีก');
    const currentButton = await lastButtonData(lineUserId('U-stale'));
    const before = await conversationOf(lineUserId('U-stale'));
    clock += MINUTE;
    expect(await tap(lineUserId('U-stale'), oldButton)).toEqual([botMessages.buttonNoLongerValid]);
    expect(await conversationOf(lineUserId('U-stale'))).toEqual(before);
    expect(await tap(lineUserId('U-stale'), currentButton)).toEqual(['ตั้งเป็น 10']);
    expect((await conversationOf(lineUserId('U-stale')))?.data).toEqual({ n: 10 });
  });

  it('answers the greeting\'s help buttons, and an old revision of them as no longer valid', async () => {
    await say(lineUserId('U-help'), 'สวัสดี');
    const rows = await outboxRows(h.database, lineUserId('U-help'));
    const quickReplySchema = z.object({ quickReply: z.object({ items: z.array(z.object({ action: z.object({ label: z.string(), data: z.string() }) })) }) });
    const quick = quickReplySchema.parse(rows[0]!.messages.find((m) => m.quickReply));
    const booking = quick.quickReply.items.find((i) => i.action.label === 'จองห้อง')!;
    expect(await tap(lineUserId('U-help'), booking.action.data)).toEqual([greetingTexts.topicText('booking', null)]);
    const old = encodeSealedPostback(helpTopicAction, { t: 'booking', r: HELP_MENU_REVISION + 1 }, TEST_SECRET);
    expect(await tap(lineUserId('U-help'), old)).toEqual([botMessages.buttonNoLongerValid]);
  });

  it('forgets the conversation when the user blocks the bot', async () => {
    await say(lineUserId('U-block'), 'นับ');
    const unfollow = { ...textEvent(lineUserId('U-block'), 'x', { timestamp: clock, replyToken: null }), type: 'unfollow', message: undefined };
    expect(await deliver(unfollow)).toEqual([]);
    expect(await conversationOf(lineUserId('U-block'))).toBeUndefined();
  });
});

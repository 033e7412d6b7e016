import { createHmac } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { eq, inArray } from 'drizzle-orm';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { findPersonByLineUser } from '../../src/db/repos/people.ts';
import { conversations, inboxEvents, outboxMessages } from '../../src/db/schema.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { issueInvitation } from '../../src/flows/directory/issue-invitation.ts';
import { registrationLabels } from '../../src/flows/registration/messages.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { insertOfficeChannel } from '../../src/db/repos/line-channels.ts';
import { createTestDatabase } from '../support/database.ts';
import { emulatorClient } from '../support/service.ts';

/**
 * One deployment, two offices, each with its own LINE Official Account. The local LINE platform runs on its
 * own port with both channels, as LINE would; the service is deployed as with LINE: the first office's channel
 * from the settings (`/webhook`), the second's a `line_channels` row with its own secret and token pointing at
 * the platform (`/webhook/<channel id>`). The emulator knows a channel only by its token, and answers a reply
 * token or a push to a user of another channel with 400, so a message in a user's conversation went out
 * with that user's channel's token.
 */

const FIRST = { channelId: DEFAULT_CHANNEL_ID, channelSecret: 'first-office-secret-0123456789ab', channelAccessToken: 'first-office-token-0123456789abcdef' };
const SECOND = { channelId: '2007654321', channelSecret: 'second-office-secret-9876543210ba', channelAccessToken: 'second-office-token-fedcba9876543210' };
const SECOND_OFFICE = 'khet2';

interface Entry {
  seq: number;
  direction: 'user' | 'bot';
  via: string;
  channelId: string;
  message: { type: string; text?: string; quickReply?: { items: Array<{ action: { label: string; data?: string; displayText?: string } }> } };
}
interface ApiCall {
  endpoint?: string;
  path: string;
  status: number;
  channelId?: string;
  retryKey?: string;
}

let emulator: Emulator;
let platform: { url: string; close(): Promise<void> };
let service: RunningService;
let client: ReturnType<typeof emulatorClient>;

beforeAll(async () => {
  emulator = createEmulator({
    channels: [
      { ...FIRST, webhookUrl: 'http://127.0.0.1:9/not-yet' },
      { ...SECOND, webhookUrl: 'http://127.0.0.1:9/not-yet' },
    ],
    logger: createLogger('silent'),
  });
  platform = await emulator.listen(0);
  client = emulatorClient(`${platform.url}/api`);

  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const database = await createTestDatabase(logger);
  // The second office and its channel, as an operator adds them: its own secret and token, its API at the platform.
  await insertOfficeChannel(database.db, {
    id: SECOND.channelId,
    officeId: SECOND_OFFICE,
    officeName: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษา เขต 2',
    channelSecret: SECOND.channelSecret,
    channelAccessToken: SECOND.channelAccessToken,
    apiBaseUrl: platform.url,
    dataApiBaseUrl: platform.url,
  });
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-multi-')),
    LOG_LEVEL: 'silent',
    LINE_CHANNEL_SECRET: FIRST.channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: FIRST.channelAccessToken,
    LINE_API_BASE_URL: platform.url,
    LINE_DATA_API_BASE_URL: platform.url,
  });
  service = await startService(config, { database, logger });
  emulator.setWebhookUrl(FIRST.channelId, `${service.url}/webhook`);
  emulator.setWebhookUrl(SECOND.channelId, `${service.url}/webhook/${SECOND.channelId}`);
});
afterAll(async () => {
  await service?.stop();
  await platform?.close();
});
beforeEach(async () => {
  await client.call('DELETE', '/faults');
});

async function settle(): Promise<void> {
  await service.dispatcher.drain();
  await service.sender.drain();
}

const newUser = async (displayName: string, channelId: string) =>
  (await client.call<{ userId: string }>('POST', '/users', { displayName, channelId })).userId;
const entriesOf = async (userId: string) => (await client.call<{ entries: Entry[] }>('GET', `/users/${userId}/conversation`)).entries;
const botEntriesOf = async (userId: string) => (await entriesOf(userId)).filter((e) => e.direction === 'bot');
const apiCalls = async () => (await client.call<{ requests: ApiCall[] }>('GET', '/requests')).requests;
const sendingCalls = async () => (await apiCalls()).filter((r) => /\/v2\/bot\/message\/(reply|push|multicast)$/.test(r.path));

async function inboxRow(webhookEventId: string) {
  const [row] = await service.database.db.select().from(inboxEvents).where(eq(inboxEvents.webhookEventId, webhookEventId));
  return row;
}
const outboxTo = (userId: string) => service.database.db.select().from(outboxMessages).where(eq(outboxMessages.toUserId, userId));

/** Taps the quick-reply button with this label in the bot's latest message to the user. */
async function tapLabel(userId: string, label: string): Promise<void> {
  const last = (await botEntriesOf(userId)).at(-1);
  const button = last?.message.quickReply?.items.find((i) => i.action.label === label)?.action;
  if (!button?.data) throw new Error(`no button "${label}" in ${JSON.stringify(last?.message)}`);
  await client.call('POST', `/users/${userId}/postbacks`, { data: button.data, displayText: button.displayText ?? label });
  await settle();
}

async function say(userId: string, text: string): Promise<void> {
  expect((await client.sendText(userId, text)).status).toBe(200);
  await settle();
}

describe('two offices on one deployment, each with its own LINE channel', () => {
  it('a user of the second channel is stored with the second office and answered with the second channel’s token, a user of the first with the first’s', async () => {
    const second = await newUser('ครูเขตสอง', SECOND.channelId);
    const first = await newUser('ครูเขตหนึ่ง', FIRST.channelId);
    const [toSecond, toFirst] = await Promise.all([client.sendText(second, 'สวัสดีค่ะ'), client.sendText(first, 'สวัสดีครับ')]);
    expect([toSecond.status, toFirst.status]).toEqual([200, 200]);
    await settle();

    expect(await inboxRow(toSecond.webhookEventId)).toMatchObject({ channelId: SECOND.channelId, officeId: SECOND_OFFICE, chatKey: second, status: 'done' });
    expect(await inboxRow(toFirst.webhookEventId)).toMatchObject({ channelId: FIRST.channelId, officeId: DEFAULT_OFFICE_ID, chatKey: first, status: 'done' });

    // What the bot wrote for each user is its office's and its channel's, and went out.
    const secondRows = await outboxTo(second);
    expect(secondRows.length).toBeGreaterThan(0);
    for (const row of secondRows) expect(row).toMatchObject({ channelId: SECOND.channelId, officeId: SECOND_OFFICE, status: 'sent', sentVia: 'reply' });
    for (const row of await outboxTo(first)) expect(row).toMatchObject({ channelId: FIRST.channelId, officeId: DEFAULT_OFFICE_ID, status: 'sent' });

    // On the platform: the second user's answer came through the second channel only, the first's through the first.
    const secondAnswers = await botEntriesOf(second);
    expect(secondAnswers.length).toBe(secondRows.reduce((n, row) => n + (row.messages as unknown[]).length, 0));
    expect(secondAnswers.map((e) => [e.channelId, e.via])).toEqual(secondAnswers.map(() => [SECOND.channelId, 'reply']));
    expect(JSON.stringify(secondAnswers.map((e) => e.message))).toMatch(/[\u0E00-\u0E7F]/);
    const firstAnswers = await botEntriesOf(first);
    expect(firstAnswers.length).toBeGreaterThan(0);
    expect(new Set(firstAnswers.map((e) => e.channelId))).toEqual(new Set([FIRST.channelId]));

    // No call was refused: none went out with a token the platform does not know, or to another channel's user.
    const calls = await apiCalls();
    expect(calls.filter((r) => r.status >= 400)).toEqual([]);
    expect(calls.every((r) => r.channelId === FIRST.channelId || r.channelId === SECOND.channelId)).toBe(true);
    const replies = await sendingCalls();
    expect(replies.filter((r) => r.channelId === SECOND.channelId)).toHaveLength(secondRows.length);
  });

  it('when the second channel’s reply token is refused, the push goes with the second channel’s token and counts on its quota, not the first’s', async () => {
    const second = await newUser('ครูเขตสอง ข', SECOND.channelId);
    const before = await sendingCalls();
    const firstQuota = (await client.call<{ totalUsage: number }>('GET', `/quota?channelId=${FIRST.channelId}`)).totalUsage;
    await client.call('POST', '/faults', { path: 'reply', status: 400, count: 1, body: { message: 'Invalid reply token' } });

    await say(second, 'สวัสดีค่ะ');

    const rows = await outboxTo(second);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channelId: SECOND.channelId, officeId: SECOND_OFFICE, status: 'sent', sentVia: 'push' });
    const calls = (await sendingCalls()).slice(before.length);
    expect(calls.map((r) => [r.path, r.status, r.channelId])).toEqual([
      ['/v2/bot/message/reply', 400, undefined], // the armed fault answers before the token is looked at
      ['/v2/bot/message/push', 200, SECOND.channelId],
    ]);
    expect(calls[1]!.retryKey).toBe(rows[0]!.id);
    const answers = await botEntriesOf(second);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.map((e) => [e.channelId, e.via])).toEqual(answers.map(() => [SECOND.channelId, 'push']));
    expect((await client.call<{ totalUsage: number }>('GET', `/quota?channelId=${SECOND.channelId}`)).totalUsage).toBe(1);
    expect((await client.call<{ totalUsage: number }>('GET', `/quota?channelId=${FIRST.channelId}`)).totalUsage).toBe(firstQuota);
  });

  it('a second-office user’s conversation and person record belong to the second office', async () => {
    const { code } = await issueInvitation(service.database.db, { officeId: SECOND_OFFICE, role: 'technician', schoolId: null, createdBy: null, now: new Date() });
    const userId = await newUser('ช่างเขตสอง', SECOND.channelId);
    await client.follow(userId);
    await settle();

    const [state] = await service.database.db.select().from(conversations).where(eq(conversations.userId, userId));
    expect(state).toMatchObject({ channelId: SECOND.channelId, officeId: SECOND_OFFICE });

    await tapLabel(userId, registrationLabels.consentYes);
    await tapLabel(userId, registrationLabels.haveInvitation);
    await say(userId, code);
    await say(userId, 'สมชาย ช่างเขตสอง');
    await say(userId, '0812345678');

    const person = await findPersonByLineUser(service.database.db, SECOND.channelId, userId);
    expect(person).toMatchObject({ officeId: SECOND_OFFICE, channelId: SECOND.channelId, role: 'technician', fullName: 'สมชาย ช่างเขตสอง' });
    expect(await findPersonByLineUser(service.database.db, FIRST.channelId, userId)).toBeNull();

    const answers = await botEntriesOf(userId);
    expect(answers.length).toBeGreaterThanOrEqual(6);
    expect(new Set(answers.map((e) => e.channelId))).toEqual(new Set([SECOND.channelId]));
    const rows = await outboxTo(userId);
    expect(new Set(rows.map((r) => `${r.channelId}/${r.officeId}/${r.status}`))).toEqual(new Set([`${SECOND.channelId}/${SECOND_OFFICE}/sent`]));
  });

  it('the second channel’s events signed with the first channel’s secret are refused with 401 and not stored', async () => {
    const userId = await newUser('ครูเขตสอง ค', SECOND.channelId);
    // The platform signs the second channel's deliveries with the first channel's secret for a moment.
    emulator.addChannel({ ...SECOND, channelSecret: FIRST.channelSecret, webhookUrl: `${service.url}/webhook/${SECOND.channelId}` });
    let refused: { webhookEventId: string; status: number };
    try {
      refused = await client.sendText(userId, 'ข้อความที่ลงลายมือผิด');
    } finally {
      emulator.addChannel({ ...SECOND, webhookUrl: `${service.url}/webhook/${SECOND.channelId}` });
    }
    expect(refused.status).toBe(401);
    await settle();
    expect(await inboxRow(refused.webhookEventId)).toBeUndefined();
    expect(await botEntriesOf(userId)).toEqual([]);

    // The same bytes signed by hand: the first secret is refused at the second path, the second secret at the first path.
    const body = JSON.stringify({
      destination: 'U0123456789abcdef0123456789abcdef',
      events: [{ type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId: '01JQ0000000000000000000000', deliveryContext: { isRedelivery: false }, source: { type: 'user', userId }, replyToken: '0f'.repeat(16), message: { id: '1', type: 'text', text: 'x', quoteToken: 'q' } }],
    });
    const post = (route: string, secret: string) =>
      fetch(`${service.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-line-signature': createHmac('sha256', secret).update(body).digest('base64') },
        body,
      });
    expect((await post(`/webhook/${SECOND.channelId}`, FIRST.channelSecret)).status).toBe(401);
    expect((await post('/webhook', SECOND.channelSecret)).status).toBe(401);
    expect(await service.database.db.select().from(inboxEvents).where(inArray(inboxEvents.webhookEventId, ['01JQ0000000000000000000000']))).toEqual([]);

    // The redelivery, signed with the right secret again, is taken.
    const redelivered = await client.call<{ status: number }>('POST', `/events/${refused.webhookEventId}/redeliver`);
    expect(redelivered.status).toBe(200);
    await settle();
    expect(await inboxRow(refused.webhookEventId)).toMatchObject({ channelId: SECOND.channelId, officeId: SECOND_OFFICE });
  });

  it('an office added while the service runs is served on its own channel without a restart', async () => {
    const THIRD = { channelId: '2009999999', channelSecret: 'third-office-secret-00112233445566', channelAccessToken: 'third-office-token-66554433221100' };
    await insertOfficeChannel(service.database.db, {
      id: THIRD.channelId,
      officeId: 'khet3',
      officeName: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษา เขต 3',
      channelSecret: THIRD.channelSecret,
      channelAccessToken: THIRD.channelAccessToken,
      apiBaseUrl: platform.url,
      dataApiBaseUrl: platform.url,
    });
    emulator.addChannel({ ...THIRD, webhookUrl: `${service.url}/webhook/${THIRD.channelId}` });
    const userId = await newUser('ครูเขตสาม', THIRD.channelId);

    // The service reloads its list of channels at most every few seconds; until then LINE's redelivery retries.
    const sent = await client.sendText(userId, 'สวัสดีค่ะ');
    let status = sent.status;
    for (let tries = 0; status !== 200 && tries < 16; tries++) {
      expect(status).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await client.call<{ status: number }>('POST', `/events/${sent.webhookEventId}/redeliver`)).status;
    }
    expect(status).toBe(200);
    await settle();

    expect(await inboxRow(sent.webhookEventId)).toMatchObject({ channelId: THIRD.channelId, officeId: 'khet3', status: 'done' });
    const answers = await botEntriesOf(userId);
    expect(answers.length).toBeGreaterThan(0);
    expect(new Set(answers.map((e) => e.channelId))).toEqual(new Set([THIRD.channelId]));
    for (const row of await outboxTo(userId)) expect(row).toMatchObject({ channelId: THIRD.channelId, officeId: 'khet3', status: 'sent' });
  });
});

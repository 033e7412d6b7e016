import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulatorHarness, type EmulatorHarness } from '../support/emulator-harness.ts';

let h: EmulatorHarness;
beforeAll(async () => {
  h = await startEmulatorHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  h.received.length = 0;
  h.clock.now = Date.parse('2026-03-15T03:00:00Z');
  await h.control('POST', '/reset');
  await h.control('PUT', '/quota', { value: 300 });
});

const text = (t: string) => ({ type: 'text', text: t });

/** A user who wrote to the bot; returns the event's reply token. */
async function userWrites(userId: string, words = 'สวัสดี'): Promise<string> {
  await h.control('POST', `/users/${userId}/messages`, { type: 'text', text: words });
  return h.received.at(-1)!.body.events[0]!.replyToken as string;
}

describe('reply', () => {
  it('a reply token works once and not after one minute', async () => {
    const userId = await h.newUser();
    const token = await userWrites(userId);
    const first = await h.api('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('สวัสดีค่ะ')] });
    expect(first.status).toBe(200);
    expect(first.body.sentMessages).toHaveLength(1);
    expect(first.body.sentMessages[0].id).toMatch(/^\d+$/);
    expect(first.headers.get('x-line-request-id')).toBeTruthy();
    const second = await h.api('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('อีกครั้ง')] });
    expect(second).toMatchObject({ status: 400, body: { message: 'Invalid reply token' } });

    const late = await userWrites(userId);
    h.clock.now += 60_000;
    const expired = await h.api('POST', '/v2/bot/message/reply', { replyToken: late, messages: [text('ช้าไป')] });
    expect(expired).toMatchObject({ status: 400, body: { message: 'Invalid reply token' } });
  });

  it('a reply token is still good just before its minute ends, and replies are free', async () => {
    const userId = await h.newUser();
    const token = await userWrites(userId);
    h.clock.now += 59_000;
    expect((await h.api('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('ทัน')] })).status).toBe(200);
    expect((await h.api('GET', '/v2/bot/message/quota/consumption')).body).toEqual({ totalUsage: 0 });
  });

  it('a retry key on a reply is refused', async () => {
    const userId = await h.newUser();
    const token = await userWrites(userId);
    const res = await h.api('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('x')] }, { 'x-line-retry-key': randomUUID() });
    expect(res.status).toBe(400);
    // The token was not spent by the refused call.
    expect((await h.api('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('x')] })).status).toBe(200);
  });
});

describe('validation and authentication', () => {
  it("a message LINE would reject gets LINE's 400 shape and is not delivered", async () => {
    const userId = await h.newUser();
    const res = await h.api('POST', '/v2/bot/message/push', {
      to: userId,
      messages: [text('x'.repeat(5001)), { type: 'flex', altText: 'การ์ด', contents: { type: 'bubble', body: { type: 'box', layout: 'diagonal', contents: [] } } }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: 'The request body has 2 error(s)',
      details: [
        { message: 'Length must be between 0 and 5000', property: 'messages[0].text' },
        { message: expect.any(String), property: 'messages[1].contents.body.layout' },
      ],
    });
    expect((await h.control('GET', `/users/${userId}/conversation`)).body.entries).toEqual([]);
  });

  it('malformed JSON gets a 400 in LINE shape', async () => {
    const res = await h.api('POST', '/v2/bot/message/push', '{"to": ');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The request body has 1 error(s)');
  });

  it('a wrong access token gets 401', async () => {
    const res = await h.api('GET', '/v2/bot/message/quota', undefined, { authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/^Authentication failed/);
  });
});

describe('push and retry keys', () => {
  it('a repeated retry key gets 409 and delivers nothing', async () => {
    const userId = await h.newUser();
    const key = randomUUID();
    const first = await h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('แจ้งเตือน')] }, { 'x-line-retry-key': key });
    expect(first.status).toBe(200);
    const again = await h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('แจ้งเตือน')] }, { 'x-line-retry-key': key });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ message: 'The retry key is already accepted' });
    expect(again.headers.get('x-line-accepted-request-id')).toBe(first.headers.get('x-line-request-id'));
    const entries = (await h.control('GET', `/users/${userId}/conversation`)).body.entries;
    expect(entries.map((e: any) => [e.direction, e.via, e.message.text])).toEqual([['bot', 'push', 'แจ้งเตือน']]);
    expect((await h.api('GET', '/v2/bot/message/quota/consumption')).body).toEqual({ totalUsage: 1 });
  });

  it('a retry key is forgotten after 24 hours', async () => {
    const userId = await h.newUser();
    const key = randomUUID();
    await h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('a')] }, { 'x-line-retry-key': key });
    h.clock.now += 24 * 3600 * 1000;
    expect((await h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('a')] }, { 'x-line-retry-key': key })).status).toBe(200);
  });

  it('a malformed retry key gets 400; an unknown recipient gets 400', async () => {
    const userId = await h.newUser();
    expect((await h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('a')] }, { 'x-line-retry-key': 'not-a-uuid' })).status).toBe(400);
    expect((await h.api('POST', '/v2/bot/message/push', { to: `U${'f'.repeat(32)}`, messages: [text('a')] })).status).toBe(400);
  });

  it('a push to a user who unfollowed is accepted but not delivered nor counted', async () => {
    const userId = await h.newUser();
    await h.control('POST', `/users/${userId}/unfollow`);
    expect((await h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('a')] })).status).toBe(200);
    expect((await h.control('GET', `/users/${userId}/conversation`)).body.entries).toEqual([]);
    expect((await h.control('GET', '/quota')).body.totalUsage).toBe(0);
  });

  it('fault injection fails the next N pushes with Retry-After, then the retry is delivered once', async () => {
    const userId = await h.newUser();
    await h.control('POST', '/faults', { path: 'push', status: 500, count: 2, retryAfterSeconds: 3 });
    const key = randomUUID();
    const push = () => h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('ลองใหม่')] }, { 'x-line-retry-key': key });
    const attempts = [await push(), await push(), await push(), await push()];
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 200, 409]);
    expect(attempts[0]!.headers.get('retry-after')).toBe('3');
    const log = (await h.control('GET', '/requests?path=push')).body.requests;
    expect(log.map((r: any) => [r.status, r.retryKey])).toEqual([[500, key], [500, key], [200, key], [409, key]]);
    expect((await h.control('GET', `/users/${userId}/conversation`)).body.entries).toHaveLength(1);
  });

  it('a fault on reply does not spend the token; cleared faults stop failing', async () => {
    const userId = await h.newUser();
    const token = await userWrites(userId);
    await h.control('POST', '/faults', { path: '*', status: 429, count: 5 });
    expect((await h.api('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('x')] })).status).toBe(429);
    await h.control('DELETE', '/faults');
    expect((await h.api('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('x')] })).status).toBe(200);
  });
});

describe('multicast and quota', () => {
  it('quota counts each multicast recipient', async () => {
    const users = [await h.newUser('ก'), await h.newUser('ข'), await h.newUser('ค')];
    const res = await h.api('POST', '/v2/bot/message/multicast', { to: users, messages: [text('ประกาศ'), text('รายละเอียด')] });
    expect(res).toMatchObject({ status: 200, body: {} });
    expect((await h.api('GET', '/v2/bot/message/quota/consumption')).body).toEqual({ totalUsage: 3 });
    expect((await h.control('GET', '/quota')).body).toEqual({ month: '2026-03', totalUsage: 3, value: 300 });
    for (const userId of users) {
      const entries = (await h.control('GET', `/users/${userId}/conversation`)).body.entries;
      expect(entries.map((e: any) => [e.via, e.message.text])).toEqual([['multicast', 'ประกาศ'], ['multicast', 'รายละเอียด']]);
    }
  });

  it('the allowance is per Bangkok calendar month and refuses sends beyond it with 429', async () => {
    const userId = await h.newUser();
    await h.control('PUT', '/quota', { value: 1 });
    expect((await h.api('GET', '/v2/bot/message/quota')).body).toEqual({ type: 'limited', value: 1 });
    expect((await h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('1')] })).status).toBe(200);
    expect((await h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('2')] })).status).toBe(429);
    // 31 March 17:00 UTC is already 1 April in Bangkok: a new month.
    h.clock.now = Date.parse('2026-03-31T17:00:00Z');
    expect((await h.api('GET', '/v2/bot/message/quota/consumption')).body).toEqual({ totalUsage: 0 });
    expect((await h.api('POST', '/v2/bot/message/push', { to: userId, messages: [text('3')] })).status).toBe(200);
  });
});

describe('conversation, loading, profile', () => {
  it('a long poll on the conversation returns once the bot answers', async () => {
    const userId = await h.newUser();
    const token = await userWrites(userId, 'ขอความช่วยเหลือ');
    const [userEntry] = (await h.control('GET', `/users/${userId}/conversation`)).body.entries;
    expect(userEntry).toMatchObject({ direction: 'user', via: 'webhook', message: { type: 'text', text: 'ขอความช่วยเหลือ' } });
    const waiting = h.control('GET', `/users/${userId}/conversation?after=${userEntry.seq}&waitMs=10000&minEntries=2`);
    await h.api('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('ได้ค่ะ'), { type: 'sticker', packageId: '446', stickerId: '1988' }] });
    const { entries } = (await waiting).body;
    expect(entries.map((e: any) => [e.direction, e.via, e.message.type])).toEqual([['bot', 'reply', 'text'], ['bot', 'reply', 'sticker']]);
    expect(entries[0].requestId).toBeTruthy();
  });

  it('a long poll with nothing new returns empty when its wait ends', async () => {
    const userId = await h.newUser();
    expect((await h.control('GET', `/users/${userId}/conversation?waitMs=50`)).body).toEqual({ entries: [] });
  });

  it('the loading animation takes 5 to 60 seconds in steps of 5', async () => {
    const userId = await h.newUser();
    expect((await h.api('POST', '/v2/bot/chat/loading/start', { chatId: userId, loadingSeconds: 20 })).status).toBe(202);
    expect((await h.api('POST', '/v2/bot/chat/loading/start', { chatId: userId, loadingSeconds: 12 })).status).toBe(400);
  });

  it("a friend's profile is served, a former friend's is 404", async () => {
    const userId = await h.newUser('ครูสมชาย');
    expect((await h.api('GET', `/v2/bot/profile/${userId}`)).body).toEqual({
      userId,
      displayName: 'ครูสมชาย',
      pictureUrl: 'https://example.com/p.png',
      language: 'th',
    });
    await h.control('POST', `/users/${userId}/unfollow`);
    expect((await h.api('GET', `/v2/bot/profile/${userId}`)).status).toBe(404);
  });
});

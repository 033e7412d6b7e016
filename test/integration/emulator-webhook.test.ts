import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulatorHarness, type EmulatorHarness } from '../support/emulator-harness.ts';
import { loadOpenApiValidator } from '../support/openapi.ts';

const webhookSpec = loadOpenApiValidator('webhook.yml');
let h: EmulatorHarness;

beforeAll(async () => {
  h = await startEmulatorHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  h.received.length = 0;
  h.webhookStatus.value = 200;
  await h.control('POST', '/reset');
});

const lastEvent = () => h.received.at(-1)!.body.events[0]!;

describe('the emulator plays LINE toward the webhook', () => {
  it("a user's text reaches the webhook signed as LINE signs, in LINE's event shape", async () => {
    const userId = await h.newUser();
    const res = await h.control('POST', `/users/${userId}/messages`, { type: 'text', text: 'สวัสดี' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(200);
    expect(h.received).toHaveLength(1);
    const delivery = h.received[0]!;
    expect(delivery.signatureValid).toBe(true);
    expect(delivery.contentType).toBe('application/json; charset=utf-8');
    expect(delivery.body.destination).toMatch(/^U[0-9a-f]{32}$/);
    const event = delivery.body.events[0]!;
    expect(event).toMatchObject({
      type: 'message',
      mode: 'active',
      timestamp: h.clock.now,
      webhookEventId: res.body.webhookEventId,
      deliveryContext: { isRedelivery: false },
      source: { type: 'user', userId },
      message: { type: 'text', id: res.body.messageId, text: 'สวัสดี' },
    });
    expect(event.webhookEventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(event.replyToken).toMatch(/^[0-9a-f]{32}$/);
    expect(event.message.id).toMatch(/^\d+$/);
    expect(typeof event.message.quoteToken).toBe('string');
    expect(webhookSpec.validate('CallbackRequest', delivery.body).errors).toEqual([]);
  });

  it('every kind of event it sends validates against LINE webhook spec', async () => {
    const userId = await h.newUser();
    const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    await h.control('POST', `/users/${userId}/follow`);
    await h.control('POST', `/users/${userId}/messages`, { type: 'sticker', packageId: '446', stickerId: '1988' });
    await h.control('POST', `/users/${userId}/messages`, { type: 'image', contentBase64: png, contentType: 'image/png' });
    await h.control('POST', `/users/${userId}/messages`, { type: 'file', fileName: 'หนังสือ.pdf', contentBase64: png, contentType: 'application/pdf' });
    await h.control('POST', `/users/${userId}/messages`, { type: 'location', title: 'สพป.', address: 'ถนน', latitude: 13.7, longitude: 100.5 });
    await h.control('POST', `/users/${userId}/postbacks`, { data: 'v1:date', params: { date: '2026-03-20' } });
    await h.control('POST', `/users/${userId}/unfollow`);
    const types = h.received.map((r) => {
      expect(r.signatureValid).toBe(true);
      expect(webhookSpec.validate('CallbackRequest', r.body).errors).toEqual([]);
      const event = r.body.events[0]!;
      return event.type === 'message' ? `message:${event.message.type}` : event.type;
    });
    expect(types).toEqual(['follow', 'message:sticker', 'message:image', 'message:file', 'message:location', 'postback', 'unfollow']);
    expect(h.received[0]!.body.events[0]!.follow).toEqual({ isUnblocked: false });
    expect(h.received[5]!.body.events[0]!.postback).toEqual({ data: 'v1:date', params: { date: '2026-03-20' } });
    expect(h.received[6]!.body.events[0]!.replyToken).toBeUndefined();
  });

  it('a follow after an unfollow is an unblock', async () => {
    const userId = await h.newUser();
    await h.control('POST', `/users/${userId}/unfollow`);
    await h.control('POST', `/users/${userId}/follow`);
    expect(lastEvent().follow).toEqual({ isUnblocked: true });
  });

  it('redelivery keeps the webhookEventId and reply token and sets isRedelivery, freshly signed', async () => {
    const userId = await h.newUser();
    h.webhookStatus.value = 503;
    const first = await h.control('POST', `/users/${userId}/messages`, { type: 'text', text: 'ซ่อมคอม' });
    expect(first.body.status).toBe(503);
    h.webhookStatus.value = 200;
    const redelivered = await h.control('POST', `/events/${first.body.webhookEventId}/redeliver`);
    expect(redelivered.body).toEqual({ webhookEventId: first.body.webhookEventId, status: 200 });
    const [original, copy] = h.received.map((r) => r.body.events[0]!);
    expect(copy!.deliveryContext).toEqual({ isRedelivery: true });
    expect({ ...copy, deliveryContext: undefined }).toEqual({ ...original, deliveryContext: undefined });
    expect(h.received[1]!.signatureValid).toBe(true);
    expect(webhookSpec.validate('CallbackRequest', h.received[1]!.body).errors).toEqual([]);
  });

  it('an unknown event cannot be redelivered', async () => {
    const res = await h.control('POST', '/events/01HZZZZZZZZZZZZZZZZZZZZZZZ/redeliver');
    expect(res.status).toBe(404);
  });

  it('a webhook batch carries several users’ texts in one signed POST', async () => {
    const [a, b] = [await h.newUser('ก'), await h.newUser('ข')];
    const res = await h.control('POST', '/webhook-batch', { events: [{ userId: a, text: 'หนึ่ง' }, { userId: b, text: 'สอง' }] });
    expect(res.body.status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(h.received[0]!.body.events.map((e) => [e.source.userId, e.message.text])).toEqual([[a, 'หนึ่ง'], [b, 'สอง']]);
    expect(h.received[0]!.body.events.map((e) => e.webhookEventId)).toEqual(res.body.webhookEventIds);
    expect(webhookSpec.validate('CallbackRequest', h.received[0]!.body).errors).toEqual([]);
  });

  it('an unreachable webhook is reported as status 0 with the error', async () => {
    const userId = await h.newUser();
    h.emulator.setWebhookUrl('default', 'http://127.0.0.1:9/webhook');
    try {
      const res = await h.control('POST', `/users/${userId}/messages`, { type: 'text', text: 'x' });
      expect(res.body.status).toBe(0);
      expect(typeof res.body.error).toBe('string');
    } finally {
      h.emulator.setWebhookUrl('default', h.webhookUrl);
    }
  });

  it('content a user sends can be downloaded by the bot with its content type', async () => {
    const userId = await h.newUser();
    const bytes = Buffer.from('%PDF-1.4 fake document');
    const sent = await h.control('POST', `/users/${userId}/messages`, {
      type: 'file',
      fileName: 'a.pdf',
      contentBase64: bytes.toString('base64'),
      contentType: 'application/pdf',
    });
    expect(lastEvent().message.fileSize).toBe(bytes.length);
    const res = await fetch(`${h.url}/v2/bot/message/${sent.body.messageId}/content`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect((await h.api('GET', '/v2/bot/message/999/content')).status).toBe(404);
  });

  it('a user who unfollowed cannot message the bot until following again', async () => {
    const userId = await h.newUser();
    await h.control('POST', `/users/${userId}/unfollow`);
    const res = await h.control('POST', `/users/${userId}/messages`, { type: 'text', text: 'x' });
    expect(res.status).toBe(409);
    expect(h.received).toHaveLength(1);
  });
});

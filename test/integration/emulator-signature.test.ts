import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { validateSignature } from '@line/bot-sdk';
import { createEmulator } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/logger.ts';

/**
 * The emulator's webhook signature, checked independently of the project's own signature helper (which the
 * service's verification shares, so a wrong algorithm there would pass every other test): LINE's SDK
 * `validateSignature` and a plain HMAC-SHA256/base64 computed here, on the exact bytes a bare node:http
 * server received.
 */

const SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const OTHER_SECRET = 'ffffffffffffffffffffffffffffffff';

interface Delivery {
  raw: Buffer;
  headers: IncomingHttpHeaders;
}

const received: Delivery[] = [];
let receiver: Server;
let emulatorListener: { url: string; close(): Promise<void> };

async function control(method: string, route: string, body?: unknown): Promise<any> {
  const res = await fetch(`${emulatorListener.url}/api${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return res.json();
}

/** Base64 of HMAC-SHA256 with the channel secret as key over the raw body, as LINE documents it. */
const lineSignature = (secret: string, raw: Buffer) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(raw).digest('base64');

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ raw: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callback`;
  const emulator = createEmulator({
    channels: [{ channelId: '2001234567', channelSecret: SECRET, channelAccessToken: 'token-of-the-signature-test', webhookUrl }],
    logger: createLogger('silent'),
  });
  emulatorListener = await emulator.listen(0);
});
afterAll(async () => {
  await emulatorListener.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  received.length = 0;
});

describe('the emulator signs its webhooks exactly as LINE does', () => {
  it('every kind of delivery verifies with the SDK’s validateSignature and a plain HMAC-SHA256 of the received bytes', async () => {
    const { userId } = await control('POST', '/users', { displayName: 'ครูสมศรี 👩‍🏫' });
    const { userId: other } = await control('POST', '/users', { displayName: 'ครูสมชาย' });
    const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    await control('POST', `/users/${userId}/follow`);
    // Thai, an emoji outside the BMP, quotes and a backslash: bytes a lax signer (latin1, JS string length) gets wrong.
    const sent = await control('POST', `/users/${userId}/messages`, { type: 'text', text: 'สวัสดีค่ะ 🙏 "ซ่อม\\คอม"' });
    await control('POST', `/users/${userId}/messages`, { type: 'image', contentBase64: png, contentType: 'image/png' });
    await control('POST', `/users/${userId}/postbacks`, { data: 'v1:x', params: { datetime: '2026-03-20T09:30' } });
    await control('POST', `/events/${sent.webhookEventId}/redeliver`);
    await control('POST', '/webhook-batch', { events: [{ userId, text: 'หนึ่ง' }, { userId: other, text: 'สอง' }] });
    await control('POST', `/users/${userId}/unfollow`);

    expect(received).toHaveLength(7);
    for (const delivery of received) {
      const signature = delivery.headers['x-line-signature'];
      expect(typeof signature).toBe('string');
      // A base64 SHA-256 digest: 32 bytes, 44 characters with one '=' of padding.
      expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(validateSignature(delivery.raw, SECRET, signature as string)).toBe(true);
      expect(signature).toBe(lineSignature(SECRET, delivery.raw));
      // The header names this channel's secret, not just any key.
      expect(validateSignature(delivery.raw, OTHER_SECRET, signature as string)).toBe(false);
      expect(JSON.parse(delivery.raw.toString('utf8')).events.length).toBeGreaterThan(0);
    }
    const text = JSON.parse(received[1]!.raw.toString('utf8')).events[0].message.text;
    expect(text).toBe('สวัสดีค่ะ 🙏 "ซ่อม\\คอม"');
    expect(JSON.parse(received[4]!.raw.toString('utf8')).events[0].deliveryContext).toEqual({ isRedelivery: true });
  });

  it('the signature covers the exact bytes: any change to the received body no longer verifies', async () => {
    const { userId } = await control('POST', '/users', { displayName: 'ครูสมศรี' });
    await control('POST', `/users/${userId}/messages`, { type: 'text', text: 'ขอยืมโปรเจกเตอร์' });
    const { raw, headers } = received[0]!;
    const signature = headers['x-line-signature'] as string;
    expect(validateSignature(raw, SECRET, signature)).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8')), null, 1));
    expect(validateSignature(reserialised, SECRET, signature)).toBe(false);
    const flipped = Buffer.from(raw);
    const at = flipped.length - 2;
    flipped[at] = flipped[at]! ^ 1;
    expect(validateSignature(flipped, SECRET, signature)).toBe(false);
  });

  it('the delivery carries LINE’s headers: JSON in UTF-8 and the LineBotWebhook user agent', async () => {
    const { userId } = await control('POST', '/users', { displayName: 'ครูสมศรี' });
    await control('POST', `/users/${userId}/messages`, { type: 'text', text: 'ทดสอบ' });
    const { headers, raw } = received[0]!;
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(headers['user-agent']).toMatch(/^LineBotWebhook\/2\.0$/);
    expect(Number(headers['content-length'])).toBe(raw.length);
  });
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { verifySignature } from '../../src/line/signature.ts';
import { createLogger } from '../../src/logger.ts';

/**
 * The emulator on its own port with a channel whose webhook is a small recording server, and a clock the
 * test moves. For emulator tests; service tests use test/support/service.ts.
 */

export interface ReceivedWebhook {
  raw: string;
  body: { destination: string; events: Record<string, any>[] };
  signatureValid: boolean;
  contentType: string | undefined;
}

export interface EmulatorHarness {
  emulator: Emulator;
  url: string;
  /** The recording receiver's URL (the channel's webhook). */
  webhookUrl: string;
  token: string;
  secret: string;
  received: ReceivedWebhook[];
  clock: { now: number };
  /** What the webhook answers next (default 200). */
  webhookStatus: { value: number };
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  newUser(displayName?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startEmulatorHarness(): Promise<EmulatorHarness> {
  const secret = 'test-channel-secret';
  const token = 'test-channel-access-token';
  const received: ReceivedWebhook[] = [];
  const webhookStatus = { value: 200 };
  const receiver = express();
  receiver.post('/webhook', express.raw({ type: () => true }), (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    received.push({
      raw: raw.toString('utf8'),
      body: JSON.parse(raw.toString('utf8')),
      signatureValid: verifySignature(secret, raw, req.get('x-line-signature')),
      contentType: req.get('content-type'),
    });
    res.status(webhookStatus.value).end();
  });
  const receiverServer = await new Promise<Server>((resolve) => {
    const server = receiver.listen(0, '127.0.0.1', () => resolve(server));
  });
  const webhookUrl = `http://127.0.0.1:${(receiverServer.address() as AddressInfo).port}/webhook`;

  const clock = { now: Date.parse('2026-03-15T03:00:00Z') };
  const emulator = createEmulator({
    channels: [{ channelId: 'default', channelSecret: secret, channelAccessToken: token, webhookUrl }],
    logger: createLogger('silent'),
    now: () => clock.now,
  });
  const listener = await emulator.listen(0);

  async function request(method: string, url: string, body: unknown, headers: Record<string, string>) {
    const res = await fetch(url, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  }

  const harness: EmulatorHarness = {
    emulator,
    url: listener.url,
    webhookUrl,
    token,
    secret,
    received,
    clock,
    webhookStatus,
    api: (method, path, body, headers = {}) =>
      request(method, `${listener.url}${path}`, body, { authorization: `Bearer ${token}`, ...headers }),
    control: (method, path, body) => request(method, `${listener.url}/api${path}`, body, {}),
    async newUser(displayName = 'ครูสมศรี') {
      const res = await harness.control('POST', '/users', { displayName, pictureUrl: 'https://example.com/p.png' });
      return res.body.userId as string;
    },
    async close() {
      await listener.close();
      receiverServer.closeAllConnections();
      await new Promise<void>((resolve) => receiverServer.close(() => resolve()));
    },
  };
  return harness;
}

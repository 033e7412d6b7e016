/**
 * The comparison bot: `@line/bot-sdk`'s documented echo-bot pattern. The SDK middleware checks the signature
 * and parses the body, one `replyMessage` per event, then 200. Nothing is stored, so a lost reply is lost:
 * this is the throughput a bot gets when it does not keep LINE's events durable.
 */
import type { AddressInfo } from 'node:net';
import { messagingApi, middleware, type webhook } from '@line/bot-sdk';
import express from 'express';
import { toParent } from './procs.ts';

export interface EchoBotOptions {
  channelSecret: string;
  channelAccessToken: string;
  /** Where the Messaging API is: the emulator or a reply sink. */
  baseURL: string;
  port?: number;
}

export async function startEchoBot(options: EchoBotOptions): Promise<{ url: string; close(): Promise<void> }> {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: options.baseURL,
  });

  async function handleEvent(event: webhook.Event): Promise<unknown> {
    if (event.type !== 'message' || event.message.type !== 'text' || !event.replyToken) return null;
    return client.replyMessage({ replyToken: event.replyToken, messages: [{ type: 'text', text: event.message.text }] });
  }

  const app = express();
  app.post('/webhook', middleware({ channelSecret: options.channelSecret }), (req, res) => {
    // The SDK middleware has verified the signature and parsed the body, as in the SDK's own example.
    const body: webhook.CallbackRequest = req.body;
    Promise.all(body.events.map(handleEvent))
      .then(() => res.status(200).end())
      .catch(() => res.status(500).end());
  });

  return new Promise((resolve, reject) => {
    const server = app.listen(options.port ?? 0, '127.0.0.1', (err?: Error) => {
      if (err) return reject(err);
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

// Forked by bench/run.ts: settings from the environment, its URL back over IPC.
if (process.send) {
  const env = process.env;
  const bot = await startEchoBot({
    channelSecret: env.BENCH_CHANNEL_SECRET ?? '',
    channelAccessToken: env.BENCH_CHANNEL_ACCESS_TOKEN ?? '',
    baseURL: env.BENCH_LINE_API_BASE_URL ?? '',
  });
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') void bot.close().then(() => process.exit(0));
  });
  toParent({ type: 'ready', url: bot.url, pid: process.pid });
}

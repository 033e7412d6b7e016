import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../src/db/database.ts';
import { messageBudgetAlerts, outboxMessages } from '../../src/db/schema.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { ChannelRegistry, DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { enqueueOutbox, type LineMessage, type OutboxItem } from '../../src/line/outbox.ts';
import { OutboxSender, type OutboxSenderOptions } from '../../src/line/outbox-sender.ts';
import { createTestDatabase } from '../support/database.ts';

/**
 * The outbox sender against a real database and the emulator on its own port. The emulator delivers
 * webhooks to a small capturing server here, which is how a test gets real reply tokens.
 */

const SECRET = 'outbox-test-secret';
const TOKEN = 'outbox-test-token';

const capturedEvent = z.object({
  webhookEventId: z.string(),
  timestamp: z.number(),
  replyToken: z.string().optional(),
  source: z.object({ userId: z.string().optional() }).loose(),
}).loose();
export type CapturedEvent = z.infer<typeof capturedEvent>;

const entrySchema = z.object({
  seq: z.number(),
  direction: z.enum(['user', 'bot']),
  via: z.string(),
  message: z.record(z.string(), z.unknown()),
  requestId: z.string().optional(),
});
const requestSchema = z.object({
  seq: z.number(),
  path: z.string(),
  status: z.number(),
  retryKey: z.string().optional(),
  requestId: z.string(),
});

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Harness {
  database: Database;
  channels: ChannelRegistry;
  emulator: Emulator;
  emulatorUrl: string;
  logger: Logger;
  logs: LogLine[];
  /** The shared clock of sender and emulator: real time plus `advance`d milliseconds. */
  now(): Date;
  advance(ms: number): void;
  newSender(options?: Partial<OutboxSenderOptions>): OutboxSender;
  createUser(displayName: string): Promise<string>;
  /** The user sends a text; resolves with the event LINE delivered (reply token included). */
  userSays(userId: string, text: string): Promise<CapturedEvent>;
  enqueue(item: Partial<OutboxItem> & { toUserId: string; messages: LineMessage[] }): Promise<string[]>;
  row(id: string): Promise<typeof outboxMessages.$inferSelect>;
  conversation(userId: string): Promise<Array<z.infer<typeof entrySchema>>>;
  botTexts(userId: string): Promise<string[]>;
  requests(path: 'reply' | 'push'): Promise<Array<z.infer<typeof requestSchema>>>;
  fault(input: { path: 'reply' | 'push' | '*'; status: number; count: number; retryAfterSeconds?: number }): Promise<void>;
  /** The emulator's control API, for what the helpers above do not cover. */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(): Promise<Harness> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพท. ทดสอบ', channelSecret: SECRET, channelAccessToken: TOKEN });

  let offset = 0;
  const now = () => new Date(Date.now() + offset);

  const waiting = new Map<string, (event: CapturedEvent) => void>();
  const capture: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = z.object({ events: z.array(capturedEvent) }).parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      for (const event of body.events) {
        const userId = event.source.userId;
        if (userId) waiting.get(userId)?.(event);
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  const captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/webhook`;

  const emulator = createEmulator({
    channels: [{ channelId: DEFAULT_CHANNEL_ID, channelSecret: SECRET, channelAccessToken: TOKEN, webhookUrl: captureUrl }],
    logger: createLogger('silent'),
    now: () => now().getTime(),
  });
  const listener = await emulator.listen(0);
  const emulatorUrl = listener.url;
  const channels = new ChannelRegistry(database.db, { apiBaseUrl: emulatorUrl, dataApiBaseUrl: emulatorUrl, monthlyMessageBudget: 0 });
  await channels.refresh();

  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${emulatorUrl}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  const harness: Harness = {
    database,
    channels,
    emulator,
    emulatorUrl,
    logger,
    logs,
    now,
    advance(ms) {
      offset += ms;
    },
    newSender(options = {}) {
      return new OutboxSender({
        database,
        channels,
        logger,
        now,
        pollMs: 60_000,
        backoff: () => 0,
        ...options,
      });
    },
    async createUser(displayName) {
      return z.object({ userId: z.string() }).parse(await control('POST', '/users', { displayName })).userId;
    },
    async userSays(userId, text) {
      const delivered = new Promise<CapturedEvent>((resolve) => waiting.set(userId, resolve));
      await control('POST', `/users/${userId}/messages`, { type: 'text', text });
      const event = await delivered;
      waiting.delete(userId);
      return event;
    },
    async enqueue(item) {
      return database.db.transaction((tx) =>
        enqueueOutbox(tx, { channelId: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, ...item }),
      );
    },
    async row(id) {
      const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
      if (!row) throw new Error(`no outbox row ${id}`);
      return row;
    },
    async conversation(userId) {
      const body = z.object({ entries: z.array(entrySchema) }).parse(await control('GET', `/users/${userId}/conversation`));
      return body.entries;
    },
    async botTexts(userId) {
      const entries = await harness.conversation(userId);
      return entries.filter((e) => e.direction === 'bot').map((e) => String(e.message.text));
    },
    async requests(path) {
      const body = z.object({ requests: z.array(requestSchema) }).parse(await control('GET', `/requests?path=${path}`));
      return body.requests;
    },
    async fault(input) {
      await control('POST', '/faults', input);
    },
    control,
    async reset() {
      await control('POST', '/reset');
      await database.db.delete(outboxMessages);
      await database.db.delete(messageBudgetAlerts);
      logs.length = 0;
    },
    async close() {
      await listener.close();
      await new Promise<void>((resolve) => capture.close(() => resolve()));
      await database.close();
    },
  };
  return harness;
}

export const text = (value: string): LineMessage => ({ type: 'text', text: value });

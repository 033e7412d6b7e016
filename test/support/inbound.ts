import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ulid } from 'ulid';
import express from 'express';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { inboxEvents, outboxMessages } from '../../src/db/schema.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { ChannelRegistry, DEFAULT_CHANNEL_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { signBody } from '../../src/line/signature.ts';
import { createWebhookRouter } from '../../src/http/webhook.ts';
import { Dispatcher, type DispatcherOptions } from '../../src/bot/dispatcher.ts';
import { allFlows } from '../../src/flows/index.ts';
import { createTestDatabase } from './database.ts';

/**
 * The inbound half on its own: the webhook router on a free port over a test database, and
 * dispatchers made on demand. Nothing is sent to LINE: tests read `outbox_messages`.
 */
export const TEST_SECRET = 'inbound-test-channel-secret';

export interface InboundHarness {
  database: Database;
  channels: ChannelRegistry;
  logger: Logger;
  url: string;
  accepting: { value: boolean };
  stored: { count: number };
  /** POSTs a body (object → JSON) signed with the channel secret unless a signature is given. */
  post(body: unknown, options?: { signature?: string | null; path?: string; secret?: string }): Promise<Response>;
  dispatcher(options?: Partial<DispatcherOptions>): Dispatcher;
  /** Stops every dispatcher made so far (between tests, so none reacts to the next test's events). */
  stopDispatchers(): Promise<void>;
  close(): Promise<void>;
}

export async function startInbound(
  options: { webhookDatabase?: (database: Database) => Promise<Database>; logger?: Logger } = {},
): Promise<InboundHarness> {
  const logger = options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const database = await createTestDatabase(logger);
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: TEST_SECRET, channelAccessToken: 'token' });
  const channels = new ChannelRegistry(database.db, { apiBaseUrl: 'http://127.0.0.1:9', dataApiBaseUrl: 'http://127.0.0.1:9', monthlyMessageBudget: 0 });
  await channels.refresh();
  const accepting = { value: true };
  const stored = { count: 0 };
  const dispatchers: Dispatcher[] = [];
  // The webhook may reach the database by its own road (a proxy a test can cut).
  const webhookDatabase = options.webhookDatabase ? await options.webhookDatabase(database) : database;

  const app = express();
  app.use(
    createWebhookRouter({
      channels,
      database: webhookDatabase,
      logger,
      onStored: () => {
        stored.count += 1;
        for (const d of dispatchers) d.wake();
      },
      isAccepting: () => accepting.value,
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    database,
    channels,
    logger,
    url,
    accepting,
    stored,
    async post(body, opts = {}) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const signature = opts.signature === undefined ? signBody(opts.secret ?? TEST_SECRET, raw) : opts.signature;
      if (signature !== null) headers['x-line-signature'] = signature;
      return fetch(`${url}${opts.path ?? '/webhook'}`, { method: 'POST', headers, body: raw });
    },
    dispatcher(overrides = {}) {
      const d = new Dispatcher({
        database,
        channels,
        logger,
        flows: allFlows,
        concurrency: 2,
        pollMs: 50,
        onOutbox: () => {},
        ...overrides,
      });
      dispatchers.push(d);
      return d;
    },
    async stopDispatchers() {
      await Promise.all(dispatchers.map((d) => d.stop()));
      dispatchers.length = 0;
    },
    async close() {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (webhookDatabase !== database) await webhookDatabase.close();
      await database.close();
    },
  };
}

// ---- events as LINE builds them ----

/** A LINE-shaped user id (`U` + 32 hex) for a readable name, the same for the same name. */
export function lineUserId(name: string): string {
  return /^U[0-9a-f]{32}$/.test(name) ? name : `U${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}


export interface EventOptions {
  timestamp?: number;
  webhookEventId?: string;
  isRedelivery?: boolean;
  mode?: 'active' | 'standby';
  replyToken?: string | null;
}

function envelope(userId: string, type: string, options: EventOptions) {
  return {
    type,
    timestamp: options.timestamp ?? Date.now(),
    mode: options.mode ?? 'active',
    webhookEventId: options.webhookEventId ?? ulid(),
    deliveryContext: { isRedelivery: options.isRedelivery ?? false },
    source: { type: 'user', userId },
    ...(options.replyToken === null || options.mode === 'standby' ? {} : { replyToken: options.replyToken ?? `rt-${ulid()}` }),
  };
}

export function textEvent(userId: string, text: string, options: EventOptions = {}) {
  return { ...envelope(userId, 'message', options), message: { id: ulid(), type: 'text', quoteToken: 'q', text } };
}

export function postbackEvent(userId: string, data: string, options: EventOptions = {}) {
  return { ...envelope(userId, 'postback', options), postback: { data } };
}

export function followEvent(userId: string, options: EventOptions = {}) {
  return { ...envelope(userId, 'follow', options), follow: { isUnblocked: false } };
}

export function webhookBody(...events: unknown[]) {
  return { destination: 'Ubot0000000000000000000000000000', events };
}

// ---- reading what happened ----

export async function inboxRows(database: Database) {
  return database.db.select().from(inboxEvents).orderBy(asc(inboxEvents.id));
}

export interface OutboxView {
  toUserId: string;
  texts: string[];
  messages: Array<{ type: string; text?: string; [key: string]: unknown }>;
  replyToken: string | null;
  replyDeadline: Date | null;
  sourceEventId: string | null;
}

export async function outboxRows(database: Database, toUserId?: string): Promise<OutboxView[]> {
  const query = database.db.select().from(outboxMessages);
  const rows = await (toUserId ? query.where(eq(outboxMessages.toUserId, toUserId)) : query).orderBy(asc(outboxMessages.seq));
  return rows.map((row) => {
    const messages = row.messages as OutboxView['messages'];
    return {
      toUserId: row.toUserId,
      messages,
      texts: messages.flatMap((m) => (typeof m.text === 'string' ? [m.text] : [])),
      replyToken: row.replyToken,
      replyDeadline: row.replyDeadline,
      sourceEventId: row.sourceEventId,
    };
  });
}

export { DEFAULT_CHANNEL_ID };

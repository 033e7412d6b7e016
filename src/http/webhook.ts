import express, { type Request, type Response, type Router } from 'express';
import type { Database } from '../db/database.ts';
import { InboxWriter, type DueEvent, type NewInboxEvent } from '../db/repos/inbox.ts';
import { errorMessage } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_CHANNEL_ID, type ChannelRegistry, type LineChannel } from '../line/channels.ts';
import { verifySignature } from '../line/signature.ts';
import { chatKeyOf, jsonDepthExceeds, storableJson, webhookBodySchema } from '../line/webhook-schema.ts';

/** Only a body that spells an escape can hold U+0000 or a lone surrogate (JSON allows no raw control characters). */
const UNICODE_ESCAPE = Buffer.from('\\u');
/** LINE's webhook bodies are far smaller. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface WebhookRouterOptions {
  channels: ChannelRegistry;
  database: Database;
  logger: Logger;
  /** Called after events were committed, with the new ones that wait for handling, to wake the dispatcher. */
  onStored: (events: readonly DueEvent[]) => void;
  /** False while shutting down: LINE is told to come back (503) rather than losing events. */
  isAccepting: () => boolean;
}

/**
 * `POST /webhook` (default channel) and `POST /webhook/:channelId`. The hot path: verify the signature on
 * the raw bytes, validate, store every event in one statement, answer. Handling happens in the dispatcher.
 */
export function createWebhookRouter(options: WebhookRouterOptions): Router {
  const { channels, database, logger, onStored, isAccepting } = options;
  const inbox = new InboxWriter(database.db);
  const router = express.Router();
  // Raw bytes only: a JSON parser in front would make the signature unverifiable. Every request is
  // read, whatever its content type (`*/*` would skip one sent without a Content-Type header).
  const rawBody = express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY_BYTES });
  const channelOf = new WeakMap<Request, LineChannel>();

  const handle = async (req: Request, res: Response, cached: LineChannel): Promise<void> => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.get('x-line-signature');
    let channel = cached;
    let verified = verifySignature(channel.channelSecret, body, signature);
    if (!verified) {
      // The secret may have been changed in the database since it was cached (a reissued channel secret).
      const fresh = await channels.reloaded(channel.id);
      if (fresh && fresh.channelSecret !== cached.channelSecret && verifySignature(fresh.channelSecret, body, signature)) {
        channel = fresh;
        verified = true;
      }
    }
    if (!verified) {
      logger.warn(
        { channelId: channel.id, ip: req.ip, signed: req.get('x-line-signature') !== undefined, bytes: body.length },
        'webhook signature rejected',
      );
      res.status(401).json({ message: 'invalid signature' });
      return;
    }

    if (jsonDepthExceeds(body)) {
      logger.warn({ channelId: channel.id, bytes: body.length }, 'webhook body nested too deep');
      res.status(400).json({ message: 'body is nested too deep' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      res.status(400).json({ message: 'body is not JSON' });
      return;
    }
    if (body.includes(UNICODE_ESCAPE)) json = storableJson(json);
    const parsed = webhookBodySchema.safeParse(json);
    if (!parsed.success) {
      logger.warn({ channelId: channel.id, issue: parsed.error.issues[0]?.path.join('.') }, 'webhook body rejected');
      res.status(400).json({ message: 'not a LINE webhook body' });
      return;
    }
    if (parsed.data.events.length === 0) {
      res.status(200).json({}); // LINE's "Verify" button
      return;
    }

    const rows: NewInboxEvent[] = parsed.data.events.map((event) => ({
      webhookEventId: event.webhookEventId,
      channelId: channel.id,
      officeId: channel.officeId,
      chatKey: chatKeyOf(event),
      eventType: event.type,
      mode: event.mode,
      eventTimestamp: new Date(event.timestamp),
      payload: event,
      // Standby: another channel (e.g. a chat module) is in charge; keep the record, do not act.
      status: event.mode === 'standby' ? 'ignored' : 'pending',
    }));
    let stored: DueEvent[];
    try {
      stored = await inbox.store(rows);
    } catch (err) {
      if (isDataException(err)) {
        // The database refuses what the body carries (it passed validation): storing it again would fail again, so
        // LINE is not asked to redeliver it for ever. 5xx only when the database is really unavailable.
        logger.error({ channelId: channel.id, events: rows.length, err: errorMessage(err) }, 'webhook events refused by the database');
        if (!res.headersSent) res.status(400).json({ message: 'events cannot be stored' });
        return;
      }
      logger.error({ channelId: channel.id, events: rows.length, err: errorMessage(err) }, 'cannot store webhook events');
      if (!res.headersSent) res.status(503).json({ message: 'temporarily unavailable' });
      return;
    }
    res.status(200).json({});
    onStored(stored);
  };

  const route = (channelIdOf: (req: Request) => string) => [
    async (req: Request, res: Response, next: express.NextFunction) => {
      if (!isAccepting()) {
        res.status(503).set('retry-after', '5').json({ message: 'shutting down' });
        return;
      }
      // A channel added while the service runs is found by reloading the list (at most every few seconds).
      const channel = await channels.lookup(channelIdOf(req));
      if (!channel) {
        res.status(404).json({ message: 'unknown channel' });
        return;
      }
      channelOf.set(req, channel);
      next();
    },
    (req: Request, res: Response, next: express.NextFunction) => {
      // A body over the limit is 413 (not a 500 from the error handler); other unreadable bodies their own 4xx.
      rawBody(req, res, (err?: unknown) => {
        if (!err) return next();
        const status = (err as { status?: unknown }).status;
        res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 400).json({ message: 'unreadable body' });
      });
    },
    (req: Request, res: Response, next: express.NextFunction) => {
      const channel = channelOf.get(req);
      if (!channel) {
        next(new Error('webhook channel lost between middlewares'));
        return;
      }
      handle(req, res, channel).catch(next);
    },
  ];

  router.post('/webhook', ...route(() => DEFAULT_CHANNEL_ID));
  router.post('/webhook/:channelId', ...route((req) => String(req.params.channelId)));
  return router;
}

/** SQLSTATE class 22 (data exception): the statement was refused for a value it carried. */
function isDataException(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('22')) return true;
  }
  return false;
}

import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { lineErrorDetails } from '../line/messaging-schemas.ts';
import { sendError } from './http.ts';
import { newUserId } from './ids.ts';
import { richMenuShownTo } from './rich-menu-api.ts';
import { monthKey, type ChannelState, type EmulatorState, type EmulatorUser } from './state.ts';
import type { DeliveryResult, WebhookEvent, WebhookSender } from './webhook-sender.ts';

/** The scripting API tests, benchmarks and the simulator use to play LINE users. Mounted under /api. */

const createUserSchema = z.object({
  displayName: z.string().min(1).max(100),
  pictureUrl: z.url().optional(),
  channelId: z.string().optional(),
  language: z.string().min(2).optional(),
});

const base64 = z.string().regex(/^[A-Za-z0-9+/=_-]*$/, 'Must be base64');
const userMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(5000) }),
  z.object({ type: z.literal('sticker'), packageId: z.string().min(1), stickerId: z.string().min(1) }),
  z.object({ type: z.literal('image'), contentBase64: base64.min(1), contentType: z.string().regex(/^image\//) }),
  z.object({ type: z.literal('file'), fileName: z.string().min(1), contentBase64: base64, contentType: z.string().optional() }),
  z.object({
    type: z.literal('location'),
    title: z.string().optional(),
    address: z.string().optional(),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  }),
]);

/**
 * What LINE's date-time picker puts in a postback's `params`, per its reference (the webhook spec only says
 * "strings"): exactly one of `date` (yyyy-MM-dd), `time` (HH:mm) or `datetime` (yyyy-MM-ddTHH:mm), a real
 * calendar date from 1900-01-01 to 2100-12-31. A value no picker can produce is refused, so a test cannot
 * feed the bot an event LINE would never send.
 */
const PICKER_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PICKER_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function isPickerDate(value: string): boolean {
  const match = PICKER_DATE.exec(value);
  if (!match || value < '1900-01-01' || value > '2100-12-31') return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isPickerDatetime(value: string): boolean {
  const [date, time, ...rest] = value.split('T');
  return rest.length === 0 && date !== undefined && time !== undefined && isPickerDate(date) && PICKER_TIME.test(time);
}

const pickerParamsSchema = z
  .strictObject({
    date: z.string().refine(isPickerDate, "Must be a date as LINE's picker sends it: yyyy-MM-dd, 1900-01-01 to 2100-12-31").optional(),
    time: z.string().regex(PICKER_TIME, "Must be a time as LINE's picker sends it: HH:mm, 00:00 to 23:59").optional(),
    datetime: z.string().refine(isPickerDatetime, "Must be a date and time as LINE's picker sends it: yyyy-MM-ddTHH:mm").optional(),
  })
  .refine((params) => Object.keys(params).length === 1, 'A picker sends exactly one of date, time or datetime');

const postbackSchema = z.object({
  data: z.string().min(1).max(300),
  displayText: z.string().optional(),
  params: pickerParamsSchema.optional(),
});

const batchSchema = z.object({ events: z.array(z.object({ userId: z.string(), text: z.string().min(1).max(5000) })).min(1) });

const faultSchema = z.object({
  path: z.enum(['reply', 'push', 'multicast', '*']),
  status: z.number().int().min(100).max(599),
  count: z.number().int().min(1),
  retryAfterSeconds: z.number().int().min(0).optional(),
  body: z.unknown().optional(),
});

const conversationQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  waitMs: z.coerce.number().int().min(0).max(60_000).default(0),
  minEntries: z.coerce.number().int().min(1).default(1),
});

function parse<T extends z.ZodType>(schema: T, value: unknown, res: Response): z.infer<T> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  res.status(400).json(lineErrorDetails(result.error));
  return undefined;
}

export interface ControlApiOptions {
  /** The service's role label per LINE user id, listed with the users (see EmulatorOptions.describeUsers). */
  describeUsers?: (userIds: string[]) => Promise<ReadonlyMap<string, string>>;
}

export function createControlApi(state: EmulatorState, sender: WebhookSender, options: ControlApiOptions = {}): express.Router {
  const router = express.Router();

  /** Role labels when the service can tell them; the list of users never fails for want of them (database down). */
  async function roleLabels(users: EmulatorUser[]): Promise<ReadonlyMap<string, string>> {
    if (!options.describeUsers || users.length === 0) return new Map();
    try {
      return await options.describeUsers(users.map((user) => user.userId));
    } catch {
      return new Map();
    }
  }
  router.use(express.json({ limit: '20mb' }));

  function userOr404(req: Request, res: Response): { user: EmulatorUser; channel: ChannelState } | undefined {
    const user = state.users.get(String(req.params.userId));
    const channel = user && state.channels.get(user.channelId);
    if (!user || !channel) {
      sendError(res, 404, 'No such user');
      return undefined;
    }
    return { user, channel };
  }

  function channelFor(req: Request, res: Response): ChannelState | undefined {
    const id = typeof req.query.channelId === 'string' ? req.query.channelId : undefined;
    const channel = id ? state.channels.get(id) : state.defaultChannel();
    if (!channel) sendError(res, 404, 'No such channel');
    return channel;
  }

  const delivery = (result: DeliveryResult) => ({ status: result.status, ...(result.error ? { error: result.error } : {}) });

  router.post('/users', (req, res) => {
    const body = parse(createUserSchema, req.body, res);
    if (!body) return;
    const channel = body.channelId ? state.channels.get(body.channelId) : state.defaultChannel();
    if (!channel) return sendError(res, 404, 'No such channel');
    const user: EmulatorUser = {
      userId: newUserId(),
      channelId: channel.channel.channelId,
      displayName: body.displayName,
      ...(body.pictureUrl ? { pictureUrl: body.pictureUrl } : {}),
      language: body.language ?? 'th',
      following: true,
    };
    state.users.set(user.userId, user);
    res.status(201).json({ userId: user.userId });
  });

  router.get('/users', async (_req, res) => {
    const users = [...state.users.values()];
    const roles = await roleLabels(users);
    res.json({
      users: users.map((user) => {
        const channel = state.channels.get(user.channelId);
        const menu = channel && richMenuShownTo(channel, user.userId);
        const roleLabel = roles.get(user.userId);
        return { ...user, ...(menu ? { richMenuId: menu.richMenuId } : {}), ...(roleLabel ? { roleLabel } : {}) };
      }),
    });
  });

  router.post('/users/:userId/follow', async (req, res) => {
    const found = userOr404(req, res);
    if (!found) return;
    // LINE marks a follow after a block as an unblock; a brand-new friend arrives with isUnblocked false.
    const isUnblocked = !found.user.following;
    found.user.following = true;
    const event = sender.followEvent(found.user, isUnblocked);
    res.json({ webhookEventId: event.webhookEventId, ...delivery(await sender.send(found.channel, [event])) });
  });

  router.post('/users/:userId/unfollow', async (req, res) => {
    const found = userOr404(req, res);
    if (!found) return;
    found.user.following = false;
    const event = sender.unfollowEvent(found.user);
    res.json({ webhookEventId: event.webhookEventId, ...delivery(await sender.send(found.channel, [event])) });
  });

  router.post('/users/:userId/messages', async (req, res) => {
    const found = userOr404(req, res);
    if (!found) return;
    const body = parse(userMessageSchema, req.body, res);
    if (!body) return;
    if (!found.user.following) return sendError(res, 409, 'The user has blocked the bot; follow first');
    const { event, messageId, message } = sender.messageEvent(found.user, body);
    const webhookEventId = event.webhookEventId;
    state.appendConversation(found.user.userId, { direction: 'user', via: 'webhook', channelId: found.user.channelId, message, webhookEventId });
    res.json({ webhookEventId, messageId, ...delivery(await sender.send(found.channel, [event])) });
  });

  router.post('/users/:userId/postbacks', async (req, res) => {
    const found = userOr404(req, res);
    if (!found) return;
    const body = parse(postbackSchema, req.body, res);
    if (!body) return;
    if (!found.user.following) return sendError(res, 409, 'The user has blocked the bot; follow first');
    const event = sender.postbackEvent(found.user, body);
    const webhookEventId = event.webhookEventId;
    const message = { type: 'postback', data: body.data, ...(body.displayText ? { displayText: body.displayText } : {}), ...(body.params ? { params: body.params } : {}) };
    state.appendConversation(found.user.userId, { direction: 'user', via: 'webhook', channelId: found.user.channelId, message, webhookEventId });
    res.json({ webhookEventId, ...delivery(await sender.send(found.channel, [event])) });
  });

  router.post('/events/:webhookEventId/redeliver', async (req, res) => {
    const result = await sender.redeliver(req.params.webhookEventId);
    if (!result) return sendError(res, 404, 'No such event');
    res.json({ webhookEventId: req.params.webhookEventId, ...delivery(result) });
  });

  router.post('/webhook-batch', async (req, res) => {
    const body = parse(batchSchema, req.body, res);
    if (!body) return;
    const users = body.events.map((e) => state.users.get(e.userId));
    const missing = users.findIndex((u) => !u);
    if (missing >= 0) return sendError(res, 404, `No such user: events[${missing}].userId`);
    const byChannel = new Map<string, WebhookEvent[]>();
    const webhookEventIds: string[] = [];
    body.events.forEach((input, i) => {
      const user = users[i]!;
      const { event, message } = sender.messageEvent(user, { type: 'text', text: input.text });
      const webhookEventId = event.webhookEventId;
      webhookEventIds.push(webhookEventId);
      state.appendConversation(user.userId, { direction: 'user', via: 'webhook', channelId: user.channelId, message, webhookEventId });
      byChannel.set(user.channelId, [...(byChannel.get(user.channelId) ?? []), event]);
    });
    const results: DeliveryResult[] = [];
    for (const [channelId, events] of byChannel) results.push(await sender.send(state.channels.get(channelId)!, events));
    const failed = results.find((r) => r.status < 200 || r.status >= 300);
    res.json({ webhookEventIds, ...delivery(failed ?? results[0]!) });
  });

  router.get('/users/:userId/conversation', async (req, res) => {
    const found = userOr404(req, res);
    if (!found) return;
    const query = parse(conversationQuerySchema, req.query, res);
    if (!query) return;
    const entries = await state.waitForConversation(found.user.userId, query.after, query.minEntries, query.waitMs);
    res.json({ entries });
  });

  router.post('/faults', (req, res) => {
    const body = parse(faultSchema, req.body, res);
    if (!body) return;
    state.faults.push({
      path: body.path,
      status: body.status,
      count: body.count,
      ...(body.retryAfterSeconds !== undefined ? { retryAfterSeconds: body.retryAfterSeconds } : {}),
      ...(body.body !== undefined ? { body: body.body } : {}),
    });
    res.status(201).json({ faults: state.faults });
  });

  router.delete('/faults', (_req, res) => {
    state.faults = [];
    res.json({ faults: [] });
  });

  router.get('/requests', (req, res) => {
    const path = typeof req.query.path === 'string' ? req.query.path : undefined;
    const requests = state.requests
      .filter((r) => !path || r.endpoint === path || r.path === path || r.path.startsWith(path))
      .map(({ endpoint: _endpoint, ...r }) => r);
    res.json({ requests });
  });

  router.get('/quota', (req, res) => {
    const channel = channelFor(req, res);
    if (!channel) return;
    res.json({ month: monthKey(state.now()), totalUsage: state.usage(channel), value: channel.quotaLimit });
  });

  router.put('/quota', (req, res) => {
    const channel = channelFor(req, res);
    if (!channel) return;
    const body = parse(z.object({ value: z.number().int().min(0) }), req.body, res);
    if (!body) return;
    channel.quotaLimit = body.value;
    res.json({ month: monthKey(state.now()), totalUsage: state.usage(channel), value: channel.quotaLimit });
  });

  router.post('/reset', (_req, res) => {
    state.reset();
    res.json({});
  });

  return router;
}

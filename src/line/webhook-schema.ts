import { z } from 'zod';

/**
 * What LINE POSTs to the webhook. The envelope is checked strictly enough to tell a LINE webhook from
 * anything else; each event only for the fields every event has, so an event type LINE adds later is
 * stored (and ignored) rather than rejecting the whole request, which LINE would redeliver forever.
 * The fields the bot acts on are read by the narrower schemas below when an event is handled.
 */

const MAX_DATE_MS = 8_640_000_000_000_000;

export const webhookSourceSchema = z
  .object({
    type: z.string(),
    userId: z.string().min(1).optional(),
    groupId: z.string().min(1).optional(),
    roomId: z.string().min(1).optional(),
  })
  .loose();

export const webhookEventSchema = z
  .object({
    type: z.string().min(1),
    // Beyond this a JavaScript date (and the stored timestamp) cannot hold it.
    timestamp: z.number().int().nonnegative().max(MAX_DATE_MS),
    mode: z.enum(['active', 'standby']),
    webhookEventId: z.string().min(1).max(128),
    deliveryContext: z.object({ isRedelivery: z.boolean() }).loose(),
    source: webhookSourceSchema.optional(),
    replyToken: z.string().min(1).optional(),
  })
  .loose();

export const webhookBodySchema = z.object({
  destination: z.string(),
  events: z.array(webhookEventSchema),
});

export type WebhookSource = z.infer<typeof webhookSourceSchema>;
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
export type WebhookBody = z.infer<typeof webhookBodySchema>;

/**
 * PostgreSQL cannot keep U+0000 in text or jsonb. JSON may carry it (as the escape `\u0000`), and a signed
 * body must still be stored, not refused for ever: each one becomes U+FFFD, in keys and values.
 */
export function withoutNulCharacters(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
  if (Array.isArray(value)) return value.map(withoutNulCharacters);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNulCharacters(k) as string, withoutNulCharacters(v)]));
  }
  return value;
}

/** Whose events must be handled in order: the user (or group/room) the event came from; `-` when none. */
export function chatKeyOf(event: Pick<WebhookEvent, 'source'>): string {
  const source = event.source;
  return source?.userId ?? source?.groupId ?? source?.roomId ?? '-';
}

// Narrow schemas for the events the bot acts on (read at handling time, never at the webhook).

const userSource = z.object({ type: z.literal('user'), userId: z.string().min(1) }).loose();

export const messageEventSchema = z
  .object({
    type: z.literal('message'),
    source: userSource,
    replyToken: z.string().optional(),
    message: z
      .object({
        id: z.string(),
        type: z.string(),
        text: z.string().optional(),
        fileName: z.string().optional(),
        fileSize: z.number().optional(),
        title: z.string().optional(),
        address: z.string().optional(),
        latitude: z.number().optional(),
        longitude: z.number().optional(),
        packageId: z.string().optional(),
        stickerId: z.string().optional(),
      })
      .loose(),
  })
  .loose();

export const postbackEventSchema = z
  .object({
    type: z.literal('postback'),
    source: userSource,
    replyToken: z.string().optional(),
    postback: z
      .object({
        data: z.string(),
        params: z
          .object({ date: z.string().optional(), time: z.string().optional(), datetime: z.string().optional() })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose();

export const followEventSchema = z
  .object({
    type: z.literal('follow'),
    source: userSource,
    replyToken: z.string().optional(),
    follow: z.object({ isUnblocked: z.boolean() }).loose().optional(),
  })
  .loose();

export const unfollowEventSchema = z.object({ type: z.literal('unfollow'), source: userSource }).loose();

import { z } from 'zod';

/**
 * What LINE POSTs to the webhook. The envelope is checked strictly enough to tell a LINE webhook from
 * anything else; each event only for the fields every event has, so an event type LINE adds later is
 * stored (and ignored) rather than rejecting the whole request, which LINE would redeliver forever.
 * The fields the bot acts on are read by the narrower schemas below when an event is handled.
 */

/**
 * Timestamps as LINE sends them (milliseconds since 1970) within a sane range: anything outside could never be
 * LINE's, and past year 9999 PostgreSQL could not even store it (a signed body refused by the database would get
 * 503 and be redelivered for ever).
 */
export const MIN_EVENT_TIMESTAMP_MS = Date.UTC(2000, 0, 1);
export const MAX_EVENT_TIMESTAMP_MS = Date.UTC(2100, 0, 1);

/** LINE's ids: a user `U`, a group `C`, a room `R`, each followed by 32 lowercase hex digits. */
export const LINE_USER_ID = /^U[0-9a-f]{32}$/;
export const LINE_GROUP_ID = /^C[0-9a-f]{32}$/;
export const LINE_ROOM_ID = /^R[0-9a-f]{32}$/;

export const webhookSourceSchema = z
  .object({
    type: z.string().max(16),
    userId: z.string().regex(LINE_USER_ID, 'not a LINE user id').optional(),
    groupId: z.string().regex(LINE_GROUP_ID, 'not a LINE group id').optional(),
    roomId: z.string().regex(LINE_ROOM_ID, 'not a LINE room id').optional(),
  })
  .loose();

export const webhookEventSchema = z
  .object({
    type: z.string().min(1).max(64),
    timestamp: z.number().int().min(MIN_EVENT_TIMESTAMP_MS).max(MAX_EVENT_TIMESTAMP_MS),
    mode: z.enum(['active', 'standby']),
    webhookEventId: z.string().min(1).max(128),
    deliveryContext: z.object({ isRedelivery: z.boolean() }).loose(),
    source: webhookSourceSchema.optional(),
    replyToken: z.string().min(1).max(256).optional(),
  })
  .loose();

export const webhookBodySchema = z.object({
  destination: z.string().max(64),
  events: z.array(webhookEventSchema).max(100),
});

/** Nesting deeper than this is no LINE webhook (its events nest a handful of levels). */
export const MAX_BODY_DEPTH = 32;

/**
 * The deepest nesting of objects and arrays in a JSON text, read from the raw bytes without parsing it (a body nested
 * thousands of levels deep would exhaust a parser's or a serialiser's stack): brackets inside strings do not count.
 * Stops counting once `limit` is passed.
 */
export function jsonDepthExceeds(body: Buffer, limit = MAX_BODY_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

export type WebhookSource = z.infer<typeof webhookSourceSchema>;
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
export type WebhookBody = z.infer<typeof webhookBodySchema>;

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * PostgreSQL cannot keep U+0000, nor a lone UTF-16 surrogate (`"\ud83d"` alone), in text or jsonb. JSON may carry
 * both as escapes, and a signed body must still be stored, not refused for ever: each becomes U+FFFD, in keys and
 * values. (Depth is bounded before this runs: `jsonDepthExceeds`.)
 */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD');
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableJson(k) as string, storableJson(v)]));
  }
  return value;
}

/** The former name: U+0000 (and now lone surrogates) become U+FFFD. */
export const withoutNulCharacters = storableJson;

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

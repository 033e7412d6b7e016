import { randomBytes, randomInt } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Identifiers in the shapes LINE uses, so the bot meets the same formats as in production. */

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const ulid = monotonicFactory();

export const newUserId = () => `U${hex(16)}`;
export const newReplyToken = () => hex(16);
export const newQuoteToken = () => randomBytes(64).toString('base64url');
export const newRichMenuId = () => `richmenu-${hex(16)}`;
export const newRequestId = () => `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`;
export const newWebhookEventId = (now: number) => ulid(now);

let lastMessageId = BigInt(Date.now()) * 1000n + BigInt(randomInt(1000));
/** Numeric strings, increasing, like LINE's message ids. */
export function newMessageId(): string {
  lastMessageId += BigInt(randomInt(1, 50));
  return lastMessageId.toString();
}

export const RETRY_KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

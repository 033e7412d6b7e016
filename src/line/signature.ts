import { createHmac, timingSafeEqual } from 'node:crypto';

/** LINE's webhook signature: base64(HMAC-SHA256(channel secret, raw request body)). */
export function signBody(channelSecret: string, body: Buffer | string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/** Checks the signature on the raw bytes in constant time; false for a missing or malformed header. */
export function verifySignature(channelSecret: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signBody(channelSecret, body), 'base64');
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

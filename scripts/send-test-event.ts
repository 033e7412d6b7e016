/**
 * Sends one correctly signed LINE webhook event to any webhook URL, to check a deployment by hand:
 *
 *   npm run send-test-event -- --url http://127.0.0.1:3000/webhook --secret <channel secret> --text "สวัสดี"
 *   npm run send-test-event -- --url ... --type follow
 *   npm run send-test-event -- --url ... --type postback --data "v1|menu"
 *
 * The secret may come from LINE_CHANNEL_SECRET instead of --secret.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ulid } from 'ulid';
import { z } from 'zod';
import { signBody } from '../src/line/signature.ts';

export type TestEventSpec =
  | { type: 'message'; userId: string; text: string }
  | { type: 'follow'; userId: string }
  | { type: 'postback'; userId: string; data: string };

export interface BuildOptions {
  /** The bot's user id put in `destination`. */
  destination?: string;
  now?: number;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export function randomUserId(): string {
  return `U${hex(16)}`;
}

/** One event as LINE sends it: ULID id, millisecond timestamp, active mode, not a redelivery, a fresh reply token. */
export function buildTestEvent(spec: TestEventSpec, now: number = Date.now()): Record<string, unknown> {
  const common = {
    type: spec.type,
    timestamp: now,
    mode: 'active',
    webhookEventId: ulid(now),
    deliveryContext: { isRedelivery: false },
    source: { type: 'user', userId: spec.userId },
    replyToken: hex(16),
  };
  switch (spec.type) {
    case 'message':
      return {
        ...common,
        message: {
          type: 'text',
          // LINE's message ids are decimal strings of about 18 digits.
          id: `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`,
          quoteToken: randomBytes(24).toString('base64url'),
          text: spec.text,
        },
      };
    case 'follow':
      return { ...common, follow: { isUnblocked: false } };
    case 'postback':
      return { ...common, postback: { data: spec.data } };
  }
}

/** The webhook request body (`CallbackRequest`) for some events. */
export function buildWebhookBody(events: Record<string, unknown>[], options: BuildOptions = {}): string {
  return JSON.stringify({ destination: options.destination ?? `U${'0'.repeat(32)}`, events });
}

/** Headers LINE sends with a webhook: the signature is over the exact bytes of `body`. */
export function webhookHeaders(channelSecret: string, body: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'LineBotWebhook/2.0',
    'x-line-signature': signBody(channelSecret, body),
  };
}

const cliSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(1, 'give --secret or set LINE_CHANNEL_SECRET'),
  type: z.enum(['message', 'follow', 'postback']),
  text: z.string().min(1).max(5000),
  user: z.string().regex(/^U[0-9a-f]{32}$/, 'must look like U followed by 32 hex digits'),
  data: z.string().min(1).max(300),
  destination: z.string().regex(/^U[0-9a-f]{32}$/).optional(),
});

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      secret: { type: 'string' },
      type: { type: 'string', default: 'message' },
      text: { type: 'string', default: 'สวัสดีค่ะ' },
      user: { type: 'string' },
      data: { type: 'string', default: 'test' },
      destination: { type: 'string' },
    },
  });
  const parsed = cliSchema.safeParse({
    ...values,
    secret: values.secret ?? env.LINE_CHANNEL_SECRET ?? '',
    user: values.user ?? randomUserId(),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) process.stderr.write(`--${issue.path.join('.')}: ${issue.message}\n`);
    process.stderr.write('usage: send-test-event --url URL [--secret S] [--type message|follow|postback] [--text T] [--user U...] [--data D]\n');
    return 2;
  }
  const o = parsed.data;
  const spec: TestEventSpec =
    o.type === 'message'
      ? { type: 'message', userId: o.user, text: o.text }
      : o.type === 'follow'
        ? { type: 'follow', userId: o.user }
        : { type: 'postback', userId: o.user, data: o.data };
  const event = buildTestEvent(spec);
  const body = buildWebhookBody([event], o.destination === undefined ? {} : { destination: o.destination });
  try {
    const response = await fetch(o.url, { method: 'POST', headers: webhookHeaders(o.secret, body), body });
    const text = await response.text();
    process.stdout.write(`${response.status} ${response.statusText}\n${text}\n`);
    process.stdout.write(`webhookEventId ${String(event.webhookEventId)} from ${o.user}\n`);
    return response.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`request failed: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}\n`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main(process.argv.slice(2), process.env);

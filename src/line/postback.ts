import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The one postback codec for every button.
 *
 * Wire form: `<version>.<action>.<payload>.<mac>` where payload is base64url(JSON) and mac is a
 * truncated HMAC-SHA256 of the rest, keyed by a secret (the channel secret). LINE caps `data` at 300
 * characters; a button that would not fit is refused when it is built, not when LINE rejects it.
 *
 * Flow steps are pure and hold no secret, so they build UNSEALED data (`encodePostback`, no mac);
 * the dispatcher seals every postback in outgoing messages just before they are written to the
 * outbox (`sealPostbacks`). Only sealed data decodes.
 */

export const POSTBACK_CODEC_VERSION = 1;
export const POSTBACK_MAX_LENGTH = 300;
const MAC_LENGTH = 16; // base64url characters = 96 bits: plenty against guessing, short for LINE's 300
const ACTION_NAME = /^[a-z][a-zA-Z0-9_:-]{0,39}$/;
const VERSION_PART = /^[0-9]{1,3}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export interface PostbackAction<S extends z.ZodType = z.ZodType> {
  /** Unique across the service, e.g. `greeting:topic`. */
  readonly name: string;
  /** The flow that handles this button. */
  readonly flow: string;
  readonly schema: S;
}

export function definePostbackAction<S extends z.ZodType>(name: string, flow: string, schema: S): PostbackAction<S> {
  if (!ACTION_NAME.test(name)) throw new Error(`postback action name "${name}" is not allowed`);
  return { name, flow, schema };
}

export class PostbackEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostbackEncodeError';
  }
}

export type PostbackFailure = 'forged' | 'unknown' | 'malformed' | 'version';

export type PostbackDecodeResult =
  | { ok: true; action: PostbackAction; payload: unknown }
  | { ok: false; reason: PostbackFailure };

/** The actions the service knows, by name. */
export class PostbackRegistry {
  private readonly byName = new Map<string, PostbackAction>();

  constructor(actions: Iterable<PostbackAction> = []) {
    for (const action of actions) this.add(action);
  }

  add(action: PostbackAction): void {
    const existing = this.byName.get(action.name);
    if (existing && existing !== action) throw new Error(`postback action "${action.name}" is defined twice`);
    this.byName.set(action.name, action);
  }

  get(name: string): PostbackAction | undefined {
    return this.byName.get(name);
  }
}

/** Builds the unsealed data for a button: validated now, so a flow cannot make a button that decodes wrong. */
export function encodePostback<S extends z.ZodType>(action: PostbackAction<S>, payload: z.input<S>): string {
  const parsed = action.schema.safeParse(payload);
  if (!parsed.success) {
    throw new PostbackEncodeError(`payload of "${action.name}" is invalid: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const body = `${POSTBACK_CODEC_VERSION}.${action.name}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  const sealedLength = body.length + 1 + MAC_LENGTH;
  if (sealedLength > POSTBACK_MAX_LENGTH) {
    throw new PostbackEncodeError(`"${action.name}" would be ${sealedLength} characters; LINE allows ${POSTBACK_MAX_LENGTH}`);
  }
  return body;
}

/** Adds the mac to unsealed data. Data that is not an unsealed codec string is returned unchanged. */
export function sealPostback(data: string, secret: string): string {
  const parts = data.split('.');
  if (parts.length !== 3 || parts[0] !== String(POSTBACK_CODEC_VERSION)) return data;
  return `${data}.${mac(data, secret)}`;
}

/** Convenience for callers that hold the secret (tests, jobs): encode and seal in one go. */
export function encodeSealedPostback<S extends z.ZodType>(action: PostbackAction<S>, payload: z.input<S>, secret: string): string {
  return sealPostback(encodePostback(action, payload), secret);
}

export function decodePostback(data: string, secret: string, registry: PostbackRegistry): PostbackDecodeResult {
  if (data.length > POSTBACK_MAX_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = data.split('.');
  const [version, name, payload, givenMac] = parts;
  if (parts.length !== 4 || version === undefined || name === undefined || payload === undefined || givenMac === undefined) {
    return { ok: false, reason: 'malformed' };
  }
  if (!VERSION_PART.test(version)) return { ok: false, reason: 'malformed' };
  if (version !== String(POSTBACK_CODEC_VERSION)) return { ok: false, reason: 'version' };
  if (!ACTION_NAME.test(name) || !BASE64URL.test(payload)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(`${version}.${name}.${payload}`, secret));
  const given = Buffer.from(givenMac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  const action = registry.get(name);
  if (!action) return { ok: false, reason: 'unknown' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = action.schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  return { ok: true, action, payload: parsed.data };
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(`pb:${body}`).digest('base64url').slice(0, MAC_LENGTH);
}

const ACTION_TYPES_WITH_DATA = new Set(['postback', 'datetimepicker']);

/**
 * Seals every postback/datetimepicker `data` anywhere in outgoing messages (quick replies, templates,
 * flex). Returns new objects; the input is not changed.
 */
export function sealPostbacks<T>(value: T, secret: string): T {
  return sealNode(value, secret) as T;
}

function sealNode(node: unknown, secret: string): unknown {
  if (Array.isArray(node)) return node.map((item) => sealNode(item, secret));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const record = node as Record<string, unknown>;
  const sealHere = typeof record.type === 'string' && ACTION_TYPES_WITH_DATA.has(record.type) && typeof record.data === 'string';
  for (const [key, child] of Object.entries(record)) {
    out[key] = sealHere && key === 'data' ? sealPostback(child as string, secret) : sealNode(child, secret);
  }
  return out;
}

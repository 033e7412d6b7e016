import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { lineErrorDetails } from '../line/messaging-schemas.ts';
import { sendError } from './http.ts';
import { newRequestId } from './ids.ts';
import type { EmulatorState, EmulatorUser } from './state.ts';

/**
 * The LINE Login part of the local platform: ID tokens as LINE issues them to LIFF apps (a JWT signed HS256
 * with the login channel's secret, issuer https://access.line.me), LINE Login's verify endpoint with LINE's
 * answers, and what the chat simulator needs to open a LIFF page as a simulated user.
 */

export const ID_TOKEN_ISSUER = 'https://access.line.me';
export const DEFAULT_ID_TOKEN_LIFETIME_S = 3600;

export interface EmulatorLiffApp {
  liffId: string;
  /** The LIFF app's endpoint URL: `https://liff.line.me/<liffId>/<path>` opens `<endpointUrl>/<path>`. */
  endpointUrl: string;
}

export interface EmulatorLoginChannel {
  channelId: string;
  channelSecret: string;
  /** The Messaging API channel of the same provider: its users are this channel's users (same user ids). */
  messagingChannelId: string;
  liffApps: EmulatorLiffApp[];
}

export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  amr?: string[];
  name?: string;
  picture?: string;
  nonce?: string;
  [claim: string]: unknown;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT as LINE Login signs it for web login: header `{typ:'JWT', alg:'HS256'}`, HMAC-SHA256 with the channel secret. */
export function signIdToken(channelSecret: string, claims: IdTokenClaims): string {
  const unsigned = `${b64({ typ: 'JWT', alg: 'HS256' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', channelSecret).update(unsigned).digest('base64url')}`;
}

function decode(token: string): { header: Record<string, unknown>; claims: Record<string, unknown>; unsigned: string; signature: Buffer } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null || typeof claims !== 'object' || claims === null) return undefined;
    return {
      header: header as Record<string, unknown>,
      claims: claims as Record<string, unknown>,
      unsigned: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

export class LoginState {
  readonly channels = new Map<string, EmulatorLoginChannel>();

  add(channel: EmulatorLoginChannel): void {
    this.channels.set(channel.channelId, { ...channel, liffApps: [...channel.liffApps] });
  }

  /** The login channel whose users are this Messaging API channel's users. */
  forMessagingChannel(messagingChannelId: string): EmulatorLoginChannel | undefined {
    for (const channel of this.channels.values()) if (channel.messagingChannelId === messagingChannelId) return channel;
    return undefined;
  }
}

export function issueIdToken(
  login: EmulatorLoginChannel,
  user: EmulatorUser,
  nowMs: number,
  options: { lifetimeSeconds?: number; nonce?: string } = {},
): { idToken: string; claims: IdTokenClaims } {
  const iat = Math.floor(nowMs / 1000);
  const claims: IdTokenClaims = {
    iss: ID_TOKEN_ISSUER,
    sub: user.userId,
    aud: login.channelId,
    exp: iat + (options.lifetimeSeconds ?? DEFAULT_ID_TOKEN_LIFETIME_S),
    iat,
    amr: ['linesso'],
    name: user.displayName,
    ...(user.pictureUrl ? { picture: user.pictureUrl } : {}),
    ...(options.nonce ? { nonce: options.nonce } : {}),
  };
  return { idToken: signIdToken(login.channelSecret, claims), claims };
}

type VerifyOutcome = { ok: true; claims: Record<string, unknown> } | { ok: false; description: string };

/**
 * LINE's checks, in its words (error_description): the token must be a JWT signed by a channel LINE knows,
 * from https://access.line.me, unexpired, for the client_id asked about, with the nonce and user id if given.
 */
export function verifyIdTokenAsLine(
  login: LoginState,
  input: { idToken: string; clientId: string; nonce?: string; userId?: string },
  nowMs: number,
): VerifyOutcome {
  const decoded = decode(input.idToken);
  if (!decoded || decoded.header.alg !== 'HS256') return { ok: false, description: 'Invalid IdToken.' };
  // The signing channel is the one the token names; a token from another known channel fails on audience below.
  const signer = login.channels.get(String(decoded.claims.aud));
  if (!signer) return { ok: false, description: 'Invalid IdToken.' };
  const expected = createHmac('sha256', signer.channelSecret).update(decoded.unsigned).digest();
  if (expected.length !== decoded.signature.length || !timingSafeEqual(expected, decoded.signature)) {
    return { ok: false, description: 'Invalid IdToken.' };
  }
  const claims = decoded.claims;
  if (claims.iss !== ID_TOKEN_ISSUER) return { ok: false, description: 'Invalid IdToken Issuer.' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return { ok: false, description: 'IdToken expired.' };
  if (String(claims.aud) !== input.clientId) return { ok: false, description: 'Invalid IdToken Audience.' };
  if (input.nonce !== undefined && claims.nonce !== input.nonce) return { ok: false, description: 'Invalid IdToken Nonce.' };
  if (input.userId !== undefined && claims.sub !== input.userId) return { ok: false, description: 'Invalid IdToken Subject Identifier.' };
  return { ok: true, claims };
}

const verifyFormSchema = z.object({
  id_token: z.string().min(1),
  client_id: z.string().min(1),
  nonce: z.string().optional(),
  user_id: z.string().optional(),
});

/** `POST /oauth2/v2.1/verify`, form-encoded as LINE takes it; errors are LINE Login's 400 `{error, error_description}`. */
export function createLineLoginApi(state: EmulatorState, login: LoginState): express.Router {
  const router = express.Router();
  router.post('/oauth2/v2.1/verify', express.urlencoded({ extended: false, limit: '64kb' }), (req, res) => {
    const requestId = newRequestId();
    res.setHeader('x-line-request-id', requestId);
    res.on('finish', () => {
      state.recordRequest({ method: 'POST', path: '/oauth2/v2.1/verify', endpoint: 'verify', status: res.statusCode, requestId });
    });
    const form = verifyFormSchema.safeParse(req.body ?? {});
    if (!form.success) {
      const missing = form.error.issues[0]?.path.join('.') ?? 'id_token';
      res.status(400).json({ error: 'invalid_request', error_description: `${missing} is required.` });
      return;
    }
    if (!login.channels.has(form.data.client_id)) {
      res.status(400).json({ error: 'invalid_client', error_description: 'Invalid client_id.' });
      return;
    }
    const outcome = verifyIdTokenAsLine(
      login,
      {
        idToken: form.data.id_token,
        clientId: form.data.client_id,
        ...(form.data.nonce !== undefined ? { nonce: form.data.nonce } : {}),
        ...(form.data.user_id !== undefined ? { userId: form.data.user_id } : {}),
      },
      state.now(),
    );
    if (!outcome.ok) {
      res.status(400).json({ error: 'invalid_request', error_description: outcome.description });
      return;
    }
    res.json(outcome.claims);
  });
  return router;
}

const idTokenRequestSchema = z.object({
  /** Seconds the token is valid (LINE's LIFF tokens live about an hour). */
  expiresInSeconds: z.number().int().min(1).max(86_400).optional(),
  loginChannelId: z.string().optional(),
  nonce: z.string().max(255).optional(),
});

const liffOpenSchema = z.object({ uri: z.string().min(1).max(1000) });

/**
 * Scripting endpoints under /api: `POST /users/:userId/id-token` gives the ID token the user's LIFF pages
 * would get from `liff.getIDToken()`; `POST /users/:userId/liff-open {uri}` is the phone opening a link: a
 * LIFF link (`https://liff.line.me/<liffId>/…` or a link under a LIFF app's endpoint URL) becomes the
 * endpoint page with the user's ID token in the fragment (`#idToken=…`, never the query string, so it stays
 * out of server logs); any other link comes back as it was.
 */
export function createLoginControlApi(state: EmulatorState, login: LoginState): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  function userOr404(req: Request, res: Response): EmulatorUser | undefined {
    const user = state.users.get(String(req.params.userId));
    if (!user) sendError(res, 404, 'No such user');
    return user;
  }

  router.post('/users/:userId/id-token', (req, res) => {
    const user = userOr404(req, res);
    if (!user) return;
    const body = idTokenRequestSchema.safeParse(req.body ?? {});
    if (!body.success) return void res.status(400).json(lineErrorDetails(body.error));
    const channel = body.data.loginChannelId ? login.channels.get(body.data.loginChannelId) : login.forMessagingChannel(user.channelId);
    if (!channel) return sendError(res, 404, 'No LINE Login channel for this user');
    const { idToken, claims } = issueIdToken(channel, user, state.now(), {
      ...(body.data.expiresInSeconds ? { lifetimeSeconds: body.data.expiresInSeconds } : {}),
      ...(body.data.nonce ? { nonce: body.data.nonce } : {}),
    });
    res.status(201).json({
      idToken,
      loginChannelId: channel.channelId,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      liffIds: channel.liffApps.map((app) => app.liffId),
    });
  });

  // The simulator checks links against these while the tap lasts (a pop-up must open during the tap).
  router.get('/liff-apps', (_req, res) => {
    res.json({
      apps: [...login.channels.values()].flatMap((channel) =>
        channel.liffApps.map((app) => ({ ...app, loginChannelId: channel.channelId, messagingChannelId: channel.messagingChannelId })),
      ),
    });
  });

  router.post('/users/:userId/liff-open', (req, res) => {
    const user = userOr404(req, res);
    if (!user) return;
    const body = liffOpenSchema.safeParse(req.body ?? {});
    if (!body.success) return void res.status(400).json(lineErrorDetails(body.error));
    const channel = login.forMessagingChannel(user.channelId);
    const target = channel && liffTarget(channel, body.data.uri);
    if (!channel || !target) return void res.json({ url: body.data.uri, liff: false });
    const { idToken } = issueIdToken(channel, user, state.now());
    res.json({ url: `${target.split('#')[0]}#idToken=${encodeURIComponent(idToken)}`, liff: true });
  });

  return router;
}

/** Where a LIFF link opens, or undefined when the link is not one of this channel's LIFF apps. */
export function liffTarget(channel: EmulatorLoginChannel, uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.origin === 'https://liff.line.me') {
    const [, liffId, ...rest] = url.pathname.split('/');
    const app = channel.liffApps.find((a) => a.liffId === liffId);
    if (!app) return undefined;
    const tail = rest.join('/');
    return `${app.endpointUrl.replace(/\/+$/, '')}${tail ? `/${tail}` : ''}${url.search}`;
  }
  for (const app of channel.liffApps) {
    const endpoint = new URL(app.endpointUrl);
    const base = endpoint.pathname.replace(/\/+$/, '');
    if (url.origin === endpoint.origin && (url.pathname === base || url.pathname.startsWith(`${base}/`))) return url.href;
  }
  return undefined;
}

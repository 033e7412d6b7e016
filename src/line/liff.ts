import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.ts';

/**
 * Web pages opened from LINE (LIFF): where they live, and who is looking at them. A page gets an ID token
 * from LINE (`liff.getIDToken()`, or the emulator's equivalent) and sends it with every API call; the server
 * trusts the LINE user id only after LINE Login's verify endpoint has accepted the token for our channel.
 */

export const LINE_LOGIN_API_DEFAULT = 'https://api.line.me';
export const LINE_LOGIN_ISSUER = 'https://access.line.me';
export const LIFF_URL_BASE = 'https://liff.line.me';
/** Where the service serves its LIFF pages; the LIFF app's endpoint URL is `<public base>/liff`. */
export const LIFF_PATH = '/liff';
export const LOCAL_LOGIN_FILE = 'local-line-login.json';

export interface LiffSettings {
  /** `line`: real LINE (links via liff.line.me); `emulator`: the local platform (links to this service's pages). */
  mode: 'line' | 'emulator';
  liffId: string;
  /** The LINE Login channel the LIFF app belongs to: the `client_id` of verification. */
  loginChannelId: string;
  loginApiBaseUrl: string;
  /** Emulator mode: the address pages are linked at (PUBLIC_BASE_URL or the server's own). */
  pageBaseUrl: string;
}

/** In emulator mode, the LINE Login channel the local platform must know (same secret as the tokens it signs). */
export interface LocalLoginChannel {
  channelId: string;
  channelSecret: string;
  liffApps: Array<{ liffId: string; endpointUrl: string }>;
}

const localLoginSchema = z.object({
  loginChannelId: z.string().regex(/^\d+$/),
  loginChannelSecret: z.string().min(16),
  liffId: z.string().regex(/^\d+-[A-Za-z0-9]+$/),
});
type LocalLogin = z.infer<typeof localLoginSchema>;

/**
 * The emulator's LINE Login channel and LIFF app, generated once and kept in the data folder next to the
 * local Messaging API credentials, so tokens signed before a restart still verify after it.
 */
export async function loadOrCreateLocalLogin(dataDir: string): Promise<LocalLogin> {
  const file = path.resolve(dataDir, LOCAL_LOGIN_FILE);
  try {
    return localLoginSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable; delete it to generate a new local LINE Login channel`, { cause: err });
    }
  }
  // LINE's channel ids are 10 digits; a LIFF id is the channel id, a dash and 8 letters or digits.
  const loginChannelId = String(randomInt(1_000_000_000, 2_000_000_000));
  const created: LocalLogin = {
    loginChannelId,
    loginChannelSecret: randomBytes(16).toString('hex'),
    liffId: `${loginChannelId}-${randomBytes(6).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 8)}`,
  };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

export interface LiffSetup {
  /** Undefined when LINE is used and LIFF_ID is not set: the pages answer that they are not set up. */
  settings: LiffSettings | undefined;
  /** Emulator mode: the login channel and LIFF app to register with the local platform. */
  localLoginChannel?: LocalLoginChannel;
}

/** The LIFF settings from the environment; in emulator mode missing values come from the local login file. */
export async function prepareLiff(config: Config, serverUrl: string): Promise<LiffSetup> {
  const loginApiBaseUrl = config.LINE_LOGIN_API_BASE_URL?.replace(/\/+$/, '');
  const pageBaseUrl = (config.PUBLIC_BASE_URL ?? serverUrl).replace(/\/+$/, '');
  if (!config.emulatorMode) {
    if (!config.LIFF_ID) return { settings: undefined };
    return {
      settings: {
        mode: 'line',
        liffId: config.LIFF_ID,
        loginChannelId: config.LINE_LOGIN_CHANNEL_ID ?? channelIdOfLiffId(config.LIFF_ID),
        loginApiBaseUrl: loginApiBaseUrl ?? LINE_LOGIN_API_DEFAULT,
        pageBaseUrl,
      },
    };
  }
  const local = await loadOrCreateLocalLogin(config.DATA_DIR);
  const liffId = config.LIFF_ID ?? local.liffId;
  const loginChannelId = config.LINE_LOGIN_CHANNEL_ID ?? (config.LIFF_ID ? channelIdOfLiffId(config.LIFF_ID) : local.loginChannelId);
  return {
    settings: {
      mode: 'emulator',
      liffId,
      loginChannelId,
      loginApiBaseUrl: loginApiBaseUrl ?? `${serverUrl}/emulator`,
      pageBaseUrl,
    },
    localLoginChannel: {
      channelId: loginChannelId,
      channelSecret: local.loginChannelSecret,
      liffApps: [{ liffId, endpointUrl: `${pageBaseUrl}${LIFF_PATH}` }],
    },
  };
}

/** A LIFF id is `<LINE Login channel id>-<app>`. */
export function channelIdOfLiffId(liffId: string): string {
  return liffId.slice(0, liffId.indexOf('-'));
}

/**
 * The link a chat message carries to a LIFF page, e.g. `liffPageUrl(settings, 'letters/12')`. With LINE:
 * `https://liff.line.me/<LIFF_ID>/letters/12` (LINE opens the endpoint URL plus the path, inside the app).
 * In emulator mode: this service's own page, which the chat simulator opens with the simulated user's
 * identity. Undefined when LIFF is not set up, so callers can leave the button out.
 */
export function liffPageUrl(settings: LiffSettings | undefined, pagePath: string): string | undefined {
  if (!settings) return undefined;
  const rest = pagePath.replace(/^\/+/, '');
  return settings.mode === 'line' ? `${LIFF_URL_BASE}/${settings.liffId}/${rest}` : `${settings.pageBaseUrl}${LIFF_PATH}/${rest}`;
}

// ── Verification ────────────────────────────────────────────────────────────────────────────────────────

export interface VerifiedLineUser {
  /** The LINE user id (`sub`), the same id the Messaging API channel of the same provider sees. */
  userId: string;
  name?: string;
  picture?: string;
  /** Expiry of the token, ms since the epoch. */
  expiresAt: number;
}

export type IdTokenRejection = 'missing' | 'invalid' | 'expired' | 'audience' | 'issuer';

/** LINE refused the token (or it was never a token): the viewer is not identified. */
export class IdTokenRejectedError extends Error {
  readonly reason: IdTokenRejection;
  constructor(reason: IdTokenRejection, detail: string) {
    super(`ID token rejected (${reason}): ${detail}`);
    this.name = 'IdTokenRejectedError';
    this.reason = reason;
  }
}

/** LINE Login could not be asked (network, timeout, 5xx, 429): nothing is known about the token. */
export class LoginUnavailableError extends Error {
  constructor(detail: string) {
    super(`LINE Login verification unavailable: ${detail}`);
    this.name = 'LoginUnavailableError';
  }
}

// LINE adds fields without notice: read what is needed, let the rest through.
const verifiedSchema = z.looseObject({
  iss: z.string(),
  sub: z.string().min(1),
  aud: z.union([z.string(), z.number()]).transform(String),
  exp: z.number(),
  iat: z.number(),
  name: z.string().optional(),
  picture: z.string().optional(),
});
const errorSchema = z.looseObject({ error: z.string().optional(), error_description: z.string().optional() });

const REJECTIONS: Record<string, IdTokenRejection> = {
  'IdToken expired.': 'expired',
  'Invalid IdToken Audience.': 'audience',
  'Invalid IdToken Issuer.': 'issuer',
};

export interface VerifierOptions {
  loginApiBaseUrl: string;
  loginChannelId: string;
  now?: () => Date;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** How long a verified token is remembered (never past its expiry); 0 = ask LINE every time. */
  cacheMs?: number;
}

/**
 * Verifies ID tokens with LINE Login's `POST /oauth2/v2.1/verify` (form: id_token, client_id). A page makes a
 * few calls with the same token (the letter, then its files), so an accepted token is remembered briefly by
 * its hash; the token itself is never stored or logged.
 */
export class IdTokenVerifier {
  private readonly options: Required<Omit<VerifierOptions, 'fetch'>> & { fetch: typeof fetch };
  private readonly cache = new Map<string, { user: VerifiedLineUser; until: number }>();
  private static readonly CACHE_LIMIT = 500;

  constructor(options: VerifierOptions) {
    this.options = {
      now: () => new Date(),
      fetch: globalThis.fetch,
      timeoutMs: 5000,
      cacheMs: 60_000,
      ...options,
    };
  }

  async verify(idToken: string): Promise<VerifiedLineUser> {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(idToken) || idToken.length > 8192) {
      throw new IdTokenRejectedError(idToken ? 'invalid' : 'missing', 'not a JWT');
    }
    const key = createHash('sha256').update(idToken).digest('base64url');
    const now = this.options.now().getTime();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.user;
    if (cached) this.cache.delete(key);

    const user = await this.ask(idToken);
    if (this.options.cacheMs > 0) {
      if (this.cache.size >= IdTokenVerifier.CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, { user, until: Math.min(now + this.options.cacheMs, user.expiresAt) });
    }
    return user;
  }

  private async ask(idToken: string): Promise<VerifiedLineUser> {
    const { loginApiBaseUrl, loginChannelId } = this.options;
    let res: Response;
    let text: string;
    try {
      res = await this.options.fetch(`${loginApiBaseUrl.replace(/\/+$/, '')}/oauth2/v2.1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ id_token: idToken, client_id: loginChannelId }).toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new LoginUnavailableError(err instanceof Error ? err.message : String(err));
    }
    const requestId = res.headers.get('x-line-request-id') ?? 'none';
    if (res.status === 400) {
      const body = errorSchema.safeParse(safeJson(text));
      const description = body.success ? (body.data.error_description ?? body.data.error ?? '') : '';
      throw new IdTokenRejectedError(REJECTIONS[description] ?? 'invalid', `${description || 'HTTP 400'} (request ${requestId})`);
    }
    if (res.status !== 200) throw new LoginUnavailableError(`HTTP ${res.status} (request ${requestId})`);
    const body = verifiedSchema.safeParse(safeJson(text));
    if (!body.success) throw new LoginUnavailableError(`unreadable answer (request ${requestId})`);
    // LINE has checked these; checking again costs nothing and guards against a misdirected base URL.
    if (body.data.iss !== LINE_LOGIN_ISSUER) throw new IdTokenRejectedError('issuer', body.data.iss);
    if (body.data.aud !== loginChannelId) throw new IdTokenRejectedError('audience', `aud ${body.data.aud}`);
    return {
      userId: body.data.sub,
      expiresAt: body.data.exp * 1000,
      ...(body.data.name !== undefined ? { name: body.data.name } : {}),
      ...(body.data.picture !== undefined ? { picture: body.data.picture } : {}),
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The "เปิดดูรายละเอียด" link of a letter (its details page checks who is looking); undefined = no LIFF. */
export function letterPageUrl(settings: LiffSettings | undefined, letterId: number): string | undefined {
  return liffPageUrl(settings, `letters/${letterId}`);
}

/**
 * The running service's LIFF settings, for building links in chat cards. Set once at start-up by
 * `startService` (like the channel's settings, they are fixed for the life of the process), so pure
 * flow steps and jobs can add a "เปิดดูรายละเอียด" button without every caller passing them along.
 */
let linkSettings: LiffSettings | undefined;

export function useLiffLinks(settings: LiffSettings | undefined): void {
  linkSettings = settings;
}

/** The details page link of a letter for a chat button; undefined when the service has no LIFF pages. */
export function letterDetailsLink(letterId: number): string | undefined {
  return letterPageUrl(linkSettings, letterId);
}

/** The form where the clerk who registered a secret letter fills its details and files; undefined = no LIFF. */
export function letterFormLink(letterId: number): string | undefined {
  return liffPageUrl(linkSettings, `letters/${letterId}/details-form`);
}

/**
 * The same form for a letter known by its register number (`receive-2570-124`): the reply that registers a
 * letter is written before the letter row (and its id) exists, in the same transaction.
 */
export function letterFormLinkByNumber(register: 'receive' | 'send', year: number, number: number): string | undefined {
  return liffPageUrl(linkSettings, `letters/${register}-${year}-${number}/details-form`);
}

/** The report's page (`2027-03`, `fy2570`) for a chat button; undefined when the service has no LIFF pages. */
export function reportPageLink(periodKey: string): string | undefined {
  return liffPageUrl(linkSettings, `reports/${periodKey}`);
}

/** An equipment item's page (its QR label opens the same page); undefined when the service has no LIFF pages. */
export function loanItemPageLink(itemId: number): string | undefined {
  return liffPageUrl(linkSettings, `loan-items/${itemId}`);
}

/** The calendar of what is free to borrow, week by week (read-only); undefined when the service has no LIFF pages. */
export function loanCalendarLink(): string | undefined {
  return liffPageUrl(linkSettings, 'loan-calendar');
}

/** The rooms' page of a day (every room slot by slot); undefined when the service has no LIFF pages. */
export function roomsPageLink(date: string): string | undefined {
  return liffPageUrl(linkSettings, `rooms?date=${date}`);
}

/** A survey round's page, where every form can be answered; undefined when the service has no LIFF pages. */
export function surveyPageLink(roundId: number): string | undefined {
  return liffPageUrl(linkSettings, `surveys/${roundId}`);
}

/** A video conference's replies page (counts, per district, who has not answered); undefined when the service has no LIFF pages. */
export function vcRepliesPageLink(sessionId: number): string | undefined {
  return liffPageUrl(linkSettings, `vc-sessions/${sessionId}`);
}

/** A round's results page (figures, charts, by district) for whoever runs surveys; undefined when the service has no LIFF pages. */
export function surveyResultsLink(roundId: number): string | undefined {
  return liffPageUrl(linkSettings, `surveys/${roundId}/results`);
}

import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import type { LineChannel } from './channels.ts';
import type { LineMessage } from './outbox.ts';
import { richMenuCalls, type LineRichMenuApi } from './rich-menus/api.ts';

/**
 * The bot's calls to LINE for one channel, over the official SDK, returning results instead of
 * throwing: the outbox sender decides per status what to do (retry, fall back, record as failed).
 * Nothing here logs, so message contents and tokens cannot reach the logs from this layer.
 */

export type LineCallResult<T = undefined> =
  | { ok: true; requestId: string | undefined; value: T }
  | {
      ok: false;
      /** HTTP status from LINE; 0 when no answer came (network error, timeout). */
      status: number;
      /** From `Retry-After` (429, 503), when LINE sent one. */
      retryAfterMs?: number;
      /** LINE's error body as sent (JSON text such as `{"message":"Invalid reply token"}`), or the network error. */
      body: string;
      requestId: string | undefined;
      /** On 409 for a repeated retry key: the id of the request LINE accepted first. */
      acceptedRequestId?: string;
      /** True when the request may have reached LINE (timeout, connection reset): its outcome is unknown. */
      uncertain: boolean;
    };

export type LineSendResult = LineCallResult;

export interface LineProfile {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  language?: string;
  statusMessage?: string;
}

export interface LineContent {
  data: Buffer;
  contentType: string | undefined;
}

export interface LineApi {
  readonly channelId: string;
  reply(replyToken: string, messages: LineMessage[]): Promise<LineSendResult>;
  /** `retryKey` (a UUID) goes out as `X-Line-Retry-Key`: LINE answers 409 to a repeat instead of sending twice. */
  push(to: string, messages: LineMessage[], retryKey: string): Promise<LineSendResult>;
  multicast(to: string[], messages: LineMessage[], retryKey: string): Promise<LineSendResult>;
  showLoading(chatId: string, seconds: number): Promise<LineSendResult>;
  getProfile(userId: string): Promise<LineCallResult<LineProfile>>;
  getContent(messageId: string): Promise<LineCallResult<LineContent>>;
  /** Rich menus, their images and aliases, the default menu and per-user links. */
  readonly richMenus: LineRichMenuApi;
}

export interface LineApiOptions {
  /** A call that takes longer is abandoned and reported as status 0, uncertain. */
  timeoutMs?: number;
}

export function createLineApi(channel: LineChannel, options: LineApiOptions = {}): LineApi {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const api = splitBaseUrl(channel.apiBaseUrl);
  const data = splitBaseUrl(channel.dataApiBaseUrl);
  const token = channel.channelAccessToken;
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: api.origin });
  const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: token, baseURL: data.origin });
  prefixPaths(client, api.prefix);
  prefixPaths(blob, data.prefix);

  const call = async <T>(run: () => Promise<{ httpResponse: Response; body: T }>): Promise<LineCallResult<T>> => {
    try {
      const { httpResponse, body } = await withTimeout(run(), timeoutMs);
      return { ok: true, requestId: httpResponse.headers.get('x-line-request-id') ?? undefined, value: body };
    } catch (err) {
      return failure(err);
    }
  };
  const done = async (run: () => Promise<{ httpResponse: Response; body: unknown }>): Promise<LineSendResult> => {
    const result = await call(run);
    return result.ok ? { ok: true, requestId: result.requestId, value: undefined } : result;
  };

  return {
    channelId: channel.id,
    reply: (replyToken, messages) => done(() => client.replyMessageWithHttpInfo({ replyToken, messages })),
    push: (to, messages, retryKey) => done(() => client.pushMessageWithHttpInfo({ to, messages }, retryKey)),
    multicast: (to, messages, retryKey) => done(() => client.multicastWithHttpInfo({ to, messages }, retryKey)),
    showLoading: (chatId, seconds) =>
      done(() => client.showLoadingAnimationWithHttpInfo({ chatId, loadingSeconds: clampLoadingSeconds(seconds) })),
    getProfile: async (userId) => {
      const result = await call(() => client.getProfileWithHttpInfo(userId));
      if (!result.ok) return result;
      const { userId: id, displayName, pictureUrl, language, statusMessage } = result.value;
      return {
        ok: true,
        requestId: result.requestId,
        value: {
          userId: id,
          displayName,
          ...(pictureUrl ? { pictureUrl } : {}),
          ...(language ? { language } : {}),
          ...(statusMessage ? { statusMessage } : {}),
        },
      };
    },
    getContent: (messageId) =>
      call(async () => {
        const response = await blob.getMessageContentWithHttpInfo(messageId);
        const chunks: Buffer[] = [];
        for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array));
        const contentType = response.httpResponse.headers.get('content-type') ?? undefined;
        return { httpResponse: response.httpResponse, body: { data: Buffer.concat(chunks), contentType } };
      }),
    richMenus: richMenuCalls(client, blob, call),
  };
}

/** LINE takes 5–60 seconds in steps of 5. */
function clampLoadingSeconds(seconds: number): number {
  return Math.min(60, Math.max(5, Math.round(seconds / 5) * 5));
}

/**
 * The SDK joins paths with `new URL('/v2/...', baseURL)`, which drops any path in the base URL, so a LINE
 * API served under a prefix (the emulator mounted at `/emulator`) would be missed. When the base URL has a
 * path, the client gets the bare origin and every request path is prefixed before the SDK resolves it.
 */
function splitBaseUrl(baseUrl: string): { origin: string; prefix: string } {
  const url = new URL(baseUrl);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'postForm', 'postFormMultipart', 'putFormMultipart', 'postBinaryContent'];

function prefixPaths(client: object, prefix: string): void {
  if (prefix === '') return;
  const http = (client as { httpClient?: Record<string, unknown> }).httpClient;
  if (!http) throw new Error('@line/bot-sdk changed shape: a LINE API base URL with a path is not supported');
  for (const name of HTTP_METHODS) {
    const original = http[name];
    if (typeof original !== 'function') continue;
    http[name] = (path: string, ...rest: unknown[]) => original.call(http, `${prefix}${path}`, ...rest);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LineTimeoutError(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class LineTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer from LINE within ${ms} ms`);
    this.name = 'LineTimeoutError';
  }
}

/** Connection errors that prove the request never reached LINE, so it was certainly not acted on. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function failure(err: unknown): Extract<LineCallResult, { ok: false }> {
  if (err instanceof HTTPFetchError) {
    const requestId = err.headers.get('x-line-request-id') ?? undefined;
    const acceptedRequestId = err.headers.get('x-line-accepted-request-id') ?? undefined;
    const retryAfterMs = parseRetryAfter(err.headers.get('retry-after'));
    return {
      ok: false,
      status: err.status,
      body: err.body,
      requestId,
      uncertain: false,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(acceptedRequestId ? { acceptedRequestId } : {}),
    };
  }
  // Not `instanceof Error`: fetch's errors may come from another realm (a test VM) and still be errors.
  const error = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as { message?: unknown; cause?: { code?: unknown } };
  const message = typeof error.message === 'string' ? error.message : String(err);
  const code = typeof error.cause?.code === 'string' ? error.cause.code : undefined;
  return {
    ok: false,
    status: 0,
    body: code ? `${message} (${code})` : message,
    requestId: undefined,
    uncertain: !(code && NOT_SENT_CODES.has(code)),
  };
}

/** `Retry-After` is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { lineErrorDetails } from '../line/messaging-schemas.ts';
import { newRequestId } from './ids.ts';
import type { ChannelState, EmulatorState } from './state.ts';

/** Small HTTP helpers shared by the emulator's routers. */

export function sendError(res: Response, status: number, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ message, ...extra });
}

/** Parses a body with one of our schemas, or answers LINE's 400 shape and returns undefined. */
export function parseBody<T extends z.ZodType>(schema: T, req: Request, res: Response): z.infer<T> | undefined {
  const result = schema.safeParse(req.body);
  if (result.success) return result.data;
  res.status(400).json(lineErrorDetails(result.error));
  return undefined;
}

export function channelOf(res: Response): ChannelState {
  const channel: unknown = res.locals.channel;
  if (!channel) throw new Error('channel missing: the auth middleware did not run');
  return channel as ChannelState;
}

export function requestIdOf(res: Response): string {
  return String(res.locals.requestId);
}

/** LINE names its endpoints by path; tests filter recorded requests by these short names. */
export function endpointOf(path: string): string {
  if (/^\/v2\/bot\/message\/(reply|push|multicast)$/.test(path)) return path.slice('/v2/bot/message/'.length);
  if (path.startsWith('/v2/bot/message/quota')) return 'quota';
  if (/^\/v2\/bot\/message\/[^/]+\/content/.test(path)) return 'content';
  if (path === '/v2/bot/chat/loading/start') return 'loading';
  if (path.startsWith('/v2/bot/profile/')) return 'profile';
  if (path.includes('richmenu')) return 'richmenu';
  return path;
}

/**
 * Every LINE API call gets `x-line-request-id`, is recorded for tests once answered, and may be failed on
 * purpose by an armed fault before anything else happens.
 */
export function apiFrontDoor(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = newRequestId();
    res.locals.requestId = requestId;
    res.setHeader('x-line-request-id', requestId);
    // Mounted at /v2 (under whatever prefix the host app chose), so req.path is the rest of LINE's path.
    const path = `/v2${req.path}`;
    const endpoint = endpointOf(path);
    const retryKey = req.get('x-line-retry-key');
    res.on('finish', () => {
      // Set by `authenticate` when the token named a channel.
      const channel = res.locals.channel as ChannelState | undefined;
      state.recordRequest({
        method: req.method,
        path,
        endpoint,
        status: res.statusCode,
        requestId,
        ...(retryKey ? { retryKey } : {}),
        ...(channel ? { channelId: channel.channel.channelId } : {}),
      });
    });
    const fault = state.takeFault(endpoint);
    if (fault) {
      if (fault.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(fault.retryAfterSeconds));
      res.status(fault.status).json(fault.body ?? { message: fault.status === 429 ? 'Too Many Requests' : 'Internal server error' });
      return;
    }
    next();
  };
}

export function authenticate(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    const channel = match ? state.channelByToken(match[1]!) : undefined;
    if (!channel) {
      sendError(res, 401, 'Authentication failed. Confirm that the access token in the authorization header is valid.');
      return;
    }
    res.locals.channel = channel;
    next();
  };
}

/** Malformed JSON and oversized bodies come back in LINE's error shape instead of Express's HTML page. */
export function jsonErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
  if (status >= 500) {
    sendError(res, 500, 'Internal server error');
    return;
  }
  const message = err instanceof Error ? err.message : 'Bad request';
  res.status(status).json({ message: status === 400 ? 'The request body has 1 error(s)' : message, details: [{ message, property: '' }] });
}

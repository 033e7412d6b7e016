import { describe, expect, it } from '@jest/globals';
import { afterReply, replyAttempt, replyTokenForRow, routeOf, tokenForRow, REPLY_TOKEN_WINDOW_MS } from '../../src/domain/reply-or-push.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 6, 3, 0, 0) + ms);

describe('the one rule for reply or push', () => {
  it('gives an event\'s token to the first row written for it, while the event is fresh and the token unused', () => {
    const base = { replyToken: 'rt', tokenUsed: false, firstRow: true, eventTimestamp: at(0) };
    expect(replyTokenForRow({ ...base, now: at(1000) })).toEqual({ replyToken: 'rt', replyDeadline: at(REPLY_TOKEN_WINDOW_MS) });
    expect(replyTokenForRow({ ...base, now: at(REPLY_TOKEN_WINDOW_MS) })).toBeUndefined();
    expect(replyTokenForRow({ ...base, firstRow: false, now: at(1000) })).toBeUndefined();
    expect(replyTokenForRow({ ...base, tokenUsed: true, now: at(1000) })).toBeUndefined();
    expect(replyTokenForRow({ ...base, replyToken: undefined, now: at(1000) })).toBeUndefined();
    expect([0, 1, 2].map((index) => tokenForRow('rt', { index, tokenUsed: false }))).toEqual(['rt', undefined, undefined]);
  });

  it('sends a row by reply while its deadline is ahead, else by push; a route once started stays', () => {
    const row = { replyToken: 'rt', replyDeadline: at(50_000), previousRoute: null };
    expect(routeOf(row, at(49_999))).toBe('reply');
    expect(routeOf(row, at(50_000))).toBe('push');
    expect(routeOf({ ...row, replyToken: null }, at(0))).toBe('push');
    expect(routeOf({ ...row, previousRoute: 'reply' }, at(60_000))).toBe('reply');
    expect(routeOf({ ...row, previousRoute: 'push' }, at(0))).toBe('push');
  });

  it('tries an interrupted reply again only while its token is valid', () => {
    const row = { replyToken: 'rt', replyDeadline: at(50_000), interrupted: true };
    expect(replyAttempt(row, at(10_000))).toEqual({ kind: 'reply' });
    expect(replyAttempt(row, at(50_000))).toMatchObject({ kind: 'give-up' });
    expect(replyAttempt({ ...row, interrupted: false }, at(60_000))).toEqual({ kind: 'reply' });
  });

  it('reads LINE\'s "Invalid reply token" as used after an interruption, and as a reason to push otherwise', () => {
    const invalid = { ok: false as const, status: 400, body: '{"message":"Invalid reply token"}', retryable: false };
    expect(afterReply(invalid, true)).toEqual({ kind: 'sent', byEarlierAttempt: true });
    expect(afterReply(invalid, false)).toEqual({ kind: 'push' });
    expect(afterReply({ ok: true }, true)).toEqual({ kind: 'sent', byEarlierAttempt: false });
    // The request may have reached LINE: only the same token may be tried again.
    expect(afterReply({ ok: false, status: 0, body: 'socket hang up', uncertain: true, retryable: true }, false)).toEqual({ kind: 'retry', route: 'reply' });
    expect(afterReply({ ok: false, status: 429, body: '', retryable: true }, false)).toEqual({ kind: 'retry', route: null });
    expect(afterReply({ ok: false, status: 429, body: '', retryable: true }, true)).toEqual({ kind: 'retry', route: 'reply' });
    expect(afterReply({ ok: false, status: 403, body: '', retryable: false }, false)).toEqual({ kind: 'failed' });
  });
});

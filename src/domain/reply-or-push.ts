/**
 * The one rule for how a message that answers someone leaves: with the event's reply token (free, once, for about a
 * minute) or as a push (billable, with the row's id as `X-Line-Retry-Key` so a retried push arrives once). Pure: the
 * dispatcher, `enqueueOutbox`, the outbox's SQL and the sender all ask it, and the SQL is given what it computed
 * (the token's deadline, the cut-off for "still fresh") rather than working it out again.
 *
 * - Writing: only the first row written for an event may carry its token (a token works once), only if nothing
 *   used it before, and only while the event is younger than `REPLY_TOKEN_WINDOW_MS` (LINE honours a token for
 *   about a minute; the margin covers the time to send). The row keeps the token's deadline.
 * - Sending: a row goes as a reply while its deadline is ahead, else as a push. A route once started stays: a reply
 *   whose outcome was never recorded (the process died, or the answer was lost) is tried again with its token while
 *   the token is valid — a token works once, so this can never deliver it twice, and LINE's "Invalid reply token"
 *   then means the earlier attempt used it. Past the deadline nothing can tell, and it is recorded as failed rather
 *   than pushed and perhaps received twice.
 */

export type SendRoute = 'reply' | 'push';

/** An event's reply token is used for this long after the event's timestamp; after that the answer is pushed. */
export const REPLY_TOKEN_WINDOW_MS = 50_000;

/** LINE's answer to a reply whose token was already used (or is unknown or expired). */
export const INVALID_REPLY_TOKEN = /invalid reply token/i;

export function replyDeadlineOf(eventTimestamp: Date): Date {
  return new Date(eventTimestamp.getTime() + REPLY_TOKEN_WINDOW_MS);
}

export interface TokenForRow {
  replyToken: string;
  replyDeadline: Date;
}

/** At writing: the token (and its deadline) a row may carry; undefined = the row is a push. */
export function replyTokenForRow(input: {
  replyToken: string | undefined;
  /** The token went to an earlier row already (the inbox event's `reply_token_claimed_at`). */
  tokenUsed: boolean;
  /** The first of the rows written for the event in this handling. */
  firstRow: boolean;
  eventTimestamp: Date;
  now: Date;
}): TokenForRow | undefined {
  const replyToken = tokenForRow(input.replyToken || undefined, { index: input.firstRow ? 0 : 1, tokenUsed: input.tokenUsed });
  if (replyToken === undefined) return undefined;
  const replyDeadline = replyDeadlineOf(input.eventTimestamp);
  return isFresh(replyDeadline, input.now) ? { replyToken, replyDeadline } : undefined;
}

/** Of the rows answering one event, only the first may carry its token, and only when nothing used it before. */
export function tokenForRow<T>(token: T | undefined, row: { index: number; tokenUsed: boolean }): T | undefined {
  return token !== undefined && row.index === 0 && !row.tokenUsed ? token : undefined;
}

/**
 * "Fresh" means the deadline is after this moment. The outbox's claim (SQL, many rows at once) is given this value
 * and compares `reply_deadline > cutoff`, the same test as `isFresh`.
 */
export function freshnessCutoff(now: Date): Date {
  return now;
}

export function isFresh(replyDeadline: Date | null, now: Date): boolean {
  return replyDeadline !== null && replyDeadline.getTime() > freshnessCutoff(now).getTime();
}

/** At claiming: the route of a row's next attempt. */
export function routeOf(row: { replyToken: string | null; replyDeadline: Date | null; previousRoute: SendRoute | null }, now: Date): SendRoute {
  if (row.previousRoute !== null) return row.previousRoute;
  return row.replyToken !== null && isFresh(row.replyDeadline, now) ? 'reply' : 'push';
}

/** What to do with a row about to be sent whose route is 'reply'. */
export type ReplyAttempt = { kind: 'reply' } | { kind: 'give-up'; reason: string };

/**
 * Before sending a reply: an interrupted one (its earlier attempt's outcome never recorded) is tried again only while
 * the token is valid; after that, whether it arrived cannot be known.
 */
export function replyAttempt(row: { replyToken: string | null; replyDeadline: Date | null; interrupted: boolean }, now: Date): ReplyAttempt {
  if (!row.replyToken) return { kind: 'give-up', reason: 'reply without a token' };
  if (row.interrupted && !isFresh(row.replyDeadline, now)) {
    return { kind: 'give-up', reason: 'reply outcome unknown (interrupted) and its token has expired; not resent' };
  }
  return { kind: 'reply' };
}

/** LINE's answer to a reply, as the sender sees it. */
export type ReplyResult =
  | { ok: true }
  | { ok: false; status: number; body: string; uncertain?: boolean; retryable: boolean };

export type AfterReply =
  /** Delivered (now, or by the interrupted attempt that used the token). */
  | { kind: 'sent'; byEarlierAttempt: boolean }
  /** The token cannot serve (expired, unknown) and nothing was delivered with it: push instead. */
  | { kind: 'push' }
  /** Try again later; `route` is the next attempt's route ('reply': the outcome is unknown, so only the token may be used). */
  | { kind: 'retry'; route: 'reply' | null }
  | { kind: 'failed' };

/** After a reply attempt: what LINE's answer means for the row. */
export function afterReply(result: ReplyResult, interrupted: boolean): AfterReply {
  if (result.ok) return { kind: 'sent', byEarlierAttempt: false };
  if (result.status === 400 && INVALID_REPLY_TOKEN.test(result.body)) {
    // Our tokens go to one row only: refused after an interrupted attempt, that attempt used it.
    return interrupted ? { kind: 'sent', byEarlierAttempt: true } : { kind: 'push' };
  }
  if (result.status === 400) return interrupted ? { kind: 'failed' } : { kind: 'push' };
  // The request may have reached LINE: only the same token may be tried again (it cannot deliver twice).
  if (result.status === 0 && result.uncertain) return { kind: 'retry', route: 'reply' };
  if (result.retryable) return { kind: 'retry', route: interrupted ? 'reply' : null };
  return { kind: 'failed' };
}

import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Executor } from '../database.ts';

/**
 * The outbox sender's SQL. A row goes pending → sent | failed. While pending, `sent_via` is the route of
 * the attempt under way or next: null = not decided (reply if the token is still fresh), 'reply' = a reply
 * was started, 'push' = the reply route is closed and only a push (with the row's retry key) remains.
 */

export type SendRoute = 'reply' | 'push';

const { escapeLiteral } = pg;

export interface ClaimedOutboxRow {
  id: string;
  seq: number;
  channelId: string;
  toUserId: string;
  messages: unknown;
  replyToken: string | null;
  /** What this attempt does. */
  route: SendRoute;
  /**
   * The route recorded before this claim. 'reply' here means an earlier reply was started and its outcome
   * never recorded (a crash or a timeout): it may have reached the user, so neither reply nor push is safe.
   */
  previousRoute: SendRoute | null;
  /** Attempts including this one. */
  attempts: number;
}

export interface ClaimRow {
  id: string;
  seq: string | number;
  channel_id: string;
  to_user_id: string;
  messages: unknown;
  reply_token: string | null;
  route: SendRoute;
  previous_route: SendRoute | null;
  attempts: number;
}

/**
 * Claims up to `limit` rows that are due, at most one per recipient: a row qualifies only when no earlier
 * row of the same recipient is still pending, so one user's messages leave in order. `SKIP LOCKED` keeps two
 * senders off the same row while they claim, and the lease (`next_attempt_at` pushed to `leaseUntil`) keeps
 * them off it while it is being sent; a sender that dies mid-send releases the row when the lease ends.
 */
export async function claimDueOutbox(
  ex: Executor,
  input: { now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedOutboxRow[]> {
  const result = await ex.execute(sql.raw(claimOutboxSql({ now: input.now, leaseUntil: input.leaseUntil, limit: input.limit })));
  return toClaimedRows(result.rows as unknown as ClaimRow[]);
}

/** The claim as SQL text, its values (dates and a count) written in as quoted literals. */
export function claimOutboxSql(input: { now: Date; leaseUntil: Date; limit: number }): string {
  const now = `${escapeLiteral(input.now.toISOString())}::timestamptz`;
  const leaseUntil = `${escapeLiteral(input.leaseUntil.toISOString())}::timestamptz`;
  const limit = Math.max(0, Math.trunc(input.limit));
  return `
    with due as (
      select o.id, o.sent_via as previous_route
      from outbox_messages o
      where o.status = 'pending'
        and o.next_attempt_at <= ${now}
        and not exists (
          select 1 from outbox_messages p
          where p.status = 'pending' and p.to_user_id = o.to_user_id and p.channel_id = o.channel_id and p.seq < o.seq
        )
      order by o.seq
      limit ${limit}
      for update of o skip locked
    )
    update outbox_messages m set
      attempts = m.attempts + 1,
      next_attempt_at = ${leaseUntil},
      sent_via = case
        when m.sent_via is not null then m.sent_via
        when m.reply_token is not null and m.reply_deadline > ${now} then 'reply'
        else 'push'
      end
    from due
    where m.id = due.id
    returning m.id, m.seq, m.channel_id, m.to_user_id, m.messages, m.reply_token, m.attempts,
              m.sent_via as route, due.previous_route`;
}

export function toClaimedRows(rows: readonly ClaimRow[]): ClaimedOutboxRow[] {
  return rows
    .map((row) => ({
      id: row.id,
      seq: Number(row.seq),
      channelId: row.channel_id,
      toUserId: row.to_user_id,
      messages: row.messages,
      replyToken: row.reply_token,
      route: row.route,
      previousRoute: row.previous_route,
      attempts: row.attempts,
    }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Records deliveries in one statement (the sender gathers the marks that come in while the previous batch is
 * written). Only a pending row changes: a late answer cannot undo a decision already taken. Returns the rows
 * whose recipient has another row pending: a row that waited behind this one, which the sender looks for now.
 */
export async function markOutboxSentMany(
  ex: Executor,
  marks: ReadonlyArray<{ id: string; via: SendRoute; requestId: string | undefined; now: Date }>,
): Promise<Set<string>> {
  if (marks.length === 0) return new Set();
  const values = marks
    .map((m) => `(${escapeLiteral(m.id)}::uuid, ${escapeLiteral(m.via)}, ${escapeLiteral(m.now.toISOString())}::timestamptz, ${m.requestId === undefined ? 'null' : escapeLiteral(m.requestId)})`)
    .join(', ');
  // The subquery sees the rows as they were before this statement, so the row being marked is left out by id.
  const result = await ex.execute<{ id: string; more_waiting: boolean }>(sql.raw(`
    update outbox_messages o
    set status = 'sent', sent_via = v.via, sent_at = v.sent_at, line_request_id = v.request_id, last_error = null
    from (values ${values}) as v(id, via, sent_at, request_id)
    where o.id = v.id and o.status = 'pending'
    returning o.id, exists (
      select 1 from outbox_messages p
      where p.status = 'pending' and p.to_user_id = o.to_user_id and p.channel_id = o.channel_id and p.id <> o.id
    ) as more_waiting`));
  return new Set(result.rows.filter((row) => row.more_waiting).map((row) => row.id));
}

export async function markOutboxFailed(
  ex: Executor,
  id: string,
  input: { error: string; requestId: string | undefined; via: SendRoute | null },
): Promise<void> {
  await ex.execute(sql`
    update outbox_messages
    set status = 'failed', sent_via = ${input.via}, last_error = ${input.error},
        line_request_id = coalesce(${input.requestId ?? null}, line_request_id)
    where id = ${id} and status = 'pending'`);
}

/**
 * Puts the row back for another attempt at `nextAttemptAt`. `route` is what the next attempt may do:
 * null to decide again (a reply that certainly failed may be tried again while the token is fresh),
 * 'push' once the reply route is closed.
 */
export async function scheduleOutboxRetry(
  ex: Executor,
  id: string,
  input: { nextAttemptAt: Date; error: string; requestId: string | undefined; route: 'push' | null },
): Promise<void> {
  await ex.execute(sql`
    update outbox_messages
    set next_attempt_at = ${input.nextAttemptAt}, last_error = ${input.error}, sent_via = ${input.route},
        line_request_id = coalesce(${input.requestId ?? null}, line_request_id)
    where id = ${id} and status = 'pending'`);
}

/** When the next pending row becomes due, or null when nothing is pending. */
export async function nextOutboxDueAt(ex: Executor): Promise<Date | null> {
  const result = await ex.execute(sql`select min(next_attempt_at) as at from outbox_messages where status = 'pending'`);
  const at = (result.rows[0] as { at: Date | string | null } | undefined)?.at;
  return at ? new Date(at) : null;
}

/**
 * Hands an event's reply token to one outbox row only: the first writer stamps `reply_token_claimed_at` on
 * the inbox event; later writers get false and must push. True as well when there is no such inbox event
 * (messages from jobs or tests carry their own token).
 */
export async function claimReplyToken(ex: Executor, sourceEventId: string, now: Date): Promise<boolean> {
  const claimed = await ex.execute(sql`
    update inbox_events set reply_token_claimed_at = ${now}
    where webhook_event_id = ${sourceEventId} and reply_token_claimed_at is null
    returning 1`);
  if (claimed.rows.length > 0) return true;
  const exists = await ex.execute(sql`select 1 from inbox_events where webhook_event_id = ${sourceEventId}`);
  return exists.rows.length === 0;
}

import { inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Executor } from '../database.ts';
import { outboxMessages } from '../schema.ts';
import { freshnessCutoff, type SendRoute } from '../../domain/reply-or-push.ts';

/**
 * The outbox sender's SQL. A row goes pending → sent | failed. While pending, `sent_via` is the route of
 * the attempt under way or next: null = not decided (reply if the token is still fresh), 'reply' = a reply
 * was started, 'push' = the reply route is closed and only a push (with the row's retry key) remains.
 */

export type { SendRoute };

const { escapeLiteral } = pg;

/**
 * The first key of the advisory lock a sender holds for its whole life (`pg_advisory_lock(HOLDER_LOCK_CLASS, key)` on a
 * session of its own); the second is the sender's key, written in `claimed_by` on the rows it claims. A row whose
 * holder's lock can be taken was claimed by a process that has died: it is taken back at once, not when its lease ends.
 */
export const HOLDER_LOCK_CLASS = 4_242_001;

/** A session of its own that holds a sender's holder lock; the lock is released when the session ends. */
export interface HolderLockSession {
  end(): Promise<void>;
}

/**
 * Opens a session and takes the holder lock `(HOLDER_LOCK_CLASS, holder)` on it. `on.error` hears the session's
 * errors (it is lost), `on.end` that it ended; both are attached before connecting. Throws when the database cannot
 * be reached (the session is closed again).
 */
export async function openHolderLockSession(
  url: string,
  holder: number,
  on: { error(err: Error): void; end(session: HolderLockSession): void },
): Promise<HolderLockSession> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', on.error);
  client.on('end', () => on.end(client));
  try {
    await client.connect();
    await client.query('select pg_advisory_lock($1, $2)', [HOLDER_LOCK_CLASS, holder]);
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
}

export interface ClaimedOutboxRow {
  id: string;
  seq: number;
  channelId: string;
  toUserId: string;
  messages: unknown;
  replyToken: string | null;
  replyDeadline: Date | null;
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
  reply_deadline: Date | string | null;
  route: SendRoute;
  previous_route: SendRoute | null;
  attempts: number;
}

/**
 * Claims up to `limit` rows that are due, at most one per recipient: a row qualifies only when no earlier
 * row of the same recipient is still pending, so one user's messages leave in order. `SKIP LOCKED` keeps two
 * senders off the same row while they claim, and the lease (`next_attempt_at` pushed to `leaseUntil`) keeps
 * them off it while it is being sent. A row whose holder died (its holder lock is free: `HOLDER_LOCK_CLASS`) is
 * taken back at once, whatever its lease. The route follows `routeOf` (src/domain/reply-or-push.ts): a route once
 * started stays, else a reply while the deadline is after `freshnessCutoff(now)`, else a push (`routeOfSql`).
 */
/**
 * A sender's own rows that it is not sending: claimed for it at least a while ago (`claimedBefore`, as the lease end
 * such a claim wrote) and not among the rows it has in hand (`inHand`). A claim whose bookkeeping was lost — the
 * dispatcher's commit went through but its answer did not arrive (the session was terminated), or the sent mark could
 * not be written — would otherwise wait out its whole lease, since no other sender may take a live holder's rows.
 */
export interface OwnOrphans {
  claimedBefore: Date;
  inHand: readonly string[];
}

export async function claimDueOutbox(
  ex: Executor,
  input: { now: Date; leaseUntil: Date; limit: number; holder: number; orphans?: OwnOrphans },
): Promise<ClaimedOutboxRow[]> {
  const result = await ex.execute(sql.raw(claimOutboxSql(input)));
  return toClaimedRows(result.rows as unknown as ClaimRow[]);
}

/**
 * `routeOf` (src/domain/reply-or-push.ts) as a SQL expression, for statements that decide the route of many rows (or
 * of a row they write) in the database: the same three steps, with `freshnessCutoff(now)` computed by the rule and
 * written in as a value. `row` holds SQL expressions for the row's previous route, token and deadline. The only copy
 * of the rule in SQL; test/integration/reply-or-push-sql.test.ts checks it agrees with `routeOf` on every case.
 */
export function routeOfSql(row: { previousRoute: string; replyToken: string; replyDeadline: string }, now: Date): string {
  const cutoff = `${escapeLiteral(freshnessCutoff(now).toISOString())}::timestamptz`;
  const reply: SendRoute = 'reply';
  const push: SendRoute = 'push';
  return `case
        when ${row.previousRoute} is not null then ${row.previousRoute}
        when ${row.replyToken} is not null and ${row.replyDeadline} > ${cutoff} then ${escapeLiteral(reply)}
        else ${escapeLiteral(push)}
      end`;
}

/** The claim as SQL text, its values (dates and counts) written in as quoted literals. */
export function claimOutboxSql(input: { now: Date; leaseUntil: Date; limit: number; holder: number; orphans?: OwnOrphans }): string {
  const now = `${escapeLiteral(input.now.toISOString())}::timestamptz`;
  const leaseUntil = `${escapeLiteral(input.leaseUntil.toISOString())}::timestamptz`;
  const limit = Math.max(0, Math.trunc(input.limit));
  const holder = holderKey(input.holder);
  const orphans = input.orphans
    ? `
             or (o.claimed_by = ${holder} and o.next_attempt_at <= ${escapeLiteral(input.orphans.claimedBefore.toISOString())}::timestamptz
                 and o.id <> all(${uuidArray(input.orphans.inHand)}))`
    : '';
  return `
    with due as (
      select o.id, o.sent_via as previous_route
      from outbox_messages o
      where o.status = 'pending'
        and (o.next_attempt_at <= ${now}
             or (o.claimed_by is not null and o.claimed_by <> ${holder}
                 and pg_try_advisory_xact_lock(${HOLDER_LOCK_CLASS}, o.claimed_by))${orphans})
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
      claimed_by = ${holder},
      sent_via = ${routeOfSql({ previousRoute: 'm.sent_via', replyToken: 'm.reply_token', replyDeadline: 'm.reply_deadline' }, input.now)}
    from due
    where m.id = due.id
    returning m.id, m.seq, m.channel_id, m.to_user_id, m.messages, m.reply_token, m.reply_deadline, m.attempts,
              m.sent_via as route, due.previous_route`;
}

function uuidArray(ids: readonly string[]): string {
  return `array[${ids.map((id) => `${escapeLiteral(id)}::uuid`).join(', ')}]::uuid[]`;
}

export function holderKey(key: number): string {
  if (!Number.isSafeInteger(key) || key <= 0 || key > 2 ** 31 - 1) throw new Error(`not a holder key: ${key}`);
  return String(key);
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
      replyDeadline: row.reply_deadline === null ? null : new Date(row.reply_deadline),
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

/**
 * Turns a claimed reply whose token LINE refused into a push, only while the row is still this sender's claim at
 * this attempt. A sender whose holder session was lost (terminated, a network cut) may have had the row taken back
 * meanwhile by another sender, whose reply used the token, hence the refusal: pushing then would deliver the
 * messages twice. Once switched, the route stays: a sender taking the row over later pushes with the same retry key.
 * False when the row is no longer this sender's (leave it to its new holder).
 */
export async function switchClaimedReplyToPush(ex: Executor, id: string, claim: { holder: number; attempts: number }): Promise<boolean> {
  const result = await ex.execute(sql`
    update outbox_messages
    set sent_via = 'push'
    where id = ${id} and status = 'pending' and claimed_by = ${claim.holder} and attempts = ${claim.attempts}
    returning id`);
  return result.rows.length > 0;
}

/**
 * The claim an outcome is written for: only while the row is still this sender's at this attempt. A sender whose
 * holder session was lost may have had the row taken over meanwhile; its failure must not end, or put back, a row
 * that another sender is sending (or has sent). False when the row is no longer this claim's.
 */
export interface OutboxClaim {
  holder: number;
  attempts: number;
}

export async function markOutboxFailed(
  ex: Executor,
  id: string,
  claim: OutboxClaim,
  input: { error: string; requestId: string | undefined; via: SendRoute | null },
): Promise<boolean> {
  const result = await ex.execute(sql`
    update outbox_messages
    set status = 'failed', sent_via = ${input.via}, last_error = ${input.error},
        line_request_id = coalesce(${input.requestId ?? null}, line_request_id)
    where id = ${id} and status = 'pending' and claimed_by = ${claim.holder} and attempts = ${claim.attempts}
    returning id`);
  return result.rows.length > 0;
}

/**
 * Puts the row back for another attempt at `nextAttemptAt`. `route` is what the next attempt may do:
 * null to decide again (a reply that certainly failed may be tried again while the token is fresh),
 * 'push' once the reply route is closed, 'reply' when a reply's outcome is unknown (only its token may be tried).
 * Waiting for its time, the row is no one's.
 */
export async function scheduleOutboxRetry(
  ex: Executor,
  id: string,
  claim: OutboxClaim,
  input: { nextAttemptAt: Date; error: string; requestId: string | undefined; route: SendRoute | null },
): Promise<boolean> {
  const result = await ex.execute(sql`
    update outbox_messages
    set next_attempt_at = ${input.nextAttemptAt}, last_error = ${input.error}, sent_via = ${input.route}, claimed_by = null,
        line_request_id = coalesce(${input.requestId ?? null}, line_request_id)
    where id = ${id} and status = 'pending' and claimed_by = ${claim.holder} and attempts = ${claim.attempts}
    returning id`);
  return result.rows.length > 0;
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

/** Writes outbox rows one by one, so `seq` (the sending order) follows their order; returns their ids in that order. */
export async function insertOutboxRows(ex: Executor, rows: ReadonlyArray<typeof outboxMessages.$inferInsert>): Promise<string[]> {
  const ids: string[] = [];
  for (const row of rows) {
    const [inserted] = await ex.insert(outboxMessages).values(row).returning({ id: outboxMessages.id });
    ids.push(inserted!.id);
  }
  return ids;
}

/** Whether anything was written to the outbox under this source id (a job's once-only key: `job:<runKey>`). */
export async function outboxHasSource(ex: Executor, sourceEventId: string): Promise<boolean> {
  const rows = await ex.select({ id: outboxMessages.id }).from(outboxMessages).where(sql`${outboxMessages.sourceEventId} = ${sourceEventId}`).limit(1);
  return rows.length > 0;
}

/** Makes concurrent writers of one once-only key wait for each other, until the transaction ends. */
export async function lockOutboxSource(ex: Executor, sourceEventId: string): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtext(${sourceEventId}))`);
}

/** Deletes sent rows written before `cutoff` (failed ones stay for the admin); returns how many. */
export async function purgeSentOutbox(ex: Executor, cutoff: Date): Promise<number> {
  const deleted = await ex
    .delete(outboxMessages)
    .where(sql`${outboxMessages.status} = 'sent' and ${outboxMessages.createdAt} < ${cutoff}`)
    .returning({ id: outboxMessages.id });
  return deleted.length;
}

/**
 * Writes many outbox rows in multi-row inserts (500 a statement), in the given order (`seq` follows the VALUES
 * order): a fan-out to a thousand schools is a few statements, not a thousand.
 */
export async function insertOutboxRowsMany(ex: Executor, rows: ReadonlyArray<typeof outboxMessages.$inferInsert>): Promise<number> {
  for (let i = 0; i < rows.length; i += 500) await ex.insert(outboxMessages).values(rows.slice(i, i + 500));
  return rows.length;
}

/** Which of these source ids already have outbox rows (a fan-out's once-only keys, asked in one query). */
export async function outboxSourcesAmong(ex: Executor, sourceEventIds: readonly string[]): Promise<Set<string>> {
  if (sourceEventIds.length === 0) return new Set();
  const rows = await ex
    .selectDistinct({ source: outboxMessages.sourceEventId })
    .from(outboxMessages)
    .where(inArray(outboxMessages.sourceEventId, [...sourceEventIds]));
  return new Set(rows.map((r) => r.source!).filter(Boolean));
}

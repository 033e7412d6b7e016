import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Executor } from '../database.ts';
import { inboxEvents } from '../schema.ts';

const { escapeLiteral } = pg;

export type InboxStatus = 'pending' | 'done' | 'ignored' | 'parked';

export interface NewInboxEvent {
  webhookEventId: string;
  channelId: string;
  officeId: string;
  chatKey: string;
  eventType: string;
  mode: string;
  eventTimestamp: Date;
  payload: unknown;
  status: 'pending' | 'ignored';
}

/**
 * Stores events in one statement; a `webhook_event_id` already stored (a redelivery, a repeat) is skipped.
 * Returns every new row (ignored ones too).
 */
async function insertInboxEvents(ex: Executor, events: readonly NewInboxEvent[]) {
  if (events.length === 0) return [];
  return ex
    .insert(inboxEvents)
    .values(events.map((e) => ({ ...e, handledAt: e.status === 'ignored' ? sql`now()` : null })))
    .onConflictDoNothing({ target: inboxEvents.webhookEventId })
    .returning({ id: inboxEvents.id, chatKey: inboxEvents.chatKey, status: inboxEvents.status, webhookEventId: inboxEvents.webhookEventId });
}

/** At most this many events go into one batched insert (well under PostgreSQL's 65,535 parameters). */
const MAX_BATCH_EVENTS = 500;

interface PendingStore {
  events: readonly NewInboxEvent[];
  resolve: (due: DueEvent[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Stores webhook requests' events, returning the new rows that wait for the dispatcher (not the ignored
 * ones). Requests that arrive while an insert is in flight are stored together in the next one: under
 * load one statement and one commit serve many requests instead of one each. Each request still hears
 * back only when its own events are committed (and a failed insert fails every request in it, so each
 * answers 503 and LINE redelivers).
 */
export class InboxWriter {
  readonly #ex: Executor;
  #waiting: PendingStore[] = [];
  #writing = false;

  constructor(ex: Executor) {
    this.#ex = ex;
  }

  store(events: readonly NewInboxEvent[]): Promise<DueEvent[]> {
    if (events.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ events, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  /** Stores the batch's events in one statement and answers each request with its own new events. */
  async #insert(batch: readonly PendingStore[]): Promise<void> {
    const rows = await insertInboxEvents(this.#ex, batch.flatMap((request) => request.events));
    const byEventId = new Map(rows.map((row) => [row.webhookEventId, row]));
    for (const request of batch) {
      // A repeat of an event already stored (or stored by another request of this batch) is not new.
      const due: DueEvent[] = [];
      for (const event of request.events) {
        const row = byEventId.get(event.webhookEventId);
        if (!row) continue;
        byEventId.delete(event.webhookEventId);
        if (row.status === 'pending') due.push({ id: row.id, chatKey: row.chatKey });
      }
      request.resolve(due);
    }
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#waiting.length > 0) {
        const batch: PendingStore[] = [];
        let size = 0;
        while (this.#waiting.length > 0 && (batch.length === 0 || size + this.#waiting[0]!.events.length <= MAX_BATCH_EVENTS)) {
          const next = this.#waiting.shift()!;
          batch.push(next);
          size += next.events.length;
        }
        try {
          await this.#insert(batch);
        } catch (err) {
          if (batch.length > 1 && isRejectedData(err)) {
            // One request's data was refused: store the others alone, so only that one answers 503.
            for (const request of batch) await this.#insert([request]).catch((alone: unknown) => request.reject(alone));
          } else {
            for (const request of batch) request.reject(err);
          }
        }
      }
    } finally {
      this.#writing = false;
    }
  }
}

/**
 * SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the statement was refused for
 * what it carried, not because the database is unreachable, so storing the batch's requests apart can help.
 */
function isRejectedData(err: unknown): boolean {
  // node-postgres puts the SQLSTATE in `code`; drizzle wraps that error as the `cause` of its own.
  for (let e = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

/**
 * An event may be handled only when it is its chat's earliest pending event: a later event waits while
 * an earlier one is in backoff. Order is LINE's timestamp, then arrival.
 */
export const EARLIEST_PENDING_SQL = `not exists (
  select 1 from inbox_events p
  where p.status = 'pending' and p.chat_key = e.chat_key
    and (p.event_timestamp, p.id) < (e.event_timestamp, e.id))`;
const isEarliestPending = sql.raw(EARLIEST_PENDING_SQL);

export interface DueEvent {
  id: number;
  chatKey: string;
}

/** Chats with work to do now, one event each, skipping chats this process is already handling. */
export async function findDueEvents(ex: Executor, options: DueEventsLook): Promise<DueEvent[]> {
  const result = await ex.execute<{ id: string; chat_key: string }>(sql.raw(dueEventsSql(options)));
  return result.rows.map((row) => ({ id: Number(row.id), chatKey: row.chat_key }));
}

export interface DueEventsLook {
  now: Date;
  excludeChatKeys: readonly string[];
  limit: number;
}

/**
 * The look for due events as SQL text, its values written in as quoted literals, so the dispatcher can also
 * send it in the round trip of a commit. It reads `inbox_events_pending_due_idx` in handling order and stops
 * after `limit` rows, so it costs the same however many events wait.
 */
export function dueEventsSql(options: DueEventsLook): string {
  const limit = Math.max(0, Math.trunc(options.limit));
  return `select e.id, e.chat_key from inbox_events e
    where e.status = 'pending' and e.next_attempt_at <= ${escapeLiteral(options.now.toISOString())}::timestamptz
      and not (e.chat_key = any(${escapeLiteral(toTextArray(options.excludeChatKeys))}::text[]))
      and ${EARLIEST_PENDING_SQL}
    order by e.event_timestamp, e.id
    limit ${limit}`;
}

/** How many events could be handled now: due, and first in their chat (an event behind a backoff waits). */
export async function countDueEvents(ex: Executor, now: Date): Promise<number> {
  const result = await ex.execute<{ n: string }>(sql`
    select count(*)::text as n from inbox_events e
    where e.status = 'pending' and e.next_attempt_at <= ${now.toISOString()}::timestamptz and ${isEarliestPending}`);
  return Number(result.rows[0]?.n ?? 0);
}

export interface LockedInboxEvent {
  id: number;
  webhookEventId: string;
  channelId: string;
  officeId: string;
  chatKey: string;
  eventTimestamp: Date;
  payload: unknown;
  attempts: number;
  replyTokenClaimed: boolean;
}

export type LockedRow = {
  id: string;
  webhook_event_id: string;
  channel_id: string;
  office_id: string;
  chat_key: string;
  event_timestamp: string | Date;
  payload: unknown;
  attempts: number;
  reply_token_claimed_at: string | Date | null;
};

export function toLocked(row: LockedRow): LockedInboxEvent {
  return {
    id: Number(row.id),
    webhookEventId: row.webhook_event_id,
    channelId: row.channel_id,
    officeId: row.office_id,
    chatKey: row.chat_key,
    eventTimestamp: new Date(row.event_timestamp),
    payload: row.payload,
    attempts: row.attempts,
    replyTokenClaimed: row.reply_token_claimed_at !== null,
  };
}

/**
 * Locks the event for handling if it is still pending, due and first in its chat; null otherwise (handled
 * meanwhile, in backoff, or another instance has it). In the same round trip it takes a transaction-level
 * advisory lock on the chat, so two instances never handle one user's events at once: the lock is tried only
 * for the row that qualifies, and a chat locked elsewhere yields null like a row locked elsewhere.
 */
export async function lockDueEvent(ex: Executor, id: number, now: Date): Promise<LockedInboxEvent | null> {
  const result = await ex.execute<LockedRow>(sql`
    select e.id, e.webhook_event_id, e.channel_id, e.office_id, e.chat_key, e.event_timestamp, e.payload,
           e.attempts, e.reply_token_claimed_at
    from inbox_events e
    where e.id = ${id} and e.status = 'pending' and e.next_attempt_at <= ${now.toISOString()}::timestamptz
      and ${isEarliestPending}
      and pg_try_advisory_xact_lock(hashtextextended('chat:' || e.chat_key, 0))
    for update skip locked`);
  const row = result.rows[0];
  return row ? toLocked(row) : null;
}

/** Locks a pending event whatever its turn, to record a failure. */
export async function lockPendingEvent(ex: Executor, id: number): Promise<LockedInboxEvent | null> {
  const result = await ex.execute<LockedRow>(sql`
    select e.id, e.webhook_event_id, e.channel_id, e.office_id, e.chat_key, e.event_timestamp, e.payload,
           e.attempts, e.reply_token_claimed_at
    from inbox_events e where e.id = ${id} and e.status = 'pending' for update`);
  const row = result.rows[0];
  return row ? toLocked(row) : null;
}

export async function finishEvent(
  ex: Executor,
  id: number,
  update: { status: 'done' | 'ignored' | 'parked'; now: Date; claimReplyToken: boolean; lastError?: string; attempts?: number },
): Promise<void> {
  await ex.execute(sql`
    update inbox_events set
      status = ${update.status},
      handled_at = ${update.now.toISOString()}::timestamptz,
      attempts = coalesce(${update.attempts ?? null}::int, attempts),
      last_error = coalesce(${update.lastError ?? null}::text, last_error),
      reply_token_claimed_at = case when ${update.claimReplyToken} then ${update.now.toISOString()}::timestamptz
                                    else reply_token_claimed_at end
    where id = ${id}`);
}

export async function scheduleRetry(
  ex: Executor,
  id: number,
  update: { attempts: number; lastError: string; nextAttemptAt: Date },
): Promise<void> {
  await ex.execute(sql`
    update inbox_events set attempts = ${update.attempts}, last_error = ${update.lastError},
      next_attempt_at = ${update.nextAttemptAt.toISOString()}::timestamptz
    where id = ${id}`);
}

function toTextArray(values: readonly string[]): string {
  // A Postgres array literal; each value quoted so user ids cannot break out of it.
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Deletes handled (done, ignored) events received before `cutoff` (parked ones stay for the admin); returns how many. */
export async function purgeHandledInbox(ex: Executor, cutoff: Date): Promise<number> {
  const deleted = await ex
    .delete(inboxEvents)
    .where(sql`${inboxEvents.status} in ('done', 'ignored') and ${inboxEvents.receivedAt} < ${cutoff}`)
    .returning({ id: inboxEvents.id });
  return deleted.length;
}

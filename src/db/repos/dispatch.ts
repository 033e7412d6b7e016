import { is } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Person } from '../../domain/people.ts';
import type { Db, Executor } from '../database.ts';
import type { ConversationRow } from './conversations.ts';
import { dueEventsSql, EARLIEST_PENDING_SQL, toLocked, type DueEvent, type LockedInboxEvent, type LockedRow } from './inbox.ts';
import { holderKey, routeOfSql, type ClaimedOutboxRow, type SendRoute } from './outbox.ts';
import { PERSON_COLUMNS_SQL, personFromRow, type PersonRow } from './people.ts';

/**
 * The dispatcher's hot path in as few round trips as the protocol allows. Handling one event is two
 * statements on the wire: `begin` with the event's lock and everything the flows read first (conversation,
 * person), then every write of the event with `commit` and a look for the next due events. Each goes as one
 * simple-protocol query holding several statements, so its values are written in as quoted literals
 * (`escapeLiteral`, ISO dates, checked integers), never spliced raw.
 */

const { escapeLiteral } = pg;

const text = (value: string) => escapeLiteral(value);
const nullableText = (value: string | null | undefined) => (value == null ? 'null' : escapeLiteral(value));
const timestamp = (value: Date) => `${escapeLiteral(value.toISOString())}::timestamptz`;
const jsonb = (value: unknown) => `${escapeLiteral(JSON.stringify(value))}::jsonb`;
function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

/**
 * A drizzle transaction over a client whose transaction the caller opened (and will end), so flows and
 * repositories work inside it as inside `db.transaction`, nested transactions (savepoints) included.
 */
export function transactionOn(db: Db, client: pg.PoolClient): Executor {
  const internals = db as unknown as { dialect: ConstructorParameters<typeof NodePgSession>[1]; session: unknown };
  const session = internals.session;
  if (!is(session, NodePgSession)) throw new Error('the database handle is not a node-postgres drizzle database');
  const fields = session as unknown as { schema: ConstructorParameters<typeof NodePgSession>[2]; options: ConstructorParameters<typeof NodePgSession>[3] };
  const onClient = new NodePgSession(client, internals.dialect, fields.schema, fields.options);
  return new NodePgTransaction(internals.dialect, onClient, fields.schema) as unknown as Executor;
}

export interface LockedEventContext {
  event: LockedInboxEvent;
  /** The conversation of the chat's user (the chat key of a one-to-one chat), locked; null when none. */
  conversation: ConversationRow | null;
  /** The person behind that user, as `findPersonByLineUser` reads it. */
  person: Person | null;
}

type ContextRow = LockedRow & {
  c_flow: string | null;
  c_step: string;
  c_version: number;
  c_data: unknown;
  c_updated_at: Date | string;
  c_expires_at: Date | string;
  person: (Omit<PersonRow, 'consentAt' | 'createdAt'> & { consentAt: string | null; createdAt: string }) | null;
};

/** The event is not ours to handle now: handled meanwhile, in backoff, locked elsewhere, or not its chat's turn. */
export interface EventNotLocked {
  event: null;
  /**
   * The chat's earliest pending event, when it is due and is not this one: its turn comes first (one user's
   * events stored out of order, or this one handled meanwhile). Null when the chat has nothing else due.
   */
  turnId: number | null;
}

/** Ends the transaction `beginAndLockEvent` opened on `client` without writing anything. */
export async function rollbackEvent(client: pg.PoolClient): Promise<void> {
  await client.query('rollback');
}

/**
 * Opens the transaction on `client` and, in the same round trip, locks the event if it is still pending,
 * due and first in its chat (with the chat's advisory lock, as `lockDueEvent`), then reads and locks the
 * conversation of the chat's user and reads the person. When the event is not ours to handle now, says
 * which of its chat's events is due first instead; the transaction is open either way and the caller ends it.
 */
export async function beginAndLockEvent(client: pg.PoolClient, id: number, now: Date): Promise<LockedEventContext | EventNotLocked> {
  const results = (await client.query(`begin;
    with ev as (
      select e.id, e.webhook_event_id, e.channel_id, e.office_id, e.chat_key, e.event_timestamp, e.payload,
             e.attempts, e.reply_token_claimed_at
      from inbox_events e
      where e.id = ${integer(id)} and e.status = 'pending' and e.next_attempt_at <= ${timestamp(now)}
        and ${EARLIEST_PENDING_SQL}
        and pg_try_advisory_xact_lock(hashtextextended('chat:' || e.chat_key, 0))
      for update skip locked
    ), conv as (
      select c.flow, c.step, c.version, c.data, c.updated_at, c.expires_at
      from conversations c join ev on c.channel_id = ev.channel_id and c.user_id = ev.chat_key
      for update of c
    )
    select ev.*, conv.flow as c_flow, conv.step as c_step, conv.version as c_version, conv.data as c_data,
           conv.updated_at as c_updated_at, conv.expires_at as c_expires_at,
           (select row_to_json(person) from (
              select ${PERSON_COLUMNS_SQL} from people p left join schools s on s.id = p.school_id
              where p.channel_id = ev.channel_id and p.line_user_id = ev.chat_key) person) as person,
           -- Only when the event was not locked: the chat's earliest pending event, if due and another one.
           case when ev.id is null then (
             select f.id from (
               select e.id, e.next_attempt_at from inbox_events e
               where e.status = 'pending' and e.chat_key = (select x.chat_key from inbox_events x where x.id = ${integer(id)})
               order by e.event_timestamp, e.id limit 1) f
             where f.id <> ${integer(id)} and f.next_attempt_at <= ${timestamp(now)}) end as turn_id
    from (values (1)) one left join ev on true left join conv on true`)) as unknown as pg.QueryResult[];
  const row = results[1]?.rows[0] as (ContextRow & { id: string | null; turn_id: string | null }) | undefined;
  if (!row || row.id === null) return { event: null, turnId: row?.turn_id == null ? null : Number(row.turn_id) };
  const conversation: ConversationRow | null =
    row.c_flow === null
      ? null
      : {
          flow: row.c_flow,
          step: row.c_step,
          version: row.c_version,
          data: row.c_data,
          updatedAt: new Date(row.c_updated_at),
          expiresAt: new Date(row.c_expires_at),
        };
  // row_to_json writes dates as text.
  const person = row.person
    ? personFromRow({
        ...row.person,
        consentAt: row.person.consentAt === null ? null : new Date(row.person.consentAt),
        createdAt: new Date(row.person.createdAt),
      })
    : null;
  return { event: toLocked(row), conversation, person };
}

export type ConversationWrite =
  | { kind: 'save'; channelId: string; officeId: string; userId: string; row: ConversationRow }
  | { kind: 'delete'; channelId: string; userId: string };

/** One outbox row (at most five messages) answering the event, with its token if the token is still free. */
export interface ReplyWrite {
  channelId: string;
  officeId: string;
  toUserId: string;
  messages: unknown[];
  token?: { replyToken: string; replyDeadline: Date };
}

export interface EventWrites {
  event: LockedInboxEvent;
  status: 'done' | 'ignored' | 'parked';
  now: Date;
  /** Whether this handling used the event's reply token (written earlier in the transaction, or `reply`'s). */
  claimedReplyToken: boolean;
  conversation?: ConversationWrite;
  reply?: ReplyWrite;
  /** Write the reply row claimed for this process's sender (it has a free slot for it), leased until then. */
  claimReply?: { leaseUntil: Date; holder: number };
  /** After the commit: due events of other chats, skipping these (chats this process is handling). */
  next?: { excludeChatKeys: readonly string[]; limit: number };
}

export interface CommittedEvent {
  /** The reply row, claimed for sending now (empty when not asked, or it must wait behind an earlier row). */
  claimed: ClaimedOutboxRow[];
  /** Whether the reply row was written (it was, unless the event had no reply). */
  wroteReply: boolean;
  next: DueEvent[];
}

/**
 * Writes what handling the event decided (conversation, the reply row with the token if still unclaimed,
 * the event's status) in one statement, the reply row already claimed for this process's sender when asked
 * and nothing of the recipient's waits ahead of it; commits; and in the same round trip, when asked, looks
 * for the next due events. On an error nothing is committed and the caller rolls back.
 */
export async function writeEventAndCommit(client: pg.PoolClient, w: EventWrites): Promise<CommittedEvent> {
  const ctes: string[] = [];
  const eventId = integer(w.event.id);
  const now = timestamp(w.now);
  const claimsToken = w.claimedReplyToken || w.reply?.token !== undefined;
  if (w.reply) {
    const r = w.reply;
    // The token goes to this row only if nothing earlier in the transaction gave it away (a token works once).
    ctes.push(`ev as (select reply_token_claimed_at is null as token_free from inbox_events where id = ${eventId})`);
    const token = r.token ? text(r.token.replyToken) : 'null::text';
    const deadline = r.token ? timestamp(r.token.replyDeadline) : 'null::timestamptz';
    // Written already claimed for this process's sender (one attempt under way, leased, its route decided, as
    // the sender's own claim would leave it) when the sender has a slot for it and nothing of the recipient's
    // waits ahead of it; otherwise written pending for the sender to find. One write of the row instead of an
    // insert and then a claim's update.
    const claimable = w.claimReply
      ? `not exists (select 1 from outbox_messages p
           where p.status = 'pending' and p.to_user_id = ${text(r.toUserId)} and p.channel_id = ${text(r.channelId)})`
      : 'false';
    const leaseUntil = w.claimReply ? timestamp(w.claimReply.leaseUntil) : "'epoch'::timestamptz";
    const holder = w.claimReply ? holderKey(w.claimReply.holder) : 'null::int';
    // The token and its deadline are what `replyTokenForRow` decided (src/domain/reply-or-push.ts); the database adds
    // the one fact it holds: whether an earlier row of this handling took the token (`token_free`). The route of a
    // row claimed here is `routeOf`'s (its SQL form, `routeOfSql`) for a row with no route yet.
    const rowToken = `case when ev.token_free then ${token} end`;
    const rowDeadline = `case when ev.token_free then ${deadline} end`;
    ctes.push(`reply as (
      insert into outbox_messages (channel_id, office_id, to_user_id, messages, reply_token, reply_deadline, source_event_id,
                                   attempts, next_attempt_at, claimed_by, sent_via)
      select ${text(r.channelId)}, ${text(r.officeId)}, ${text(r.toUserId)}, ${jsonb(r.messages)},
             ${rowToken}, ${rowDeadline},
             ${text(w.event.webhookEventId)},
             case when q.claimed then 1 else 0 end,
             case when q.claimed then ${leaseUntil} else 'epoch'::timestamptz end,
             case when q.claimed then ${holder} end,
             case when q.claimed then ${routeOfSql({ previousRoute: 'null::text', replyToken: rowToken, replyDeadline: rowDeadline }, w.now)} end
      from ev, (select ${claimable} as claimed) q
      returning id, seq, reply_token, reply_deadline, sent_via)`);
  }
  if (w.conversation?.kind === 'save') {
    const c = w.conversation;
    ctes.push(`conv as (
      insert into conversations (channel_id, office_id, user_id, flow, step, version, data, updated_at, expires_at)
      values (${text(c.channelId)}, ${text(c.officeId)}, ${text(c.userId)}, ${text(c.row.flow)}, ${text(c.row.step)},
              ${integer(c.row.version)}, ${jsonb(c.row.data)}, ${timestamp(c.row.updatedAt)}, ${timestamp(c.row.expiresAt)})
      on conflict (channel_id, user_id) do update set flow = excluded.flow, step = excluded.step,
        version = excluded.version, data = excluded.data, updated_at = excluded.updated_at, expires_at = excluded.expires_at)`);
  } else if (w.conversation?.kind === 'delete') {
    ctes.push(`conv as (delete from conversations
      where channel_id = ${text(w.conversation.channelId)} and user_id = ${text(w.conversation.userId)})`);
  }
  const finish = `update inbox_events set status = ${text(w.status)}, handled_at = ${now},
      reply_token_claimed_at = ${claimsToken ? `coalesce(reply_token_claimed_at, ${now})` : 'reply_token_claimed_at'}
    where id = ${eventId}`;
  // With a reply, the event's update is one more CTE and the statement returns the reply row.
  const write = w.reply
    ? `with ${[...ctes, `finish as (${finish})`].join(',\n')}\nselect id, seq, reply_token, reply_deadline, sent_via from reply`
    : `${ctes.length > 0 ? `with ${ctes.join(',\n')}\n` : ''}${finish}`;
  const statements = [write, 'commit'];
  if (w.next && w.next.limit > 0) statements.push(dueEventsSql({ now: w.now, ...w.next }));
  const results = (await client.query(statements.join(';\n'))) as unknown as pg.QueryResult[];
  const claimed: ClaimedOutboxRow[] = [];
  if (w.reply) {
    const row = results[0]!.rows[0] as { id: string; seq: string; reply_token: string | null; reply_deadline: string | Date | null; sent_via: SendRoute | null } | undefined;
    if (row?.sent_via) {
      claimed.push({
        id: row.id,
        seq: Number(row.seq),
        channelId: w.reply.channelId,
        toUserId: w.reply.toUserId,
        messages: w.reply.messages,
        replyToken: row.reply_token,
        replyDeadline: row.reply_deadline === null ? null : new Date(row.reply_deadline),
        route: row.sent_via,
        previousRoute: null,
        attempts: 1,
      });
    }
  }
  const next =
    w.next && w.next.limit > 0
      ? (results[2]!.rows as Array<{ id: string; chat_key: string }>).map((row) => ({ id: Number(row.id), chatKey: row.chat_key }))
      : [];
  return { claimed, wroteReply: w.reply !== undefined, next };
}

import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The foundation tables. Every domain table carries `office_id`: one deployment serves several
 * area offices, each with its own LINE channel.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const offices = pgTable('offices', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/**
 * A LINE channel (Official Account). The default channel (id `default`) takes its secret and token
 * from the settings at start-up; other channels are kept here and reached at `/webhook/<id>`.
 */
export const lineChannels = pgTable('line_channels', {
  id: text('id').primaryKey(),
  officeId: text('office_id')
    .notNull()
    .references(() => offices.id),
  channelSecret: text('channel_secret').notNull(),
  channelAccessToken: text('channel_access_token').notNull(),
  /** Base URL of the Messaging API for this channel; null = the deployment's setting. */
  apiBaseUrl: text('api_base_url'),
  dataApiBaseUrl: text('data_api_base_url'),
  /** Push/multicast messages per calendar month; null = the deployment's setting. */
  monthlyMessageBudget: integer('monthly_message_budget'),
  createdAt: createdAt(),
});

/** Every webhook event, stored before LINE hears 200. `webhook_event_id` makes redelivery harmless. */
export const inboxEvents = pgTable(
  'inbox_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    webhookEventId: text('webhook_event_id').notNull(),
    channelId: text('channel_id')
      .notNull()
      .references(() => lineChannels.id),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    /** Whose events must be handled in order: the user, group or room id (or `-` when absent). */
    chatKey: text('chat_key').notNull(),
    eventType: text('event_type').notNull(),
    mode: text('mode').notNull(),
    eventTimestamp: timestamp('event_timestamp', { withTimezone: true, mode: 'date' }).notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** pending → done | ignored | parked */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    /** Set when an outbox row has claimed this event's reply token: a token works once. */
    replyTokenClaimedAt: timestamp('reply_token_claimed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbox_events_webhook_event_id_uq').on(t.webhookEventId),
    index('inbox_events_pending_idx')
      .on(t.chatKey, t.id)
      .where(sql`status = 'pending'`),
  ],
);

/** Conversation state per user: which flow and step, with versioned JSON data and an expiry. */
export const conversations = pgTable(
  'conversations',
  {
    channelId: text('channel_id')
      .notNull()
      .references(() => lineChannels.id),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    userId: text('user_id').notNull(),
    flow: text('flow').notNull(),
    step: text('step').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] })],
);

/**
 * Messages to send, written in the same transaction as the change that caused them.
 * One row is one request to LINE: 1–5 message objects to one recipient.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    /** Also the `X-Line-Retry-Key` of the push, so a retried push is never delivered twice. */
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    channelId: text('channel_id')
      .notNull()
      .references(() => lineChannels.id),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    toUserId: text('to_user_id').notNull(),
    messages: jsonb('messages').notNull(),
    /** The event's reply token, if this row may answer it; used only before `reply_deadline`. */
    replyToken: text('reply_token'),
    replyDeadline: timestamp('reply_deadline', { withTimezone: true }),
    sourceEventId: text('source_event_id'),
    /** pending → sent | failed */
    status: text('status').notNull().default('pending'),
    /** How it went out: reply (free) or push (billable). */
    sentVia: text('sent_via'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    lineRequestId: text('line_request_id'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_messages_seq_uq').on(t.seq),
    index('outbox_messages_pending_idx')
      .on(t.toUserId, t.seq)
      .where(sql`status = 'pending'`),
    index('outbox_messages_sent_push_idx')
      .on(t.channelId, t.sentAt)
      .where(sql`sent_via = 'push'`),
  ],
);

/** Budget alerts already raised, so each level (80, 100) is raised once per channel and month. */
export const messageBudgetAlerts = pgTable(
  'message_budget_alerts',
  {
    channelId: text('channel_id')
      .notNull()
      .references(() => lineChannels.id),
    month: text('month').notNull(),
    level: integer('level').notNull(),
    used: integer('used').notNull(),
    budget: integer('budget').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.month, t.level] })],
);

/** Schools of an office, imported from the office's own list (CSV); any of the three codes identifies one. */
export const schools = pgTable(
  'schools',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    name: text('name').notNull(),
    /** 8-digit SMIS code (province + area + running number). */
    smisCode: text('smis_code'),
    /** 6-digit OBEC code. */
    obecCode: text('obec_code'),
    /** 10-digit Ministry code ("10" + province + OBEC code). */
    moeCode: text('moe_code'),
    district: text('district').notNull(),
    cluster: text('cluster'),
    address: text('address'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('schools_smis_uq').on(t.officeId, t.smisCode),
    uniqueIndex('schools_obec_uq').on(t.officeId, t.obecCode),
    uniqueIndex('schools_moe_uq').on(t.officeId, t.moeCode),
  ],
);

/**
 * A person who talks to the bot through one channel. `role` is one of the roles in src/domain/roles.ts;
 * a deleted person keeps the row (records point at it) with the name replaced and the LINE id cleared.
 */
export const people = pgTable(
  'people',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    channelId: text('channel_id')
      .notNull()
      .references(() => lineChannels.id),
    /** LINE user id; null once the person asked for their data to be deleted. */
    lineUserId: text('line_user_id'),
    /** The name LINE showed when they registered (kept with their consent). */
    lineDisplayName: text('line_display_name'),
    fullName: text('full_name').notNull(),
    phone: text('phone'),
    role: text('role').notNull(),
    schoolId: integer('school_id').references(() => schools.id),
    /** active | inactive (unfollowed: no pushes) | deleted */
    status: text('status').notNull().default('active'),
    consentAt: timestamp('consent_at', { withTimezone: true }),
    /** The rich menu family the person should see (from the role) and the rich menu id last linked. */
    richMenuFamily: text('rich_menu_family'),
    richMenuLinkedId: text('rich_menu_linked_id'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_line_user_uq').on(t.channelId, t.lineUserId)],
);

/** One-time invitations to a role other than teacher; the code is stored hashed. */
export const invitations = pgTable(
  'invitations',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    codeHash: text('code_hash').notNull(),
    role: text('role').notNull(),
    schoolId: integer('school_id').references(() => schools.id),
    createdBy: integer('created_by').references(() => people.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedBy: integer('used_by').references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invitations_code_uq').on(t.codeHash)],
);

/** Who did what and when: role changes, decisions, administrative actions. Never message contents. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    actorId: integer('actor_id').references(() => people.id),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    details: jsonb('details').notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_subject_idx').on(t.subjectType, t.subjectId)],
);

export const schema = {
  offices,
  lineChannels,
  inboxEvents,
  conversations,
  outboxMessages,
  messageBudgetAlerts,
  schools,
  people,
  invitations,
  auditLog,
};

import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
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

/** Raw bytes (node Buffer) for downloaded content. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

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
    /** New rows are due at once whatever the app's clock ('epoch'); retries set a later time. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().default(sql`'epoch'`),
    lastError: text('last_error'),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    /** Set when an outbox row has claimed this event's reply token: a token works once. */
    replyTokenClaimedAt: timestamp('reply_token_claimed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbox_events_webhook_event_id_uq').on(t.webhookEventId),
    // A chat's pending events in handling order: is this event the chat's earliest pending one?
    index('inbox_events_pending_chat_idx')
      .on(t.chatKey, t.eventTimestamp, t.id)
      .where(sql`status = 'pending'`),
    // Every pending event in handling order, so "the next due events" reads the first few entries instead
    // of sorting the whole backlog (which made each look cost more the further handling fell behind).
    index('inbox_events_pending_due_idx')
      .on(t.eventTimestamp, t.id)
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
    /** New rows are due at once whatever the app's clock ('epoch'); retries set a later time. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().default(sql`'epoch'`),
    /**
     * The sender holding the row (its lease in `next_attempt_at`): the key of a session advisory lock that sender's
     * process holds while it lives. A row whose holder's lock is free (the process died) is taken back at once.
     */
    claimedBy: integer('claimed_by'),
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
    // Pending rows in sending order, so the sender's claim reads the first few instead of sorting them all.
    index('outbox_messages_pending_seq_idx')
      .on(t.seq)
      .where(sql`status = 'pending'`),
    index('outbox_messages_sent_push_idx')
      .on(t.channelId, t.sentAt)
      .where(sql`sent_via = 'push'`),
    // Whether a once-only key was used (a job's push, a fan-out's keys): looked up, not scanned.
    index('outbox_messages_source_idx')
      .on(t.sourceEventId)
      .where(sql`source_event_id is not null`),
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
  (t) => [
    uniqueIndex('people_line_user_uq').on(t.channelId, t.lineUserId),
    // An office's people of a role (an invitation to every director of the office), without reading other offices'.
    index('people_office_role_idx').on(t.officeId, t.role),
  ],
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

/**
 * Office-wide settings as one JSON document (office hours, working days, service targets, routing, digest
 * times ...), validated by its zod schema in src/domain; missing keys take the schema's defaults.
 */
export const officeSettings = pgTable('office_settings', {
  officeId: text('office_id')
    .primaryKey()
    .references(() => offices.id),
  settings: jsonb('settings').notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The office's holiday list (changes every year by cabinet resolution: data, not code). */
export const holidays = pgTable(
  'holidays',
  {
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    /** Calendar date in Asia/Bangkok, YYYY-MM-DD. */
    date: text('date').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.date] })],
);

/**
 * Running numbers of the office's registers (repair tickets per fiscal year; saraban receive/send per
 * calendar year). Taken with `update … returning` inside the caller's transaction: no gaps, no repeats.
 */
export const registerCounters = pgTable(
  'register_counters',
  {
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    register: text('register').notNull(),
    /** The year the numbers run in (Buddhist era), e.g. fiscal year 2570. */
    year: integer('year').notNull(),
    /** The last number given; the next is last + 1. An office may set a starting point for a year. */
    lastValue: integer('last_value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.register, t.year] })],
);

/** Kinds of fault a teacher chooses from; an admin can add, rename or retire them. */
export const repairCategories = pgTable(
  'repair_categories',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    /** dltv | computer */
    groupCode: text('group_code').notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('repair_categories_code_uq').on(t.officeId, t.code)],
);

/** A repair request (ticket) for DLTV or computer equipment of one school. */
export const repairTickets = pgTable(
  'repair_tickets',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    /** Fiscal year (Buddhist era) and running number in it: shown as `ซ่อม 2570/0042`. */
    fiscalYear: integer('fiscal_year').notNull(),
    seq: integer('seq').notNull(),
    /** The school whose equipment it is; null: the office's own (an item of its loan inventory returned damaged). */
    schoolId: integer('school_id').references(() => schools.id),
    reporterId: integer('reporter_id')
      .notNull()
      .references(() => people.id),
    categoryId: integer('category_id')
      .notNull()
      .references(() => repairCategories.id),
    description: text('description').notNull(),
    classroom: text('classroom'),
    teachingStopped: boolean('teaching_stopped').notNull(),
    /** urgent | normal (urgent when teaching is stopped) */
    priority: text('priority').notNull(),
    /** new | accepted | scheduled | waiting | resolved | confirmed | closed | cancelled */
    status: text('status').notNull().default('new'),
    /** Bumped on every change: buttons carry it, so a button drawn for an earlier state is stale. */
    version: integer('version').notNull().default(1),
    assigneeId: integer('assignee_id').references(() => people.id),
    visitAt: timestamp('visit_at', { withTimezone: true }),
    waitingReason: text('waiting_reason'),
    /** When the current wait began (the service clock stops while waiting). */
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    /** Office minutes spent waiting so far: added to the resolve deadline. */
    pausedOfficeMinutes: integer('paused_office_minutes').notNull().default(0),
    acceptDueAt: timestamp('accept_due_at', { withTimezone: true }),
    resolveDueAt: timestamp('resolve_due_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    resolution: text('resolution'),
    partsUsed: text('parts_used'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    /** Highest escalation level already raised for each clock (0 = none), so each level is raised once. */
    acceptEscalationLevel: integer('accept_escalation_level').notNull().default(0),
    resolveEscalationLevel: integer('resolve_escalation_level').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('repair_tickets_number_uq').on(t.officeId, t.fiscalYear, t.seq),
    index('repair_tickets_school_open_idx').on(t.schoolId, t.status),
  ],
);

/** Every change of a ticket: who, when, what, with a note — the ticket's timeline. */
export const repairTicketEvents = pgTable(
  'repair_ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => repairTickets.id),
    /** created | report_added | accepted | assigned | scheduled | waiting | resumed | resolved | confirmed | reopened | closed | auto_closed | cancelled | rated | reminded | escalated */
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    ...historyColumns(),
  },
  (t) => [index('repair_ticket_events_ticket_idx').on(t.ticketId, t.id)],
);

/**
 * Pictures and files a user sent (downloaded from LINE at once: LINE deletes content after a while).
 * `owner_type`/`owner_id` say what they belong to (e.g. repair_ticket); null owner = still in a draft.
 */
export const mediaFiles = pgTable(
  'media_files',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    ownerType: text('owner_type'),
    ownerId: integer('owner_id'),
    /** report | resolution | attachment … */
    purpose: text('purpose').notNull(),
    lineMessageId: text('line_message_id').notNull(),
    uploadedBy: integer('uploaded_by').references(() => people.id),
    contentType: text('content_type').notNull(),
    fileName: text('file_name'),
    sizeBytes: integer('size_bytes').notNull(),
    content: bytea('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('media_files_line_message_uq').on(t.officeId, t.lineMessageId),
    index('media_files_owner_idx').on(t.ownerType, t.ownerId),
  ],
);

/**
 * Official letters (งานสารบรรณ): one row per entry of the receive register (แบบที่ 13) or the send register
 * (แบบที่ 14). The number is taken from `register_counters` in the registering transaction (per register
 * per calendar year); a cancelled letter keeps its row and number. Attachments are `media_files` rows with
 * owner_type `letter`. A ลับที่สุด letter keeps number and date only (subject, sender, recipient null).
 */
export const letters = pgTable(
  'letters',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    /** receive | send */
    register: text('register').notNull(),
    /** Calendar year (Buddhist era) the number runs in. */
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    /** The letter's own number (ที่) and date (ลงวันที่, YYYY-MM-DD). */
    docNo: text('doc_no'),
    docDate: text('doc_date'),
    fromName: text('from_name'),
    toName: text('to_name'),
    subject: text('subject'),
    /** external | internal | stamped | directive | publicity | evidence */
    kind: text('kind').notNull(),
    /** normal | urgent | very_urgent | most_urgent */
    urgency: text('urgency').notNull(),
    /** ด่วนภายใน: act by (YYYY-MM-DD). */
    actBy: text('act_by'),
    /** none | confidential | secret | top_secret */
    secrecy: text('secrecy').notNull(),
    /** registered | assigned | acknowledged | proposed | decided | returned | sent | cancelled */
    status: text('status').notNull(),
    /** Bumped on every change: buttons carry it, so a button drawn for an earlier state is stale. */
    version: integer('version').notNull().default(1),
    /** Date and time of receipt (the receive stamp) or of sending. */
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    registeredBy: integer('registered_by')
      .notNull()
      .references(() => people.id),
    assignedBy: integer('assigned_by').references(() => people.id),
    assigneeId: integer('assignee_id').references(() => people.id),
    instruction: text('instruction'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    proposedBy: integer('proposed_by').references(() => people.id),
    proposedTo: integer('proposed_to').references(() => people.id),
    /** acknowledge | consider | approve | endorse | order */
    proposalAsk: text('proposal_ask'),
    proposalNote: text('proposal_note'),
    proposedAt: timestamp('proposed_at', { withTimezone: true }),
    /** acknowledged | approved | endorsed | rejected | returned | ordered */
    decision: text('decision'),
    decisionText: text('decision_text'),
    decidedBy: integer('decided_by').references(() => people.id),
    /** on_behalf | acting, when the decider acted for the person the letter was proposed to. */
    decidedActing: text('decided_acting'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** หมายเหตุ column of the register. */
    remarks: text('remarks'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledBy: integer('cancelled_by').references(() => people.id),
    cancelReason: text('cancel_reason'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('letters_number_uq').on(t.officeId, t.register, t.year, t.number),
    index('letters_status_idx').on(t.officeId, t.status),
    index('letters_assignee_idx').on(t.assigneeId, t.status),
    index('letters_proposed_to_idx').on(t.proposedTo, t.status),
  ],
);

/** Every change of a letter (register, correct with before/after, cancel, assign, decide, remind …). */
export const letterEvents = pgTable(
  'letter_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id),
    /** registered | corrected | cancelled | notified | assigned | acknowledged | proposed | decided | reminded | escalated | lent | returned_loan */
    /** What changed, e.g. `{ before: {...}, after: {...} }` for a correction. Never copied into logs. */
    ...historyColumns(),
  },
  (t) => [index('letter_events_letter_idx').on(t.letterId, t.id)],
);

/**
 * Who still has to hear about a letter (the group directors about a new letter). Urgent letters are
 * pushed at once; the rest wait for the next digest, unless the person opens their list first. A row is
 * delivered once (`delivered_at`), so a letter is never announced twice to the same person.
 */
export const letterNotices = pgTable(
  'letter_notices',
  {
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    /** new_letter | … */
    kind: text('kind').notNull(),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** push | digest | list */
    deliveredVia: text('delivered_via'),
  },
  (t) => [primaryKey({ columns: [t.letterId, t.personId, t.kind] }), index('letter_notices_pending_idx').on(t.officeId, t.deliveredAt)],
);

/** A paper original lent out (the borrowing card of the regulation). */
export const letterLoans = pgTable(
  'letter_loans',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id),
    borrowerName: text('borrower_name').notNull(),
    /** The borrower, when they use the bot (reminders go to them). */
    borrowerId: integer('borrower_id').references(() => people.id),
    purpose: text('purpose').notNull(),
    lentBy: integer('lent_by')
      .notNull()
      .references(() => people.id),
    lentAt: timestamp('lent_at', { withTimezone: true }).notNull(),
    /** YYYY-MM-DD */
    dueDate: text('due_date').notNull(),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    returnedBy: text('returned_by'),
    receivedBy: integer('received_by').references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [index('letter_loans_open_idx').on(t.officeId, t.returnedAt)],
);

/**
 * Someone deciding for another: ปฏิบัติราชการแทน (on_behalf) or รักษาราชการแทน (acting), from a date to a date
 * (YYYY-MM-DD, inclusive; `ends_on` null = until revoked).
 */
export const actingAssignments = pgTable(
  'acting_assignments',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    principalId: integer('principal_id')
      .notNull()
      .references(() => people.id),
    actingId: integer('acting_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind').notNull(),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on'),
    createdBy: integer('created_by').references(() => people.id),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('acting_assignments_acting_idx').on(t.officeId, t.actingId)],
);

/**
 * The columns every `<thing>_events` table (a ticket's, a letter's, a loan's … history) has besides its id and its
 * subject: office, actor, action, data, when. src/db/repos/history.ts writes and reads them alike; a table whose
 * timeline shows a typed note adds `note`. A function declaration, so the schema files that `schema.ts` re-exports can
 * call it while this module is still being evaluated (its references are lazy).
 */
export function historyColumns() {
  return {
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    actorId: integer('actor_id').references(() => people.id),
    action: text('action').notNull(),
    data: jsonb('data').notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  };
}

export * from './schema/reports.ts';
import { reportsSchema } from './schema/reports.ts';
export * from './schema/backups.ts';
import { backupsSchema } from './schema/backups.ts';
export * from './schema/loans.ts';
import { loansSchema } from './schema/loans.ts';
export * from './schema/bookings.ts';
import { bookingsSchema } from './schema/bookings.ts';
export * from './schema/loan-requests.ts';
import { loanRequestsSchema } from './schema/loan-requests.ts';
export * from './schema/loan-desk.ts';
import { loanDeskSchema } from './schema/loan-desk.ts';
export * from './schema/surveys.ts';
import { surveysSchema } from './schema/surveys.ts';
export * from './schema/vc.ts';
import { vcSchema } from './schema/vc.ts';
export * from './schema/access.ts';
import { accessSchema } from './schema/access.ts';
export * from './schema/dltv.ts';
import { dltvSchema } from './schema/dltv.ts';

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
  officeSettings,
  holidays,
  registerCounters,
  repairCategories,
  repairTickets,
  repairTicketEvents,
  mediaFiles,
  letters,
  letterEvents,
  letterNotices,
  letterLoans,
  actingAssignments,
  ...reportsSchema,
  ...backupsSchema,
  ...loansSchema,
  ...bookingsSchema,
  ...loanRequestsSchema,
  ...loanDeskSchema,
  ...surveysSchema,
  ...vcSchema,
  ...accessSchema,
  ...dltvSchema,
};

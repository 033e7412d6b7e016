import { bigserial, boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { historyColumns, offices, people } from '../schema.ts';

/**
 * Access to the office's information systems (issue 13, work area 5): the systems the admin keeps, the requests
 * for access (decided by the group director, then granted or refused by the system's administrator, and ended
 * later), and each request's history. Migration 0019_access_requests.sql.
 */

export const infoSystems = pgTable(
  'info_systems',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    name: text('name').notNull(),
    description: text('description'),
    /** The registered person who administers the system (records grants, ends access); null: none named yet. */
    adminPersonId: integer('admin_person_id').references(() => people.id),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('info_systems_name_uq').on(t.officeId, t.name)],
);

export const accessRequests = pgTable(
  'access_requests',
  {
    id: serial('id').primaryKey(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    requesterId: integer('requester_id')
      .notNull()
      .references(() => people.id),
    systemId: integer('system_id')
      .notNull()
      .references(() => infoSystems.id),
    /** view | record | admin */
    level: text('level').notNull(),
    reason: text('reason').notNull(),
    /** The request kit's states (src/kit/requests.ts): submitted → approved → fulfilled (granted) | declined | cancelled. */
    state: text('state').notNull().default('submitted'),
    version: integer('version').notNull().default(1),
    decidedBy: integer('decided_by').references(() => people.id),
    decidedActing: text('decided_acting'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    grantedBy: integer('granted_by').references(() => people.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }),
    refusedBy: integer('refused_by').references(() => people.id),
    refusedAt: timestamp('refused_at', { withTimezone: true }),
    refusedReason: text('refused_reason'),
    endedBy: integer('ended_by').references(() => people.id),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('access_requests_state_idx').on(t.officeId, t.state), index('access_requests_requester_idx').on(t.requesterId)],
);

export const accessRequestEvents = pgTable(
  'access_request_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: integer('request_id')
      .notNull()
      .references(() => accessRequests.id),
    note: text('note'),
    /** Its actions: requested | approved | declined | granted | refused | ended */
    ...historyColumns(),
  },
  (t) => [index('access_request_events_request_idx').on(t.requestId, t.id)],
);

export const accessSchema = { infoSystems, accessRequests, accessRequestEvents };

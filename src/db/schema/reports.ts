import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { lineChannels, offices, people } from '../schema.ts';

/**
 * Reports to the area director (src/flows/reports): who has been sent which period's report (once per person
 * per period, whatever happens to the outbox rows later), and the LINE messages of each month kept beyond the
 * outbox's clean-up, so a fiscal-year report still counts the pushes of October.
 */

/** One row per person and period whose report was pushed (the monthly delivery, the October fiscal-year report). */
export const reportDeliveries = pgTable(
  'report_deliveries',
  {
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    /** `2027-03` or `fy2570` (src/domain/report-period.ts). */
    periodKey: text('period_key').notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.personId, t.periodKey] })],
);

/** A channel's messages of a Bangkok calendar month as last counted (the outbox rows are purged after 90 days). */
export const lineMessageMonths = pgTable(
  'line_message_months',
  {
    channelId: text('channel_id')
      .notNull()
      .references(() => lineChannels.id),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id),
    /** `YYYY-MM`, Bangkok. */
    month: text('month').notNull(),
    /** Billable messages (pushes) and free replies sent. */
    pushes: integer('pushes').notNull(),
    replies: integer('replies').notNull(),
    /** The month's push budget when counted (0 = none). */
    budget: integer('budget').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.month] })],
);

export const reportsSchema = { reportDeliveries, lineMessageMonths };

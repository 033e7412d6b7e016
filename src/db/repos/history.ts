import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { accessRequestEvents, letterEvents, loanEvents, loanItemEvents, repairTicketEvents, roomBookingEvents, surveyEvents, vcSessionEvents } from '../schema.ts';

/**
 * The one helper for the `<thing>_events` tables (a ticket's or a letter's history): add an event, ask
 * whether one is there, and when. The clocks' "already reminded" marks are such events too, so a mark and
 * the timeline people read are one record. A new capability with an events table of the same shape
 * (its subject's id, then `historyColumns()` of src/db/schema.ts) adds one line to `TABLES`.
 */

const TABLES = {
  repair_ticket: { table: repairTicketEvents, subject: repairTicketEvents.ticketId, subjectKey: 'ticketId', noted: true },
  letter: { table: letterEvents, subject: letterEvents.letterId, subjectKey: 'letterId', noted: false },
  room_booking: { table: roomBookingEvents, subject: roomBookingEvents.bookingId, subjectKey: 'bookingId', noted: false },
  loan: { table: loanEvents, subject: loanEvents.loanId, subjectKey: 'loanId', noted: true },
  loan_item: { table: loanItemEvents, subject: loanItemEvents.itemId, subjectKey: 'itemId', noted: true },
  survey_round: { table: surveyEvents, subject: surveyEvents.roundId, subjectKey: 'roundId', noted: false },
  vc_session: { table: vcSessionEvents, subject: vcSessionEvents.sessionId, subjectKey: 'sessionId', noted: false },
  access_request: { table: accessRequestEvents, subject: accessRequestEvents.requestId, subjectKey: 'requestId', noted: true },
} as const;

export type HistoryOf = keyof typeof TABLES;

export interface HistoryEntry {
  officeId: string;
  actorId: number | null;
  action: string;
  data?: Record<string, unknown>;
  at: Date;
  /** A typed note shown on the timeline (tables that have one: repair tickets, loans, loan items). */
  note?: string | null;
}

/** Data an event must contain (`@>`): `{ clock: 'confirm', resolvedAt }` picks the mark of one cycle. */
export type HistoryMatch = Record<string, string | number>;

export interface HistoryEvent {
  data: Record<string, unknown>;
  at: Date;
}

export async function addHistory(ex: Executor, of: HistoryOf, subjectId: number, entry: HistoryEntry): Promise<void> {
  const { table, subjectKey, noted } = TABLES[of];
  const row = {
    [subjectKey]: subjectId,
    officeId: entry.officeId,
    actorId: entry.actorId,
    action: entry.action,
    data: entry.data ?? {},
    at: entry.at,
    ...(noted ? { note: entry.note ?? null } : {}),
  };
  // Each table names its subject column its own way; `TABLES` says which, so the row fits the table it goes to.
  await ex.insert(table).values(row as never);
}

/** The subject's events of this action whose data contains `match`, oldest first. */
export async function historyOf(ex: Executor, of: HistoryOf, subjectId: number, action: string, match: HistoryMatch = {}): Promise<HistoryEvent[]> {
  const { table, subject } = TABLES[of];
  const rows = await ex
    .select({ data: table.data, at: table.at })
    .from(table)
    .where(and(eq(subject, subjectId), eq(table.action, action), sql`${table.data} @> ${JSON.stringify(match)}::jsonb`))
    .orderBy(asc(table.id));
  return rows.map((row) => ({ data: (row.data ?? {}) as Record<string, unknown>, at: row.at }));
}

/** Whether the subject has an event of this action whose data contains `match` (a job's "done once"). */
export async function hasHistory(ex: Executor, of: HistoryOf, subjectId: number, action: string, match: HistoryMatch = {}): Promise<boolean> {
  return (await historyOf(ex, of, subjectId, action, match)).length > 0;
}

/** When the subject's events of this action (whose data contains `match`) happened, oldest first. */
export async function historyTimes(ex: Executor, of: HistoryOf, subjectId: number, action: string, match: HistoryMatch = {}): Promise<Date[]> {
  return (await historyOf(ex, of, subjectId, action, match)).map((event) => event.at);
}

import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { accessRequestEvents, letterEvents, loanEvents, loanItemEvents, repairTicketEvents, roomBookingEvents, surveyEvents, vcSessionEvents } from '../schema.ts';

/**
 * The one helper for the `<thing>_events` tables (a ticket's or a letter's history): add an event, ask
 * whether one is there, and when. The clocks' "already reminded" marks are such events too, so a mark and
 * the timeline people read are one record. A new capability with an events table of the same shape
 * (subject id, office, actor, action, data, at) adds one line to `TABLES`.
 */

const TABLES = {
  repair_ticket: { table: repairTicketEvents, subject: repairTicketEvents.ticketId },
  letter: { table: letterEvents, subject: letterEvents.letterId },
  room_booking: { table: roomBookingEvents, subject: roomBookingEvents.bookingId },
  loan: { table: loanEvents, subject: loanEvents.loanId },
  loan_item: { table: loanItemEvents, subject: loanItemEvents.itemId },
  survey_round: { table: surveyEvents, subject: surveyEvents.roundId },
  vc_session: { table: vcSessionEvents, subject: vcSessionEvents.sessionId },
  access_request: { table: accessRequestEvents, subject: accessRequestEvents.requestId },
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
  const data = entry.data ?? {};
  if (of === 'repair_ticket') {
    await ex.insert(repairTicketEvents).values({ ticketId: subjectId, officeId: entry.officeId, actorId: entry.actorId, action: entry.action, note: entry.note ?? null, data, at: entry.at });
  } else if (of === 'room_booking') {
    await ex.insert(roomBookingEvents).values({ bookingId: subjectId, officeId: entry.officeId, actorId: entry.actorId, action: entry.action, data, at: entry.at });
  } else if (of === 'loan') {
    await ex.insert(loanEvents).values({ loanId: subjectId, officeId: entry.officeId, actorId: entry.actorId, action: entry.action, note: entry.note ?? null, data, at: entry.at });
  } else if (of === 'loan_item') {
    await ex.insert(loanItemEvents).values({ itemId: subjectId, officeId: entry.officeId, actorId: entry.actorId, action: entry.action, note: entry.note ?? null, data, at: entry.at });
  } else if (of === 'access_request') {
    await ex.insert(accessRequestEvents).values({ requestId: subjectId, officeId: entry.officeId, actorId: entry.actorId, action: entry.action, note: entry.note ?? null, data, at: entry.at });
  } else if (of === 'vc_session') {
    await ex.insert(vcSessionEvents).values({ sessionId: subjectId, officeId: entry.officeId, actorId: entry.actorId, action: entry.action, data, at: entry.at });
  } else if (of === 'survey_round') {
    await ex.insert(surveyEvents).values({ roundId: subjectId, officeId: entry.officeId, actorId: entry.actorId, action: entry.action, data, at: entry.at });
  } else {
    await ex.insert(letterEvents).values({ letterId: subjectId, officeId: entry.officeId, actorId: entry.actorId, action: entry.action, data, at: entry.at });
  }
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

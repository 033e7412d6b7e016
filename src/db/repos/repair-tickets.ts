import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../database.ts';
import { people, repairCategories, repairTicketEvents, repairTickets, schools } from '../schema.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { fiscalYearOf } from '../../domain/fiscal-year.ts';
import { categoryGroupSchema, type CategoryGroup } from '../../domain/repair/categories.ts';
import { formatTicketNumber, priorityOf, prioritySchema, serviceDeadlines } from '../../domain/repair/priority.ts';
import {
  OPEN_STATUSES,
  ticketActionSchema,
  ticketStatusSchema,
  type NoteAction,
  type TicketStatus,
} from '../../domain/repair/status.ts';
import { leavesWaiting, ticketTransition, type RepairOfficeClock, type TicketChange } from '../../domain/repair/transition.ts';
import { OFFICE_EQUIPMENT_LABEL, type RepairTicket, type TicketEvent } from '../../domain/repair/ticket.ts';
import { loadOfficeCalendar } from './holidays.ts';
import { attachMedia } from './media.ts';
import { getOfficeSettings } from './office-settings.ts';
import { nextRegisterNumber } from './register-counters.ts';

/** The register the ticket numbers run in (per fiscal year). */
export const REPAIR_REGISTER = 'repair';
/** `media_files.owner_type` of a ticket's photos. */
export const TICKET_MEDIA_OWNER = 'repair_ticket';

export type { RepairTicket, TicketEvent } from '../../domain/repair/ticket.ts';


const reporter = alias(people, 'reporter');
const assignee = alias(people, 'assignee');

const columns = {
  id: repairTickets.id,
  officeId: repairTickets.officeId,
  fiscalYear: repairTickets.fiscalYear,
  seq: repairTickets.seq,
  schoolId: repairTickets.schoolId,
  // The office's own equipment has no school: it reads as the office's (src/domain/repair/ticket.ts).
  schoolName: sql<string>`coalesce(${schools.name}, ${OFFICE_EQUIPMENT_LABEL})`,
  district: sql<string>`coalesce(${schools.district}, '')`,
  reporterId: repairTickets.reporterId,
  reporterName: reporter.fullName,
  categoryId: repairTickets.categoryId,
  categoryCode: repairCategories.code,
  categoryLabel: repairCategories.label,
  groupCode: repairCategories.groupCode,
  description: repairTickets.description,
  classroom: repairTickets.classroom,
  teachingStopped: repairTickets.teachingStopped,
  priority: repairTickets.priority,
  status: repairTickets.status,
  version: repairTickets.version,
  assigneeId: repairTickets.assigneeId,
  assigneeName: assignee.fullName,
  visitAt: repairTickets.visitAt,
  waitingReason: repairTickets.waitingReason,
  waitingSince: repairTickets.waitingSince,
  pausedOfficeMinutes: repairTickets.pausedOfficeMinutes,
  acceptDueAt: repairTickets.acceptDueAt,
  resolveDueAt: repairTickets.resolveDueAt,
  acceptedAt: repairTickets.acceptedAt,
  resolvedAt: repairTickets.resolvedAt,
  confirmedAt: repairTickets.confirmedAt,
  closedAt: repairTickets.closedAt,
  resolution: repairTickets.resolution,
  partsUsed: repairTickets.partsUsed,
  rating: repairTickets.rating,
  ratingComment: repairTickets.ratingComment,
  acceptEscalationLevel: repairTickets.acceptEscalationLevel,
  resolveEscalationLevel: repairTickets.resolveEscalationLevel,
  createdAt: repairTickets.createdAt,
  updatedAt: repairTickets.updatedAt,
};

type Row = Omit<RepairTicket, 'number' | 'priority' | 'status' | 'groupCode'> & { priority: string; status: string; groupCode: string };

function toTicket(row: Row): RepairTicket {
  const group = categoryGroupSchema.safeParse(row.groupCode);
  return {
    ...row,
    number: formatTicketNumber(row.fiscalYear, row.seq),
    priority: prioritySchema.parse(row.priority),
    status: ticketStatusSchema.parse(row.status),
    groupCode: group.success ? group.data : 'computer',
  };
}

function select(ex: Executor) {
  return ex
    .select(columns)
    .from(repairTickets)
    .leftJoin(schools, eq(schools.id, repairTickets.schoolId))
    .innerJoin(repairCategories, eq(repairCategories.id, repairTickets.categoryId))
    .innerJoin(reporter, eq(reporter.id, repairTickets.reporterId))
    .leftJoin(assignee, eq(assignee.id, repairTickets.assigneeId));
}

async function selectOne(ex: Executor, where: SQL | undefined): Promise<RepairTicket | null> {
  const [row] = await select(ex).where(where);
  return row ? toTicket(row) : null;
}

/** The next ticket number of the fiscal year `now` falls in; inside the transaction that creates the ticket. */
export async function takeTicketNumber(tx: Executor, officeId: string, now: Date): Promise<{ fiscalYear: number; seq: number }> {
  const fiscalYear = fiscalYearOf(now);
  return { fiscalYear, seq: await nextRegisterNumber(tx, officeId, REPAIR_REGISTER, fiscalYear) };
}

export interface NewTicket {
  officeId: string;
  /** Null: the office's own equipment. */
  schoolId: number | null;
  reporterId: number;
  categoryId: number;
  description: string;
  classroom?: string | null;
  teachingStopped: boolean;
  /** Draft photos to attach (saved with `saveMedia`). */
  mediaIds?: readonly number[];
  /** A number already taken with `takeTicketNumber` in this transaction; otherwise one is taken here. */
  number?: { fiscalYear: number; seq: number };
}

/**
 * Opens a ticket: takes its number (unless given), sets its service deadlines from the office's targets in
 * office time, attaches the draft photos and writes the `created` event. Inside the caller's transaction.
 */
export async function createTicket(tx: Executor, input: NewTicket, now: Date): Promise<RepairTicket> {
  const number = input.number ?? (await takeTicketNumber(tx, input.officeId, now));
  const settings = await getOfficeSettings(tx, input.officeId);
  const calendar = await loadOfficeCalendar(tx, input.officeId, settings);
  const priority = priorityOf(input.teachingStopped);
  const deadlines = serviceDeadlines(now, priority, settings.repair, calendar);
  const [row] = await tx
    .insert(repairTickets)
    .values({
      officeId: input.officeId,
      fiscalYear: number.fiscalYear,
      seq: number.seq,
      schoolId: input.schoolId,
      reporterId: input.reporterId,
      categoryId: input.categoryId,
      description: input.description,
      classroom: input.classroom ?? null,
      teachingStopped: input.teachingStopped,
      priority,
      status: 'new',
      version: 1,
      acceptDueAt: deadlines.acceptDueAt,
      resolveDueAt: deadlines.resolveDueAt,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: repairTickets.id });
  const id = row!.id;
  const mediaIds = [...(input.mediaIds ?? [])];
  if (mediaIds.length > 0) await attachMedia(tx, input.officeId, mediaIds, TICKET_MEDIA_OWNER, id);
  await insertEvent(tx, {
    ticketId: id,
    officeId: input.officeId,
    actorId: input.reporterId,
    action: 'created',
    fromStatus: null,
    toStatus: 'new',
    note: null,
    data: mediaIds.length > 0 ? { mediaIds } : {},
    at: now,
  });
  return (await selectOne(tx, eq(repairTickets.id, id)))!;
}

export async function getTicket(ex: Executor, officeId: string, ticketId: number): Promise<RepairTicket | null> {
  return selectOne(ex, and(eq(repairTickets.officeId, officeId), eq(repairTickets.id, ticketId)));
}

export async function getTicketByNumber(ex: Executor, officeId: string, fiscalYear: number, seq: number): Promise<RepairTicket | null> {
  return selectOne(ex, and(eq(repairTickets.officeId, officeId), eq(repairTickets.fiscalYear, fiscalYear), eq(repairTickets.seq, seq)));
}

/** The kind a duplicate is looked for by: the same category, or any category of the group. */
export type TicketKind = { categoryId: number } | { groupCode: CategoryGroup };

/** The school's most recent open ticket (new … waiting) of the same kind, if any: a report may join it. */
export async function findOpenTicketOfKind(ex: Executor, schoolId: number, kind: TicketKind): Promise<RepairTicket | null> {
  const [row] = await select(ex)
    .where(
      and(
        eq(repairTickets.schoolId, schoolId),
        inArray(repairTickets.status, [...OPEN_STATUSES]),
        'categoryId' in kind ? eq(repairTickets.categoryId, kind.categoryId) : eq(repairCategories.groupCode, kind.groupCode),
      ),
    )
    .orderBy(desc(repairTickets.createdAt), desc(repairTickets.id))
    .limit(1);
  return row ? toTicket(row) : null;
}

const finishedFirstKey = sql`case when ${repairTickets.status} in ('confirmed', 'closed', 'cancelled') then 1 else 0 end`;

/**
 * The school's tickets for "ติดตามงานซ่อม": every unfinished one (new … resolved), newest first, then
 * finished ones by their last change (only those changed since `recentSince`, when given; none with
 * `unfinishedOnly`, as for "งานของโรงเรียน").
 */
export async function listTicketsOfSchool(
  ex: Executor,
  schoolId: number,
  options: { limit?: number; recentSince?: Date; unfinishedOnly?: boolean } = {},
): Promise<RepairTicket[]> {
  const conditions: SQL[] = [eq(repairTickets.schoolId, schoolId)];
  if (options.unfinishedOnly) conditions.push(sql`${repairTickets.status} not in ('confirmed', 'closed', 'cancelled')`);
  if (options.recentSince) {
    conditions.push(
      sql`(${repairTickets.status} not in ('confirmed', 'closed', 'cancelled') or ${repairTickets.updatedAt} >= ${options.recentSince})`,
    );
  }
  const rows = await select(ex)
    .where(and(...conditions))
    .orderBy(
      finishedFirstKey,
      sql`case when ${repairTickets.status} in ('confirmed', 'closed', 'cancelled') then null else ${repairTickets.createdAt} end desc nulls last`,
      desc(repairTickets.updatedAt),
      desc(repairTickets.id),
    )
    .limit(options.limit ?? 10);
  return rows.map(toTicket);
}

/**
 * A technician's open tickets (accepted, scheduled, waiting), most urgent first: running ones before
 * waiting ones (their clock is stopped), then by the resolve deadline, urgent before normal.
 */
export async function listOpenTicketsOfAssignee(ex: Executor, assigneeId: number, limit = 20): Promise<RepairTicket[]> {
  const rows = await select(ex)
    .where(and(eq(repairTickets.assigneeId, assigneeId), inArray(repairTickets.status, ['accepted', 'scheduled', 'waiting'])))
    .orderBy(
      sql`case when ${repairTickets.status} = 'waiting' then 1 else 0 end`,
      sql`${repairTickets.resolveDueAt} asc nulls last`,
      sql`case when ${repairTickets.priority} = 'urgent' then 0 else 1 end`,
      asc(repairTickets.createdAt),
      asc(repairTickets.id),
    )
    .limit(limit);
  return rows.map(toTicket);
}

export interface TicketFilter {
  statuses?: readonly TicketStatus[];
  schoolId?: number;
  assigneeId?: number;
  categoryId?: number;
  /** Reported in [createdFrom, createdBefore). */
  createdFrom?: Date;
  createdBefore?: Date;
  limit?: number;
}

/** The office's tickets matching a filter, oldest first (jobs, digests, figures, export). */
export async function listTickets(ex: Executor, officeId: string, filter: TicketFilter = {}): Promise<RepairTicket[]> {
  const conditions: SQL[] = [eq(repairTickets.officeId, officeId)];
  if (filter.statuses) {
    if (filter.statuses.length === 0) return [];
    conditions.push(inArray(repairTickets.status, [...filter.statuses]));
  }
  if (filter.schoolId !== undefined) conditions.push(eq(repairTickets.schoolId, filter.schoolId));
  if (filter.assigneeId !== undefined) conditions.push(eq(repairTickets.assigneeId, filter.assigneeId));
  if (filter.categoryId !== undefined) conditions.push(eq(repairTickets.categoryId, filter.categoryId));
  if (filter.createdFrom) conditions.push(gte(repairTickets.createdAt, filter.createdFrom));
  if (filter.createdBefore) conditions.push(lt(repairTickets.createdAt, filter.createdBefore));
  const query = select(ex)
    .where(and(...conditions))
    .orderBy(asc(repairTickets.createdAt), asc(repairTickets.id));
  const rows = filter.limit === undefined ? await query : await query.limit(filter.limit);
  return rows.map(toTicket);
}

export type { TicketChange, TicketPatch } from '../../domain/repair/transition.ts';

async function repairClockOf(ex: Executor, officeId: string): Promise<RepairOfficeClock> {
  const settings = await getOfficeSettings(ex, officeId);
  return { settings: settings.repair, calendar: await loadOfficeCalendar(ex, officeId, settings) };
}

/**
 * Applies a change if the ticket is still at `expectedVersion`: what the move writes is the pure rule's
 * (`ticketTransition` in domain/repair), this sets it, bumps the version and writes the timeline event. Returns
 * 'stale' when someone changed the ticket first (the first "รับงาน" wins; later taps get 'stale'). A move the
 * state machine does not know is a ConflictError; an invalid patch a ValidationError (both from the rule).
 */
export async function transitionTicket(tx: Executor, ticketId: number, change: TicketChange, now: Date): Promise<RepairTicket | 'stale'> {
  const [current] = await tx
    .select({
      officeId: repairTickets.officeId,
      status: repairTickets.status,
      version: repairTickets.version,
      priority: repairTickets.priority,
      waitingSince: repairTickets.waitingSince,
      pausedOfficeMinutes: repairTickets.pausedOfficeMinutes,
      acceptedAt: repairTickets.acceptedAt,
      createdAt: repairTickets.createdAt,
    })
    .from(repairTickets)
    .where(eq(repairTickets.id, ticketId));
  if (!current) throw new NotFoundError(`ไม่พบงานซ่อม ${ticketId}`);
  if (current.version !== change.expectedVersion) return 'stale';
  const from = ticketStatusSchema.parse(current.status);
  const action = ticketActionSchema.parse(change.action);
  const office = leavesWaiting(from, change.toStatus) ? await repairClockOf(tx, current.officeId) : undefined;
  const { set, data } = ticketTransition(
    { ...current, status: from, priority: prioritySchema.parse(current.priority) },
    { ...change, action },
    now,
    office,
  );
  const to = set.status;

  const [updated] = await tx
    .update(repairTickets)
    .set({ ...set, version: sql`${repairTickets.version} + 1` })
    .where(and(eq(repairTickets.id, ticketId), eq(repairTickets.version, change.expectedVersion)))
    .returning({ id: repairTickets.id });
  // Another transaction changed it between our read and our write (we waited for its lock).
  if (!updated) return 'stale';
  await insertEvent(tx, {
    ticketId,
    officeId: current.officeId,
    actorId: change.actorId,
    action,
    fromStatus: from,
    toStatus: to,
    note: change.note ?? null,
    data,
    at: now,
  });
  return (await selectOne(tx, eq(repairTickets.id, ticketId)))!;
}

/**
 * A timeline entry that changes nothing a button depends on (a reminder sent, an escalation, a report
 * added): no version check, no version bump.
 */
export async function addTicketNote(
  tx: Executor,
  ticketId: number,
  entry: { actorId: number | null; action: NoteAction; note?: string | null; data?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const [current] = await tx
    .select({ officeId: repairTickets.officeId, status: repairTickets.status })
    .from(repairTickets)
    .where(eq(repairTickets.id, ticketId));
  if (!current) throw new NotFoundError(`ไม่พบงานซ่อม ${ticketId}`);
  await insertEvent(tx, {
    ticketId,
    officeId: current.officeId,
    actorId: entry.actorId,
    action: entry.action,
    fromStatus: current.status,
    toStatus: current.status,
    note: entry.note ?? null,
    data: entry.data ?? {},
    at: now,
  });
  await tx.update(repairTickets).set({ updatedAt: now }).where(eq(repairTickets.id, ticketId));
}

/**
 * Another report of the same fault joins an open ticket (the duplicate offer): a `report_added` event with
 * the description, and the report's photos attached to the ticket.
 */
export async function addReportToTicket(
  tx: Executor,
  officeId: string,
  ticketId: number,
  report: { actorId: number; description: string; classroom?: string | null; mediaIds?: readonly number[] },
  now: Date,
): Promise<void> {
  const mediaIds = [...(report.mediaIds ?? [])];
  const ticket = await getTicket(tx, officeId, ticketId);
  if (!ticket) throw new NotFoundError(`ไม่พบงานซ่อม ${ticketId}`);
  if (mediaIds.length > 0) await attachMedia(tx, officeId, mediaIds, TICKET_MEDIA_OWNER, ticketId);
  await addTicketNote(
    tx,
    ticketId,
    {
      actorId: report.actorId,
      action: 'report_added',
      note: report.description,
      data: { ...(report.classroom ? { classroom: report.classroom } : {}), ...(mediaIds.length > 0 ? { mediaIds } : {}) },
    },
    now,
  );
}

/**
 * Records an escalation level of one clock, once: true when this call raised it (the job then notifies the
 * group director in the same transaction), false when that level or a higher one was raised already.
 */
export async function raiseEscalationLevel(
  tx: Executor,
  ticketId: number,
  clock: 'accept' | 'resolve',
  level: number,
  now: Date,
  note: string | null = null,
): Promise<boolean> {
  const column = clock === 'accept' ? repairTickets.acceptEscalationLevel : repairTickets.resolveEscalationLevel;
  const key = clock === 'accept' ? 'acceptEscalationLevel' : 'resolveEscalationLevel';
  const [row] = await tx
    .update(repairTickets)
    .set({ [key]: level, updatedAt: now })
    .where(and(eq(repairTickets.id, ticketId), lt(column, level)))
    .returning({ officeId: repairTickets.officeId, status: repairTickets.status });
  if (!row) return false;
  await insertEvent(tx, {
    ticketId,
    officeId: row.officeId,
    actorId: null,
    action: 'escalated',
    fromStatus: row.status,
    toStatus: row.status,
    note,
    data: { clock, level },
    at: now,
  });
  return true;
}


/** The ticket's history, oldest first, with who did each step. */
export async function ticketTimeline(ex: Executor, ticketId: number): Promise<TicketEvent[]> {
  const rows = await ex
    .select({
      id: repairTicketEvents.id,
      ticketId: repairTicketEvents.ticketId,
      action: repairTicketEvents.action,
      fromStatus: repairTicketEvents.fromStatus,
      toStatus: repairTicketEvents.toStatus,
      actorId: repairTicketEvents.actorId,
      actorName: people.fullName,
      note: repairTicketEvents.note,
      data: repairTicketEvents.data,
      at: repairTicketEvents.at,
    })
    .from(repairTicketEvents)
    .leftJoin(people, eq(people.id, repairTicketEvents.actorId))
    .where(eq(repairTicketEvents.ticketId, ticketId))
    .orderBy(asc(repairTicketEvents.id));
  return rows.map((row) => ({
    ...row,
    action: ticketActionSchema.parse(row.action),
    fromStatus: row.fromStatus === null ? null : ticketStatusSchema.parse(row.fromStatus),
    toStatus: row.toStatus === null ? null : ticketStatusSchema.parse(row.toStatus),
    data: (row.data ?? {}) as Record<string, unknown>,
  }));
}

async function insertEvent(tx: Executor, event: typeof repairTicketEvents.$inferInsert): Promise<void> {
  await tx.insert(repairTicketEvents).values(event);
}

import { aliasedTable, and, asc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { offices, people, repairCategories, repairTicketEvents, repairTickets, schools } from '../schema.ts';
import { formatTicketNumber } from '../../domain/repair/priority.ts';

/** What the office's side shows of a ticket: the ticket with its school, kind, reporter and assignee. */
export interface TicketView {
  id: number;
  officeId: string;
  number: string;
  status: string;
  version: number;
  priority: string;
  schoolId: number;
  schoolName: string;
  district: string;
  categoryLabel: string;
  description: string;
  classroom: string | null;
  reporterId: number;
  reporterName: string;
  reporterPhone: string | null;
  reporterLineUserId: string | null;
  assigneeId: number | null;
  assigneeName: string | null;
  assigneeLineUserId: string | null;
  visitAt: Date | null;
  waitingReason: string | null;
  waitingSince: Date | null;
  pausedOfficeMinutes: number;
  acceptDueAt: Date | null;
  resolveDueAt: Date | null;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  acceptEscalationLevel: number;
  resolveEscalationLevel: number;
  createdAt: Date;
}

const reporter = aliasedTable(people, 'reporter');
const assignee = aliasedTable(people, 'assignee');

const columns = {
  id: repairTickets.id,
  officeId: repairTickets.officeId,
  fiscalYear: repairTickets.fiscalYear,
  seq: repairTickets.seq,
  status: repairTickets.status,
  version: repairTickets.version,
  priority: repairTickets.priority,
  schoolId: repairTickets.schoolId,
  schoolName: schools.name,
  district: schools.district,
  categoryLabel: repairCategories.label,
  description: repairTickets.description,
  classroom: repairTickets.classroom,
  reporterId: repairTickets.reporterId,
  reporterName: reporter.fullName,
  reporterPhone: reporter.phone,
  reporterLineUserId: reporter.lineUserId,
  assigneeId: repairTickets.assigneeId,
  assigneeName: assignee.fullName,
  assigneeLineUserId: assignee.lineUserId,
  visitAt: repairTickets.visitAt,
  waitingReason: repairTickets.waitingReason,
  waitingSince: repairTickets.waitingSince,
  pausedOfficeMinutes: repairTickets.pausedOfficeMinutes,
  acceptDueAt: repairTickets.acceptDueAt,
  resolveDueAt: repairTickets.resolveDueAt,
  acceptedAt: repairTickets.acceptedAt,
  resolvedAt: repairTickets.resolvedAt,
  closedAt: repairTickets.closedAt,
  acceptEscalationLevel: repairTickets.acceptEscalationLevel,
  resolveEscalationLevel: repairTickets.resolveEscalationLevel,
  createdAt: repairTickets.createdAt,
};

function select(ex: Executor) {
  return ex
    .select(columns)
    .from(repairTickets)
    .innerJoin(schools, eq(schools.id, repairTickets.schoolId))
    .innerJoin(repairCategories, eq(repairCategories.id, repairTickets.categoryId))
    .innerJoin(reporter, eq(reporter.id, repairTickets.reporterId))
    .leftJoin(assignee, eq(assignee.id, repairTickets.assigneeId));
}

type Row = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | ((typeof columns)[K]['_']['notNull'] extends true ? never : null) };

function toView(row: Row): TicketView {
  const { fiscalYear, seq, ...rest } = row;
  return { ...rest, number: formatTicketNumber(fiscalYear, seq) };
}

/** One ticket of the office (another office's ticket is not found). */
export async function getTicketView(ex: Executor, officeId: string, ticketId: number): Promise<TicketView | null> {
  const [row] = await select(ex).where(and(eq(repairTickets.officeId, officeId), eq(repairTickets.id, ticketId)));
  return row ? toView(row) : null;
}

/**
 * The ticket, locked until the transaction ends: of two technicians tapping "รับงาน" at once, the
 * second waits here and then sees who took it.
 */
export async function lockTicketView(ex: Executor, officeId: string, ticketId: number): Promise<TicketView | null> {
  const [locked] = await ex
    .select({ id: repairTickets.id })
    .from(repairTickets)
    .where(and(eq(repairTickets.officeId, officeId), eq(repairTickets.id, ticketId)))
    .for('update');
  return locked ? getTicketView(ex, officeId, ticketId) : null;
}

const URGENT_FIRST = sql`case when ${repairTickets.priority} = 'urgent' then 0 else 1 end`;

/** New tickets nobody took yet, urgent first, oldest first; only those of `districts` when given. */
export async function listNewTickets(ex: Executor, officeId: string, districts: readonly string[] | null, limit: number): Promise<TicketView[]> {
  const conditions: SQL[] = [eq(repairTickets.officeId, officeId), eq(repairTickets.status, 'new')];
  if (districts) conditions.push(districts.length > 0 ? inArray(schools.district, [...districts]) : sql`false`);
  const rows = await select(ex).where(and(...conditions)).orderBy(URGENT_FIRST, asc(repairTickets.createdAt)).limit(limit);
  return rows.map(toView);
}

/**
 * A technician's open tickets, most urgent first: running clocks before waiting ones, urgent before
 * normal, the nearest deadline first.
 */
export async function listMyTickets(ex: Executor, officeId: string, assigneeId: number, limit: number): Promise<TicketView[]> {
  const rows = await select(ex)
    .where(and(eq(repairTickets.officeId, officeId), eq(repairTickets.assigneeId, assigneeId), inArray(repairTickets.status, ['accepted', 'scheduled', 'waiting'])))
    .orderBy(
      sql`case when ${repairTickets.status} = 'waiting' then 1 else 0 end`,
      URGENT_FIRST,
      sql`${repairTickets.resolveDueAt} asc nulls last`,
      asc(repairTickets.id),
    )
    .limit(limit);
  return rows.map(toView);
}

/** Tickets in the given statuses (the jobs walk these). */
export async function listTicketsInStatus(ex: Executor, officeId: string, statuses: readonly string[]): Promise<TicketView[]> {
  const rows = await select(ex)
    .where(and(eq(repairTickets.officeId, officeId), inArray(repairTickets.status, [...statuses])))
    .orderBy(asc(repairTickets.id));
  return rows.map(toView);
}

/** Tickets for the figures: those created since `from`, and every one still open. */
export async function listTicketsForFigures(ex: Executor, officeId: string, from: Date): Promise<TicketView[]> {
  const rows = await select(ex)
    .where(
      and(
        eq(repairTickets.officeId, officeId),
        or(gte(repairTickets.createdAt, from), inArray(repairTickets.status, ['new', 'accepted', 'scheduled', 'waiting', 'resolved']), gte(repairTickets.closedAt, from)),
      ),
    )
    .orderBy(asc(repairTickets.id));
  return rows.map(toView);
}

/** Whether the timeline already has an event of `action` whose data includes `match` (a job's "done once"). */
export async function hasTicketEvent(ex: Executor, ticketId: number, action: string, match: Record<string, string | number> = {}): Promise<boolean> {
  const rows = await ex
    .select({ id: repairTicketEvents.id })
    .from(repairTicketEvents)
    .where(and(eq(repairTicketEvents.ticketId, ticketId), eq(repairTicketEvents.action, action), sql`${repairTicketEvents.data} @> ${JSON.stringify(match)}::jsonb`))
    .limit(1);
  return rows.length > 0;
}

/** Active people of a role who can be pushed to (a LINE id, not unfollowed). */
export async function listReachable(ex: Executor, officeId: string, role: string): Promise<Array<{ id: number; fullName: string; lineUserId: string; channelId: string }>> {
  const rows = await ex
    .select({ id: people.id, fullName: people.fullName, lineUserId: people.lineUserId, channelId: people.channelId })
    .from(people)
    .where(and(eq(people.officeId, officeId), eq(people.role, role), eq(people.status, 'active')))
    .orderBy(asc(people.fullName), asc(people.id));
  return rows.filter((r): r is typeof r & { lineUserId: string } => r.lineUserId !== null);
}


/** The offices the clocks and digests go over. */
export async function listOfficeIds(ex: Executor): Promise<string[]> {
  return (await ex.select({ id: offices.id }).from(offices)).map((row) => row.id);
}

/** The channel a person talks through (a push goes out on it). */
export async function channelOfPerson(ex: Executor, personId: number): Promise<string | undefined> {
  const [row] = await ex.select({ channelId: people.channelId }).from(people).where(eq(people.id, personId));
  return row?.channelId;
}

/** New tickets reported since `since`: their alert may not have gone out yet. */
export async function listNewTicketIdsSince(ex: Executor, officeId: string, since: Date): Promise<number[]> {
  const rows = await ex
    .select({ id: repairTickets.id })
    .from(repairTickets)
    .where(and(eq(repairTickets.officeId, officeId), eq(repairTickets.status, 'new'), gte(repairTickets.createdAt, since)));
  return rows.map((row) => row.id);
}

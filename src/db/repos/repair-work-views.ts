import { aliasedTable, and, asc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { dltvRegister, mediaFiles, offices, people, repairCategories, repairTickets, schools } from '../schema.ts';
import type { RegisterLine } from '../../domain/repair/dltv-register.ts';
import { registerLinesOf } from './dltv-register.ts';
import { formatTicketNumber } from '../../domain/repair/priority.ts';
import { OFFICE_EQUIPMENT_LABEL, type TicketView } from '../../domain/repair/ticket.ts';

export type { TicketView } from '../../domain/repair/ticket.ts';


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
  confirmedAt: repairTickets.confirmedAt,
  closedAt: repairTickets.closedAt,
  rating: repairTickets.rating,
  acceptEscalationLevel: repairTickets.acceptEscalationLevel,
  resolveEscalationLevel: repairTickets.resolveEscalationLevel,
  createdAt: repairTickets.createdAt,
};

/** The ticket's photos (files it owns that LINE can show), worked out in the same query. */
const TICKET_PHOTO = sql`${mediaFiles.ownerType} = 'repair_ticket' and ${mediaFiles.ownerId} = ${repairTickets.id} and ${mediaFiles.contentType} in ('image/jpeg', 'image/png')`;
// The office's own equipment has no school: it reads as the office's (src/domain/repair/ticket.ts).
const schoolColumns = {
  schoolName: sql<string>`coalesce(${schools.name}, ${OFFICE_EQUIPMENT_LABEL})`,
  district: sql<string>`coalesce(${schools.district}, '')`,
};
const photoColumns = {
  firstPhotoId: sql<number | null>`(select min(${mediaFiles.id}) from ${mediaFiles} where ${TICKET_PHOTO} and ${mediaFiles.purpose} = 'report')`.mapWith((v) => (v === null ? null : Number(v))),
  photoCount: sql<number>`(select count(*)::int from ${mediaFiles} where ${TICKET_PHOTO})`.mapWith(Number),
};

/**
 * A DLTV fault's school register in the same query (a few lines a school), so every card of the ticket — the
 * alert, the lists, the card after each step — shows it without another read.
 */
const registerColumns = {
  // Never null (drizzle maps no null through mapWith): an empty list for other faults and schools without lines.
  dltvRegister: sql<unknown>`coalesce(case when ${repairCategories.groupCode} = 'dltv' then (
      select json_agg(json_build_object('classroom', r.classroom, 'note', r.note, 'dish', r.dish, 'lnb', r.lnb, 'receiver', r.receiver, 'tv', r.tv, 'updatedAt', r.updated_at) order by r.position)
        from ${dltvRegister} r where r.school_id = ${repairTickets.schoolId}) end, '[]'::json)`.mapWith(registerLinesOf),
};

function select(ex: Executor) {
  return ex
    .select({ ...columns, ...schoolColumns, ...photoColumns, ...registerColumns })
    .from(repairTickets)
    .leftJoin(schools, eq(schools.id, repairTickets.schoolId))
    .innerJoin(repairCategories, eq(repairCategories.id, repairTickets.categoryId))
    .innerJoin(reporter, eq(reporter.id, repairTickets.reporterId))
    .leftJoin(assignee, eq(assignee.id, repairTickets.assigneeId));
}

type Row = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | ((typeof columns)[K]['_']['notNull'] extends true ? never : null) } & {
  schoolName: string;
  district: string;
  firstPhotoId: number | null;
  photoCount: number;
  dltvRegister: RegisterLine[];
};

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

/** Tickets for the figures: those created, closed or confirmed since `from`, and every one still open. */
export async function listTicketsForFigures(ex: Executor, officeId: string, from: Date): Promise<TicketView[]> {
  const rows = await select(ex)
    .where(
      and(
        eq(repairTickets.officeId, officeId),
        or(gte(repairTickets.createdAt, from), inArray(repairTickets.status, ['new', 'accepted', 'scheduled', 'waiting', 'resolved']), gte(repairTickets.closedAt, from), gte(repairTickets.confirmedAt, from)),
      ),
    )
    .orderBy(asc(repairTickets.id));
  return rows.map(toView);
}

/** The offices the clocks and digests go over. */
export async function listOfficeIds(ex: Executor): Promise<string[]> {
  return (await ex.select({ id: offices.id }).from(offices)).map((row) => row.id);
}

/** New tickets reported since `since`: their alert may not have gone out yet. */
export async function listNewTicketIdsSince(ex: Executor, officeId: string, since: Date): Promise<number[]> {
  const rows = await ex
    .select({ id: repairTickets.id })
    .from(repairTickets)
    .where(and(eq(repairTickets.officeId, officeId), eq(repairTickets.status, 'new'), gte(repairTickets.createdAt, since)));
  return rows.map((row) => row.id);
}

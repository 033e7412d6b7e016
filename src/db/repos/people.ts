import { and, asc, count, eq, ilike, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { people, schools } from '../schema.ts';
import { DELETED_PERSON_NAME, type Person, type PersonStatus } from '../../domain/people.ts';
import { roleSchema, type Role, type RichMenuFamily } from '../../domain/roles.ts';

const columns = {
  id: people.id,
  officeId: people.officeId,
  channelId: people.channelId,
  lineUserId: people.lineUserId,
  fullName: people.fullName,
  phone: people.phone,
  role: people.role,
  schoolId: people.schoolId,
  schoolName: schools.name,
  status: people.status,
  consentAt: people.consentAt,
  createdAt: people.createdAt,
};

type Row = { role: string; status: string } & Omit<Person, 'role' | 'status'>;
export type PersonRow = Row;

/**
 * The columns of `findPersonByLineUser` as plain SQL over `people p left join schools s`, named as `Person`'s
 * fields, for the dispatcher's one-round-trip read of an event with its conversation and person.
 */
export const PERSON_COLUMNS_SQL = `p.id as "id", p.office_id as "officeId", p.channel_id as "channelId",
  p.line_user_id as "lineUserId", p.full_name as "fullName", p.phone as "phone", p.role as "role",
  p.school_id as "schoolId", s.name as "schoolName", p.status as "status", p.consent_at as "consentAt",
  p.created_at as "createdAt"`;

/** A row of `PERSON_COLUMNS_SQL` (read by node-postgres, so dates are Dates) as a Person. */
export function personFromRow(row: Row): Person {
  return toPerson(row);
}

function toPerson(row: Row): Person {
  // A role string this build does not know (a later version wrote it) gives no rights, rather than failing every event.
  const role = roleSchema.safeParse(row.role);
  return { ...row, role: role.success ? role.data : 'guest', status: row.status as PersonStatus };
}

function select(ex: Executor) {
  return ex.select(columns).from(people).leftJoin(schools, eq(schools.id, people.schoolId));
}

/** The person behind a LINE user of a channel (deleted people have no LINE id and are not found). */
export async function findPersonByLineUser(ex: Executor, channelId: string, lineUserId: string): Promise<Person | null> {
  const [row] = await select(ex).where(and(eq(people.channelId, channelId), eq(people.lineUserId, lineUserId)));
  return row ? toPerson(row) : null;
}

export async function getPerson(ex: Executor, officeId: string, id: number): Promise<Person | null> {
  const [row] = await select(ex).where(and(eq(people.officeId, officeId), eq(people.id, id)));
  return row ? toPerson(row) : null;
}

export async function listPeopleByRole(ex: Executor, officeId: string, role: Role, limit: number): Promise<Person[]> {
  const rows = await select(ex)
    .where(and(eq(people.officeId, officeId), eq(people.role, role), ne(people.status, 'deleted')))
    .orderBy(asc(people.fullName), asc(people.id))
    .limit(limit);
  return rows.map(toPerson);
}

/** The school's registered teachers (active, reachable in LINE), by name: those its director may name as contact. */
export async function reachableTeachersOfSchool(ex: Executor, officeId: string, schoolId: number, limit: number): Promise<Person[]> {
  const rows = await select(ex)
    .where(and(eq(people.officeId, officeId), eq(people.schoolId, schoolId), eq(people.role, 'teacher'), eq(people.status, 'active'), isNotNull(people.lineUserId)))
    .orderBy(asc(people.fullName), asc(people.id))
    .limit(limit);
  return rows.map(toPerson);
}

export async function searchPeopleByName(ex: Executor, officeId: string, typed: string, limit: number): Promise<Person[]> {
  const needle = typed.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  if (!needle) return [];
  const rows = await select(ex)
    .where(and(eq(people.officeId, officeId), ne(people.status, 'deleted'), ilike(people.fullName, `%${needle}%`)))
    .orderBy(asc(people.fullName), asc(people.id))
    .limit(limit);
  return rows.map(toPerson);
}

export interface NewPerson {
  officeId: string;
  channelId: string;
  lineUserId: string;
  fullName: string;
  phone: string | null;
  role: Role;
  schoolId: number | null;
  consentAt: Date;
  richMenuFamily: RichMenuFamily | null;
}

export async function insertPerson(ex: Executor, person: NewPerson, now: Date): Promise<number> {
  const [row] = await ex
    .insert(people)
    .values({ ...person, status: 'active', createdAt: now, updatedAt: now })
    .returning({ id: people.id });
  return row!.id;
}

export interface PersonPatch {
  fullName?: string;
  phone?: string | null;
  role?: Role;
  schoolId?: number | null;
  status?: PersonStatus;
  /** Set with every role change: the rich-menu reconciler relinks people whose family and linked menu differ. */
  richMenuFamily?: RichMenuFamily | null;
}

export async function updatePerson(ex: Executor, id: number, patch: PersonPatch, now: Date): Promise<void> {
  await ex
    .update(people)
    .set({ ...patch, updatedAt: now })
    .where(eq(people.id, id));
}

/**
 * What "delete my data" does to the person's row: the row stays (tickets and registers point at it)
 * with the name replaced and everything that identifies them cleared.
 */
export async function anonymizePerson(ex: Executor, id: number, now: Date): Promise<void> {
  await ex
    .update(people)
    .set({
      fullName: DELETED_PERSON_NAME,
      phone: null,
      lineUserId: null,
      lineDisplayName: null,
      status: 'deleted',
      consentAt: null,
      richMenuFamily: null,
      updatedAt: now,
    })
    .where(eq(people.id, id));
}

/**
 * Whether the service may push to this LINE user: not to someone who unfollowed (inactive) or deleted
 * their data. A user unknown to the directory may be pushed to (replies to unregistered users go as
 * replies anyway). Every place that enqueues a push to someone other than the event's sender asks this.
 */
export async function isPushable(ex: Executor, channelId: string, lineUserId: string): Promise<boolean> {
  const [row] = await ex
    .select({ status: people.status })
    .from(people)
    .where(and(eq(people.channelId, channelId), eq(people.lineUserId, lineUserId)));
  return !row || row.status === 'active';
}

/** How many people hold a role (the admin script tells whether an admin exists already). */
export async function countPeopleWithRole(ex: Executor, officeId: string, role: Role): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .where(and(eq(people.officeId, officeId), eq(people.role, role), eq(people.status, 'active')));
  return row?.n ?? 0;
}

/** How many people the office has ever had, whatever their status (deleted people keep their row). */
export async function countPeople(ex: Executor, officeId: string): Promise<number> {
  const [row] = await ex.select({ n: count() }).from(people).where(eq(people.officeId, officeId));
  return row?.n ?? 0;
}

/** The roles of the people behind these LINE users (any channel); users who are not registered are left out. */
export async function rolesOfLineUsers(
  ex: Executor,
  lineUserIds: readonly string[],
): Promise<Array<{ channelId: string; lineUserId: string; role: Role }>> {
  if (lineUserIds.length === 0) return [];
  const rows = await ex
    .select({ channelId: people.channelId, lineUserId: people.lineUserId, role: people.role })
    .from(people)
    .where(and(inArray(people.lineUserId, [...lineUserIds]), isNotNull(people.lineUserId), ne(people.status, 'deleted')));
  return rows.map((row) => ({
    channelId: row.channelId,
    lineUserId: row.lineUserId!,
    role: roleSchema.safeParse(row.role).data ?? 'guest',
  }));
}

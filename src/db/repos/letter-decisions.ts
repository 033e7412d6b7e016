import { aliasedTable, and, asc, eq, gte, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { actingAssignments, letters, people } from '../schema.ts';
import { selectLetters } from './letters.ts';
import { reachableWithRole } from './recipients.ts';
import { actingKindSchema, type ActingKind } from '../../domain/saraban/letter.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { roleSchema, type Role } from '../../domain/roles.ts';

/**
 * Queries of proposals and decisions (src/flows/saraban-decide): the directors a letter may be proposed
 * to, the letters waiting for a director, the acting assignments, and what the reminder jobs go over.
 */

export interface Contact {
  id: number;
  fullName: string;
  role: Role;
  channelId: string;
  /** Null once the person asked for their data to be deleted. */
  lineUserId: string | null;
  status: string;
}

const contactColumns = {
  id: people.id,
  fullName: people.fullName,
  role: people.role,
  channelId: people.channelId,
  lineUserId: people.lineUserId,
  status: people.status,
};

const toContact = (row: { role: string } & Omit<Contact, 'role'>): Contact => ({ ...row, role: roleSchema.parse(row.role) });

/** People of the office who can be reached with one of these roles (the area director and deputies), by name. */
export async function listActiveByRoles(ex: Executor, officeId: string, roles: readonly Role[]): Promise<Contact[]> {
  return (await reachableWithRole(ex, officeId, roles)).map((r) => ({ ...r, status: 'active' }));
}

export async function contactOf(ex: Executor, officeId: string, personId: number): Promise<Contact | null> {
  const [row] = await ex
    .select(contactColumns)
    .from(people)
    .where(and(eq(people.officeId, officeId), eq(people.id, personId)));
  return row ? toContact(row) : null;
}

export async function contactsOf(ex: Executor, officeId: string, ids: readonly number[]): Promise<Contact[]> {
  if (ids.length === 0) return [];
  const rows = await ex
    .select(contactColumns)
    .from(people)
    .where(and(eq(people.officeId, officeId), inArray(people.id, [...ids])));
  return rows.map(toContact);
}

/** Letters waiting for a decision of any of these people, oldest proposal first. */
export async function listLettersProposedTo(ex: Executor, officeId: string, principalIds: readonly number[], limit = 12): Promise<Letter[]> {
  if (principalIds.length === 0) return [];
  return selectLetters(ex, and(eq(letters.officeId, officeId), eq(letters.status, 'proposed'), inArray(letters.proposedTo, [...principalIds])), {
    limit,
    orderBy: [asc(letters.proposedAt), asc(letters.id)],
  });
}

/** Ids of the office's letters waiting for a decision (the reminder job). */
export async function listProposedLetterIds(ex: Executor, officeId: string): Promise<number[]> {
  const rows = await ex
    .select({ id: letters.id })
    .from(letters)
    .where(and(eq(letters.officeId, officeId), eq(letters.status, 'proposed')))
    .orderBy(asc(letters.id));
  return rows.map((row) => row.id);
}

/** Ids of letters with an act-by date on or after `fromDate` held by an officer (the act-by reminder job). */
export async function listActByLetterIds(ex: Executor, officeId: string, fromDate: string): Promise<number[]> {
  const rows = await ex
    .select({ id: letters.id })
    .from(letters)
    .where(
      and(
        eq(letters.officeId, officeId),
        isNotNull(letters.actBy),
        gte(letters.actBy, fromDate),
        isNotNull(letters.assigneeId),
        inArray(letters.status, ['assigned', 'acknowledged', 'proposed', 'returned', 'decided']),
      ),
    )
    .orderBy(asc(letters.id));
  return rows.map((row) => row.id);
}

// ── Acting assignments ─────────────────────────────────────────────────────────────────────────────────

export interface ActingAssignment {
  id: number;
  principalId: number;
  principalName: string;
  principalRole: Role;
  actingId: number;
  actingName: string;
  kind: ActingKind;
  startsOn: string;
  endsOn: string | null;
}

const principal = aliasedTable(people, 'principal');
const actingPerson = aliasedTable(people, 'acting_person');

/** Assignments not revoked that are in force on `fromDate` or start later, by start date. */
export async function listActingAssignments(ex: Executor, officeId: string, fromDate: string): Promise<ActingAssignment[]> {
  const rows = await ex
    .select({
      id: actingAssignments.id,
      principalId: actingAssignments.principalId,
      principalName: principal.fullName,
      principalRole: principal.role,
      actingId: actingAssignments.actingId,
      actingName: actingPerson.fullName,
      kind: actingAssignments.kind,
      startsOn: actingAssignments.startsOn,
      endsOn: actingAssignments.endsOn,
    })
    .from(actingAssignments)
    .innerJoin(principal, eq(principal.id, actingAssignments.principalId))
    .innerJoin(actingPerson, eq(actingPerson.id, actingAssignments.actingId))
    .where(
      and(
        eq(actingAssignments.officeId, officeId),
        isNull(actingAssignments.revokedAt),
        or(isNull(actingAssignments.endsOn), gte(actingAssignments.endsOn, fromDate)),
      ),
    )
    .orderBy(asc(actingAssignments.startsOn), asc(actingAssignments.id));
  return rows.map((row) => ({ ...row, kind: actingKindSchema.parse(row.kind), principalRole: roleSchema.parse(row.principalRole) }));
}

export interface NewActingAssignment {
  officeId: string;
  principalId: number;
  actingId: number;
  kind: ActingKind;
  startsOn: string;
  endsOn: string | null;
  createdBy: number;
}

export async function insertActingAssignment(ex: Executor, input: NewActingAssignment, now: Date): Promise<number> {
  const [row] = await ex
    .insert(actingAssignments)
    .values({ ...input, createdAt: now })
    .returning({ id: actingAssignments.id });
  return row!.id;
}

/** Revokes an assignment of the office; false when there is none (or it was revoked already). */
export async function revokeActingAssignment(ex: Executor, officeId: string, id: number, now: Date): Promise<boolean> {
  const rows = await ex
    .update(actingAssignments)
    .set({ revokedAt: now })
    .where(and(eq(actingAssignments.officeId, officeId), eq(actingAssignments.id, id), isNull(actingAssignments.revokedAt)))
    .returning({ id: actingAssignments.id });
  return rows.length === 1;
}

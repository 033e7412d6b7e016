import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { people } from '../schema.ts';
import type { ActingKind } from '../../domain/saraban/letter.ts';
import { roleSchema, type Role } from '../../domain/roles.ts';
import { actingFor, actingForOf } from './letters.ts';

/**
 * Who can be reached for something: by person, by role in an office, or whoever acts for a person on a
 * day. Reachable = active, with a LINE id (not deleted on request). Every push to people a capability
 * did not just hear from starts here, so "who gets the push" is asked one way. Whether LINE will still
 * deliver (unfollowed) is `pushOnce`'s check at the moment of sending.
 */

export interface Recipient {
  id: number;
  fullName: string;
  role: Role;
  channelId: string;
  lineUserId: string;
}

export interface ActingRecipient extends Recipient {
  /** How they act for the person today (ปฏิบัติราชการแทน / รักษาราชการแทน). */
  actingKind: ActingKind;
}

const columns = { id: people.id, fullName: people.fullName, role: people.role, channelId: people.channelId, lineUserId: people.lineUserId };
const reachable = and(eq(people.status, 'active'), isNotNull(people.lineUserId));

type Row = { id: number; fullName: string; role: string; channelId: string; lineUserId: string | null };
const toRecipient = (row: Row): Recipient => ({ ...row, role: roleSchema.parse(row.role), lineUserId: row.lineUserId! });

/** One person of the office, when they can be reached. */
export async function reachablePerson(ex: Executor, officeId: string, personId: number | null): Promise<Recipient | null> {
  if (personId === null) return null;
  const [row] = await ex
    .select(columns)
    .from(people)
    .where(and(eq(people.officeId, officeId), eq(people.id, personId), reachable));
  return row ? toRecipient(row) : null;
}

/** The office's reachable people with this role (or any of these roles), by name. */
export async function reachableWithRole(ex: Executor, officeId: string, role: Role | readonly Role[]): Promise<Recipient[]> {
  const roles: readonly Role[] = typeof role === 'string' ? [role] : role;
  if (roles.length === 0) return [];
  const rows = await ex
    .select(columns)
    .from(people)
    .where(and(eq(people.officeId, officeId), inArray(people.role, [...roles]), reachable))
    .orderBy(asc(people.fullName), asc(people.id));
  return rows.map(toRecipient);
}

/**
 * Whoever acts for a person on a day (`YYYY-MM-DD`), when they can be reached, limited to `roles` when
 * given (a decision request goes only to those who may decide).
 */
export async function reachableActingFor(ex: Executor, officeId: string, principalId: number, day: string, roles?: readonly Role[]): Promise<ActingRecipient[]> {
  const standIns = await actingFor(ex, officeId, principalId, day);
  if (standIns.length === 0) return [];
  const rows = await ex
    .select(columns)
    .from(people)
    .where(and(eq(people.officeId, officeId), inArray(people.id, standIns.map((s) => s.actingId)), reachable));
  const out: ActingRecipient[] = [];
  for (const stand of standIns) {
    const row = rows.find((r) => r.id === stand.actingId);
    if (!row) continue;
    const recipient = toRecipient(row);
    if (roles && !roles.includes(recipient.role)) continue;
    if (out.some((r) => r.id === recipient.id)) continue;
    out.push({ ...recipient, actingKind: stand.kind });
  }
  return out;
}

/**
 * Whom a person stands in for on a day, with the role of each (the kit's `ActingStand`): a request decided by
 * role accepts the stand-in of a holder of the role.
 */
export async function actingStandsOf(ex: Executor, officeId: string, personId: number, day: string): Promise<Array<{ principalId: number; kind: ActingKind; principalRole: Role }>> {
  const stands = await actingForOf(ex, officeId, personId, day);
  if (stands.length === 0) return [];
  const rows = await ex
    .select({ id: people.id, role: people.role })
    .from(people)
    .where(and(eq(people.officeId, officeId), inArray(people.id, stands.map((s) => s.principalId))));
  return stands.flatMap((stand) => {
    const row = rows.find((r) => r.id === stand.principalId);
    return row ? [{ principalId: stand.principalId, kind: stand.kind, principalRole: roleSchema.parse(row.role) }] : [];
  });
}

/**
 * Who decides for a role today: the reachable holders of the roles, and whoever acts for one of them (once each),
 * limited to `schoolId` when given (a school director endorses their own school's requests only).
 */
export async function reachableDeciders(ex: Executor, officeId: string, roles: readonly Role[], day: string, schoolId?: number): Promise<Recipient[]> {
  const holders = await ex
    .select({ ...columns, schoolId: people.schoolId })
    .from(people)
    .where(and(eq(people.officeId, officeId), inArray(people.role, [...roles]), reachable))
    .orderBy(asc(people.fullName), asc(people.id));
  const out: Recipient[] = [];
  for (const holder of holders) {
    if (schoolId !== undefined && holder.schoolId !== schoolId) continue;
    const { schoolId: _school, ...row } = holder;
    if (!out.some((r) => r.id === row.id)) out.push(toRecipient(row));
    for (const stand of await reachableActingFor(ex, officeId, holder.id, day)) {
      if (!out.some((r) => r.id === stand.id)) out.push(stand);
    }
  }
  return out;
}

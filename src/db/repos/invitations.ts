import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { invitations, schools } from '../schema.ts';
import { roleSchema, type Role } from '../../domain/roles.ts';
import type { Invitation } from '../../domain/invitations.ts';

export type { Invitation } from '../../domain/invitations.ts';

export async function insertInvitation(
  ex: Executor,
  input: { officeId: string; codeHash: string; role: Role; schoolId: number | null; createdBy: number | null; expiresAt: Date },
  now: Date,
): Promise<number> {
  const [row] = await ex
    .insert(invitations)
    .values({ ...input, createdAt: now })
    .returning({ id: invitations.id });
  return row!.id;
}

const columns = {
  id: invitations.id,
  officeId: invitations.officeId,
  role: invitations.role,
  schoolId: invitations.schoolId,
  schoolName: schools.name,
  expiresAt: invitations.expiresAt,
  usedAt: invitations.usedAt,
};

function toInvitation(row: { role: string } & Omit<Invitation, 'role'>): Invitation | null {
  const role = roleSchema.safeParse(row.role);
  return role.success ? { ...row, role: role.data } : null;
}

export async function findInvitationByHash(ex: Executor, officeId: string, codeHash: string): Promise<Invitation | null> {
  const [row] = await ex
    .select(columns)
    .from(invitations)
    .leftJoin(schools, eq(schools.id, invitations.schoolId))
    .where(and(eq(invitations.officeId, officeId), eq(invitations.codeHash, codeHash)));
  return row ? toInvitation(row) : null;
}

export async function getInvitation(ex: Executor, officeId: string, id: number): Promise<Invitation | null> {
  const [row] = await ex
    .select(columns)
    .from(invitations)
    .leftJoin(schools, eq(schools.id, invitations.schoolId))
    .where(and(eq(invitations.officeId, officeId), eq(invitations.id, id)));
  return row ? toInvitation(row) : null;
}

/** Uses the invitation if it is still unused and unexpired; false when someone used it first or it ran out. */
export async function markInvitationUsed(ex: Executor, id: number, personId: number, now: Date): Promise<boolean> {
  const rows = await ex
    .update(invitations)
    .set({ usedAt: now, usedBy: personId })
    .where(and(eq(invitations.id, id), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
    .returning({ id: invitations.id });
  return rows.length === 1;
}

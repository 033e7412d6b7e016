import { aliasedTable, and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { accessRequests, infoSystems, people } from '../schema.ts';
import type { RequestState } from '../../kit/requests.ts';
import type { AccessLevel, AccessRequest, AccessRequestView, InfoSystem } from '../../domain/access.ts';

/**
 * The office's information systems and the requests for access to them (issue 13, work area 5). Every query names
 * the office: another office's systems and requests are never read.
 */

export type { AccessLevel, AccessRequest, AccessRequestView, InfoSystem };


const admins = aliasedTable(people, 'admins');

const systemColumns = {
  id: infoSystems.id,
  officeId: infoSystems.officeId,
  name: infoSystems.name,
  description: infoSystems.description,
  adminPersonId: infoSystems.adminPersonId,
  adminName: admins.fullName,
  active: infoSystems.active,
};

export async function listInfoSystems(ex: Executor, officeId: string, options: { activeOnly?: boolean } = {}): Promise<InfoSystem[]> {
  const where = options.activeOnly ? and(eq(infoSystems.officeId, officeId), eq(infoSystems.active, true)) : eq(infoSystems.officeId, officeId);
  return ex.select(systemColumns).from(infoSystems).leftJoin(admins, eq(admins.id, infoSystems.adminPersonId)).where(where).orderBy(asc(infoSystems.name));
}

export async function getInfoSystem(ex: Executor, officeId: string, id: number): Promise<InfoSystem | null> {
  const [row] = await ex.select(systemColumns).from(infoSystems).leftJoin(admins, eq(admins.id, infoSystems.adminPersonId)).where(and(eq(infoSystems.officeId, officeId), eq(infoSystems.id, id)));
  return row ?? null;
}

export async function infoSystemsAreEmpty(ex: Executor, officeId: string): Promise<boolean> {
  const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(infoSystems).where(eq(infoSystems.officeId, officeId));
  return (row?.n ?? 0) === 0;
}

export interface InfoSystemInput {
  name: string;
  description: string | null;
  adminPersonId: number | null;
  active: boolean;
}

/** Adds a system, or updates the one of that name. Returns whether it was new. */
export async function upsertInfoSystem(ex: Executor, officeId: string, input: InfoSystemInput, now: Date): Promise<boolean> {
  const [row] = await ex
    .insert(infoSystems)
    .values({ officeId, ...input, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [infoSystems.officeId, infoSystems.name], set: { description: input.description, adminPersonId: input.adminPersonId, active: input.active, updatedAt: now } })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  return row?.inserted ?? false;
}

/** Names `adminPersonId` the administrator of every system of the office that has none; returns how many. */
export async function nameAdministratorOfUnadministered(ex: Executor, officeId: string, adminPersonId: number, now: Date): Promise<number> {
  const changed = await ex
    .update(infoSystems)
    .set({ adminPersonId, updatedAt: now })
    .where(and(eq(infoSystems.officeId, officeId), isNull(infoSystems.adminPersonId)))
    .returning({ id: infoSystems.id });
  return changed.length;
}

/** Whether the person is registered in the office (a system's administrator must be). */
export async function personOfOffice(ex: Executor, officeId: string, personId: number): Promise<{ id: number; fullName: string } | null> {
  const [row] = await ex
    .select({ id: people.id, fullName: people.fullName })
    .from(people)
    .where(and(eq(people.officeId, officeId), eq(people.id, personId), eq(people.status, 'active')));
  return row ?? null;
}



const requesters = aliasedTable(people, 'requesters');

const requestColumns = {
  id: accessRequests.id,
  officeId: accessRequests.officeId,
  requesterId: accessRequests.requesterId,
  systemId: accessRequests.systemId,
  level: sql<AccessLevel>`${accessRequests.level}`,
  reason: accessRequests.reason,
  state: sql<RequestState>`${accessRequests.state}`,
  version: accessRequests.version,
  decidedBy: accessRequests.decidedBy,
  decidedAt: accessRequests.decidedAt,
  decisionNote: accessRequests.decisionNote,
  grantedBy: accessRequests.grantedBy,
  grantedAt: accessRequests.grantedAt,
  refusedBy: accessRequests.refusedBy,
  refusedReason: accessRequests.refusedReason,
  endedBy: accessRequests.endedBy,
  endedAt: accessRequests.endedAt,
  createdAt: accessRequests.createdAt,
};

const viewColumns = { ...requestColumns, requesterName: requesters.fullName, systemName: infoSystems.name, systemAdminId: infoSystems.adminPersonId };

function views(ex: Executor) {
  return ex.select(viewColumns).from(accessRequests).innerJoin(requesters, eq(requesters.id, accessRequests.requesterId)).innerJoin(infoSystems, eq(infoSystems.id, accessRequests.systemId));
}

export async function createAccessRequest(ex: Executor, input: { officeId: string; requesterId: number; systemId: number; level: AccessLevel; reason: string }, now: Date): Promise<number> {
  const [row] = await ex
    .insert(accessRequests)
    .values({ ...input, state: 'submitted', createdAt: now, updatedAt: now })
    .returning({ id: accessRequests.id });
  return row!.id;
}

export async function getAccessRequestView(ex: Executor, officeId: string, id: number): Promise<AccessRequestView | null> {
  const [row] = await views(ex).where(and(eq(accessRequests.officeId, officeId), eq(accessRequests.id, id)));
  return row ?? null;
}

/** Locks the request for the rest of the transaction and reads it with its names. */
export async function lockAccessRequest(ex: Executor, officeId: string, id: number): Promise<AccessRequestView | null> {
  const [locked] = await ex.select({ id: accessRequests.id }).from(accessRequests).where(and(eq(accessRequests.officeId, officeId), eq(accessRequests.id, id))).for('update');
  return locked ? getAccessRequestView(ex, officeId, id) : null;
}

export type AccessRequestPatch = Partial<{
  state: RequestState;
  decidedBy: number;
  decidedActing: string | null;
  decidedAt: Date;
  decisionNote: string | null;
  grantedBy: number;
  grantedAt: Date;
  refusedBy: number;
  refusedAt: Date;
  refusedReason: string;
  endedBy: number;
  endedAt: Date;
}>;

/** Changes the request if it is still at `expectedVersion` (and bumps it); false when it changed meanwhile. */
export async function updateAccessRequest(ex: Executor, officeId: string, id: number, expectedVersion: number, patch: AccessRequestPatch, now: Date): Promise<boolean> {
  const changed = await ex
    .update(accessRequests)
    .set({ ...patch, version: expectedVersion + 1, updatedAt: now })
    .where(and(eq(accessRequests.officeId, officeId), eq(accessRequests.id, id), eq(accessRequests.version, expectedVersion)))
    .returning({ id: accessRequests.id });
  return changed.length > 0;
}

/** The requests waiting in a state (`submitted`: for a decision; `approved`: for the grant), oldest first. */
export async function listWaitingAccessRequests(ex: Executor, officeId: string, state: 'submitted' | 'approved', limit: number): Promise<AccessRequestView[]> {
  return views(ex)
    .where(and(eq(accessRequests.officeId, officeId), eq(accessRequests.state, state)))
    .orderBy(asc(accessRequests.createdAt), asc(accessRequests.id))
    .limit(limit);
}

/** A person's own requests, newest first (at most `limit`), and how many they have made in all. */
export async function listAccessRequestsOf(ex: Executor, officeId: string, requesterId: number, limit: number): Promise<{ items: AccessRequestView[]; total: number }> {
  const whose = and(eq(accessRequests.officeId, officeId), eq(accessRequests.requesterId, requesterId));
  const items = await views(ex).where(whose).orderBy(desc(accessRequests.id)).limit(limit);
  const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(accessRequests).where(whose);
  return { items, total: row?.n ?? 0 };
}

/** Access in force (granted, not ended): to the systems this person administers, or (adminId null) to every system; newest first. */
export async function listGrantedForAdmin(ex: Executor, officeId: string, adminId: number | null, limit: number): Promise<AccessRequestView[]> {
  const inForce = and(eq(accessRequests.officeId, officeId), eq(accessRequests.state, 'fulfilled'), isNull(accessRequests.endedAt));
  return views(ex)
    .where(adminId === null ? inForce : and(inForce, eq(infoSystems.adminPersonId, adminId)))
    .orderBy(desc(accessRequests.id))
    .limit(limit);
}

/** Every request ever made (the audit of who asked for, was given and lost access to what), by system then id. */
export async function listAccessRegister(ex: Executor, officeId: string): Promise<AccessRequestView[]> {
  return views(ex).where(eq(accessRequests.officeId, officeId)).orderBy(asc(infoSystems.name), asc(accessRequests.id));
}

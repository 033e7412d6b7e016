import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { schoolAnswerer } from './school-answerer.ts';
import type { AnswererKind, SchoolReach } from '../../domain/school-answerer.ts';
import { people, roomBookings, rooms, schools, vcInvitations, vcSessions } from '../schema.ts';
import {
  audienceSchema,
  vcAnswerSchema,
  vcPlatformSchema,
  vcSessionStateSchema,
  type Audience,
  type EvaluationKey,
  type VcAnswer,
  type VcInvitation,
  type VcSession,
} from '../../domain/vc/session.ts';

export type { Audience, VcInvitation, VcSession } from '../../domain/vc/session.ts';

/**
 * Video-conference sessions and their invitations (issue 12, migration 0015). Inviting is one INSERT … SELECT over
 * the office's schools (to whoever answers for each school, as for its surveys), so a thousand schools are queued in one
 * statement; every read and change is scoped to the office.
 */

const sessionColumns = {
  id: vcSessions.id,
  officeId: vcSessions.officeId,
  title: vcSessions.title,
  startsAt: vcSessions.startsAt,
  endsAt: vcSessions.endsAt,
  platform: vcSessions.platform,
  link: vcSessions.link,
  roomBookingId: vcSessions.roomBookingId,
  roomName: rooms.name,
  kitId: vcSessions.kitId,
  loanId: vcSessions.loanId,
  team: vcSessions.team,
  organiserId: vcSessions.organiserId,
  audience: vcSessions.audience,
  state: vcSessions.state,
  version: vcSessions.version,
};

type SessionRow = Omit<VcSession, 'platform' | 'audience' | 'state'> & { platform: string; audience: unknown; state: string };
const toSession = (row: SessionRow): VcSession => ({
  ...row,
  platform: vcPlatformSchema.parse(row.platform),
  audience: audienceSchema.parse(row.audience),
  state: vcSessionStateSchema.parse(row.state),
});

function selectSessions(ex: Executor) {
  return ex.select(sessionColumns).from(vcSessions).leftJoin(roomBookings, eq(roomBookings.id, vcSessions.roomBookingId)).leftJoin(rooms, eq(rooms.id, roomBookings.roomId));
}

/** A session to plan: the session's own fields; the loan reserving the kit may be absent (none). */
export type NewVcSession = Omit<VcSession, 'id' | 'roomName' | 'loanId' | 'state' | 'version'> & Partial<Pick<VcSession, 'loanId'>>;

export async function insertVcSession(ex: Executor, input: NewVcSession, now: Date): Promise<number> {
  const [row] = await ex
    .insert(vcSessions)
    .values({ ...input, state: 'planned', version: 1, createdAt: now, updatedAt: now })
    .returning({ id: vcSessions.id });
  return row!.id;
}

/** The office's schools an audience names, as one SQL condition on `schools`. */
function audienceWhere(officeId: string, audience: Audience) {
  const office = eq(schools.officeId, officeId);
  switch (audience.kind) {
    case 'all':
      return office;
    case 'district':
      return and(office, eq(schools.district, audience.district));
    case 'cluster':
      return and(office, eq(schools.cluster, audience.cluster));
    case 'schools':
      return and(office, inArray(schools.id, audience.ids));
  }
}

/** How many of the office's schools an audience names. */
export async function countAudience(ex: Executor, officeId: string, audience: Audience): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(schools)
    .where(audienceWhere(officeId, audience));
  return row?.n ?? 0;
}

/** How many of the audience's schools the invitation would reach through each kind of person (`schoolAnswerer`). */
export async function audienceReach(ex: Executor, officeId: string, audience: Audience): Promise<SchoolReach> {
  // Grouped outside: the subquery's bound parameters would not match a GROUP BY of the same expression.
  const result = await ex.execute(sql`
    select kind, count(*)::int as n
    from (select ${schoolAnswerer(officeId, sql`${schools.id}`, 'kind')} as kind from ${schools} where ${audienceWhere(officeId, audience)}) reached
    group by kind`);
  const rows = result.rows as Array<{ kind: AnswererKind | null; n: number }>;
  const reach: SchoolReach = { contact: 0, director: 0, teacher: 0, nobody: 0 };
  for (const row of rows) reach[row.kind ?? 'nobody'] += row.n;
  return reach;
}

/**
 * Invites the audience's schools to the session in one statement: one row per school, to the one who answers for
 * it (src/db/repos/school-answerer.ts: its named survey contact, else its director, else its first registered
 * teacher; active and reachable), else nobody (the school is invited but cannot be reached in LINE). Returns how
 * many schools were invited.
 */
export async function inviteAudience(ex: Executor, officeId: string, sessionId: number, audience: Audience): Promise<number> {
  const where = audienceWhere(officeId, audience);
  const result = await ex.execute(sql`
    insert into vc_invitations (session_id, office_id, school_id, person_id)
    select ${sessionId}, ${officeId}, ${schools.id}, ${schoolAnswerer(officeId, sql`${schools.id}`, 'id')}
    from ${schools}
    where ${where}
    on conflict (session_id, school_id) do nothing`);
  return result.rowCount ?? 0;
}

export async function getVcSession(ex: Executor, officeId: string, id: number): Promise<VcSession | null> {
  const [row] = await selectSessions(ex).where(and(eq(vcSessions.officeId, officeId), eq(vcSessions.id, id)));
  return row ? toSession(row) : null;
}

export async function lockVcSession(ex: Executor, officeId: string, id: number): Promise<VcSession | null> {
  const [row] = await selectSessions(ex)
    .where(and(eq(vcSessions.officeId, officeId), eq(vcSessions.id, id)))
    .for('update', { of: vcSessions });
  return row ? toSession(row) : null;
}

/** The office's sessions that end after `from`, soonest first (the officer's list). */
export async function listVcSessions(ex: Executor, officeId: string, from: Date, limit = 12): Promise<VcSession[]> {
  const rows = await selectSessions(ex)
    .where(and(eq(vcSessions.officeId, officeId), gt(vcSessions.endsAt, from), inArray(vcSessions.state, ['planned', 'ended'])))
    .orderBy(asc(vcSessions.startsAt), asc(vcSessions.id))
    .limit(limit);
  return rows.map(toSession);
}

/** The office's reported sessions, the latest first (the area director's list). */
export async function reportedVcSessions(ex: Executor, officeId: string, limit = 12): Promise<VcSession[]> {
  const rows = await selectSessions(ex)
    .where(and(eq(vcSessions.officeId, officeId), eq(vcSessions.state, 'ended')))
    .orderBy(desc(vcSessions.startsAt), desc(vcSessions.id))
    .limit(limit);
  return rows.map(toSession);
}

/** The office's sessions that start in [from, to), by start (the CSV export). */
export async function vcSessionsBetween(ex: Executor, officeId: string, from: Date, to: Date): Promise<VcSession[]> {
  const rows = await selectSessions(ex)
    .where(and(eq(vcSessions.officeId, officeId), gte(vcSessions.startsAt, from), lt(vcSessions.startsAt, to)))
    .orderBy(asc(vcSessions.startsAt), asc(vcSessions.id));
  return rows.map(toSession);
}

export async function setVcSessionState(ex: Executor, officeId: string, id: number, expectedVersion: number, state: VcSession['state'], now: Date): Promise<boolean> {
  const rows = await ex
    .update(vcSessions)
    .set({ state, version: sql`${vcSessions.version} + 1`, updatedAt: now })
    .where(and(eq(vcSessions.officeId, officeId), eq(vcSessions.id, id), eq(vcSessions.version, expectedVersion)))
    .returning({ id: vcSessions.id });
  return rows.length > 0;
}

/** Moves the session (its time and, moved to another day, its kit's loan) if it is still at `expectedVersion`. */
export async function moveVcSession(ex: Executor, officeId: string, id: number, expectedVersion: number, change: { startsAt: Date; endsAt: Date; loanId: number | null }, now: Date): Promise<boolean> {
  const rows = await ex
    .update(vcSessions)
    .set({ ...change, version: sql`${vcSessions.version} + 1`, updatedAt: now })
    .where(and(eq(vcSessions.officeId, officeId), eq(vcSessions.id, id), eq(vcSessions.version, expectedVersion)))
    .returning({ id: vcSessions.id });
  return rows.length > 0;
}

/**
 * A session moved: every invitation's version goes up (cards drawn for the old time answer "ปุ่มนี้ใช้ไม่ได้แล้ว";
 * the notice carries fresh ones), and the ones that went out count as sent now and not reminded, so a school that
 * has not answered is reminded again against the new time.
 */
export async function reissueVcInvitations(ex: Executor, officeId: string, sessionId: number, now: Date): Promise<void> {
  await ex
    .update(vcInvitations)
    .set({ version: sql`${vcInvitations.version} + 1`, pushedAt: sql`case when ${vcInvitations.pushedAt} is null then null else ${now.toISOString()}::timestamptz end`, remindedAt: null })
    .where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.sessionId, sessionId)));
}

const invitationColumns = {
  id: vcInvitations.id,
  sessionId: vcInvitations.sessionId,
  officeId: vcInvitations.officeId,
  schoolId: vcInvitations.schoolId,
  schoolName: schools.name,
  district: schools.district,
  personId: vcInvitations.personId,
  answer: vcInvitations.answer,
  delegate: vcInvitations.delegate,
  answeredAt: vcInvitations.answeredAt,
  pushedAt: vcInvitations.pushedAt,
  remindedAt: vcInvitations.remindedAt,
  attended: vcInvitations.attended,
  evaluation: vcInvitations.evaluation,
  version: vcInvitations.version,
};

type InvitationRow = Omit<VcInvitation, 'answer'> & { answer: string | null };
const toInvitation = (row: InvitationRow): VcInvitation => ({ ...row, answer: row.answer === null ? null : vcAnswerSchema.parse(row.answer) });

function selectInvitations(ex: Executor) {
  return ex.select(invitationColumns).from(vcInvitations).innerJoin(schools, eq(schools.id, vcInvitations.schoolId));
}

/** Every invitation of the session, by district and school name. */
export async function listVcInvitations(ex: Executor, officeId: string, sessionId: number): Promise<VcInvitation[]> {
  const rows = await selectInvitations(ex)
    .where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.sessionId, sessionId)))
    .orderBy(asc(schools.district), asc(schools.name), asc(vcInvitations.id));
  return rows.map(toInvitation);
}

/** Every invitation of the sessions named (the report's figures: one query for a period's sessions). */
export async function listVcInvitationsOf(ex: Executor, officeId: string, sessionIds: readonly number[]): Promise<VcInvitation[]> {
  if (sessionIds.length === 0) return [];
  const rows = await selectInvitations(ex)
    .where(and(eq(vcInvitations.officeId, officeId), inArray(vcInvitations.sessionId, [...sessionIds])))
    .orderBy(asc(vcInvitations.sessionId), asc(vcInvitations.id));
  return rows.map(toInvitation);
}

/** Locks one invitation for the rest of the transaction and reads it. */
export async function lockVcInvitation(ex: Executor, officeId: string, id: number): Promise<VcInvitation | null> {
  const [row] = await selectInvitations(ex)
    .where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.id, id)))
    .for('update', { of: vcInvitations });
  return row ? toInvitation(row) : null;
}

/** The session's invitation of one school (the school of the person who tapped the card). */
export async function getVcInvitationOfSchool(ex: Executor, officeId: string, sessionId: number, schoolId: number): Promise<VcInvitation | null> {
  const [row] = await selectInvitations(ex).where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.sessionId, sessionId), eq(vcInvitations.schoolId, schoolId)));
  return row ? toInvitation(row) : null;
}

export async function getVcInvitation(ex: Executor, officeId: string, id: number): Promise<VcInvitation | null> {
  const [row] = await selectInvitations(ex).where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.id, id)));
  return row ? toInvitation(row) : null;
}

export interface InvitationChange {
  answer?: VcAnswer;
  delegate?: string | null;
  attended?: boolean;
}

/** Changes the invitation if it is still at `expectedVersion`; whether it did. */
export async function updateVcInvitation(ex: Executor, officeId: string, id: number, expectedVersion: number, change: InvitationChange, by: number | null, now: Date): Promise<boolean> {
  const set: Partial<typeof vcInvitations.$inferInsert> = {};
  if (change.answer !== undefined) Object.assign(set, { answer: change.answer, answeredAt: now, answeredBy: by });
  if (change.delegate !== undefined) Object.assign(set, { delegate: change.delegate, answeredBy: by });
  if (change.attended !== undefined) Object.assign(set, { attended: change.attended, attendedAt: change.attended ? now : null, attendedBy: by });
  const rows = await ex
    .update(vcInvitations)
    .set({ ...set, version: sql`${vcInvitations.version} + 1` })
    .where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.id, id), eq(vcInvitations.version, expectedVersion)))
    .returning({ id: vcInvitations.id });
  return rows.length > 0;
}

/** Records one answer of the evaluation (the question's key and a score); the first answer of a question stays. */
export async function recordEvaluation(ex: Executor, officeId: string, id: number, key: EvaluationKey, score: number, now: Date): Promise<boolean> {
  const rows = await ex
    .update(vcInvitations)
    .set({ evaluation: sql`coalesce(${vcInvitations.evaluation}, '{}'::jsonb) || jsonb_build_object(${key}::text, ${score}::int)`, evaluatedAt: now })
    .where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.id, id), eq(vcInvitations.attended, true), sql`not (coalesce(${vcInvitations.evaluation}, '{}'::jsonb) ? ${key}::text)`))
    .returning({ id: vcInvitations.id });
  return rows.length > 0;
}

/** An invitation with the person it goes to, as a push needs them. */
export interface InvitationRecipient {
  invitationId: number;
  version: number;
  schoolName: string;
  personId: number;
  channelId: string;
  lineUserId: string;
  /** The school's answer so far. */
  answer: VcAnswer | null;
}

const recipientColumns = {
  invitationId: vcInvitations.id,
  version: vcInvitations.version,
  schoolName: schools.name,
  personId: people.id,
  channelId: people.channelId,
  lineUserId: people.lineUserId,
  answer: vcInvitations.answer,
};

type RecipientRow = Omit<InvitationRecipient, 'lineUserId' | 'answer'> & { lineUserId: string | null; answer: string | null };
const toRecipients = (rows: RecipientRow[]): InvitationRecipient[] => rows.map((r) => ({ ...r, lineUserId: r.lineUserId!, answer: r.answer === null ? null : vcAnswerSchema.parse(r.answer) }));

function selectRecipients(ex: Executor) {
  return ex
    .select(recipientColumns)
    .from(vcInvitations)
    .innerJoin(schools, eq(schools.id, vcInvitations.schoolId))
    .innerJoin(people, eq(people.id, vcInvitations.personId));
}

const reachable = and(eq(people.status, 'active'), isNotNull(people.lineUserId));

/** The session's invitations not pushed yet whose person can be reached, by person. */
export async function unpushedRecipients(ex: Executor, officeId: string, sessionId: number): Promise<InvitationRecipient[]> {
  const rows = await selectRecipients(ex)
    .where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.sessionId, sessionId), isNull(vcInvitations.pushedAt), reachable))
    .orderBy(asc(people.id), asc(vcInvitations.id));
  return toRecipients(rows);
}

/**
 * The session's invitations that went out whose person can still be reached, by person; without the schools that
 * declined when `exceptDeclined` (a cancellation changes nothing for them).
 */
export async function notifiedRecipients(ex: Executor, officeId: string, sessionId: number, exceptDeclined: boolean): Promise<InvitationRecipient[]> {
  const rows = await selectRecipients(ex)
    .where(
      and(
        eq(vcInvitations.officeId, officeId),
        eq(vcInvitations.sessionId, sessionId),
        isNotNull(vcInvitations.pushedAt),
        reachable,
        exceptDeclined ? sql`${vcInvitations.answer} is distinct from 'decline'` : undefined,
      ),
    )
    .orderBy(asc(people.id), asc(vcInvitations.id));
  return toRecipients(rows);
}

/** The session's invitations answered เข้าร่วม whose person can be reached (the link before the start). */
export async function joinedRecipients(ex: Executor, officeId: string, sessionId: number): Promise<InvitationRecipient[]> {
  const rows = await selectRecipients(ex)
    .where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.sessionId, sessionId), eq(vcInvitations.answer, 'join'), reachable))
    .orderBy(asc(people.id), asc(vcInvitations.id));
  return toRecipients(rows);
}

/** The session's attended invitations not evaluated in full, whose person can be reached. */
export async function attendedRecipients(ex: Executor, officeId: string, sessionId: number): Promise<InvitationRecipient[]> {
  const rows = await selectRecipients(ex)
    .where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.sessionId, sessionId), eq(vcInvitations.attended, true), reachable))
    .orderBy(asc(people.id), asc(vcInvitations.id));
  return toRecipients(rows);
}

export async function markVcInvitationsPushed(ex: Executor, officeId: string, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await ex
    .update(vcInvitations)
    .set({ pushedAt: now })
    .where(and(eq(vcInvitations.officeId, officeId), inArray(vcInvitations.id, [...ids])));
}

export async function markVcInvitationsReminded(ex: Executor, officeId: string, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await ex
    .update(vcInvitations)
    .set({ remindedAt: now })
    .where(and(eq(vcInvitations.officeId, officeId), inArray(vcInvitations.id, [...ids])));
}

/** The office's planned sessions that have invitations not pushed yet. */
export async function sessionsWithUnpushed(ex: Executor, officeId: string): Promise<number[]> {
  const rows = await ex
    .selectDistinct({ id: vcInvitations.sessionId })
    .from(vcInvitations)
    .innerJoin(vcSessions, eq(vcSessions.id, vcInvitations.sessionId))
    .where(and(eq(vcInvitations.officeId, officeId), isNull(vcInvitations.pushedAt), isNotNull(vcInvitations.personId), eq(vcSessions.state, 'planned')));
  return rows.map((r) => r.id);
}

/** People with invitations pushed, not answered, not reminded, of sessions not started yet (the reminder's candidates). */
export async function peopleToRemind(ex: Executor, officeId: string, now: Date): Promise<number[]> {
  const rows = await ex
    .selectDistinct({ id: vcInvitations.personId })
    .from(vcInvitations)
    .innerJoin(vcSessions, eq(vcSessions.id, vcInvitations.sessionId))
    .where(
      and(
        eq(vcInvitations.officeId, officeId),
        isNotNull(vcInvitations.pushedAt),
        isNull(vcInvitations.answer),
        isNull(vcInvitations.remindedAt),
        eq(vcSessions.state, 'planned'),
        gt(vcSessions.startsAt, now),
      ),
    );
  return rows.map((r) => r.id!).filter((id) => id !== null);
}

/** A person's unanswered, unreminded invitations of sessions not started yet, locked, with their sessions. */
export async function lockUnansweredOf(ex: Executor, officeId: string, personId: number, now: Date): Promise<Array<{ invitation: VcInvitation; session: VcSession }>> {
  const rows = await selectInvitations(ex)
    .innerJoin(vcSessions, eq(vcSessions.id, vcInvitations.sessionId))
    .where(
      and(
        eq(vcInvitations.officeId, officeId),
        eq(vcInvitations.personId, personId),
        isNotNull(vcInvitations.pushedAt),
        isNull(vcInvitations.answer),
        isNull(vcInvitations.remindedAt),
        eq(vcSessions.state, 'planned'),
        gt(vcSessions.startsAt, now),
      ),
    )
    .orderBy(asc(vcSessions.startsAt), asc(vcInvitations.id))
    .for('update', { of: vcInvitations });
  const out: Array<{ invitation: VcInvitation; session: VcSession }> = [];
  for (const row of rows) {
    const session = await getVcSession(ex, officeId, row.sessionId);
    if (session) out.push({ invitation: toInvitation(row), session });
  }
  return out;
}

/** The office's planned sessions starting in [now, until) (the link reminder's candidates). */
export async function sessionsStartingBefore(ex: Executor, officeId: string, now: Date, until: Date): Promise<number[]> {
  const rows = await ex
    .select({ id: vcSessions.id })
    .from(vcSessions)
    .where(and(eq(vcSessions.officeId, officeId), eq(vcSessions.state, 'planned'), gt(vcSessions.startsAt, now), lt(vcSessions.startsAt, until)))
    .orderBy(asc(vcSessions.startsAt));
  return rows.map((r) => r.id);
}

/** The office's planned sessions that ended in [from, to) (the wrap-up's candidates). */
export async function sessionsEndedBetween(ex: Executor, officeId: string, from: Date, to: Date): Promise<number[]> {
  const rows = await ex
    .select({ id: vcSessions.id })
    .from(vcSessions)
    .where(and(eq(vcSessions.officeId, officeId), eq(vcSessions.state, 'planned'), gte(vcSessions.endsAt, from), lt(vcSessions.endsAt, to)))
    .orderBy(asc(vcSessions.endsAt));
  return rows.map((r) => r.id);
}

/** A school's invitations of sessions that end after `from`, soonest first, with their sessions. */
export async function invitationsOfSchool(ex: Executor, officeId: string, schoolId: number, from: Date, limit = 12): Promise<Array<{ invitation: VcInvitation; session: VcSession }>> {
  const rows = await selectInvitations(ex)
    .innerJoin(vcSessions, eq(vcSessions.id, vcInvitations.sessionId))
    .where(and(eq(vcInvitations.officeId, officeId), eq(vcInvitations.schoolId, schoolId), gt(vcSessions.endsAt, from), eq(vcSessions.state, 'planned')))
    .orderBy(asc(vcSessions.startsAt), asc(vcInvitations.id))
    .limit(limit);
  const out: Array<{ invitation: VcInvitation; session: VcSession }> = [];
  for (const row of rows) {
    const session = await getVcSession(ex, officeId, row.sessionId);
    if (session) out.push({ invitation: toInvitation(row), session });
  }
  return out;
}

import { aliasedTable, and, asc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { addHistory } from './history.ts';
import { actingAssignments, letterEvents, letters, mediaFiles, people } from '../schema.ts';
import { nextRegisterNumber } from './register-counters.ts';
import { calendarYearOf } from '../../domain/fiscal-year.ts';
import {
  actingKindSchema,
  decisionSchema,
  keepsDetails,
  letterKindSchema,
  letterStatusSchema,
  proposalAskSchema,
  REGISTER_COUNTER,
  registerSchema,
  secrecySchema,
  urgencySchema,
  type ActingKind,
  type LetterKind,
  type LetterRegister,
  type LetterStatus,
  type Secrecy,
  type Urgency,
} from '../../domain/saraban/letter.ts';
import type { Letter } from '../../domain/saraban/view.ts';

/**
 * The core of the saraban registers: registering a letter under the next number, reading one letter (with
 * the names of the people involved), changing it with a version bump, and its history. Other saraban
 * queries live beside it in their own files (routing, decisions, keeping, search).
 */

const registrar = aliasedTable(people, 'registrar');
const assignee = aliasedTable(people, 'assignee');
const proposedTo = aliasedTable(people, 'proposed_to_person');
const decider = aliasedTable(people, 'decider');

const attachmentCount = sql<number>`(select count(*)::int from ${mediaFiles} where ${mediaFiles.ownerType} = 'letter' and ${mediaFiles.ownerId} = ${letters.id})`;

const columns = {
  id: letters.id,
  officeId: letters.officeId,
  register: letters.register,
  year: letters.year,
  number: letters.number,
  docNo: letters.docNo,
  docDate: letters.docDate,
  fromName: letters.fromName,
  toName: letters.toName,
  subject: letters.subject,
  kind: letters.kind,
  urgency: letters.urgency,
  actBy: letters.actBy,
  secrecy: letters.secrecy,
  status: letters.status,
  version: letters.version,
  registeredAt: letters.registeredAt,
  registeredById: letters.registeredBy,
  registeredByName: registrar.fullName,
  assignedById: letters.assignedBy,
  assigneeId: letters.assigneeId,
  assigneeName: assignee.fullName,
  instruction: letters.instruction,
  assignedAt: letters.assignedAt,
  acknowledgedAt: letters.acknowledgedAt,
  proposedToId: letters.proposedTo,
  proposedToName: proposedTo.fullName,
  proposalAsk: letters.proposalAsk,
  proposalNote: letters.proposalNote,
  proposedAt: letters.proposedAt,
  decision: letters.decision,
  decisionText: letters.decisionText,
  decidedById: letters.decidedBy,
  decidedByName: decider.fullName,
  decidedActing: letters.decidedActing,
  decidedAt: letters.decidedAt,
  remarks: letters.remarks,
  cancelledAt: letters.cancelledAt,
  cancelReason: letters.cancelReason,
  attachmentCount,
};

type Row = { [K in keyof typeof columns]: unknown } & Record<string, unknown>;

function toLetter(row: Row): Letter {
  return {
    ...(row as unknown as Letter),
    register: registerSchema.parse(row.register),
    kind: letterKindSchema.parse(row.kind),
    urgency: urgencySchema.parse(row.urgency),
    secrecy: secrecySchema.parse(row.secrecy),
    status: letterStatusSchema.parse(row.status),
    proposalAsk: row.proposalAsk === null ? null : proposalAskSchema.parse(row.proposalAsk),
    decision: row.decision === null ? null : decisionSchema.parse(row.decision),
    decidedActing: row.decidedActing === null ? null : actingKindSchema.parse(row.decidedActing),
    attachmentCount: Number(row.attachmentCount ?? 0),
  };
}

/** Letters with the names of the people involved; `where` narrows (always include the office). */
export async function selectLetters(ex: Executor, where: SQL | undefined, options: { limit?: number; orderBy?: SQL[] } = {}): Promise<Letter[]> {
  const query = ex
    .select(columns)
    .from(letters)
    .innerJoin(registrar, eq(registrar.id, letters.registeredBy))
    .leftJoin(assignee, eq(assignee.id, letters.assigneeId))
    .leftJoin(proposedTo, eq(proposedTo.id, letters.proposedTo))
    .leftJoin(decider, eq(decider.id, letters.decidedBy))
    .where(where)
    .orderBy(...(options.orderBy ?? [asc(letters.registeredAt), asc(letters.id)]))
    .limit(options.limit ?? 1000);
  const rows = await query;
  return rows.map((row) => toLetter(row as Row));
}

export async function getLetter(ex: Executor, officeId: string, id: number): Promise<Letter | null> {
  const [letter] = await selectLetters(ex, and(eq(letters.officeId, officeId), eq(letters.id, id)), { limit: 1 });
  return letter ?? null;
}

/** Locks the letter's row for the rest of the transaction (two taps on one letter run one after the other). */
export async function lockLetter(tx: Executor, officeId: string, id: number): Promise<Letter | null> {
  const locked = await tx
    .select({ id: letters.id })
    .from(letters)
    .where(and(eq(letters.officeId, officeId), eq(letters.id, id)))
    .for('update');
  if (locked.length === 0) return null;
  return getLetter(tx, officeId, id);
}

export async function findLetterByNumber(ex: Executor, officeId: string, register: LetterRegister, year: number, number: number): Promise<Letter | null> {
  const [letter] = await selectLetters(
    ex,
    and(eq(letters.officeId, officeId), eq(letters.register, register), eq(letters.year, year), eq(letters.number, number)),
    { limit: 1 },
  );
  return letter ?? null;
}

export interface NewLetter {
  officeId: string;
  register: LetterRegister;
  docNo: string | null;
  docDate: string | null;
  fromName: string | null;
  toName: string | null;
  subject: string | null;
  kind: LetterKind;
  urgency: Urgency;
  actBy: string | null;
  secrecy: Secrecy;
  remarks?: string | null;
  registeredBy: number;
  /** Draft media (kept with `saveMedia`) that become the letter's attachments. */
  mediaIds: readonly number[];
}

/**
 * Registers a letter under the next number of its register for the calendar year of `now` (Asia/Bangkok),
 * inside the caller's transaction: two clerks registering at the same instant get consecutive numbers,
 * and a transaction that rolls back gives its number back. ลับที่สุด keeps number and date only.
 */
export async function registerLetter(tx: Executor, input: NewLetter, now: Date): Promise<Letter> {
  const year = calendarYearOf(now);
  const number = await nextRegisterNumber(tx, input.officeId, REGISTER_COUNTER[input.register], year);
  const details = keepsDetails(input.secrecy);
  const status: LetterStatus = input.register === 'receive' ? 'registered' : 'sent';
  const [row] = await tx
    .insert(letters)
    .values({
      officeId: input.officeId,
      register: input.register,
      year,
      number,
      docNo: input.docNo,
      docDate: input.docDate,
      fromName: details ? input.fromName : null,
      toName: details ? input.toName : null,
      subject: details ? input.subject : null,
      kind: input.kind,
      urgency: input.urgency,
      actBy: input.actBy,
      secrecy: input.secrecy,
      status,
      registeredAt: now,
      registeredBy: input.registeredBy,
      remarks: input.remarks ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: letters.id });
  const id = row!.id;
  if (details && input.mediaIds.length > 0) {
    await tx
      .update(mediaFiles)
      .set({ ownerType: 'letter', ownerId: id, purpose: 'attachment' })
      .where(and(eq(mediaFiles.officeId, input.officeId), isNull(mediaFiles.ownerId), inArray(mediaFiles.id, [...input.mediaIds])));
  }
  await addLetterEvent(tx, { letterId: id, officeId: input.officeId, actorId: input.registeredBy, action: 'registered', data: { number, year }, at: now });
  return (await getLetter(tx, input.officeId, id))!;
}

/** The columns a change may set (the version and `updated_at` are bumped by `updateLetter`). */
export type LetterPatch = Partial<Omit<typeof letters.$inferInsert, 'id' | 'officeId' | 'register' | 'year' | 'number' | 'version' | 'createdAt' | 'updatedAt'>>;

/**
 * Changes a letter if it is still at `expectedVersion` (a button drawn for an earlier state is stale):
 * returns false and changes nothing otherwise.
 */
export async function updateLetter(tx: Executor, officeId: string, id: number, expectedVersion: number, patch: LetterPatch, now: Date): Promise<boolean> {
  const rows = await tx
    .update(letters)
    .set({ ...patch, version: sql`${letters.version} + 1`, updatedAt: now })
    .where(and(eq(letters.officeId, officeId), eq(letters.id, id), eq(letters.version, expectedVersion)))
    .returning({ id: letters.id });
  return rows.length === 1;
}

export interface LetterEventInput {
  letterId: number;
  officeId: string;
  actorId: number | null;
  action: string;
  data?: Record<string, unknown>;
  at: Date;
}

export async function addLetterEvent(ex: Executor, { letterId, ...entry }: LetterEventInput): Promise<void> {
  await addHistory(ex, 'letter', letterId, entry);
}

export interface LetterEventRow {
  id: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  data: unknown;
  at: Date;
}

export async function listLetterEvents(ex: Executor, letterId: number): Promise<LetterEventRow[]> {
  return ex
    .select({ id: letterEvents.id, actorId: letterEvents.actorId, actorName: people.fullName, action: letterEvents.action, data: letterEvents.data, at: letterEvents.at })
    .from(letterEvents)
    .leftJoin(people, eq(people.id, letterEvents.actorId))
    .where(eq(letterEvents.letterId, letterId))
    .orderBy(asc(letterEvents.id));
}

export interface LetterAttachment {
  id: number;
  contentType: string;
  fileName: string | null;
  sizeBytes: number;
}

export async function listLetterAttachments(ex: Executor, officeId: string, letterId: number): Promise<LetterAttachment[]> {
  return ex
    .select({ id: mediaFiles.id, contentType: mediaFiles.contentType, fileName: mediaFiles.fileName, sizeBytes: mediaFiles.sizeBytes })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.officeId, officeId), eq(mediaFiles.ownerType, 'letter'), eq(mediaFiles.ownerId, letterId)))
    .orderBy(asc(mediaFiles.id));
}

export async function getLetterAttachmentContent(
  ex: Executor,
  officeId: string,
  letterId: number,
  attachmentId: number,
): Promise<(LetterAttachment & { content: Buffer }) | null> {
  const [row] = await ex
    .select({ id: mediaFiles.id, contentType: mediaFiles.contentType, fileName: mediaFiles.fileName, sizeBytes: mediaFiles.sizeBytes, content: mediaFiles.content })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.officeId, officeId), eq(mediaFiles.ownerType, 'letter'), eq(mediaFiles.ownerId, letterId), eq(mediaFiles.id, attachmentId)));
  return row ?? null;
}

/** The people a person acts for on a day (YYYY-MM-DD), and how. */
export async function actingForOf(ex: Executor, officeId: string, personId: number, dateKey: string): Promise<Array<{ principalId: number; kind: ActingKind }>> {
  const rows = await ex
    .select({ principalId: actingAssignments.principalId, kind: actingAssignments.kind })
    .from(actingAssignments)
    .where(and(eq(actingAssignments.officeId, officeId), eq(actingAssignments.actingId, personId), activeOn(dateKey)));
  return rows.map((row) => ({ principalId: row.principalId, kind: actingKindSchema.parse(row.kind) }));
}

/** Who acts for a person on a day (they also get the person's decision requests). */
export async function actingFor(ex: Executor, officeId: string, principalId: number, dateKey: string): Promise<Array<{ actingId: number; kind: ActingKind }>> {
  const rows = await ex
    .select({ actingId: actingAssignments.actingId, kind: actingAssignments.kind })
    .from(actingAssignments)
    .where(and(eq(actingAssignments.officeId, officeId), eq(actingAssignments.principalId, principalId), activeOn(dateKey)));
  return rows.map((row) => ({ actingId: row.actingId, kind: actingKindSchema.parse(row.kind) }));
}

function activeOn(dateKey: string): SQL | undefined {
  return and(
    isNull(actingAssignments.revokedAt),
    lte(actingAssignments.startsOn, dateKey),
    or(isNull(actingAssignments.endsOn), gte(actingAssignments.endsOn, dateKey)),
  );
}

import { and, asc, desc, eq, inArray, isNull, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { auditLog, letterLoans, letters } from '../schema.ts';
import { selectLetters } from './letters.ts';
import { LETTER_KINDS, type LetterKind, type LetterRegister } from '../../domain/saraban/letter.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import type { LetterLoan } from '../../domain/saraban/view.ts';

export type { LetterLoan } from '../../domain/saraban/view.ts';

/**
 * Keeping letters: search, the loans of paper originals, the registers of a year for export, and the
 * letters past retention. Text search is a plain substring (Thai has no spaces between words), case-blind
 * for Latin letters, with `strpos` so no LIKE pattern character needs escaping.
 */

export interface SearchViewer {
  id: number;
  /** The people this person acts for today (they may see the secret letters proposed to them). */
  actingFor: readonly number[];
}

export interface SearchResult {
  letters: Letter[];
  /** All matches, of which `letters` are the newest `limit`. */
  total: number;
}

export async function findLettersByNumber(ex: Executor, officeId: string, register: LetterRegister, year: number, number: number): Promise<Letter[]> {
  return selectLetters(ex, and(eq(letters.officeId, officeId), eq(letters.register, register), eq(letters.year, year), eq(letters.number, number)), { limit: 1 });
}

/** Secret letters show up in a text search only for the people involved in them (never by role). */
function involved(viewer: SearchViewer): SQL {
  const deciders = [viewer.id, ...viewer.actingFor];
  return or(
    eq(letters.registeredBy, viewer.id),
    eq(letters.assigneeId, viewer.id),
    inArray(letters.proposedTo, deciders),
    inArray(letters.decidedBy, deciders),
  )!;
}

function contains(column: AnyColumn, needle: string): SQL {
  return sql`strpos(lower(coalesce(${column}, '')), ${needle}) > 0`;
}

export async function searchLettersByText(ex: Executor, officeId: string, text: string, viewer: SearchViewer, limit: number): Promise<SearchResult> {
  const needle = text.toLowerCase();
  const where = and(
    eq(letters.officeId, officeId),
    or(contains(letters.subject, needle), contains(letters.fromName, needle), contains(letters.docNo, needle)),
    or(eq(letters.secrecy, 'none'), involved(viewer)),
  );
  const [count] = await ex.select({ n: sql<number>`count(*)::int` }).from(letters).where(where);
  const found = await selectLetters(ex, where, { limit, orderBy: [desc(letters.registeredAt), desc(letters.id)] });
  return { letters: found, total: Number(count?.n ?? found.length) };
}

// ── Loans of paper originals ─────────────────────────────────────────────────────────────────────────

const loanColumns = {
  id: letterLoans.id,
  officeId: letterLoans.officeId,
  letterId: letterLoans.letterId,
  borrowerName: letterLoans.borrowerName,
  borrowerId: letterLoans.borrowerId,
  purpose: letterLoans.purpose,
  lentBy: letterLoans.lentBy,
  lentAt: letterLoans.lentAt,
  dueDate: letterLoans.dueDate,
  returnedAt: letterLoans.returnedAt,
  returnedBy: letterLoans.returnedBy,
  receivedBy: letterLoans.receivedBy,
};

export interface NewLoan {
  officeId: string;
  letterId: number;
  borrowerName: string;
  borrowerId: number | null;
  purpose: string;
  lentBy: number;
  dueDate: string;
}

export async function insertLoan(tx: Executor, loan: NewLoan, now: Date): Promise<number> {
  const [row] = await tx
    .insert(letterLoans)
    .values({ ...loan, lentAt: now, createdAt: now })
    .returning({ id: letterLoans.id });
  return row!.id;
}

export async function getLoan(ex: Executor, officeId: string, loanId: number): Promise<LetterLoan | null> {
  const [row] = await ex.select(loanColumns).from(letterLoans).where(and(eq(letterLoans.officeId, officeId), eq(letterLoans.id, loanId)));
  return row ?? null;
}

/** Locks the loan for the rest of the transaction (two clerks recording one return run one after the other). */
export async function lockLoan(tx: Executor, officeId: string, loanId: number): Promise<LetterLoan | null> {
  const [row] = await tx
    .select(loanColumns)
    .from(letterLoans)
    .where(and(eq(letterLoans.officeId, officeId), eq(letterLoans.id, loanId)))
    .for('update');
  return row ?? null;
}

/** The loan of a letter's original not yet back (an original is lent to one person at a time). */
export async function openLoanOf(ex: Executor, officeId: string, letterId: number): Promise<LetterLoan | null> {
  const [row] = await ex
    .select(loanColumns)
    .from(letterLoans)
    .where(and(eq(letterLoans.officeId, officeId), eq(letterLoans.letterId, letterId), isNull(letterLoans.returnedAt)))
    .orderBy(desc(letterLoans.id))
    .limit(1);
  return row ?? null;
}

/** The open loans of these letters, by letter id. */
export async function openLoansOf(ex: Executor, officeId: string, letterIds: readonly number[]): Promise<Map<number, LetterLoan>> {
  if (letterIds.length === 0) return new Map();
  const rows = await ex
    .select(loanColumns)
    .from(letterLoans)
    .where(and(eq(letterLoans.officeId, officeId), inArray(letterLoans.letterId, [...letterIds]), isNull(letterLoans.returnedAt)))
    .orderBy(asc(letterLoans.id));
  return new Map(rows.map((row) => [row.letterId, row]));
}

/** Open loans, the earliest due first. */
export async function listOpenLoans(ex: Executor, officeId: string, limit = 500): Promise<LetterLoan[]> {
  return ex
    .select(loanColumns)
    .from(letterLoans)
    .where(and(eq(letterLoans.officeId, officeId), isNull(letterLoans.returnedAt)))
    .orderBy(asc(letterLoans.dueDate), asc(letterLoans.id))
    .limit(limit);
}

/** Records the return; false when it was already recorded (by someone else meanwhile). */
export async function returnLoan(tx: Executor, officeId: string, loanId: number, input: { returnedBy: string; receivedBy: number }, now: Date): Promise<boolean> {
  const rows = await tx
    .update(letterLoans)
    .set({ returnedAt: now, returnedBy: input.returnedBy, receivedBy: input.receivedBy })
    .where(and(eq(letterLoans.officeId, officeId), eq(letterLoans.id, loanId), isNull(letterLoans.returnedAt)))
    .returning({ id: letterLoans.id });
  return rows.length === 1;
}

// ── Registers and retention ──────────────────────────────────────────────────────────────────────────

/** Every line of a register's year, cancelled ones included, in number order. */
export async function listRegisterYear(ex: Executor, officeId: string, register: LetterRegister, year: number): Promise<Letter[]> {
  return selectLetters(ex, and(eq(letters.officeId, officeId), eq(letters.register, register), eq(letters.year, year)), {
    limit: 1_000_000,
    orderBy: [asc(letters.number)],
  });
}

/** Letters (not cancelled) whose register year is at or before their kind's limit (see `retentionLimits`). */
function pastRetention(officeId: string, limits: Readonly<Record<LetterKind, number>>): SQL | undefined {
  return and(
    eq(letters.officeId, officeId),
    ne(letters.status, 'cancelled'),
    or(...LETTER_KINDS.map((kind) => and(eq(letters.kind, kind), sql`${letters.year} <= ${limits[kind]}`))),
  );
}

export async function listLettersPastRetention(ex: Executor, officeId: string, limits: Readonly<Record<LetterKind, number>>): Promise<Letter[]> {
  return selectLetters(ex, pastRetention(officeId, limits), { limit: 1_000_000, orderBy: [asc(letters.register), asc(letters.year), asc(letters.number)] });
}

export async function countLettersPastRetention(ex: Executor, officeId: string, limits: Readonly<Record<LetterKind, number>>): Promise<{ receive: number; send: number }> {
  const rows = await ex
    .select({ register: letters.register, n: sql<number>`count(*)::int` })
    .from(letters)
    .where(pastRetention(officeId, limits))
    .groupBy(letters.register);
  const count = (register: string) => Number(rows.find((r) => r.register === register)?.n ?? 0);
  return { receive: count('receive'), send: count('send') };
}

const RETENTION_NOTICE = 'letters_retention_listed';

/**
 * Marks the office's retention list of a year as made, once: true for the one caller that marked it
 * (two instances, or a rerun, get false). Kept in the audit log, in the caller's transaction.
 */
export async function markRetentionListed(tx: Executor, officeId: string, listYear: number, details: Record<string, number>, now: Date): Promise<boolean> {
  const subjectId = `${officeId}:${listYear}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${RETENTION_NOTICE}:${subjectId}`}))`);
  const existing = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.officeId, officeId), eq(auditLog.action, RETENTION_NOTICE), eq(auditLog.subjectType, 'office_year'), eq(auditLog.subjectId, subjectId)))
    .limit(1);
  if (existing.length > 0) return false;
  await tx.insert(auditLog).values({ officeId, actorId: null, action: RETENTION_NOTICE, subjectType: 'office_year', subjectId, details, at: now });
  return true;
}

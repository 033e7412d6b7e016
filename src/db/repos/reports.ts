import { and, asc, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { lineChannels, letters, offices, outboxMessages, people } from '../schema.ts';
import { lineMessageMonths, reportDeliveries } from '../schema/reports.ts';
import { selectLetters } from './letters.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import {
  decisionSchema,
  letterKindSchema,
  letterStatusSchema,
  registerSchema,
  secrecySchema,
  urgencySchema,
  type Decision,
  type LetterKind,
  type LetterRegister,
  type LetterStatus,
  type Secrecy,
  type Urgency,
} from '../../domain/saraban/letter.ts';

/**
 * What the reports read besides the work areas' own repositories: the letters as a report may see them, the
 * LINE messages of a month, and who has been sent which report.
 */

export async function officeName(ex: Executor, officeId: string): Promise<string | null> {
  const [row] = await ex.select({ name: offices.name }).from(offices).where(eq(offices.id, officeId));
  return row?.name ?? null;
}

// ── Letters ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * A letter as a report sees it. A secret letter (ลับ, ลับมาก, ลับที่สุด) is only counted: its subject, number
 * (ที่), sender and recipient are never read here (null straight from the database), so no report, PDF, page
 * or chat card built from these rows can show them.
 */
export interface ReportLetter {
  id: number;
  register: LetterRegister;
  year: number;
  number: number;
  kind: LetterKind;
  urgency: Urgency;
  secrecy: Secrecy;
  status: LetterStatus;
  registeredAt: Date;
  /** YYYY-MM-DD */
  actBy: string | null;
  proposedAt: Date | null;
  decidedAt: Date | null;
  decision: Decision | null;
  cancelledAt: Date | null;
  /** Null for every secret letter. */
  subject: string | null;
}

/**
 * Letters that may count in a report of [from, to): registered, decided or due (act-by) in it.
 * `fromDate` is the Bangkok date of `from` (act-by dates are dates).
 */
export async function listLettersForReport(ex: Executor, officeId: string, from: Date, to: Date, fromDate: string): Promise<ReportLetter[]> {
  const rows = await ex
    .select({
      id: letters.id,
      register: letters.register,
      year: letters.year,
      number: letters.number,
      kind: letters.kind,
      urgency: letters.urgency,
      secrecy: letters.secrecy,
      status: letters.status,
      registeredAt: letters.registeredAt,
      actBy: letters.actBy,
      proposedAt: letters.proposedAt,
      decidedAt: letters.decidedAt,
      decision: letters.decision,
      cancelledAt: letters.cancelledAt,
      subject: sql<string | null>`case when ${letters.secrecy} = 'none' then ${letters.subject} else null end`,
    })
    .from(letters)
    .where(
      and(
        eq(letters.officeId, officeId),
        lt(letters.registeredAt, to),
        or(gte(letters.registeredAt, from), gte(letters.decidedAt, from), gte(letters.actBy, fromDate)),
      ),
    )
    .orderBy(asc(letters.registeredAt), asc(letters.id));
  return rows.map((row) => ({
    ...row,
    register: registerSchema.parse(row.register),
    kind: letterKindSchema.parse(row.kind),
    urgency: urgencySchema.parse(row.urgency),
    secrecy: secrecySchema.parse(row.secrecy),
    status: letterStatusSchema.parse(row.status),
    decision: row.decision === null ? null : decisionSchema.parse(row.decision),
    subject: row.secrecy === 'none' ? row.subject : null,
  }));
}

/** Every line of a register registered in [from, to) (a printed register of a range), in number order. */
export async function listRegisterRange(ex: Executor, officeId: string, register: LetterRegister, from: Date, to: Date): Promise<Letter[]> {
  return selectLetters(ex, and(eq(letters.officeId, officeId), eq(letters.register, register), gte(letters.registeredAt, from), lt(letters.registeredAt, to)), {
    limit: 1_000_000,
    orderBy: [asc(letters.year), asc(letters.number)],
  });
}

// ── LINE messages ────────────────────────────────────────────────────────────────────────────────────

export interface OfficeChannel {
  id: string;
  /** null = the deployment's LINE_MONTHLY_MESSAGE_BUDGET. */
  monthlyMessageBudget: number | null;
}

export async function listOfficeChannels(ex: Executor, officeId: string): Promise<OfficeChannel[]> {
  return ex
    .select({ id: lineChannels.id, monthlyMessageBudget: lineChannels.monthlyMessageBudget })
    .from(lineChannels)
    .where(eq(lineChannels.officeId, officeId))
    .orderBy(asc(lineChannels.id));
}

export interface MonthMessages {
  pushes: number;
  replies: number;
  /** The budget recorded with the month, or null when it was never recorded. */
  budget: number | null;
}

/**
 * A channel's messages in [from, to) (one Bangkok month): the live count from the outbox, or what was
 * recorded for the month if more (the outbox keeps sent rows for 90 days).
 */
export async function monthMessages(ex: Executor, channelId: string, month: string, from: Date, to: Date): Promise<MonthMessages> {
  const [live] = await ex
    .select({
      pushes: sql<number>`count(*) filter (where ${outboxMessages.sentVia} = 'push')::int`,
      replies: sql<number>`count(*) filter (where ${outboxMessages.sentVia} = 'reply')::int`,
    })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.channelId, channelId), eq(outboxMessages.status, 'sent'), gte(outboxMessages.sentAt, from), lt(outboxMessages.sentAt, to)));
  const [kept] = await ex
    .select({ pushes: lineMessageMonths.pushes, replies: lineMessageMonths.replies, budget: lineMessageMonths.budget })
    .from(lineMessageMonths)
    .where(and(eq(lineMessageMonths.channelId, channelId), eq(lineMessageMonths.month, month)));
  return {
    pushes: Math.max(Number(live?.pushes ?? 0), kept?.pushes ?? 0),
    replies: Math.max(Number(live?.replies ?? 0), kept?.replies ?? 0),
    budget: kept?.budget ?? null,
  };
}

/** Records a month's count (keeping the larger of the stored and the given, since old outbox rows go). */
export async function recordMonthMessages(
  ex: Executor,
  input: { channelId: string; officeId: string; month: string; pushes: number; replies: number; budget: number },
  now: Date,
): Promise<void> {
  await ex
    .insert(lineMessageMonths)
    .values({ ...input, updatedAt: now })
    .onConflictDoUpdate({
      target: [lineMessageMonths.channelId, lineMessageMonths.month],
      set: {
        pushes: sql`greatest(${lineMessageMonths.pushes}, excluded.pushes)`,
        replies: sql`greatest(${lineMessageMonths.replies}, excluded.replies)`,
        budget: sql`excluded.budget`,
        updatedAt: now,
      },
    });
}

// ── Deliveries ───────────────────────────────────────────────────────────────────────────────────────

export interface ReportRecipient {
  id: number;
  fullName: string;
  role: string;
  lineUserId: string;
  channelId: string;
}

/** Active people of these roles who can be pushed to. */
export async function listReportRecipients(ex: Executor, officeId: string, roles: readonly string[]): Promise<ReportRecipient[]> {
  const rows = await ex
    .select({ id: people.id, fullName: people.fullName, role: people.role, lineUserId: people.lineUserId, channelId: people.channelId })
    .from(people)
    .where(and(eq(people.officeId, officeId), inArray(people.role, [...roles]), eq(people.status, 'active'), isNotNull(people.lineUserId)))
    .orderBy(asc(people.id));
  return rows.filter((r): r is ReportRecipient => r.lineUserId !== null);
}

/**
 * Records that `personId` was sent the report of `periodKey`; false when it had been recorded before (the
 * caller then sends nothing). Taken in the sending transaction, so a failure sends and records nothing.
 */
export async function recordReportDelivery(tx: Executor, input: { officeId: string; personId: number; periodKey: string }, now: Date): Promise<boolean> {
  const inserted = await tx
    .insert(reportDeliveries)
    .values({ ...input, deliveredAt: now })
    .onConflictDoNothing()
    .returning({ personId: reportDeliveries.personId });
  return inserted.length === 1;
}

export async function listReportDeliveries(ex: Executor, officeId: string, periodKey: string): Promise<Array<{ personId: number; deliveredAt: Date }>> {
  return ex
    .select({ personId: reportDeliveries.personId, deliveredAt: reportDeliveries.deliveredAt })
    .from(reportDeliveries)
    .where(and(eq(reportDeliveries.officeId, officeId), eq(reportDeliveries.periodKey, periodKey)))
    .orderBy(asc(reportDeliveries.personId));
}

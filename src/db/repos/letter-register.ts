import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { mediaFiles, offices, registerCounters } from '../schema.ts';
import { calendarYearOf } from '../../domain/fiscal-year.ts';
import { REGISTER_COUNTER, type LetterRegister } from '../../domain/saraban/letter.ts';

/**
 * The number `registerLetter` will give next in this transaction, with the register's counter row locked
 * until the transaction ends. The clerk's confirming step reads it here (so its reply carries the number);
 * `registerLetter` then takes exactly this number in the same transaction, since nobody else can move the
 * counter meanwhile. Nothing is used up: a transaction that goes no further gives nothing away.
 */
export async function reserveNextLetterNumber(
  tx: Executor,
  officeId: string,
  register: LetterRegister,
  now: Date,
): Promise<{ year: number; number: number }> {
  const year = calendarYearOf(now);
  // An upsert that changes nothing still locks the row (and creates it at 0 for a year's first letter).
  const [row] = await tx
    .insert(registerCounters)
    .values({ officeId, register: REGISTER_COUNTER[register], year, lastValue: 0 })
    .onConflictDoUpdate({
      target: [registerCounters.officeId, registerCounters.register, registerCounters.year],
      set: { lastValue: sql`${registerCounters.lastValue}` },
    })
    .returning({ value: registerCounters.lastValue });
  return { year, number: row!.value + 1 };
}

/** The office's name: the "จาก" of the letters it sends. */
export async function officeNameOf(ex: Executor, officeId: string): Promise<string | null> {
  const [row] = await ex.select({ name: offices.name }).from(offices).where(eq(offices.id, officeId));
  return row?.name ?? null;
}

/** A file uploaded on the letter's form page becomes one of its attachments (a draft of this office only). */
export async function adoptLetterAttachment(tx: Executor, officeId: string, letterId: number, mediaId: number): Promise<boolean> {
  const rows = await tx
    .update(mediaFiles)
    .set({ ownerType: 'letter', ownerId: letterId, purpose: 'attachment' })
    .where(and(eq(mediaFiles.officeId, officeId), eq(mediaFiles.id, mediaId), isNull(mediaFiles.ownerId)))
    .returning({ id: mediaFiles.id });
  return rows.length === 1;
}

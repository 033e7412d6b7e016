import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { registerCounters } from '../schema.ts';
import { ConflictError } from '../../domain/errors.ts';

/** Register names: repair tickets per fiscal year; saraban receive / send per calendar year. */
export type RegisterName = 'repair' | (string & {});

/**
 * Takes the next number of a register for a year (Buddhist era). Call it inside the transaction that
 * uses the number: the counter row stays locked until that transaction ends, so two transactions get
 * consecutive, unique numbers, and a rolled-back one gives its number back (no gaps).
 */
export async function nextRegisterNumber(tx: Executor, officeId: string, register: RegisterName, year: number): Promise<number> {
  const [row] = await tx
    .insert(registerCounters)
    .values({ officeId, register, year, lastValue: 1 })
    .onConflictDoUpdate({
      target: [registerCounters.officeId, registerCounters.register, registerCounters.year],
      set: { lastValue: sql`${registerCounters.lastValue} + 1` },
    })
    .returning({ value: registerCounters.lastValue });
  return row!.value;
}

/** The last number given in a register's year (0 = none yet). */
export async function lastRegisterNumber(ex: Executor, officeId: string, register: RegisterName, year: number): Promise<number> {
  const [row] = await ex
    .select({ value: registerCounters.lastValue })
    .from(registerCounters)
    .where(and(eq(registerCounters.officeId, officeId), eq(registerCounters.register, register), eq(registerCounters.year, year)));
  return row?.value ?? 0;
}

/**
 * The office's starting number for a year (continuing a paper register): the next number given is
 * `firstNumber`. Refused when that would give out a number already given.
 */
export async function setRegisterStart(
  ex: Executor,
  officeId: string,
  register: RegisterName,
  year: number,
  firstNumber: number,
): Promise<void> {
  if (!Number.isInteger(firstNumber) || firstNumber < 1) throw new ConflictError('เลขเริ่มต้นต้องเป็นจำนวนเต็มตั้งแต่ 1');
  const [row] = await ex
    .insert(registerCounters)
    .values({ officeId, register, year, lastValue: firstNumber - 1 })
    .onConflictDoUpdate({
      target: [registerCounters.officeId, registerCounters.register, registerCounters.year],
      set: { lastValue: firstNumber - 1 },
      setWhere: sql`${registerCounters.lastValue} <= ${firstNumber - 1}`,
    })
    .returning({ value: registerCounters.lastValue });
  if (!row) throw new ConflictError(`เลขทะเบียนปี ${year} ใช้ไปถึงเลขที่ตั้งไว้แล้ว`);
}

import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { dltvRegister, people, schools, surveyResponses, surveyRounds } from '../schema.ts';
import { classroomKey, DEVICE_STATES, type DeviceState, type RegisterEntry, type RegisterLine } from '../../domain/repair/dltv-register.ts';

/** The schools' DLTV equipment register (issue 13). What feeds it and how it reads: src/domain/repair/dltv-register.ts. */

const state = (value: string | null): DeviceState | null => ((DEVICE_STATES as readonly string[]).includes(value ?? '') ? (value as DeviceState) : null);

const lineColumns = {
  classroom: dltvRegister.classroom,
  note: dltvRegister.note,
  dish: dltvRegister.dish,
  lnb: dltvRegister.lnb,
  receiver: dltvRegister.receiver,
  tv: dltvRegister.tv,
  updatedAt: dltvRegister.updatedAt,
};

type LineRow = { [K in keyof typeof lineColumns]: (typeof lineColumns)[K]['_']['data'] | ((typeof lineColumns)[K]['_']['notNull'] extends true ? never : null) };

function toLine(row: LineRow): RegisterLine {
  return { ...row, dish: state(row.dish), lnb: state(row.lnb), receiver: state(row.receiver), tv: state(row.tv) };
}

/**
 * Makes the school's register what one submitted answer says: its classrooms written (in its order), those it no
 * longer names removed. An upsert on (school, classroom) rather than delete-and-insert, so two submissions for one
 * school at once meet on the unique key instead of both emptying the register.
 */
export async function replaceSchoolRegister(
  ex: Executor,
  input: { officeId: string; schoolId: number; responseId: number; personId: number; entries: readonly RegisterEntry[] },
  now: Date,
): Promise<void> {
  const keys = input.entries.map((e) => classroomKey(e.classroom));
  const stale = [eq(dltvRegister.schoolId, input.schoolId)];
  if (keys.length > 0) stale.push(notInArray(dltvRegister.classroomKey, keys));
  await ex.delete(dltvRegister).where(and(...stale));
  for (const [position, entry] of input.entries.entries()) {
    const values = { ...entry, classroomKey: keys[position]!, position, responseId: input.responseId, updatedBy: input.personId, updatedAt: now };
    await ex
      .insert(dltvRegister)
      .values({ officeId: input.officeId, schoolId: input.schoolId, ...values })
      .onConflictDoUpdate({ target: [dltvRegister.schoolId, dltvRegister.classroomKey], set: values });
  }
}

/** Lines aggregated as JSON (`json_agg` in another query): the timestamps come as text. */
export function registerLinesOf(json: unknown): RegisterLine[] {
  if (!Array.isArray(json)) return [];
  return json.map((row: LineRow & { updatedAt: string }) => toLine({ ...row, updatedAt: new Date(row.updatedAt) }));
}

/** A school's register, in the order the school listed its classrooms. */
export async function schoolRegister(ex: Executor, schoolId: number): Promise<RegisterLine[]> {
  const rows = await ex.select(lineColumns).from(dltvRegister).where(eq(dltvRegister.schoolId, schoolId)).orderBy(asc(dltvRegister.position));
  return rows.map(toLine);
}

/** A line of the office's whole register (the export): with its school, who wrote it and from which survey round. */
export interface OfficeRegisterLine extends RegisterLine {
  schoolId: number;
  schoolName: string;
  smisCode: string | null;
  district: string;
  updatedByName: string | null;
  responseId: number;
  roundTitle: string;
}

export async function officeRegister(ex: Executor, officeId: string): Promise<OfficeRegisterLine[]> {
  const rows = await ex
    .select({
      ...lineColumns,
      schoolId: dltvRegister.schoolId,
      schoolName: schools.name,
      smisCode: schools.smisCode,
      district: schools.district,
      updatedByName: people.fullName,
      responseId: dltvRegister.responseId,
      roundTitle: surveyRounds.title,
    })
    .from(dltvRegister)
    .innerJoin(schools, eq(schools.id, dltvRegister.schoolId))
    .innerJoin(surveyResponses, eq(surveyResponses.id, dltvRegister.responseId))
    .innerJoin(surveyRounds, eq(surveyRounds.id, surveyResponses.roundId))
    .leftJoin(people, eq(people.id, dltvRegister.updatedBy))
    .where(eq(dltvRegister.officeId, officeId))
    .orderBy(asc(schools.district), asc(schools.name), asc(dltvRegister.position));
  return rows.map((row) => ({ ...row, ...toLine(row) }));
}

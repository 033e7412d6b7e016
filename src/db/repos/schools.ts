import { and, asc, count, eq, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { schools } from '../schema.ts';
import { normalizeSchoolName, parseSchoolCode } from '../../domain/school-codes.ts';

export interface School {
  id: number;
  officeId: string;
  name: string;
  smisCode: string | null;
  obecCode: string | null;
  moeCode: string | null;
  district: string;
  cluster: string | null;
  address: string | null;
}

export interface SchoolInput {
  name: string;
  smisCode: string | null;
  obecCode: string | null;
  moeCode: string | null;
  district: string;
  cluster: string | null;
  address: string | null;
}

const columns = {
  id: schools.id,
  officeId: schools.officeId,
  name: schools.name,
  smisCode: schools.smisCode,
  obecCode: schools.obecCode,
  moeCode: schools.moeCode,
  district: schools.district,
  cluster: schools.cluster,
  address: schools.address,
};

export async function countSchools(ex: Executor, officeId: string): Promise<number> {
  const [row] = await ex.select({ n: count() }).from(schools).where(eq(schools.officeId, officeId));
  return row?.n ?? 0;
}

/** The directory's first school (the order it was imported in), or null when the directory is empty. */
export async function firstSchool(ex: Executor, officeId: string): Promise<School | null> {
  const [row] = await ex.select(columns).from(schools).where(eq(schools.officeId, officeId)).orderBy(asc(schools.id)).limit(1);
  return row ?? null;
}

export async function getSchool(ex: Executor, officeId: string, id: number): Promise<School | null> {
  const [row] = await ex
    .select(columns)
    .from(schools)
    .where(and(eq(schools.officeId, officeId), eq(schools.id, id)));
  return row ?? null;
}

/** Schools already holding any of these codes (a re-import updates that row; two rows mean the file contradicts the directory). */
export async function findSchoolsByCodes(
  ex: Executor,
  officeId: string,
  codes: { smisCode: string | null; obecCode: string | null; moeCode: string | null },
): Promise<School[]> {
  const matches: SQL[] = [];
  if (codes.smisCode) matches.push(eq(schools.smisCode, codes.smisCode));
  if (codes.obecCode) matches.push(eq(schools.obecCode, codes.obecCode));
  if (codes.moeCode) matches.push(eq(schools.moeCode, codes.moeCode));
  if (matches.length === 0) return [];
  return ex
    .select(columns)
    .from(schools)
    .where(and(eq(schools.officeId, officeId), or(...matches)))
    .orderBy(asc(schools.id));
}

export async function insertSchool(ex: Executor, officeId: string, input: SchoolInput, now: Date): Promise<number> {
  const [row] = await ex
    .insert(schools)
    .values({ officeId, ...input, createdAt: now, updatedAt: now })
    .returning({ id: schools.id });
  return row!.id;
}

/** Updates from an import: a code missing from the file keeps the code the directory already has. */
export async function updateSchool(ex: Executor, id: number, input: SchoolInput, now: Date): Promise<void> {
  await ex
    .update(schools)
    .set({
      name: input.name,
      district: input.district,
      cluster: input.cluster,
      address: input.address,
      ...(input.smisCode ? { smisCode: input.smisCode } : {}),
      ...(input.obecCode ? { obecCode: input.obecCode } : {}),
      ...(input.moeCode ? { moeCode: input.moeCode } : {}),
      updatedAt: now,
    })
    .where(eq(schools.id, id));
}

/**
 * Schools matching what a person typed: one of the three codes, or part of the Thai name (ignoring
 * "โรงเรียน", "รร." and spaces). At most `limit`, by name.
 */
export async function searchSchools(ex: Executor, officeId: string, typed: string, limit: number): Promise<School[]> {
  const code = parseSchoolCode(typed);
  if (code) {
    const column = code.kind === 'smis' ? schools.smisCode : code.kind === 'obec' ? schools.obecCode : schools.moeCode;
    return ex
      .select(columns)
      .from(schools)
      .where(and(eq(schools.officeId, officeId), eq(column, code.code)))
      .limit(limit);
  }
  const needle = normalizeSchoolName(typed);
  if (needle.length === 0) return [];
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return ex
    .select(columns)
    .from(schools)
    .where(and(eq(schools.officeId, officeId), sql`lower(replace(${schools.name}, ' ', '')) like ${pattern}`))
    .orderBy(asc(schools.name), asc(schools.id))
    .limit(limit);
}

/** The office's districts and clusters (the audience pickers of video conferences and survey rounds), by name. */
export async function schoolGroups(ex: Executor, officeId: string): Promise<{ districts: string[]; clusters: string[] }> {
  const d = await ex.selectDistinct({ v: schools.district }).from(schools).where(eq(schools.officeId, officeId));
  const c = await ex
    .selectDistinct({ v: schools.cluster })
    .from(schools)
    .where(and(eq(schools.officeId, officeId), isNotNull(schools.cluster)));
  const sort = (xs: string[]) => xs.sort((a, b) => a.localeCompare(b, 'th'));
  return { districts: sort(d.map((r) => r.v)), clusters: sort(c.map((r) => r.v!)) };
}

/** The office's schools (id, name), by name (the chosen-schools pickers). */
export async function schoolChoices(ex: Executor, officeId: string): Promise<Array<{ id: number; name: string }>> {
  return ex.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.officeId, officeId)).orderBy(asc(schools.name), asc(schools.id));
}

import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { holidays, offices } from '../schema.ts';
import type { OfficeCalendar } from '../../domain/office-time.ts';
import { officeCalendarOf, type OfficeSettings } from '../../domain/repair/settings.ts';
import { getOfficeSettings } from './office-settings.ts';

export interface Holiday {
  /** Bangkok calendar date, YYYY-MM-DD (Common Era). */
  date: string;
  name: string;
}

/** The office's holidays, by date; `year` (Common Era) limits them to one calendar year. */
export async function listHolidays(ex: Executor, officeId: string, year?: number): Promise<Holiday[]> {
  const conditions = [eq(holidays.officeId, officeId)];
  if (year !== undefined) conditions.push(gte(holidays.date, `${year}-01-01`), lt(holidays.date, `${year + 1}-01-01`));
  return ex
    .select({ date: holidays.date, name: holidays.name })
    .from(holidays)
    .where(and(...conditions))
    .orderBy(asc(holidays.date));
}

/** The office's holidays as a set of dates (what a booking checks a day against). */
export async function holidayDates(ex: Executor, officeId: string): Promise<Set<string>> {
  const rows = await ex.select({ date: holidays.date }).from(holidays).where(eq(holidays.officeId, officeId));
  return new Set(rows.map((r) => r.date));
}

/** Adds holidays or renames those already on the list; returns how many rows were written. */
export async function upsertHolidays(ex: Executor, officeId: string, list: readonly Holiday[]): Promise<number> {
  if (list.length === 0) return 0;
  // One row per date: the last name given for a date wins (one insert cannot touch a row twice).
  const byDate = new Map(list.map((h) => [h.date, h.name]));
  const rows = [...byDate].map(([date, name]) => ({ officeId, date, name }));
  await ex
    .insert(holidays)
    .values(rows)
    .onConflictDoUpdate({ target: [holidays.officeId, holidays.date], set: { name: sql`excluded.name` } });
  return rows.length;
}

export async function deleteHoliday(ex: Executor, officeId: string, date: string): Promise<boolean> {
  const rows = await ex
    .delete(holidays)
    .where(and(eq(holidays.officeId, officeId), eq(holidays.date, date)))
    .returning({ date: holidays.date });
  return rows.length > 0;
}

/** The office's calendar of office time: its hours and working days from the settings, and its holiday list. */
export async function loadOfficeCalendar(ex: Executor, officeId: string, settings?: OfficeSettings): Promise<OfficeCalendar> {
  const resolved = settings ?? (await getOfficeSettings(ex, officeId));
  const list = await ex.select({ date: holidays.date }).from(holidays).where(eq(holidays.officeId, officeId));
  return officeCalendarOf(resolved, list.map((h) => h.date));
}

/** An office as the clocks and digests see it: its settings and its calendar of office time. */
export interface OfficeContext {
  officeId: string;
  settings: OfficeSettings;
  calendar: OfficeCalendar;
}

/** Every office of the deployment with its settings and calendar (the jobs go over all of them). */
export async function listOfficeContexts(ex: Executor): Promise<OfficeContext[]> {
  const out: OfficeContext[] = [];
  for (const { id } of await ex.select({ id: offices.id }).from(offices).orderBy(asc(offices.id))) {
    const settings = await getOfficeSettings(ex, id);
    out.push({ officeId: id, settings, calendar: await loadOfficeCalendar(ex, id, settings) });
  }
  return out;
}

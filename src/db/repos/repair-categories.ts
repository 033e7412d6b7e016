import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { repairCategories } from '../schema.ts';
import { DEFAULT_CATEGORIES, categoryGroupSchema, type CategoryGroup } from '../../domain/repair/categories.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import type { RepairCategory } from '../../domain/repair/categories.ts';

export type { RepairCategory } from '../../domain/repair/categories.ts';

const columns = {
  id: repairCategories.id,
  officeId: repairCategories.officeId,
  groupCode: repairCategories.groupCode,
  code: repairCategories.code,
  label: repairCategories.label,
  sortOrder: repairCategories.sortOrder,
  active: repairCategories.active,
};

function toCategory(row: Omit<RepairCategory, 'groupCode'> & { groupCode: string }): RepairCategory {
  // Unknown group codes (a later version) show among "computer": they stay choosable rather than vanish.
  const group = categoryGroupSchema.safeParse(row.groupCode);
  return { ...row, groupCode: group.success ? group.data : 'computer' };
}

/** Loads the default categories when the office has none at all (retired ones count: the admin chose). */
export async function ensureDefaultCategories(ex: Executor, officeId: string): Promise<number> {
  const [row] = await ex.select({ n: count() }).from(repairCategories).where(eq(repairCategories.officeId, officeId));
  if ((row?.n ?? 0) > 0) return 0;
  const inserted = await ex
    .insert(repairCategories)
    .values(DEFAULT_CATEGORIES.map((c) => ({ ...c, officeId })))
    .onConflictDoNothing()
    .returning({ id: repairCategories.id });
  return inserted.length;
}

/**
 * The office's categories by group and order: active ones, or all with `includeRetired`. An office with
 * none gets the defaults first.
 */
export async function listCategories(
  ex: Executor,
  officeId: string,
  options: { includeRetired?: boolean; groupCode?: CategoryGroup } = {},
): Promise<RepairCategory[]> {
  await ensureDefaultCategories(ex, officeId);
  const conditions = [eq(repairCategories.officeId, officeId)];
  if (!options.includeRetired) conditions.push(eq(repairCategories.active, true));
  if (options.groupCode) conditions.push(eq(repairCategories.groupCode, options.groupCode));
  const rows = await ex
    .select(columns)
    .from(repairCategories)
    .where(and(...conditions))
    .orderBy(asc(repairCategories.groupCode), asc(repairCategories.sortOrder), asc(repairCategories.id));
  return rows.map(toCategory);
}

/** One category of the office, retired or not (old tickets still show their kind). */
export async function getCategory(ex: Executor, officeId: string, id: number): Promise<RepairCategory | null> {
  const [row] = await ex
    .select(columns)
    .from(repairCategories)
    .where(and(eq(repairCategories.officeId, officeId), eq(repairCategories.id, id)));
  return row ? toCategory(row) : null;
}

export async function getCategoryByCode(ex: Executor, officeId: string, code: string): Promise<RepairCategory | null> {
  const [row] = await ex
    .select(columns)
    .from(repairCategories)
    .where(and(eq(repairCategories.officeId, officeId), eq(repairCategories.code, code)));
  return row ? toCategory(row) : null;
}

export interface NewCategory {
  groupCode: CategoryGroup;
  code: string;
  label: string;
  /** Default: after the group's last category. */
  sortOrder?: number;
}

export async function addCategory(ex: Executor, officeId: string, input: NewCategory): Promise<RepairCategory> {
  await ensureDefaultCategories(ex, officeId);
  let sortOrder = input.sortOrder;
  if (sortOrder === undefined) {
    const [row] = await ex
      .select({ max: sql<number | null>`max(${repairCategories.sortOrder})` })
      .from(repairCategories)
      .where(and(eq(repairCategories.officeId, officeId), eq(repairCategories.groupCode, input.groupCode)));
    sortOrder = (row?.max ?? 0) + 10;
  }
  const [row] = await ex
    .insert(repairCategories)
    .values({ officeId, groupCode: input.groupCode, code: input.code, label: input.label.trim(), sortOrder })
    .onConflictDoNothing()
    .returning(columns);
  if (!row) throw new ConflictError(`มีรหัสประเภท ${input.code} อยู่แล้ว`);
  return toCategory(row);
}

async function updateCategory(
  ex: Executor,
  officeId: string,
  id: number,
  set: Partial<{ label: string; active: boolean; sortOrder: number }>,
): Promise<RepairCategory> {
  const [row] = await ex
    .update(repairCategories)
    .set(set)
    .where(and(eq(repairCategories.officeId, officeId), eq(repairCategories.id, id)))
    .returning(columns);
  if (!row) throw new NotFoundError(`ไม่พบประเภทงานซ่อม ${id}`);
  return toCategory(row);
}

export function renameCategory(ex: Executor, officeId: string, id: number, label: string): Promise<RepairCategory> {
  return updateCategory(ex, officeId, id, { label: label.trim() });
}

/** Retired categories are no longer offered; tickets that used them keep them. */
export function retireCategory(ex: Executor, officeId: string, id: number): Promise<RepairCategory> {
  return updateCategory(ex, officeId, id, { active: false });
}

export function restoreCategory(ex: Executor, officeId: string, id: number): Promise<RepairCategory> {
  return updateCategory(ex, officeId, id, { active: true });
}

/**
 * Kinds of fault teachers choose from (an office with none starts with the defaults):
 *   npx node scripts/repair-categories.ts list [--office=ID]
 *   npx node scripts/repair-categories.ts add <dltv|computer> <code> <label> [--office=ID]
 *   npx node scripts/repair-categories.ts rename <id|code> <label> [--office=ID]
 *   npx node scripts/repair-categories.ts retire|restore <id|code> [--office=ID]
 * Retired kinds are no longer offered; tickets keep theirs. Exit 0 ok, 1 refused, 2 usage.
 */
import type { Executor } from '../src/db/database.ts';
import {
  addCategory,
  getCategory,
  getCategoryByCode,
  listCategories,
  renameCategory,
  restoreCategory,
  retireCategory,
  type RepairCategory,
} from '../src/db/repos/repair-categories.ts';
import { CATEGORY_GROUP_LABELS, categoryCodeSchema, categoryGroupSchema } from '../src/domain/repair/categories.ts';
import { isDomainError } from '../src/domain/errors.ts';
import { runOfficeCommand, type ScriptIo } from './script-support.ts';

const USAGE =
  'Usage: repair-categories list | add <dltv|computer> <code> <label> | rename <id|code> <label> | retire <id|code> | restore <id|code>   [--office=ID]';

async function findCategory(ex: Executor, officeId: string, key: string): Promise<RepairCategory | null> {
  await listCategories(ex, officeId); // seeds the defaults of a new office, so their codes can be named
  return /^\d+$/.test(key) ? getCategory(ex, officeId, Number(key)) : getCategoryByCode(ex, officeId, key);
}

function describe(c: RepairCategory): string {
  return `${String(c.id).padStart(4)}  ${c.groupCode.padEnd(8)} ${c.code.padEnd(22)} ${c.label}${c.active ? '' : '  (เลิกใช้)'}`;
}

/** Runs one categories command against the database; returns the exit code. */
export async function runCategoriesCommand(ex: Executor, officeId: string, args: readonly string[], io: Pick<ScriptIo, 'out'>): Promise<number> {
  const [command, a, ...more] = args;
  const b = more.join(' ').trim();
  try {
    if (command === 'list' && a === undefined) {
      const all = await listCategories(ex, officeId, { includeRetired: true });
      for (const group of categoryGroupSchema.options) {
        io.out(`${CATEGORY_GROUP_LABELS[group]}:`);
        for (const c of all.filter((x) => x.groupCode === group)) io.out(describe(c));
      }
      return 0;
    }
    if (command === 'add' && a && more.length >= 2) {
      const group = categoryGroupSchema.safeParse(a);
      const code = categoryCodeSchema.safeParse(more[0]);
      const label = more.slice(1).join(' ').trim();
      if (!group.success || !code.success || !label) {
        io.out(!group.success ? 'กลุ่มต้องเป็น dltv หรือ computer' : !code.success ? code.error.issues[0]!.message : 'ไม่มีชื่อประเภท');
        return 1;
      }
      io.out(`เพิ่มแล้ว: ${describe(await addCategory(ex, officeId, { groupCode: group.data, code: code.data, label }))}`);
      return 0;
    }
    if ((command === 'rename' && a && b) || ((command === 'retire' || command === 'restore') && a && !b)) {
      const found = await findCategory(ex, officeId, a);
      if (!found) {
        io.out(`ไม่พบประเภท ${a}`);
        return 1;
      }
      const changed =
        command === 'rename'
          ? await renameCategory(ex, officeId, found.id, b)
          : command === 'retire'
            ? await retireCategory(ex, officeId, found.id)
            : await restoreCategory(ex, officeId, found.id);
      io.out(describe(changed));
      return 0;
    }
  } catch (err) {
    if (isDomainError(err)) {
      io.out(err.message);
      return 1;
    }
    throw err;
  }
  io.out(USAGE);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  return runOfficeCommand('repair-categories', argv, runCategoriesCommand);
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

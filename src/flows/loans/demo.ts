import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/database.ts';
import { inventoryIsEmpty } from '../../db/repos/loan-inventory.ts';
import type { Logger } from '../../logger.ts';
import { importInventoryCsv } from './inventory-csv.ts';

/** The invented demo inventory shipped with the code (its first line and every name say it is a demo). */
export const DEMO_INVENTORY_CSV = fileURLToPath(new URL('../../../scripts/demo-inventory.csv', import.meta.url));

/**
 * A fresh embedded installation has nothing to lend yet: load the demo inventory so borrowing can be tried.
 * An office with any item type or consumable, or a PostgreSQL server (real data), is never touched.
 */
export async function loadDemoInventoryIfEmpty(database: Database, officeId: string, logger: Logger): Promise<void> {
  if (database.kind !== 'embedded') return;
  if (!(await inventoryIsEmpty(database.db, officeId))) return;
  let csv: string;
  try {
    csv = await readFile(DEMO_INVENTORY_CSV, 'utf8');
  } catch {
    logger.warn({ file: DEMO_INVENTORY_CSV }, 'demo inventory file not found; the inventory stays empty');
    return;
  }
  const result = await importInventoryCsv(database.db, officeId, csv);
  logger.info({ inserted: result.inserted, problems: result.problems.length }, 'demo inventory loaded into the empty inventory');
}

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/database.ts';
import { infoSystemsAreEmpty } from '../../db/repos/access-requests.ts';
import type { Logger } from '../../logger.ts';
import { importSystemsCsv } from './systems-csv.ts';

/** The invented demo systems shipped with the code (every name says it is a demo). */
export const DEMO_SYSTEMS_CSV = fileURLToPath(new URL('../../../scripts/demo-info-systems.csv', import.meta.url));

/**
 * A fresh embedded installation has no information systems: load a small demo list so an access request can be
 * tried (an admin names each system's administrator with `npm run info-systems -- add`). An office with any system,
 * or a PostgreSQL server (real data), is never touched.
 */
export async function loadDemoInfoSystemsIfEmpty(database: Database, officeId: string, logger: Logger): Promise<void> {
  if (database.kind !== 'embedded') return;
  if (!(await infoSystemsAreEmpty(database.db, officeId))) return;
  let csv: string;
  try {
    csv = await readFile(DEMO_SYSTEMS_CSV, 'utf8');
  } catch {
    logger.warn({ file: DEMO_SYSTEMS_CSV }, 'demo information systems file not found');
    return;
  }
  const result = await importSystemsCsv(database.db, officeId, csv);
  logger.info({ inserted: result.inserted }, 'demo information systems loaded');
}

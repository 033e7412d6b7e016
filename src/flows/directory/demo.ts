import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/database.ts';
import { countSchools } from '../../db/repos/schools.ts';
import type { Logger } from '../../logger.ts';
import { importSchoolsCsv } from './import-schools.ts';

/** The invented demo schools shipped with the code (a header comment in the file says so). */
export const DEMO_SCHOOLS_CSV = fileURLToPath(new URL('../../../scripts/demo-schools.csv', import.meta.url));

/**
 * A fresh embedded installation has no directory yet: load the demo schools so a teacher can register
 * while trying the service. A directory with any school, or a PostgreSQL server, is never touched.
 */
export async function loadDemoSchoolsIfDirectoryEmpty(database: Database, officeId: string, logger: Logger): Promise<void> {
  if (database.kind !== 'embedded') return;
  if ((await countSchools(database.db, officeId)) > 0) return;
  let csv: string;
  try {
    csv = await readFile(DEMO_SCHOOLS_CSV, 'utf8');
  } catch {
    logger.warn({ file: DEMO_SCHOOLS_CSV }, 'demo schools file not found; the directory stays empty');
    return;
  }
  const result = await importSchoolsCsv(database.db, officeId, csv);
  logger.info({ inserted: result.inserted, problems: result.problems.length }, 'demo schools loaded into the empty directory');
}

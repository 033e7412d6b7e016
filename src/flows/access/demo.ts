import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/database.ts';
import { infoSystemsAreEmpty, nameAdministratorOfUnadministered } from '../../db/repos/access-requests.ts';
import { findPersonByLineUser } from '../../db/repos/people.ts';
import { DEMO_PEOPLE } from '../directory/demo-people.ts';
import type { Logger } from '../../logger.ts';
import { importSystemsCsv } from './systems-csv.ts';

/** The invented demo systems shipped with the code (every name says it is a demo). */
export const DEMO_SYSTEMS_CSV = fileURLToPath(new URL('../../../scripts/demo-info-systems.csv', import.meta.url));

/**
 * A fresh embedded installation has no information systems: load a small demo list so an access request can be
 * tried (an admin names each system's administrator with `npm run info-systems -- add`; the demo people, when made,
 * name theirs: `nameDemoSystemsAdministrator`). An office with any system, or a PostgreSQL server (real data), is
 * never touched.
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

/** The demo person who administers the demo systems: the ICT group's technician (นักวิชาการคอมพิวเตอร์). */
export const DEMO_SYSTEMS_ADMIN = DEMO_PEOPLE.find((p) => p.role === 'technician')!;

/**
 * Right after the demo people were made (the office had nobody, so no system could have an administrator yet):
 * the demo technician administers the demo systems, so the whole request (ask, approve, grant) can be tried in the
 * chat simulator. Returns how many systems were given to them.
 */
export async function nameDemoSystemsAdministrator(database: Database, officeId: string, channelId: string, now: Date, logger: Logger): Promise<number> {
  if (database.kind !== 'embedded') return 0;
  const admin = await findPersonByLineUser(database.db, channelId, DEMO_SYSTEMS_ADMIN.lineUserId);
  if (!admin || admin.officeId !== officeId) return 0;
  const named = await nameAdministratorOfUnadministered(database.db, officeId, admin.id, now);
  if (named > 0) logger.info({ systems: named, admin: admin.fullName }, 'demo information systems given to the demo technician');
  return named;
}

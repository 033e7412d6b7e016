import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/database.ts';
import { roomsAreEmpty } from '../../db/repos/room-bookings.ts';
import type { Logger } from '../../logger.ts';
import { importRoomsCsv } from './rooms-csv.ts';

/** The invented demo rooms shipped with the code (its first line and every name say it is a demo). */
export const DEMO_ROOMS_CSV = fileURLToPath(new URL('../../../scripts/demo-rooms.csv', import.meta.url));

/**
 * A fresh embedded installation has no rooms yet: load two demo rooms (one needs approval) so booking can be
 * tried. An office with any room, or a PostgreSQL server (real data), is never touched.
 */
export async function loadDemoRoomsIfEmpty(database: Database, officeId: string, logger: Logger): Promise<void> {
  if (database.kind !== 'embedded') return;
  if (!(await roomsAreEmpty(database.db, officeId))) return;
  let csv: string;
  try {
    csv = await readFile(DEMO_ROOMS_CSV, 'utf8');
  } catch {
    logger.warn({ file: DEMO_ROOMS_CSV }, 'demo rooms file not found; no rooms to book');
    return;
  }
  const result = await importRoomsCsv(database.db, officeId, csv);
  logger.info({ inserted: result.inserted, problems: result.problems.length }, 'demo rooms loaded');
}

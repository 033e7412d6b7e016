import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { deleteHoliday, listHolidays, loadOfficeCalendar } from '../../src/db/repos/holidays.ts';
import { loadThaiHolidaysIfMissing } from '../../src/flows/directory/demo-holidays.ts';
import { bangkokTime, isOfficeDay } from '../../src/domain/office-time.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../support/database.ts';
import { offices } from '../../src/db/schema.ts';

/**
 * What `npm start` gives someone trying the service on an embedded database: the demo office knows the Thai public
 * holidays of this Buddhist year and the next, so loans, rooms and reminders skip them; a restart adds nothing and
 * leaves the office's own edits alone.
 */

let service: RunningService;
const logger = createLogger('silent');
const now = bangkokTime('2026-12-08', '09:00');

beforeAll(async () => {
  // The test server may be a PostgreSQL server; the start is told it is the embedded one, as `npm start` uses.
  const database = { ...(await createTestDatabase(logger)), kind: 'embedded' as const };
  const config = loadConfig({ PORT: '0', DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-line-')), LOG_LEVEL: 'silent' });
  service = await startService(config, { database, logger, now: () => now, thaiHolidays: true });
}, 180_000);
afterAll(async () => service.stop());

it('after the demo loads, สงกรานต์ 2570 and the rest of 2569–2570 are not office days for the demo office', async () => {
  const calendar = await loadOfficeCalendar(service.database.db, DEFAULT_OFFICE_ID);
  expect(isOfficeDay('2027-04-13', calendar)).toBe(false);
  expect(isOfficeDay('2026-12-10', calendar)).toBe(false); // วันรัฐธรรมนูญ, a Thursday
  expect(isOfficeDay('2027-04-16', calendar)).toBe(true); // the Friday after สงกรานต์
  const of2570 = await listHolidays(service.database.db, DEFAULT_OFFICE_ID, 2027);
  expect(of2570).toContainEqual({ date: '2027-04-13', name: 'วันสงกรานต์' });
  expect(of2570).toContainEqual({ date: '2027-07-20', name: 'วันหยุดชดเชยวันอาสาฬหบูชา' });
  expect((await listHolidays(service.database.db, DEFAULT_OFFICE_ID, 2026)).length).toBeGreaterThan(15);
});

it('a restart adds nothing and keeps a holiday the office deleted deleted; a PostgreSQL server is never touched', async () => {
  const db = service.database.db;
  const before = (await listHolidays(db, DEFAULT_OFFICE_ID)).length;
  expect(await loadThaiHolidaysIfMissing(service.database, DEFAULT_OFFICE_ID, logger, now)).toBe(0);
  expect(await deleteHoliday(db, DEFAULT_OFFICE_ID, '2027-04-14')).toBe(true);
  expect(await loadThaiHolidaysIfMissing(service.database, DEFAULT_OFFICE_ID, logger, now)).toBe(0);
  const after = await listHolidays(db, DEFAULT_OFFICE_ID);
  expect(after).toHaveLength(before - 1);
  expect(after.map((h) => h.date)).not.toContain('2027-04-14');
  expect(await loadThaiHolidaysIfMissing({ ...service.database, kind: 'server' }, 'another-office', logger, now)).toBe(0);
});

it('a start in 2570 gives 2570 (and 2571, when the list has it) but not 2569', async () => {
  await service.database.db.insert(offices).values({ id: 'office-2570', name: 'สำนักงานทดลอง' }).onConflictDoNothing();
  const added = await loadThaiHolidaysIfMissing(service.database, 'office-2570', logger, bangkokTime('2027-01-05', '09:00'));
  const list = await listHolidays(service.database.db, 'office-2570');
  expect(list).toHaveLength(added);
  expect(list.every((h) => h.date.startsWith('2027-'))).toBe(true);
  expect(list.map((h) => h.date)).toContain('2027-04-13');
});

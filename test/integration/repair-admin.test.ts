import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { offices } from '../../src/db/schema.ts';
import { addCategory, ensureDefaultCategories, listCategories } from '../../src/db/repos/repair-categories.ts';
import { listHolidays, loadOfficeCalendar, upsertHolidays } from '../../src/db/repos/holidays.ts';
import { getOfficeSettings, saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { attachMedia, deleteDraftMedia, getMediaContent, listMedia, saveMedia } from '../../src/db/repos/media.ts';
import { isOfficeDay } from '../../src/domain/office-time.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { runHolidaysCommand } from '../../scripts/holidays.ts';
import { runCategoriesCommand } from '../../scripts/repair-categories.ts';
import { createTestDatabase } from '../support/database.ts';

const OFFICE = DEFAULT_OFFICE_ID;
const OTHER = 'other-office';
const NOW = new Date('2026-03-02T03:00:00Z');
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
  await database.db.insert(offices).values({ id: OTHER, name: 'สพป. อื่น' });
});
afterAll(async () => database.close());
beforeEach(async () => {
  await database.db.execute(sql`truncate repair_categories, holidays, office_settings, media_files cascade`);
});

function capture() {
  const lines: string[] = [];
  return { lines, out: (line: string) => void lines.push(line) };
}

describe('repair categories', () => {
  it('gives an office with no categories the defaults once, even when asked at the same time', async () => {
    const counts = await Promise.all([1, 2, 3].map(() => database.db.transaction((tx) => ensureDefaultCategories(tx, OFFICE))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    expect(await ensureDefaultCategories(database.db, OFFICE)).toBe(0);
    const dltv = await listCategories(database.db, OFFICE, { groupCode: 'dltv' });
    expect(dltv.map((c) => c.label)).toEqual(['ไม่มีสัญญาณ', 'จานดาวเทียม/LNB', 'เครื่องรับสัญญาณ', 'โทรทัศน์', 'สายสัญญาณ', 'อื่น ๆ']);
    // Another office has its own list.
    expect((await listCategories(database.db, OTHER)).every((c) => c.officeId === OTHER)).toBe(true);
  });

  it('lets the admin add, rename and retire kinds; retired ones are no longer offered', async () => {
    const io = capture();
    expect(await runCategoriesCommand(database.db, OFFICE, ['add', 'computer', 'computer_tablet', 'แท็บเล็ต'], io)).toBe(0);
    expect(await runCategoriesCommand(database.db, OFFICE, ['rename', 'dltv_tv', 'โทรทัศน์', 'ห้องเรียน'], io)).toBe(0);
    expect(await runCategoriesCommand(database.db, OFFICE, ['retire', 'dltv_cable'], io)).toBe(0);
    const offered = await listCategories(database.db, OFFICE);
    expect(offered.map((c) => c.label)).toContain('โทรทัศน์ ห้องเรียน');
    expect(offered.map((c) => c.code)).not.toContain('dltv_cable');
    expect(offered.filter((c) => c.groupCode === 'computer').map((c) => c.code).at(-1)).toBe('computer_tablet');
    expect((await listCategories(database.db, OFFICE, { includeRetired: true })).find((c) => c.code === 'dltv_cable')?.active).toBe(false);
    expect(await runCategoriesCommand(database.db, OFFICE, ['restore', 'dltv_cable'], io)).toBe(0);
    expect((await listCategories(database.db, OFFICE)).map((c) => c.code)).toContain('dltv_cable');
  });

  it('refuses a duplicate code, a bad group and an unknown kind', async () => {
    const io = capture();
    expect(await runCategoriesCommand(database.db, OFFICE, ['add', 'dltv', 'dltv_tv', 'ซ้ำ'], io)).toBe(1);
    expect(await runCategoriesCommand(database.db, OFFICE, ['add', 'tv', 'tv_x', 'ผิดกลุ่ม'], io)).toBe(1);
    expect(await runCategoriesCommand(database.db, OFFICE, ['retire', 'no_such_kind'], io)).toBe(1);
    expect(await runCategoriesCommand(database.db, OFFICE, ['frobnicate'], io)).toBe(2);
    expect(io.lines.slice(0, 3)).toEqual(['มีรหัสประเภท dltv_tv อยู่แล้ว', 'กลุ่มต้องเป็น dltv หรือ computer', 'ไม่พบประเภท no_such_kind']);
    await expect(addCategory(database.db, OFFICE, { groupCode: 'dltv', code: 'dltv_tv', label: 'x' })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('holidays and the office calendar', () => {
  it('imports the holiday list from CSV and renames a date imported again', async () => {
    const files: Record<string, string> = {
      'a.csv': 'วันที่,ชื่อ\n2026-04-13,สงกรานต์\n14/4/2569,สงกรานต์\nผิด,x\n',
      'b.csv': '2026-04-13,วันสงกรานต์\n',
    };
    const io = { ...capture(), readFile: async (path: string) => files[path]! };
    expect(await runHolidaysCommand(database.db, OFFICE, ['import', 'a.csv'], io)).toBe(1);
    expect(await runHolidaysCommand(database.db, OFFICE, ['import', 'b.csv'], io)).toBe(0);
    expect(await listHolidays(database.db, OFFICE)).toEqual([
      { date: '2026-04-13', name: 'วันสงกรานต์' },
      { date: '2026-04-14', name: 'สงกรานต์' },
    ]);
    expect(await listHolidays(database.db, OFFICE, 2025)).toEqual([]);
    expect(await listHolidays(database.db, OTHER)).toEqual([]);
    expect(await runHolidaysCommand(database.db, OFFICE, ['delete', '14/4/2569'], io)).toBe(0);
    expect((await listHolidays(database.db, OFFICE)).map((h) => h.date)).toEqual(['2026-04-13']);
  });

  it('builds the calendar from the saved settings and the holiday list', async () => {
    await upsertHolidays(database.db, OFFICE, [{ date: '2026-03-09', name: 'ทดสอบ' }]);
    await saveOfficeSettings(database.db, OFFICE, { officeHours: { open: '08:00', close: '16:00' }, workingDays: [1, 2, 3, 4, 5, 6] }, NOW);
    const calendar = await loadOfficeCalendar(database.db, OFFICE);
    expect(calendar).toMatchObject({ openMinute: 480, closeMinute: 960, workingDays: [1, 2, 3, 4, 5, 6] });
    expect(isOfficeDay('2026-03-07', calendar)).toBe(true);
    expect(isOfficeDay('2026-03-09', calendar)).toBe(false);
    // Defaults still fill what the office did not set.
    expect((await getOfficeSettings(database.db, OFFICE)).repair.autoCloseOfficeDays).toBe(3);
    expect(await getOfficeSettings(database.db, OTHER)).toMatchObject({ officeHours: { open: '08:30', close: '16:30' } });
  });

  it('refuses settings that do not validate and keeps the old ones', async () => {
    await expect(saveOfficeSettings(database.db, OFFICE, { workingDays: [] }, NOW)).rejects.toThrow();
    expect((await getOfficeSettings(database.db, OFFICE)).workingDays).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('downloaded media', () => {
  const photo = (lineMessageId: string, officeId = OFFICE) =>
    saveMedia(database.db, { officeId, purpose: 'report', lineMessageId, uploadedBy: null, contentType: 'image/jpeg', content: Buffer.from(lineMessageId) }, NOW);

  it('keeps the bytes, and saving the same LINE message again returns the same file', async () => {
    const first = await photo('m-1');
    const again = await photo('m-1');
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ sizeBytes: 3, ownerType: null, ownerId: null, contentType: 'image/jpeg' });
    expect((await getMediaContent(database.db, OFFICE, first.id))?.content.equals(Buffer.from('m-1'))).toBe(true);
    expect(await getMediaContent(database.db, OTHER, first.id)).toBeNull();
  });

  it('attaches only the office’s own drafts, and drops old unattached drafts', async () => {
    const mine = await photo('m-1');
    const taken = await photo('m-2');
    const foreign = await photo('m-3', OTHER);
    expect(await attachMedia(database.db, OFFICE, [taken.id], 'repair_ticket', 7)).toBe(1);
    expect(await attachMedia(database.db, OFFICE, [mine.id, taken.id, foreign.id], 'repair_ticket', 8)).toBe(1);
    expect((await listMedia(database.db, 'repair_ticket', 8)).map((m) => m.id)).toEqual([mine.id]);
    expect((await listMedia(database.db, 'repair_ticket', 7)).map((m) => m.id)).toEqual([taken.id]);
    expect(await deleteDraftMedia(database.db, new Date(NOW.getTime() + 1))).toBe(1);
    expect(await getMediaContent(database.db, OTHER, foreign.id)).toBeNull();
    expect(await getMediaContent(database.db, OFFICE, mine.id)).not.toBeNull();
  });
});

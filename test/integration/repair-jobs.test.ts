import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq, like } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { insertPerson } from '../../src/db/repos/people.ts';
import { listCategories } from '../../src/db/repos/repair-categories.ts';
import { createTicket, getTicket, ticketTimeline } from '../../src/db/repos/repair-tickets.ts';
import { insertSchool } from '../../src/db/repos/schools.ts';
import { outboxMessages } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import type { Role } from '../../src/domain/roles.ts';
import { csvField } from '../../src/domain/csv.ts';
import { parsePeriod } from '../../src/flows/repair-work/csv.ts';
import { runRepairClocks } from '../../src/flows/repair-work/jobs.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { exportRepairsCsv } from '../../scripts/export-repairs.ts';
import { createTestDatabase } from '../support/database.ts';

const OFFICE = DEFAULT_OFFICE_ID;
let database: Database;
let schoolId = 0;
let teacherId = 0;
const lineId = (n: number) => `U${String(n).padStart(32, '0')}`;

async function person(n: number, role: Role, name: string): Promise<number> {
  return insertPerson(
    database.db,
    { officeId: OFFICE, channelId: DEFAULT_CHANNEL_ID, lineUserId: lineId(n), fullName: name, phone: null, role, schoolId: role === 'teacher' ? schoolId : null, consentAt: new Date(0), richMenuFamily: null },
    new Date(0),
  );
}

async function ticket(at: Date, description: string, teachingStopped = false) {
  const [category] = await listCategories(database.db, OFFICE, { groupCode: 'computer' });
  return database.db.transaction((tx) => createTicket(tx, { officeId: OFFICE, schoolId, reporterId: teacherId, categoryId: category!.id, description, teachingStopped }, at));
}

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 'secret', channelAccessToken: 't' });
  schoolId = await insertSchool(database.db, OFFICE, { name: 'โรงเรียนบ้านโคกสูง', smisCode: null, obecCode: null, moeCode: null, district: 'อำเภอเทพสถิต', cluster: null, address: null }, new Date(0));
  teacherId = await person(1, 'teacher', 'ครูมานี');
  await person(2, 'group_director', 'ผอ.กลุ่ม หนึ่ง');
  await person(3, 'group_director', 'ผอ.กลุ่ม สอง');
  await person(4, 'technician', 'ช่างสาม');
});
afterAll(async () => database.close());

describe('repair clocks job', () => {
  it('two runs at the same moment escalate a missed deadline once: one push per group director, one timeline entry', async () => {
    // Monday 2027-03-01 09:00, urgent: accept due 10:00.
    const t = await ticket(bangkokTime('2027-03-01', '09:00'), 'เครื่องพิมพ์กระดาษติด', true);
    const at = bangkokTime('2027-03-01', '10:00');
    await Promise.all([runRepairClocks(database, at), runRepairClocks(database, at), runRepairClocks(database, at)]);
    const pushes = await database.db.select().from(outboxMessages).where(like(outboxMessages.sourceEventId, `job:repair:escalate:${t.id}:%`));
    expect(pushes.map((p) => p.toUserId).sort()).toEqual([lineId(2), lineId(3)]);
    const escalations = (await ticketTimeline(database.db, t.id)).filter((e) => e.action === 'escalated');
    expect(escalations).toHaveLength(1);
    expect((await getTicket(database.db, OFFICE, t.id))!.acceptEscalationLevel).toBe(1);
    // The new-ticket alert went once to the one technician, however many runs.
    const alerts = await database.db.select().from(outboxMessages).where(eq(outboxMessages.sourceEventId, `job:repair:new:${t.id}:4`));
    expect(alerts).toHaveLength(1);
  });

  it('raises level 2 one office day later (480 office minutes), and only then', async () => {
    const t = await ticket(bangkokTime('2027-03-08', '09:00'), 'โน้ตบุ๊กเปิดไม่ติด', true);
    await runRepairClocks(database, bangkokTime('2027-03-08', '10:00'));
    await runRepairClocks(database, bangkokTime('2027-03-09', '09:59'));
    expect((await getTicket(database.db, OFFICE, t.id))!.acceptEscalationLevel).toBe(1);
    await runRepairClocks(database, bangkokTime('2027-03-09', '10:00'));
    expect((await getTicket(database.db, OFFICE, t.id))!.acceptEscalationLevel).toBe(2);
    const levels = (await ticketTimeline(database.db, t.id)).filter((e) => e.action === 'escalated').map((e) => e.data.level);
    expect(levels).toEqual([1, 2]);
  });
});

describe('CSV export', () => {
  it('reads a fiscal year, a month (ค.ศ. or พ.ศ.) and two dates; refuses anything else', () => {
    expect(parsePeriod(['2570'])).toEqual({ start: bangkokTime('2026-10-01'), end: bangkokTime('2027-10-01') });
    expect(parsePeriod(['2027-03'])).toEqual({ start: bangkokTime('2027-03-01'), end: bangkokTime('2027-04-01') });
    expect(parsePeriod(['2570-12'])).toEqual({ start: bangkokTime('2027-12-01'), end: bangkokTime('2028-01-01') });
    expect(parsePeriod(['2027-03-01', '2027-03-01'])).toEqual({ start: bangkokTime('2027-03-01'), end: bangkokTime('2027-03-02') });
    expect(parsePeriod(['2027-13'])).toBeNull();
    expect(parsePeriod(['2027-03-05', '2027-03-01'])).toBeNull();
    expect(parsePeriod([])).toBeNull();
  });

  it('quotes commas, quotes and new lines, and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('เขา "ว่า"')).toBe('"เขา ""ว่า"""');
    expect(csvField('บรรทัด\nใหม่')).toBe('"บรรทัด\nใหม่"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
  });

  it('exports the tickets of a period as UTF-8 with a BOM, one row each, with Thai intact', async () => {
    await ticket(bangkokTime('2027-04-01', '10:00'), 'จอภาพ, เสียงไม่ออก "ห้อง ป.6"');
    const result = await exportRepairsCsv(database.db, OFFICE, ['2027-04'], bangkokTime('2027-04-02', '10:00'));
    expect(result!.count).toBe(1);
    const csv = result!.csv;
    expect(csv.startsWith('\uFEFFเลขที่,วันที่แจ้ง,โรงเรียน')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^ซ่อม 2570\/\d{4},2027-04-01 10:00,โรงเรียนบ้านโคกสูง,อำเภอเทพสถิต,/);
    expect(lines[1]).toContain('"จอภาพ, เสียงไม่ออก ""ห้อง ป.6"""');
    expect(lines[1]).toContain('รอรับงาน');
    const march = await exportRepairsCsv(database.db, OFFICE, ['2027-03'], bangkokTime('2027-04-02', '10:00'));
    expect(march!.count).toBe(2);
    expect(await exportRepairsCsv(database.db, OFFICE, ['พรุ่งนี้'], new Date())).toBeNull();
  });
});

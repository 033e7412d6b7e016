import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { like } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { insertPerson } from '../../src/db/repos/people.ts';
import { listCategories } from '../../src/db/repos/repair-categories.ts';
import { createTicket } from '../../src/db/repos/repair-tickets.ts';
import { insertSchool } from '../../src/db/repos/schools.ts';
import { outboxMessages } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import type { Role } from '../../src/domain/roles.ts';
import { alertNewTicket } from '../../src/flows/repair-work/notify.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createTestDatabase } from '../support/database.ts';

/** Who hears of a new ticket: every technician, or (when the office says so) those of the school's district. */
const OFFICE = DEFAULT_OFFICE_ID;
const at = bangkokTime('2027-03-01', '09:00');
let database: Database;
const lineId = (n: number) => `U${String(n).padStart(32, '0')}`;
const school = { north: 0, south: 0 };
const tech = { north: 0, south: 0, everywhere: 0 };
let teacherId = 0;

async function person(n: number, role: Role, name: string, schoolId: number | null = null): Promise<number> {
  return insertPerson(
    database.db,
    { officeId: OFFICE, channelId: DEFAULT_CHANNEL_ID, lineUserId: lineId(n), fullName: name, phone: null, role, schoolId, consentAt: at, richMenuFamily: null },
    at,
  );
}

/** Opens a ticket at the school, alerts the technicians on duty, and returns whose LINE ids got the alert. */
async function reportAt(schoolId: number): Promise<string[]> {
  const [category] = await listCategories(database.db, OFFICE, { groupCode: 'dltv' });
  const ticket = await database.db.transaction(async (tx) => {
    const t = await createTicket(tx, { officeId: OFFICE, schoolId, reporterId: teacherId, categoryId: category!.id, description: 'ไม่มีสัญญาณ', teachingStopped: true }, at);
    await alertNewTicket(tx, OFFICE, t.id, at);
    return t;
  });
  const alerts = await database.db.select().from(outboxMessages).where(like(outboxMessages.sourceEventId, `job:repair:new:${ticket.id}:%`));
  for (const alert of alerts) expect(JSON.stringify(alert.messages)).toContain(ticket.number);
  return alerts.map((a) => a.toUserId).sort();
}

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 'secret', channelAccessToken: 't' });
  const newSchool = (name: string, district: string) =>
    insertSchool(database.db, OFFICE, { name, smisCode: null, obecCode: null, moeCode: null, district, cluster: null, address: null }, at);
  school.north = await newSchool('โรงเรียนบ้านเหนือ', 'อำเภอเทพสถิต');
  school.south = await newSchool('โรงเรียนบ้านใต้', 'อำเภอบำเหน็จณรงค์');
  teacherId = await person(1, 'teacher', 'ครูมานี', school.north);
  tech.north = await person(2, 'technician', 'ช่างเหนือ');
  tech.south = await person(3, 'technician', 'ช่างใต้');
  tech.everywhere = await person(4, 'technician', 'ช่างทุกอำเภอ');
});
afterAll(async () => database.close());

describe('new-ticket alerts by district', () => {
  it("with routing 'district', only the technicians covering the school's district hear of a new ticket (one in no list covers all)", async () => {
    await saveOfficeSettings(
      database.db,
      OFFICE,
      { repair: { routing: 'district', technicianDistricts: { [String(tech.north)]: ['อำเภอเทพสถิต'], [String(tech.south)]: ['อำเภอบำเหน็จณรงค์'] } } },
      at,
    );
    expect(await reportAt(school.north)).toEqual([lineId(2), lineId(4)]);
    expect(await reportAt(school.south)).toEqual([lineId(3), lineId(4)]);
  });

  it("with routing 'all' (the district lists kept), every technician hears of it", async () => {
    await saveOfficeSettings(
      database.db,
      OFFICE,
      { repair: { routing: 'all', technicianDistricts: { [String(tech.north)]: ['อำเภอเทพสถิต'], [String(tech.south)]: ['อำเภอบำเหน็จณรงค์'] } } },
      at,
    );
    expect(await reportAt(school.north)).toEqual([lineId(2), lineId(3), lineId(4)]);
  });
});

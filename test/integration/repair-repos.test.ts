import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { insertSchool } from '../../src/db/repos/schools.ts';
import { listCategories } from '../../src/db/repos/repair-categories.ts';
import { listMedia, saveMedia } from '../../src/db/repos/media.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import {
  addReportToTicket,
  createTicket,
  findOpenTicketOfKind,
  getTicket,
  listOpenTicketsOfAssignee,
  listTicketsOfSchool,
  raiseEscalationLevel,
  ticketTimeline,
  transitionTicket,
  type RepairTicket,
} from '../../src/db/repos/repair-tickets.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

const OFFICE = DEFAULT_OFFICE_ID;
let database: Database;
let schoolA: number;
let schoolB: number;
let teacher: number;
let tech1: number;
let tech2: number;
let noSignal: number;
let receiver: number;

async function person(fullName: string, role: string, schoolId: number | null): Promise<number> {
  return (await officeFactory(database.db, OFFICE).person(fullName, role, { lineUserId: `U-${fullName}`, schoolId })).id;
}

const school = (name: string, code: string, district: string) =>
  insertSchool(database.db, OFFICE, { name, smisCode: code, obecCode: null, moeCode: null, district, cluster: null, address: null }, new Date());

// Monday 2 March 2026, 10:00 Bangkok: fiscal year 2569.
const MONDAY_10 = bangkokTime('2026-03-02', '10:00');

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
  schoolA = await school('โรงเรียนบ้านหนึ่ง', '36030001', 'อำเภอหนึ่ง');
  schoolB = await school('โรงเรียนบ้านสอง', '36030002', 'อำเภอสอง');
  teacher = await person('ครูสมศรี', 'teacher', schoolA);
  tech1 = await person('ช่างหนึ่ง', 'technician', null);
  tech2 = await person('ช่างสอง', 'technician', null);
  const categories = await listCategories(database.db, OFFICE);
  noSignal = categories.find((c) => c.code === 'dltv_no_signal')!.id;
  receiver = categories.find((c) => c.code === 'dltv_receiver')!.id;
});
afterAll(async () => database.close());
beforeEach(async () => {
  await database.db.execute(sql`truncate repair_ticket_events, repair_tickets, media_files, register_counters, holidays cascade`);
});

function report(schoolId: number, categoryId: number, teachingStopped: boolean, now = MONDAY_10): Promise<RepairTicket> {
  return database.db.transaction((tx) =>
    createTicket(tx, { officeId: OFFICE, schoolId, reporterId: teacher, categoryId, description: 'ทีวีไม่มีสัญญาณ', teachingStopped }, now),
  );
}

describe('opening tickets', () => {
  it('numbers tickets per fiscal year and sets office-time deadlines from the priority', async () => {
    const urgent = await report(schoolA, noSignal, true);
    const normal = await report(schoolB, receiver, false);
    expect([urgent.number, normal.number]).toEqual(['ซ่อม 2569/0001', 'ซ่อม 2569/0002']);
    expect(urgent).toMatchObject({ status: 'new', version: 1, priority: 'urgent', schoolName: 'โรงเรียนบ้านหนึ่ง', categoryLabel: 'ไม่มีสัญญาณ', groupCode: 'dltv', reporterName: 'ครูสมศรี', assigneeId: null });
    // Urgent: accept within 60 office minutes, resolve within one office day (480 minutes).
    expect(urgent.acceptDueAt).toEqual(bangkokTime('2026-03-02', '11:00'));
    expect(urgent.resolveDueAt).toEqual(bangkokTime('2026-03-03', '10:00'));
    // Normal: 4 office hours to accept, 3 office days to resolve.
    expect(normal.acceptDueAt).toEqual(bangkokTime('2026-03-02', '14:00'));
    expect(normal.resolveDueAt).toEqual(bangkokTime('2026-03-05', '10:00'));
  });

  it('skips the office holidays when setting deadlines', async () => {
    await upsertHolidays(database.db, OFFICE, [{ date: '2026-03-03', name: 'วันหยุดทดสอบ' }]);
    const urgent = await report(schoolA, noSignal, true);
    expect(urgent.resolveDueAt).toEqual(bangkokTime('2026-03-04', '10:00'));
  });

  it('starts the numbers again on 1 October (Bangkok time)', async () => {
    const late = await report(schoolA, noSignal, false, bangkokTime('2026-09-30', '23:59'));
    const early = await report(schoolA, receiver, false, bangkokTime('2026-10-01', '00:00'));
    expect([late.number, early.number]).toEqual(['ซ่อม 2569/0001', 'ซ่อม 2570/0001']);
  });

  it('attaches the draft photos and records the creation in the timeline', async () => {
    const photo = await saveMedia(
      database.db,
      { officeId: OFFICE, purpose: 'report', lineMessageId: 'm1', uploadedBy: teacher, contentType: 'image/jpeg', content: Buffer.from([1, 2, 3]) },
      MONDAY_10,
    );
    const ticket = await database.db.transaction((tx) =>
      createTicket(
        tx,
        { officeId: OFFICE, schoolId: schoolA, reporterId: teacher, categoryId: noSignal, description: 'จอดำ', teachingStopped: false, mediaIds: [photo.id] },
        MONDAY_10,
      ),
    );
    expect((await listMedia(database.db, 'repair_ticket', ticket.id)).map((m) => m.id)).toEqual([photo.id]);
    const timeline = await ticketTimeline(database.db, ticket.id);
    expect(timeline).toMatchObject([{ action: 'created', toStatus: 'new', actorName: 'ครูสมศรี' }]);
  });
});

describe('changing tickets', () => {
  it('lets the first acceptance win: a change made at an older version is stale', async () => {
    const ticket = await report(schoolA, noSignal, true);
    const first = await database.db.transaction((tx) =>
      transitionTicket(tx, ticket.id, { expectedVersion: 1, toStatus: 'accepted', actorId: tech1, action: 'accepted' }, MONDAY_10),
    );
    const second = await database.db.transaction((tx) =>
      transitionTicket(tx, ticket.id, { expectedVersion: 1, toStatus: 'accepted', actorId: tech2, action: 'accepted' }, MONDAY_10),
    );
    expect(second).toBe('stale');
    expect(first).toMatchObject({ status: 'accepted', version: 2, assigneeId: tech1, assigneeName: 'ช่างหนึ่ง', acceptedAt: MONDAY_10 });
    expect((await ticketTimeline(database.db, ticket.id)).map((e) => [e.action, e.fromStatus, e.toStatus, e.actorId])).toEqual([
      ['created', null, 'new', teacher],
      ['accepted', 'new', 'accepted', tech1],
    ]);
  });

  it('refuses a move the state machine does not know', async () => {
    const ticket = await report(schoolA, noSignal, true);
    await expect(
      database.db.transaction((tx) =>
        transitionTicket(tx, ticket.id, { expectedVersion: 1, toStatus: 'resolved', actorId: tech1, action: 'resolved' }, MONDAY_10),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await getTicket(database.db, OFFICE, ticket.id))!.status).toBe('new');
  });

  it('needs an assignee for an assignment and a rating of 1 to 5', async () => {
    const ticket = await report(schoolA, noSignal, true);
    const change = (c: Omit<Parameters<typeof transitionTicket>[2], 'actorId'>) =>
      database.db.transaction((tx) => transitionTicket(tx, ticket.id, { actorId: tech1, ...c }, MONDAY_10));
    await expect(change({ expectedVersion: 1, toStatus: 'accepted', action: 'assigned' })).rejects.toMatchObject({ code: 'validation' });
    const assigned = await change({ expectedVersion: 1, toStatus: 'accepted', action: 'assigned', patch: { assigneeId: tech2 } });
    expect(assigned).toMatchObject({ assigneeId: tech2, acceptedAt: MONDAY_10 });
    await change({ expectedVersion: 2, toStatus: 'resolved', action: 'resolved', patch: { resolution: 'เปลี่ยน LNB', partsUsed: 'LNB 1 ตัว' } });
    await change({ expectedVersion: 3, toStatus: 'confirmed', action: 'confirmed' });
    await expect(change({ expectedVersion: 4, toStatus: 'confirmed', action: 'rated', patch: { rating: 6 } })).rejects.toMatchObject({ code: 'validation' });
    const rated = await change({ expectedVersion: 4, toStatus: 'confirmed', action: 'rated', patch: { rating: 2, ratingComment: 'ช้า' } });
    expect(rated).toMatchObject({ status: 'confirmed', rating: 2, ratingComment: 'ช้า', resolution: 'เปลี่ยน LNB', version: 5 });
    expect((rated as RepairTicket).resolvedAt).toEqual(MONDAY_10);
    expect((rated as RepairTicket).confirmedAt).toEqual(MONDAY_10);
  });

  it('stops the resolve clock while waiting and adds the office minutes waited to the deadline', async () => {
    const ticket = await report(schoolA, noSignal, true);
    const change = (version: number, toStatus: RepairTicket['status'], action: Parameters<typeof transitionTicket>[2]['action'], at: Date) =>
      database.db.transaction((tx) => transitionTicket(tx, ticket.id, { expectedVersion: version, toStatus, actorId: tech1, action, patch: action === 'waiting' ? { waitingReason: 'รออะไหล่' } : {} }, at));
    await change(1, 'accepted', 'accepted', MONDAY_10);
    const waiting = await change(2, 'waiting', 'waiting', bangkokTime('2026-03-02', '11:00'));
    expect(waiting).toMatchObject({ status: 'waiting', waitingReason: 'รออะไหล่', waitingSince: bangkokTime('2026-03-02', '11:00') });
    // Waited from Monday 11:00 to Tuesday 09:30: 330 + 60 = 390 office minutes.
    const resumed = await change(3, 'accepted', 'resumed', bangkokTime('2026-03-03', '09:30'));
    expect(resumed).toMatchObject({ status: 'accepted', waitingSince: null, waitingReason: null, pausedOfficeMinutes: 390 });
    // Reported Monday 10:00: 480 + 390 = 870 office minutes = the rest of Monday (390) and all of Tuesday (480).
    expect((resumed as RepairTicket).resolveDueAt).toEqual(bangkokTime('2026-03-03', '16:30'));
  });

  it('raises each escalation level once', async () => {
    const ticket = await report(schoolA, noSignal, true);
    const raise = (level: number) => database.db.transaction((tx) => raiseEscalationLevel(tx, ticket.id, 'accept', level, MONDAY_10));
    expect(await raise(1)).toBe(true);
    expect(await raise(1)).toBe(false);
    expect(await raise(2)).toBe(true);
    const after = (await getTicket(database.db, OFFICE, ticket.id))!;
    expect(after).toMatchObject({ acceptEscalationLevel: 2, resolveEscalationLevel: 0, version: 1 });
    expect((await ticketTimeline(database.db, ticket.id)).filter((e) => e.action === 'escalated').map((e) => e.data)).toEqual([
      { clock: 'accept', level: 1 },
      { clock: 'accept', level: 2 },
    ]);
  });
});

describe('finding tickets', () => {
  it('finds the school’s open ticket of the same category or group, not finished ones', async () => {
    const open = await report(schoolA, noSignal, false);
    await report(schoolB, receiver, false);
    expect((await findOpenTicketOfKind(database.db, schoolA, { categoryId: noSignal }))?.id).toBe(open.id);
    expect((await findOpenTicketOfKind(database.db, schoolA, { groupCode: 'dltv' }))?.id).toBe(open.id);
    expect(await findOpenTicketOfKind(database.db, schoolA, { categoryId: receiver })).toBeNull();
    expect(await findOpenTicketOfKind(database.db, schoolA, { groupCode: 'computer' })).toBeNull();
    await database.db.transaction((tx) =>
      transitionTicket(tx, open.id, { expectedVersion: 1, toStatus: 'cancelled', actorId: teacher, action: 'cancelled' }, MONDAY_10),
    );
    expect(await findOpenTicketOfKind(database.db, schoolA, { categoryId: noSignal })).toBeNull();
  });

  it('adds another report to an open ticket without making its buttons stale', async () => {
    const open = await report(schoolA, noSignal, false);
    await database.db.transaction((tx) =>
      addReportToTicket(tx, OFFICE, open.id, { actorId: teacher, description: 'ห้อง ป.2 ก็ไม่มีสัญญาณ', classroom: 'ป.2' }, MONDAY_10),
    );
    expect((await getTicket(database.db, OFFICE, open.id))!.version).toBe(1);
    const timeline = await ticketTimeline(database.db, open.id);
    expect(timeline[1]).toMatchObject({ action: 'report_added', note: 'ห้อง ป.2 ก็ไม่มีสัญญาณ', data: { classroom: 'ป.2' } });
  });

  it('lists a school’s unfinished tickets first, then finished ones', async () => {
    const a = await report(schoolA, noSignal, false, bangkokTime('2026-03-02', '09:00'));
    const b = await report(schoolA, receiver, false, bangkokTime('2026-03-02', '10:00'));
    const c = await report(schoolA, noSignal, false, bangkokTime('2026-03-02', '11:00'));
    await database.db.transaction((tx) =>
      transitionTicket(tx, c.id, { expectedVersion: 1, toStatus: 'cancelled', actorId: teacher, action: 'cancelled' }, MONDAY_10),
    );
    expect((await listTicketsOfSchool(database.db, schoolA)).map((t) => t.id)).toEqual([b.id, a.id, c.id]);
    expect(await listTicketsOfSchool(database.db, schoolB)).toEqual([]);
  });

  it('lists a technician’s open tickets most urgent first, waiting ones last', async () => {
    const normal = await report(schoolA, noSignal, false, bangkokTime('2026-03-02', '09:00'));
    const urgent = await report(schoolB, receiver, true, bangkokTime('2026-03-02', '10:00'));
    const parked = await report(schoolB, noSignal, true, bangkokTime('2026-03-02', '08:30'));
    for (const t of [normal, urgent, parked]) {
      await database.db.transaction((tx) =>
        transitionTicket(tx, t.id, { expectedVersion: 1, toStatus: 'accepted', actorId: tech1, action: 'accepted' }, MONDAY_10),
      );
    }
    await database.db.transaction((tx) =>
      transitionTicket(tx, parked.id, { expectedVersion: 2, toStatus: 'waiting', actorId: tech1, action: 'waiting' }, MONDAY_10),
    );
    expect((await listOpenTicketsOfAssignee(database.db, tech1)).map((t) => t.id)).toEqual([urgent.id, normal.id, parked.id]);
    expect(await listOpenTicketsOfAssignee(database.db, tech2)).toEqual([]);
  });
});

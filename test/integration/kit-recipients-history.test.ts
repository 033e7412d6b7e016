import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { addHistory, hasHistory, historyOf, historyTimes } from '../../src/db/repos/history.ts';
import { insertActingAssignment } from '../../src/db/repos/letter-decisions.ts';
import { reachableActingFor, reachablePerson, reachableWithRole } from '../../src/db/repos/recipients.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

const OFFICE = DEFAULT_OFFICE_ID;
let database: Database;
const ids: Record<string, number> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const office = officeFactory(database.db);
  await office.channel();
  ids.area = (await office.person('ผอ.เขต ใหญ่', 'area_director')).id;
  ids.deputy = (await office.person('รองฯ หนึ่ง', 'deputy_director')).id;
  ids.officer = (await office.person('ช่าง สอง', 'technician')).id;
  ids.groupA = (await office.person('ผอ.กลุ่ม ก', 'group_director')).id;
  ids.groupLeft = (await office.person('ผอ.กลุ่ม ข', 'group_director', { status: 'inactive' })).id;
  ids.groupNoLine = (await office.person('ผอ.กลุ่ม ค', 'group_director', { lineUserId: null })).id;
  ids.clerk = (await office.person('ธุรการ ง', 'saraban_clerk')).id;
  const acting = (actingId: number, startsOn: string, endsOn: string | null) =>
    insertActingAssignment(database.db, { officeId: OFFICE, principalId: ids.area!, actingId, kind: 'on_behalf', startsOn, endsOn, createdBy: ids.area! }, new Date(0));
  await acting(ids.deputy!, '2027-03-01', '2027-03-05');
  // Someone who may not decide acts too (a mistake of the admin): never a decider's recipient.
  await acting(ids.officer!, '2027-03-01', null);
});
afterAll(async () => database.close());

describe('who can be reached', () => {
  it('by role: active people with a LINE id only, by name', async () => {
    expect((await reachableWithRole(database.db, OFFICE, 'group_director')).map((r) => r.id)).toEqual([ids.groupA]);
    expect((await reachableWithRole(database.db, OFFICE, ['area_director', 'deputy_director'])).map((r) => r.fullName)).toEqual(['ผอ.เขต ใหญ่', 'รองฯ หนึ่ง']);
    expect(await reachableWithRole(database.db, 'another-office', 'group_director')).toEqual([]);
  });

  it('by person: nobody who left, has no LINE id, or is of another office', async () => {
    expect(await reachablePerson(database.db, OFFICE, ids.clerk!)).toMatchObject({ id: ids.clerk, role: 'saraban_clerk', lineUserId: expect.stringMatching(/^U/) });
    expect(await reachablePerson(database.db, OFFICE, ids.groupLeft!)).toBeNull();
    expect(await reachablePerson(database.db, OFFICE, ids.groupNoLine!)).toBeNull();
    expect(await reachablePerson(database.db, OFFICE, null)).toBeNull();
    expect(await reachablePerson(database.db, 'another-office', ids.clerk!)).toBeNull();
  });

  it('whoever acts for a person on the day, limited to the roles asked for', async () => {
    const deciders = ['area_director', 'deputy_director'] as const;
    expect(await reachableActingFor(database.db, OFFICE, ids.area!, '2027-03-03', deciders)).toEqual([
      expect.objectContaining({ id: ids.deputy, actingKind: 'on_behalf' }),
    ]);
    expect((await reachableActingFor(database.db, OFFICE, ids.area!, '2027-03-03')).map((r) => r.id).sort()).toEqual([ids.deputy, ids.officer].sort());
    // After the assignment's last day.
    expect(await reachableActingFor(database.db, OFFICE, ids.area!, '2027-03-06', deciders)).toEqual([]);
  });
});

describe('history of a thing', () => {
  it('adds events and answers whether one matching is there, and when, oldest first', async () => {
    const office = officeFactory(database.db);
    const letterId = await office.letter({ registeredAt: bangkokTime('2027-03-01', '09:00'), registeredBy: ids.clerk! });
    const cycle = { kind: 'decision', cycle: 'c1' };
    expect(await hasHistory(database.db, 'letter', letterId, 'reminded', cycle)).toBe(false);
    await addHistory(database.db, 'letter', letterId, { officeId: OFFICE, actorId: null, action: 'reminded', data: { ...cycle, n: 1 }, at: bangkokTime('2027-03-02', '10:00') });
    await addHistory(database.db, 'letter', letterId, { officeId: OFFICE, actorId: null, action: 'reminded', data: { ...cycle, n: 2 }, at: bangkokTime('2027-03-03', '10:00') });
    await addHistory(database.db, 'letter', letterId, { officeId: OFFICE, actorId: null, action: 'reminded', data: { kind: 'decision', cycle: 'c2', n: 1 }, at: bangkokTime('2027-03-04', '10:00') });
    expect(await hasHistory(database.db, 'letter', letterId, 'reminded', cycle)).toBe(true);
    expect(await hasHistory(database.db, 'letter', letterId, 'escalated', cycle)).toBe(false);
    expect(await historyTimes(database.db, 'letter', letterId, 'reminded', cycle)).toEqual([bangkokTime('2027-03-02', '10:00'), bangkokTime('2027-03-03', '10:00')]);
    expect((await historyOf(database.db, 'letter', letterId, 'reminded')).map((e) => e.data.n)).toEqual([1, 2, 1]);
  });

  it('keeps a repair ticket’s marks apart from a letter’s with the same id', async () => {
    const office = officeFactory(database.db);
    const schoolId = await office.school('โรงเรียนบ้านโคก', 'เทพสถิต');
    const [category] = (await office.categories()).values();
    const ticketId = await office.ticket({ schoolId, categoryId: category!.id, reporterId: ids.clerk!, createdAt: bangkokTime('2027-03-01', '09:00') });
    await addHistory(database.db, 'repair_ticket', ticketId, { officeId: OFFICE, actorId: null, action: 'reminded', data: { clock: 'confirm', resolvedAt: 'r1' }, at: bangkokTime('2027-03-02', '10:00'), note: null });
    expect(await hasHistory(database.db, 'repair_ticket', ticketId, 'reminded', { clock: 'confirm', resolvedAt: 'r1' })).toBe(true);
    expect(await hasHistory(database.db, 'repair_ticket', ticketId, 'reminded', { clock: 'confirm', resolvedAt: 'r2' })).toBe(false);
    expect(await hasHistory(database.db, 'letter', ticketId, 'reminded', { clock: 'confirm' })).toBe(false);
  });
});

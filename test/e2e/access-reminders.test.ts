import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { createAccessRequest, getAccessRequestView, upsertInfoSystem } from '../../src/db/repos/access-requests.ts';
import { historyOf } from '../../src/db/repos/history.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { runAccessReminders } from '../../src/flows/access/jobs.ts';
import { accessLabels as L, accessTexts as T } from '../../src/flows/access/messages.ts';
import { deniedMessage } from '../../src/kit/steps.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { actionsIn, chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * Reminders of access requests left waiting, through the emulator: the group director of the undecided ones, the
 * system's administrator of the approved-not-granted ones, after 2 office days, then each office day, twice at most
 * (this office's settings), in office hours; one message a day per person listing all that waits for them, with the
 * cards to act on (still role-checked).
 */
const clock = testClock('2027-03-08', '10:00'); // Monday
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { teacher: '', group: '', admin: '' };
const ids = { teacher: 0, r1: 0, r2: 0 };
const SYSTEM = 'ระบบเตือนทดสอบ';

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  const db = service.database.db;
  const f = officeFactory(db);
  const school = await f.school('โรงเรียนเตือน', 'เมือง');
  const people: Record<string, number> = {};
  for (const [key, role] of [['teacher', 'teacher'], ['group', 'group_director'], ['admin', 'technician']] as const) {
    u[key] = await chat.newUser(key);
    people[key] = (await f.person(`คุณ ${key}`, role, { lineUserId: u[key], ...(role === 'teacher' ? { schoolId: school } : {}) })).id;
  }
  ids.teacher = people.teacher!;
  await saveOfficeSettings(db, DEFAULT_OFFICE_ID, { access: { reminders: { afterOfficeDays: 2, max: 2 } } }, clock.now());
  const system = await upsertInfoSystem(db, DEFAULT_OFFICE_ID, { name: SYSTEM, description: null, adminPersonId: people.admin!, active: true }, clock.now());
  expect(system).toBe(true);
  const systemId = (await db.query.infoSystems.findFirst({ where: (s, { eq }) => eq(s.name, SYSTEM) }))!.id;
  ids.r1 = await createAccessRequest(db, { officeId: DEFAULT_OFFICE_ID, requesterId: ids.teacher, systemId, level: 'view', reason: 'หนึ่ง' }, clock.now());
  ids.r2 = await createAccessRequest(db, { officeId: DEFAULT_OFFICE_ID, requesterId: ids.teacher, systemId, level: 'record', reason: 'สอง' }, clock.now());
}, 120_000);
afterAll(async () => service.stop());

const texts = async (who: keyof typeof u) => (await inbox(who)).entries.filter((e) => e.message.type === 'text').map((e) => String(e.message.text));
async function inbox(who: keyof typeof u) {
  // The sweep enqueues; the sender sends once drained.
  await chat.settle();
  return chat.inbox(u[who]);
}

describe('reminders of access requests left waiting', () => {
  it('nothing before 2 office days; then the group director hears of both requests in one message', async () => {
    expect(await runAccessReminders(service.database, clock.set('2027-03-09', '10:00'))).toBe(0);
    expect(await runAccessReminders(service.database, clock.set('2027-03-10', '10:00'))).toBe(2);
    const told = await inbox('group');
    expect(told.entries).toHaveLength(2);
    expect(told.text).toContain('เตือนค่ะ: คำขอสิทธิ์ใช้ระบบรอท่านดำเนินการ\nรออนุมัติ 2 รายการ');
    expect(told.text).toContain(T.reminderLine(ids.r1, 'คุณ teacher', SYSTEM, '8 มีนาคม 2570'));
    expect(told.text).toContain(T.reminderLine(ids.r2, 'คุณ teacher', SYSTEM, '8 มีนาคม 2570'));
    expect(await texts('admin')).toEqual([]);
    expect(await texts('teacher')).toEqual([]);
    // Later the same day: nothing again.
    expect(await runAccessReminders(service.database, clock.set('2027-03-10', '15:00'))).toBe(0);
    expect(await texts('group')).toEqual([]);

    // The card in the reminder decides (still the machine's check: the teacher may not).
    expect((await chat.tapIn(u.teacher, told.entries, L.approve)).text).toBe(deniedMessage('approve_system_access'));
    expect((await chat.tapIn(u.group, told.entries, L.approve)).text).toContain(T.done(L.approve, ids.r1));
    expect((await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, ids.r1))!.state).toBe('approved');
    await chat.inbox(u.admin);
    await chat.inbox(u.teacher);
  });

  it('each office day after; the approval starts the administrator\'s own count; at most twice, office hours only', async () => {
    // Thursday: the second (last) reminder of the undecided one; the approved one is a day old for its administrator.
    expect(await runAccessReminders(service.database, clock.set('2027-03-11', '10:00'))).toBe(1);
    const thursday = await texts('group');
    expect(thursday).toHaveLength(1);
    expect(thursday[0]).toContain('รออนุมัติ 1 รายการ');
    expect(thursday[0]).not.toContain(`#${ids.r1} `);
    expect(await texts('admin')).toEqual([]);
    // Friday evening and the weekend: outside office hours.
    expect(await runAccessReminders(service.database, clock.set('2027-03-12', '18:00'))).toBe(0);
    expect(await runAccessReminders(service.database, clock.set('2027-03-13', '10:30'))).toBe(0);
    // Monday: two office days after the approval, the administrator; the undecided one has had its two.
    expect(await runAccessReminders(service.database, clock.set('2027-03-15', '11:00'))).toBe(1);
    const admin = await inbox('admin');
    expect(admin.text).toContain(`อนุมัติแล้ว รอท่านให้สิทธิ์ 1 รายการ\n${T.reminderLine(ids.r1, 'คุณ teacher', SYSTEM, '8 มีนาคม 2570')}`);
    expect(actionsIn(admin.entries).map((a) => a.label)).toEqual([L.grant, L.refuse]);
    expect(await texts('group')).toEqual([]);
    expect(await runAccessReminders(service.database, clock.set('2027-03-16', '11:00'))).toBe(1);
    expect(await runAccessReminders(service.database, clock.set('2027-03-17', '11:00'))).toBe(0);
    expect(await runAccessReminders(service.database, clock.set('2027-03-18', '11:00'))).toBe(0);
    expect(await texts('admin')).toHaveLength(1);
    const marks = await historyOf(service.database.db, 'access_request', ids.r1, 'reminded');
    expect(marks.map((m) => m.data)).toEqual([{ stage: 'submitted', n: 1 }, { stage: 'approved', n: 1 }, { stage: 'approved', n: 2 }]);
    expect((await historyOf(service.database.db, 'access_request', ids.r2, 'reminded')).length).toBe(2);
    // The teacher may not record the grant from the administrator's card.
    expect((await chat.tapIn(u.teacher, admin.entries, L.grant)).text).toBe(T.notTheAdmin);
  });
});

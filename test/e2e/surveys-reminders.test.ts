import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { closeRound, getResponse, listRounds, saveDraft, submitResponse, surveyEventsOf } from '../../src/db/repos/surveys.ts';
import { runSurveyReminders } from '../../src/flows/surveys/jobs.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { emulatorClient, startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';
import { closeOpenRounds, oneQuestionSchoolForm } from '../support/survey-rounds.ts';

/**
 * The invitation and reminders to those who have not answered, through the emulator: at the opening, in office days after it, then
 * after the previous reminder, at most twice, in office hours; the school's director only, and only of a school
 * that has not submitted; one message a day per person listing every round still waiting for them; once the reminders
 * are spent, whoever sent the round (else the group director) hears who is still missing.
 */
const clock = testClock('2027-03-08', '10:00'); // Monday
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { a: '', b: '', c: '', teacher: '', group: '', tech: '' };
let r1 = 0;
let r2 = 0;

const form = oneQuestionSchoolForm;

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  // On the embedded test server the start-up opened the demo rounds: closed, so only this file's rounds remind.
  await closeOpenRounds(service.database.db, clock.now());
  const f = officeFactory(service.database.db);
  const s1 = await f.school('โรงเรียนหนึ่ง', 'เมือง');
  const s2 = await f.school('โรงเรียนสอง', 'เมือง');
  const s3 = await f.school('โรงเรียนสาม', 'นาดี');
  for (const [key, role, school] of [['a', 'school_director', s1], ['b', 'school_director', s2], ['c', 'school_director', s3], ['teacher', 'teacher', s1]] as const) {
    u[key] = await chat.newUser(key);
    await f.person(`คุณ ${key}`, role, { lineUserId: u[key], schoolId: school });
  }
  const opensAt = clock.now();
  r1 = (await f.surveyRound(form('all_schools', 'สำรวจทุกโรงเรียน'), { audience: 'school_directors', closesOn: '2027-03-31', opensAt })).roundId;
  // The ICT group's director, and the technician who sent the second round from the chat.
  u.group = await chat.newUser('group');
  await f.person('คุณ group', 'group_director', { lineUserId: u.group });
  u.tech = await chat.newUser('tech');
  const tech = await f.person('คุณ tech', 'technician', { lineUserId: u.tech });
  r2 = (await f.surveyRound(form('town_only', 'สำรวจอำเภอเมือง'), { audience: 'school_teachers', district: 'เมือง', closesOn: '2027-03-31', opensAt, createdBy: tech.id })).roundId;
  // School two has answered the first round.
  const b = (await chat.personOf(u.b))!;
  await saveDraft(service.database.db, { officeId: DEFAULT_OFFICE_ID, roundId: r1, respondentKey: `school:${s2}`, schoolId: s2, personId: b.id, formVersion: 1, answers: { ok: true } }, opensAt);
  const draft = (await getResponse(service.database.db, r1, `school:${s2}`))!;
  await submitResponse(service.database.db, { officeId: DEFAULT_OFFICE_ID, responseId: draft.id, expectedVersion: draft.version, personId: b.id, answers: { ok: true } }, opensAt);
}, 120_000);
afterAll(async () => service.stop());

async function inboxes() {
  await chat.settle();
  return {
    a: (await chat.inbox(u.a)).entries.map((e) => String(e.message.text)),
    b: (await chat.inbox(u.b)).entries.map((e) => String(e.message.text)),
    c: (await chat.inbox(u.c)).entries.map((e) => String(e.message.text)),
    teacher: (await chat.inbox(u.teacher)).entries.map((e) => String(e.message.text)),
  };
}

describe('reminders to those who have not answered', () => {
  it('the invitation goes as soon as the round is open in office hours, to the directors of schools that have not answered', async () => {
    expect(await runSurveyReminders(service.database, clock.set('2027-03-08', '10:00'))).toBe(2);
    const invited = await inboxes();
    expect(invited.a).toHaveLength(1);
    expect(invited.a[0]).toContain('มีแบบสำรวจรอคำตอบจากคุณ 2 รายการ');
    expect(invited.b).toHaveLength(1);
    expect(invited.c).toHaveLength(1);
    expect(invited.teacher).toEqual([]);
    for (const round of [r1, r2]) expect((await surveyEventsOf(service.database.db, round)).filter((e) => e.action === 'invited')).toHaveLength(1);
    expect(await runSurveyReminders(service.database, clock.set('2027-03-08', '10:30'))).toBe(0);
    expect(await inboxes()).toEqual({ a: [], b: [], c: [], teacher: [] });
  });

  it('reminders come two office days later, in office hours, one message a day listing every round waiting', async () => {
    expect(await runSurveyReminders(service.database, clock.set('2027-03-09', '10:00'))).toBe(0);
    expect(await runSurveyReminders(service.database, clock.set('2027-03-10', '09:59'))).toBe(0);
    expect(await runSurveyReminders(service.database, clock.set('2027-03-10', '10:00'))).toBe(2);
    const first = await inboxes();
    expect(first.a).toHaveLength(1);
    expect(first.a[0]).toContain('มีแบบสำรวจรอคำตอบจากคุณ 2 รายการ');
    expect(first.a[0]).toContain('1. สำรวจทุกโรงเรียน (ปิดรับ 31 มีนาคม 2570)');
    expect(first.a[0]).toContain('2. สำรวจอำเภอเมือง');
    // School two answered the first round: reminded of the second only.
    expect(first.b).toHaveLength(1);
    expect(first.b[0]).toContain('มีแบบสำรวจรอคำตอบจากคุณ 1 รายการ');
    expect(first.b[0]).toContain('สำรวจอำเภอเมือง');
    // Outside the second round's district: the first round only.
    expect(first.c).toHaveLength(1);
    expect(first.c[0]).not.toContain('สำรวจอำเภอเมือง');
    // The director answers for the school: teachers are not reminded.
    expect(first.teacher).toEqual([]);

    // Run again the same day: nothing more.
    expect(await runSurveyReminders(service.database, clock.set('2027-03-10', '10:30'))).toBe(0);
    expect(await inboxes()).toEqual({ a: [], b: [], c: [], teacher: [] });
  });

  it('the second comes two office days after the first (the weekend not counted), then no more', async () => {
    expect(await runSurveyReminders(service.database, clock.set('2027-03-12', '09:59'))).toBe(0);
    expect(await runSurveyReminders(service.database, clock.set('2027-03-12', '10:00'))).toBe(2);
    const second = await inboxes();
    expect(second.a).toHaveLength(1);
    expect(second.c).toHaveLength(1);
    for (const day of ['2027-03-13', '2027-03-15']) expect(await runSurveyReminders(service.database, clock.set(day, '10:00'))).toBe(0);
    expect(await inboxes()).toEqual({ a: [], b: [], c: [], teacher: [] });
    for (const round of [r1, r2]) expect((await surveyEventsOf(service.database.db, round)).filter((e) => e.action === 'reminded').map((e) => e.data.n)).toEqual([1, 2]);
  });

  it('two office days after the last reminder, whoever sent the round (else the group director) hears who is still missing, once', async () => {
    // What each officer has been pushed (waiting for the outbox to deliver, when a message is expected).
    const emulator = emulatorClient(`${service.url}/emulator/api`);
    const said = async (userId: string, minEntries = 0) =>
      (await emulator.conversation(userId, minEntries ? { minEntries, waitMs: 10_000 } : {})).entries.filter((e) => e.direction === 'bot').map((e) => String(e.message.text));
    expect([await said(u.group), await said(u.tech)]).toEqual([[], []]);
    expect(await runSurveyReminders(service.database, clock.set('2027-03-16', '09:59'))).toBe(0);
    expect(await runSurveyReminders(service.database, clock.set('2027-03-16', '10:00'))).toBe(2);
    const told = { group: await said(u.group, 1), tech: await said(u.tech, 1) };
    // The first round was opened by a command (nobody): its follow-up goes to the group director.
    expect(told.group).toHaveLength(1);
    expect(told.group[0]).toMatch(/^เตือนผู้ที่ยังไม่ตอบครบ 2 ครั้งแล้วค่ะ \(ปิดรับ 31 มีนาคม 2570\)\nยังไม่ส่ง "สำรวจทุกโรงเรียน" \d+ ราย\n/);
    expect(told.group[0]).toContain('เมือง · โรงเรียนหนึ่ง');
    expect(told.group[0]).toContain('นาดี · โรงเรียนสาม');
    expect(told.group[0]).not.toContain('โรงเรียนสอง');
    // The second was sent by the technician: they hear it, the director does not.
    expect(told.tech).toHaveLength(1);
    expect(told.tech[0]).toContain('ยังไม่ส่ง "สำรวจอำเภอเมือง"');
    expect(told.tech[0]).toContain('เมือง · โรงเรียนสอง');
    // The schools hear nothing more, and nobody hears it twice.
    for (const day of ['2027-03-17', '2027-03-22']) expect(await runSurveyReminders(service.database, clock.set(day, '10:00'))).toBe(0);
    expect(await inboxes()).toEqual({ a: [], b: [], c: [], teacher: [] });
    expect([await said(u.group), await said(u.tech)]).toEqual([told.group, told.tech]);
    for (const round of [r1, r2]) expect((await surveyEventsOf(service.database.db, round)).filter((e) => e.action === 'missing_told')).toHaveLength(1);
  });
});

describe('the office\'s reminder settings', () => {
  it('with surveys.reminders.max 0 only the invitation goes', async () => {
    await saveOfficeSettings(service.database.db, DEFAULT_OFFICE_ID, { surveys: { reminders: { max: 0 } } }, clock.now());
    const f = officeFactory(service.database.db);
    const opensAt = clock.set('2027-03-22', '10:00');
    const { roundId } = await f.surveyRound(form('no_reminders', 'ไม่เตือน'), { audience: 'school_directors', closesOn: '2027-04-30', opensAt });
    for (const round of await listRounds(service.database.db, DEFAULT_OFFICE_ID)) if (round.round.id !== roundId) await closeRound(service.database.db, DEFAULT_OFFICE_ID, round.round.id, null, opensAt);
    expect(await runSurveyReminders(service.database, opensAt)).toBe(1);
    for (const day of ['2027-03-24', '2027-03-26', '2027-03-30']) expect(await runSurveyReminders(service.database, clock.set(day, '10:00'))).toBe(0);
    expect((await surveyEventsOf(service.database.db, roundId)).map((e) => e.action)).toEqual(['opened', 'invited']);
  });
});

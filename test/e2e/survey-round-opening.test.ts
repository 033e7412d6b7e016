import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { listRounds, surveyEventsOf } from '../../src/db/repos/surveys.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { formatThaiDateKey } from '../../src/domain/thai-date.ts';
import { roundLabels as RL, roundTexts as RT } from '../../src/flows/survey-rounds/messages.ts';
import { loadFormDefinition } from '../../src/flows/surveys/load.ts';
import { runSurveyReminders } from '../../src/flows/surveys/jobs.ts';
import { campaignTexts as C } from '../../src/flows/surveys/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';
import { closeOpenRounds, oneQuestionSchoolForm } from '../support/survey-rounds.ts';

/**
 * A round sent from the chat to open on a later day, through the emulator: the summary asks the opening day (today
 * unless one is picked; not in the past, not after the closing day); until that day the round is not listed to the
 * schools, nobody is invited or reminded, and the officer's card says it waits; on the day the invitation goes.
 */
const clock = testClock('2027-03-08', '10:00'); // Monday
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { a: '', tech: '' };
const title = 'สำรวจเปิดทีหลัง';

const form = oneQuestionSchoolForm('opening_later', title);

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  const db = service.database.db;
  // On the embedded test server the start-up opened the demo rounds: closed, so only this file's round invites.
  await closeOpenRounds(db, clock.now());
  const f = officeFactory(db);
  const s1 = await f.school('โรงเรียนเปิดทีหลัง', 'เมือง');
  await f.school('โรงเรียนอีกอำเภอ', 'นาดี');
  u.a = await chat.newUser('a');
  await f.person('คุณ a', 'school_director', { lineUserId: u.a, schoolId: s1 });
  u.tech = await chat.newUser('tech');
  await f.person('คุณ tech', 'technician', { lineUserId: u.tech });
  expect((await loadFormDefinition(db, DEFAULT_OFFICE_ID, form, null, clock.now())).ok).toBe(true);
}, 120_000);
afterAll(async () => service.stop());

const inboxOfA = async () => {
  await chat.settle();
  return (await chat.inbox(u.a)).entries.map((e) => String(e.message.text));
};

describe('a round that opens on a later day', () => {
  it('the summary asks the opening day: today unless picked, never in the past nor after the closing day', async () => {
    await chat.say(u.tech, 'ส่งแบบสำรวจใหม่');
    await chat.say(u.tech, 'เปิดทีหลัง');
    await chat.tap(u.tech, title);
    await chat.tap(u.tech, RL.audiences.school_directors);
    await chat.tap(u.tech, RL.allDistricts);
    const summary = await chat.say(u.tech, '2027-03-31');
    expect(summary.text).toContain(`เปิดรับ: ${RT.today}`);
    expect(summary.labels).toEqual([RL.confirm, RL.pickOpens, RL.cancel]);
    expect((await chat.say(u.tech, '1/1/2560')).text).toContain(RT.opensInPast);
    const after = await chat.tapIn(u.tech, summary.entries, RL.pickOpens, { date: '2027-04-01' });
    expect(after.text).toContain(RT.opensAfterCloses);
    const picked = await chat.tapIn(u.tech, after.entries, RL.pickOpens, { date: '2027-03-10' });
    expect(picked.text).toContain(`เปิดรับ: ${formatThaiDateKey('2027-03-10')}`);
    expect(picked.text).toContain(`ปิดรับ: ${formatThaiDateKey('2027-03-31')}`);
    expect((await chat.tap(u.tech, RL.confirm)).text).toBe(RT.sentLater(title, formatThaiDateKey('2027-03-10')));
    const [round] = (await listRounds(service.database.db, DEFAULT_OFFICE_ID)).filter((r) => r.round.state === 'open');
    expect(round!.round).toMatchObject({ title, audience: 'school_directors', closesOn: '2027-03-31', opensAt: bangkokTime('2027-03-10') });
  });

  it('before its day the school is not shown it nor invited, and the officer\'s card says it waits', async () => {
    expect((await chat.say(u.a, 'แบบสำรวจ')).text).not.toContain(title);
    for (const day of ['2027-03-08', '2027-03-09']) expect(await runSurveyReminders(service.database, clock.set(day, '10:00'))).toBe(0);
    expect(await inboxOfA()).toEqual([]);
    const cards = JSON.stringify((await chat.say(u.tech, 'แบบสำรวจ')).entries.map((e) => e.message));
    expect(cards).toContain(C.notYetOpen);
    expect(cards).toContain(C.opens(formatThaiDateKey('2027-03-10')));
  });

  it('on its day the invitation goes in office hours and the school sees it', async () => {
    expect(await runSurveyReminders(service.database, clock.set('2027-03-10', '07:00'))).toBe(0);
    expect(await runSurveyReminders(service.database, clock.set('2027-03-10', '10:00'))).toBe(1);
    const invited = await inboxOfA();
    expect(invited).toHaveLength(1);
    expect(invited[0]).toContain(title);
    const [round] = (await listRounds(service.database.db, DEFAULT_OFFICE_ID)).filter((r) => r.round.state === 'open');
    expect((await surveyEventsOf(service.database.db, round!.round.id)).map((e) => e.action)).toContain('opened');
    expect((await chat.say(u.a, 'แบบสำรวจ')).text).toContain(title);
    // The first reminder counts its office days from the opening, not from the day it was sent.
    expect(await runSurveyReminders(service.database, clock.set('2027-03-11', '10:00'))).toBe(0);
  });
});

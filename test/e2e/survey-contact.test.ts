import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { auditLog, people, schoolSurveyContacts } from '../../src/db/schema.ts';
import { contactPickAction } from '../../src/flows/survey-contact/actions.ts';
import { contactLabels as L, contactTexts as T } from '../../src/flows/survey-contact/messages.ts';
import { runSurveyReminders } from '../../src/flows/surveys/jobs.ts';
import { deniedMessage } from '../../src/kit/steps.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { encodePostback } from '../../src/line/postback.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';
import { closeOpenRounds, oneQuestionSchoolForm } from '../support/survey-rounds.ts';

/**
 * Who answers for a school, through the emulator: its director by default; the director names a registered teacher of
 * the school as its survey contact, and a round's invitation and reminders then go to that teacher, who sees and
 * answers the school's survey; the director hands it back, or the contact leaves the school, and the director is
 * invited again. Only a school director may name one, only a teacher of their own school.
 */
const clock = testClock('2027-04-05', '10:00'); // Monday
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { d1: '', t1: '', t2: '', d2: '', t3: '' };
const id: Record<keyof typeof u, number> = { d1: 0, t1: 0, t2: 0, d2: 0, t3: 0 };
const CONTACT = 'ผู้ตอบแบบสำรวจของโรงเรียน';

const form = oneQuestionSchoolForm;

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  const db = service.database.db;
  await closeOpenRounds(db, clock.now());
  const f = officeFactory(db);
  const one = await f.school('โรงเรียนผู้ประสานหนึ่ง', 'เมือง');
  const two = await f.school('โรงเรียนผู้ประสานสอง', 'เมือง');
  for (const [key, name, role, school] of [
    ['d1', 'ผอ. หนึ่ง', 'school_director', one],
    ['t1', 'ครู ก', 'teacher', one],
    ['t2', 'ครู ข', 'teacher', one],
    ['d2', 'ผอ. สอง', 'school_director', two],
    ['t3', 'ครู ค', 'teacher', two],
  ] as const) {
    u[key] = await chat.newUser(name);
    id[key] = (await f.person(name, role, { lineUserId: u[key], schoolId: school })).id;
  }
}, 120_000);
afterAll(async () => service.stop());

async function inbox(who: keyof typeof u): Promise<string> {
  await chat.settle();
  return (await chat.inbox(u[who])).text;
}

describe('the school director names who answers the school\'s surveys', () => {
  it('lists the school\'s own teachers; the teacher named is told; the round invites them and not the director', async () => {
    const asked = await chat.say(u.d1, CONTACT);
    expect(asked.text).toContain(T.current('โรงเรียนผู้ประสานหนึ่ง', null));
    expect(asked.labels).toEqual(['ครู ก', 'ครู ข', L.cancel]);
    expect((await chat.tap(u.d1, 'ครู ก')).text).toBe(T.named('ครู ก'));
    expect(await service.database.db.select().from(schoolSurveyContacts)).toMatchObject([{ personId: id.t1, namedBy: id.d1 }]);
    expect((await service.database.db.select().from(auditLog).where(eq(auditLog.action, 'survey_contact_named'))).length).toBe(1);
    expect(await inbox('t1')).toBe(T.toContact('โรงเรียนผู้ประสานหนึ่ง'));

    await officeFactory(service.database.db).surveyRound(form('contact_round', 'สำรวจผ่านผู้ประสาน'), { audience: 'school_directors', closesOn: '2027-04-30', opensAt: clock.now() });
    expect(await runSurveyReminders(service.database, clock.set('2027-04-05', '10:30'))).toBe(1);
    expect(await inbox('t1')).toContain('สำรวจผ่านผู้ประสาน');
    expect(await inbox('d1')).toBe('');
    // A school without a contact: its director, as before.
    expect(await inbox('d2')).toContain('สำรวจผ่านผู้ประสาน');
    expect(await inbox('t2')).toBe('');
    expect(await inbox('t3')).toBe('');
    // The contact answers for the school: the round is on their แบบสำรวจ list (a teacher of a director-only round).
    expect((await chat.say(u.t1, MENU_COMMANDS.surveys)).text).toContain('สำรวจผ่านผู้ประสาน');
    expect((await chat.say(u.t2, MENU_COMMANDS.surveys)).text).not.toContain('สำรวจผ่านผู้ประสาน');
  });

  it('only a school director may name one, and only a teacher of their own school', async () => {
    // (The contact has the round waiting: its note may follow the answer, in a message of its own.)
    expect((await chat.say(u.t1, CONTACT)).entries[0]!.message.text).toBe(deniedMessage('name_survey_contact'));
    const denials = await service.database.db.select().from(auditLog).where(eq(auditLog.action, 'permission_denied'));
    expect(denials.some((d) => d.subjectId === 'name_survey_contact')).toBe(true);
    // A forged button naming another school's teacher: out of date, nothing changes.
    await chat.say(u.d1, CONTACT);
    expect((await chat.tapData(u.d1, encodePostback(contactPickAction, { p: id.t3 }))).text).toContain('ปุ่มนี้ใช้ไม่ได้แล้ว');
    expect(await service.database.db.select().from(schoolSurveyContacts)).toMatchObject([{ personId: id.t1 }]);
    // The tile offers it to a school director only.
    const tile = (who: keyof typeof u) => chat.say(u[who], MENU_COMMANDS.surveys).then((r) => JSON.stringify(r.entries.at(-1)!.message));
    expect(await tile('d1')).toContain(CONTACT);
    expect(await tile('t1')).not.toContain(CONTACT);
  });

  it('handed back to the director (the teacher told), the next reminder goes to the director', async () => {
    const asked = await chat.say(u.d1, CONTACT);
    expect(asked.text).toContain(T.current('โรงเรียนผู้ประสานหนึ่ง', 'ครู ก'));
    // (The director answers again: the round's note may follow, in a message of its own.)
    expect((await chat.tap(u.d1, L.director)).entries[0]!.message.text).toBe(T.cleared);
    expect(await inbox('t1')).toBe(T.contactEnded('โรงเรียนผู้ประสานหนึ่ง'));
    expect(await service.database.db.select().from(schoolSurveyContacts)).toEqual([]);
    // Reminders are two office days apart (the default): Wednesday.
    expect(await runSurveyReminders(service.database, clock.set('2027-04-07', '10:30'))).toBe(1);
    expect(await inbox('d1')).toContain('สำรวจผ่านผู้ประสาน');
    expect(await inbox('t1')).toBe('');
    expect((await chat.say(u.t1, MENU_COMMANDS.surveys)).text).not.toContain('สำรวจผ่านผู้ประสาน');
  });

  it('a contact who is no longer a teacher of the school answers no more: the director is reminded again', async () => {
    await chat.say(u.d1, CONTACT);
    await chat.tap(u.d1, 'ครู ข');
    await inbox('t2');
    // ครู ข moves to the other school (an admin's change of the directory).
    const two = (await service.database.db.select().from(people).where(eq(people.id, id.d2)))[0]!.schoolId!;
    await service.database.db.update(people).set({ schoolId: two }).where(eq(people.id, id.t2));
    expect(await runSurveyReminders(service.database, clock.set('2027-04-09', '10:30'))).toBe(1);
    expect(await inbox('d1')).toContain('สำรวจผ่านผู้ประสาน');
    expect(await inbox('t2')).toBe('');
    // The director is told the school answers through them again, and may name someone else.
    const asked = await chat.say(u.d1, CONTACT);
    expect(asked.text).toContain(T.current('โรงเรียนผู้ประสานหนึ่ง', null));
    expect(asked.labels).toEqual(['ครู ก', L.cancel]);
  });
});

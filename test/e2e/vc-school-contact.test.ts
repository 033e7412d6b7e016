import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq, isNull } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { listVcInvitations } from '../../src/db/repos/vc-sessions.ts';
import { outboxMessages, vcSessions } from '../../src/db/schema.ts';
import { contactLabels } from '../../src/flows/survey-contact/messages.ts';
import { vcLabels as L, vcTexts as T } from '../../src/flows/vc/messages.ts';
import { PICKER_LABELS, tickedLabel } from '../../src/kit/picker.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { actionsIn, chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * A video conference's invitation goes to whoever answers for the school, as its surveys do: the survey contact its
 * director named (not the director), else the director, else its first registered teacher; the officer's summary
 * before sending says whom it reaches. Through the emulator: the director names the contact in the chat, the officer
 * plans the session in the chat; the summary counts one push per school someone can receive for. Its เลือกโรงเรียน
 * picker keeps the list a typed name narrowed it to while schools are ticked.
 */
const clock = testClock('2026-12-14', '08:00'); // Monday
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const db = () => service.database.db;

const DISTRICT = 'อำเภอผู้ประสานวีซี';
const TITLE = 'ประชุมผ่านผู้ประสานงาน';
const u = { officer: '', dA: '', tA1: '', tA2: '', dB: '', tB: '', tC1: '', tC2: '' };

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  const f = officeFactory(db());
  // A: a director and two teachers, the second named contact; B: a director and a teacher; C: two teachers; D: nobody.
  const [a, b, c] = await f.schools(['ก', 'ข', 'ค', 'ง'].map((x) => ({ name: `โรงเรียนประสาน${x}`, district: DISTRICT })));
  for (const [key, name, role, schoolId] of [
    ['officer', 'ช่าง นัดประชุม', 'technician', null],
    ['dA', 'ผอ. ประสานก', 'school_director', a],
    ['tA1', 'ครู ก หนึ่ง', 'teacher', a],
    ['tA2', 'ครู ก สอง', 'teacher', a],
    ['dB', 'ผอ. ประสานข', 'school_director', b],
    ['tB', 'ครู ข หนึ่ง', 'teacher', b],
    ['tC1', 'ครู ค หนึ่ง', 'teacher', c],
    ['tC2', 'ครู ค สอง', 'teacher', c],
  ] as const) {
    u[key] = await chat.newUser(name);
    await f.person(name, role, { lineUserId: u[key], schoolId });
  }
}, 120_000);
afterAll(async () => service.stop());

const pushesTo = async (userId: string) => (await db().select({ id: outboxMessages.id }).from(outboxMessages).where(and(eq(outboxMessages.toUserId, userId), isNull(outboxMessages.replyToken)))).length;

/**
 * The officer plans a session up to the audience question: the title, 09:00–10:00 on `startsAt`'s day, Zoom with
 * `link`, no room, no VC kit, no team. Returns the answer to ไม่ใช้ชุด VC (the team question).
 */
async function planUpToAudience(title: string, startsAt: string, link: string) {
  await chat.say(u.officer, 'ประชุมทางไกล');
  await chat.tap(u.officer, L.newSession);
  const askStart = await chat.say(u.officer, title);
  const askEnd = await chat.tapIn(u.officer, askStart.entries, L.start, { datetime: startsAt });
  await chat.tapIn(u.officer, askEnd.entries, L.end, { time: '10:00' });
  await chat.tap(u.officer, 'Zoom');
  await chat.say(u.officer, link);
  await chat.tap(u.officer, L.noRoom);
  const kit = await chat.tap(u.officer, L.noKit);
  await chat.tap(u.officer, L.teamDone);
  return kit;
}

describe('a video conference invites the school\'s named survey contact', () => {
  it('the summary says whom it reaches; the contact gets the invitation, not the director; a school without one, its director; without a director, its first teacher', async () => {
    // School A's director names its second teacher to answer for the school (its surveys, and now its invitations).
    await chat.say(u.dA, 'ผู้ตอบแบบสำรวจของโรงเรียน');
    await chat.tap(u.dA, 'ครู ก สอง');
    await chat.inbox(u.tA2);

    const kit = await planUpToAudience(TITLE, '2026-12-16T09:00', 'https://zoom.us/j/24680');
    expect(kit.labels).toContain(L.teamDone);
    await chat.tap(u.officer, L.district);
    const summary = await chat.tap(u.officer, DISTRICT);
    const summaryText = JSON.stringify(summary.entries);
    expect(summaryText).toContain('4 โรงเรียน');
    expect(summaryText).toContain(T.reachLine({ contact: 1, director: 1, teacher: 1, nobody: 1 }));
    expect(T.reachLine({ contact: 1, director: 1, teacher: 1, nobody: 1 })).toBe(
      'คำเชิญถึง: ผู้ประสานงานที่โรงเรียนระบุไว้ 1 แห่ง · ผู้อำนวยการ 1 แห่ง · ครู (ยังไม่มี ผอ.ในระบบ) 1 แห่ง · ยังไม่มีผู้รับในระบบ 1 แห่ง',
    );
    // One push per school someone can receive for: the school with nobody takes none of the month's budget.
    expect(summaryText).toContain('ใช้ข้อความ push ไม่เกิน 3 (');
    const before = { dA: await pushesTo(u.dA), tA1: await pushesTo(u.tA1), tA2: await pushesTo(u.tA2) };
    await chat.tapIn(u.officer, summary.entries, L.confirm);

    const [session] = await db().select().from(vcSessions).where(eq(vcSessions.title, TITLE));
    const invitations = await listVcInvitations(db(), DEFAULT_OFFICE_ID, session!.id);
    expect(invitations).toHaveLength(4);
    // The named contact, not the director nor the school's first teacher.
    const contactInbox = await chat.inbox(u.tA2);
    expect(contactInbox.text).toContain(TITLE);
    expect(actionsIn(contactInbox.entries).map((a) => a.label).slice(0, 2)).toEqual([L.join, L.decline]);
    expect(await pushesTo(u.tA2)).toBe(before.tA2 + 1);
    expect((await chat.inbox(u.dA)).text).not.toContain(TITLE);
    expect(await pushesTo(u.dA)).toBe(before.dA);
    expect(await pushesTo(u.tA1)).toBe(before.tA1);
    // No contact: the director, as before; no director: the first registered teacher.
    expect((await chat.inbox(u.dB)).text).toContain(TITLE);
    expect((await chat.inbox(u.tB)).text).not.toContain(TITLE);
    expect((await chat.inbox(u.tC1)).text).toContain(TITLE);
    expect((await chat.inbox(u.tC2)).text).not.toContain(TITLE);

    // The contact answers for the school from the card.
    const answered = await chat.tapIn(u.tA2, contactInbox.entries, L.join);
    expect(answered.text).toContain(T.answered('join', 'โรงเรียนประสานก'));
  });

  it('the director hands the surveys back: the next session invites the director again', async () => {
    await chat.say(u.dA, 'ผู้ตอบแบบสำรวจของโรงเรียน');
    await chat.tap(u.dA, contactLabels.director);
    await chat.inbox(u.tA2);

    await planUpToAudience(`${TITLE} ครั้งที่ 2`, '2026-12-17T09:00', 'https://zoom.us/j/13579');
    await chat.tap(u.officer, L.district);
    const summary = await chat.tap(u.officer, DISTRICT);
    expect(JSON.stringify(summary.entries)).toContain(T.reachLine({ contact: 0, director: 2, teacher: 1, nobody: 1 }));
    await chat.tapIn(u.officer, summary.entries, L.confirm);
    expect((await chat.inbox(u.dA)).text).toContain(`${TITLE} ครั้งที่ 2`);
    expect((await chat.inbox(u.tA2)).text).not.toContain(`${TITLE} ครั้งที่ 2`);
  });

  it('เลือกโรงเรียน: a typed part of a name narrows the picker, and it stays narrowed while schools are ticked, until แสดงทั้งหมด', async () => {
    await planUpToAudience(`${TITLE} ครั้งที่ 3`, '2026-12-18T09:00', 'https://zoom.us/j/97531');
    await chat.tap(u.officer, L.schools);
    const rest = [PICKER_LABELS.showAll, L.schoolsDone, L.quit];
    // The buttons name the schools without โรงเรียน (the full name is what the chat shows tapped).
    expect((await chat.say(u.officer, 'ประสาน')).labels).toEqual(['ประสานก', 'ประสานข', 'ประสานค', 'ประสานง', ...rest]);
    const one = await chat.tap(u.officer, 'ประสานก');
    expect(one.text).toContain(T.schoolsNarrowedTo('ประสาน', 4));
    expect(one.text).toContain(T.askSchools(1));
    expect(one.labels).toEqual([tickedLabel('ประสานก', true), 'ประสานข', 'ประสานค', 'ประสานง', ...rest]);
    const two = await chat.tap(u.officer, 'ประสานข');
    expect(two.labels).toEqual([tickedLabel('ประสานก', true), tickedLabel('ประสานข', true), 'ประสานค', 'ประสานง', ...rest]);
    const notFound = await chat.say(u.officer, 'ไม่มีโรงเรียนนี้แน่นอน');
    expect(notFound.text).toContain(T.noSchoolFound);
    expect(notFound.labels).toEqual(two.labels);
    const all = await chat.tap(u.officer, PICKER_LABELS.showAll);
    expect(all.text).toContain(T.askSchools(2));
    expect(all.text).not.toContain(T.schoolsNarrowedTo('ประสาน', 4));
    expect(all.labels).not.toContain(PICKER_LABELS.showAll);
    const summary = await chat.tap(u.officer, L.schoolsDone);
    expect(JSON.stringify(summary.entries)).toContain('2 โรงเรียน');
    expect(JSON.stringify(summary.entries)).toContain(T.reachLine({ contact: 0, director: 2, teacher: 0, nobody: 0 }));
  });
});

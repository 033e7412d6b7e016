import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { createLoan } from '../../src/db/repos/loans.ts';
import { insertBooking } from '../../src/db/repos/room-bookings.ts';
import { insertVcSession, inviteAudience, listVcInvitations } from '../../src/db/repos/vc-sessions.ts';
import { lineChannels, loanKits, loanReservations, loans, offices, outboxMessages, roomBookings, rooms, vcSessions } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { importRoomsCsv } from '../../src/flows/bookings/rooms-csv.ts';
import { DISTRICT_HEADER, SESSION_HEADER } from '../../src/flows/vc/sessions-csv.ts';
import ExcelJS from 'exceljs';
import { runVcSessionsCommand } from '../../scripts/vc-sessions.ts';
import { answerAction, byDistrictAction, newSessionAction, scoreAction } from '../../src/flows/vc/actions.ts';
import { can } from '../../src/domain/permissions.ts';
import { ROLES, roleNeedsSchool } from '../../src/domain/roles.ts';
import { executeVc, pushInvitations } from '../../src/flows/vc/execute.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import { RefusedWithAnswer } from '../../src/kit/execute.ts';
import { createLogger } from '../../src/logger.ts';
import { runVcLinks, runVcReminders, runVcWrapUps } from '../../src/flows/vc/jobs.ts';
import { vcLabels as L, vcTexts as T } from '../../src/flows/vc/messages.ts';
import { PICKER_LABELS, tickedLabel } from '../../src/kit/picker.ts';
import { deniedMessage, schoolButtonLabel } from '../../src/kit/steps.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { encodeSealedPostback } from '../../src/line/postback.ts';
import { richMenuDefinitions } from '../../src/line/rich-menus/definitions.ts';
import { actionsIn, chatDriver, dataOf } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import type { ConversationEntry } from '../support/service.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * ประชุมทางไกล through the emulator: an officer plans a session for 150 schools (a room booked with it), each
 * school's director gets one push with the card, answers come in and the officer sees them by district and who has
 * not answered; non-responders are reminded once (a digest for a director with two), the joined schools get the link
 * before the start; attendance by the school (เข้าร่วมแล้ว) and by the officer (its picker kept narrowed to a typed
 * name while ticking, until แสดงทั้งหมด), the evaluation (a survey: answering
 * it is test/e2e/vc-evaluation.test.ts), and the report to the area director. Roles without the permission are
 * refused; another office's session is never shown.
 */

// Monday 14 December 2026, 08:00 in Bangkok; the session is on Wednesday the 16th, 09:00–11:00.
const clock = testClock('2026-12-14', '08:00');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const db = () => service.database.db;

const CLUSTER = 'เครือข่ายทดสอบวีซี';
const DISTRICTS = ['อำเภอทดสอบหนึ่ง', 'อำเภอทดสอบสอง', 'อำเภอทดสอบสาม'];
const ROOM = 'ห้องประชุมวีซี';
const KIT = 'ชุด VC ทดสอบ';
const TITLE = 'ประชุมชี้แจงการสอบ O-NET';
const OTHER_OFFICE = 'khet-vc-other';

const u: Record<string, string> = {};
const directors: string[] = [];
const schoolIds: number[] = [];
const schoolName = (i: number) => `โรงเรียนวีซี ${String(i + 1).padStart(3, '0')}`;

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  await db().delete(rooms);
  await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ\n${ROOM},20\n`, clock.now());
  const f = officeFactory(db());
  await f.loanItem('T-VC-1', 'กล้อง VC ทดสอบ', 'vc_kit', KIT);
  schoolIds.push(...(await f.schools(Array.from({ length: 150 }, (_, i) => ({ name: schoolName(i), district: DISTRICTS[i % 3]!, cluster: CLUSTER })))));
  const created = await Promise.all(schoolIds.map((_, i) => chat.newUser(`ผอ.วีซี ${i + 1}`)));
  for (const [i, userId] of created.entries()) {
    directors.push(userId);
    await f.person(`ผอ.วีซี ${i + 1}`, 'school_director', { lineUserId: userId, schoolId: schoolIds[i]! });
  }
  for (const [key, name, role, schoolId] of [
    ['officer', 'ช่าง ประชุมเก่ง', 'technician', null],
    ['tech2', 'ช่าง เวรวีซี', 'technician', null],
    ['area', 'ผอ.สพป. ทดสอบ', 'area_director', null],
    ['clerk', 'ธุรการ ทดสอบ', 'saraban_clerk', null],
    ['teacher', 'ครูผู้ประสานงาน', 'teacher', schoolIds[140]!],
    ['outsider', 'ครูนอกเครือข่าย', 'teacher', await f.school('โรงเรียนนอกเครือข่าย', DISTRICTS[0]!)],
  ] as const) {
    u[key] = await chat.newUser(name);
    await f.person(name, role, { lineUserId: u[key], schoolId });
  }
  await db().insert(offices).values({ id: OTHER_OFFICE, name: 'สพป. อื่น' }).onConflictDoNothing();
}, 180_000);
afterAll(async () => service.stop());

const pushesTo = async (userId: string) => (await db().select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.toUserId, userId))).length;
const labels = (entries: ConversationEntry[]) => actionsIn(entries).map((a) => a.label);

let sessionId = 0;

/** The channel's secret, to forge or replay a sealed button. */
async function channelSecret(): Promise<string> {
  const [channel] = await db().select({ secret: lineChannels.channelSecret }).from(lineChannels).where(eq(lineChannels.id, DEFAULT_CHANNEL_ID));
  return channel!.secret;
}
const cards: ConversationEntry[][] = [];

describe('a video conference for 150 schools', () => {
  it('จองห้อง offers ประชุมทางไกล to those who plan sessions (the technicians also have its tile), not to others', async () => {
    const quickTexts = (entries: ConversationEntry[]) =>
      ((entries.at(-1)?.message.quickReply as { items?: Array<{ action: { type: string; text?: string } }> } | undefined)?.items ?? []).filter((i) => i.action.type === 'message').map((i) => i.action.text);
    expect(quickTexts((await chat.say(u.officer!, 'จองห้อง')).entries)).toEqual(['ประชุมทางไกล']);
    expect(quickTexts((await chat.say(u.teacher!, 'จองห้อง')).entries)).toEqual([]);
    expect(richMenuDefinitions().get('technician')!.tiles.map((t) => t.text)).toContain('ประชุมทางไกล');
  });

  it('the officer plans it in the chat: title, start and end, platform, link, a free room, the invited; confirm sends the invitations', async () => {
    const start = await chat.say(u.officer!, 'ประชุมทางไกล');
    expect(start.text).toBe(T.officerIntro(0));
    expect(start.labels).toEqual([L.newSession]);
    expect((await chat.tap(u.officer!, L.newSession)).text).toBe(T.askTitle);
    const askStart = await chat.say(u.officer!, TITLE);
    expect(askStart.text).toBe(T.askStart);
    const askEnd = await chat.tapIn(u.officer!, askStart.entries, L.start, { datetime: '2026-12-16T09:00' });
    expect(askEnd.text).toContain('16 ธันวาคม 2569');
    const platform = await chat.tapIn(u.officer!, askEnd.entries, L.end, { time: '11:00' });
    expect(platform.text).toBe(T.askPlatform);
    expect((await chat.tap(u.officer!, 'Zoom')).text).toBe(T.askLink('Zoom'));
    expect((await chat.say(u.officer!, 'ไม่ใช่ลิงก์')).text).toBe(T.badLink);
    const room = await chat.say(u.officer!, 'https://zoom.us/j/123456789');
    expect(room.text).toBe(T.askRoom(1));
    expect(room.labels).toEqual([ROOM, L.noRoom, L.quit]);
    const kit = await chat.tap(u.officer!, ROOM);
    expect(kit.text).toContain('ใช้ชุดประชุมทางไกล (VC) ชุดใดคะ');
    expect(kit.labels).toContain(KIT);
    const team = await chat.tap(u.officer!, KIT);
    expect(team.text).toBe(T.askTeam(1));
    expect(team.labels).toEqual(expect.arrayContaining([L.ticked('ช่าง ประชุมเก่ง'), 'ช่าง เวรวีซี', L.teamDone]));
    expect((await chat.tap(u.officer!, 'ช่าง เวรวีซี')).text).toBe(T.askTeam(2));
    expect((await chat.tap(u.officer!, L.teamDone)).text).toBe(T.askAudience);
    const group = await chat.tap(u.officer!, L.cluster);
    expect(group.labels).toContain(CLUSTER);
    const summary = await chat.tap(u.officer!, CLUSTER);
    const summaryText = JSON.stringify(summary.entries);
    expect(summaryText).toContain(TITLE);
    expect(summaryText).toContain('150 โรงเรียน');
    expect(summaryText).toContain(T.kitLine(KIT));
    expect(summaryText).toContain('ช่าง เวรวีซี');
    // What the invitations will use of the month's push budget (LINE_MONTHLY_MESSAGE_BUDGET, 300 by default).
    expect(summaryText).toContain('ใช้ข้อความ push ไม่เกิน 150 (เดือนนี้ใช้ไป 0 จาก 300)');
    const done = await chat.tapIn(u.officer!, summary.entries, L.confirm);
    expect(done.text).toBe(T.planned(TITLE, 150));

    const [session] = await db().select().from(vcSessions).where(eq(vcSessions.officeId, DEFAULT_OFFICE_ID));
    sessionId = session!.id;
    expect(session).toMatchObject({ title: TITLE, platform: 'zoom', link: 'https://zoom.us/j/123456789', startsAt: bangkokTime('2026-12-16', '09:00'), endsAt: bangkokTime('2026-12-16', '11:00') });
    // The room is booked for the session's time, in the same transaction.
    const [booking] = await db().select().from(roomBookings).where(eq(roomBookings.id, session!.roomBookingId!));
    expect(booking).toMatchObject({ state: 'confirmed', startsAt: bangkokTime('2026-12-16', '09:00'), endsAt: bangkokTime('2026-12-16', '11:00') });
    // The VC kit is reserved for the day as the office's own loan, approved.
    const [loan] = await db().select().from(loans).where(eq(loans.purpose, T.kitPurpose(TITLE)));
    expect(loan).toMatchObject({ state: 'approved', startsOn: '2026-12-16', endsOn: '2026-12-16' });
    expect(session!.kitId).not.toBeNull();
    expect((await db().select().from(loanReservations).where(eq(loanReservations.loanId, loan!.id))).length).toBe(1);
    // The team on duty: the organiser and the technician chosen, who is told.
    expect(session!.team).toHaveLength(2);
    expect((await chat.inbox(u.tech2!)).text).toContain(T.toTeam(TITLE, '16 ธันวาคม 2569 เวลา 09:00–11:00 น.', 'https://zoom.us/j/123456789'));
    // The summary's button cannot plan it twice.
    expect((await chat.tapIn(u.officer!, summary.entries, L.confirm)).text).toBe(botMessages.buttonNoLongerValid);
    expect(await db().select().from(vcSessions)).toHaveLength(1);
  });

  it('each school\'s director gets the invitation once, as a card with เข้าร่วม / ไม่สะดวก / แจ้งชื่อผู้เข้าร่วม', async () => {
    const invitations = await listVcInvitations(db(), DEFAULT_OFFICE_ID, sessionId);
    expect(invitations).toHaveLength(150);
    expect(invitations.every((i) => i.pushedAt !== null)).toBe(true);
    for (const [i, director] of directors.entries()) {
      const inbox = await chat.inbox(director);
      if (i < 3) expect(inbox.text).toContain(TITLE);
      expect(labels(inbox.entries).slice(0, 3)).toEqual([L.join, L.decline, L.delegate]);
      expect(JSON.stringify(inbox.entries)).toContain(schoolName(i));
      cards.push(inbox.entries);
      expect(await pushesTo(director)).toBe(1);
    }
    // The teacher of a school whose director was invited gets nothing.
    expect((await chat.inbox(u.teacher!)).entries).toHaveLength(0);
  });

  it('schools answer: เข้าร่วม, ไม่สะดวก, who they send; an old button and another school\'s card are refused', async () => {
    // 60 join, 20 decline, all at once.
    await Promise.all(directors.slice(0, 80).map((d, i) => chat.emulator.tap(d, dataOf(cards[i]!, i < 60 ? L.join : L.decline))));
    await chat.settle();
    const first = await chat.inbox(directors[0]!);
    expect(first.text).toContain(T.answered('join', schoolName(0)));
    const declined = await chat.inbox(directors[70]!);
    expect(declined.text).toContain(T.answered('decline', schoolName(70)));
    for (const d of directors.slice(1, 80)) await chat.inbox(d);

    // The first card's buttons are spent: the answer's card carries the new version.
    expect((await chat.tapIn(directors[0]!, cards[0]!, L.decline)).text).toBe(botMessages.buttonNoLongerValid);
    const ask = await chat.tapIn(directors[0]!, first.entries, L.delegate);
    expect(ask.text).toBe(T.askDelegate(schoolName(0)));
    const saved = await chat.say(directors[0]!, 'ครูสมชาย ใจดี ครูวิชาการ');
    expect(saved.text).toContain(T.delegateSaved('ครูสมชาย ใจดี ครูวิชาการ'));
    // The card acts for the tapping person's own school: someone whose school was not invited is told so, and a
    // school that answered already finds the forwarded first card spent.
    expect((await chat.tapIn(u.outsider!, cards[149]!, L.join)).text).toBe(T.notInvited);
    expect((await chat.tapIn(directors[1]!, cards[149]!, L.decline)).text).toBe(botMessages.buttonNoLongerValid);

    const invitations = await listVcInvitations(db(), DEFAULT_OFFICE_ID, sessionId);
    expect(invitations.filter((i) => i.answer === 'join')).toHaveLength(60);
    expect(invitations.filter((i) => i.answer === 'decline')).toHaveLength(20);
    expect(invitations.find((i) => i.schoolName === schoolName(0))?.delegate).toBe('ครูสมชาย ใจดี ครูวิชาการ');
  });

  it('the officer sees the answers live: counts on the card, by district, and who has not answered', async () => {
    const list = await chat.say(u.officer!, 'ประชุมทางไกล');
    expect(list.text).toContain(T.officerIntro(1));
    const card = JSON.stringify(list.entries);
    expect(card).toContain(T.countsLine(60, 20, 70));
    const byDistrict = await chat.tapIn(u.officer!, list.entries, L.byDistrict);
    expect(byDistrict.text).toContain(T.districtLine(DISTRICTS[0]!, 20, 7, 23, 50));
    const waiting = await chat.tapIn(u.officer!, list.entries, L.unanswered);
    expect(waiting.text).toContain('ยังไม่ตอบ 70 โรงเรียน');
    expect(waiting.text).toContain(schoolName(80));
    expect(waiting.text).not.toContain(schoolName(79));
  });

  it('non-responders are reminded once, a director with two unanswered invitations in one digest; those who answered are not', async () => {
    // A second session, invited to the last ten schools (directly through the repository).
    const officer = await chat.personOf(u.officer!);
    await db().transaction(async (tx) => {
      const id = await insertVcSession(tx, { officeId: DEFAULT_OFFICE_ID, title: 'อบรมครู ICT', startsAt: bangkokTime('2026-12-17', '13:00'), endsAt: bangkokTime('2026-12-17', '15:00'), platform: 'meet', link: 'https://meet.google.com/abc-defg-hij', roomBookingId: null, kitId: null, team: [officer.id], organiserId: officer.id, audience: { kind: 'schools', ids: schoolIds.slice(140) } }, clock.now());
      await inviteAudience(tx, DEFAULT_OFFICE_ID, id, { kind: 'schools', ids: schoolIds.slice(140) });
      await pushInvitations(tx, DEFAULT_OFFICE_ID, id, clock.now());
    });
    await chat.settle();
    for (const d of directors.slice(140)) await chat.inbox(d);

    // Not yet: the reminder is due one office day after the invitation.
    expect((await runVcReminders(service.database, clock.set('2026-12-14', '15:00'))).marked).toBe(0);
    const due = await runVcReminders(service.database, clock.set('2026-12-15', '09:00'));
    expect(due.marked).toBe(70);
    expect((await runVcReminders(service.database, clock.set('2026-12-15', '10:00'))).marked).toBe(0);
    await chat.settle();

    const reminded = await chat.inbox(directors[80]!);
    expect(reminded.text).toContain(T.reminder(TITLE, '16 ธันวาคม 2569 เวลา 09:00–11:00 น.'));
    expect(labels(reminded.entries)).toContain(L.join);
    const digest = await chat.inbox(directors[145]!);
    expect(digest.text).toContain('ยังมีคำเชิญประชุมทางไกล 2 รายการ');
    expect(digest.text).toContain('อบรมครู ICT');
    expect((await chat.inbox(directors[0]!)).entries).toHaveLength(0);
    expect((await chat.inbox(directors[70]!)).entries).toHaveLength(0);
    expect(await pushesTo(directors[80]!)).toBe(2);
    for (const d of directors) await chat.inbox(d);
  });

  it('the schools that join get the link before the start, once; เข้าร่วมแล้ว works from the start', async () => {
    expect((await runVcLinks(service.database, clock.set('2026-12-16', '08:00'))).marked).toBe(0);
    expect((await runVcLinks(service.database, clock.set('2026-12-16', '08:35'))).marked).toBe(1);
    expect((await runVcLinks(service.database, clock.set('2026-12-16', '08:36'))).marked).toBe(0);
    await chat.settle();
    const link = await chat.inbox(directors[0]!);
    expect(link.text).toContain('https://zoom.us/j/123456789');
    expect(labels(link.entries)).toContain(L.attended);
    expect((await chat.inbox(u.tech2!)).text).toContain('https://zoom.us/j/123456789');
    expect((await chat.inbox(directors[70]!)).entries).toHaveLength(0);
    expect((await chat.inbox(directors[100]!)).entries).toHaveLength(0);
    for (const d of directors.slice(1, 60)) expect((await chat.inbox(d)).text).toContain('https://zoom.us/j/123456789');

    expect((await chat.tapIn(directors[0]!, link.entries, L.attended)).text).toBe(T.notStarted);
    clock.set('2026-12-16', '09:10');
    // The evaluation is a survey the officer sends after the session (test/e2e/vc-evaluation.test.ts): only thanks here.
    expect((await chat.tapIn(directors[0]!, link.entries, L.attended)).text).toBe(T.attendedThanks);
    expect((await chat.tapIn(directors[0]!, link.entries, L.attended)).text).toBe(botMessages.buttonNoLongerValid);
    // A question of the old three-question evaluation still in a chat (sent before it became a survey) is answered
    // and kept; its buttons are spent once used.
    const secret = await channelSecret();
    const invitation = (await listVcInvitations(db(), DEFAULT_OFFICE_ID, sessionId)).find((i) => i.schoolId === schoolIds[0])!;
    const old = (q: number, n: number) => encodeSealedPostback(scoreAction, { i: invitation.id, q, n }, secret);
    expect((await chat.tapData(directors[0]!, old(0, 4))).text).toContain('ข้อ 2/3');
    expect((await chat.tapData(directors[0]!, old(1, 5))).text).toContain('ข้อ 3/3');
    expect((await chat.tapData(directors[0]!, old(2, 5))).text).toBe(T.evaluationThanks);
    expect((await chat.tapData(directors[0]!, old(0, 1))).text).toBe(botMessages.buttonNoLongerValid);
  });

  it('when the session ends its organiser gets its card, once; ticks a school, sends the evaluation to the attendees, and reports to the area director', async () => {
    expect((await runVcWrapUps(service.database, clock.now())).marked).toBe(0);
    expect((await runVcWrapUps(service.database, clock.set('2026-12-16', '11:05'))).marked).toBe(1);
    expect((await runVcWrapUps(service.database, clock.set('2026-12-16', '11:06'))).marked).toBe(0);
    await chat.settle();
    const wrapUp = await chat.inbox(u.officer!);
    expect(wrapUp.text).toContain(T.wrapUp(TITLE));
    expect(labels(wrapUp.entries)).toEqual(expect.arrayContaining([L.attendance, L.sendEvaluation, L.report]));
    const list = await chat.say(u.officer!, 'ประชุมทางไกล');
    const picker = await chat.tapIn(u.officer!, list.entries, L.attendance);
    expect(picker.text).toBe(T.askAttendance(1, 150));
    // A typed part of a name narrows the picker, and it stays narrowed while schools are ticked, until แสดงทั้งหมด.
    const nine = Array.from({ length: 9 }, (_, i) => schoolButtonLabel(schoolName(i)));
    const rest = [PICKER_LABELS.showAll, L.quit];
    const narrowed = await chat.say(u.officer!, 'วีซี 00');
    expect(narrowed.text).toContain(T.schoolsNarrowedTo('วีซี 00', 9));
    expect(narrowed.labels).toEqual([tickedLabel(nine[0]!, true), ...nine.slice(1), ...rest]);
    const ticked = await chat.tap(u.officer!, 'วีซี 002');
    expect(ticked.text).toContain(T.ticked(schoolName(1), true));
    expect(ticked.text).toContain(T.schoolsNarrowedTo('วีซี 00', 9));
    expect(ticked.text).toContain(T.askAttendance(2, 150));
    expect(ticked.labels).toEqual([tickedLabel(nine[0]!, true), tickedLabel(nine[1]!, true), ...nine.slice(2), ...rest]);
    const notFound = await chat.say(u.officer!, 'ไม่มีโรงเรียนนี้แน่นอน');
    expect(notFound.text).toContain(T.noSchoolFound);
    expect(notFound.labels).toEqual(ticked.labels);
    const all = await chat.tap(u.officer!, PICKER_LABELS.showAll);
    expect(all.text).toBe(T.askAttendance(2, 150));
    expect(all.labels).toEqual(expect.arrayContaining([tickedLabel(nine[0]!, true), tickedLabel(nine[1]!, true), schoolButtonLabel(schoolName(9)), PICKER_LABELS.next]));
    expect(all.labels).not.toContain(PICKER_LABELS.showAll);

    const card = await chat.say(u.officer!, 'ประชุมทางไกล');
    expect(JSON.stringify(card.entries)).toContain(T.attendedLine(2));
    // The school that answered the old three questions is not asked again; the other gets the survey.
    const sent = await chat.tapIn(u.officer!, card.entries, L.sendEvaluation);
    expect(sent.text).toBe(T.evaluationSent(1));
    const invite = await chat.inbox(directors[1]!);
    expect(invite.text).toContain(`"${TITLE}"`);
    expect(labels(invite.entries)).toEqual([L.answerEvaluation]);
    expect((await chat.inbox(directors[0]!)).entries).toHaveLength(0);
    // Sent again: nobody is asked twice.
    const again = await chat.tapIn(u.officer!, card.entries, L.sendEvaluation);
    expect(again.text).toBe(T.evaluationSent(0));

    const reported = await chat.tapIn(u.officer!, card.entries, L.report);
    expect(reported.text).toContain(T.reportSent);
    const report = await chat.inbox(u.area!);
    const text = JSON.stringify(report.entries);
    expect(text).toContain(T.reportInvited(150, 150));
    expect(text).toContain(T.reportAnswered(80, 60, 20));
    expect(text).toContain(T.attendedLine(2));
    expect(text).toContain(T.reportEvaluated(1, 4.7));
    expect(text).toContain('ภาพและเสียง: 4/5');
    expect((await chat.tapIn(u.officer!, card.entries, L.report)).text).toBe(botMessages.buttonNoLongerValid);
    expect((await chat.inbox(u.area!)).entries).toHaveLength(0);
  });

  it('roles without the permission are refused; the area director sees the reports; a teacher sees the school\'s open invitations; another office\'s session is never shown', async () => {
    expect((await chat.say(u.clerk!, 'ประชุมทางไกล')).text).toBe(deniedMessage('plan_vc_session'));
    // The area director sees the reports.
    const reports = await chat.say(u.area!, 'ประชุมทางไกล');
    expect(reports.text).toContain(T.reportsIntro(1));
    expect(JSON.stringify(reports.entries)).toContain(T.attendedLine(2));
    // A director replays the officer's button: refused.
    const officerCard = await chat.say(u.officer!, 'ประชุมทางไกล');
    expect((await chat.tapIn(directors[5]!, officerCard.entries, L.byDistrict)).text).toBe(deniedMessage('plan_vc_session'));
    const teacher = await chat.say(u.teacher!, 'ประชุมทางไกล');
    expect(teacher.text).toContain(T.schoolIntro(1));

    const f = officeFactory(db(), OTHER_OFFICE);
    const school = await f.school('โรงเรียนเขตอื่น', 'อำเภออื่น');
    const person = await f.person('ช่างเขตอื่น', 'technician', { lineUserId: null });
    const otherId = await insertVcSession(db(), { officeId: OTHER_OFFICE, title: 'ประชุมของเขตอื่น', startsAt: bangkokTime('2026-12-18', '09:00'), endsAt: bangkokTime('2026-12-18', '10:00'), platform: 'teams', link: 'https://teams.microsoft.com/x', roomBookingId: null, kitId: null, team: [person.id], organiserId: person.id, audience: { kind: 'schools', ids: [school] } }, clock.now());
    await inviteAudience(db(), OTHER_OFFICE, otherId, { kind: 'schools', ids: [school] });
    const list = await chat.say(u.officer!, 'ประชุมทางไกล');
    expect(JSON.stringify(list.entries)).not.toContain('ประชุมของเขตอื่น');
    const forged = encodeSealedPostback(byDistrictAction, { s: otherId }, await channelSecret());
    expect((await chat.tapData(u.officer!, forged)).text).toBe(botMessages.buttonNoLongerValid);
    expect(await db().select().from(vcSessions).where(and(eq(vcSessions.officeId, DEFAULT_OFFICE_ID)))).toHaveLength(2);
  });

  it('the sessions of a period export to CSV, one row per session or per session and district', async () => {
    const written: string[] = [];
    const io = { out: () => undefined, readFile: async () => '', writeFile: async () => undefined, write: (text: string) => written.push(text) };
    expect(await runVcSessionsCommand(db(), DEFAULT_OFFICE_ID, ['export', '--from=2026-12-01', '--to=2026-12-31'], io, clock.now())).toBe(0);
    const lines = written.join('').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(SESSION_HEADER.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`1,16 ธันวาคม 2569,09:00–11:00,${TITLE},Zoom,${ROOM},${T.audienceCluster(CLUSTER)},150,60,20,70,2,1,4,5,5,4.7,${T.stateLabels.ended}`);
    expect(lines[2]).toContain('อบรมครู ICT');
    written.length = 0;
    expect(await runVcSessionsCommand(db(), DEFAULT_OFFICE_ID, ['export', '--from=2026-12-16', '--to=2026-12-16', '--by=district'], io, clock.now())).toBe(0);
    const byDistrict = written.join('').trim().split('\r\n');
    expect(byDistrict).toHaveLength(4);
    expect(byDistrict).toContain(`16 ธันวาคม 2569,${TITLE},${DISTRICTS[0]},50,20,7,23,1`);
    expect(await runVcSessionsCommand(db(), DEFAULT_OFFICE_ID, ['export', '--to=nope'], io, clock.now())).toBe(2);
    // Another office's session is not in this office's file.
    expect(written.join('')).not.toContain('ประชุมของเขตอื่น');
  });

  it('the same export as an Excel file (--out=….xlsx): the CSV\'s columns with their Thai headers, วันที่ a date shown with the Buddhist year, the figures numbers', async () => {
    const files = new Map<string, string | Buffer>();
    const said: string[] = [];
    const io = { out: (line: string) => void said.push(line), readFile: async () => '', writeFile: async (path: string, content: string | Buffer) => void files.set(path, content), write: () => undefined };
    expect(await runVcSessionsCommand(db(), DEFAULT_OFFICE_ID, ['export', '--from=2026-12-01', '--to=2026-12-31', '--out=/tmp/vc.xlsx'], io, clock.now())).toBe(0);
    expect(said).toEqual(['บันทึกแล้ว: /tmp/vc.xlsx']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(files.get('/tmp/vc.xlsx') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('ประชุมทางไกล');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...SESSION_HEADER]);
    expect(sheet.rowCount).toBe(3);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(row).toEqual([1, new Date('2026-12-16T00:00:00Z'), '09:00–11:00', TITLE, 'Zoom', ROOM, T.audienceCluster(CLUSTER), 150, 60, 20, 70, 2, 1, 4, 5, 5, 4.7, T.stateLabels.ended]);
    // Excel's Thai locale with the Buddhist calendar: the day reads 16 ธันวาคม 2569.
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('[$-107041E]d mmmm yyyy;@');
    expect(String(sheet.getRow(3).getCell(4).value)).toContain('อบรมครู ICT');

    expect(await runVcSessionsCommand(db(), DEFAULT_OFFICE_ID, ['export', '--from=2026-12-16', '--to=2026-12-16', '--by=district', '--out=/tmp/vc-district.xlsx'], io, clock.now())).toBe(0);
    const byDistrict = new ExcelJS.Workbook();
    await byDistrict.xlsx.load(files.get('/tmp/vc-district.xlsx') as unknown as ArrayBuffer);
    const rows = byDistrict.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual([...DISTRICT_HEADER]);
    expect(rows).toHaveLength(4);
    expect(rows).toContainEqual([new Date('2026-12-16T00:00:00Z'), TITLE, DISTRICTS[0], 50, 20, 7, 23, 1]);
  });

  it('a room booked by someone else while the officer was planning: the database refuses it, the officer is told, nothing is written', async () => {
    await chat.say(u.officer!, 'ประชุมทางไกล');
    await chat.tap(u.officer!, L.newSession);
    const askStart = await chat.say(u.officer!, 'ประชุมห้องชน');
    const askEnd = await chat.tapIn(u.officer!, askStart.entries, L.start, { datetime: '2026-12-18T09:00' });
    await chat.tapIn(u.officer!, askEnd.entries, L.end, { time: '10:00' });
    await chat.tap(u.officer!, 'Webex');
    await chat.say(u.officer!, 'https://webex.com/meet/x');
    await chat.tap(u.officer!, ROOM);
    await chat.tap(u.officer!, L.noKit);
    await chat.tap(u.officer!, L.teamDone);
    await chat.tap(u.officer!, L.schools);
    await chat.tap(u.officer!, schoolButtonLabel(schoolName(0)));
    const summary = await chat.tap(u.officer!, L.schoolsDone);
    expect(JSON.stringify(summary.entries)).toContain('1 โรงเรียน');
    // Meanwhile someone books the room at that time.
    const [room] = await db().select().from(rooms).where(eq(rooms.name, ROOM));
    const teacher = await chat.personOf(u.teacher!);
    const taken = await insertBooking(db(), { officeId: DEFAULT_OFFICE_ID, roomId: room!.id, bookerId: teacher.id, title: 'ประชุมครู', people: 5, needs: [], startsAt: bangkokTime('2026-12-18', '09:30'), endsAt: bangkokTime('2026-12-18', '10:30'), state: 'confirmed' }, clock.now());
    expect(taken.ok).toBe(true);
    const before = (await db().select().from(vcSessions)).length;
    const refused = await chat.tapIn(u.officer!, summary.entries, L.confirm);
    expect(refused.text).toBe(T.roomTaken);
    expect(await db().select().from(vcSessions)).toHaveLength(before);
    expect((await chat.inbox(directors[0]!)).entries).toHaveLength(0);
  });

  it('a VC kit taken by a loan while the officer was planning: the loans\' constraint refuses it, the officer is told, nothing is written', async () => {
    await chat.say(u.officer!, 'ประชุมทางไกล');
    await chat.tap(u.officer!, L.newSession);
    const askStart = await chat.say(u.officer!, 'ประชุมชุดชน');
    const askEnd = await chat.tapIn(u.officer!, askStart.entries, L.start, { datetime: '2026-12-21T13:00' });
    await chat.tapIn(u.officer!, askEnd.entries, L.end, { time: '14:00' });
    await chat.tap(u.officer!, 'Zoom');
    await chat.say(u.officer!, 'https://zoom.us/j/999');
    await chat.tap(u.officer!, L.noRoom);
    await chat.tap(u.officer!, KIT);
    await chat.tap(u.officer!, L.teamDone);
    await chat.tap(u.officer!, L.schools);
    await chat.tap(u.officer!, schoolButtonLabel(schoolName(0)));
    const summary = await chat.tap(u.officer!, L.schoolsDone);
    expect(JSON.stringify(summary.entries)).toContain(T.kitLine(KIT));
    // Meanwhile a teacher's loan gets the kit that day.
    const [kit] = await db().select().from(loanKits).where(eq(loanKits.name, KIT));
    const teacher = await chat.personOf(u.teacher!);
    const taken = await createLoan(db(), { officeId: DEFAULT_OFFICE_ID, requesterId: teacher.id, schoolId: null, purpose: 'สอนออนไลน์', place: 'โรงเรียน', startsOn: '2026-12-21', endsOn: '2026-12-21', needsEndorsement: false, lines: [{ target: { kind: 'kit', id: kit!.id }, quantity: 1 }] }, clock.now());
    expect(taken.ok).toBe(true);
    const before = (await db().select().from(vcSessions)).length;
    const refused = await chat.tapIn(u.officer!, summary.entries, L.confirm);
    expect(refused.text).toBe(T.kitTaken);
    expect(await db().select().from(vcSessions)).toHaveLength(before);
  });

  it('no session room on the office\'s holiday: the room picker offers none, and the executor refuses a room it is given', async () => {
    await upsertHolidays(db(), DEFAULT_OFFICE_ID, [{ date: '2026-12-23', name: 'วันหยุดทดสอบวีซี' }]);
    await chat.say(u.officer!, 'ประชุมทางไกล');
    await chat.tap(u.officer!, L.newSession);
    const askStart = await chat.say(u.officer!, 'ประชุมวันหยุด');
    const askEnd = await chat.tapIn(u.officer!, askStart.entries, L.start, { datetime: '2026-12-23T09:00' });
    await chat.tapIn(u.officer!, askEnd.entries, L.end, { time: '10:00' });
    await chat.tap(u.officer!, 'Zoom');
    const room = await chat.say(u.officer!, 'https://zoom.us/j/2312');
    expect(room.text).toBe(T.askRoom(0));
    expect(room.labels).not.toContain(ROOM);
    await chat.tap(u.officer!, L.quit);
    // The executor checks again with the holidays (a summary drawn before the holiday was entered).
    const [vcRoom] = await db().select().from(rooms).where(eq(rooms.name, ROOM));
    const env = { channelId: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, lineUserId: u.officer!, now: clock.now(), person: await chat.personOf(u.officer!), logger: createLogger('silent') };
    const before = (await db().select().from(roomBookings)).length;
    const refusal = await db()
      .transaction((tx) =>
        executeVc(tx, { type: 'planSession', title: 'ประชุมวันหยุด', startsAt: bangkokTime('2026-12-23', '09:00'), endsAt: bangkokTime('2026-12-23', '10:00'), platform: 'zoom', link: 'https://zoom.us/j/2312', roomId: vcRoom!.id, kitId: null, team: [], audience: { kind: 'all' } }, env),
      )
      .catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(RefusedWithAnswer);
    expect((refusal as RefusedWithAnswer).messages).toEqual([{ type: 'text', text: T.roomTaken }]);
    expect(await db().select().from(roomBookings)).toHaveLength(before);
  });

  it('the link is pasted, or a room\'s standing link tapped (its message sends the link, read as if pasted)', async () => {
    const STANDING = 'https://zoom.us/my/khet-vc-room';
    await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ลิงก์ประชุมประจำห้อง\n${ROOM},${STANDING}\n`, clock.now());
    await chat.say(u.officer!, 'ประชุมทางไกล');
    await chat.tap(u.officer!, L.newSession);
    const askStart = await chat.say(u.officer!, 'ประชุมห้องประจำ');
    const askEnd = await chat.tapIn(u.officer!, askStart.entries, L.start, { datetime: '2026-12-21T13:00' });
    await chat.tapIn(u.officer!, askEnd.entries, L.end, { time: '14:00' });
    const askLink = await chat.tap(u.officer!, 'Zoom');
    expect(askLink.text).toBe(T.askLinkOrStanding('Zoom'));
    const items = (askLink.entries.at(-1)!.message.quickReply as { items: Array<{ action: { type: string; label: string; text?: string } }> }).items;
    expect(items.find((i) => i.action.label === L.standingLink(ROOM))?.action).toEqual({ type: 'message', label: L.standingLink(ROOM), text: STANDING });
    // LINE sends the action's text as the officer's message: the link step takes it and asks the room.
    expect((await chat.say(u.officer!, STANDING)).text).toBe(T.askRoom(1));
    await chat.tap(u.officer!, L.quit);
  });
});

describe('every role × the video-conference actions', () => {
  it('plans and follows (technician, group director), answers for a school (its director, a teacher as contact), reads the reports (the directors): the rest refused politely', async () => {
    const f = officeFactory(db());
    const school = await f.school('โรงเรียนบทบาทวีซี', DISTRICTS[1]!);
    const secret = await channelSecret();
    // Buttons replayed as if forwarded: an officer's (the answers by district, นัดประชุมใหม่) and a school's (เข้าร่วม, v 99).
    const officerButtons = [encodeSealedPostback(byDistrictAction, { s: sessionId }, secret), encodeSealedPostback(newSessionAction, {}, secret)];
    const schoolButton = encodeSealedPostback(answerAction, { s: sessionId, v: 99, a: 'join' }, secret);
    const planDenied = deniedMessage('plan_vc_session');
    for (const role of ROLES) {
      const userId = await chat.newUser(`บทบาทวีซี ${role}`);
      await f.person(`คุณ ${role} วีซี`, role, { lineUserId: userId, schoolId: roleNeedsSchool(role) ? school : null });
      // Typing ประชุมทางไกล: the officer's list, else the reports, else the school's invitations, else the denial.
      const list = (await chat.say(userId, 'ประชุมทางไกล')).text;
      const expected = can(role, 'plan_vc_session') ? 'sessions' : can(role, 'view_office_report') ? 'reports' : can(role, 'answer_vc_invitation') ? 'school' : 'denied';
      const got = list.startsWith('การประชุมทางไกล') || list === T.officerIntro(0) ? 'sessions' : list.startsWith('รายงานการประชุมทางไกล') || list === T.reportsIntro(0) ? 'reports' : list.startsWith('คำเชิญประชุมทางไกล') || list === T.schoolIntro(0) ? 'school' : list === planDenied ? 'denied' : list;
      expect({ role, got }).toEqual({ role, got: expected });
      for (const data of officerButtons) {
        const tapped = await chat.tapData(userId, data);
        expect({ role, denied: tapped.text === planDenied }).toEqual({ role, denied: !can(role, 'plan_vc_session') });
      }
      const answered = await chat.tapData(userId, schoolButton);
      expect({ role, denied: answered.text === deniedMessage('answer_vc_invitation') }).toEqual({ role, denied: !can(role, 'answer_vc_invitation') });
    }
    // Nobody's tap changed the session's invitations: the school was not invited, and the rest were refused.
    expect((await listVcInvitations(db(), DEFAULT_OFFICE_ID, sessionId)).filter((i) => i.schoolName === 'โรงเรียนบทบาทวีซี')).toHaveLength(0);
  });
});

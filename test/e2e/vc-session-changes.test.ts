import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq, isNull } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { createLoan } from '../../src/db/repos/loans.ts';
import { insertBooking } from '../../src/db/repos/room-bookings.ts';
import { getVcSession, listVcInvitations } from '../../src/db/repos/vc-sessions.ts';
import { loanKits, loanReservations, loans, outboxMessages, roomBookings, rooms, vcSessions } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { importRoomsCsv } from '../../src/flows/bookings/rooms-csv.ts';
import { executeVc } from '../../src/flows/vc/execute.ts';
import { runVcLinks, runVcReminders } from '../../src/flows/vc/jobs.ts';
import { vcLabels as L, vcTexts as T } from '../../src/flows/vc/messages.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import type { ConversationEntry } from '../support/service.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * Cancelling and moving a video conference through the emulator. Moved: its room booking and its VC kit move in the
 * same transaction (a room or kit taken at the new time is refused, nothing moves), each school that got the
 * invitation is told once with a fresh card (the old one is spent), the reminders and the link follow the new time.
 * Cancelled (after a confirmation): the room and the kit are let go, the schools but those that declined are told
 * once, nobody is reminded, the old cards say it is cancelled.
 */

// Monday 14 December 2026, 08:00 in Bangkok.
const clock = testClock('2026-12-14', '08:00');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const db = () => service.database.db;

const ROOM = 'ห้องประชุมย้ายได้';
const KIT = 'ชุด VC ย้ายได้';
const MOVED = 'ประชุมที่จะย้ายเวลา';
const CANCELLED = 'ประชุมที่จะยกเลิก';
const u: Record<string, string> = {};
const directors: string[] = [];
const schoolIds: number[] = [];
const invitationCards = new Map<string, ConversationEntry[][]>();
let movedId = 0;
let cancelledId = 0;

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  await db().delete(rooms);
  await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ\n${ROOM},20\n`, clock.now());
  const f = officeFactory(db());
  await f.loanItem('T-VC-MOVE', 'กล้อง VC ย้ายได้', 'vc_kit', KIT);
  // Four schools with a director in LINE, a fifth with nobody.
  schoolIds.push(...(await f.schools(Array.from({ length: 5 }, (_, i) => ({ name: `โรงเรียนย้ายเวลา ${i + 1}`, district: 'อำเภอย้ายเวลา' })))));
  for (const [i, schoolId] of schoolIds.slice(0, 4).entries()) {
    const userId = await chat.newUser(`ผอ.ย้ายเวลา ${i + 1}`);
    await f.person(`ผอ.ย้ายเวลา ${i + 1}`, 'school_director', { lineUserId: userId, schoolId });
    directors.push(userId);
  }
  for (const [key, name, role] of [
    ['officer', 'ช่าง ผู้จัด', 'technician'],
    ['tech2', 'ช่าง ทีมงาน', 'technician'],
    ['teacher', 'ครู ผู้จองห้อง', 'teacher'],
  ] as const) {
    u[key] = await chat.newUser(name);
    await f.person(name, role, { lineUserId: u[key] });
  }
}, 120_000);
afterAll(async () => service.stop());

/** Pushes (what the month's budget counts) queued to the user; replies carry a reply token. */
const pushesTo = async (userId: string) => (await db().select({ id: outboxMessages.id }).from(outboxMessages).where(and(eq(outboxMessages.toUserId, userId), isNull(outboxMessages.replyToken)))).length;
const pushCounts = async () => Promise.all([...directors, u.tech2!].map(pushesTo));

/** Plans a session with the room and the kit for every school, as the officer's confirm does; the directors' cards kept. */
async function plan(title: string, day: string, from: string, to: string): Promise<number> {
  const [room] = await db().select().from(rooms).where(eq(rooms.name, ROOM));
  const [kit] = await db().select().from(loanKits).where(eq(loanKits.name, KIT));
  const officer = await chat.personOf(u.officer!);
  const [tech2] = [await chat.personOf(u.tech2!)];
  await db().transaction((tx) =>
    executeVc(
      tx,
      { type: 'planSession', title, startsAt: bangkokTime(day, from), endsAt: bangkokTime(day, to), platform: 'zoom', link: 'https://zoom.us/j/777', roomId: room!.id, kitId: kit!.id, team: [tech2.id], audience: { kind: 'schools', ids: schoolIds } },
      { channelId: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, lineUserId: u.officer!, now: clock.now(), person: officer, logger: createLogger('silent') },
    ),
  );
  await chat.settle();
  const cards: ConversationEntry[][] = [];
  for (const d of directors) cards.push((await chat.inbox(d)).entries);
  await chat.inbox(u.tech2!);
  invitationCards.set(title, cards);
  const [session] = await db().select().from(vcSessions).where(eq(vcSessions.title, title));
  return session!.id;
}

/** The officer's card of the session (its bubble of the carousel), from ประชุมทางไกล. */
async function officerCard(title: string): Promise<ConversationEntry[]> {
  const list = await chat.say(u.officer!, 'ประชุมทางไกล');
  const cards = list.entries.find((e) => JSON.stringify(e.message).includes(title))!;
  const contents = cards.message.contents as { type: string; contents?: unknown[] };
  if (contents.type !== 'carousel') return [cards];
  const bubble = contents.contents!.find((b) => JSON.stringify(b).includes(title));
  expect(bubble).toBeDefined();
  return [{ ...cards, message: { ...cards.message, contents: bubble } }];
}

describe('moving a session', () => {
  it('the officer picks a new time; a room taken then is refused in the chat and asked again; the summary says whom it tells', async () => {
    movedId = await plan(MOVED, '2026-12-16', '09:00', '11:00');
    const cards = invitationCards.get(MOVED)!;
    // The first school joins, the second declines, the others do not answer.
    await chat.tapIn(directors[0]!, cards[0]!, L.join);
    await chat.tapIn(directors[1]!, cards[1]!, L.decline);
    clock.set('2026-12-14', '15:00');
    const [room] = await db().select().from(rooms).where(eq(rooms.name, ROOM));
    const teacher = await chat.personOf(u.teacher!);
    await insertBooking(db(), { officeId: DEFAULT_OFFICE_ID, roomId: room!.id, bookerId: teacher.id, title: 'ประชุมครู', people: 5, needs: [], startsAt: bangkokTime('2026-12-17', '09:00'), endsAt: bangkokTime('2026-12-17', '10:00'), state: 'confirmed' }, clock.now());

    const askStart = await chat.tapIn(u.officer!, await officerCard(MOVED), L.move);
    expect(askStart.text).toBe(T.askMoveStart(MOVED, '16 ธันวาคม 2569 เวลา 09:00–11:00 น.'));
    const askEnd = await chat.tapIn(u.officer!, askStart.entries, L.start, { datetime: '2026-12-17T09:00' });
    const taken = await chat.tapIn(u.officer!, askEnd.entries, L.end, { time: '11:00' });
    expect(taken.text).toContain(T.moveRoomTaken(ROOM));
    const askEnd2 = await chat.tapIn(u.officer!, taken.entries, L.start, { datetime: '2026-12-18T13:00' });
    const summary = await chat.tapIn(u.officer!, askEnd2.entries, L.end, { time: '15:00' });
    // The four directors who got the invitation and the team member: one push each, against the month's budget.
    expect(summary.text).toContain(T.moveSummary(MOVED, '16 ธันวาคม 2569 เวลา 09:00–11:00 น.', '18 ธันวาคม 2569 เวลา 13:00–15:00 น.', 5));
    expect(summary.text).toContain('ใช้ข้อความ push ไม่เกิน 5');
    expect(summary.labels).toEqual([L.confirmMove, L.quit]);

    // Meanwhile a teacher's loan takes the kit that day: the move is refused as a whole.
    const [kit] = await db().select().from(loanKits).where(eq(loanKits.name, KIT));
    const loan = await createLoan(db(), { officeId: DEFAULT_OFFICE_ID, requesterId: teacher.id, schoolId: null, purpose: 'สอนออนไลน์', place: 'โรงเรียน', startsOn: '2026-12-18', endsOn: '2026-12-18', needsEndorsement: false, lines: [{ target: { kind: 'kit', id: kit!.id }, quantity: 1 }] }, clock.now());
    expect(loan.ok).toBe(true);
    const before = await pushCounts();
    const refused = await chat.tap(u.officer!, L.confirmMove);
    expect(refused.text).toBe(T.moveKitTaken);
    const session = (await getVcSession(db(), DEFAULT_OFFICE_ID, movedId))!;
    expect(session.startsAt).toEqual(bangkokTime('2026-12-16', '09:00'));
    const [booking] = await db().select().from(roomBookings).where(eq(roomBookings.id, session.roomBookingId!));
    expect(booking!.startsAt).toEqual(bangkokTime('2026-12-16', '09:00'));
    const [oldLoan] = await db().select().from(loans).where(eq(loans.id, session.loanId!));
    expect(oldLoan!.state).toBe('approved');
    await chat.settle();
    expect(await pushCounts()).toEqual(before);
  });

  it('moved: the room booking and the kit follow in one transaction; each school that got the invitation is told once with a fresh card', async () => {
    const card = await officerCard(MOVED);
    const askStart = await chat.tapIn(u.officer!, card, L.move);
    const askEnd = await chat.tapIn(u.officer!, askStart.entries, L.start, { datetime: '2026-12-21T13:00' });
    await chat.tapIn(u.officer!, askEnd.entries, L.end, { time: '15:00' });
    const before = await pushCounts();
    const done = await chat.tap(u.officer!, L.confirmMove);
    expect(done.text).toBe(T.movedSession(MOVED, '21 ธันวาคม 2569 เวลา 13:00–15:00 น.', 5));

    const session = (await getVcSession(db(), DEFAULT_OFFICE_ID, movedId))!;
    expect(session).toMatchObject({ startsAt: bangkokTime('2026-12-21', '13:00'), endsAt: bangkokTime('2026-12-21', '15:00'), state: 'planned' });
    const [booking] = await db().select().from(roomBookings).where(eq(roomBookings.id, session.roomBookingId!));
    expect(booking).toMatchObject({ state: 'confirmed', startsAt: bangkokTime('2026-12-21', '13:00'), endsAt: bangkokTime('2026-12-21', '15:00') });
    // The kit: the old day's loan cancelled and its item let go, a new one approved for the new day.
    const kitLoans = await db().select().from(loans).where(eq(loans.purpose, T.kitPurpose(MOVED)));
    expect(kitLoans.map((l) => [l.startsOn, l.state]).sort()).toEqual([
      ['2026-12-16', 'cancelled'],
      ['2026-12-21', 'approved'],
    ]);
    const live = await db().select().from(loanReservations).where(isNull(loanReservations.releasedAt));
    expect(live.filter((r) => kitLoans.some((l) => l.id === r.loanId)).map((r) => r.startsOn)).toEqual(['2026-12-21']);
    expect(session.loanId).toBe(kitLoans.find((l) => l.state === 'approved')!.id);

    // One push per person: the four directors and the team member.
    await chat.settle();
    expect(await pushCounts()).toEqual(before.map((n) => n + 1));
    const joined = await chat.inbox(directors[0]!);
    expect(joined.text).toContain(T.toldMoved(MOVED, '16 ธันวาคม 2569 เวลา 09:00–11:00 น.', '21 ธันวาคม 2569 เวลา 13:00–15:00 น.', 'join'));
    expect((await chat.inbox(directors[1]!)).text).toContain('หากสะดวกในเวลาใหม่');
    expect((await chat.inbox(u.tech2!)).text).toContain(T.toldTeamMoved(MOVED, '16 ธันวาคม 2569 เวลา 09:00–11:00 น.', '21 ธันวาคม 2569 เวลา 13:00–15:00 น.'));
    const fresh = await chat.inbox(directors[2]!);
    expect(fresh.text).toContain('กรุณาตอบรับด้วยปุ่มในการ์ด');
    // The card drawn for the old time is spent; the fresh one answers, and the answers given stand.
    expect((await chat.tapIn(directors[2]!, invitationCards.get(MOVED)![2]!, L.join)).text).toBe(botMessages.buttonNoLongerValid);
    expect((await chat.tapIn(directors[2]!, fresh.entries, L.join)).text).toContain(T.answered('join', 'โรงเรียนย้ายเวลา 3'));
    const invitations = await listVcInvitations(db(), DEFAULT_OFFICE_ID, movedId);
    expect(invitations.map((i) => i.answer)).toEqual(['join', 'decline', 'join', null, null]);
    // The officer's card drawn before the move is spent too.
    expect((await chat.tapIn(u.officer!, card, L.cancelSession)).text).toBe(botMessages.buttonNoLongerValid);
    await chat.inbox(directors[3]!);
  });

  it('the reminder follows the new time: due a day after the notice, not after the first invitation, with the new time', async () => {
    // Under the first invitation (Monday 08:00) the reminder was due on Tuesday morning; the notice went Monday 15:00.
    expect((await runVcReminders(service.database, clock.set('2026-12-15', '09:00'))).marked).toBe(0);
    expect((await runVcReminders(service.database, clock.set('2026-12-15', '15:30'))).marked).toBe(1);
    await chat.settle();
    const reminded = await chat.inbox(directors[3]!);
    expect(reminded.text).toContain(T.reminder(MOVED, '21 ธันวาคม 2569 เวลา 13:00–15:00 น.'));
    for (const d of directors.slice(0, 3)) expect((await chat.inbox(d)).entries).toHaveLength(0);
  });
});

describe('cancelling a session', () => {
  it('asks to confirm, says whom it tells; cancelled, the room and the kit are let go and the schools but those that declined are told once', async () => {
    cancelledId = await plan(CANCELLED, '2026-12-23', '13:00', '15:00');
    const cards = invitationCards.get(CANCELLED)!;
    await chat.tapIn(directors[0]!, cards[0]!, L.join);
    await chat.tapIn(directors[1]!, cards[1]!, L.decline);
    const ask = await chat.tapIn(u.officer!, await officerCard(CANCELLED), L.cancelSession);
    expect(ask.text).toContain(T.askCancel(CANCELLED, '23 ธันวาคม 2569 เวลา 13:00–15:00 น.', 4));
    expect(ask.labels).toEqual([L.confirmCancel, L.keepSession]);

    const before = await pushCounts();
    const done = await chat.tapIn(u.officer!, ask.entries, L.confirmCancel);
    expect(done.text).toBe(T.cancelledSession(CANCELLED, 4));
    const session = (await getVcSession(db(), DEFAULT_OFFICE_ID, cancelledId))!;
    expect(session.state).toBe('cancelled');
    const [booking] = await db().select().from(roomBookings).where(eq(roomBookings.id, session.roomBookingId!));
    expect(booking!.state).toBe('cancelled');
    const [loan] = await db().select().from(loans).where(eq(loans.id, session.loanId!));
    expect(loan!.state).toBe('cancelled');
    expect(await db().select().from(loanReservations).where(and(eq(loanReservations.loanId, loan!.id), isNull(loanReservations.releasedAt)))).toHaveLength(0);

    await chat.settle();
    const after = await pushCounts();
    // Joined, not answered (two) and the team member: once each; the school that declined: nothing.
    expect(after.map((n, i) => n - before[i]!)).toEqual([1, 0, 1, 1, 1]);
    expect((await chat.inbox(directors[0]!)).text).toContain(T.toldCancelled(CANCELLED, '23 ธันวาคม 2569 เวลา 13:00–15:00 น.'));
    expect((await chat.inbox(directors[1]!)).entries).toHaveLength(0);
    for (const d of [...directors.slice(2), u.tech2!]) await chat.inbox(d);

    // The confirmation again, and the session's old cards: nothing more happens.
    expect((await chat.tapIn(u.officer!, ask.entries, L.confirmCancel)).text).toBe(botMessages.buttonNoLongerValid);
    expect((await chat.tapIn(directors[2]!, cards[2]!, L.join)).text).toBe(T.sessionCancelled);
    await chat.settle();
    expect((await pushCounts()).map((n, i) => n - after[i]!)).toEqual([0, 0, 0, 0, 0]);
    // Gone from the officer's list.
    expect(JSON.stringify((await chat.say(u.officer!, 'ประชุมทางไกล')).entries)).not.toContain(CANCELLED);
  });

  it('a cancelled session reminds nobody and sends no link; the moved one sends its link before its new start only', async () => {
    expect((await runVcReminders(service.database, clock.set('2026-12-17', '10:00'))).marked).toBe(0);
    expect((await runVcLinks(service.database, clock.set('2026-12-16', '08:35'))).marked).toBe(0);
    expect((await runVcLinks(service.database, clock.set('2026-12-21', '12:35'))).marked).toBe(1);
    await chat.settle();
    // The two schools that joined the moved session.
    expect((await chat.inbox(directors[0]!)).text).toContain('https://zoom.us/j/777');
    expect((await chat.inbox(directors[2]!)).text).toContain('https://zoom.us/j/777');
    expect((await runVcLinks(service.database, clock.set('2026-12-23', '12:35'))).marked).toBe(0);
    await chat.settle();
    for (const d of directors) expect((await chat.inbox(d)).entries).toHaveLength(0);
  });
});

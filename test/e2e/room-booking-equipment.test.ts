import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asc, eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { createLoan, listBorrowableKits, listBorrowableTypes } from '../../src/db/repos/loans.ts';
import { loanLines, loanReservations, loans, roomBookings, rooms } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { bookingLabels as L, bookingTexts as T } from '../../src/flows/bookings/messages.ts';
import { runNoShowRelease } from '../../src/flows/bookings/jobs.ts';
import { importRoomsCsv } from '../../src/flows/bookings/rooms-csv.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { bookingSummary, cancelConfirmed, roomActions } from '../support/room-bookings.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * A room booking and the equipment it asks for (a VC kit, a projector), through the emulator: when what was asked
 * for is not free that day, the refusal offers to book the room without it in one tap.
 */

// Monday 7 December 2026, 08:00 in Bangkok; the bookings are for Tuesday the 8th.
const clock = testClock('2026-12-07', '08:00');
const DAY = '2026-12-08';
const ROOM = 'ห้องประชุมอุปกรณ์';
const VC_KIT = 'ชุด VC ทดสอบ';
const PROJECTOR = 'โปรเจกเตอร์ทดสอบ';
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const db = () => service.database.db;
const bookingsOf = () => db().select().from(roomBookings).orderBy(asc(roomBookings.id));
const liveReservations = async (loanId: number) => (await db().select().from(loanReservations).where(eq(loanReservations.loanId, loanId))).filter((r) => r.releasedAt === null);

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  await db().delete(rooms);
  await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ\n${ROOM},20\n`, clock.now());
  const f = officeFactory(db());
  await f.loanItem('EQ-VC-1', 'กล้อง VC ทดสอบ', 'vc_kit', VC_KIT);
  await f.loanItem('EQ-PJ-1', PROJECTOR, 'projector');
}, 120_000);
afterAll(async () => service.stop());

/** The summary card of a booking of ROOM (by default) on DAY (by default). */
const summaryOf = (userId: string, slot: string, title: string, date = DAY, room = ROOM) => bookingSummary(chat, userId, { date, room, slot, title, people: '6' });

/** Every VC kit (or every projector) of the office lent out on a day: the demo inventory's and the test's. */
async function lendEvery(kind: 'vc_kit' | 'projector', requesterId: number, day = DAY) {
  const choices = kind === 'vc_kit' ? await listBorrowableKits(db(), DEFAULT_OFFICE_ID) : (await listBorrowableTypes(db(), DEFAULT_OFFICE_ID)).filter((t) => t.category === 'projector');
  for (const choice of choices) {
    const lines = [{ target: choice.target, quantity: kind === 'vc_kit' ? 1 : choice.count }];
    const lent = await createLoan(db(), { officeId: DEFAULT_OFFICE_ID, requesterId, schoolId: null, purpose: 'สอนออนไลน์', place: 'โรงเรียน', startsOn: day, endsOn: day, needsEndorsement: false, lines }, clock.now());
    expect(lent.ok).toBe(true);
  }
}

const loanStateOf = async (loanId: number) => (await db().select({ state: loans.state }).from(loans).where(eq(loans.id, loanId)))[0]!.state;

describe('equipment not free that day', () => {
  let teacher: string;
  beforeAll(async () => {
    teacher = await chat.registerTeacher('ครูขออุปกรณ์');
    await lendEvery('vc_kit', (await chat.personOf(teacher)).id);
  }, 120_000);

  it('the VC kit is taken: one tap books the room without it, and the projector that is free is still reserved', async () => {
    const summary = await summaryOf(teacher, '09:30–10:30', 'ประชุมออนไลน์กับโรงเรียน');
    const withVc = await chat.tapIn(teacher, summary.entries, L.need.vc[0]);
    const withBoth = await chat.tapIn(teacher, withVc.entries, L.need.projector[0]);
    const refused = await chat.tapIn(teacher, withBoth.entries, L.confirm);
    expect(refused.text.split('\n')[0]).toBe(T.equipmentNone(['ชุดประชุมทางไกล (VC)'], []).split('\n')[0]);
    expect(refused.text).toContain(PROJECTOR);
    expect(refused.labels).toEqual([L.withoutNeeds.vc, L.otherDay, L.quit]);
    expect((await bookingsOf()).filter((b) => b.title === 'ประชุมออนไลน์กับโรงเรียน')).toHaveLength(0);

    const without = chat.buttons(teacher).find((b) => b.label === L.withoutNeeds.vc)!.data;
    const booked = await chat.tap(teacher, L.withoutNeeds.vc);
    expect(booked.text).toBe(T.booked(ROOM, '8 ธันวาคม 2569 เวลา 09:30–10:30 น.'));
    const [booking] = (await bookingsOf()).filter((b) => b.title === 'ประชุมออนไลน์กับโรงเรียน');
    expect(booking).toMatchObject({ state: 'confirmed', needs: ['projector'] });
    expect(booking!.loanId).not.toBeNull();
    expect(await liveReservations(booking!.loanId!)).toHaveLength(1);
    const [line] = await db().select().from(loanLines).where(eq(loanLines.loanId, booking!.loanId!));
    expect(line!.kitId).toBeNull();
    // The offer cannot book twice.
    expect((await chat.tapData(teacher, without)).text).toBe(botMessages.buttonNoLongerValid);
    expect((await bookingsOf()).filter((b) => b.title === 'ประชุมออนไลน์กับโรงเรียน')).toHaveLength(1);
  });

  it('nothing of what was asked is free: จองโดยไม่ใช้อุปกรณ์ books the bare room; ยกเลิก books nothing; เลือกวันอื่น shows another day', async () => {
    const first = await summaryOf(teacher, '13:30–14:30', 'ประชุมที่เลิกจอง');
    const refused = await chat.tapIn(teacher, (await chat.tapIn(teacher, first.entries, L.need.vc[0])).entries, L.confirm);
    expect(refused.labels).toEqual([L.withoutNeeds.all, L.otherDay, L.quit]);
    expect((await chat.tap(teacher, L.quit)).text).toBe(T.quit);
    expect((await bookingsOf()).filter((b) => b.title === 'ประชุมที่เลิกจอง')).toHaveLength(0);

    const again = await summaryOf(teacher, '13:30–14:30', 'ประชุมห้องเปล่า');
    const refusedAgain = await chat.tapIn(teacher, (await chat.tapIn(teacher, again.entries, L.need.vc[0])).entries, L.confirm);
    const otherDay = await chat.tapIn(teacher, refusedAgain.entries, L.otherDay, { date: '2026-12-09' });
    expect(otherDay.text).toContain(T.dayIntro('2026-12-09', 1));
    expect(roomActions(otherDay.entries, ROOM).length).toBeGreaterThan(0);

    const third = await summaryOf(teacher, '13:30–14:30', 'ประชุมห้องเปล่า');
    await chat.tapIn(teacher, (await chat.tapIn(teacher, third.entries, L.need.vc[0])).entries, L.confirm);
    const booked = await chat.tap(teacher, L.withoutNeeds.all);
    expect(booked.text).toBe(T.booked(ROOM, '8 ธันวาคม 2569 เวลา 13:30–14:30 น.'));
    expect((await bookingsOf()).filter((b) => b.title === 'ประชุมห้องเปล่า')).toEqual([expect.objectContaining({ state: 'confirmed', needs: [], loanId: null, startsAt: bangkokTime(DAY, '13:30') })]);
    expect(actionsIn(booked.entries).map((a) => a.label)).toContain(L.mine);
  });
});

describe('repeating bookings and no-shows hold and free their equipment as one booking does', () => {
  it('each meeting of a repeating booking reserves its own projector for its day; a day without one is skipped and said; ยกเลิกทั้งชุด lets them all go', async () => {
    const teacher = await chat.registerTeacher('ครูประชุมประจำสัปดาห์');
    await lendEvery('projector', (await chat.personOf(teacher)).id, '2026-12-17');
    const summary = await summaryOf(teacher, '10:30–11:30', 'อบรมประจำสัปดาห์', '2026-12-10');
    const withProjector = await chat.tapIn(teacher, summary.entries, L.need.projector[0]);
    await chat.tapIn(teacher, withProjector.entries, L.repeat);
    const until = await chat.tap(teacher, L.every(1));
    await chat.tapIn(teacher, until.entries, L.until, { date: '2026-12-24' });
    const done = await chat.tap(teacher, L.confirmSeries);
    expect(done.text).toBe(T.seriesBooked(ROOM, '10:30–11:30', ['2026-12-10', '2026-12-24'], [T.skippedLine('2026-12-17', 'equipment_busy')]));
    const series = (await bookingsOf()).filter((b) => b.title === 'อบรมประจำสัปดาห์');
    expect(series.map((b) => b.startsAt)).toEqual([bangkokTime('2026-12-10', '10:30'), bangkokTime('2026-12-24', '10:30')]);
    for (const meeting of series) {
      expect(meeting.loanId).not.toBeNull();
      const [loan] = await db().select().from(loans).where(eq(loans.id, meeting.loanId!));
      const day = meeting.startsAt.getTime() === bangkokTime('2026-12-10', '10:30').getTime() ? '2026-12-10' : '2026-12-24';
      expect(loan).toMatchObject({ state: 'approved', startsOn: day, endsOn: day });
      expect(await liveReservations(meeting.loanId!)).toHaveLength(1);
    }
    // No loan was left behind for the skipped day.
    expect((await db().select().from(loans)).filter((l) => l.purpose === T.equipmentPurpose('อบรมประจำสัปดาห์'))).toHaveLength(2);

    const mine = await chat.say(teacher, 'การจองของฉัน');
    await cancelConfirmed(chat, teacher, actionsIn(mine.entries).find((a) => a.label === L.cancelSeries)!.data);
    for (const meeting of series) {
      expect(await loanStateOf(meeting.loanId!)).toBe('cancelled');
      expect(await liveReservations(meeting.loanId!)).toHaveLength(0);
    }
  });

  it('a booking nobody checked in is released with its projector: the loan cancelled, the projector free again', async () => {
    const CHECK_IN_ROOM = 'ห้องต้องเช็กอินอุปกรณ์';
    await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ,ต้องเช็กอิน\n${CHECK_IN_ROOM},10,ใช่\n`, clock.now());
    const teacher = await chat.registerTeacher('ครูไม่มาประชุม');
    const summary = await summaryOf(teacher, '13:30–14:30', 'ประชุมที่ไม่มีใครมา', '2026-12-09', CHECK_IN_ROOM);
    await chat.tapIn(teacher, (await chat.tapIn(teacher, summary.entries, L.need.projector[0])).entries, L.confirm);
    const [booking] = (await bookingsOf()).filter((b) => b.title === 'ประชุมที่ไม่มีใครมา');
    expect(await liveReservations(booking!.loanId!)).toHaveLength(1);

    expect(await runNoShowRelease(service.database, bangkokTime('2026-12-09', '13:45'))).toBe(1);
    await chat.settle();
    expect((await chat.inbox(teacher)).text).toBe(T.toBookerNoShow(CHECK_IN_ROOM, '9 ธันวาคม 2569 เวลา 13:30–14:30 น.'));
    expect((await bookingsOf()).find((b) => b.id === booking!.id)?.state).toBe('released');
    expect(await loanStateOf(booking!.loanId!)).toBe('cancelled');
    expect(await liveReservations(booking!.loanId!)).toHaveLength(0);
  });

  it('moved to a day its projector is not free: refused, the booking stays at its time with its projector, and the answer says so', async () => {
    const teacher = await chat.registerTeacher('ครูย้ายพร้อมโปรเจกเตอร์');
    await lendEvery('projector', (await chat.personOf(teacher)).id, '2026-12-14');
    const summary = await summaryOf(teacher, '10:30–11:30', 'ประชุมที่จะย้ายไม่ได้', '2026-12-11');
    await chat.tapIn(teacher, (await chat.tapIn(teacher, summary.entries, L.need.projector[0])).entries, L.confirm);
    const [before] = (await bookingsOf()).filter((b) => b.title === 'ประชุมที่จะย้ายไม่ได้');
    const mine = await chat.say(teacher, 'การจองของฉัน');
    const day = await chat.tapIn(teacher, mine.entries, L.move, { date: '2026-12-14' });
    const refused = await chat.tapIn(teacher, day.entries, '10:30–11:30');
    expect(refused.text.split('\n')[0]).toBe(T.equipmentNone(['โปรเจกเตอร์'], [], 'move').split('\n')[0]);
    expect(refused.text).toContain('ย้ายเวลา');
    const [after] = (await bookingsOf()).filter((b) => b.title === 'ประชุมที่จะย้ายไม่ได้');
    expect(after).toMatchObject({ startsAt: before!.startsAt, version: before!.version, loanId: before!.loanId });
    expect(await loanStateOf(before!.loanId!)).toBe('approved');
    expect(await liveReservations(before!.loanId!)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asc } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { historyOf } from '../../src/db/repos/history.ts';
import { roomBookings, rooms } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { runBookingReminders } from '../../src/flows/bookings/jobs.ts';
import { bookingLabels as L, bookingTexts as T } from '../../src/flows/bookings/messages.ts';
import { importRoomsCsv } from '../../src/flows/bookings/rooms-csv.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import { bookingSummary, roomActions } from '../support/room-bookings.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * Undoing and refusing a booking through the emulator: ยกเลิกการจอง asks ยืนยันยกเลิก / ไม่ยกเลิก first, from the
 * booking's card and from its reminder; ไม่อนุมัติ asks why (a common reason tapped, or typed) and the booker is told.
 */

// Monday 7 December 2026, 08:00 in Bangkok; the bookings are for Tuesday the 8th.
const clock = testClock('2026-12-07', '08:00');
const DAY = '2026-12-08';
const ROOM = 'ห้องประชุมยืนยัน';
const ASK = 'ห้องต้องขออนุมัติ';
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const db = () => service.database.db;
const bookingsOf = () => db().select().from(roomBookings).orderBy(asc(roomBookings.id));
const bookingTitled = async (title: string) => (await bookingsOf()).find((b) => b.title === title)!;

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  await db().delete(rooms);
  await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ,ต้องอนุมัติ,ผู้อนุมัติ\n${ROOM},20,ไม่ใช่,\n${ASK},20,ใช่,ผู้อำนวยการกลุ่ม\n`, clock.now());
}, 120_000);
afterAll(async () => service.stop());

async function book(userId: string, room: string, slot: string, title: string) {
  const summary = await bookingSummary(chat, userId, { date: DAY, room, slot, title });
  return chat.tapIn(userId, summary.entries, L.confirm);
}

describe('ยกเลิกการจอง asks first', () => {
  let teacher: string;
  beforeAll(async () => {
    teacher = await chat.registerTeacher('ครูยกเลิกอย่างระวัง');
  }, 120_000);

  it('from the booking’s card in การจองของฉัน: ไม่ยกเลิก keeps it, ยืนยันยกเลิก cancels it', async () => {
    await book(teacher, ROOM, '09:30–10:30', 'ประชุมที่เกือบยกเลิก');
    const mine = await chat.say(teacher, 'การจองของฉัน');
    const cancel = roomActions(mine.entries, ROOM).find((a) => a.label === L.cancelBooking)!.data;
    const asked = await chat.tapData(teacher, cancel);
    expect(asked.text).toBe(T.askCancel(ROOM, 'ประชุมที่เกือบยกเลิก', '8 ธันวาคม 2569 เวลา 09:30–10:30 น.'));
    expect(asked.labels).toEqual([L.cancelYes, L.cancelNo]);
    expect((await bookingTitled('ประชุมที่เกือบยกเลิก')).state).toBe('confirmed');
    expect((await chat.tap(teacher, L.cancelNo)).text).toBe(T.cancelKept);
    expect((await bookingTitled('ประชุมที่เกือบยกเลิก')).state).toBe('confirmed');

    await chat.tapData(teacher, cancel);
    const done = await chat.tap(teacher, L.cancelYes);
    expect(done.text).toBe(T.cancelled(ROOM, '8 ธันวาคม 2569 เวลา 09:30–10:30 น.'));
    expect((await bookingTitled('ประชุมที่เกือบยกเลิก')).state).toBe('cancelled');
  });

  it('from the reminder’s card: the same question, and ยืนยันยกเลิก cancels it', async () => {
    await book(teacher, ROOM, '13:30–14:30', 'ประชุมที่เตือนแล้วยกเลิก');
    await chat.inbox(teacher);
    await runBookingReminders(service.database, bangkokTime('2026-12-07', '08:30'));
    await chat.settle();
    const reminder = await chat.inbox(teacher);
    expect(reminder.text).toContain('ประชุมที่เตือนแล้วยกเลิก');
    const asked = await chat.tapIn(teacher, reminder.entries, L.cancelBooking);
    expect(asked.text).toBe(T.askCancel(ROOM, 'ประชุมที่เตือนแล้วยกเลิก', '8 ธันวาคม 2569 เวลา 13:30–14:30 น.'));
    expect((await bookingTitled('ประชุมที่เตือนแล้วยกเลิก')).state).toBe('confirmed');
    await chat.tap(teacher, L.cancelYes);
    expect((await bookingTitled('ประชุมที่เตือนแล้วยกเลิก')).state).toBe('cancelled');
  });
});

describe('ไม่อนุมัติ asks why, and the booker is told', () => {
  let director: string;
  let teacher: string;
  beforeAll(async () => {
    director = await chat.registerInvited('ผอ.กลุ่ม ให้เหตุผล', 'group_director', clock.now());
    teacher = await chat.registerTeacher('ครูรอผล');
  }, 120_000);

  it('a reason typed reaches the booker and the booking’s history; ยกเลิก under the question leaves the booking waiting', async () => {
    await book(teacher, ASK, '09:30–10:30', 'อบรมที่ไม่ผ่าน');
    const card = await chat.inbox(director);
    const asked = await chat.tapIn(director, card.entries, L.decline);
    expect(asked.text).toBe(T.askDeclineReason);
    expect(asked.labels).toEqual([...Object.values(L.declineReasons), L.quit]);
    expect((await bookingTitled('อบรมที่ไม่ผ่าน')).state).toBe('tentative');
    expect((await chat.tap(director, L.quit)).text).toBe(T.declineDropped);
    expect((await bookingTitled('อบรมที่ไม่ผ่าน')).state).toBe('tentative');

    await chat.tapIn(director, card.entries, L.decline);
    const done = await chat.say(director, 'ห้องนี้ใช้จัดสอบวันนั้นค่ะ');
    expect(done.text).toBe(T.declined(ASK, '8 ธันวาคม 2569 เวลา 09:30–10:30 น.'));
    const booking = await bookingTitled('อบรมที่ไม่ผ่าน');
    expect(booking.state).toBe('declined');
    expect((await historyOf(db(), 'room_booking', booking.id, 'declined')).map((e) => e.data)).toEqual([{ reason: 'ห้องนี้ใช้จัดสอบวันนั้นค่ะ' }]);
    const told = await chat.inbox(teacher);
    expect(told.text).toBe(T.toBookerDeclined(ASK, '8 ธันวาคม 2569 เวลา 09:30–10:30 น.', 'ผอ.กลุ่ม ให้เหตุผล ผู้อำนวยการกลุ่ม', 'ห้องนี้ใช้จัดสอบวันนั้นค่ะ'));
    expect(told.text).toContain('เหตุผล: ห้องนี้ใช้จัดสอบวันนั้นค่ะ');
  });

  it('a common reason tapped (from รายการรออนุมัติ) is the reason the booker reads', async () => {
    await book(teacher, ASK, '13:30–14:30', 'ประชุมขอเปลี่ยนเวลา');
    await chat.inbox(director);
    const pending = await chat.say(director, 'รายการรออนุมัติ');
    const decline = actionsIn(pending.entries).filter((a) => a.label === L.decline);
    expect(decline).toHaveLength(1);
    await chat.tapData(director, decline[0]!.data);
    await chat.tap(director, L.declineReasons.other_time);
    expect((await bookingTitled('ประชุมขอเปลี่ยนเวลา')).state).toBe('declined');
    expect((await chat.inbox(teacher)).text).toContain(`เหตุผล: ${L.declineReasons.other_time}`);
  });
});

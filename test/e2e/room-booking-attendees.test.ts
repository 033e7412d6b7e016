import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asc, eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { historyOf } from '../../src/db/repos/history.ts';
import { roomBookingAttendees, roomBookings, rooms, vcSessions } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { runBookingRelease, runBookingReminders } from '../../src/flows/bookings/jobs.ts';
import { bookingLabels as L, bookingTexts as T } from '../../src/flows/bookings/messages.ts';
import { importRoomsCsv } from '../../src/flows/bookings/rooms-csv.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { bookingSummary, cancelConfirmed, roomActions } from '../support/room-bookings.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * ผู้เข้าร่วม through the emulator: the booker names the office's people coming to the meeting (the kit's picker,
 * from the summary or from the booking's card); each of them is reminded with the booker (one push each, with the
 * room, the time and the video conference's link when there is one), is told of a move and of a cancellation, and
 * a cancelled booking reminds nobody.
 */

// Monday 7 December 2026, 08:00 in Bangkok; the meeting is on Tuesday the 8th.
const clock = testClock('2026-12-07', '08:00');
const DAY = '2026-12-08';
const DAY2 = '2026-12-09';
const WHEN = '8 ธันวาคม 2569 เวลา 09:30–10:30 น.';
const ROOM = 'ห้องประชุมผู้เข้าร่วม';
const ASK = 'ห้องผู้เข้าร่วมรออนุมัติ';
const TITLE = 'ประชุมวางแผนงาน ICT';
const TECHNICIAN = 'ช่างสมชาย';
const CLERK = 'ธุรการสมศรี';
const VC_LINK = 'https://meet.google.com/abc-defg-hij';
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
let booker: string;
let technician: string;
let clerk: string;
let otherTeacher: string;
let director: string;
const db = () => service.database.db;
const booking = async () => (await db().select().from(roomBookings).orderBy(asc(roomBookings.id))).find((b) => b.title === TITLE)!;
const attendeeIds = async (bookingId: number) => (await db().select().from(roomBookingAttendees).where(eq(roomBookingAttendees.bookingId, bookingId))).map((a) => a.personId).sort();

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  await db().delete(rooms);
  await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ,ต้องอนุมัติ,ผู้อนุมัติ\n${ROOM},20,ไม่ใช่,\n${ASK},20,ใช่,ผู้อำนวยการกลุ่ม\n`, clock.now());
  booker = await chat.registerTeacher('ครูผู้จอง');
  otherTeacher = await chat.registerTeacher('ครูอีกคน');
  technician = await chat.registerInvited(TECHNICIAN, 'technician', clock.now());
  clerk = await chat.registerInvited(CLERK, 'saraban_clerk', clock.now());
}, 120_000);
afterAll(async () => service.stop());

/** A booking's summary → + ผู้เข้าร่วม with `names` → ยืนยันการจอง. */
async function bookWith(room: string, slot: string, title: string, names: readonly string[]) {
  const summary = await bookingSummary(chat, booker, { date: DAY, room, slot, title });
  await chat.tapIn(booker, summary.entries, L.attendees(0));
  for (const name of names) await chat.tap(booker, name);
  const back = await chat.tap(booker, L.attendeesDone);
  return chat.tapIn(booker, back.entries, L.confirm);
}

async function runReminders(date: string, time: string) {
  await runBookingReminders(service.database, bangkokTime(date, time));
  await chat.settle();
  return { booker: await chat.inbox(booker), technician: await chat.inbox(technician), clerk: await chat.inbox(clerk) };
}

describe('ผู้เข้าร่วม', () => {
  it('the booker names the office’s people on the summary with the picker (typing narrows it); they are kept with the booking and shown on its card', async () => {
    const summary = await bookingSummary(chat, booker, { date: DAY, room: ROOM, slot: '09:30–10:30', title: TITLE });
    const picker = await chat.tapIn(booker, summary.entries, L.attendees(0));
    expect(picker.text).toContain(T.askAttendees(0, false).split('\n')[0]!.slice(0, 30));
    expect(picker.labels).toEqual(expect.arrayContaining([TECHNICIAN, CLERK, L.attendeesDone]));
    // Office people only: not a teacher, not the booker.
    expect(picker.labels).not.toContain('ครูอีกคน');
    expect(picker.labels).not.toContain('ครูผู้จอง');

    const narrowed = await chat.say(booker, 'สมศรี');
    expect(narrowed.labels).toEqual([CLERK, L.attendeesDone]);
    const one = await chat.tap(booker, CLERK);
    expect(one.labels).toContain(L.ticked(CLERK));
    const two = await chat.tap(booker, TECHNICIAN);
    expect(two.labels).toEqual(expect.arrayContaining([L.ticked(CLERK), L.ticked(TECHNICIAN)]));
    const back = await chat.tap(booker, L.attendeesDone);
    expect(JSON.stringify(back.entries)).toContain(T.attendeesLine([CLERK, TECHNICIAN]));
    const confirm = dataOf(back.entries, L.confirm);
    const { webhookEventId } = await chat.emulator.tap(booker, confirm);
    await chat.settle();
    const done = await chat.inbox(booker);
    expect(done.text).toBe(T.booked(ROOM, WHEN));
    // The booker is answered in the chat, nothing pushed; each person named is pushed once that they are named.
    expect(done.entries.map((e) => e.via)).toEqual(['reply']);
    for (const inbox of [await chat.inbox(technician), await chat.inbox(clerk)]) {
      expect(inbox.entries.map((e) => e.via)).toEqual(['push', 'push']);
      expect(inbox.entries[0]!.message.text).toBe(T.toAttendeeNamed(ROOM, TITLE, WHEN, 'ครูผู้จอง'));
      expect(inbox.entries[1]!.message.type).toBe('flex');
      expect(JSON.stringify(inbox.entries[1]!.message)).toContain(T.attendeesLine([TECHNICIAN, CLERK]));
    }
    expect((await chat.inbox(otherTeacher)).entries).toHaveLength(0);
    // LINE redelivers the confirmation, and the booker taps ยืนยันการจอง again: nobody hears anything more.
    await chat.emulator.call('POST', `/events/${webhookEventId}/redeliver`);
    await chat.settle();
    expect((await chat.tapData(booker, confirm)).entries.every((e) => e.via === 'reply')).toBe(true);
    expect((await db().select().from(roomBookings)).filter((b) => b.title === TITLE)).toHaveLength(1);
    for (const userId of [technician, clerk, otherTeacher]) expect((await chat.inbox(userId)).entries).toHaveLength(0);

    const made = await booking();
    const ids = [(await chat.personOf(technician)).id, (await chat.personOf(clerk)).id].sort();
    expect(await attendeeIds(made.id)).toEqual(ids);
    const mine = await chat.say(booker, 'การจองของฉัน');
    // The card lists them by name.
    expect(JSON.stringify(mine.entries)).toContain(T.attendeesLine([TECHNICIAN, CLERK]));
    expect(roomActions(mine.entries, ROOM).map((a) => a.label)).toContain(L.attendees(2));
  });

  it('the reminders go to the booker and to each person named, one push each, with the room, the time and the VC link; each once', async () => {
    const made = await booking();
    // The booking is the room of a video conference that has a link.
    await db().insert(vcSessions).values({ officeId: DEFAULT_OFFICE_ID, title: TITLE, startsAt: made.startsAt, endsAt: made.endsAt, platform: 'meet', link: VC_LINK, roomBookingId: made.id, organiserId: made.bookerId, audience: { kind: 'all' } });
    const dayBefore = await runReminders('2026-12-07', '08:30');
    expect(dayBefore.booker.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(dayBefore.booker.text).toContain(T.reminder('day_before', ROOM, TITLE, WHEN));
    expect(dayBefore.booker.text).toContain(T.vcLinkLine(VC_LINK));
    for (const inbox of [dayBefore.technician, dayBefore.clerk]) {
      expect(inbox.entries.map((e) => e.via)).toEqual(['push', 'push']);
      expect(inbox.entries[0]!.message.text).toBe(`${T.reminderToAttendee('day_before', ROOM, TITLE, WHEN, 'ครูผู้จอง')}\n${T.vcLinkLine(VC_LINK)}`);
    }
    // Nobody twice; the other teacher never.
    const again = await runReminders('2026-12-07', '09:00');
    expect([again.booker, again.technician, again.clerk].map((i) => i.entries.length)).toEqual([0, 0, 0]);
    expect((await chat.inbox(otherTeacher)).entries).toHaveLength(0);
    const soon = await runReminders(DAY, '09:00');
    expect(soon.technician.entries[0]!.message.text).toContain(T.reminderToAttendee('soon', ROOM, TITLE, WHEN, 'ครูผู้จอง'));
    expect(soon.clerk.entries).toHaveLength(2);
    expect(soon.booker.text).toContain(T.reminder('soon', ROOM, TITLE, WHEN));
  });

  it('from the booking’s card the booker takes someone off; a move and then a cancellation are told to who is still named, and the cancelled booking reminds nobody', async () => {
    const made = await booking();
    const mine = await chat.say(booker, 'การจองของฉัน');
    const picker = await chat.tapIn(booker, mine.entries, L.attendees(2));
    expect(picker.labels).toEqual(expect.arrayContaining([L.ticked(CLERK), L.ticked(TECHNICIAN)]));
    await chat.tap(booker, L.ticked(CLERK));
    const saved = await chat.tap(booker, L.attendeesDone);
    expect(saved.text).toBe(T.attendeesSaved(ROOM, [TECHNICIAN]));
    // Taking someone off tells nobody; the one still named was told already.
    expect([(await chat.inbox(technician)).entries.length, (await chat.inbox(clerk)).entries.length]).toEqual([0, 0]);
    expect(await attendeeIds(made.id)).toEqual([(await chat.personOf(technician)).id]);
    expect(await historyOf(db(), 'room_booking', made.id, 'attendees')).toHaveLength(1);

    const mineAgain = await chat.say(booker, 'การจองของฉัน');
    const day = await chat.tapIn(booker, mineAgain.entries, L.move, { date: DAY2 });
    await chat.tapIn(booker, day.entries, '13:30–14:30');
    await chat.settle();
    const NEW_WHEN = '9 ธันวาคม 2569 เวลา 13:30–14:30 น.';
    expect((await chat.inbox(technician)).text).toBe(T.toAttendeeMoved(ROOM, TITLE, WHEN, NEW_WHEN, 'ครูผู้จอง'));
    expect((await chat.inbox(clerk)).entries).toHaveLength(0);

    const last = await chat.say(booker, 'การจองของฉัน');
    await cancelConfirmed(chat, booker, roomActions(last.entries, ROOM).find((a) => a.label === L.cancelBooking)!.data);
    await chat.settle();
    expect((await chat.inbox(technician)).text).toBe(T.toAttendeeEnded('cancelled', ROOM, TITLE, NEW_WHEN, 'ครูผู้จอง'));
    expect((await booking()).state).toBe('cancelled');

    const none = await runReminders(DAY, '08:30');
    expect([none.booker, none.technician, none.clerk].map((i) => i.entries.length)).toEqual([0, 0, 0]);
    const noneSoon = await runReminders(DAY2, '13:00');
    expect([noneSoon.booker, noneSoon.technician, noneSoon.clerk].map((i) => i.entries.length)).toEqual([0, 0, 0]);
  });
});

describe('ผู้เข้าร่วม of a repeating booking', () => {
  it('each person named is told once for the whole series, its dates listed; the booker is answered in the chat only', async () => {
    const SERIES = 'ประชุมประจำสัปดาห์มีผู้เข้าร่วม';
    const summary = await bookingSummary(chat, booker, { date: DAY, room: ROOM, slot: '10:30–11:30', title: SERIES });
    await chat.tapIn(booker, summary.entries, L.attendees(0));
    await chat.tap(booker, CLERK);
    const back = await chat.tap(booker, L.attendeesDone);
    await chat.tapIn(booker, back.entries, L.repeat);
    const until = await chat.tap(booker, L.every(1));
    await chat.tapIn(booker, until.entries, L.until, { date: '2026-12-22' });
    const done = await chat.tap(booker, L.confirmSeries);
    const dates = ['2026-12-08', '2026-12-15', '2026-12-22'];
    expect(done.text).toBe(T.seriesBooked(ROOM, '10:30–11:30', dates, []));
    expect(done.entries.every((e) => e.via === 'reply')).toBe(true);
    const told = await chat.inbox(clerk);
    expect(told.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(told.entries[0]!.message.text).toBe(T.toAttendeeNamedSeries(ROOM, SERIES, '10:30–11:30', dates, 'ครูผู้จอง'));
    expect(told.text).toContain('15 ธันวาคม 2569');
    expect((await chat.inbox(technician)).entries).toHaveLength(0);
    expect((await chat.inbox(booker)).entries).toHaveLength(0);
  });
});

describe('ผู้เข้าร่วม of a booking that needs approval', () => {
  it('not approved, or released undecided at its start: the people named are told the meeting has no room', async () => {
    director = await chat.registerInvited('ผอ.กลุ่ม ผู้เข้าร่วม', 'group_director', clock.now());
    await bookWith(ASK, '10:30–11:30', 'ประชุมรออนุมัติมีผู้เข้าร่วม', [CLERK]);
    await chat.inbox(clerk);
    const card = await chat.inbox(director);
    await chat.tapIn(director, card.entries, L.decline);
    await chat.tap(director, L.declineReasons.office_use);
    await chat.settle();
    expect((await chat.inbox(clerk)).text).toBe(T.toAttendeeEnded('declined', ASK, 'ประชุมรออนุมัติมีผู้เข้าร่วม', '8 ธันวาคม 2569 เวลา 10:30–11:30 น.', 'ครูผู้จอง'));

    await bookWith(ASK, '14:30–15:30', 'ประชุมที่ไม่มีใครอนุมัติ', [TECHNICIAN]);
    await chat.inbox(director);
    await chat.inbox(technician);
    expect(await runBookingRelease(service.database, bangkokTime(DAY, '14:30'))).toBe(1);
    await chat.settle();
    expect((await chat.inbox(technician)).text).toBe(T.toAttendeeEnded('released', ASK, 'ประชุมที่ไม่มีใครอนุมัติ', '8 ธันวาคม 2569 เวลา 14:30–15:30 น.', 'ครูผู้จอง'));
    expect((await chat.inbox(clerk)).entries).toHaveLength(0);
  });

  it('told they are named only once it is approved, once each however the approval is replayed; someone added later is told when added', async () => {
    const TITLE2 = 'ประชุมอนุมัติแล้วมีผู้เข้าร่วม';
    const WHEN2 = '8 ธันวาคม 2569 เวลา 13:30–14:30 น.';
    await bookWith(ASK, '13:30–14:30', TITLE2, [CLERK]);
    // Held for approval: the person named hears nothing yet.
    expect((await chat.inbox(clerk)).entries).toHaveLength(0);
    const card = await chat.inbox(director);
    const approve = dataOf(card.entries, L.approve);
    const { webhookEventId } = await chat.emulator.tap(director, approve);
    await chat.settle();
    const named = await chat.inbox(clerk);
    expect(named.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(named.entries[0]!.message.text).toBe(T.toAttendeeNamed(ASK, TITLE2, WHEN2, 'ครูผู้จอง'));
    // The booker hears the approval alone, as before.
    const toBooker = await chat.inbox(booker);
    expect(toBooker.entries).toHaveLength(1);
    expect(toBooker.text).toContain(ASK);
    // The approval redelivered, and tapped again: nothing more to anyone.
    await chat.emulator.call('POST', `/events/${webhookEventId}/redeliver`);
    await chat.tapData(director, approve);
    for (const userId of [clerk, booker, technician]) expect((await chat.inbox(userId)).entries).toHaveLength(0);

    // The booker adds the technician from the card: only the technician is told, once.
    const mine = await chat.say(booker, 'การจองของฉัน');
    const attendees = roomActions(mine.entries, ASK).filter((a) => a.label === L.attendees(1));
    expect(attendees).toHaveLength(1);
    await chat.tapData(booker, attendees[0]!.data);
    await chat.tap(booker, TECHNICIAN);
    expect((await chat.tap(booker, L.attendeesDone)).text).toBe(T.attendeesSaved(ASK, [CLERK, TECHNICIAN]));
    const added = await chat.inbox(technician);
    expect(added.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(added.entries[0]!.message.text).toBe(T.toAttendeeNamed(ASK, TITLE2, WHEN2, 'ครูผู้จอง'));
    expect((await chat.inbox(clerk)).entries).toHaveLength(0);
    expect((await chat.inbox(booker)).entries.every((e) => e.via === 'reply')).toBe(true);
  });
});

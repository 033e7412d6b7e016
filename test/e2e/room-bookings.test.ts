import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asc, eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { historyOf } from '../../src/db/repos/history.ts';
import { listAudit } from '../../src/db/repos/audit.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import { insertBooking, listRooms } from '../../src/db/repos/room-bookings.ts';
import { createLoan, listBorrowableKits } from '../../src/db/repos/loans.ts';
import { lineChannels, loanReservations, loans, offices, people, roomBookings, rooms, schools } from '../../src/db/schema.ts';
import { can } from '../../src/domain/permissions.ts';
import { ROLES, roleNeedsSchool } from '../../src/domain/roles.ts';
import { cancelBookingAction, decideBookingAction } from '../../src/flows/bookings/actions.ts';
import { runBookingRelease, runBookingReminders, runNoShowRelease } from '../../src/flows/bookings/jobs.ts';
import { encodeSealedPostback } from '../../src/line/postback.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { BOOKING_STATE_LABELS } from '../../src/domain/bookings/rooms.ts';
import { executeBookings } from '../../src/flows/bookings/execute.ts';
import { bookingLabels as L, bookingTexts as T } from '../../src/flows/bookings/messages.ts';
import { importRoomsCsv } from '../../src/flows/bookings/rooms-csv.ts';
import { RefusedWithAnswer } from '../../src/kit/execute.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import { cancelConfirmed, roomActions } from '../support/room-bookings.ts';
import { officeFactory } from '../support/factories.ts';
import type { ConversationEntry } from '../support/service.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * จองห้อง through the emulator: a day's carousel, booking a free slot, a slot taken since the carousel was drawn, two
 * people confirming the last slot at once, start/end times with a number of people, การจองของฉัน with cancelling,
 * a role without book_room, and another office's rooms and bookings never shown.
 */

// Monday 7 December 2026, 08:00 in Bangkok; the bookings are for Tuesday the 8th.
const clock = testClock('2026-12-07', '08:00');
const DAY = '2026-12-08';
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const db = () => service.database.db;

const SMALL = 'ห้องประชุมเล็ก';
const BIG = 'ห้องประชุมใหญ่';
const OTHER_OFFICE = 'khet-other';

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  // The rooms of this test, not the demo ones an empty embedded start may have loaded.
  await db().delete(rooms);
  await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ,อุปกรณ์,สถานที่\n${SMALL},10,จอ TV,อาคาร 1\n${BIG},40,"โปรเจกเตอร์, ชุด VC",อาคาร 2\n`, clock.now());
  await db().insert(offices).values({ id: OTHER_OFFICE, name: 'สพป. อื่น' }).onConflictDoNothing();
  await importRoomsCsv(db(), OTHER_OFFICE, 'ชื่อห้อง,ความจุ\nห้องของเขตอื่น,20\n', clock.now());
}, 120_000);
afterAll(async () => service.stop());

const bubbleOf = (entries: ConversationEntry[], room: string): string =>
  JSON.stringify(entries.flatMap((e) => ((e.message.contents as { contents?: unknown[] } | undefined)?.contents ?? [e.message.contents])).find((b) => JSON.stringify(b ?? {}).includes(`"${room}"`)));

async function dayCarousel(userId: string) {
  // Pushes from earlier steps (reminders, decisions) are not this answer.
  await chat.inbox(userId);
  const start = await chat.say(userId, 'จองห้อง');
  expect(start.text).toBe(T.start);
  expect(actionsIn(start.entries).map((a) => a.label)).toEqual([L.pickDate, L.byTime, L.mine]);
  return chat.tapIn(userId, start.entries, L.pickDate, { date: DAY });
}

async function slotToSummary(userId: string, entries: ConversationEntry[], room: string, slot: string, title: string, people: string) {
  const data = roomActions(entries, room).find((a) => a.label === slot)!.data;
  const ask = await chat.tapData(userId, data);
  expect(ask.text).toContain('กรุณาพิมพ์ชื่อการประชุม');
  expect((await chat.say(userId, title)).text).toBe(T.askPeople);
  return chat.say(userId, people);
}

/** The uri of a link button in the room's bubble. */
function linkIn(entries: ConversationEntry[], room: string, label: string): string {
  const bubble = JSON.parse(bubbleOf(entries, room)) as unknown;
  let found: string | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const action = (node as { action?: { type?: string; label?: string; uri?: string } }).action;
    if (action?.type === 'uri' && action.label === label) found = action.uri;
    Object.values(node).forEach(walk);
  };
  walk(bubble);
  if (!found) throw new Error(`no link "${label}" for ${room}`);
  return found;
}

/** The first event's properties of an iCalendar file (lines unfolded; parameters dropped). */
function readIcs(text: string): Record<string, string> {
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r\n/);
  const event: Record<string, string> = {};
  let inEvent = false;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') inEvent = true;
    else if (line === 'END:VEVENT') break;
    else if (inEvent) {
      const colon = line.indexOf(':');
      event[line.slice(0, colon).split(';')[0]!] = line.slice(colon + 1);
    }
  }
  return event;
}

async function channelSecret(): Promise<string> {
  const [channel] = await db().select({ secret: lineChannels.channelSecret }).from(lineChannels).where(eq(lineChannels.id, DEFAULT_CHANNEL_ID));
  return channel!.secret;
}

const bookingsOf = () => db().select().from(roomBookings).orderBy(asc(roomBookings.id));

let teacherA: string;
let teacherB: string;
let teacherC: string;
let carouselSeenByB: ConversationEntry[];

describe('จองห้อง through the emulator', () => {
  beforeAll(async () => {
    teacherA = await chat.registerTeacher('ครูเอ จองห้อง');
    teacherB = await chat.registerTeacher('ครูบี จองห้อง');
    teacherC = await chat.registerTeacher('ครูซี จองห้อง');
  }, 120_000);

  it('a teacher picks a date, sees every room of the office with its free slots as buttons, and books one', async () => {
    const day = await dayCarousel(teacherA);
    expect(day.text).toContain(T.dayIntro(DAY, 2));
    carouselSeenByB = (await dayCarousel(teacherB)).entries;
    const slots = roomActions(day.entries, SMALL).map((a) => a.label);
    expect(slots).toEqual(['08:30–09:30', '09:30–10:30', '10:30–11:30', '11:30–12:30', '12:30–13:30', '13:30–14:30', '14:30–15:30', '15:30–16:30']);
    expect(JSON.stringify(day.entries)).not.toContain('ห้องของเขตอื่น');

    const summary = await slotToSummary(teacherA, day.entries, SMALL, '09:30–10:30', 'ประชุมครูวิชาการ', '8');
    expect(summary.entries.at(-1)?.message.type).toBe('flex');
    expect(JSON.stringify(summary.entries)).toContain('ประชุมครูวิชาการ');
    const done = await chat.tapIn(teacherA, summary.entries, L.confirm);
    expect(done.text).toBe(T.booked(SMALL, '8 ธันวาคม 2569 เวลา 09:30–10:30 น.'));

    const [booking] = await bookingsOf();
    expect(booking).toMatchObject({ title: 'ประชุมครูวิชาการ', people: 8, state: 'confirmed', startsAt: bangkokTime(DAY, '09:30'), endsAt: bangkokTime(DAY, '10:30') });
    expect(await historyOf(db(), 'room_booking', booking!.id, 'booked')).toHaveLength(1);

    // The summary's button cannot book twice.
    const again = await chat.tapIn(teacherA, summary.entries, L.confirm);
    expect(again.text).toBe(botMessages.buttonNoLongerValid);
    expect(await bookingsOf()).toHaveLength(1);
  });

  it('a slot taken since the carousel was drawn is refused when tapped, and what is still free is shown: the taken slot as text, not a button', async () => {
    const data = roomActions(carouselSeenByB, SMALL).find((a) => a.label === '09:30–10:30')!.data;
    const refused = await chat.tapData(teacherB, data);
    expect(refused.text).toContain(T.stillFree);
    expect(roomActions(refused.entries, SMALL).map((a) => a.label)).not.toContain('09:30–10:30');
    expect(roomActions(refused.entries, SMALL)).toHaveLength(7);
    expect(bubbleOf(refused.entries, SMALL)).toContain(T.takenLine(['09:30–10:30']));
    expect(roomActions(refused.entries, BIG).map((a) => a.label)).toContain('09:30–10:30');
    expect(await bookingsOf()).toHaveLength(1);
  });

  it('two people confirming the last free time at once: exactly one gets it, the other is shown what is still free', async () => {
    const day = (await dayCarousel(teacherB)).entries;
    const dayC = (await dayCarousel(teacherC)).entries;
    const summaryB = await slotToSummary(teacherB, day, BIG, '13:30–14:30', 'อบรม B', '20');
    const summaryC = await slotToSummary(teacherC, dayC, BIG, '13:30–14:30', 'อบรม C', '25');
    // Both taps are stored before either is handled: the dispatcher handles the two chats at the same time.
    const confirmB = actionsIn(summaryB.entries).find((a) => a.label === L.confirm)!.data;
    const confirmC = actionsIn(summaryC.entries).find((a) => a.label === L.confirm)!.data;
    await Promise.all([chat.emulator.tap(teacherB, confirmB), chat.emulator.tap(teacherC, confirmC)]);
    await chat.settle();
    const [answerB, answerC] = [await chat.inbox(teacherB), await chat.inbox(teacherC)];
    const answers = [answerB.text, answerC.text];
    expect(answers.filter((t) => t.startsWith(T.booked(BIG, '8 ธันวาคม 2569 เวลา 13:30–14:30 น.')))).toHaveLength(1);
    expect(answers.filter((t) => t.includes(T.stillFree))).toHaveLength(1);
    const loser = answerB.text.includes(T.stillFree) ? answerB : answerC;
    expect(roomActions(loser.entries, BIG).map((a) => a.label)).not.toContain('13:30–14:30');
    const held = (await bookingsOf()).filter((b) => b.state === 'confirmed' && b.startsAt.getTime() === bangkokTime(DAY, '13:30').getTime());
    expect(held).toHaveLength(1);
  });

  it('when the database refuses a booking the executor answers with what is still free, and nothing is written', async () => {
    const [small] = (await listRooms(db(), DEFAULT_OFFICE_ID)).filter((r) => r.name === SMALL);
    const person = await chat.personOf(teacherC);
    const env = { channelId: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, lineUserId: teacherC, now: clock.now(), person, logger: createLogger('silent') };
    const before = (await bookingsOf()).length;
    // The step saw the time free; meanwhile it was taken (committed by someone else): the constraint refuses it.
    const attempt = db().transaction(async (tx) => {
      await executeBookings(tx, { type: 'bookRoom', roomId: small!.id, startsAt: bangkokTime(DAY, '09:00'), endsAt: bangkokTime(DAY, '10:00'), title: 'ซ้อน', people: 3 }, env);
    });
    const refusal = await attempt.catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(RefusedWithAnswer);
    const messages = (refusal as RefusedWithAnswer).messages;
    expect(messages[0]).toEqual({ type: 'text', text: T.stillFree });
    expect(JSON.stringify(messages[1])).toContain(T.takenLine(['09:30–10:30']));
    expect((await bookingsOf()).length).toBe(before);
  });

  it('more people than any room holds: the bot says no room is free that day and time for them', async () => {
    const start = await chat.say(teacherA, 'จองห้อง');
    const askDate = await chat.tapIn(teacherA, start.entries, L.byTime);
    const askFrom = await chat.tapIn(teacherA, askDate.entries, L.pickDate, { date: DAY });
    const askTo = await chat.tapIn(teacherA, askFrom.entries, L.from, { time: '13:00' });
    await chat.tapIn(teacherA, askTo.entries, L.to, { time: '14:00' });
    const none = await chat.say(teacherA, '300');
    expect(none.text).toContain('ขออภัยค่ะ ไม่มีห้องที่ว่างวันที่ 8 ธันวาคม 2569 เวลา 13:00–14:00 น. ที่จุได้ 300 คน');
  });

  it('start and end times with the number of people show the rooms free then that hold them; booking one of them', async () => {
    const start = await chat.say(teacherA, 'จองห้อง');
    const askDate = await chat.tapIn(teacherA, start.entries, L.byTime);
    expect(askDate.text).toBe(T.askTimeDate);
    const askFrom = await chat.tapIn(teacherA, askDate.entries, L.pickDate, { date: DAY });
    const askTo = await chat.tapIn(teacherA, askFrom.entries, L.from, { time: '10:00' });
    const wrong = await chat.tapIn(teacherA, askTo.entries, L.to, { time: '09:00' });
    expect(wrong.text).toContain(T.badTime);
    // The picker closed without a choice: text that is no time asks again with the picker (never "the button
    // above", which is gone); a typed time is taken as the picker's.
    const again = await chat.say(teacherA, 'เลิกบ่ายสาม');
    expect(again.text).toBe(T.askTo('10:00'));
    expect(actionsIn(again.entries).map((a) => a.label)).toContain(L.to);
    const askPeople = await chat.say(teacherA, '๑๒.๐๐ น.');
    expect(askPeople.text).toBe(T.askPeople);
    // 30 people: the small room (10) does not hold them; the big one is free 10:00–12:00.
    const free = await chat.say(teacherA, '30');
    // The day reads as a sentence: "ห้องที่ว่างวันที่ 8 …", never "ห้องที่ว่าง8 …".
    expect(free.text).toContain('ห้องที่ว่างวันที่ 8 ธันวาคม 2569 เวลา 10:00–12:00 น. จุได้ 30 คนขึ้นไป มี 1 ห้องค่ะ');
    expect(JSON.stringify(free.entries)).not.toContain(SMALL);
    const askTitle = await chat.tapIn(teacherA, free.entries, L.bookThis);
    expect(askTitle.text).toContain(BIG);
    const summary = await chat.say(teacherA, 'ประชุมผู้บริหาร');
    const done = await chat.tapIn(teacherA, summary.entries, L.confirm);
    expect(done.text).toBe(T.booked(BIG, '8 ธันวาคม 2569 เวลา 10:00–12:00 น.'));
    expect((await bookingsOf()).filter((b) => b.title === 'ประชุมผู้บริหาร')).toHaveLength(1);
  });

  it('every booking card has เพิ่มลงปฏิทิน: an .ics file in UTC that opens at the Bangkok time; a forged link is refused', async () => {
    const mine = await chat.say(teacherA, 'การจองของฉัน');
    const link = linkIn(mine.entries, SMALL, L.addToCalendar);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const event = readIcs(await res.text());
    expect(event.DTSTART).toBe('20261208T023000Z');
    expect(event.DTEND).toBe('20261208T033000Z');
    expect(event.SUMMARY).toBe('ประชุมครูวิชาการ');
    expect(event.STATUS).toBe('CONFIRMED');
    // Read back as a phone in Bangkok would: 09:30–10:30.
    const start = new Date(event.DTSTART!.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    expect(start.getTime()).toBe(bangkokTime(DAY, '09:30').getTime());
    expect((await fetch(link.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(403);
    expect((await fetch(link.replace(/\/(\d+)\.ics/, (_m, id: string) => `/${Number(id) + 1}.ics`))).status).toBe(403);
  });

  it('การจองของฉัน lists the person’s bookings with ยกเลิกการจอง; a cancelled booking frees the slot and its old button is stale', async () => {
    const mine = await chat.say(teacherA, 'การจองของฉัน');
    expect(mine.text).toContain(T.mineIntro(2));
    const cancel = roomActions(mine.entries, SMALL).find((a) => a.label === L.cancelBooking)!.data;
    const done = await cancelConfirmed(chat, teacherA, cancel);
    expect(done.text).toBe(T.cancelled(SMALL, '8 ธันวาคม 2569 เวลา 09:30–10:30 น.'));
    expect((await bookingsOf()).find((b) => b.title === 'ประชุมครูวิชาการ')?.state).toBe('cancelled');
    expect((await chat.tapData(teacherA, cancel)).text).toBe(botMessages.buttonNoLongerValid);
    // Someone else's booking card is not theirs to cancel: B replays A's button.
    const mineAgain = await chat.say(teacherA, 'การจองของฉัน');
    const other = roomActions(mineAgain.entries, BIG).find((a) => a.label === L.cancelBooking)!.data;
    expect((await chat.tapData(teacherB, other)).text).toBe(T.notYours);
    // The freed slot is a button again.
    const day = await dayCarousel(teacherB);
    expect(roomActions(day.entries, SMALL).map((a) => a.label)).toContain('09:30–10:30');
  });

  it('a person whose role may not book is refused politely, by the tile and by a replayed button', async () => {
    const guest = await chat.newUser('ผู้ใช้ทั่วไป');
    await officeFactory(db()).person('ผู้ใช้ทั่วไป', 'guest', { lineUserId: guest });
    expect((await chat.say(guest, 'จองห้อง')).text).toContain('ขออภัยค่ะ บทบาทของคุณยังไม่มีสิทธิ์ "จองห้อง"');
    const data = roomActions(carouselSeenByB, BIG).find((a) => a.label === '15:30–16:30')!.data;
    expect((await chat.tapData(guest, data)).text).toContain('ขออภัยค่ะ');
    expect((await bookingsOf()).filter((b) => b.startsAt.getTime() === bangkokTime(DAY, '15:30').getTime())).toHaveLength(0);
  });

  it('another office’s bookings are never shown nor reachable: its booking cannot be cancelled from here', async () => {
    const [otherRoom] = await listRooms(db(), OTHER_OFFICE);
    const stranger = await officeFactory(db(), OTHER_OFFICE, DEFAULT_CHANNEL_ID).person('คนเขตอื่น', 'teacher', { lineUserId: null });
    const theirs = await insertBooking(db(), { officeId: OTHER_OFFICE, roomId: otherRoom!.id, bookerId: stranger.id, title: 'ของเขตอื่น', people: 3, needs: [], startsAt: bangkokTime(DAY, '09:00'), endsAt: bangkokTime(DAY, '10:00'), state: 'confirmed' }, clock.now());
    expect(theirs.ok).toBe(true);
    const mine = await chat.say(teacherA, 'การจองของฉัน');
    expect(JSON.stringify(mine.entries)).not.toContain('ของเขตอื่น');
    const day = await dayCarousel(teacherA);
    expect(JSON.stringify(day.entries)).not.toContain('ห้องของเขตอื่น');
    // A correctly sealed button naming the other office's booking (as if guessed): this office finds no such booking.
    const forged = encodeSealedPostback(cancelBookingAction, { b: theirs.ok ? theirs.id : 1, v: 1 }, await channelSecret());
    expect((await chat.tapData(teacherA, forged)).text).toBe(botMessages.buttonNoLongerValid);
    expect((await db().select().from(roomBookings).where(eq(roomBookings.officeId, OTHER_OFFICE)))[0]!.state).toBe('confirmed');
  });
});

describe('rooms that need approval', () => {
  const TRAINING = 'ห้องอบรม';
  let director: string;
  let teacher: string;

  beforeAll(async () => {
    await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ,ต้องอนุมัติ,ผู้อนุมัติ\n${TRAINING},30,ใช่,ผู้อำนวยการกลุ่ม\n`, clock.now());
    director = await chat.registerInvited('ผอ.กลุ่ม อนุมัติ', 'group_director', clock.now());
    teacher = await chat.registerTeacher('ครูดี ขอห้อง');
  }, 120_000);

  async function requestTraining(userId: string, slot: string, title: string) {
    const day = await dayCarousel(userId);
    expect(bubbleOf(day.entries, TRAINING)).toContain(T.approvalLine('ผู้อำนวยการกลุ่ม'));
    const summary = await slotToSummary(userId, day.entries, TRAINING, slot, title, '12');
    expect(JSON.stringify(summary.entries)).toContain(T.needsApproval('ผู้อำนวยการกลุ่ม'));
    return chat.tapIn(userId, summary.entries, L.confirm);
  }

  const trainingBooking = async (title: string) => (await bookingsOf()).find((b) => b.title === title)!;

  it('the booking is held (tentative, the slot blocked) and the approver gets its card; อนุมัติ confirms it and the booker is told', async () => {
    const held = await requestTraining(teacher, '08:30–09:30', 'อบรมครูใหม่');
    expect(held.text).toContain('ห้องถูกกันไว้ให้ระหว่างรอผู้อำนวยการกลุ่มอนุมัติ');
    expect((await trainingBooking('อบรมครูใหม่')).state).toBe('tentative');
    // The slot is held: nobody else sees it as a button.
    expect(roomActions((await dayCarousel(teacherB)).entries, TRAINING).map((a) => a.label)).not.toContain('08:30–09:30');

    const alert = await chat.inbox(director);
    expect(alert.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(alert.text).toContain(T.toApprover('ครูดี ขอห้อง', TRAINING, '8 ธันวาคม 2569 เวลา 08:30–09:30 น.'));
    // The decision is one tap from the chat's foot too: the text carries อนุมัติ / ไม่อนุมัติ as quick replies.
    const quick = (alert.entries[0]!.message as { quickReply?: { items: Array<{ action: { label: string } }> } }).quickReply?.items ?? [];
    expect(quick.map((i) => i.action.label)).toEqual([L.approve, L.decline]);
    // A teacher replaying the approver's button is refused by the permission, not by the version.
    const approveData = actionsIn(alert.entries).find((a) => a.label === L.approve)!.data;
    expect((await chat.tapData(teacher, approveData)).text).toContain('ขออภัยค่ะ บทบาทของคุณยังไม่มีสิทธิ์ "อนุมัติการจองห้อง"');

    const approved = await chat.tapIn(director, alert.entries, L.approve);
    expect(approved.text).toBe(T.approved(TRAINING, '8 ธันวาคม 2569 เวลา 08:30–09:30 น.'));
    const booking = await trainingBooking('อบรมครูใหม่');
    expect(booking).toMatchObject({ state: 'confirmed', decidedBy: (await chat.personOf(director)).id });
    expect((await chat.inbox(teacher)).text).toContain('ได้รับอนุมัติแล้ว');
    // A second tap is told what became of it.
    expect((await chat.tapData(director, approveData)).text).toBe(T.alreadyDecided(BOOKING_STATE_LABELS.confirmed));
  });

  it('รายการรออนุมัติ lists the held bookings with the decision buttons; ไม่อนุมัติ frees the slot and the booker is told', async () => {
    await requestTraining(teacher, '10:30–11:30', 'ประชุมกลุ่มสาระ');
    await chat.inbox(director);
    const pending = await chat.say(director, 'รายการรออนุมัติ');
    expect(pending.text).toContain(T.pendingLine(1));
    expect(JSON.stringify(pending.entries)).toContain('ประชุมกลุ่มสาระ');
    expect((await chat.tapIn(director, pending.entries, L.decline)).text).toBe(T.askDeclineReason);
    const declined = await chat.tap(director, L.declineReasons.other_room);
    expect(declined.text).toBe(T.declined(TRAINING, '8 ธันวาคม 2569 เวลา 10:30–11:30 น.'));
    expect((await trainingBooking('ประชุมกลุ่มสาระ')).state).toBe('declined');
    expect((await chat.inbox(teacher)).text).toContain('ไม่ได้รับอนุมัติ');
    expect(roomActions((await dayCarousel(teacherB)).entries, TRAINING).map((a) => a.label)).toContain('10:30–11:30');
    expect((await chat.say(director, 'รายการรออนุมัติ')).text).not.toContain(T.pendingLine(1));
  });

  it('undecided by its start, a held booking is released and the booker told once; the approver’s card then says so', async () => {
    await requestTraining(teacher, '13:30–14:30', 'อบรมที่ไม่มีใครอนุมัติ');
    const alert = await chat.inbox(director);
    expect(await runBookingRelease(service.database, bangkokTime(DAY, '13:29'))).toBe(0);
    expect(await runBookingRelease(service.database, bangkokTime(DAY, '13:30'))).toBe(1);
    await chat.settle();
    expect((await chat.inbox(teacher)).text).toBe(T.toBookerReleased(TRAINING, '8 ธันวาคม 2569 เวลา 13:30–14:30 น.'));
    const booking = await trainingBooking('อบรมที่ไม่มีใครอนุมัติ');
    expect(booking.state).toBe('released');
    expect(await historyOf(db(), 'room_booking', booking.id, 'released')).toHaveLength(1);
    // Run again: nothing more, nobody told twice.
    expect(await runBookingRelease(service.database, bangkokTime(DAY, '13:45'))).toBe(0);
    await chat.settle();
    expect((await chat.inbox(teacher)).entries).toHaveLength(0);
    expect((await chat.tapIn(director, alert.entries, L.approve)).text).toBe(T.alreadyDecided(BOOKING_STATE_LABELS.released));
  });

  it('an approver’s own booking waits for another approver: not in their list, and a forged decision is refused', async () => {
    const own = await requestTraining(director, '15:30–16:30', 'ประชุมของผอ.กลุ่ม');
    expect(own.text).toContain('ส่งคำขอจอง');
    const mine = await chat.say(director, 'การจองของฉัน');
    expect(actionsIn(mine.entries).map((a) => a.label)).not.toContain(L.approve);
    const pending = await chat.say(director, 'รายการรออนุมัติ');
    expect(JSON.stringify(pending.entries)).not.toContain('ประชุมของผอ.กลุ่ม');
    const booking = await trainingBooking('ประชุมของผอ.กลุ่ม');
    const forged = encodeSealedPostback(decideBookingAction, { b: booking.id, v: booking.version, a: 'approve' }, await channelSecret());
    expect((await chat.tapData(director, forged)).text).toBe(T.ownBooking);
    expect((await trainingBooking('ประชุมของผอ.กลุ่ม')).state).toBe('tentative');
  });
});

describe('reminders before the meeting', () => {
  it('the booker is reminded on the office day before and 30 minutes before, each once; a cancelled booking gets none', async () => {
    const teacher = await chat.registerTeacher('ครูเตือน ความจำ');
    const kept = await slotToSummary(teacher, (await dayCarousel(teacher)).entries, SMALL, '11:30–12:30', 'ประชุมที่ต้องเตือน', '4');
    await chat.tapIn(teacher, kept.entries, L.confirm);
    const dropped = await slotToSummary(teacher, (await dayCarousel(teacher)).entries, BIG, '14:30–15:30', 'ประชุมที่ยกเลิกแล้ว', '4');
    await chat.tapIn(teacher, dropped.entries, L.confirm);
    const mine = await chat.say(teacher, 'การจองของฉัน');
    await cancelConfirmed(chat, teacher, roomActions(mine.entries, BIG).find((a) => a.label === L.cancelBooking)!.data);
    const keptId = (await bookingsOf()).find((b) => b.title === 'ประชุมที่ต้องเตือน')!.id;
    const droppedId = (await bookingsOf()).find((b) => b.title === 'ประชุมที่ยกเลิกแล้ว')!.id;

    const runAt = async (date: string, time: string) => {
      await runBookingReminders(service.database, bangkokTime(date, time));
      await chat.settle();
      return chat.inbox(teacher);
    };
    expect((await runAt('2026-12-07', '08:29')).entries).toHaveLength(0);
    const dayBefore = await runAt('2026-12-07', '08:30');
    expect(dayBefore.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(dayBefore.text).toContain(T.reminder('day_before', SMALL, 'ประชุมที่ต้องเตือน', '8 ธันวาคม 2569 เวลา 11:30–12:30 น.'));
    expect(dayBefore.text).not.toContain('ประชุมที่ยกเลิกแล้ว');
    // Cancel and move straight from the reminder, as from the booking's card.
    expect(actionsIn(dayBefore.entries).map((a) => a.label)).toEqual(expect.arrayContaining([L.cancelBooking, L.move]));
    expect((await runAt('2026-12-07', '15:00')).entries).toHaveLength(0);
    expect((await runAt(DAY, '10:59')).entries).toHaveLength(0);
    const soon = await runAt(DAY, '11:00');
    expect(soon.text).toContain(T.reminder('soon', SMALL, 'ประชุมที่ต้องเตือน', '8 ธันวาคม 2569 เวลา 11:30–12:30 น.'));
    expect((await runAt(DAY, '11:10')).entries).toHaveLength(0);
    expect((await historyOf(db(), 'room_booking', keptId, 'reminded')).map((e) => e.data.mark)).toEqual(['day_before', 'soon']);
    expect(await historyOf(db(), 'room_booking', droppedId, 'reminded')).toHaveLength(0);
  });
});

describe('repeating bookings', () => {
  it('weekly until a date: the clashing date is listed and skipped, the rest booked together; one meeting or all can be cancelled', async () => {
    const teacher = await chat.registerTeacher('ครูประชุมประจำ');
    const other = await chat.personOf(teacherB);
    const [small] = (await listRooms(db(), DEFAULT_OFFICE_ID)).filter((r) => r.name === SMALL);
    // Someone holds the room on the third Tuesday already.
    await insertBooking(db(), { officeId: DEFAULT_OFFICE_ID, roomId: small!.id, bookerId: other.id, title: 'ประชุมอื่น', people: 3, needs: [], startsAt: bangkokTime('2026-12-22', '14:30'), endsAt: bangkokTime('2026-12-22', '15:30'), state: 'confirmed' }, clock.now());

    const summary = await slotToSummary(teacher, (await dayCarousel(teacher)).entries, SMALL, '14:30–15:30', 'ประชุม PLC', '6');
    const every = await chat.tapIn(teacher, summary.entries, L.repeat);
    expect(every.text).toBe(T.askEvery);
    expect(every.labels).toEqual([L.every(1), L.every(2), L.every(4), L.quit]);
    // Typed instead of tapped: asked to use the buttons, and they are under the answer again (here and for the date).
    const typedEvery = await chat.say(teacher, 'ทุกวันอังคาร');
    expect(typedEvery.text).toContain('กรุณาเลือกจากปุ่มด้านล่าง');
    expect(typedEvery.labels).toEqual([L.every(1), L.every(2), L.every(4), L.quit]);
    const until = await chat.tap(teacher, L.every(1));
    const typedUntil = await chat.say(teacher, 'ถึงปีใหม่');
    expect(typedUntil.text).toContain('กรุณาเลือกจากปุ่มด้านล่าง');
    expect(typedUntil.labels).toContain(L.until);
    const plan = await chat.tapIn(teacher, typedUntil.entries, L.until, { date: '2027-01-05' });
    expect(plan.text).toBe(
      T.seriesPlan(SMALL, '14:30–15:30', ['2026-12-08', '2026-12-15', '2026-12-29', '2027-01-05'], [T.skippedLine('2026-12-22', 'taken')]),
    );
    const done = await chat.tap(teacher, L.confirmSeries);
    expect(done.text).toBe(T.seriesBooked(SMALL, '14:30–15:30', ['2026-12-08', '2026-12-15', '2026-12-29', '2027-01-05'], [T.skippedLine('2026-12-22', 'taken')]));
    const series = (await bookingsOf()).filter((b) => b.title === 'ประชุม PLC');
    expect(series).toHaveLength(4);
    expect(new Set(series.map((b) => b.seriesId)).size).toBe(1);
    expect(series[0]!.seriesId).not.toBeNull();

    // One meeting cancelled, then the rest of the series.
    const mine = await chat.say(teacher, 'การจองของฉัน');
    expect(mine.text).toContain(T.mineIntro(4));
    const cancels = actionsIn(mine.entries).filter((a) => a.label === L.cancelBooking);
    const cancelAll = actionsIn(mine.entries).filter((a) => a.label === L.cancelSeries);
    expect(cancels).toHaveLength(4);
    expect(cancelAll).toHaveLength(4);
    await cancelConfirmed(chat, teacher, cancels[1]!.data);
    expect((await bookingsOf()).filter((b) => b.title === 'ประชุม PLC' && b.state === 'cancelled')).toHaveLength(1);
    const all = await cancelConfirmed(chat, teacher, cancelAll[0]!.data);
    expect(all.text).toBe(T.seriesCancelled(SMALL, 3));
    expect((await bookingsOf()).filter((b) => b.title === 'ประชุม PLC').map((b) => b.state)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect((await bookingsOf()).find((b) => b.title === 'ประชุมอื่น')?.state).toBe('confirmed');
  });

  it('a date the database refuses while the series is booked is skipped there and said in the answer', async () => {
    const [small] = (await listRooms(db(), DEFAULT_OFFICE_ID)).filter((r) => r.name === SMALL);
    const person = await chat.personOf(teacherC);
    const answers: unknown[] = [];
    const env = { channelId: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, lineUserId: teacherC, now: clock.now(), person, logger: createLogger('silent'), answer: (m: unknown[]) => answers.push(m) };
    // 22 December 14:30 is held by "ประชุมอื่น": the step did not know (say), the constraint refuses that date alone.
    await db().transaction((tx) =>
      executeBookings(tx, { type: 'bookSeries', roomId: small!.id, dates: ['2026-12-15', '2026-12-22'], skipped: [], from: '14:30', to: '15:30', title: 'ชุดที่ชนกลางทาง', people: 2 }, env),
    );
    expect(answers).toEqual([[expect.objectContaining({ text: T.seriesBooked(SMALL, '14:30–15:30', ['2026-12-15'], [T.skippedLine('2026-12-22', 'taken')]) })]]);
    expect((await bookingsOf()).filter((b) => b.title === 'ชุดที่ชนกลางทาง')).toHaveLength(1);
  });
});

describe('check-in (rooms that ask for it)', () => {
  const ROOM = 'ห้องต้องเช็กอิน';
  afterAll(() => {
    clock.set('2026-12-07', '08:00');
  });

  it('the booker checks in from 30 minutes before to 15 after the start; a booking nobody checked in is released, the booker told once, the no-show recorded', async () => {
    await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ,ต้องเช็กอิน\n${ROOM},8,ใช่\n`, clock.now());
    const teacher = await chat.registerTeacher('ครูเช็กอิน');
    for (const [slot, title] of [['10:30–11:30', 'ประชุมที่มา'], ['13:30–14:30', 'ประชุมที่ไม่มา'], ['15:30–16:30', 'ประชุมสแกน QR']] as const) {
      const day = await dayCarousel(teacher);
      expect(bubbleOf(day.entries, ROOM)).toContain(T.checkInNote(30, 15));
      const summary = await slotToSummary(teacher, day.entries, ROOM, slot, title, '3');
      await chat.tapIn(teacher, summary.entries, L.confirm);
    }
    const came = (await bookingsOf()).find((b) => b.title === 'ประชุมที่มา')!;
    const absent = (await bookingsOf()).find((b) => b.title === 'ประชุมที่ไม่มา')!;

    clock.set(DAY, '09:59');
    expect(actionsIn((await chat.say(teacher, 'การจองของฉัน')).entries).map((a) => a.label)).not.toContain(L.checkIn);
    clock.set(DAY, '10:05');
    const mine = await chat.say(teacher, 'การจองของฉัน');
    expect(roomActions(mine.entries, ROOM).filter((a) => a.label === L.checkIn)).toHaveLength(1);
    const checkIn = roomActions(mine.entries, ROOM).find((a) => a.label === L.checkIn)!.data;
    // Only the booker may check in.
    await chat.inbox(teacherB);
    expect((await chat.tapData(teacherB, checkIn)).text).toBe(T.notYours);
    expect((await chat.tapData(teacher, checkIn)).text).toBe(T.checkedIn(ROOM, '8 ธันวาคม 2569 เวลา 10:30–11:30 น.'));
    expect((await bookingsOf()).find((b) => b.id === came.id)?.checkedInAt).toEqual(bangkokTime(DAY, '10:05'));
    expect((await chat.tapData(teacher, checkIn)).text).toBe(botMessages.buttonNoLongerValid);

    // Checked in: kept past the window. Not checked in: released at 13:45, once.
    await runNoShowRelease(service.database, bangkokTime(DAY, '10:50'));
    expect((await bookingsOf()).find((b) => b.id === came.id)?.state).toBe('confirmed');
    await runNoShowRelease(service.database, bangkokTime(DAY, '13:44'));
    expect((await bookingsOf()).find((b) => b.id === absent.id)?.state).toBe('confirmed');
    await chat.inbox(teacher);
    await runNoShowRelease(service.database, bangkokTime(DAY, '13:45'));
    await chat.settle();
    expect((await chat.inbox(teacher)).text).toBe(T.toBookerNoShow(ROOM, '8 ธันวาคม 2569 เวลา 13:30–14:30 น.'));
    expect((await bookingsOf()).find((b) => b.id === absent.id)?.state).toBe('released');
    expect(await historyOf(db(), 'room_booking', absent.id, 'no_show')).toHaveLength(1);
    await runNoShowRelease(service.database, bangkokTime(DAY, '13:50'));
    await chat.settle();
    expect((await chat.inbox(teacher)).entries).toHaveLength(0);
    // The rest of the slot is free for others.
    clock.set(DAY, '13:46');
    expect(await insertBooking(db(), { officeId: DEFAULT_OFFICE_ID, roomId: absent.roomId, bookerId: (await chat.personOf(teacherB)).id, title: 'ใช้ห้องต่อ', people: 2, needs: [], startsAt: bangkokTime(DAY, '13:50'), endsAt: bangkokTime(DAY, '14:30'), state: 'confirmed' }, clock.now())).toMatchObject({ ok: true });

    // The room's QR code sends "เช็กอิน <room>": the booker's booking of that room open for check-in now.
    expect((await chat.say(teacher, `เช็กอิน ${ROOM}`)).text).toBe(T.noCheckInNow(ROOM));
    clock.set(DAY, '15:20');
    expect((await chat.say(teacherB, `เช็กอิน ${ROOM}`)).text).toBe(T.noCheckInNow(ROOM));
    expect((await chat.say(teacher, `เช็กอิน ${SMALL}`)).text).toBe(T.noCheckInNow(SMALL));
    expect((await chat.say(teacher, `เช็กอิน  ${ROOM} `)).text).toBe(T.checkedIn(ROOM, '8 ธันวาคม 2569 เวลา 15:30–16:30 น.'));
    expect((await bookingsOf()).find((b) => b.title === 'ประชุมสแกน QR')?.checkedInAt).toEqual(bangkokTime(DAY, '15:20'));
  });
});

describe('moving a booking', () => {
  const ROOM = 'ห้องย้ายได้';
  const ASK = 'ห้องย้ายต้องอนุมัติ';
  const DAY2 = '2026-12-09';

  it('ย้ายเวลา on the card: another date, the room’s free times for the same length (its own time not in its way), reminded again for the new time', async () => {
    clock.set('2026-12-07', '08:00');
    await importRoomsCsv(db(), DEFAULT_OFFICE_ID, `ชื่อห้อง,ความจุ,ต้องอนุมัติ\n${ROOM},10,ไม่ใช่\n${ASK},10,ใช่\n`, clock.now());
    const teacher = await chat.registerTeacher('ครูย้ายเวลา');
    const summary = await slotToSummary(teacher, (await dayCarousel(teacher)).entries, ROOM, '09:30–10:30', 'ประชุมที่จะย้าย', '5');
    await chat.tapIn(teacher, summary.entries, L.confirm);
    const [room] = (await listRooms(db(), DEFAULT_OFFICE_ID)).filter((r) => r.name === ROOM);
    await insertBooking(db(), { officeId: DEFAULT_OFFICE_ID, roomId: room!.id, bookerId: (await chat.personOf(teacherB)).id, title: 'ของคนอื่น', people: 2, needs: [], startsAt: bangkokTime(DAY2, '10:30'), endsAt: bangkokTime(DAY2, '11:30'), state: 'confirmed' }, clock.now());
    const booking = (await bookingsOf()).find((b) => b.title === 'ประชุมที่จะย้าย')!;
    // Reminded of the first time already.
    await runBookingReminders(service.database, bangkokTime('2026-12-07', '08:30'));
    await chat.settle();
    await chat.inbox(teacher);

    const mine = await chat.say(teacher, 'การจองของฉัน');
    const day = await chat.tapIn(teacher, mine.entries, L.move, { date: DAY2 });
    expect(day.text).toContain(T.moveIntro(ROOM, DAY2));
    const times = roomActions(day.entries, ROOM).map((a) => a.label);
    expect(times).toContain('09:30–10:30');
    expect(times).not.toContain('10:30–11:30');
    const moved = await chat.tapIn(teacher, day.entries, '13:30–14:30');
    expect(moved.text).toBe(T.moved(ROOM, '9 ธันวาคม 2569 เวลา 13:30–14:30 น.'));
    const after = (await bookingsOf()).find((b) => b.id === booking.id)!;
    expect(after).toMatchObject({ state: 'confirmed', startsAt: bangkokTime(DAY2, '13:30'), endsAt: bangkokTime(DAY2, '14:30'), version: booking.version + 1 });
    expect(await historyOf(db(), 'room_booking', booking.id, 'moved')).toHaveLength(1);
    // The old time is free again; the old card's buttons are stale.
    expect(roomActions((await dayCarousel(teacherB)).entries, ROOM).map((a) => a.label)).toContain('09:30–10:30');
    expect((await chat.tapIn(teacher, day.entries, '14:30–15:30')).text).toBe(botMessages.buttonNoLongerValid);
    // The new time is reminded of too, on its own office day before.
    await runBookingReminders(service.database, bangkokTime(DAY, '08:30'));
    await chat.settle();
    expect((await chat.inbox(teacher)).text).toContain(T.reminder('day_before', ROOM, 'ประชุมที่จะย้าย', '9 ธันวาคม 2569 เวลา 13:30–14:30 น.'));
  });

  it('a booking moved in a room that needs approval waits for approval again; a time taken meanwhile is refused by the database with the room’s day', async () => {
    const teacher = await chat.registerTeacher('ครูย้ายห้องอนุมัติ');
    const summary = await slotToSummary(teacher, (await dayCarousel(teacher)).entries, ASK, '09:30–10:30', 'ประชุมรออนุมัติใหม่', '5');
    await chat.tapIn(teacher, summary.entries, L.confirm);
    const booking = (await bookingsOf()).find((b) => b.title === 'ประชุมรออนุมัติใหม่')!;
    await db().update(roomBookings).set({ state: 'confirmed' }).where(eq(roomBookings.id, booking.id));
    const mine = await chat.say(teacher, 'การจองของฉัน');
    const day = await chat.tapIn(teacher, mine.entries, L.move, { date: DAY2 });
    const moved = await chat.tapIn(teacher, day.entries, '15:30–16:30');
    expect(moved.text).toBe(T.movedAsk(ASK, '9 ธันวาคม 2569 เวลา 15:30–16:30 น.', 'ผู้อำนวยการกลุ่ม'));
    expect((await bookingsOf()).find((b) => b.id === booking.id)?.state).toBe('tentative');

    // The executor, when the database refuses the new time (taken a moment ago by someone else).
    const now = (await bookingsOf()).find((b) => b.id === booking.id)!;
    await insertBooking(db(), { officeId: DEFAULT_OFFICE_ID, roomId: now.roomId, bookerId: (await chat.personOf(teacherB)).id, title: 'เร็วกว่า', people: 2, needs: [], startsAt: bangkokTime(DAY2, '08:30'), endsAt: bangkokTime(DAY2, '09:30'), state: 'confirmed' }, clock.now());
    const env = { channelId: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, lineUserId: teacher, now: clock.now(), person: await chat.personOf(teacher), logger: createLogger('silent') };
    const refusal = await db()
      .transaction((tx) => executeBookings(tx, { type: 'moveBooking', bookingId: now.id, expectedVersion: now.version, startsAt: bangkokTime(DAY2, '08:30'), endsAt: bangkokTime(DAY2, '09:30') }, env))
      .catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(RefusedWithAnswer);
    expect((refusal as RefusedWithAnswer).messages[0]).toEqual({ type: 'text', text: T.stillFree });
    expect(JSON.stringify((refusal as RefusedWithAnswer).messages[1])).toContain(T.takenLine(['08:30–09:30']));
    expect((await bookingsOf()).find((b) => b.id === booking.id)?.startsAt).toEqual(bangkokTime(DAY2, '15:30'));
  });
});

describe('จัดการห้อง (admins in the chat)', () => {
  it('an admin closes a room for booking, sets its approval and check-in, and its capacity; the old card is stale; others are refused', async () => {
    const admin = await chat.registerInvited('ผู้ดูแลห้อง', 'admin', clock.now());
    const list = await chat.say(admin, 'จัดการห้อง');
    expect(list.text).toContain('กดปุ่มบนการ์ด');
    const close = roomActions(list.entries, SMALL).find((a) => a.label === 'ปิดรับจอง')!.data;
    const closed = await chat.tapData(admin, close);
    expect(closed.text).toContain(T.roomChanged(SMALL));
    const [small] = (await listRooms(db(), DEFAULT_OFFICE_ID)).filter((r) => r.name === SMALL);
    expect(small).toMatchObject({ active: false });
    expect(JSON.stringify((await dayCarousel(teacherB)).entries)).not.toContain(`"${SMALL}"`);
    // The card in the list was drawn before the change.
    expect((await chat.tapData(admin, roomActions(list.entries, SMALL).find((a) => a.label === 'ต้องอนุมัติ')!.data)).text).toBe(botMessages.buttonNoLongerValid);
    // The answer's card is current: approval on, then the capacity typed.
    const approval = await chat.tapData(admin, roomActions(closed.entries, SMALL).find((a) => a.label === 'ต้องอนุมัติ')!.data);
    const ask = await chat.tapData(admin, roomActions(approval.entries, SMALL).find((a) => a.label === 'แก้ความจุ')!.data);
    expect(ask.text).toBe(T.askCapacity(SMALL, 10));
    expect((await chat.say(admin, 'ยี่สิบ')).text).toBe(T.askCapacity(SMALL, 10));
    const reopen = await chat.say(admin, '25');
    expect((await listRooms(db(), DEFAULT_OFFICE_ID)).find((r) => r.name === SMALL)).toMatchObject({ active: false, needsApproval: true, capacity: 25 });
    await chat.tapData(admin, roomActions(reopen.entries, SMALL).find((a) => a.label === 'เปิดรับจอง')!.data);
    expect((await listRooms(db(), DEFAULT_OFFICE_ID)).find((r) => r.name === SMALL)?.active).toBe(true);
    const audit = await listAudit(db(), DEFAULT_OFFICE_ID, { action: 'room_changed' });
    expect(audit.map((a) => a.details)).toEqual([{ active: false }, { needsApproval: true }, { capacity: 25 }, { active: true }]);

    expect((await chat.say(teacherB, 'จัดการห้อง')).text).toContain('ขออภัยค่ะ บทบาทของคุณยังไม่มีสิทธิ์');
    expect((await chat.tapData(teacherB, close)).text).toContain('ขออภัยค่ะ');
  });
});

describe('the office’s holidays', () => {
  it('no room is booked on a day the office is closed: the day shows no slot, and the executor refuses it too', async () => {
    await upsertHolidays(db(), DEFAULT_OFFICE_ID, [{ date: '2026-12-10', name: 'วันรัฐธรรมนูญ' }]);
    const teacher = await chat.registerTeacher('ครูวันหยุด');
    const start = await chat.say(teacher, 'จองห้อง');
    const day = await chat.tapIn(teacher, start.entries, L.pickDate, { date: '2026-12-10' });
    expect(roomActions(day.entries, BIG)).toHaveLength(0);
    expect(bubbleOf(day.entries, BIG)).toContain(T.closedToday);
    const [big] = (await listRooms(db(), DEFAULT_OFFICE_ID)).filter((r) => r.name === BIG);
    const env = { channelId: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, lineUserId: teacher, now: clock.now(), person: await chat.personOf(teacher), logger: createLogger('silent') };
    const refusal = await db()
      .transaction((tx) => executeBookings(tx, { type: 'bookRoom', roomId: big!.id, startsAt: bangkokTime('2026-12-10', '09:00'), endsAt: bangkokTime('2026-12-10', '10:00'), title: 'วันหยุด', people: 2 }, env))
      .catch((err: unknown) => err);
    expect((refusal as RefusedWithAnswer).messages).toEqual([{ type: 'text', text: T.refused('closed_day') }]);
  });
});

describe('every role × the booking actions', () => {
  it('books (everyone registered but a guest), approves (the group director), manages rooms (the admin): the rest refused politely', async () => {
    const f = officeFactory(db());
    const [school] = await db().select({ id: schools.id }).from(schools).limit(1);
    // A tentative booking by someone else for the approvers' button.
    const booker = await f.person('ผู้จองรออนุมัติ', 'teacher', { schoolId: school!.id });
    const [big] = (await listRooms(db(), DEFAULT_OFFICE_ID)).filter((r) => r.name === BIG);
    const held = await insertBooking(db(), { officeId: DEFAULT_OFFICE_ID, roomId: big!.id, bookerId: booker.id, title: 'รออนุมัติ', people: 2, needs: [], startsAt: bangkokTime('2026-12-11', '09:30'), endsAt: bangkokTime('2026-12-11', '10:30'), state: 'tentative' }, clock.now());
    const bookingId = held.ok ? held.id : 0;
    const secret = await channelSecret();
    const denied = 'ขออภัยค่ะ บทบาทของคุณยังไม่มีสิทธิ์';
    for (const role of ROLES) {
      const userId = await chat.newUser(`บทบาท ${role}`);
      await f.person(`คุณ ${role} ห้อง`, role, { lineUserId: userId, schoolId: roleNeedsSchool(role) ? school!.id : null });
      const book = await chat.say(userId, 'จองห้อง');
      expect({ role, book: book.text.startsWith(denied) }).toEqual({ role, book: !can(role, 'book_room') });
      const manage = await chat.say(userId, 'จัดการห้อง');
      expect({ role, manage: manage.text.startsWith(denied) }).toEqual({ role, manage: role !== 'admin' });
      // A decision button replayed (as if forwarded): only an approver's role decides; v 99 is stale for the one who may.
      const decide = await chat.tapData(userId, encodeSealedPostback(decideBookingAction, { b: bookingId, v: 99, a: 'approve' }, secret));
      expect({ role, decide: decide.text.startsWith(denied) }).toEqual({ role, decide: !can(role, 'approve_booking') });
    }
    expect((await bookingsOf()).find((b) => b.id === bookingId)?.state).toBe('tentative');
  });
});

describe('what a meeting needs', () => {
  const VC_KIT = 'ชุด VC ห้องประชุม';
  const PROJECTOR = 'โปรเจกเตอร์ห้องประชุม';
  const liveReservations = async (loanId: number) => (await db().select().from(loanReservations).where(eq(loanReservations.loanId, loanId))).filter((r) => r.releasedAt === null);

  it('the summary’s + ชุด VC / + โปรเจกเตอร์ add (and take off) a need; it is kept with the booking and the technicians are told once', async () => {
    // The loans inventory has one VC kit and one projector.
    await officeFactory(db()).loanItem('BK-VC-1', 'กล้อง VC ห้องประชุม', 'vc_kit', VC_KIT);
    await officeFactory(db()).loanItem('BK-PJ-1', PROJECTOR, 'projector');
    const technician = await chat.registerInvited('ช่างเตรียมอุปกรณ์', 'technician', clock.now());
    const teacher = await chat.registerTeacher('ครูต้องการ VC');
    const start = await chat.say(teacher, 'จองห้อง');
    const day = await chat.tapIn(teacher, start.entries, L.pickDate, { date: '2026-12-11' });
    const summary = await slotToSummary(teacher, day.entries, 'ห้องย้ายได้', '13:30–14:30', 'ประชุมทางไกลกับโรงเรียน', '6');
    const withVc = await chat.tapIn(teacher, summary.entries, L.need.vc[0]);
    expect(JSON.stringify(withVc.entries)).toContain(T.needsLine(['ชุดประชุมทางไกล (VC)']));
    const withBoth = await chat.tapIn(teacher, withVc.entries, L.need.projector[0]);
    const vcOnly = await chat.tapIn(teacher, withBoth.entries, L.need.projector[1]);
    expect(actionsIn(vcOnly.entries).map((a) => a.label)).toEqual(expect.arrayContaining([L.need.vc[1], L.need.projector[0]]));
    await chat.inbox(technician);
    await chat.tapIn(teacher, vcOnly.entries, L.confirm);
    const booking = (await bookingsOf()).find((b) => b.title === 'ประชุมทางไกลกับโรงเรียน')!;
    expect(booking.needs).toEqual(['vc']);
    const told = await chat.inbox(technician);
    expect(told.text).toBe(T.toTechnicians('ชุดประชุมทางไกล (VC)', 'ห้องย้ายได้', '11 ธันวาคม 2569 เวลา 13:30–14:30 น.', 'ครูต้องการ VC', 1));
    expect(JSON.stringify((await chat.say(teacher, 'การจองของฉัน')).entries)).toContain(T.needsLine(['ชุดประชุมทางไกล (VC)']));
    // The VC kit is reserved for that day in the same booking: the office's loan, approved, linked to the booking.
    expect(booking.loanId).not.toBeNull();
    const [loan] = await db().select().from(loans).where(eq(loans.id, booking.loanId!));
    expect(loan).toMatchObject({ state: 'approved', startsOn: '2026-12-11', endsOn: '2026-12-11', purpose: T.equipmentPurpose('ประชุมทางไกลกับโรงเรียน') });
    expect(await liveReservations(loan!.id)).toHaveLength(1);
  });

  it('a VC kit taken that day: the booking is refused with what is still free, nothing written; cancelling the booking that holds it lets it go', async () => {
    const first = (await bookingsOf()).find((b) => b.title === 'ประชุมทางไกลกับโรงเรียน')!;
    const teacher = await chat.registerTeacher('ครูอยากได้ VC ด้วย');
    const askVc = async () => {
      const start = await chat.say(teacher, 'จองห้อง');
      const day = await chat.tapIn(teacher, start.entries, L.pickDate, { date: '2026-12-11' });
      const slot = roomActions(day.entries, SMALL).find((a) => /^\d\d:\d\d–\d\d:\d\d$/.test(a.label))!.label;
      const summary = await slotToSummary(teacher, day.entries, SMALL, slot, 'ประชุมขอ VC ซ้อน', '4');
      const withVc = await chat.tapIn(teacher, summary.entries, L.need.vc[0]);
      return chat.tapIn(teacher, withVc.entries, L.confirm);
    };
    // The office's other VC kits (the demo inventory's) are out on a loan that day: the test's kit is the last one.
    for (const kit of await listBorrowableKits(db(), DEFAULT_OFFICE_ID)) {
      if (kit.name === VC_KIT) continue;
      const lent = await createLoan(db(), { officeId: DEFAULT_OFFICE_ID, requesterId: first.bookerId, schoolId: null, purpose: 'สอนออนไลน์', place: 'โรงเรียน', startsOn: '2026-12-11', endsOn: '2026-12-11', needsEndorsement: false, lines: [{ target: kit.target, quantity: 1 }] }, clock.now());
      expect(lent.ok).toBe(true);
    }
    const before = (await bookingsOf()).length;
    const loansBefore = (await db().select().from(loans)).length;
    const refused = await askVc();
    const [missing, free] = refused.text.split('\n');
    expect(missing).toBe(T.equipmentNone(['ชุดประชุมทางไกล (VC)'], []).split('\n')[0]);
    expect(free).toContain(PROJECTOR);
    expect(free).not.toContain(VC_KIT);
    expect(await bookingsOf()).toHaveLength(before);
    expect(await db().select().from(loans)).toHaveLength(loansBefore);

    // The first booker cancels: the kit's loan is cancelled and its reservation released, in the same transaction.
    const owner = (await db().select({ lineUserId: people.lineUserId }).from(people).where(eq(people.id, first.bookerId)))[0]!.lineUserId!;
    const mine = await chat.say(owner, 'การจองของฉัน');
    await cancelConfirmed(chat, owner, roomActions(mine.entries, 'ห้องย้ายได้').find((a) => a.label === L.cancelBooking)!.data);
    expect((await bookingsOf()).find((b) => b.id === first.id)?.state).toBe('cancelled');
    const [released] = await db().select().from(loans).where(eq(loans.id, first.loanId!));
    expect(released!.state).toBe('cancelled');
    expect(await liveReservations(first.loanId!)).toHaveLength(0);

    // Now the kit is free: the same booking goes through, with its own loan.
    await askVc();
    const second = (await bookingsOf()).find((b) => b.title === 'ประชุมขอ VC ซ้อน')!;
    expect(['tentative', 'confirmed']).toContain(second.state);
    expect(await liveReservations(second.loanId!)).toHaveLength(1);
  });

  it('a held booking with a projector that the approver declines lets the projector go with it', async () => {
    const teacher = await chat.registerTeacher('ครูขอโปรเจกเตอร์');
    const approver = await chat.registerInvited('ผอ.กลุ่ม ไม่อนุมัติอุปกรณ์', 'group_director', clock.now());
    const [big] = (await listRooms(db(), DEFAULT_OFFICE_ID)).filter((r) => r.name === BIG);
    await db().update(rooms).set({ needsApproval: true }).where(eq(rooms.id, big!.id));
    const env = async (userId: string) => ({ channelId: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, lineUserId: userId, now: clock.now(), person: await chat.personOf(userId), logger: createLogger('silent') });
    const teacherEnv = await env(teacher);
    await db().transaction((tx) => executeBookings(tx, { type: 'bookRoom', roomId: big!.id, startsAt: bangkokTime('2026-12-14', '13:00'), endsAt: bangkokTime('2026-12-14', '14:00'), title: 'อบรมใช้โปรเจกเตอร์', people: 8, needs: ['projector'] }, teacherEnv));
    const held = (await bookingsOf()).find((b) => b.title === 'อบรมใช้โปรเจกเตอร์')!;
    expect(held.state).toBe('tentative');
    expect(await liveReservations(held.loanId!)).toHaveLength(1);
    const approverEnv = await env(approver);
    await db().transaction((tx) => executeBookings(tx, { type: 'decideBooking', bookingId: held.id, expectedVersion: held.version, approve: false }, approverEnv));
    expect((await bookingsOf()).find((b) => b.id === held.id)?.state).toBe('declined');
    expect((await db().select().from(loans).where(eq(loans.id, held.loanId!)))[0]!.state).toBe('cancelled');
    expect(await liveReservations(held.loanId!)).toHaveLength(0);
  });
});

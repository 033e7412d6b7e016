import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { addHistory, historyOf } from '../../src/db/repos/history.ts';
import { heldBetween, insertBooking, listRooms, lockBooking, setBookingState, type BookingInput } from '../../src/db/repos/room-bookings.ts';
import { offices, roomBookingAttendees, roomBookingEvents, roomBookings, rooms } from '../../src/db/schema.ts';
import { attendeesOf, setAttendees } from '../../src/db/repos/room-booking-attendees.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { loadDemoRoomsIfEmpty } from '../../src/flows/bookings/demo.ts';
import { exportRoomsCsv, importRoomsCsv, ROOMS_HEADER } from '../../src/flows/bookings/rooms-csv.ts';
import { createLogger } from '../../src/logger.ts';
import { runRoomsCommand } from '../../scripts/rooms.ts';
import { buildOfficeReport } from '../../src/flows/reports/build.ts';
import { bookingsReportSection } from '../../src/flows/bookings/report-section.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

let database: Database;
const OTHER_OFFICE = 'other-office';
const logger = createLogger('silent');
const now = bangkokTime('2026-12-07', '08:00');
let bookerA: number;
let bookerB: number;
let officeId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const office = officeFactory(database.db);
  officeId = office.officeId;
  await office.channel();
  await database.db.insert(offices).values({ id: OTHER_OFFICE, name: 'สพป. อื่น' }).onConflictDoNothing();
  bookerA = (await office.person('ครูเอ', 'teacher')).id;
  bookerB = (await office.person('ครูบี', 'teacher')).id;
});
afterAll(async () => database.close());
beforeEach(async () => {
  await database.db.delete(roomBookingEvents);
  await database.db.delete(roomBookingAttendees);
  await database.db.delete(roomBookings);
  await database.db.delete(rooms);
});

const THAI = ROOMS_HEADER.join(',');

async function oneRoom(name = 'ห้องประชุม 1'): Promise<number> {
  await importRoomsCsv(database.db, officeId, `ชื่อห้อง,ความจุ\n${name},10\n`, now);
  return (await listRooms(database.db, officeId)).find((r) => r.name === name)!.id;
}

const booking = (roomId: number, bookerId: number, from: string, to: string, day = '2026-12-08'): BookingInput => ({
  officeId,
  roomId,
  bookerId,
  title: 'ประชุม',
  people: 5,
  needs: [],
  startsAt: bangkokTime(day, from),
  endsAt: bangkokTime(day, to),
  state: 'confirmed',
});

describe('importing and exporting rooms', () => {
  it('imports rooms under Thai headers, reports a bad row by its line number and imports the rest', async () => {
    const csv = [
      `\uFEFF${THAI}`,
      'ห้องประชุมเล็ก,12,"จอ TV, ไวท์บอร์ด",อาคาร 1,,08:30,16:30,จ-ศ,60,ไม่ใช่,,0,4,60,ใช่,,,',
      'ห้องประชุมใหญ่,40,"โปรเจกเตอร์; ชุด VC",อาคาร 2,https://example.org/big.jpg,08:00,17:00,"จ,พ,ศ",30,ใช่,ผู้อำนวยการกลุ่ม,2,8,90,ใช่,ใช่,,ห้องหลัก',
      'ห้องเสีย,สิบ,,,,,,,,,,,,,,,',
      'ห้องวันแปลก,5,,,,,,วันหยุด,,,,,,,,,',
      'ห้องผู้อนุมัติผิด,5,,,,,,,,ใช่,ครู,,,,,,',
    ].join('\r\n');
    const result = await importRoomsCsv(database.db, officeId, csv, now);
    expect(result.inserted).toBe(2);
    expect(result.problems.map((p) => p.line)).toEqual([4, 5, 6]);
    expect(result.problems[0]!.message).toContain('สิบ');
    const [small, big] = await listRooms(database.db, officeId);
    expect(small).toMatchObject({ name: 'ห้องประชุมเล็ก', capacity: 12, equipment: ['จอ TV', 'ไวท์บอร์ด'], openDays: [1, 2, 3, 4, 5], needsApproval: false, maxMinutes: 240 });
    expect(big).toMatchObject({
      name: 'ห้องประชุมใหญ่',
      capacity: 40,
      equipment: ['โปรเจกเตอร์', 'ชุด VC'],
      photoUrl: 'https://example.org/big.jpg',
      openFrom: '08:00',
      openUntil: '17:00',
      openDays: [1, 3, 5],
      slotMinutes: 30,
      needsApproval: true,
      approverRole: 'group_director',
      minNoticeMinutes: 120,
      maxDaysAhead: 90,
      checkIn: true,
      note: 'ห้องหลัก',
    });
  });

  it('takes English headers, updates a room by name keeping the columns the file leaves out, and exports what it reads back', async () => {
    await importRoomsCsv(database.db, officeId, 'name,capacity,equipment,needs approval,standing link\nTraining room,30,Projector,yes,https://zoom.us/my/training\n', now);
    const again = await importRoomsCsv(database.db, officeId, 'Room,Seats\nTraining room,35\n', now);
    expect(again).toEqual({ inserted: 0, updated: 1, problems: [] });
    const [room] = await listRooms(database.db, officeId);
    expect(room).toMatchObject({ capacity: 35, equipment: ['Projector'], needsApproval: true, standingLink: 'https://zoom.us/my/training' });
    // A standing link must be a meeting link (https): the row is refused and the room keeps its link.
    const bad = await importRoomsCsv(database.db, officeId, 'name,meeting link\nTraining room,zoom.us/my/x\n', now);
    expect(bad.problems).toEqual([{ line: 2, message: 'ลิงก์ประชุมประจำห้อง "zoom.us/my/x" ต้องขึ้นต้นด้วย https://' }]);
    expect((await listRooms(database.db, officeId))[0]?.standingLink).toBe('https://zoom.us/my/training');

    const exported = await exportRoomsCsv(database.db, officeId);
    expect(exported.startsWith('\uFEFFชื่อห้อง,')).toBe(true);
    await database.db.delete(rooms);
    expect(await importRoomsCsv(database.db, officeId, exported, now)).toEqual({ inserted: 1, updated: 0, problems: [] });
    const [back] = await listRooms(database.db, officeId);
    expect({ ...back, id: 0, version: 0 }).toEqual({ ...room, id: 0, version: 0 });
  });

  it('the command prints the outcome and each refused line, and exits 1 when a row was refused', async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), readFile: async () => 'ชื่อห้อง,ความจุ\nห้อง A,10\nห้อง B,-1\n', writeFile: async () => {}, write: () => {} };
    expect(await runRoomsCommand(database.db, officeId, ['import', 'rooms.csv'], io, now)).toBe(1);
    expect(out).toEqual(['เพิ่มห้องใหม่ 1 ห้อง, ปรับปรุง 0 ห้อง', expect.stringMatching(/^บรรทัด 3: /)]);
    expect(await runRoomsCommand(database.db, officeId, ['nonsense'], io, now)).toBe(2);
  });

  it('the check-in signs: one SVG per room open for booking, its QR code opening the chat with "เช็กอิน <room>"; none without the OA id', async () => {
    await importRoomsCsv(database.db, officeId, 'ชื่อห้อง,เปิดให้จอง\nห้อง & ประชุม,ใช่\nห้องปิด,ไม่ใช่\n', now);
    const files = new Map<string, string>();
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), readFile: async () => '', writeFile: async (f: string, c: string) => void files.set(f, c), write: () => {} };
    expect(await runRoomsCommand(database.db, officeId, ['qr', '--out=signs'], io, now)).toBe(1);
    expect(await runRoomsCommand(database.db, officeId, ['qr', '--out=signs'], { ...io, oaBasicId: '@bk123' }, now)).toBe(0);
    expect([...files.keys()]).toHaveLength(1);
    const [file, svg] = [...files.entries()][0]!;
    expect(file).toMatch(/^signs\/room-\d+\.svg$/);
    expect(svg).toContain('ห้อง &amp; ประชุม');
    expect(svg).toContain('<path');
    expect(out.at(-1)).toContain(`https://line.me/R/oaMessage/%40bk123/?${encodeURIComponent('เช็กอิน ห้อง & ประชุม')}`);
  });

  it('an empty embedded start loads the demo rooms once; a database with rooms, or a server, is left alone', async () => {
    await loadDemoRoomsIfEmpty({ ...database, kind: 'server' }, officeId, logger);
    expect(await listRooms(database.db, officeId)).toHaveLength(0);
    await loadDemoRoomsIfEmpty({ ...database, kind: 'embedded' }, officeId, logger);
    const demo = await listRooms(database.db, officeId);
    expect(demo.map((r) => r.name)).toEqual(['ห้องประชุมเล็ก (สาธิต)', 'ห้องประชุมใหญ่ (สาธิต)']);
    expect(demo.map((r) => r.needsApproval)).toEqual([false, true]);
    await loadDemoRoomsIfEmpty({ ...database, kind: 'embedded' }, officeId, logger);
    expect(await listRooms(database.db, officeId)).toHaveLength(2);
  });
});

describe('no two live bookings of a room overlap', () => {
  it('two people booking the last slot at the same moment: exactly one wins, the database refuses the other', async () => {
    const roomId = await oneRoom();
    // The first transaction holds its uncommitted booking while the second tries the same slot: the second waits on
    // the exclusion constraint, and is refused once the first commits.
    let releaseFirst!: () => void;
    const firstInserted = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstDone!: (v: unknown) => void;
    const holding = new Promise((resolve) => {
      firstDone = resolve;
    });
    const first = database.db.transaction(async (tx) => {
      const result = await insertBooking(tx, booking(roomId, bookerA, '09:00', '10:00'), now);
      firstDone(result);
      await firstInserted;
      return result;
    });
    await holding;
    const second = database.db.transaction((tx) => insertBooking(tx, booking(roomId, bookerB, '09:30', '10:30'), now));
    await new Promise((r) => setTimeout(r, 200));
    releaseFirst();
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]).toEqual({ ok: false, reason: 'taken' });

    // And when both simply race, still exactly one.
    const racing = await Promise.all(
      [bookerA, bookerB].map((bookerId) => database.db.transaction((tx) => insertBooking(tx, booking(roomId, bookerId, '13:00', '14:00'), now))),
    );
    expect(racing.filter((r) => r.ok)).toHaveLength(1);
    const rows = await database.db.select().from(roomBookings);
    expect(rows).toHaveLength(2);
  });

  it('back-to-back bookings are fine; a refused insert leaves the caller’s transaction usable', async () => {
    const roomId = await oneRoom();
    await database.db.transaction(async (tx) => {
      expect((await insertBooking(tx, booking(roomId, bookerA, '09:00', '10:00'), now)).ok).toBe(true);
      expect((await insertBooking(tx, booking(roomId, bookerB, '10:00', '11:00'), now)).ok).toBe(true);
      expect(await insertBooking(tx, booking(roomId, bookerB, '09:59', '10:01'), now)).toEqual({ ok: false, reason: 'taken' });
      expect((await insertBooking(tx, booking(roomId, bookerB, '11:00', '12:00'), now)).ok).toBe(true);
    });
    expect(await database.db.select().from(roomBookings)).toHaveLength(3);
  });

  it('a cancelled booking frees its time; tentative ones hold it; another room and another office are apart', async () => {
    const roomId = await oneRoom();
    const otherRoom = await oneRoom('ห้องประชุม 2');
    const tentative = await insertBooking(database.db, { ...booking(roomId, bookerA, '09:00', '10:00'), state: 'tentative' }, now);
    expect(tentative.ok).toBe(true);
    expect((await insertBooking(database.db, booking(roomId, bookerB, '09:00', '10:00'), now)).ok).toBe(false);
    expect((await insertBooking(database.db, booking(otherRoom, bookerB, '09:00', '10:00'), now)).ok).toBe(true);

    const id = tentative.ok ? tentative.id : 0;
    const locked = await lockBooking(database.db, officeId, id);
    expect(locked).toMatchObject({ roomName: 'ห้องประชุม 1', bookerName: 'ครูเอ', state: 'tentative', version: 1 });
    expect(await setBookingState(database.db, officeId, id, 1, { state: 'cancelled' }, now)).toBe(true);
    expect(await setBookingState(database.db, officeId, id, 1, { state: 'confirmed' }, now)).toBe(false);
    expect((await insertBooking(database.db, booking(roomId, bookerB, '09:00', '10:00'), now)).ok).toBe(true);

    const day = await heldBetween(database.db, officeId, bangkokTime('2026-12-08', '00:00'), bangkokTime('2026-12-09', '00:00'));
    expect([...day.keys()].sort()).toEqual([roomId, otherRoom].sort());
    expect(day.get(roomId)).toHaveLength(1);
    expect((await heldBetween(database.db, OTHER_OFFICE, bangkokTime('2026-12-08', '00:00'), bangkokTime('2026-12-09', '00:00'))).size).toBe(0);
    expect(await lockBooking(database.db, OTHER_OFFICE, id)).toBeNull();
  });

  it('a booking keeps its history in room_booking_events through the kit', async () => {
    const roomId = await oneRoom();
    const made = await insertBooking(database.db, booking(roomId, bookerA, '09:00', '10:00'), now);
    const id = made.ok ? made.id : 0;
    await addHistory(database.db, 'room_booking', id, { officeId, actorId: bookerA, action: 'booked', data: { state: 'confirmed' }, at: now });
    expect(await historyOf(database.db, 'room_booking', id, 'booked')).toEqual([{ data: { state: 'confirmed' }, at: now }]);
  });
});

describe('room bookings in the report to the area director', () => {
  it('counts meetings held, hours booked and used, the rooms’ use of their bookable hours and the no-shows, beside the month before', async () => {
    await importRoomsCsv(database.db, officeId, 'ชื่อห้อง,ความจุ,ต้องเช็กอิน\nห้องรายงาน,10,ใช่\n', now);
    const [room] = await listRooms(database.db, officeId);
    const book = async (day: string, from: string, to: string, state: 'confirmed' | 'tentative') => {
      const made = await insertBooking(database.db, { ...booking(room!.id, bookerA, from, to, day), state }, now);
      return made.ok ? made.id : 0;
    };
    await book('2026-12-08', '09:00', '11:00', 'confirmed');
    await book('2026-12-09', '13:00', '14:00', 'confirmed');
    const noShow = await book('2026-12-10', '09:00', '10:00', 'confirmed');
    await setBookingState(database.db, officeId, noShow, 1, { state: 'released' }, now);
    await addHistory(database.db, 'room_booking', noShow, { officeId, actorId: null, action: 'no_show', at: now });
    const cancelled = await book('2026-12-11', '09:00', '10:00', 'confirmed');
    await setBookingState(database.db, officeId, cancelled, 1, { state: 'cancelled' }, now);
    const unapproved = await book('2026-12-14', '09:00', '10:00', 'tentative');
    await setBookingState(database.db, officeId, unapproved, 1, { state: 'released' }, now);
    await book('2026-11-10', '09:00', '10:00', 'confirmed');

    const report = await buildOfficeReport(database.db, { officeId, period: { kind: 'month', year: 2026, month: 12 }, now: bangkokTime('2026-12-20', '10:00'), sections: [bookingsReportSection] });
    const section = report.sections.find((s) => s.id === 'bookings')!;
    const value = (key: string) => section.figures.find((f) => f.key === key);
    // December 2026 has 23 weekdays of 8 bookable hours; November 21.
    expect(value('held')).toMatchObject({ value: 2, previous: 1 });
    expect(value('bookedHours')).toMatchObject({ value: 4, previous: 1 });
    expect(value('usedHours')).toMatchObject({ value: 3, previous: 1 });
    expect(value('utilisation')).toMatchObject({ value: 3 / (23 * 8), previous: 1 / (21 * 8) });
    expect(value('noShows')).toMatchObject({ value: 1, previous: 0 });
    expect(value('noShowRate')).toMatchObject({ value: 1 / 3, previous: 0 });
    expect(value('cancelled')).toMatchObject({ value: 1, previous: 0 });
    expect(section.tables[0]!.rows).toEqual([['ห้องรายงาน', 2, 3, '2%', 1]]);
    expect(section.summary[0]).toContain('2 ครั้ง');

    // An office with no rooms has no such section.
    const other = await buildOfficeReport(database.db, { officeId: OTHER_OFFICE, period: { kind: 'month', year: 2026, month: 12 }, now: bangkokTime('2026-12-20', '10:00'), sections: [bookingsReportSection] });
    expect(other.sections).toEqual([]);
  });
});

describe('the bookings export', () => {
  it('writes the bookings starting on the days asked (both included; this month by default), Bangkok times, every state', async () => {
    const roomId = await oneRoom('ห้องส่งออก');
    const first = await insertBooking(database.db, { ...booking(roomId, bookerA, '09:00', '10:30', '2026-12-01'), title: '=ประชุมต้นเดือน' }, now);
    await insertBooking(database.db, { ...booking(roomId, bookerB, '13:00', '14:00', '2026-12-31'), title: 'ประชุมสิ้นเดือน' }, now);
    await insertBooking(database.db, { ...booking(roomId, bookerB, '13:00', '14:00', '2027-01-05'), title: 'ประชุมปีใหม่' }, now);
    await setBookingState(database.db, officeId, first.ok ? first.id : 0, 1, { state: 'cancelled' }, now);
    let written = '';
    const io = { out: () => {}, readFile: async () => '', writeFile: async () => {}, write: (t: string) => void (written = t) };
    expect(await runRoomsCommand(database.db, officeId, ['bookings', '--from=2026-12-01', '--to=2026-12-31'], io, now)).toBe(0);
    const lines = written.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toEqual([
      'วันที่,เวลาเริ่ม,เวลาสิ้นสุด,ห้อง,เรื่อง,ผู้จอง,จำนวนคน,สถานะ,เช็กอินเมื่อ,จองเมื่อ',
      "2026-12-01,09:00,10:30,ห้องส่งออก,'=ประชุมต้นเดือน,ครูเอ,5,ยกเลิกแล้ว,,2026-12-07 08:00",
      '2026-12-31,13:00,14:00,ห้องส่งออก,ประชุมสิ้นเดือน,ครูบี,5,ยืนยันแล้ว,,2026-12-07 08:00',
    ]);
    written = '';
    expect(await runRoomsCommand(database.db, officeId, ['bookings'], io, now)).toBe(0);
    expect(written.trim().split('\r\n')).toHaveLength(3);
    expect(await runRoomsCommand(database.db, officeId, ['bookings', '--from=2026-12-31', '--to=2026-12-01'], io, now)).toBe(2);
    expect(await runRoomsCommand(database.db, officeId, ['bookings', '--since=2026-12-01'], io, now)).toBe(2);
  });
});

describe('the people named as coming (room_booking_attendees)', () => {
  it('setAttendees makes the list exactly the one given; attendeesOf reads them by name, only for the office asked', async () => {
    const roomId = await oneRoom();
    const made = await insertBooking(database.db, booking(roomId, bookerA, '09:00', '10:00'), now);
    const id = made.ok ? made.id : 0;
    await setAttendees(database.db, officeId, id, [bookerB, bookerA, bookerB], now);
    const named = (await attendeesOf(database.db, officeId, [id])).get(id) ?? [];
    expect([...named].sort((a, b) => a.id - b.id)).toEqual([
      { id: bookerA, name: 'ครูเอ' },
      { id: bookerB, name: 'ครูบี' },
    ]);
    await setAttendees(database.db, officeId, id, [bookerB], now);
    expect((await attendeesOf(database.db, officeId, [id])).get(id)).toEqual([{ id: bookerB, name: 'ครูบี' }]);
    expect((await attendeesOf(database.db, OTHER_OFFICE, [id])).size).toBe(0);
    await setAttendees(database.db, officeId, id, [], now);
    expect((await attendeesOf(database.db, officeId, [id])).size).toBe(0);
  });
});

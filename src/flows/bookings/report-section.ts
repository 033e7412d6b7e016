import { listBookingsForReport, listRooms, type ReportBooking, type Room } from '../../db/repos/room-bookings.ts';
import { clockMinute } from '../../domain/bookings/rooms.ts';
import type { Period } from '../../domain/fiscal-year.ts';
import { bangkokDateKey, type OfficeCalendar } from '../../domain/office-time.ts';
import { currentLabel, previousLabel } from '../../domain/report-period.ts';
import type { ReportFigure, ReportSectionDefinition, SectionReport } from '../../reports/model.ts';

/**
 * Room bookings in the report: meetings held, hours booked and used, the rooms' use of their bookable hours, and
 * the no-shows (rooms that ask for a check-in). Counted by the booking's start in the period. Titles and bookers
 * are not read. Left out for an office without rooms.
 */

export const BOOKINGS_SECTION_ID = 'bookings';

const T = {
  title: 'การจองห้องประชุม',
  held: 'การประชุมที่ใช้ห้อง',
  bookedHours: 'ชั่วโมงที่จอง',
  usedHours: 'ชั่วโมงที่ใช้ห้อง',
  utilisation: 'อัตราการใช้ห้อง (ของเวลาที่เปิดให้จอง)',
  noShows: 'จองแล้วไม่มาใช้ (ไม่เช็กอิน)',
  noShowRate: 'สัดส่วนการไม่มาใช้ (ห้องที่ต้องเช็กอิน)',
  cancelled: 'ยกเลิกการจอง',
  times: 'ครั้ง',
  hours: 'ชม.',
  byRoomTitle: 'การใช้ห้องแยกตามห้อง',
  byRoomHeaders: ['ห้อง', 'ใช้ (ครั้ง)', 'ใช้ (ชม.)', 'อัตราการใช้', 'ไม่มาใช้'],
  summary: (now: string, held: number, hours: number, share: string, prev: string, prevHeld: number) =>
    `${now} มีการประชุมที่ใช้ห้อง ${held} ครั้ง รวม ${hours} ชั่วโมง ใช้ห้อง ${share} ของเวลาที่เปิดให้จอง (${prev}: ${prevHeld} ครั้ง)`,
  summaryNoShow: (n: number) => `จองแล้วไม่มาใช้ ${n} ครั้ง ห้องถูกปล่อยให้ผู้อื่น`,
  notes: [
    'นับตามเวลาเริ่มประชุมในช่วงนี้ ชั่วโมงที่จอง = ที่ใช้ห้อง + ที่จองแล้วไม่มาใช้; ไม่นับที่ยกเลิก ไม่อนุมัติ หรือไม่ได้รับอนุมัติทันเวลา',
    'อัตราการใช้ห้อง = ชั่วโมงที่ใช้ห้อง ÷ ชั่วโมงที่ห้องเปิดให้จองในวันทำการของช่วงนี้ (ไม่นับวันหยุดของสำนักงาน)',
  ],
};

const HOUR_MS = 60 * 60 * 1000;
const hoursOf = (list: readonly ReportBooking[]) => list.reduce((sum, b) => sum + (b.endsAt.getTime() - b.startsAt.getTime()) / HOUR_MS, 0);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The hours a room may be booked in the period: its open hours on its open days that are office days. */
export function bookableHours(room: Room, range: Period, calendar: OfficeCalendar): number {
  const open = clockMinute(room.openFrom) ?? 0;
  const close = clockMinute(room.openUntil) ?? 0;
  let hours = 0;
  for (let t = range.start.getTime(); t < range.end.getTime(); t += 24 * HOUR_MS) {
    const day = bangkokDateKey(new Date(t));
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (room.openDays.includes(weekday) && !calendar.holidays.has(day)) hours += Math.max(0, close - open) / 60;
  }
  return hours;
}

interface Counts {
  used: ReportBooking[];
  noShows: ReportBooking[];
  cancelled: number;
  usedHours: number;
  bookedHours: number;
  bookable: number;
  /** Bookings of rooms that ask for a check-in whose start has passed (the no-show rate's base). */
  checkInDue: number;
}

function countsOf(bookings: readonly ReportBooking[], rooms: readonly Room[], range: Period, now: Date, calendar: OfficeCalendar): Counts {
  const inRange = bookings.filter((b) => b.startsAt >= range.start && b.startsAt < range.end);
  const used = inRange.filter((b) => b.state === 'confirmed');
  const noShows = inRange.filter((b) => b.noShow);
  return {
    used,
    noShows,
    cancelled: inRange.filter((b) => b.state === 'cancelled').length,
    usedHours: hoursOf(used),
    bookedHours: hoursOf(used) + hoursOf(noShows),
    bookable: rooms.reduce((sum, room) => sum + bookableHours(room, range, calendar), 0),
    checkInDue: inRange.filter((b) => b.checkIn && b.startsAt <= now && (b.state === 'confirmed' || b.noShow)).length,
  };
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export const bookingsReportSection: ReportSectionDefinition = {
  id: BOOKINGS_SECTION_ID,
  title: T.title,
  async build(ex, context): Promise<SectionReport | null> {
    const rooms = await listRooms(ex, context.officeId, { activeOnly: true });
    if (rooms.length === 0) return null;
    const bookings = await listBookingsForReport(ex, context.officeId, context.previousRange.start, context.range.end);
    const current = countsOf(bookings, rooms, context.range, context.now, context.calendar);
    const previous = countsOf(bookings, rooms, context.previousRange, context.now, context.calendar);
    const figures: ReportFigure[] = [
      { key: 'held', label: T.held, value: current.used.length, previous: previous.used.length, format: 'count', unit: T.times, headline: 8 },
      { key: 'bookedHours', label: T.bookedHours, value: round1(current.bookedHours), previous: round1(previous.bookedHours), format: 'count', unit: T.hours },
      { key: 'usedHours', label: T.usedHours, value: round1(current.usedHours), previous: round1(previous.usedHours), format: 'count', unit: T.hours },
      { key: 'utilisation', label: T.utilisation, value: share(current.usedHours, current.bookable), previous: share(previous.usedHours, previous.bookable), format: 'share', better: 'up' },
      { key: 'noShows', label: T.noShows, value: current.noShows.length, previous: previous.noShows.length, format: 'count', unit: T.times, better: 'down' },
      { key: 'noShowRate', label: T.noShowRate, value: share(current.noShows.length, current.checkInDue), previous: share(previous.noShows.length, previous.checkInDue), format: 'share', better: 'down' },
      { key: 'cancelled', label: T.cancelled, value: current.cancelled, previous: previous.cancelled, format: 'count', unit: T.times },
    ];
    const percent = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}%`);
    const sentences = [
      T.summary(currentLabel(context.period, context.now), current.used.length, round1(current.usedHours), percent(share(current.usedHours, current.bookable)), previousLabel(context.period, context.now), previous.used.length),
    ];
    if (current.noShows.length > 0) sentences.push(T.summaryNoShow(current.noShows.length));
    const inRange = (b: ReportBooking) => b.startsAt >= context.range.start && b.startsAt < context.range.end;
    const rows = rooms.map((room) => {
      const mine = bookings.filter((b) => b.roomId === room.id && inRange(b));
      const used = mine.filter((b) => b.state === 'confirmed');
      return [room.name, used.length, round1(hoursOf(used)), percent(share(hoursOf(used), bookableHours(room, context.range, context.calendar))), mine.filter((b) => b.noShow).length];
    });
    return {
      id: BOOKINGS_SECTION_ID,
      title: T.title,
      summary: [sentences.join(' ')],
      figures,
      charts: [],
      tables: [{ title: T.byRoomTitle, headers: T.byRoomHeaders, rows, columns: ['1fr', 'auto', 'auto', 'auto', 'auto'], aligns: ['left', 'right', 'right', 'right', 'right'] }],
      notes: T.notes,
    };
  },
};

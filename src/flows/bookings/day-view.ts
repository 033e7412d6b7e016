import type { Executor } from '../../db/database.ts';
import { holidayDates } from '../../db/repos/holidays.ts';
import { listBookingsBetween, listRooms } from '../../db/repos/room-bookings.ts';
import { LIVE_BOOKING_STATES, slotsOfDay } from '../../domain/bookings/rooms.ts';
import { bangkokTime } from '../../domain/office-time.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';

/**
 * What the rooms' page shows (src/http/liff-rooms.ts): every room of the viewer's office on one day, slot by slot —
 * free, taken, the viewer's own (with its title), past, or closed — with the days before and after. Taken slots of
 * others show no title or name.
 */

export const roomsPageTexts = {
  title: 'ตารางห้องประชุม',
  intro: 'ช่วงเวลาว่างและไม่ว่างของทุกห้องในวันที่เลือก จองได้ที่ปุ่ม "จองห้อง" ในแชทค่ะ',
  previous: '‹ วันก่อน',
  next: 'วันถัดไป ›',
  free: 'ว่าง',
  taken: 'ไม่ว่าง',
  mine: 'ของคุณ',
  closed: 'ไม่เปิดให้จอง',
  past: 'ผ่านไปแล้ว',
  capacity: 'จุ {n} คน',
  nothing: 'ยังไม่มีห้องที่เปิดให้จองค่ะ',
  forbidden: 'บทบาทของคุณยังไม่มีสิทธิ์จองห้องค่ะ',
  badDate: 'วันที่ไม่ถูกต้องค่ะ',
  dayMode: 'รายวัน',
  weekMode: 'รายสัปดาห์',
  previousWeek: '‹ สัปดาห์ก่อน',
  nextWeek: 'สัปดาห์ถัดไป ›',
  freeOf: 'ว่าง {free}/{all}',
  weekdays: 'จ,อ,พ,พฤ,ศ,ส,อา',
} as const;

export type SlotState = 'free' | 'taken' | 'mine' | 'past' | 'closed';

export interface RoomsDayView {
  date: string;
  label: string;
  previous: string;
  next: string;
  today: string;
  rooms: Array<{ name: string; capacity: number; location: string | null; slots: Array<{ from: string; to: string; state: SlotState; title?: string }> }>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface RoomsWeekView {
  from: string;
  label: string;
  previous: string;
  next: string;
  today: string;
  days: Array<{ date: string; day: string }>;
  /** Per room and day: free slots of all (none when the room is not open that day). */
  rooms: Array<{ name: string; days: Array<{ date: string; free: number; all: number }> }>;
}
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function roomsDay(ex: Executor, officeId: string, viewerId: number, date: string, today: string, now: Date): Promise<RoomsDayView | null> {
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return null;
  const rooms = await listRooms(ex, officeId, { activeOnly: true });
  const closedDays = await holidayDates(ex, officeId);
  const bookings = (await listBookingsBetween(ex, officeId, bangkokTime(date), bangkokTime(shiftDay(date, 1)))).filter((b) => LIVE_BOOKING_STATES.includes(b.state));
  return {
    date,
    label: formatThaiDateKey(date),
    previous: shiftDay(date, -1),
    next: shiftDay(date, 1),
    today,
    rooms: rooms.map((room) => {
      const mine = bookings.filter((b) => b.roomId === room.id);
      const slots = slotsOfDay(room, date, mine, now, room.slotMinutes, closedDays);
      return {
        name: room.name,
        capacity: room.capacity,
        location: room.location,
        slots:
          slots.length === 0
            ? []
            : slots.map((slot) => {
                const own = mine.find((b) => b.bookerId === viewerId && b.startsAt < slot.endsAt && slot.startsAt < b.endsAt);
                const state: SlotState = own ? 'mine' : slot.refusal === 'taken' ? 'taken' : slot.refusal === null ? 'free' : slot.refusal === 'past' ? 'past' : 'closed';
                return { from: slot.from, to: slot.to, state, ...(own ? { title: own.title } : {}) };
              }),
      };
    }),
  };
}

/** The week (Monday to Sunday) holding `date`: each room's free slots of its slots, day by day. */
export async function roomsWeek(ex: Executor, officeId: string, date: string, today: string, now: Date): Promise<RoomsWeekView | null> {
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return null;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const from = shiftDay(date, -weekday);
  const dates = Array.from({ length: 7 }, (_, i) => shiftDay(from, i));
  const rooms = await listRooms(ex, officeId, { activeOnly: true });
  const closedDays = await holidayDates(ex, officeId);
  const bookings = (await listBookingsBetween(ex, officeId, bangkokTime(from), bangkokTime(shiftDay(from, 7)))).filter((b) => LIVE_BOOKING_STATES.includes(b.state));
  return {
    from,
    // "7 – 13 ธันวาคม 2569" within a month (a phone's line is short), both dates in full across two.
    label: from.slice(0, 7) === dates[6]!.slice(0, 7) ? `${Number(from.slice(8))} – ${formatThaiDateKey(dates[6]!)}` : `${formatThaiDateKey(from)} – ${formatThaiDateKey(dates[6]!)}`,
    previous: shiftDay(from, -7),
    next: shiftDay(from, 7),
    today,
    days: dates.map((d) => ({ date: d, day: String(Number(d.slice(8))) })),
    rooms: rooms.map((room) => ({
      name: room.name,
      days: dates.map((d) => {
        const slots = slotsOfDay(room, d, bookings.filter((b) => b.roomId === room.id), now, room.slotMinutes, closedDays);
        return { date: d, free: slots.filter((s) => s.refusal === null).length, all: slots.length };
      }),
    })),
  };
}

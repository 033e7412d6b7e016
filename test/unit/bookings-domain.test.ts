import { describe, expect, it } from '@jest/globals';
import { checkBooking, DEFAULT_ROOM, formatDays, parseDays, seriesDates, slotsOfDay, type Room } from '../../src/domain/bookings/rooms.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { bookingRequest, checkBookingEvent } from '../../src/flows/bookings/request.ts';
import { reminderHorizon } from '../../src/flows/bookings/reminders.ts';
import { dayCarousel } from '../../src/flows/bookings/cards.ts';
import { sealPostbacks } from '../../src/line/postback.ts';
import { DEFAULT_OFFICE_CALENDAR } from '../../src/domain/office-time.ts';

// Monday 7 December 2026; the room is bookable Monday–Friday 08:30–16:30 in 60-minute slots.
const room: Room = { id: 1, officeId: 'o', name: 'ห้อง 1', version: 1, ...DEFAULT_ROOM, minNoticeMinutes: 120, maxMinutes: 180, maxDaysAhead: 14 };
const now = bangkokTime('2026-12-07', '08:00');
const at = (date: string, time: string) => bangkokTime(date, time);

describe('the rules of booking a room', () => {
  it('allows a time inside the room’s days and hours, with notice, not too long, not too far, for the people it holds', () => {
    expect(checkBooking(room, at('2026-12-08', '09:00'), at('2026-12-08', '12:00'), now, 10)).toBeNull();
    expect(checkBooking(room, at('2026-12-08', '09:00'), at('2026-12-08', '12:01'), now)).toBe('too_long');
    expect(checkBooking(room, at('2026-12-08', '08:00'), at('2026-12-08', '09:00'), now)).toBe('outside_hours');
    expect(checkBooking(room, at('2026-12-08', '16:00'), at('2026-12-08', '17:00'), now)).toBe('outside_hours');
    expect(checkBooking(room, at('2026-12-12', '09:00'), at('2026-12-12', '10:00'), now)).toBe('closed_day');
    expect(checkBooking(room, at('2026-12-07', '09:00'), at('2026-12-07', '10:00'), now)).toBe('too_soon');
    expect(checkBooking(room, at('2026-12-07', '07:00'), at('2026-12-07', '07:30'), now)).toBe('outside_hours');
    expect(checkBooking(room, at('2026-12-22', '09:00'), at('2026-12-22', '10:00'), now)).toBe('too_far');
    expect(checkBooking(room, at('2026-12-08', '10:00'), at('2026-12-08', '09:00'), now)).toBe('bad_range');
    expect(checkBooking(room, at('2026-12-08', '09:00'), at('2026-12-08', '10:00'), now, 11)).toBe('too_small');
    expect(checkBooking({ ...room, active: false }, at('2026-12-08', '09:00'), at('2026-12-08', '10:00'), now)).toBe('inactive');
    // A day the office is closed (its holiday) whatever the room's days.
    expect(checkBooking(room, at('2026-12-10', '09:00'), at('2026-12-10', '10:00'), now, null, [], new Set(['2026-12-10']))).toBe('closed_day');
    expect(slotsOfDay(room, '2026-12-10', [], now, 60, new Set(['2026-12-10']))).toEqual([]);
  });

  it('a day’s slots: taken ones are marked, back-to-back ones are free, none on a closed day', () => {
    const held = [{ startsAt: at('2026-12-08', '09:30'), endsAt: at('2026-12-08', '10:30') }];
    const slots = slotsOfDay(room, '2026-12-08', held, now);
    expect(slots.map((s) => `${s.from}-${s.to}:${s.refusal ?? 'free'}`)).toEqual([
      '08:30-09:30:free',
      '09:30-10:30:taken',
      '10:30-11:30:free',
      '11:30-12:30:free',
      '12:30-13:30:free',
      '13:30-14:30:free',
      '14:30-15:30:free',
      '15:30-16:30:free',
    ]);
    // Today with two hours' notice at 08:00: nothing before 10:00.
    expect(slotsOfDay(room, '2026-12-07', [], now).filter((s) => s.refusal === null)[0]?.from).toBe('10:30');
    expect(slotsOfDay(room, '2026-12-13', [], now)).toEqual([]);
  });

  it('reads days as people write them and writes them back', () => {
    expect(parseDays('จ-ศ')).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays('จ,พ,ศ')).toEqual([1, 3, 5]);
    expect(parseDays('mon-sat')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseDays('ทุกวัน')).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(parseDays('พฤ อา')).toEqual([4, 0]);
    expect(parseDays('วันหยุด')).toBeNull();
    expect(parseDays('ศ-จ')).toBeNull();
    expect(formatDays([5, 1, 0])).toBe('จ,ศ,อา');
  });

  it('a repeating booking’s dates: every N weeks up to and including the last day, at most 26', () => {
    expect(seriesDates('2026-12-08', 1, '2027-01-05')).toEqual(['2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29', '2027-01-05']);
    expect(seriesDates('2026-12-08', 2, '2027-01-04')).toEqual(['2026-12-08', '2026-12-22']);
    expect(seriesDates('2026-12-08', 1, '2028-01-01')).toHaveLength(26);
  });
});

describe('a booking as a request someone decides', () => {
  const booking = { state: 'tentative' as const, bookerId: 7, approverRole: 'group_director' as const };
  it('is decided by its room’s approver role, never by its booker; cancelled by the booker; released only by the system', () => {
    expect(bookingRequest(booking)).toEqual({ state: 'submitted', requesterId: 7, decider: { kind: 'roles', roles: ['group_director'] } });
    expect(checkBookingEvent(booking, 'approve', { id: 9, role: 'group_director' })).toMatchObject({ ok: true, to: 'approved' });
    expect(checkBookingEvent(booking, 'approve', { id: 9, role: 'teacher' })).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(checkBookingEvent({ ...booking, bookerId: 9 }, 'approve', { id: 9, role: 'group_director' })).toMatchObject({ ok: false, reason: 'own_request' });
    expect(checkBookingEvent(booking, 'cancel', { id: 7, role: 'teacher' })).toMatchObject({ ok: true, to: 'cancelled' });
    expect(checkBookingEvent(booking, 'cancel', { id: 8, role: 'teacher' })).toMatchObject({ ok: false, reason: 'not_decider' });
    expect(checkBookingEvent(booking, 'expire', null)).toMatchObject({ ok: true, to: 'expired' });
    expect(checkBookingEvent(booking, 'expire', { id: 9, role: 'group_director' })).toMatchObject({ ok: false, reason: 'system_only' });
    expect(checkBookingEvent({ ...booking, state: 'confirmed' }, 'approve', { id: 9, role: 'group_director' })).toMatchObject({ ok: false, reason: 'illegal', decided: true });
  });
});

describe('which bookings the reminder sweep looks at', () => {
  it('those starting by the end of the next office day: on a Friday Monday’s, over a holiday the day after it', () => {
    const calendar = { ...DEFAULT_OFFICE_CALENDAR, holidays: new Set(['2026-12-10']) };
    // Monday 7 December → Tuesday's meetings.
    expect(reminderHorizon(at('2026-12-07', '08:30'), calendar)).toEqual(at('2026-12-09', '00:00'));
    // Wednesday 9th, Thursday 10th a holiday → Friday's meetings (their office day before is Wednesday).
    expect(reminderHorizon(at('2026-12-09', '08:30'), calendar)).toEqual(at('2026-12-12', '00:00'));
    // Friday 11th → Monday's meetings (and the weekend's).
    expect(reminderHorizon(at('2026-12-11', '16:00'), calendar)).toEqual(at('2026-12-15', '00:00'));
  });
});

describe('the day’s carousels', () => {
  it('stay within LINE’s 50 KB a carousel with 12 rooms of long names, every slot free and sealed', () => {
    const rooms: Room[] = Array.from({ length: 12 }, (_, i) => ({
      ...room,
      id: i + 1,
      name: `ห้องประชุมอาคารอำนวยการชั้นสอง ${i + 1}`,
      equipment: ['โปรเจกเตอร์', 'ชุด VC', 'ไมโครโฟนไร้สาย', 'จอทีวี 65 นิ้ว'],
      location: 'อาคาร 2 ชั้น 3 ฝั่งทิศตะวันออก',
      needsApproval: true,
      checkIn: true,
      note: 'กรุณาปิดแอร์และไฟหลังใช้ห้อง',
      openFrom: '07:30',
      openUntil: '18:30',
    }));
    const carousels = dayCarousel(rooms, '2026-12-08', new Map(), now);
    expect(carousels).toHaveLength(2);
    for (const message of sealPostbacks(carousels, 'a-channel-secret')) {
      expect(Buffer.byteLength(JSON.stringify((message as { contents: unknown }).contents))).toBeLessThan(50_000);
    }
  });
});

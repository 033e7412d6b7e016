import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_OFFICE_CALENDAR,
  addOfficeDays,
  addOfficeMinutes,
  bangkokClock,
  bangkokDateKey,
  bangkokMinuteOfDay,
  bangkokTime,
  isOfficeDay,
  isOfficeHours,
  minutesToClock,
  nextOfficeDayAt,
  officeMinutesBetween,
  parseClockTime,
  type OfficeCalendar,
} from '../../src/domain/office-time.ts';
import { calendarYearOf, fiscalYearOf, fiscalYearPeriod, monthPeriodOf } from '../../src/domain/fiscal-year.ts';

const cal = DEFAULT_OFFICE_CALENDAR;
const at = bangkokTime;
// 2026-03-02 is a Monday; 2026-03-06 a Friday.
const withHolidays = (...dates: string[]): OfficeCalendar => ({ ...cal, holidays: new Set(dates) });

describe('Bangkok wall clock', () => {
  it('is UTC+7 all year, with no daylight saving', () => {
    expect(at('2026-01-15', '08:30').toISOString()).toBe('2026-01-15T01:30:00.000Z');
    expect(at('2026-07-15', '08:30').toISOString()).toBe('2026-07-15T01:30:00.000Z');
  });

  it('puts an instant after 17:00 UTC on the next Bangkok date', () => {
    expect(bangkokDateKey(new Date('2026-03-01T16:59:59Z'))).toBe('2026-03-01');
    expect(bangkokDateKey(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
  });

  it('gives the minutes after Bangkok midnight of an instant', () => {
    expect(bangkokMinuteOfDay(at('2026-03-02', '08:30'))).toBe(510);
    expect(bangkokMinuteOfDay(new Date('2026-03-01T17:00:00Z'))).toBe(0);
    expect(bangkokMinuteOfDay(new Date('2026-03-01T16:59:59Z'))).toBe(23 * 60 + 59);
  });

  it('reads clock times and refuses nonsense', () => {
    expect(parseClockTime('08:30')).toBe(510);
    expect(parseClockTime('16:30')).toBe(990);
    expect(() => parseClockTime('8.30')).toThrow(RangeError);
    expect(() => parseClockTime('25:00')).toThrow(RangeError);
    expect(() => bangkokTime('2026-3-2')).toThrow(RangeError);
  });

  it('writes clock times back, and an instant as its Bangkok clock time', () => {
    expect(minutesToClock(510)).toBe('08:30');
    expect(minutesToClock(0)).toBe('00:00');
    expect(bangkokClock(new Date('2026-03-01T16:59:59Z'))).toBe('23:59');
    expect(bangkokClock(at('2026-03-02', '09:05'))).toBe('09:05');
  });
});

describe('office days and hours', () => {
  it('opens Monday to Friday, not at weekends', () => {
    expect(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'].map((d) => isOfficeDay(d, cal))).toEqual([true, true, true, true, true]);
    expect(isOfficeDay('2026-03-07', cal)).toBe(false);
    expect(isOfficeDay('2026-03-08', cal)).toBe(false);
  });

  it('closes on the office’s holidays', () => {
    expect(isOfficeDay('2026-04-13', withHolidays('2026-04-13'))).toBe(false);
    expect(isOfficeDay(at('2026-04-13', '10:00'), withHolidays('2026-04-13'))).toBe(false);
    expect(isOfficeDay('2026-04-13', cal)).toBe(true);
  });

  it('takes the Bangkok date of an instant, not the UTC one', () => {
    // Saturday 00:30 in Bangkok is still Friday in UTC.
    expect(isOfficeDay(at('2026-03-07', '00:30'), cal)).toBe(false);
    expect(isOfficeDay(at('2026-03-06', '23:30'), cal)).toBe(true);
  });

  it('counts opening time as open and closing time as closed', () => {
    expect(isOfficeHours(at('2026-03-02', '08:29'), cal)).toBe(false);
    expect(isOfficeHours(at('2026-03-02', '08:30'), cal)).toBe(true);
    expect(isOfficeHours(at('2026-03-02', '16:29'), cal)).toBe(true);
    expect(isOfficeHours(at('2026-03-02', '16:30'), cal)).toBe(false);
    expect(isOfficeHours(at('2026-03-07', '10:00'), cal)).toBe(false);
  });

  it('follows other working days and hours from the settings', () => {
    const sixDays: OfficeCalendar = { openMinute: 7 * 60, closeMinute: 15 * 60, workingDays: [1, 2, 3, 4, 5, 6], holidays: new Set() };
    expect(isOfficeDay('2026-03-07', sixDays)).toBe(true);
    expect(addOfficeMinutes(at('2026-03-06', '14:00'), 120, sixDays)).toEqual(at('2026-03-07', '08:00'));
  });
});

describe('adding office minutes', () => {
  it('stays within the day when there is time left', () => {
    expect(addOfficeMinutes(at('2026-03-02', '10:00'), 60, cal)).toEqual(at('2026-03-02', '11:00'));
  });

  it('ends exactly at closing time rather than at the next opening', () => {
    expect(addOfficeMinutes(at('2026-03-02', '15:30'), 60, cal)).toEqual(at('2026-03-02', '16:30'));
  });

  it('carries the rest over to the next morning', () => {
    expect(addOfficeMinutes(at('2026-03-02', '16:00'), 60, cal)).toEqual(at('2026-03-03', '09:00'));
  });

  it('counts a report made in the evening from the next opening (across midnight)', () => {
    expect(addOfficeMinutes(at('2026-03-02', '20:00'), 60, cal)).toEqual(at('2026-03-03', '09:30'));
    expect(addOfficeMinutes(at('2026-03-03', '01:00'), 60, cal)).toEqual(at('2026-03-03', '09:30'));
    expect(addOfficeMinutes(at('2026-03-03', '07:00'), 30, cal)).toEqual(at('2026-03-03', '09:00'));
  });

  it('skips the weekend', () => {
    expect(addOfficeMinutes(at('2026-03-06', '16:00'), 60, cal)).toEqual(at('2026-03-09', '09:00'));
    expect(addOfficeMinutes(at('2026-03-07', '12:00'), 30, cal)).toEqual(at('2026-03-09', '09:00'));
  });

  it('skips holidays, including a run of them next to a weekend (Songkran)', () => {
    const songkran = withHolidays('2026-04-13', '2026-04-14', '2026-04-15');
    // Friday 10 April 16:00 + 60 minutes: weekend, then three holidays → Thursday 16 April 09:00.
    expect(addOfficeMinutes(at('2026-04-10', '16:00'), 60, songkran)).toEqual(at('2026-04-16', '09:00'));
  });

  it('crosses the year boundary over the New Year holidays', () => {
    const newYear = withHolidays('2025-12-31', '2026-01-01', '2026-01-02');
    // Tuesday 30 December 2025 15:30 + 120 → 60 that day, then Monday 5 January 09:30.
    expect(addOfficeMinutes(at('2025-12-30', '15:30'), 120, newYear)).toEqual(at('2026-01-05', '09:30'));
  });

  it('spans several whole office days', () => {
    expect(addOfficeMinutes(at('2026-03-02', '10:00'), 3 * 480, cal)).toEqual(at('2026-03-05', '10:00'));
    expect(addOfficeMinutes(at('2026-03-05', '10:00'), 3 * 480, cal)).toEqual(at('2026-03-10', '10:00'));
  });

  it('returns the start itself for zero minutes and refuses negative ones', () => {
    const sunday = at('2026-03-08', '12:00');
    expect(addOfficeMinutes(sunday, 0, cal)).toEqual(sunday);
    expect(() => addOfficeMinutes(sunday, -5, cal)).toThrow(RangeError);
  });

  it('refuses a calendar that never opens instead of looping', () => {
    expect(() => addOfficeMinutes(at('2026-03-02', '10:00'), 10, { ...cal, workingDays: [] })).toThrow(RangeError);
    expect(() => addOfficeMinutes(at('2026-03-02', '10:00'), 10, { ...cal, closeMinute: cal.openMinute })).toThrow(RangeError);
  });
});

describe('office minutes between two instants', () => {
  it('counts only office hours', () => {
    expect(officeMinutesBetween(at('2026-03-02', '10:00'), at('2026-03-02', '11:30'), cal)).toBe(90);
    expect(officeMinutesBetween(at('2026-03-02', '07:00'), at('2026-03-02', '20:00'), cal)).toBe(480);
    expect(officeMinutesBetween(at('2026-03-02', '17:00'), at('2026-03-03', '08:00'), cal)).toBe(0);
  });

  it('leaves out weekends and holidays', () => {
    expect(officeMinutesBetween(at('2026-03-06', '16:00'), at('2026-03-09', '09:00'), cal)).toBe(60);
    expect(officeMinutesBetween(at('2026-03-02', '16:00'), at('2026-03-04', '09:00'), withHolidays('2026-03-03'))).toBe(60);
  });

  it('is the inverse of adding office minutes', () => {
    const starts = [at('2026-03-02', '10:17'), at('2026-03-06', '16:10'), at('2026-03-07', '03:00'), at('2025-12-30', '15:00')];
    const calendar = withHolidays('2025-12-31', '2026-01-01');
    for (const start of starts) {
      for (const minutes of [1, 59, 480, 1000, 5000]) {
        expect(officeMinutesBetween(start, addOfficeMinutes(start, minutes, calendar), calendar)).toBe(minutes);
      }
    }
  });

  it('is negative when the second instant comes first (time left to a missed deadline)', () => {
    expect(officeMinutesBetween(at('2026-03-02', '11:30'), at('2026-03-02', '10:00'), cal)).toBe(-90);
  });

  it('rounds down to whole minutes', () => {
    const start = at('2026-03-02', '10:00');
    expect(officeMinutesBetween(start, new Date(start.getTime() + 59_999), cal)).toBe(0);
    expect(officeMinutesBetween(start, new Date(start.getTime() + 60_000), cal)).toBe(1);
  });
});

describe('office days', () => {
  it('keeps the time of day and skips weekends and holidays', () => {
    expect(addOfficeDays(at('2026-03-04', '14:00'), 3, cal)).toEqual(at('2026-03-09', '14:00'));
    expect(addOfficeDays(at('2026-03-04', '14:00'), 3, withHolidays('2026-03-05'))).toEqual(at('2026-03-10', '14:00'));
    expect(addOfficeDays(at('2026-03-06', '09:00'), 1, cal)).toEqual(at('2026-03-09', '09:00'));
  });

  it('counts from the next office day when started at the weekend', () => {
    expect(addOfficeDays(at('2026-03-07', '10:00'), 1, cal)).toEqual(at('2026-03-09', '10:00'));
    expect(addOfficeDays(at('2026-03-07', '10:00'), 0, cal)).toEqual(at('2026-03-09', '10:00'));
    expect(addOfficeDays(at('2026-03-04', '10:00'), 0, cal)).toEqual(at('2026-03-04', '10:00'));
  });

  it('finds the next digest time on an office day', () => {
    expect(nextOfficeDayAt(at('2026-03-02', '07:00'), '08:00', cal)).toEqual(at('2026-03-02', '08:00'));
    expect(nextOfficeDayAt(at('2026-03-02', '08:00'), '08:00', cal)).toEqual(at('2026-03-02', '08:00'));
    expect(nextOfficeDayAt(at('2026-03-06', '08:01'), '08:00', cal)).toEqual(at('2026-03-09', '08:00'));
    expect(nextOfficeDayAt(at('2026-03-06', '08:01'), '08:00', withHolidays('2026-03-09'))).toEqual(at('2026-03-10', '08:00'));
  });
});

describe('fiscal and calendar years', () => {
  it('names the fiscal year after the Buddhist year it ends in, switching on 1 October in Bangkok', () => {
    expect(fiscalYearOf(at('2025-09-30', '23:59'))).toBe(2568);
    expect(fiscalYearOf(at('2025-10-01', '00:00'))).toBe(2569);
    expect(fiscalYearOf(at('2026-09-30', '12:00'))).toBe(2569);
    // 30 September 18:00 UTC is already 1 October in Bangkok.
    expect(fiscalYearOf(new Date('2026-09-30T18:00:00Z'))).toBe(2570);
  });

  it('gives a fiscal year as a period of Bangkok midnights', () => {
    expect(fiscalYearPeriod(2569)).toEqual({ start: at('2025-10-01'), end: at('2026-10-01') });
  });

  it('counts the calendar year from 1 January in Bangkok', () => {
    expect(calendarYearOf(new Date('2025-12-31T16:59:00Z'))).toBe(2568);
    expect(calendarYearOf(new Date('2025-12-31T17:00:00Z'))).toBe(2569);
  });

  it('gives the month around an instant, December into January', () => {
    expect(monthPeriodOf(at('2025-12-15', '10:00'))).toEqual({ start: at('2025-12-01'), end: at('2026-01-01') });
    expect(monthPeriodOf(at('2026-02-28', '23:59'))).toEqual({ start: at('2026-02-01'), end: at('2026-03-01') });
  });
});

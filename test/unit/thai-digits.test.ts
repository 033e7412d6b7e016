import { describe, expect, it } from '@jest/globals';
import { typedClockTime, typedNumber, westernDigits } from '../../src/domain/thai-digits.ts';

describe('numbers and times as people type them on a Thai keyboard', () => {
  it('reads Thai digits as Western ones', () => {
    expect(westernDigits('๒๕๖๙-๑๒-๐๗')).toBe('2569-12-07');
    expect(westernDigits('ห้อง 3')).toBe('ห้อง 3');
  });

  it('reads a clock time written as people write it, and refuses what is not one', () => {
    for (const [typed, time] of [['9', '09:00'], ['9.30', '09:30'], ['09:30', '09:30'], ['๑๕:๐๐', '15:00'], ['14.00 น.', '14:00'], ['8 นาฬิกา', '08:00']] as const) {
      expect(typedClockTime(typed)).toBe(time);
    }
    for (const typed of ['25:00', '9:75', 'บ่ายสาม', '', '9:3']) expect(typedClockTime(typed)).toBeNull();
  });

  it('reads a number with Thai digits, thousands commas and its unit', () => {
    expect(typedNumber('๑๒')).toBe(12);
    expect(typedNumber('1,250')).toBe(1250);
    expect(typedNumber('๑๒ ห้อง', 'ห้อง')).toBe(12);
    expect(typedNumber('สิบสอง')).toBeNull();
  });
});

import { describe, expect, it } from '@jest/globals';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { formatThaiTimeSpan } from '../../src/domain/thai-date.ts';

describe('Thai dates', () => {
  it('writes a meeting time as its Bangkok day with the Buddhist year and both clock times', () => {
    expect(formatThaiTimeSpan(bangkokTime('2026-12-10', '09:00'), bangkokTime('2026-12-10', '11:30'))).toBe('10 ธันวาคม 2569 เวลา 09:00–11:30 น.');
    // 00:30 in Bangkok is still the previous day in UTC.
    expect(formatThaiTimeSpan(new Date('2026-12-09T17:30:00Z'), new Date('2026-12-09T18:00:00Z'))).toBe('10 ธันวาคม 2569 เวลา 00:30–01:00 น.');
  });
});

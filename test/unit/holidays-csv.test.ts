import { describe, expect, it } from '@jest/globals';
import { parseHolidayDate, parseHolidaysCsv } from '../../src/domain/holidays-csv.ts';

describe('reading holiday dates as offices write them', () => {
  it.each([
    ['2026-04-13', '2026-04-13'],
    ['2569-04-13', '2026-04-13'],
    ['13/4/2569', '2026-04-13'],
    ['13/04/2026', '2026-04-13'],
    ['13.4.2569', '2026-04-13'],
    ['13 เมษายน 2569', '2026-04-13'],
    ['๑๓ เมษายน ๒๕๖๙', '2026-04-13'],
    ['13 เม.ย. 2569', '2026-04-13'],
    ['5 ธันวาคม พ.ศ. 2568', '2025-12-05'],
  ])('reads %s', (text, iso) => {
    expect(parseHolidayDate(text)).toBe(iso);
  });

  it.each(['31/4/2569', '29/2/2569', '2026-13-01', '13 เมษา 2569', 'พรุ่งนี้', ''])('refuses %s', (text) => {
    expect(parseHolidayDate(text)).toBeNull();
  });

  it('knows 29 February of a leap year', () => {
    expect(parseHolidayDate('29/2/2567')).toBe('2024-02-29');
  });
});

describe('the holiday CSV', () => {
  it('skips a header, blank lines and a BOM, and reports bad rows by line', () => {
    const csv = '\ufeffวันที่,ชื่อวันหยุด\r\n2026-04-13,วันสงกรานต์\r\n\r\n31/4/2569,ผิด\r\n2026-05-01,\r\n"1 มิถุนายน 2569","วันหยุดชดเชย, วันวิสาขบูชา"\r\n';
    expect(parseHolidaysCsv(csv)).toEqual({
      holidays: [
        { date: '2026-04-13', name: 'วันสงกรานต์' },
        { date: '2026-06-01', name: 'วันหยุดชดเชย, วันวิสาขบูชา' },
      ],
      problems: [
        { line: 4, message: 'อ่านวันที่ไม่ได้: "31/4/2569"' },
        { line: 5, message: 'ไม่มีชื่อวันหยุด' },
      ],
    });
  });

  it('reads a file without a header from its first row', () => {
    expect(parseHolidaysCsv('2026-01-01,วันขึ้นปีใหม่').holidays).toEqual([{ date: '2026-01-01', name: 'วันขึ้นปีใหม่' }]);
  });

  it('leaves out notes (lines starting with #) before and after the header, reading the file with no problem', () => {
    const csv = '# วันหยุดราชการ พ.ศ. 2570, from the cabinet\nวันที่,ชื่อวันหยุด\n# ชดเชยตามมติ ครม.\n2027-04-13,วันสงกรานต์\n';
    expect(parseHolidaysCsv(csv)).toEqual({ holidays: [{ date: '2027-04-13', name: 'วันสงกรานต์' }], problems: [] });
  });
});

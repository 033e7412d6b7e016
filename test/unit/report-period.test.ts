import { describe, expect, it } from '@jest/globals';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { monthOf, monthsOf, parseReportPeriodKey, periodLabel, periodRange, previousPeriod, reportPeriodKey } from '../../src/domain/report-period.ts';
import { markWords, printText, WORD_MARK } from '../../src/reports/thai-text.ts';

describe('report periods', () => {
  it('reads and writes month and fiscal-year keys, and refuses anything else', () => {
    expect(parseReportPeriodKey('2027-03')).toEqual({ kind: 'month', year: 2027, month: 3 });
    expect(parseReportPeriodKey('fy2570')).toEqual({ kind: 'fiscalYear', fiscalYear: 2570 });
    for (const bad of ['2027-13', '2027-3', 'fy70', '2570', 'fy2570x', '']) expect(parseReportPeriodKey(bad)).toBeNull();
    expect(reportPeriodKey({ kind: 'month', year: 2027, month: 3 })).toBe('2027-03');
    expect(reportPeriodKey({ kind: 'fiscalYear', fiscalYear: 2570 })).toBe('fy2570');
  });

  it('runs in Bangkok time: a month from its first midnight, a fiscal year from 1 October', () => {
    expect(periodRange({ kind: 'month', year: 2027, month: 3 })).toEqual({ start: bangkokTime('2027-03-01'), end: bangkokTime('2027-04-01') });
    expect(periodRange({ kind: 'fiscalYear', fiscalYear: 2570 })).toEqual({ start: bangkokTime('2026-10-01'), end: bangkokTime('2027-10-01') });
    expect(monthOf(bangkokTime('2027-03-31', '23:59'))).toEqual({ kind: 'month', year: 2027, month: 3 });
    expect(monthOf(bangkokTime('2027-04-01', '00:00'))).toEqual({ kind: 'month', year: 2027, month: 4 });
  });

  it('compares a month with the one before (January with December) and a fiscal year with the year before', () => {
    expect(previousPeriod({ kind: 'month', year: 2027, month: 1 })).toEqual({ kind: 'month', year: 2026, month: 12 });
    expect(previousPeriod({ kind: 'fiscalYear', fiscalYear: 2570 })).toEqual({ kind: 'fiscalYear', fiscalYear: 2569 });
    expect(monthsOf({ kind: 'fiscalYear', fiscalYear: 2570 }).map(reportPeriodKey)).toEqual([
      '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09',
    ]);
    expect(periodLabel({ kind: 'month', year: 2027, month: 3 })).toBe('มีนาคม 2570');
    expect(periodLabel({ kind: 'fiscalYear', fiscalYear: 2570 })).toBe('ปีงบประมาณ 2570');
  });
});

describe('printed text', () => {
  it('marks Thai word boundaries with the ICU dictionary, keeping compounds whole and punctuation with its word', () => {
    expect(markWords('เทคโนโลยีสารสนเทศและการสื่อสาร').split(WORD_MARK)).toEqual(['เทคโนโลยี', 'สารสนเทศ', 'และ', 'การ', 'สื่อสาร']);
    expect(markWords('งานซ่อม (ด่วน) เสร็จแล้ว.').split(WORD_MARK)).toEqual(['งาน', 'ซ่อม', ' ', '(ด่วน)', ' ', 'เสร็จ', 'แล้ว.']);
    // Marks already in the text (pasted) and control characters do not survive.
    expect(markWords('ก\u200bข\u0007ค')).not.toContain('\u0007');
  });

  it('writes Thai digits when the office asks for them', () => {
    expect(printText('รับที่ 124/2570', true).split(WORD_MARK).join('')).toBe('รับที่ ๑๒๔/๒๕๗๐');
    expect(printText(2570, false)).toBe('2570');
  });
});

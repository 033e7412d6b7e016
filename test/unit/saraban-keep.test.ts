import { describe, expect, it } from '@jest/globals';
import { bangkokTime, DEFAULT_OFFICE_CALENDAR } from '../../src/domain/office-time.ts';
import { sarabanSettingsSchema } from '../../src/domain/saraban/settings.ts';
import type { Letter } from '../../src/domain/saraban/view.ts';
import { destructionCsv, DESTRUCTION_HEADER, RECEIVE_HEADER, registerCsv, SEND_HEADER, thaiDateOfKey } from '../../src/flows/saraban-keep/csv.ts';
import { isPastRetention, loanReminderDays, retentionLimits } from '../../src/flows/saraban-keep/retention.ts';
import { numberAfter, parseSearchText } from '../../src/flows/saraban-keep/search-text.ts';
import { letterFixture } from '../support/letter-fixture.ts';

const now = bangkokTime('2027-03-10', '10:00'); // 2570

function letter(over: Partial<Letter> = {}): Letter {
  return letterFixture({
    officeId: 'o',
    fromName: 'โรงเรียนบ้านหนองบัวทอง',
    subject: 'ขอความอนุเคราะห์ใช้ห้องประชุม',
    registeredAt: bangkokTime('2027-03-02', '09:15'),
    ...over,
  });
}

describe('search text', () => {
  it('reads register numbers: 123/2569, 123 (this year), ส่ง 45/2569, รับที่ 12/2569, Thai digits, a Christian-era year', () => {
    expect(parseSearchText('123/2569', now)).toEqual({ kind: 'number', register: 'receive', number: 123, year: 2569 });
    expect(parseSearchText(' 123 ', now)).toEqual({ kind: 'number', register: 'receive', number: 123, year: 2570 });
    expect(parseSearchText('ส่ง 45/2569', now)).toEqual({ kind: 'number', register: 'send', number: 45, year: 2569 });
    expect(parseSearchText('ส่งที่45', now)).toEqual({ kind: 'number', register: 'send', number: 45, year: 2570 });
    expect(parseSearchText('รับที่ 12/2569', now)).toEqual({ kind: 'number', register: 'receive', number: 12, year: 2569 });
    expect(parseSearchText('๑๒๓/๒๕๖๙', now)).toEqual({ kind: 'number', register: 'receive', number: 123, year: 2569 });
    expect(parseSearchText('7/2026', now)).toEqual({ kind: 'number', register: 'receive', number: 7, year: 2569 });
    expect(parseSearchText('7/69', now)).toEqual({ kind: 'number', register: 'receive', number: 7, year: 2569 });
  });

  it('anything else is a piece of text to look for (Thai without spaces); one character is too short', () => {
    expect(parseSearchText('ห้องประชุม', now)).toEqual({ kind: 'text', text: 'ห้องประชุม' });
    expect(parseSearchText('ศธ 04001/ว1234', now)).toEqual({ kind: 'text', text: 'ศธ 04001/ว1234' });
    expect(parseSearchText('ก', now)).toEqual({ kind: 'tooShort' });
    expect(parseSearchText('0', now)).toEqual({ kind: 'tooShort' });
  });

  it('finds the number after a command word, with or without spaces', () => {
    expect(numberAfter('ให้ยืมหนังสือ', 'ให้ยืมหนังสือ 123/2569', now)).toEqual({ matched: true, query: { kind: 'number', register: 'receive', number: 123, year: 2569 } });
    expect(numberAfter('ให้ยืมหนังสือ', 'ให้ยืม หนังสือ ส่ง 4', now).query).toEqual({ kind: 'number', register: 'send', number: 4, year: 2570 });
    expect(numberAfter('คืนหนังสือ', 'คืนหนังสือ', now)).toEqual({ matched: true, query: null });
    expect(numberAfter('คืนหนังสือ', 'คืนอุปกรณ์', now).matched).toBe(false);
  });
});

describe('retention', () => {
  const settings = sarabanSettingsSchema.parse({ retentionYears: { default: 10, byKind: { publicity: 1 } } });

  it('counts from the end of the letter’s calendar year: a 2559 letter kept 10 years is listed in January 2570, not 2569', () => {
    expect(retentionLimits(settings, 2570).external).toBe(2559);
    expect(isPastRetention({ kind: 'external', year: 2559 }, settings, 2570)).toBe(true);
    expect(isPastRetention({ kind: 'external', year: 2560 }, settings, 2570)).toBe(false);
    expect(isPastRetention({ kind: 'external', year: 2559 }, settings, 2569)).toBe(false);
  });

  it('a kind may be kept for a different time', () => {
    expect(retentionLimits(settings, 2570).publicity).toBe(2568);
    expect(isPastRetention({ kind: 'publicity', year: 2568 }, settings, 2570)).toBe(true);
    expect(isPastRetention({ kind: 'publicity', year: 2569 }, settings, 2570)).toBe(false);
  });
});

describe('loan reminder days', () => {
  const calendar = { ...DEFAULT_OFFICE_CALENDAR, holidays: new Set(['2027-03-15']) };

  it('on the due date, then on the next office days (weekends and holidays skipped)', () => {
    // Friday 2027-03-12 due; Monday 15th is a holiday.
    expect(loanReminderDays('2027-03-12', { daysBefore: 0, overdueOfficeDays: 2 }, calendar)).toEqual([
      { day: '2027-03-12', kind: 'due', n: 0 },
      { day: '2027-03-16', kind: 'overdue', n: 1 },
      { day: '2027-03-17', kind: 'overdue', n: 2 },
    ]);
  });

  it('a due date on a Saturday is reminded on the Friday before; days before when asked', () => {
    const days = loanReminderDays('2027-03-13', { daysBefore: 1, overdueOfficeDays: 1 }, calendar);
    expect(days).toEqual([
      { day: '2027-03-11', kind: 'before', n: 0 },
      { day: '2027-03-12', kind: 'due', n: 0 },
      { day: '2027-03-16', kind: 'overdue', n: 1 },
    ]);
  });
});

describe('register CSV', () => {
  it('receive register: BOM, the regulation’s column order, Thai dates with the Buddhist year, the time of receipt in หมายเหตุ', () => {
    const csv = registerCsv('receive', [letter({ number: 2, docDate: '2025-10-01' }), letter({ number: 1, urgency: 'very_urgent', remarks: 'ต้นฉบับ 2 แผ่น' })]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(RECEIVE_HEADER.join(','));
    expect(lines[0]).toBe('เลขทะเบียนรับ,ที่,ลงวันที่,จาก,ถึง,เรื่อง,การปฏิบัติ,หมายเหตุ');
    expect(lines[1]).toBe('1,ศธ 04001/ว1234,1 มีนาคม 2570,โรงเรียนบ้านหนองบัวทอง,ผอ.สพป.,ขอความอนุเคราะห์ใช้ห้องประชุม,,รับ 2 มีนาคม 2570 เวลา 09:15 น.; ด่วนมาก; ต้นฉบับ 2 แผ่น');
    expect(lines[2]!.startsWith('2,ศธ 04001/ว1234,1 ตุลาคม 2568,')).toBe(true);
    expect(lines.at(-1)).toBe('');
  });

  it('a cancelled line stays, marked with its reason; ลับที่สุด keeps number and date only; ลับ keeps its subject (official record)', () => {
    const csv = registerCsv('receive', [
      letter({ number: 1, status: 'cancelled', cancelReason: 'ลงซ้ำ', cancelledAt: now }),
      letter({ number: 2, secrecy: 'top_secret', subject: null, fromName: null, toName: null }),
      letter({ number: 3, secrecy: 'confidential', subject: 'เรื่องลับ' }),
    ]);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toContain('ยกเลิก: ลงซ้ำ');
    expect(lines[1]!.split(',')[6]).toBe('ยกเลิก');
    expect(lines[2]).toBe('2,,1 มีนาคม 2570,,,,,รับ 2 มีนาคม 2570 เวลา 09:15 น.; ลับที่สุด');
    expect(lines[3]).toContain('เรื่องลับ');
    expect(lines[3]).toContain('; ลับ');
  });

  it('send register has no การปฏิบัติ column; formulas are defused and commas quoted', () => {
    const csv = registerCsv('send', [letter({ register: 'send', status: 'sent', subject: '=HYPERLINK("x")', toName: 'โรงเรียน ก, ข' })]);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(SEND_HEADER.join(','));
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[1]).toContain('"โรงเรียน ก, ข"');
    expect(lines[1]).toContain('ส่ง 2 มีนาคม 2570');
  });

  it('Thai dates from a calendar date', () => {
    expect(thaiDateOfKey('2025-10-01')).toBe('1 ตุลาคม 2568');
    expect(thaiDateOfKey(null)).toBe('');
  });
});

describe('destruction list (แบบที่ 25)', () => {
  it('numbers the lines, in the form’s columns, with the register line and how long it was kept in หมายเหตุ', () => {
    const settings = sarabanSettingsSchema.parse({});
    const csv = destructionCsv([letter({ year: 2559, number: 5, register: 'send' }), letter({ year: 2559, number: 9 })], settings);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(DESTRUCTION_HEADER.join(','));
    expect(lines[0]).toBe('ลำดับที่,ที่,ลงวันที่,เรื่อง,รหัสแฟ้ม,การพิจารณา,หมายเหตุ');
    expect(lines[1]).toBe('1,ศธ 04001/ว1234,1 มีนาคม 2570,ขอความอนุเคราะห์ใช้ห้องประชุม,,,ทะเบียนรับ 9/2559; หนังสือภายนอก; เก็บถึงสิ้นปี 2569');
    expect(lines[2]!.startsWith('2,')).toBe(true);
    expect(lines[2]).toContain('ทะเบียนส่ง 5/2559');
  });
});

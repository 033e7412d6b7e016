import { describe, expect, it } from '@jest/globals';
import {
  generateInvitationCode,
  hashInvitationCode,
  invitationCodeInMessage,
  invitationLink,
  invitationStatus,
  normalizeInvitationCode,
} from '../../src/domain/invitations.ts';
import { normalizeFullName } from '../../src/domain/people.ts';
import { formatThaiMobile, normalizeThaiMobile } from '../../src/domain/phone.ts';
import { normalizeSchoolName, parseSchoolCode } from '../../src/domain/school-codes.ts';
import { formatThaiDate, formatThaiDateKey, formatThaiDateTime } from '../../src/domain/thai-date.ts';
import { parseCsv } from '../../src/domain/csv.ts';

describe('school codes', () => {
  it('tells the three kinds apart by length, with spaces, dashes and Thai digits', () => {
    expect(parseSchoolCode('36030123')).toEqual({ kind: 'smis', code: '36030123' });
    expect(parseSchoolCode('360123')).toEqual({ kind: 'obec', code: '360123' });
    expect(parseSchoolCode('10-36-360123')).toEqual({ kind: 'moe', code: '1036360123' });
    expect(parseSchoolCode('๓๖๐๑๒๓')).toEqual({ kind: 'obec', code: '360123' });
    expect(parseSchoolCode('1234567')).toBeNull();
    expect(parseSchoolCode('หนองบัว')).toBeNull();
  });

  it('compares names without "โรงเรียน", "รร." and spaces', () => {
    expect(normalizeSchoolName('โรงเรียน บ้านหนองบัว')).toBe('บ้านหนองบัว');
    expect(normalizeSchoolName('รร.บ้าน หนองบัว')).toBe('บ้านหนองบัว');
  });
});

describe('Thai mobile numbers', () => {
  it('accepts 06/08/09 numbers typed with dashes, spaces or +66', () => {
    expect(normalizeThaiMobile('081-234-5678')).toBe('0812345678');
    expect(normalizeThaiMobile('09 1234 5678')).toBe('0912345678');
    expect(normalizeThaiMobile('+66 61 234 5678')).toBe('0612345678');
    expect(formatThaiMobile('0812345678')).toBe('081-234-5678');
  });

  it('refuses landlines, short numbers and letters', () => {
    for (const bad of ['02-123-4567', '081234567', '08123456789', 'abc', '']) expect(normalizeThaiMobile(bad)).toBeNull();
  });
});

describe('names', () => {
  it('squeezes spaces and refuses blanks and numbers', () => {
    expect(normalizeFullName('  สมศรี   ใจดี ')).toBe('สมศรี ใจดี');
    expect(normalizeFullName(' ')).toBeNull();
    expect(normalizeFullName('0812345678')).toBeNull();
  });
});

describe('invitation codes', () => {
  it('draws readable codes that survive typing in lower case, with or without the dash', () => {
    const code = generateInvitationCode();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(code).not.toMatch(/[01OIL]/);
    const normalized = normalizeInvitationCode(code.toLowerCase().replace('-', ' '));
    expect(normalized).toBe(code.replace('-', ''));
    expect(hashInvitationCode(normalized!)).toMatch(/^[0-9a-f]{64}$/);
    expect(normalizeInvitationCode('ABC')).toBeNull();
    expect(normalizeInvitationCode('ABCD-EFG0')).toBeNull();
  });

  it('finds the code in the message the invitation link fills in', () => {
    expect(invitationCodeInMessage('รหัสเชิญ ABCD-EFGH')).toBe('ABCDEFGH');
    expect(invitationCodeInMessage('รหัสเชิญ: abcd efgh')).toBe('ABCDEFGH');
    expect(invitationCodeInMessage('สวัสดี ABCD-EFGH')).toBeNull();
  });

  it('builds a link that opens the Official Account chat with the message filled in', () => {
    const link = invitationLink('@123abcde', 'ABCD-EFGH');
    expect(link).toBe(`https://line.me/R/oaMessage/%40123abcde/?${encodeURIComponent('รหัสเชิญ ABCD-EFGH')}`);
    expect(decodeURIComponent(new URL(link).search.slice(1))).toBe('รหัสเชิญ ABCD-EFGH');
  });

  it('is valid once, before it expires', () => {
    const now = new Date('2025-10-01T00:00:00Z');
    expect(invitationStatus(null, now)).toBe('unknown');
    expect(invitationStatus({ usedAt: null, expiresAt: new Date('2025-10-02T00:00:00Z') }, now)).toBe('valid');
    expect(invitationStatus({ usedAt: now, expiresAt: new Date('2025-10-02T00:00:00Z') }, now)).toBe('used');
    expect(invitationStatus({ usedAt: null, expiresAt: now }, now)).toBe('expired');
  });
});

describe('Thai dates', () => {
  it('writes the day, the full Thai month and the Buddhist-era year, in Bangkok time', () => {
    expect(formatThaiDate(new Date('2025-09-30T18:00:00Z'))).toBe('1 ตุลาคม 2568');
    expect(formatThaiDateTime(new Date('2025-10-01T07:05:00Z'))).toBe('1 ตุลาคม 2568 เวลา 14:05 น.');
    // A calendar date is that day, whatever the time zone; anything else comes back as it was.
    expect(formatThaiDateKey('2025-10-01')).toBe('1 ตุลาคม 2568');
    expect(formatThaiDateKey('2027-12-31')).toBe('31 ธันวาคม 2570');
    expect(formatThaiDateKey('ไม่ใช่วันที่')).toBe('ไม่ใช่วันที่');
  });
});

describe('CSV reading', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF, and a BOM; keeps each record’s line', () => {
    const text = '\uFEFFname,address\r\n"A, B","say ""hi"""\r\n\r\n"multi\nline",x\nlast,';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'address'] },
      { line: 2, fields: ['A, B', 'say "hi"'] },
      { line: 4, fields: ['multi\nline', 'x'] },
      { line: 6, fields: ['last', ''] },
    ]);
  });
});

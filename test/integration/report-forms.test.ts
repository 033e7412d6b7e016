import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { transitionTicket } from '../../src/db/repos/repair-tickets.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { closePdfRenderer, renderPdf } from '../../src/reports/pdf.ts';
import { readXlsx } from '../../src/reports/xlsx.ts';
import { exportLettersXlsx } from '../../scripts/export-letters.ts';
import { exportRepairsXlsx } from '../../scripts/export-repairs.ts';
import { formJob } from '../../scripts/print-form.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';
import { checkThaiLineBreaks, pdfPageCount, pdfText, savePdfPagePng } from '../support/pdf.ts';

/**
 * The printable forms (registers แบบที่ 13/14, the destruction list แบบที่ 25, the repair job sheet) and the Excel
 * files beside the CSV exports, from rows written by the factories. A printed page travels: a secret letter's
 * ที่, sender, recipient and subject are never on it.
 */

const at = (day: string, time = '09:00') => bangkokTime(day, time);
const NOW = at('2027-04-05', '10:00');
const SECRET = { subject: 'แผนการสอบลับเฉพาะ', docNo: 'ลับ ศธ 0001/55', fromName: 'หน่วยงานลับเฉพาะกิจ' };
const LONG_SUBJECT = 'ขอความร่วมมือสำรวจข้อมูลความต้องการทดแทนและซ่อมบำรุงอุปกรณ์รับสัญญาณดาวเทียมของโรงเรียนในสังกัดสำนักงานเขตพื้นที่การศึกษาประถมศึกษา';

let database: Database;
let ticketNumber: string;

async function pdfOf(args: string[], ticketUrl?: (id: number) => string): Promise<Buffer> {
  const request = await formJob(database.db, 'default', args, NOW, ticketUrl);
  if (request === null || request === 'not-found') throw new Error(`no form for ${args.join(' ')}`);
  return renderPdf(request.job);
}

beforeAll(async () => {
  database = await createTestDatabase();
  const f = officeFactory(database.db);
  await f.channel('สพป.ทดสอบ เขต 3');
  const clerk = (await f.person('นางธุรการ ใจดี', 'saraban_clerk')).id;
  const director = (await f.person('นายผู้อำนวยการ เขต', 'area_director')).id;
  await f.letter({ registeredBy: clerk, registeredAt: at('2027-03-02'), subject: LONG_SUBJECT, docNo: 'ศธ 04001/ว1234', docDate: '2027-02-28', proposedTo: director, proposedAt: at('2027-03-02', '10:00'), decision: 'approved', decidedBy: director, decidedAt: at('2027-03-03') });
  await f.letter({ registeredBy: clerk, registeredAt: at('2027-03-03'), secrecy: 'secret', ...SECRET, docDate: '2027-03-01' });
  await f.letter({ registeredBy: clerk, registeredAt: at('2027-04-01'), subject: 'หนังสือเดือนเมษายน' });
  await f.letter({ register: 'send', registeredBy: clerk, registeredAt: at('2027-03-10'), subject: 'ส่งรายงานผลการซ่อม', toName: 'สพฐ.' });
  // Past retention in the list of January 2570: a letter of 2559 kept 10 years.
  await f.letter({ registeredBy: clerk, registeredAt: at('2016-05-02'), subject: 'หนังสือเก่าเกินอายุการเก็บ', docDate: '2016-05-01' });

  const school = await f.school('บ้านหนองบัวแดง', 'ภูเขียว');
  const teacher = (await f.person('ครูสมศรี', 'teacher', { schoolId: school })).id;
  const technician = (await f.person('ช่างสมชาย', 'technician')).id;
  const categoryId = (await f.categories()).get('dltv_no_signal')!.id;
  const id = await f.ticket({ schoolId: school, reporterId: teacher, categoryId, createdAt: at('2027-03-02'), description: 'จานดาวเทียมไม่มีสัญญาณทั้งสามห้องเรียนหลังพายุเมื่อคืน', status: 'new' });
  const accepted = await transitionTicket(database.db, id, { expectedVersion: 1, toStatus: 'accepted', actorId: technician, action: 'accepted' }, at('2027-03-02', '10:00'));
  if (accepted === 'stale') throw new Error('stale');
  ticketNumber = accepted.number.replace('ซ่อม ', '');
});

afterAll(async () => {
  await closePdfRenderer();
  await database.close();
});

describe('the printed registers', () => {
  it('prints the receive register of a year in the regulation columns, a secret letter by number and date only', async () => {
    const pdf = await pdfOf(['receive', '2570']);
    await savePdfPagePng(pdf, 'form-receive-register');
    const text = await pdfText(pdf);
    for (const header of ['ทะเบียนหนังสือรับ', 'แบบที่ 13', 'เลขทะเบียนรับ', 'ลงวันที่', 'การปฏิบัติ', 'หมายเหตุ']) expect(text).toContain(header);
    expect(text).toContain('ว1234');
    expect(text).toContain('28 กุมภาพันธ์');
    expect(text).toContain('หนังสือลับมาก');
    for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
    expect(text).toContain('หนังสือเดือนเมษายน');
    const breaks = await checkThaiLineBreaks(pdf);
    expect(breaks.insideWords).toEqual([]);
    expect(breaks.checked).toBeGreaterThan(0);
  });

  it('prints a range of days, and the send register', async () => {
    const march = await pdfText(await pdfOf(['receive', '2027-03-01', '2027-03-31']));
    expect(march).toContain('ตั้งแต่วันที่ 1 มีนาคม 2570 ถึงวันที่ 31 มีนาคม 2570');
    expect(march).not.toContain('หนังสือเดือนเมษายน');
    const send = await pdfText(await pdfOf(['send', '2570']));
    expect(send).toContain('ทะเบียนหนังสือส่ง');
    expect(send).toContain('เลขทะเบียนส่ง');
    expect(send).toContain('ส่งรายงานผลการซ่อม');
  });

  it('prints the destruction list with the committee signature lines', async () => {
    const text = await pdfText(await pdfOf(['destruction', '2570']));
    for (const expected of ['บัญชีหนังสือขอทำลาย ประจำปี พ.ศ. 2570', 'แบบที่ 25', 'รหัสแฟ้ม', 'การพิจารณา', 'หนังสือเก่าเกินอายุการเก็บ', 'ประธานกรรมการ']) expect(text).toContain(expected);
  });

  it('writes Thai digits when the office asks for them', async () => {
    await saveOfficeSettings(database.db, 'default', { reports: { thaiDigits: true } }, NOW);
    try {
      const text = await pdfText(await pdfOf(['send', '2570']));
      expect(text).toContain('๒๕๗๐');
      expect(text).not.toMatch(/2570/);
    } finally {
      await saveOfficeSettings(database.db, 'default', {}, NOW);
    }
  });

  it('refuses arguments that name no form', async () => {
    for (const args of [['receive'], ['receive', '25x0'], ['inbox', '2570'], ['repair', 'abc'], ['receive', '2027-03-01']]) {
      expect(await formJob(database.db, 'default', args, NOW)).toBeNull();
    }
    expect(await formJob(database.db, 'default', ['repair', '2570/9999'], NOW)).toBe('not-found');
  });
});

describe('the repair job sheet', () => {
  it('prints the ticket, its timeline, signature lines and a QR code to its page', async () => {
    const pdf = await pdfOf(['repair', ticketNumber], (id) => `https://liff.line.me/1234567890-AbCdEfGh/tickets/${id}`);
    await savePdfPagePng(pdf, 'form-repair-job-sheet');
    const text = await pdfText(pdf);
    for (const expected of ['ใบงานซ่อม', `ซ่อม ${ticketNumber}`, 'บ้านหนองบัวแดง', 'ช่างสมชาย', 'ผู้รับบริการ (โรงเรียน)', 'สแกนเพื่อเปิดงานนี้', 'รับงาน']) expect(text).toContain(expected);
    expect(await pdfPageCount(pdf)).toBe(1);
    const without = await pdfText(await pdfOf(['repair', ticketNumber]));
    expect(without).not.toContain('สแกนเพื่อเปิดงานนี้');
  });
});

describe('Excel beside the CSV exports', () => {
  it('exports the receive register with Thai headers, the letter date as a date and set column widths', async () => {
    const result = await exportLettersXlsx(database.db, 'default', ['receive', '2570'], NOW);
    expect(result?.count).toBe(3);
    const [sheet] = await readXlsx(result!.xlsx);
    expect(sheet!.rows[0]).toEqual(['เลขทะเบียนรับ', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ']);
    expect(sheet!.rows[1]![0]).toBe(1);
    expect(sheet!.rows[1]![2]).toEqual(new Date('2027-02-28T00:00:00Z'));
    expect(sheet!.rows[1]![5]).toBe(LONG_SUBJECT);
  });

  it('exports repairs with times as Bangkok dates and minutes as numbers', async () => {
    const result = await exportRepairsXlsx(database.db, 'default', ['2570'], NOW);
    expect(result?.count).toBe(1);
    const [sheet] = await readXlsx(result!.xlsx);
    expect(sheet!.rows[0]![0]).toBe('เลขที่');
    const row = sheet!.rows[1]!;
    // Reported 09:00 Bangkok: the cell shows 09:00.
    expect(row[1]).toEqual(new Date('2027-03-02T09:00:00Z'));
    expect(row[17]).toBe(60);
  });

  it('refuses arguments that name no export', async () => {
    expect(await exportLettersXlsx(database.db, 'default', ['inbox', '2570'], NOW)).toBeNull();
    expect(await exportRepairsXlsx(database.db, 'default', ['x'], NOW)).toBeNull();
  });
});

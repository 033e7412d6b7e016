import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runInventoryCommand } from '../../scripts/inventory.ts';
import { formJob } from '../../scripts/print-form.ts';
import type { Database } from '../../src/db/database.ts';
import { findItemByAssetTag } from '../../src/db/repos/loan-desk.ts';
import { confirmHandover, deskLoanItems, insertHandover, markItemMissing, markItemReturned } from '../../src/db/repos/loan-handover.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { createLoan, releaseLoanReservations, updateLoan, type LoanPatch } from '../../src/db/repos/loans.ts';
import { parseCsv } from '../../src/domain/csv.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { DEMO_INVENTORY_CSV } from '../../src/flows/loans/demo.ts';
import { importInventoryCsv } from '../../src/flows/loans/inventory-csv.ts';
import { LOAN_RECORD_HEADER } from '../../src/flows/loans/loan-records.ts';
import { closePdfRenderer, renderPdf } from '../../src/reports/pdf.ts';
import { readXlsx } from '../../src/reports/xlsx.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';
import { checkThaiLineBreaks, pdfPageCount, pdfText, savePdfPagePng } from '../support/pdf.ts';

/**
 * The loans of a period as the office's form keeps them (แบบบันทึกขอยืมวัสดุอุปกรณ์/เอกสาร/สื่อ Software), written by
 * `npm run inventory -- loans` as CSV (UTF-8 BOM) or Excel and read back: the items with their ครุภัณฑ์ numbers, the
 * approver, who handed over and when, when each came back and in what condition; declined and not-picked-up loans
 * say so; a loan outside the period is not there. And the form of one loan printed (npm run print-form -- loan <id>).
 */

const OFFICE = 'default';
const at = (day: string, time = '09:00') => bangkokTime(day, time);
let database: Database;
const ids: Record<string, number> = {};
const person: Record<string, number> = {};

async function loan(tags: string[], startsOn: string, endsOn: string, patch: LoanPatch, purpose = 'สอนออนไลน์'): Promise<number> {
  const db = database.db;
  const lines = [];
  for (const tag of tags) lines.push({ target: { kind: 'item' as const, id: (await findItemByAssetTag(db, OFFICE, tag))!.id }, quantity: 1 });
  const created = await createLoan(db, { officeId: OFFICE, requesterId: person.teacher!, schoolId: ids.school!, purpose, place: 'ห้องประชุมโรงเรียน', startsOn, endsOn, needsEndorsement: false, lines }, at('2027-04-28', '10:00'));
  if (!created.ok) throw new Error('taken');
  await updateLoan(db, OFFICE, created.loanId, 1, { submittedAt: at('2027-04-28', '10:00'), ...patch }, at('2027-04-29'));
  return created.loanId;
}

async function run(args: string[]): Promise<{ code: number; written: Map<string, string | Buffer>; out: string[] }> {
  const out: string[] = [];
  const written = new Map<string, string | Buffer>();
  const io = { out: (line: string) => out.push(line), readFile: async () => '', writeFile: async (p: string, c: string | Buffer) => void written.set(p, c), write: (t: string) => out.push(t), liff: undefined };
  const code = await runInventoryCommand(database.db, OFFICE, args, io, at('2027-06-01'));
  return { code, written, out };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const f = officeFactory(db);
  await f.channel('สพป.ทดสอบ เขต 3');
  ids.school = await f.school('โรงเรียนบ้านหนองบัวแดง', 'ภูเขียว');
  person.teacher = (await f.person('ครูสมศรี ใจงาม', 'teacher', { schoolId: ids.school })).id;
  person.approver = (await f.person('นายอนุมัติ ผอ.กลุ่ม', 'group_director')).id;
  person.tech = (await f.person('ช่างสมชาย', 'technician')).id;
  await importInventoryCsv(db, OFFICE, await readFile(DEMO_INVENTORY_CSV, 'utf8'), at('2027-04-01'));
  const approved = { decidedBy: person.approver!, decidedAt: at('2027-04-29', '11:00') };

  // Handed over (projector and notebook), the projector back in fair condition, the notebook reported missing.
  ids.out = await loan(['DEMO-PJ-001', 'DEMO-NB-001'], '2027-05-03', '2027-05-07', { state: 'fulfilled', ...approved, decidedActing: 'on_behalf' }, 'อบรมครู, "DLTV" รุ่น 1');
  const items = await deskLoanItems(db, OFFICE, ids.out);
  const handover = await insertHandover(db, { officeId: OFFICE, loanId: ids.out, handedOverBy: person.tech!, at: at('2027-05-03', '08:40'), condition: 'good', photoMediaId: null, itemIds: items.map((i) => i.itemId) });
  await confirmHandover(db, OFFICE, handover, person.teacher!, at('2027-05-03', '08:45'));
  const pj = items.find((i) => i.assetTag === 'DEMO-PJ-001')!.itemId;
  const nb = items.find((i) => i.assetTag === 'DEMO-NB-001')!.itemId;
  await markItemReturned(db, { officeId: OFFICE, loanId: ids.out, itemId: pj, receivedBy: person.tech!, condition: 'fair', at: at('2027-05-07', '15:00') });
  await markItemMissing(db, OFFICE, ids.out, nb, at('2027-05-07', '15:05'));
  // Declined, with the reason.
  ids.declined = await loan(['DEMO-PJ-002'], '2027-05-10', '2027-05-10', { state: 'declined', ...approved, decisionNote: 'ซ้ำกับงานของสำนักงาน' });
  await releaseLoanReservations(db, OFFICE, ids.declined, at('2027-04-29'));
  // Approved, never picked up.
  ids.noShow = await loan(['DEMO-CM-001'], '2027-05-20', '2027-05-21', { state: 'expired', ...approved });
  await releaseLoanReservations(db, OFFICE, ids.noShow, at('2027-05-20', '17:00'));
  // Approved, waiting for its day; and one in June (outside May).
  ids.waiting = await loan(['DEMO-PJ-003'], '2027-05-31', '2027-05-31', { state: 'approved', ...approved });
  ids.june = await loan(['DEMO-PJ-001'], '2027-06-02', '2027-06-03', { state: 'approved', ...approved });
}, 60_000);

afterAll(async () => {
  await closePdfRenderer();
  await database.close();
});

describe('npm run inventory -- loans', () => {
  it('writes the loans whose first day is in the period, in the form’s columns, as CSV with a byte-order mark', async () => {
    const { code, written, out } = await run(['loans', '--from=2027-05-01', '--to=2027-05-31', '--out=loans.csv']);
    expect(code).toBe(0);
    expect(out).toEqual(['บันทึกแล้ว: loans.csv']);
    const csv = written.get('loans.csv') as string;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(csv).map((r) => r.fields);
    expect(header).toEqual([...LOAN_RECORD_HEADER]);
    const byId = new Map(rows.map((r) => [Number(r[1]), Object.fromEntries(header!.map((h, i) => [h, r[i]]))]));
    expect([...byId.keys()]).toEqual([ids.out, ids.declined, ids.noShow, ids.waiting]);

    const out1 = byId.get(ids.out!)!;
    expect(out1).toMatchObject({
      ลำดับที่: '1',
      วันที่ขอยืม: '28 เมษายน 2570',
      ผู้ยืม: 'ครูสมศรี ใจงาม',
      'โรงเรียน/หน่วยงาน': 'โรงเรียนบ้านหนองบัวแดง',
      วัตถุประสงค์: 'อบรมครู, "DLTV" รุ่น 1',
      สถานที่ใช้: 'ห้องประชุมโรงเรียน',
      ยืมตั้งแต่วันที่: '3 พฤษภาคม 2570',
      ถึงวันที่: '7 พฤษภาคม 2570',
      ผู้อนุมัติ: 'นายอนุมัติ ผอ.กลุ่ม (ปฏิบัติราชการแทน)',
      วันที่อนุมัติ: '29 เมษายน 2570',
      ผู้ส่งมอบ: 'ช่างสมชาย',
      วันที่ส่งมอบ: '3 พฤษภาคม 2570',
      วันที่คืน: 'DEMO-PJ-001 7 พฤษภาคม 2570',
      สภาพเมื่อคืน: 'DEMO-PJ-001 พอใช้',
      สถานะ: 'คืนบางส่วน',
      หมายเหตุ: 'DEMO-NB-001 ไม่ได้รับคืน',
    });
    expect(out1['รายการที่ยืม (เลขครุภัณฑ์)']).toMatch(/\(DEMO-NB-001\), .*\(DEMO-PJ-001\)|\(DEMO-PJ-001\), .*\(DEMO-NB-001\)/);

    expect(byId.get(ids.declined!)).toMatchObject({ ผู้อนุมัติ: '', วันที่อนุมัติ: '', ผู้ส่งมอบ: '', สถานะ: 'ไม่อนุมัติ', หมายเหตุ: 'ซ้ำกับงานของสำนักงาน' });
    // Let go: the line asked for still names what was asked.
    expect(byId.get(ids.declined!)!['รายการที่ยืม (เลขครุภัณฑ์)']).toContain('DEMO-PJ-002');
    expect(byId.get(ids.noShow!)).toMatchObject({ ผู้อนุมัติ: 'นายอนุมัติ ผอ.กลุ่ม', ผู้ส่งมอบ: '', วันที่คืน: '', สถานะ: 'ไม่มารับอุปกรณ์' });
    expect(byId.get(ids.waiting!)).toMatchObject({ สถานะ: 'อนุมัติแล้ว', ผู้ส่งมอบ: '' });
    expect(byId.get(ids.waiting!)!['รายการที่ยืม (เลขครุภัณฑ์)']).toContain('(DEMO-PJ-003)');
  });

  it('writes everything without bounds, to standard output without --out, and Excel for .xlsx', async () => {
    const all = await run(['loans']);
    expect(all.code).toBe(0);
    expect(parseCsv(all.out[0]!)).toHaveLength(6);
    const june = await run(['loans', '--from=2027-06-01']);
    expect(parseCsv(june.out[0]!).map((r) => r.fields[1])).toEqual(['เลขที่การยืม', String(ids.june)]);

    const xlsx = await run(['loans', '--from=2027-05-01', '--to=2027-05-31', '--out=loans.xlsx']);
    expect(xlsx.code).toBe(0);
    const [sheet] = await readXlsx(xlsx.written.get('loans.xlsx') as Buffer);
    expect(sheet!.rows[0]).toEqual([...LOAN_RECORD_HEADER]);
    expect(sheet!.rows).toHaveLength(5);
    expect(sheet!.rows[1]![1]).toBe(ids.out);
    expect(sheet!.rows[1]![13]).toBe('3 พฤษภาคม 2570');
  });

  it('refuses a bad date', async () => {
    expect((await run(['loans', '--from=May'])).code).toBe(2);
    expect((await run(['loans', '--out='])).code).toBe(2);
  });
});

describe('npm run print-form -- loan <id>', () => {
  async function pdfOf(args: string[]): Promise<Buffer> {
    const request = await formJob(database.db, OFFICE, args, at('2027-06-01'));
    if (request === null || request === 'not-found') throw new Error(`no form for ${args.join(' ')}`);
    expect(request.defaultName).toBe(`loan-${args[1]}.pdf`);
    return renderPdf(request.job);
  }

  it('prints the form of a loan on one A4 page: the request, the items with ครุภัณฑ์ numbers, hand-over and return, Buddhist-era dates, signatures', async () => {
    const pdf = await pdfOf(['loan', String(ids.out)]);
    await savePdfPagePng(pdf, 'form-loan');
    expect(await pdfPageCount(pdf)).toBe(1);
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const expected of [
      'แบบบันทึกขอยืมวัสดุอุปกรณ์/เอกสาร/สื่อ Software',
      `เลขที่การยืม ${ids.out}`,
      'สถานะ: คืนบางส่วน',
      'ครูสมศรี ใจงาม',
      'โรงเรียนบ้านหนองบัวแดง',
      'ห้องประชุมโรงเรียน',
      '3 พฤษภาคม 2570 ถึง 7 พฤษภาคม 2570 (5 วัน)',
      'นายอนุมัติ ผอ.กลุ่ม (ปฏิบัติราชการแทน)',
      'DEMO-PJ-001',
      'DEMO-NB-001',
      '7 พฤษภาคม 2570 (พอใช้)',
      'ไม่ได้รับคืน',
      'ผู้ส่งมอบ',
      'ผู้รับคืน',
      'ช่างสมชาย',
      // The borrower's ได้รับของแล้ว stands for the signature.
      'ยืนยันในระบบเมื่อ',
      '3 พฤษภาคม 2570 เวลา 08:45 น.',
    ])
      expect(text).toContain(expected);
    expect(text).not.toMatch(/2027/);
    expect((await checkThaiLineBreaks(pdf)).insideWords).toEqual([]);
  });

  it('prints a declined loan with what was asked and no approver; an unknown loan is not found', async () => {
    const text = (await pdfText(await pdfOf(['loan', String(ids.declined)]))).replace(/\s+/g, ' ');
    expect(text).toContain('สถานะ: ไม่อนุมัติ');
    expect(text).toContain('ซ้ำกับงานของสำนักงาน');
    expect(text).toContain('PJ-002');
    expect(text).not.toContain('นายอนุมัติ');
    expect(await formJob(database.db, OFFICE, ['loan', '99999'], at('2027-06-01'))).toBe('not-found');
    expect(await formJob(database.db, OFFICE, ['loan', 'x'], at('2027-06-01'))).toBeNull();
  });

  it('writes Thai digits when the office asks for them', async () => {
    await saveOfficeSettings(database.db, OFFICE, { reports: { thaiDigits: true } }, at('2027-06-01'));
    try {
      const text = await pdfText(await pdfOf(['loan', String(ids.out)]));
      expect(text).toContain('๒๕๗๐');
      expect(text).not.toMatch(/2570/);
    } finally {
      await saveOfficeSettings(database.db, OFFICE, { reports: { thaiDigits: false } }, at('2027-06-01'));
    }
  });
});

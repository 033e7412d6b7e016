import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { loanHandoverItems, loanHandovers, loanItems, loanItemTypes, loanLines, loans } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { buildOfficeReport } from '../../src/flows/reports/build.ts';
import type { OfficeReport, ReportFigure } from '../../src/reports/model.ts';
import { closePdfRenderer } from '../../src/reports/pdf.ts';
import { reportPdf } from '../../src/reports/report-pdf.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';
import { pdfText } from '../support/pdf.ts';

/**
 * The loans section of the monthly report (issue 11, "Figures for the reports") from known rows, every figure
 * worked out by hand below: March 2027, read on 5 April, beside February.
 */

const at = (day: string, time = '09:00') => bangkokTime(day, time);
const NOW = at('2027-04-05', '10:00');

let database: Database;
let march: OfficeReport;
let empty: OfficeReport;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const f = officeFactory(db);
  await f.channel('สพป.ทดสอบ เขต 2');
  const [nongbua, khoksung] = [await f.school('บ้านหนองบัว', 'เมือง'), await f.school('บ้านโคกสูง', 'ภูเขียว')];
  const teacher = (await f.person('ครูผู้ยืม', 'teacher', { schoolId: nongbua })).id;
  const tech = (await f.person('ช่างส่งมอบ', 'technician')).id;

  const [projector] = await db.insert(loanItemTypes).values({ officeId: f.officeId, name: 'โปรเจกเตอร์', category: 'projector' }).returning();
  const [notebook] = await db.insert(loanItemTypes).values({ officeId: f.officeId, name: 'โน้ตบุ๊ก', category: 'notebook' }).returning();
  const item = async (typeId: number, assetTag: string) => (await db.insert(loanItems).values({ officeId: f.officeId, typeId, assetTag }).returning())[0]!.id;
  const [p1, p2] = [await item(projector!.id, 'P-1'), await item(projector!.id, 'P-2'), await item(projector!.id, 'P-3')];
  const [n1, n2] = [await item(notebook!.id, 'N-1'), await item(notebook!.id, 'N-2')];

  const loan = async (input: { schoolId: number | null; state: string; submitted: Date; decided: Date; starts: string; ends: string; out?: Array<{ itemId: number; at: Date; back: Date | null }> }) => {
    const [row] = await db
      .insert(loans)
      .values({ officeId: f.officeId, requesterId: teacher, schoolId: input.schoolId, purpose: 'สอน', place: 'ห้องเรียน', startsOn: input.starts, endsOn: input.ends, state: input.state, submittedAt: input.submitted, decidedAt: input.decided })
      .returning();
    await db.insert(loanLines).values({ officeId: f.officeId, loanId: row!.id, typeId: projector!.id, quantity: 1 });
    for (const out of input.out ?? []) {
      const [handover] = await db.insert(loanHandovers).values({ officeId: f.officeId, loanId: row!.id, handedOverBy: tech, handedOverAt: out.at, condition: 'good' }).returning();
      await db.insert(loanHandoverItems).values({ officeId: f.officeId, handoverId: handover!.id, loanId: row!.id, itemId: out.itemId, returnedAt: out.back });
    }
  };
  // A: หนองบัว, P-1 out 3 March 09:00, back 5 March 15:00 (its last day): on time; 2.25 days out.
  await loan({ schoolId: nongbua, state: 'fulfilled', submitted: at('2027-03-01', '10:00'), decided: at('2027-03-02'), starts: '2027-03-03', ends: '2027-03-05', out: [{ itemId: p1, at: at('2027-03-03'), back: at('2027-03-05', '15:00') }] });
  // B: โคกสูง, due 12 March: P-2 back on 14 March 10:00 (late, 3.04 days out), N-1 never back (late, overdue; 20.6 days out to the end of March).
  await loan({
    schoolId: khoksung,
    state: 'fulfilled',
    submitted: at('2027-03-10'),
    decided: at('2027-03-10', '11:00'),
    starts: '2027-03-11',
    ends: '2027-03-12',
    out: [
      { itemId: p2, at: at('2027-03-11'), back: at('2027-03-14', '10:00') },
      { itemId: n1, at: at('2027-03-11'), back: null },
    ],
  });
  // C: declined in March.
  await loan({ schoolId: nongbua, state: 'declined', submitted: at('2027-03-20'), decided: at('2027-03-21'), starts: '2027-03-25', ends: '2027-03-26' });
  // D: February, for the office itself: N-2 out and back on time.
  await loan({ schoolId: null, state: 'fulfilled', submitted: at('2027-02-20'), decided: at('2027-02-21'), starts: '2027-02-25', ends: '2027-02-26', out: [{ itemId: n2, at: at('2027-02-25'), back: at('2027-02-26', '12:00') }] });

  march = await buildOfficeReport(db, { officeId: f.officeId, period: { kind: 'month', year: 2027, month: 3 }, now: NOW });
  const other = officeFactory(db, 'office-without-loans', 'channel-without-loans');
  await other.channel('สพป.ไม่มีการยืม');
  empty = await buildOfficeReport(db, { officeId: other.officeId, period: { kind: 'month', year: 2027, month: 3 }, now: NOW });
});

afterAll(async () => {
  await closePdfRenderer();
  await database.close();
});

const section = (report: OfficeReport) => report.sections.find((s) => s.id === 'loans');
const figure = (key: string): ReportFigure => section(march)!.figures.find((f) => f.key === key)!;

describe('the loans section of the monthly report', () => {
  it('counts requests, decisions and items handed out, beside February', () => {
    expect(figure('requested')).toMatchObject({ value: 3, previous: 1 });
    expect(figure('approved')).toMatchObject({ value: 2, previous: 1 });
    expect(figure('declined')).toMatchObject({ value: 1, previous: 0 });
    expect(figure('handedOut')).toMatchObject({ value: 3, previous: 1 });
  });

  it('counts what is overdue at the month’s end and the share of items due that came back late', () => {
    expect(figure('overdue')).toMatchObject({ value: 1, previous: 0, better: 'down' });
    expect(figure('lateRate').value).toBeCloseTo(2 / 3);
    expect(figure('lateRate').previous).toBe(0);
    expect(section(march)!.summary.join(' ')).toBe(
      'เดือนมีนาคม 2570 มีคำขอยืม 3 คำขอ ส่งมอบอุปกรณ์ 3 ชิ้น (เดือนกุมภาพันธ์ 2570: 1 ชิ้น) ของที่ครบกำหนดคืน 3 ชิ้น คืนล่าช้าหรือยังไม่คืน 2 ชิ้น (67%) ขณะนี้มีอุปกรณ์ค้างส่งคืนเกินกำหนด 1 ชิ้น',
    );
  });

  it('has loans per type with their use, per school with late returns, and the most used items', () => {
    const [byType, bySchool, topItems] = section(march)!.tables;
    // โน้ตบุ๊ก: N-1 out 20.6 of 31 days, of 2 lendable notebooks; โปรเจกเตอร์: 2.25 + 3.04 days of 3 projectors.
    expect(byType!.rows).toEqual([
      ['โน้ตบุ๊ก', 1, 20.6, '33%'],
      ['โปรเจกเตอร์', 2, 5.3, '6%'],
    ]);
    expect(bySchool!.rows).toEqual([
      ['บ้านโคกสูง', 1, 2, 2],
      ['บ้านหนองบัว', 1, 1, 0],
    ]);
    expect(topItems!.rows.map((r) => r[0])).toEqual(['N-1', 'P-2', 'P-1']);
  });

  it('is left out for an office that has never lent anything', () => {
    expect(section(empty)).toBeUndefined();
  });

  it('is in the PDF', async () => {
    const text = await pdfText(await reportPdf(march));
    expect(text).toContain('งานยืม-คืนอุปกรณ์');
    expect(text).toContain('บ้านโคกสูง');
  });
});

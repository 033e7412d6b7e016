import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { buildOfficeReport, useDefaultMessageBudget } from '../../src/flows/reports/build.ts';
import type { OfficeReport, ReportFigure } from '../../src/reports/model.ts';
import { reportPdf } from '../../src/reports/report-pdf.ts';
import { closePdfRenderer } from '../../src/reports/pdf.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';
import { checkThaiLineBreaks, pdfText, savePdfPagePng } from '../support/pdf.ts';

/**
 * The monthly report from a database filled with known rows: every figure is the one worked out by hand
 * below (office hours 08:30–16:30, Monday–Friday), beside February's for the comparison; the fiscal year
 * 2570 starts on 1 October 2026 and not a minute earlier; a secret letter is counted and nothing else of it
 * reaches the report or its PDF.
 */

const at = (day: string, time = '09:00') => bangkokTime(day, time);
const SECRET_SUBJECT = 'เรื่องลับเฉพาะการสอบคัดเลือก';
const SECRET_DOC_NO = 'ลับ ศธ 9999/123';
const SECRET_FROM = 'หน่วยงานลับพิเศษ';
const TOP_SECRET_DOC_NO = 'ลับที่สุด 777';

let database: Database;
let march: OfficeReport;
const NOW = at('2027-04-05', '10:00');

function figure(report: OfficeReport, section: string, key: string): ReportFigure {
  const found = report.sections.find((s) => s.id === section)?.figures.find((f) => f.key === key);
  if (!found) throw new Error(`no figure ${section}.${key}`);
  return found;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const f = officeFactory(database.db);
  await f.channel('สพป.ทดสอบ เขต 3');
  useDefaultMessageBudget(100);
  const [a, b, c] = [await f.school('บ้านหนองบัว', 'เมือง'), await f.school('บ้านโคกสูง', 'ภูเขียว'), await f.school('บ้านนาดี', 'ภูเขียว')];
  const teacher = (await f.person('ครูสมศรี', 'teacher', { schoolId: a })).id;
  const clerk = (await f.person('ธุรการ', 'saraban_clerk')).id;
  const director = (await f.person('ผอ.เขต', 'area_director')).id;
  const cats = await f.categories();
  const noSignal = cats.get('dltv_no_signal')!.id;
  const receiver = cats.get('dltv_receiver')!.id;
  const base = { reporterId: teacher, categoryId: noSignal };

  // March 2027.
  // 1: accepted after 30 office minutes, resolved after 360, confirmed by the school (never closed), rated 5.
  await f.ticket({ ...base, schoolId: a, createdAt: at('2027-03-02'), status: 'confirmed', acceptedAt: at('2027-03-02', '09:30'), resolvedAt: at('2027-03-02', '15:00'), confirmedAt: at('2027-03-03', '10:00'), acceptDueAt: at('2027-03-02', '10:30'), resolveDueAt: at('2027-03-03', '16:00'), rating: 5 });
  // 2: Friday 16:00 → accepted Monday 09:00 (30 + 30 = 60), late for its 08:45 deadline; resolved Tuesday 10:00
  //    (30 + 480 + 90 = 600); closed on the 12th.
  await f.ticket({ ...base, categoryId: receiver, schoolId: b, createdAt: at('2027-03-05', '16:00'), status: 'closed', acceptedAt: at('2027-03-08', '09:00'), resolvedAt: at('2027-03-09', '10:00'), closedAt: at('2027-03-12', '11:00'), acceptDueAt: at('2027-03-08', '08:45'), resolveDueAt: at('2027-03-10', '16:00') });
  // 3: still new, its accept deadline long past.
  await f.ticket({ ...base, schoolId: b, createdAt: at('2027-03-15'), status: 'new', acceptDueAt: at('2027-03-15', '13:00'), resolveDueAt: at('2027-03-18', '13:00') });
  // February 2027.
  // 4: reported in February, confirmed on 1 March: closed in March, open at the end of February; rated 3.
  await f.ticket({ ...base, schoolId: c, createdAt: at('2027-02-10'), status: 'confirmed', acceptedAt: at('2027-02-10', '09:10'), resolvedAt: at('2027-02-10', '11:00'), confirmedAt: at('2027-03-01', '09:00'), acceptDueAt: at('2027-02-10', '10:00'), resolveDueAt: at('2027-02-11', '11:00'), rating: 3 });
  // 5: cancelled the day it was reported.
  await f.ticket({ ...base, schoolId: a, createdAt: at('2027-02-19', '10:00'), status: 'cancelled', closedAt: at('2027-02-19', '11:00') });
  // 6: waiting for parts since February.
  await f.ticket({ ...base, schoolId: a, createdAt: at('2027-02-25'), status: 'waiting', acceptedAt: at('2027-02-25', '10:00'), acceptDueAt: at('2027-02-25', '13:00'), resolveDueAt: at('2027-03-01', '16:00') });
  // April: after the report's month, open now but not at the end of March.
  await f.ticket({ ...base, schoolId: c, createdAt: at('2027-04-01'), status: 'new' });

  // Letters of March.
  await f.letter({ registeredBy: clerk, registeredAt: at('2027-03-02'), urgency: 'urgent', proposedTo: director, proposedAt: at('2027-03-02', '10:00'), decision: 'approved', decidedBy: director, decidedAt: at('2027-03-02', '14:00') });
  await f.letter({ registeredBy: clerk, registeredAt: at('2027-03-03'), secrecy: 'confidential', subject: SECRET_SUBJECT, docNo: SECRET_DOC_NO, fromName: SECRET_FROM, actBy: '2027-03-10' });
  await f.letter({ registeredBy: clerk, registeredAt: at('2027-03-04'), kind: 'internal', urgency: 'most_urgent', actBy: '2027-03-20', proposedTo: director, proposedAt: at('2027-03-05'), decision: 'ordered', decidedBy: director, decidedAt: at('2027-03-19') });
  await f.letter({ registeredBy: clerk, registeredAt: at('2027-03-05'), subject: 'ขอข้อมูลครุภัณฑ์คอมพิวเตอร์', actBy: '2027-03-12' });
  await f.letter({ register: 'send', registeredBy: clerk, registeredAt: at('2027-03-10') });
  await f.letter({ register: 'send', registeredBy: clerk, registeredAt: at('2027-03-11'), secrecy: 'top_secret', subject: null, docNo: TOP_SECRET_DOC_NO, fromName: null, toName: null });
  await f.letter({ registeredBy: clerk, registeredAt: at('2027-03-12'), status: 'cancelled', cancelledAt: at('2027-03-12', '10:00') });
  // February.
  await f.letter({ registeredBy: clerk, registeredAt: at('2027-02-15') });
  await f.letter({ register: 'send', registeredBy: clerk, registeredAt: at('2027-02-16') });

  // LINE: 3 pushes and a reply in March, 2 pushes in February.
  for (const day of ['2027-03-01', '2027-03-15', '2027-03-31']) await f.sentMessage('push', at(day, '12:00'));
  await f.sentMessage('reply', at('2027-03-15', '12:00'));
  for (const day of ['2027-02-01', '2027-02-28']) await f.sentMessage('push', at(day, '12:00'));

  march = await buildOfficeReport(database.db, { officeId: f.officeId, period: { kind: 'month', year: 2027, month: 3 }, now: NOW });
});

afterAll(async () => {
  await closePdfRenderer();
  await database.close();
});

describe('the monthly report', () => {
  it('of the month still running speaks of this month and the one before', async () => {
    const april = await buildOfficeReport(database.db, { officeId: march.officeId, period: { kind: 'month', year: 2027, month: 4 }, now: NOW });
    expect(april.open).toBe(true);
    expect(april.previousLabel).toBe('เดือนก่อน');
    expect(april.sections.find((s) => s.id === 'repairs')!.summary.join(' ')).toMatch(/^เดือนนี้ มีงานแจ้งซ่อมใหม่/);
  });

  it('has the repairs, saraban and LINE sections, named for its month and the one before', () => {
    expect(march.sections.map((s) => s.id)).toEqual(['repairs', 'saraban', 'line-messages']);
    expect(march.label).toBe('มีนาคม 2570');
    // Read in April: the months are named, not "this month" and "last month".
    expect(march.previousLabel).toBe('เดือนกุมภาพันธ์ 2570');
    expect(march.sections.find((s) => s.id === 'repairs')!.summary.join(' ')).toMatch(/^เดือนมีนาคม 2570 มีงานแจ้งซ่อมใหม่ \d+ งาน \(เดือนกุมภาพันธ์ 2570: \d+ งาน\)/);
    expect(march.open).toBe(false);
    expect(march.officeName).toBe('สพป.ทดสอบ เขต 3');
  });

  it('counts repairs: opened, closed with confirmed ones, open at the month end, beside February', () => {
    expect(figure(march, 'repairs', 'opened')).toMatchObject({ value: 3, previous: 3 });
    // 1 and 4 were confirmed (never closed), 2 was closed; February closed none (4 was confirmed on 1 March).
    expect(figure(march, 'repairs', 'closed')).toMatchObject({ value: 3, previous: 0 });
    // End of March: 3 (new) and 6 (waiting). End of February: 4 (confirmed only on 1 March) and 6.
    expect(figure(march, 'repairs', 'open')).toMatchObject({ value: 2, previous: 2 });
  });

  it('measures repairs in office hours: medians, the share within target, the ratings', () => {
    expect(figure(march, 'repairs', 'medianAccept').value).toBe(45);
    expect(figure(march, 'repairs', 'medianResolve').value).toBe(480);
    // 1 met both targets; 2 was accepted late; 3 is past its accept deadline.
    expect(figure(march, 'repairs', 'withinTarget').value).toBeCloseTo(1 / 3);
    // Closed in March and rated: 5 and 3.
    expect(figure(march, 'repairs', 'satisfaction').value).toBe(4);
    // February: 4 met its targets (accepted in 10 minutes, resolved in under two hours); 6 was accepted in
    // time and its resolve deadline passed while it waited (the clock stopped); 5 was cancelled.
    expect(figure(march, 'repairs', 'withinTarget').previous).toBeCloseTo(1);
  });

  it('breaks repairs down by kind, district and school', () => {
    const repairs = march.sections.find((s) => s.id === 'repairs')!;
    const byDistrict = repairs.tables.find((t) => t.title.includes('อำเภอ'))!;
    expect(byDistrict.rows).toEqual([['ภูเขียว', 2], ['เมือง', 1]]);
    const schools = repairs.tables.find((t) => t.title.includes('โรงเรียน'))!;
    expect(schools.rows).toEqual([[1, 'บ้านโคกสูง', 2], [2, 'บ้านหนองบัว', 1]]);
    const kinds = repairs.tables.find((t) => t.title.includes('ประเภท'))!;
    expect(kinds.rows.map((r) => r[1])).toEqual([2, 1]);
    expect(repairs.charts.map((c) => c.id)).toEqual(['repairs-by-month', 'repairs-by-district', 'repairs-by-kind']);
    // The fiscal year so far: October 2026 to March 2027.
    expect(repairs.charts[0]!.categories).toEqual(['ต.ค. 69', 'พ.ย. 69', 'ธ.ค. 69', 'ม.ค. 70', 'ก.พ. 70', 'มี.ค. 70']);
    expect(repairs.charts[0]!.series[0]!.values).toEqual([0, 0, 0, 0, 3, 3]);
  });

  it('counts letters received and sent, decisions, the time to decide and overdue act-by dates, beside February', () => {
    expect(figure(march, 'saraban', 'received')).toMatchObject({ value: 4, previous: 1 });
    expect(figure(march, 'saraban', 'sent')).toMatchObject({ value: 2, previous: 1 });
    expect(figure(march, 'saraban', 'secret')).toMatchObject({ value: 2, previous: 0 });
    expect(figure(march, 'saraban', 'decided')).toMatchObject({ value: 2, previous: 0 });
    // 10:00 → 14:00 = 240; Friday 5th 09:00 → Friday 19th 09:00 = 10 office days = 4,800; average 2,520.
    expect(figure(march, 'saraban', 'decisionTime').value).toBe(2520);
    // The secret one (due 10th) and the one due the 12th; the most urgent one was decided before its date.
    expect(figure(march, 'saraban', 'overdue')).toMatchObject({ value: 2, previous: 0 });
    const saraban = march.sections.find((s) => s.id === 'saraban')!;
    const overdue = saraban.tables.find((t) => t.title.includes('เลยกำหนด'))!;
    expect(overdue.rows).toEqual([['รับที่ 4/2570', 'ขอข้อมูลครุภัณฑ์คอมพิวเตอร์', '12 มีนาคม 2570', 'รอมอบหมาย']]);
    const urgency = saraban.tables.find((t) => t.title.includes('เร่งด่วน'))!;
    expect(urgency.rows).toEqual([['ปกติ', 2, 2], ['ด่วน', 1, 0], ['ด่วนมาก', 0, 0], ['ด่วนที่สุด', 1, 0]]);
  });

  it('counts the LINE pushes against the budget, and the free replies', () => {
    expect(figure(march, 'line-messages', 'pushes')).toMatchObject({ value: 3, previous: 2 });
    expect(figure(march, 'line-messages', 'budget')).toMatchObject({ value: 100, previous: 100 });
    expect(figure(march, 'line-messages', 'used').value).toBeCloseTo(0.03);
    expect(figure(march, 'line-messages', 'replies')).toMatchObject({ value: 1, previous: 0 });
  });

  it('shows nothing of a secret letter but its count, in the report or its PDF', async () => {
    const json = JSON.stringify(march);
    for (const secret of [SECRET_SUBJECT, SECRET_DOC_NO, SECRET_FROM, TOP_SECRET_DOC_NO]) expect(json).not.toContain(secret);
    const text = await pdfText(await reportPdf(march));
    expect(text).toContain('ขอข้อมูลครุภัณฑ์คอมพิวเตอร์');
    for (const secret of [SECRET_SUBJECT, SECRET_DOC_NO, SECRET_FROM, TOP_SECRET_DOC_NO]) expect(text).not.toContain(secret);
  });

  it('prints a PDF whose Thai lines end between words', async () => {
    const pdf = await reportPdf(march);
    await savePdfPagePng(pdf, 'report-monthly-page1');
    const breaks = await checkThaiLineBreaks(pdf);
    expect(breaks.insideWords).toEqual([]);
    expect(breaks.checked).toBeGreaterThan(5);
  });
});

describe('the fiscal-year report', () => {
  it('starts on 1 October at midnight in Bangkok and compares with the fiscal year before', async () => {
    const db = await createTestDatabase();
    try {
      const f = officeFactory(db.db);
      await f.channel();
      const school = await f.school('บ้านหนองบัว', 'เมือง');
      const teacher = (await f.person('ครู', 'teacher', { schoolId: school })).id;
      const categoryId = (await f.categories()).get('dltv_no_signal')!.id;
      const clerk = (await f.person('ธุรการ', 'saraban_clerk')).id;
      await f.ticket({ schoolId: school, reporterId: teacher, categoryId, createdAt: at('2026-09-30', '23:59') });
      await f.ticket({ schoolId: school, reporterId: teacher, categoryId, createdAt: at('2026-10-01', '00:00') });
      await f.ticket({ schoolId: school, reporterId: teacher, categoryId, createdAt: at('2027-09-30', '23:59') });
      await f.ticket({ schoolId: school, reporterId: teacher, categoryId, createdAt: at('2027-10-01', '00:01') });
      await f.letter({ registeredBy: clerk, registeredAt: at('2026-09-30', '16:00') });
      await f.letter({ registeredBy: clerk, registeredAt: at('2026-10-01', '08:30') });
      const report = await buildOfficeReport(db.db, { officeId: f.officeId, period: { kind: 'fiscalYear', fiscalYear: 2570 }, now: at('2027-10-04') });
      expect(report.label).toBe('ปีงบประมาณ 2570');
      expect(report.previousLabel).toBe('ปีงบประมาณ 2569');
      expect(figure(report, 'repairs', 'opened')).toMatchObject({ value: 2, previous: 1 });
      expect(figure(report, 'saraban', 'received')).toMatchObject({ value: 1, previous: 1 });
      const byMonth = report.sections.find((s) => s.id === 'repairs')!.charts.find((c) => c.id === 'repairs-by-month')!;
      expect(byMonth.categories).toHaveLength(12);
      expect(byMonth.categories[0]).toBe('ต.ค. 69');
      expect(byMonth.series[0]!.values).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    } finally {
      await db.close();
    }
  });
});

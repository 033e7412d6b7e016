import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { runSurveysCommand } from '../../scripts/surveys.ts';
import type { Database } from '../../src/db/database.ts';
import { replaceSchoolRegister } from '../../src/db/repos/dltv-register.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { getResponse, reviewResponse } from '../../src/db/repos/surveys.ts';
import { dltvRegister, officeSettings, people, repairTicketEvents, repairTickets, schools, surveyEvents, surveyForms, surveyResponses, surveyRounds } from '../../src/db/schema.ts';
import type { Answers } from '../../src/domain/surveys/answers.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { readXlsx } from '../../src/reports/xlsx.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory, type OfficeFactory } from '../support/factories.ts';

let database: Database;
const OFFICE = DEFAULT_OFFICE_ID;
const NOW = new Date('2026-12-07T03:00:00Z'); // fiscal year 2570

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  for (const table of [dltvRegister, surveyEvents, surveyResponses, surveyRounds, surveyForms, repairTicketEvents, repairTickets, officeSettings, people, schools]) await database.db.delete(table);
});

const template = (file: string) => JSON.parse(readFileSync(new URL(`../../scripts/surveys/${file}`, import.meta.url), 'utf8'));

/** A school with its SMIS code and director, who submits `answers` for it. */
async function answeringSchool(f: OfficeFactory, name: string, district: string, smis: string) {
  const id = await f.school(name, district);
  await database.db.update(schools).set({ smisCode: smis }).where(eq(schools.id, id));
  const director = await f.person(`ผอ.${name}`, 'school_director', { schoolId: id });
  return {
    id,
    submit: (roundId: number, answers: Answers) => f.submittedResponse(roundId, id, director.id, answers, NOW),
  };
}

async function command(args: string[]) {
  const lines: string[] = [];
  const written = new Map<string, string | Buffer>();
  const code = await runSurveysCommand(
    database.db,
    OFFICE,
    args,
    { out: (l) => lines.push(l), readFile: async () => '', writeFile: async (p, content) => void written.set(p, content) },
    NOW,
  );
  return { code, out: lines.join('\n'), written };
}

describe('the computer needs of a round, ranked into the procurement plan', () => {
  it('ranks the submitted needs on the office\'s weights and exports the plan (CSV and Excel, Thai headers, school code and district)', async () => {
    const f = officeFactory(database.db);
    const { roundId } = await f.surveyRound(template('computer-needs.json'), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: NOW });
    const town = await answeringSchool(f, 'โรงเรียนบ้านเมือง', 'เมือง', '34010001');
    const field = await answeringSchool(f, 'โรงเรียนบ้านนา', 'นาดี', '34010002');
    const rejected = await answeringSchool(f, 'โรงเรียนบ้านซ้ำ', 'นาดี', '34010003');
    const row = (item: string, category: string, quantity: number, urgency: string, use: string, unitPrice: number | null) => ({ item, category, quantity, unit_price: unitPrice, urgency, use, reason: 'ชำรุด' });
    await town.submit(roundId, { pupils: 100, computers_working: 5, needs: [row('คอมพิวเตอร์ห้องเรียน', 'desktop', 10, 'high', 'teaching', 20000), row('เครื่องพิมพ์', 'printer', 1, 'low', 'admin', null)] });
    await field.submit(roundId, { pupils: 200, computers_working: 0, needs: [row('แท็บเล็ต', 'tablet', 20, 'medium', 'teaching', 8000)] });
    const rejectedId = await rejected.submit(roundId, { pupils: 10, computers_working: 0, needs: [row('ซ้ำ', 'other', 1, 'high', 'teaching', null)] });
    const submitted = (await getResponse(database.db, roundId, `school:${rejected.id}`))!;
    await reviewResponse(database.db, { officeId: OFFICE, responseId: rejectedId, expectedVersion: submitted.version, decision: 'reject', note: null, reviewerId: (await f.person('เจ้าหน้าที่', 'technician')).id }, NOW);

    // Shortage counts most in this office: the school with no computer comes first.
    await saveOfficeSettings(database.db, OFFICE, { surveys: { needsRanking: { weights: { urgency: 1, teaching: 0, shortage: 3 } } } }, NOW);
    const { code, out, written } = await command(['ranking', String(roundId), '--csv=plan.csv', '--xlsx=plan.xlsx']);
    expect(code).toBe(0);
    expect(out).toContain('แผนจัดหาครุภัณฑ์คอมพิวเตอร์ ปีงบประมาณ 2571');
    expect(out).toContain('3 รายการ จาก 2 โรงเรียน งบประมาณโดยประมาณ 360,000 บาท');
    expect(out).toContain('1. [87.5] โรงเรียนบ้านนา (นาดี) แท็บเล็ต ×20 · เร่งด่วน');
    expect(out).toContain('2. [62.5] โรงเรียนบ้านเมือง (เมือง) คอมพิวเตอร์ห้องเรียน ×10 · เร่งด่วนมาก');
    expect(out).not.toContain('ซ้ำ');

    const csv = written.get('plan.csv') as string;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('ลำดับ,คะแนน,รหัสโรงเรียน,โรงเรียน,อำเภอ,รายการ,ประเภท,จำนวน,ราคาต่อหน่วย (บาท),รวมเงิน (บาท),ความเร่งด่วน,ใช้เพื่อ,เหตุผลความจำเป็น');
    expect(lines.slice(1)).toEqual([
      '1,87.5,34010002,โรงเรียนบ้านนา,นาดี,แท็บเล็ต,แท็บเล็ต,20,8000,160000,เร่งด่วน,การเรียนการสอน,ชำรุด',
      '2,62.5,34010001,โรงเรียนบ้านเมือง,เมือง,คอมพิวเตอร์ห้องเรียน,คอมพิวเตอร์ตั้งโต๊ะ,10,20000,200000,เร่งด่วนมาก,การเรียนการสอน,ชำรุด',
      '3,37.5,34010001,โรงเรียนบ้านเมือง,เมือง,เครื่องพิมพ์,เครื่องพิมพ์,1,,,ไม่เร่งด่วน,งานบริหาร/ธุรการ,ชำรุด',
    ]);
    const [sheet, byType] = await readXlsx(written.get('plan.xlsx') as Buffer);
    expect(sheet!.name).toBe('แผนจัดหา 2571');
    expect(sheet!.rows[1]!.slice(0, 5)).toEqual([1, 87.5, '34010002', 'โรงเรียนบ้านนา', 'นาดี']);
    expect(byType!.rows).toEqual([
      ['ประเภท', 'จำนวนรวม', 'งบประมาณโดยประมาณ (บาท)', 'จำนวนโรงเรียน'],
      ['แท็บเล็ต', 20, 160000, 1],
      ['คอมพิวเตอร์ตั้งโต๊ะ', 10, 200000, 1],
      ['เครื่องพิมพ์', 1, 0, 1],
    ]);

    // The plan's fiscal year can be named.
    expect((await command(['ranking', String(roundId), '--fiscal-year=2572'])).out).toContain('ปีงบประมาณ 2572');
  });

  it('refuses a round of another form, an unknown round and bad usage', async () => {
    const f = officeFactory(database.db);
    const { roundId } = await f.surveyRound(template('internet-check.json'), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: NOW });
    expect((await command(['ranking', String(roundId)])).code).toBe(1);
    expect((await command(['ranking', '999'])).out).toContain('ไม่พบรอบสำรวจ #999');
    expect((await command(['ranking', String(roundId), '--fiscal-year=70'])).code).toBe(2);
    expect((await command(['ranking', String(roundId), '--pdf=x'])).code).toBe(2);
  });
});

describe('the DLTV replacement and repair needs of a round, against the allocation criteria', () => {
  it('lists the schools by need, eligible first, with the open DLTV repair tickets of each, and exports the list', async () => {
    const f = officeFactory(database.db);
    const { roundId } = await f.surveyRound(template('dltv-repair.json'), { audience: 'school_directors', closesOn: '2026-12-31', opensAt: NOW });
    const small = await answeringSchool(f, 'โรงเรียนบ้านเล็ก', 'เมือง', '34010011');
    const big = await answeringSchool(f, 'โรงเรียนบ้านใหญ่', 'นาดี', '34010012');
    const item = (equipment: string, action: string, quantity: number) => ({ equipment, action, quantity, problem: 'เสีย' });
    const smallResponse = await small.submit(roundId, { pupils: 80, merger_planned: false, received_before: true, last_received_year: 2566, outage_percent: 5, items: [item('receiver', 'replace', 2), item('tv', 'repair', 1)] });
    await big.submit(roundId, { pupils: 300, merger_planned: false, received_before: false, outage_percent: 5, items: [item('dish', 'replace', 4)] });
    const categories = await f.categories();
    const reporter = (await f.person('ครูผู้แจ้ง', 'teacher', { schoolId: small.id })).id;
    // The small school's DLTV register (template 2): two classrooms, a receiver broken in one.
    const room = (classroom: string, receiver: 'good' | 'broken') => ({ classroom, note: null, dish: 'good' as const, lnb: 'good' as const, receiver, tv: 'good' as const });
    await replaceSchoolRegister(database.db, { officeId: OFFICE, schoolId: small.id, responseId: smallResponse, personId: reporter, entries: [room('ป.1', 'broken'), room('ป.2', 'good')] }, NOW);
    await f.ticket({ schoolId: small.id, categoryId: categories.get('dltv_no_signal')!.id, reporterId: reporter, createdAt: NOW, status: 'accepted' });
    await f.ticket({ schoolId: small.id, categoryId: categories.get('dltv_tv')!.id, reporterId: reporter, createdAt: NOW, status: 'closed' });
    await f.ticket({ schoolId: small.id, categoryId: categories.get('computer_pc')!.id, reporterId: reporter, createdAt: NOW, status: 'new' });

    const { code, out, written } = await command(['ranking', String(roundId), '--csv=dltv.csv']);
    expect(code).toBe(0);
    expect(out).toContain('เกณฑ์: นักเรียน 50–120 คน · ไม่อยู่ในแผนควบรวม · ไม่ได้รับอุปกรณ์ใน 3 ปีงบประมาณที่ผ่านมา · ไฟฟ้าดับต่ำกว่า 20% ของเวลาสอน');
    expect(out).toContain('เข้าเกณฑ์ 1 จาก 2 โรงเรียนที่ตอบ');
    expect(out).toMatch(/1\. เข้าเกณฑ์ โรงเรียนบ้านเล็ก \(เมือง\) ทดแทน 2 ซ่อม 1 · งานซ่อมค้าง ซ่อม 2570\/\d{4} · ทะเบียน 2 ห้อง · เสีย 1 \(สำรวจ 7 ธันวาคม 2569\)\n/);
    expect(out).toContain('2. ไม่เข้าเกณฑ์ (นักเรียน 300 คน (เกณฑ์ 50–120 คน)) โรงเรียนบ้านใหญ่ (นาดี) ทดแทน 4 ซ่อม 0 · ทะเบียน ไม่มีในทะเบียน');
    const lines = (written.get('dltv.csv') as string).slice(1).trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 5)).toEqual(['ลำดับ', 'รหัสโรงเรียน', 'โรงเรียน', 'อำเภอ', 'เข้าเกณฑ์']);
    expect(lines[1]).toMatch(/^1,34010011,โรงเรียนบ้านเล็ก,เมือง,เข้าเกณฑ์,,80,ไม่อยู่ในแผน,2566,5,กล่องรับสัญญาณ ×2,โทรทัศน์ ×1,2,1,ซ่อม 2570\/\d{4} ไม่มีสัญญาณ,2 ห้อง · เสีย 1 \(สำรวจ 7 ธันวาคม 2569\)$/);
    expect(lines[2]!.endsWith(',ไม่มีในทะเบียน')).toBe(true);

    // The office widens the pupils rule: both are in.
    await saveOfficeSettings(database.db, OFFICE, { surveys: { dltvEligibility: { pupils: { min: 0, max: 500 } } } }, NOW);
    expect((await command(['ranking', String(roundId)])).out).toContain('เข้าเกณฑ์ 2 จาก 2 โรงเรียนที่ตอบ');
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { historyOf } from '../../src/db/repos/history.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import { findItemByAssetTag } from '../../src/db/repos/loan-desk.ts';
import { deskLoanItems, insertHandover } from '../../src/db/repos/loan-handover.ts';
import { createLoan, getLoan, loanReservedItems, updateLoan } from '../../src/db/repos/loans.ts';
import { people as peopleTable, schools } from '../../src/db/schema.ts';
import { DEMO_INVENTORY_CSV } from '../../src/flows/loans/demo.ts';
import { importInventoryCsv } from '../../src/flows/loans/inventory-csv.ts';
import { runNoShowRelease, runReturnReminders } from '../../src/flows/loans-desk/jobs.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { liffPeople } from '../support/liff.ts';
import { testClock } from '../support/test-clock.ts';
import { startTestService } from '../support/service.ts';

/**
 * Return reminders and ขอขยายเวลา, on a real PostgreSQL through the emulator, the sweep run as its job would: the
 * borrower is reminded the office day before the due date (a holiday moves it) and on it, all their loans in one
 * message; while overdue every 2 office days; after 3 office days overdue the approver and the school's director are
 * told, once. An extension asked for days when another loan holds the item is refused at once; otherwise the
 * approver decides, the first answer counts, and the loan's new last day starts a new clock.
 */

// Friday 7 May 2027 is the due date; Thursday the 6th is a holiday.
const clock = testClock('2027-05-03', '09:00');
let service: RunningService;
let people: ReturnType<typeof liffPeople>;
let chat: ReturnType<typeof chatDriver>;
const who: Record<string, { userId: string; personId: number }> = {};
let loan1 = 0;
let loan2 = 0;
let loan3 = 0;

async function handedOverLoan(requesterId: number, schoolId: number, itemTag: string, startsOn: string, endsOn: string, handOver = true): Promise<number> {
  const db = service.database.db;
  const item = (await findItemByAssetTag(db, DEFAULT_OFFICE_ID, itemTag))!;
  const created = await createLoan(db, { officeId: DEFAULT_OFFICE_ID, requesterId, schoolId, purpose: 'สอนออนไลน์', place: 'ห้องเรียน ป.6', startsOn, endsOn, needsEndorsement: false, lines: [{ target: { kind: 'item', id: item.id }, quantity: 1 }] }, clock.now());
  if (!created.ok) throw new Error('item taken');
  await updateLoan(db, DEFAULT_OFFICE_ID, created.loanId, 1, { state: handOver ? 'fulfilled' : 'approved', decidedBy: who.approver!.personId, decidedAt: clock.now() }, clock.now());
  if (handOver) {
    const items = await deskLoanItems(db, DEFAULT_OFFICE_ID, created.loanId);
    await insertHandover(db, { officeId: DEFAULT_OFFICE_ID, loanId: created.loanId, handedOverBy: who.tech!.personId, at: clock.now(), condition: 'good', photoMediaId: null, itemIds: items.map((i) => i.itemId) });
  }
  return created.loanId;
}

const remind = async (day: string, time: string) => {
  const now = clock.set(day, time);
  const marked = await runReturnReminders(service.database, now);
  await chat.settle();
  return marked;
};

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  people = liffPeople(service, clock.now);
  chat = chatDriver(service);
  const db = service.database.db;
  await loadDemoSchools(service);
  await importInventoryCsv(db, DEFAULT_OFFICE_ID, await readFile(DEMO_INVENTORY_CSV, 'utf8'), clock.now());
  await upsertHolidays(db, DEFAULT_OFFICE_ID, [{ date: '2027-05-06', name: 'วันหยุดทดสอบ' }]);
  who.tech = await people.add('ช่างสมชาย', 'technician');
  who.teacher = await people.add('ครูสมใจ', 'teacher');
  who.other = await people.add('ครูสมปอง', 'teacher');
  who.approver = await people.add('ผอ.กลุ่มสมศักดิ์', 'group_director');
  who.director = await people.add('ผอ.โรงเรียนสมหมาย', 'school_director');
  const [school] = await db.select({ id: schools.id }).from(schools).where(eq(schools.name, 'โรงเรียนบ้านหนองบัวทอง'));
  for (const key of ['teacher', 'other', 'director']) await db.update(peopleTable).set({ schoolId: school!.id }).where(eq(peopleTable.id, who[key]!.personId));
  loan1 = await handedOverLoan(who.teacher.personId, school!.id, 'DEMO-PJ-001', '2027-05-03', '2027-05-07');
  loan2 = await handedOverLoan(who.teacher.personId, school!.id, 'DEMO-NB-001', '2027-05-03', '2027-05-07');
  // Someone else has the same projector from Tuesday the 11th.
  loan3 = await handedOverLoan(who.other.personId, school!.id, 'DEMO-PJ-001', '2027-05-11', '2027-05-12', false);
}, 60_000);

afterAll(async () => {
  await service.stop();
});

describe('return reminders', () => {
  it('on the office day before the due date (Wednesday: Thursday is a holiday), from opening, both loans in one message', async () => {
    expect(await remind('2027-05-04', '09:00')).toBe(0);
    expect(await remind('2027-05-05', '08:00')).toBe(0);
    expect(await remind('2027-05-05', '08:45')).toBe(1);
    const told = await chat.inbox(who.teacher!.userId);
    expect(told.entries).toHaveLength(1);
    expect(told.entries[0]!.via).toBe('push');
    expect(told.text).toContain(`การยืมเลขที่ ${loan1} (DEMO-PJ-001) ครบกำหนดคืน 7 พฤษภาคม 2570`);
    expect(told.text).toContain(`การยืมเลขที่ ${loan2} (DEMO-NB-001) ครบกำหนดคืน 7 พฤษภาคม 2570`);
    // Once: the next run of the day finds it done; the holiday has none.
    expect(await remind('2027-05-05', '14:00')).toBe(0);
    expect(await remind('2027-05-06', '10:00')).toBe(0);
    expect((await chat.inbox(who.teacher!.userId)).text).toBe('');
  });

  it('on the due date', async () => {
    expect(await remind('2027-05-07', '08:30')).toBe(1);
    const told = await chat.inbox(who.teacher!.userId);
    expect(told.text).toContain(`การยืมเลขที่ ${loan1} (DEMO-PJ-001) ครบกำหนดคืนวันนี้ 7 พฤษภาคม 2570`);
    // ขอขยายเวลา is a card's button: a quick reply would be gone from the phone once another push follows.
    expect(told.entries[0]!.message.type).toBe('flex');
    expect(told.entries[0]!.message.quickReply).toBeUndefined();
    expect(dataOf(told.entries, `ขอขยายเวลา #${loan1}`)).toMatch(/ld:extend/);
  });
});

describe('ขอขยายเวลา', () => {
  it('is refused at once for days when another loan holds the item', async () => {
    const reminder = (await chat.emulator.conversation(who.teacher!.userId)).entries.filter((e) => e.direction === 'bot');
    const ask = await chat.tapData(who.teacher!.userId, dataOf(reminder.slice(-1), `ขอขยายเวลา #${loan1}`));
    expect(ask.text).toContain('ขยายถึงวันไหนคะ');
    const pick = dataOf(ask.entries, 'เลือกวันคืนใหม่');
    const refused = await chat.tapIn(who.teacher!.userId, ask.entries, 'เลือกวันคืนใหม่', { date: '2027-05-11' });
    expect(refused.text).toContain('มีผู้จองต่อในช่วงนั้นแล้ว');
    expect(pick).toBeTruthy();
    expect((await chat.inbox(who.approver!.userId)).text).toBe('');
  });

  it('goes to the approver, whose first answer counts; the loan runs to its new last day', async () => {
    const reminder = (await chat.emulator.conversation(who.teacher!.userId)).entries.filter((e) => e.direction === 'bot' && JSON.stringify(e.message).includes('ขอขยายเวลา #'));
    const ask = await chat.tapData(who.teacher!.userId, dataOf(reminder.slice(-1), `ขอขยายเวลา #${loan1}`));
    const sent = await chat.tapIn(who.teacher!.userId, ask.entries, 'เลือกวันคืนใหม่', { date: '2027-05-10' });
    expect(sent.text).toBe('ส่งคำขอขยายเวลาถึง 10 พฤษภาคม 2570 ให้ผู้อนุมัติแล้วค่ะ จะแจ้งผลให้ทราบนะคะ');
    const asked = await chat.inbox(who.approver!.userId);
    expect(asked.text).toContain(`ขอขยายเวลาการยืมเลขที่ ${loan1} ของ ครูสมใจ (โรงเรียนบ้านหนองบัวทอง)`);
    // Not the approver: refused.
    expect((await chat.tapData(who.tech!.userId, dataOf(asked.entries, 'อนุมัติ'))).text).toBe('ขออภัยค่ะ คุณไม่ใช่ผู้อนุมัติการยืมนี้');
    // It waits in รายการรออนุมัติ too, with the same answers.
    const pending = await chat.say(who.approver!.userId, 'รายการรออนุมัติ');
    expect(pending.text).toContain('คำขอขยายเวลายืมอุปกรณ์รออนุมัติ 1 รายการ');
    expect(JSON.stringify(pending.entries.map((e) => e.message))).toContain('กำหนดคืน 7 พฤษภาคม 2570 → 10 พฤษภาคม 2570');
    const approved = await chat.tapData(who.approver!.userId, dataOf(pending.entries, 'อนุมัติ'));
    expect(approved.text).toBe(`อนุมัติขยายเวลาการยืมเลขที่ ${loan1} ถึง 10 พฤษภาคม 2570 แล้วค่ะ`);
    expect((await chat.tapData(who.approver!.userId, dataOf(asked.entries, 'ไม่อนุมัติ'))).text).toContain('ปุ่มนี้ใช้ไม่ได้แล้ว');
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loan1))!.endsOn).toBe('2027-05-10');
    expect((await chat.say(who.approver!.userId, 'รายการรออนุมัติ')).text).not.toContain('ขยายเวลา');
    expect((await chat.inbox(who.teacher!.userId)).text).toBe(`ขยายเวลาการยืมเลขที่ ${loan1} ได้ค่ะ กำหนดคืนใหม่ 10 พฤษภาคม 2570`);
    // Someone else's loan: not theirs to extend.
    expect((await chat.tapData(who.other!.userId, dataOf(reminder.slice(-1), `ขอขยายเวลา #${loan2}`))).text).toBe('รายการนี้ไม่ใช่การยืมของคุณค่ะ');
  });
});

describe('overdue', () => {
  it('reminds every 2 office days, the extended loan on its own clock, both in one message', async () => {
    // Monday the 10th: the extended loan is due today; the other one is one office day overdue (no reminder yet).
    expect(await remind('2027-05-10', '09:00')).toBe(1);
    let told = await chat.inbox(who.teacher!.userId);
    expect(told.text).toContain(`การยืมเลขที่ ${loan1} (DEMO-PJ-001) ครบกำหนดคืนวันนี้ 10 พฤษภาคม 2570`);
    expect(told.text).not.toContain(`การยืมเลขที่ ${loan2}`);
    // Tuesday the 11th: two office days overdue.
    expect(await remind('2027-05-11', '09:00')).toBe(1);
    told = await chat.inbox(who.teacher!.userId);
    expect(told.text).toContain(`การยืมเลขที่ ${loan2} (DEMO-NB-001) เกินกำหนดคืนแล้ว (กำหนดคืน 7 พฤษภาคม 2570)`);
    expect(told.entries).toHaveLength(1);
  });

  it('after 3 office days overdue tells the approver and the school director, once', async () => {
    expect(await remind('2027-05-12', '09:00')).toBe(1);
    for (const key of ['approver', 'director']) {
      const told = await chat.inbox(who[key]!.userId);
      expect(told.text).toContain(`การยืมเลขที่ ${loan2} ของ ครูสมใจ (โรงเรียนบ้านหนองบัวทอง) เกินกำหนดคืนตั้งแต่ 7 พฤษภาคม 2570 ยังไม่ได้คืน: DEMO-NB-001`);
    }
    expect(await remind('2027-05-12', '15:00')).toBe(0);
    expect((await chat.inbox(who.approver!.userId)).text).toBe('');
    const marks = await historyOf(service.database.db, 'loan', loan2, 'return_reminded');
    expect(marks.map((m) => m.data.mark)).toEqual(['before', 'due', 'overdue:1', 'escalate']);
    // Nobody else was told.
    expect((await chat.inbox(who.other!.userId)).text).toBe('');
  });
});

describe('a loan not picked up', () => {
  it('is released at the close of its first office day, its items let go and the borrower told once', async () => {
    const noShow = await handedOverLoan(who.other!.personId, (await getLoan(service.database.db, DEFAULT_OFFICE_ID, loan1))!.schoolId!, 'DEMO-CM-001', '2027-05-14', '2027-05-14', false);
    await chat.inbox(who.other!.userId);
    // The projector booked from Tuesday the 11th was never picked up: released at the first run after its first day.
    expect(await runNoShowRelease(service.database, clock.set('2027-05-13', '16:45'))).toBe(1);
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loan3))!.state).toBe('expired');
    await chat.settle();
    await chat.inbox(who.other!.userId);
    // Friday the 14th, its first day: not yet at 16:00, released from 16:30 (8 office hours after opening).
    expect(await runNoShowRelease(service.database, clock.set('2027-05-14', '16:00'))).toBe(0);
    expect(await runNoShowRelease(service.database, clock.set('2027-05-14', '16:30'))).toBe(1);
    await chat.settle();
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, noShow))!.state).toBe('expired');
    expect(await loanReservedItems(service.database.db, DEFAULT_OFFICE_ID, noShow)).toEqual([]);
    expect((await chat.inbox(who.other!.userId)).text).toContain(`การยืมเลขที่ ${noShow} (เริ่ม 14 พฤษภาคม 2570) ไม่ได้มารับอุปกรณ์ตามเวลา`);
    expect(await runNoShowRelease(service.database, clock.set('2027-05-14', '17:00'))).toBe(0);
    // A loan handed over is never released (loan 1 went out before its first day ended).
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loan1))!.state).toBe('fulfilled');
  });
});

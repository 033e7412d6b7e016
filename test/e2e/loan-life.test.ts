import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { historyOf } from '../../src/db/repos/history.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import { findItemByAssetTag } from '../../src/db/repos/loan-desk.ts';
import { deskLoanItems } from '../../src/db/repos/loan-handover.ts';
import { createLoan, getLoan, listBorrowableTypes, updateLoan } from '../../src/db/repos/loans.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { getTicket } from '../../src/db/repos/repair-tickets.ts';
import { loanHandoverItems, loans, outboxMessages } from '../../src/db/schema.ts';
import { loanLabels as L, loanTexts as T } from '../../src/flows/loans/messages.ts';
import { runReturnReminders } from '../../src/flows/loans-desk/jobs.ts';
import { buttonLabel, schoolButtonLabel } from '../../src/kit/steps.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService, type ConversationEntry } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * The whole life of one loan through the emulator, as issue 11 tells it: a teacher asks for two projectors on
 * days when only one is free and takes the nearest dates offered; the school director endorses (the office wants
 * it), the group director approves; on the day before it starts a technician hands both over, one picked by its
 * typed ครุภัณฑ์ number, the other by its QR label's link; the teacher confirms receipt; the due reminder comes on
 * the office day before the due date, a holiday skipped; the teacher asks for more days and the approver agrees;
 * the projectors come back, one damaged, and one tap opens a repair ticket for the office's own equipment, which
 * the technicians' งานใหม่ lists. Every person hears what is theirs, once.
 */

// Monday 1 March 2027. The loan runs Tuesday 9 – Friday 12 March; Thursday the 11th is a holiday.
const clock = testClock('2027-03-01', '09:00');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { teacher: '', director: '', group: '', tech: '' };
let loanId = 0;
const TYPE = 'เครื่องฉายตลอดชีวิต';

const cardsText = (entries: ConversationEntry[]) => JSON.stringify(entries.map((e) => e.message));
const vias = (entries: ConversationEntry[]) => entries.map((e) => e.via);

/** The data of a button on the card of the loan (the desk's list is a carousel of loan cards). */
function onCard(entries: ConversationEntry[], id: number, label: string): string {
  const bubbles = entries.flatMap((e) => {
    const contents = (e.message as { contents?: { type?: string; contents?: unknown[] } }).contents;
    return contents?.type === 'carousel' ? (contents.contents ?? []) : contents ? [contents] : [];
  });
  const bubble = bubbles.find((b) => JSON.stringify(b).includes(`"การยืมเลขที่ ${id}"`));
  if (!bubble) throw new Error(`no card of loan ${id}`);
  return dataOf([{ message: bubble } as unknown as ConversationEntry], label);
}

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  const db = service.database.db;
  await saveOfficeSettings(db, DEFAULT_OFFICE_ID, { loans: { schoolDirectorEndorsement: true } }, clock.now());
  await upsertHolidays(db, DEFAULT_OFFICE_ID, [{ date: '2027-03-11', name: 'วันหยุดทดสอบ' }]);
  const f = officeFactory(db);
  for (const tag of ['LIFE-PJ-1', 'LIFE-PJ-2']) await f.loanItem(tag, TYPE, 'projector');
  const type = (await listBorrowableTypes(db, DEFAULT_OFFICE_ID)).find((t) => t.name === TYPE)!.target;

  u.teacher = await chat.registerTeacher('ครูชีวิต ยืมครบ');
  const teacher = await chat.personOf(u.teacher);
  for (const [key, name, role, schoolId] of [
    ['director', 'ผอ.โรงเรียน รับรอง', 'school_director', teacher.schoolId],
    ['group', 'ผอ.กลุ่ม อนุมัติ', 'group_director', null],
    ['tech', 'ช่าง ส่งมอบ', 'technician', null],
  ] as const) {
    u[key] = await chat.newUser(name);
    await f.person(name, role, { lineUserId: u[key], schoolId });
  }
  // Someone else holds one of the two projectors on Monday the 8th.
  const holder = await f.person('ครูผู้จองก่อน', 'teacher', { lineUserId: null, schoolId: teacher.schoolId });
  const made = await createLoan(db, { officeId: DEFAULT_OFFICE_ID, requesterId: holder.id, schoolId: null, purpose: 'อบรม', place: 'โรงเรียน', startsOn: '2027-03-08', endsOn: '2027-03-08', needsEndorsement: false, lines: [{ target: type, quantity: 1 }] }, clock.now());
  if (!made.ok) throw new Error('setup');
  await updateLoan(db, DEFAULT_OFFICE_ID, made.loanId, 1, { state: 'approved' }, clock.now());
}, 180_000);
afterAll(async () => service.stop());

describe('the life of a loan', () => {
  it('goes from the request to the repair ticket of a damaged projector, everyone told once', async () => {
    const db = service.database.db;
    const teacher = await chat.personOf(u.teacher);

    // ── The request: two projectors Monday 8 – Thursday 11; only one is free on the 8th. ──
    await chat.say(u.teacher, MENU_COMMANDS.borrowEquipment);
    const many = await chat.say(u.teacher, 'เครื่องฉาย');
    expect(many.text).toContain(T.howMany(TYPE, 2));
    const from = await chat.tap(u.teacher, '2');
    const to = await chat.tapIn(u.teacher, from.entries, L.from, { date: '2027-03-08' });
    const short = await chat.tapIn(u.teacher, to.entries, L.to, { date: '2027-03-11' });
    expect(short.text).toContain(T.notEnough(TYPE, 2, 1, '2027-03-08', '2027-03-11'));
    expect(short.labels).toContain(L.range('2027-03-09', '2027-03-12'));
    await chat.tap(u.teacher, L.range('2027-03-09', '2027-03-12'));
    await chat.say(u.teacher, 'สอนวิทยาศาสตร์ด้วยสื่อ');
    await chat.say(u.teacher, 'ห้องวิทยาศาสตร์');
    const summary = await chat.tap(u.teacher, buttonLabel(schoolButtonLabel(teacher.schoolName!)));
    const sent = await chat.tapIn(u.teacher, summary.entries, L.send);
    expect(sent.text).toContain(T.sent(true));
    const [row] = await db.select().from(loans).where(eq(loans.requesterId, teacher.id));
    expect(row).toMatchObject({ state: 'submitted', startsOn: '2027-03-09', endsOn: '2027-03-12', needsEndorsement: true });
    loanId = row!.id;

    // ── The school director endorses; only then does the group director hear of it. ──
    const endorseCard = await chat.inbox(u.director);
    expect(vias(endorseCard.entries)).toEqual(['push', 'push']);
    expect(endorseCard.text).toContain(T.toDecide(loanId, 'ครูชีวิต ยืมครบ', true));
    expect((await chat.inbox(u.group)).entries).toHaveLength(0);
    clock.set('2027-03-01', '10:00');
    expect((await chat.tapIn(u.director, endorseCard.entries, L.endorse)).text).toContain(T.decided(L.endorse, loanId));
    expect((await chat.inbox(u.teacher)).entries).toHaveLength(0);

    // ── The group director approves from the pushed card. ──
    const approveCard = await chat.inbox(u.group);
    expect(vias(approveCard.entries)).toEqual(['push', 'push']);
    expect(approveCard.text).toContain(T.toDecide(loanId, 'ครูชีวิต ยืมครบ', false));
    clock.set('2027-03-01', '11:00');
    expect((await chat.tapIn(u.group, approveCard.entries, L.approve)).text).toContain(T.decided(L.approve, loanId));
    expect(await getLoan(db, DEFAULT_OFFICE_ID, loanId)).toMatchObject({ state: 'approved' });
    const approvedNote = await chat.inbox(u.teacher);
    expect(vias(approvedNote.entries)).toEqual(['push', 'push']);
    expect(approvedNote.text).toContain('อนุมัติแล้ว');
    // Tapped again: answered, not decided twice, nobody told again.
    await chat.tapIn(u.group, approveCard.entries, L.approve);
    expect((await historyOf(db, 'loan', loanId, 'approved')).length).toBe(1);
    expect((await chat.inbox(u.teacher)).entries).toHaveLength(0);
    expect((await chat.inbox(u.director)).entries).toHaveLength(0);

    // ── Tuesday the 9th, the first day: the technician hands both over, by ครุภัณฑ์ number and by QR link. ──
    clock.set('2027-03-09', '09:00');
    const desk = await chat.say(u.tech, MENU_COMMANDS.equipmentLoans);
    expect(cardsText(desk.entries)).toContain(`การยืมเลขที่ ${loanId}`);
    await chat.tapData(u.tech, onCard(desk.entries, loanId, 'ส่งมอบ'));
    expect((await chat.say(u.tech, 'life-pj-1')).labels[0]).toBe('✓ LIFE-PJ-1');
    const pj2 = (await findItemByAssetTag(db, DEFAULT_OFFICE_ID, 'LIFE-PJ-2'))!;
    // What LINE's camera reads off the item's QR label: the link of its page.
    const scanned = await chat.say(u.tech, `${service.url}/liff/loan-items/${pj2.id}`);
    expect(scanned.labels.slice(0, 2)).toEqual(['✓ LIFE-PJ-1', '✓ LIFE-PJ-2']);
    await chat.tap(u.tech, 'เสร็จ');
    await chat.tap(u.tech, 'ดี');
    const handed = await chat.tap(u.tech, 'ข้ามรูป');
    expect(handed.text).toBe('บันทึกการส่งมอบ 2 รายการให้ ครูชีวิต ยืมครบ แล้วค่ะ ส่งปุ่มยืนยันรับของให้ผู้ยืมแล้ว');
    expect(await getLoan(db, DEFAULT_OFFICE_ID, loanId)).toMatchObject({ state: 'fulfilled' });

    // ── The teacher confirms receipt with the pushed button, once. ──
    const receiptCard = await chat.inbox(u.teacher);
    expect(vias(receiptCard.entries)).toEqual(['push']);
    expect(cardsText(receiptCard.entries)).toContain('กำหนดคืน: 12 มีนาคม 2570');
    expect((await chat.tapIn(u.teacher, receiptCard.entries, 'ได้รับของแล้ว')).text).toBe('บันทึกการรับของแล้วค่ะ ขอบคุณค่ะ');
    expect((await chat.tapIn(u.teacher, receiptCard.entries, 'ได้รับของแล้ว')).text).toBe('ยืนยันรับของรายการนี้ไปแล้วค่ะ');
    // Her ยืมอุปกรณ์ tile shows the loan out, and by which day it goes back.
    expect(cardsText((await chat.say(u.teacher, MENU_COMMANDS.borrowEquipment)).entries)).toContain('คืนอุปกรณ์ที่กลุ่มงาน ICT ภายใน 12 มีนาคม 2570');
    await chat.say(u.teacher, 'ยกเลิก');

    // ── The due reminder: due Friday the 12th, Thursday is a holiday, so Wednesday from the office's opening. ──
    const remind = async (day: string, time: string) => {
      const marked = await runReturnReminders(service.database, clock.set(day, time));
      await chat.settle();
      return marked;
    };
    expect(await remind('2027-03-09', '16:00')).toBe(0);
    expect(await remind('2027-03-10', '08:00')).toBe(0);
    expect(await remind('2027-03-10', '08:45')).toBe(1);
    const reminder = await chat.inbox(u.teacher);
    expect(vias(reminder.entries)).toEqual(['push']);
    expect(reminder.text).toContain(`การยืมเลขที่ ${loanId} (LIFE-PJ-1, LIFE-PJ-2) ครบกำหนดคืน 12 มีนาคม 2570`);
    expect(await remind('2027-03-10', '15:00')).toBe(0);
    expect(await remind('2027-03-11', '10:00')).toBe(0);
    expect((await chat.inbox(u.teacher)).entries).toHaveLength(0);

    // ── The teacher asks for the following Monday; the group director approves. ──
    const ask = await chat.tapData(u.teacher, dataOf(reminder.entries, `ขอขยายเวลา #${loanId}`));
    expect(ask.text).toContain('ขยายถึงวันไหนคะ');
    const asked = await chat.tapIn(u.teacher, ask.entries, 'เลือกวันคืนใหม่', { date: '2027-03-15' });
    expect(asked.text).toBe('ส่งคำขอขยายเวลาถึง 15 มีนาคม 2570 ให้ผู้อนุมัติแล้วค่ะ จะแจ้งผลให้ทราบนะคะ');
    const extensionCard = await chat.inbox(u.group);
    expect(extensionCard.entries.length).toBeGreaterThan(0);
    expect(extensionCard.entries.every((e) => e.via === 'push')).toBe(true);
    expect(extensionCard.text).toContain(`ขอขยายเวลาการยืมเลขที่ ${loanId} ของ ครูชีวิต ยืมครบ`);
    const extended = await chat.tapIn(u.group, extensionCard.entries, 'อนุมัติ');
    expect(extended.text).toBe(`อนุมัติขยายเวลาการยืมเลขที่ ${loanId} ถึง 15 มีนาคม 2570 แล้วค่ะ`);
    expect((await getLoan(db, DEFAULT_OFFICE_ID, loanId))!.endsOn).toBe('2027-03-15');
    const extendedNote = await chat.inbox(u.teacher);
    expect(vias(extendedNote.entries)).toEqual(['push']);
    expect(extendedNote.text).toBe(`ขยายเวลาการยืมเลขที่ ${loanId} ได้ค่ะ กำหนดคืนใหม่ 15 มีนาคม 2570`);
    // The old due date passes quietly; the new one is reminded on its own clock (Friday, the office day before).
    expect(await remind('2027-03-12', '09:00')).toBe(1);
    expect((await chat.inbox(u.teacher)).text).toContain(`การยืมเลขที่ ${loanId} (LIFE-PJ-1, LIFE-PJ-2) ครบกำหนดคืน 15 มีนาคม 2570`);

    // ── Monday the 15th: back, one damaged; one tap opens its repair ticket. ──
    clock.set('2027-03-15', '10:00');
    const back = await chat.say(u.tech, MENU_COMMANDS.equipmentLoans);
    await chat.tapData(u.tech, onCard(back.entries, loanId, 'รับคืน'));
    await chat.say(u.tech, 'LIFE-PJ-1');
    expect((await chat.tap(u.tech, 'ดี')).text).toContain('รับคืน LIFE-PJ-1 แล้วค่ะ (สภาพดี)');
    await chat.tap(u.tech, 'LIFE-PJ-2');
    const damaged = await chat.tap(u.tech, 'ชำรุด');
    expect(damaged.text).toContain('รับคืน LIFE-PJ-2 แล้วค่ะ (ชำรุด)');
    expect(damaged.text).toContain('รับคืนครบทุกรายการแล้วค่ะ');
    expect((await chat.tap(u.tech, 'เปิดงานซ่อม')).text).toBe('เปิดงานซ่อมของ LIFE-PJ-2 แล้วค่ะ');
    expect((await deskLoanItems(db, DEFAULT_OFFICE_ID, loanId)).map((i) => `${i.assetTag}:${i.status}`)).toEqual(['LIFE-PJ-1:returned', 'LIFE-PJ-2:returned']);
    const [line] = await db.select().from(loanHandoverItems).where(eq(loanHandoverItems.itemId, pj2.id));
    const ticket = (await getTicket(db, DEFAULT_OFFICE_ID, line!.repairTicketId!))!;
    expect(ticket).toMatchObject({ schoolId: null, schoolName: 'ครุภัณฑ์ของสำนักงาน', status: 'new' });
    expect(ticket.description).toContain(`LIFE-PJ-2 คืนมาชำรุด (การยืมเลขที่ ${loanId} ของ ครูชีวิต ยืมครบ)`);
    expect((await chat.tapIn(u.tech, damaged.entries, 'เปิดงานซ่อม')).text).toBe('เปิดงานซ่อมของรายการนี้ไปแล้วค่ะ');

    // The technicians' งานใหม่ lists it.
    const jobs = await chat.say(u.tech, MENU_COMMANDS.newJobs);
    expect(cardsText(jobs.entries)).toContain(ticket.number);
    expect(jobs.text).not.toContain('ขออภัย');

    // Nothing was left unsent, nothing sent twice.
    const pending = await db.select().from(outboxMessages).where(eq(outboxMessages.status, 'pending'));
    expect(pending).toHaveLength(0);
    expect((await chat.inbox(u.teacher)).entries).toHaveLength(0);
    expect((await chat.inbox(u.director)).entries).toHaveLength(0);
    expect((await historyOf(db, 'loan', loanId, 'return_reminded')).map((m) => m.data.mark)).toEqual(['before', 'before']);
    // Over the whole life, each person's pushes (a card comes as its text and the card itself).
    const pushes: Record<string, string[]> = {};
    for (const [key, userId] of Object.entries(u)) {
      const { entries } = await chat.emulator.conversation(userId);
      pushes[key] = entries.filter((e) => e.direction === 'bot' && e.via === 'push').map((e) => (e.message.text ?? e.message.altText ?? '').split(/[:\n]/)[0]!);
    }
    expect(pushes).toEqual({
      teacher: [
        `คำขอยืมอุปกรณ์เลขที่ ${loanId}`,
        `คำขอยืมอุปกรณ์เลขที่ ${loanId}`,
        expect.stringMatching(new RegExp(`^ส่งมอบอุปกรณ์การยืมเลขที่ ${loanId} แล้ว`)),
        'แจ้งเตือนการคืนอุปกรณ์ค่ะ',
        `ขยายเวลาการยืมเลขที่ ${loanId} ได้ค่ะ กำหนดคืนใหม่ 15 มีนาคม 2570`,
        'แจ้งเตือนการคืนอุปกรณ์ค่ะ',
      ],
      director: [T.toDecide(loanId, 'ครูชีวิต ยืมครบ', true), T.toDecide(loanId, 'ครูชีวิต ยืมครบ', true)],
      group: [T.toDecide(loanId, 'ครูชีวิต ยืมครบ', false), T.toDecide(loanId, 'ครูชีวิต ยืมครบ', false), expect.stringMatching(new RegExp(`^ขอขยายเวลาการยืมเลขที่ ${loanId} `))],
      tech: [],
    });
  });
});

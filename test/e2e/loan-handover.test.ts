import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { findItemByAssetTag } from '../../src/db/repos/loan-desk.ts';
import { upsertItem } from '../../src/db/repos/loan-inventory.ts';
import { deskLoanItems } from '../../src/db/repos/loan-handover.ts';
import { createLoan, getLoan, listBorrowableTypes, updateLoan } from '../../src/db/repos/loans.ts';
import { getTicket } from '../../src/db/repos/repair-tickets.ts';
import { getMediaInfo } from '../../src/db/repos/media.ts';
import { loanHandoverItems, loanHandovers, loanItems as loanItemsTable, people as peopleTable, schools } from '../../src/db/schema.ts';
import { DEMO_INVENTORY_CSV } from '../../src/flows/loans/demo.ts';
import { importInventoryCsv } from '../../src/flows/loans/inventory-csv.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';
import { insertOfficeChannel } from '../../src/db/repos/line-channels.ts';
import { liffPeople } from '../support/liff.ts';
import { bandsPng } from '../support/png.ts';
import type { ConversationEntry } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * Hand-over and return at the technicians' desk (คืนอุปกรณ์/ยืม), through the emulator on a real PostgreSQL: the
 * day's list, an approved loan handed over from the office day before it starts (items picked by tapping or by their
 * ครุภัณฑ์ number, condition, a photo), partly and then the rest; the borrower's ได้รับของแล้ว; the return item by item,
 * a damaged item sent to repair in one tap (a ticket of the office's own equipment, linked to the loan), a missing
 * one left open on the loan; stale buttons and the roles that may not.
 */

// Friday: a loan starting on Monday may be handed over today, one starting on Tuesday not yet.
const clock = testClock('2027-05-07', '09:00');
let service: RunningService;
let people: ReturnType<typeof liffPeople>;
let chat: ReturnType<typeof chatDriver>;
const who: Record<string, { userId: string; personId: number }> = {};
let loanA = 0;
let loanB = 0;
let loanC = 0;

async function approvedLoan(requesterId: number, schoolId: number | null, startsOn: string, endsOn: string, lines: Parameters<typeof createLoan>[1]['lines']): Promise<number> {
  const db = service.database.db;
  const created = await createLoan(db, { officeId: DEFAULT_OFFICE_ID, requesterId, schoolId, purpose: 'อบรมครูเรื่องสื่อดิจิทัล', place: 'หอประชุมโรงเรียน', startsOn, endsOn, needsEndorsement: false, lines }, clock.now());
  if (!created.ok) throw new Error('no items for the loan');
  expect(await updateLoan(db, DEFAULT_OFFICE_ID, created.loanId, 1, { state: 'approved', decidedBy: who.director!.personId, decidedAt: clock.now() }, clock.now())).toBe(true);
  return created.loanId;
}

beforeAll(async () => {
  const logger = createLogger('silent');
  const config = loadConfig({ PORT: '0', DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-loan-handover-')), LOG_LEVEL: 'silent' });
  const database = await createTestDatabase(logger);
  // A second office on the same deployment, with its own technician.
  await insertOfficeChannel(database.db, { id: 'khet2', officeId: 'khet2', officeName: 'สพป. ทดสอบ เขต 2', channelSecret: 'khet2-secret-0123456789', channelAccessToken: 'khet2-token-0123456789' });
  service = await startService(config, { database, logger, now: clock.now });
  people = liffPeople(service, clock.now);
  chat = chatDriver(service);
  const db = service.database.db;
  await loadDemoSchools(service);
  await importInventoryCsv(db, DEFAULT_OFFICE_ID, await readFile(DEMO_INVENTORY_CSV, 'utf8'), clock.now());
  who.tech = await people.add('ช่างสมชาย', 'technician');
  const { userId: khet2Tech } = await chat.emulator.call<{ userId: string }>('POST', '/users', { displayName: 'ช่างเขตสอง', channelId: 'khet2' });
  await officeFactory(db, 'khet2', 'khet2').person('ช่างเขตสอง', 'technician', { lineUserId: khet2Tech });
  who.khet2Tech = { userId: khet2Tech, personId: 0 };
  who.teacher = await people.add('ครูสมใจ', 'teacher');
  who.otherTeacher = await people.add('ครูสมปอง', 'teacher');
  who.director = await people.add('ผอ.กลุ่มสมศักดิ์', 'group_director');
  const [school] = await db.select({ id: schools.id }).from(schools).where(eq(schools.name, 'โรงเรียนบ้านหนองบัวทอง'));
  for (const key of ['teacher', 'otherTeacher']) await db.update(peopleTable).set({ schoolId: school!.id }).where(eq(peopleTable.id, who[key]!.personId));
  // A fourth projector of the same type, free all week.
  await upsertItem(db, DEFAULT_OFFICE_ID, { assetTag: 'DEMO-PJ-004', typeName: 'โปรเจกเตอร์ (สาธิต)', category: 'projector', model: 'Epson EB-X51', serialNumber: null, condition: 'good', location: 'ห้อง ICT ตู้ 1', lendable: true, retired: false, note: null }, clock.now());
  const projectors = (await listBorrowableTypes(db, DEFAULT_OFFICE_ID)).find((t) => t.name === 'โปรเจกเตอร์ (สาธิต)')!;
  loanA = await approvedLoan(who.teacher.personId, school!.id, '2027-05-10', '2027-05-12', [{ target: projectors.target, quantity: 2 }]);
  const notebook = (await findItemByAssetTag(db, DEFAULT_OFFICE_ID, 'DEMO-NB-001'))!;
  loanC = await approvedLoan(who.teacher.personId, school!.id, '2027-05-07', '2027-05-10', [{ target: { kind: 'item', id: notebook.id }, quantity: 1 }]);
  loanB = await approvedLoan(who.otherTeacher.personId, school!.id, '2027-05-11', '2027-05-11', [{ target: projectors.target, quantity: 1 }]);
}, 60_000);

afterAll(async () => {
  await service.stop();
});

const cardsText = (entries: Array<{ message: unknown }>) => JSON.stringify(entries.map((e) => e.message));

/** The data of a button on the card of one loan (the desk's list is a carousel of loan cards). */
function onCard(entries: ConversationEntry[], loanId: number, label: string): string {
  const bubbles = entries.flatMap((e) => {
    const contents = (e.message as { contents?: { type?: string; contents?: unknown[] } }).contents;
    return contents?.type === 'carousel' ? (contents.contents ?? []) : contents ? [contents] : [];
  });
  const bubble = bubbles.find((b) => JSON.stringify(b).includes(`"การยืมเลขที่ ${loanId}"`));
  if (!bubble) throw new Error(`no card of loan ${loanId}`);
  return dataOf([{ message: bubble } as unknown as ConversationEntry], label);
}

describe('the desk on Friday', () => {
  it("lists the loans that may go out today (Monday's, today's), not Tuesday's", async () => {
    const desk = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    expect(desk.text).toContain('รายการส่งมอบและรับคืนวันนี้ 2 รายการค่ะ');
    const cards = cardsText(desk.entries);
    expect(cards).toContain(`การยืมเลขที่ ${loanA}`);
    expect(cards).toContain(`การยืมเลขที่ ${loanC}`);
    expect(cards).not.toContain(`การยืมเลขที่ ${loanB}`);
    expect(cards).toContain('DEMO-PJ-001 โปรเจกเตอร์ (สาธิต) · รอส่งมอบ');
  });

  it("another office's technician sees none of it", async () => {
    expect((await chat.say(who.khet2Tech!.userId, 'คืนอุปกรณ์/ยืม')).text).toContain('วันนี้ไม่มีรายการส่งมอบหรือรับคืนค่ะ');
    expect((await chat.say(who.khet2Tech!.userId, 'DEMO-PJ-001')).text).toBe('ไม่พบครุภัณฑ์เลข "DEMO-PJ-001" ของสำนักงานค่ะ');
  });

  it('hands over part of a loan: one projector picked by its ครุภัณฑ์ number, its condition and a photo', async () => {
    const desk = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    const oldHandOver = onCard(desk.entries, loanA, 'ส่งมอบ');
    const pick = await chat.tapData(who.tech!.userId, oldHandOver);
    expect(pick.labels).toEqual(['DEMO-PJ-001', 'DEMO-PJ-002', 'เลือกทั้งหมด', 'เสร็จ', 'ยกเลิก']);
    expect((await chat.say(who.tech!.userId, 'DEMO-NB-002')).text).toBe('DEMO-NB-002 ไม่ได้จองไว้สำหรับการยืมนี้ค่ะ');
    const picked = await chat.say(who.tech!.userId, 'demo-pj-001');
    expect(picked.labels[0]).toBe('✓ DEMO-PJ-001');
    const condition = await chat.tap(who.tech!.userId, 'เสร็จ');
    expect(condition.labels).toEqual(['ดี', 'พอใช้', 'ชำรุด', 'ยกเลิก']);
    const photo = await chat.tap(who.tech!.userId, 'ดี');
    expect(photo.text).toContain('ถ่ายรูป');
    await chat.emulator.call('POST', `/users/${who.tech!.userId}/messages`, { type: 'image', contentBase64: bandsPng(40, 30, [[10, 200, 10]]).toString('base64'), contentType: 'image/png' });
    await chat.settle();
    const done = await chat.inbox(who.tech!.userId);
    expect(done.text).toContain('บันทึกการส่งมอบ 1 รายการให้ ครูสมใจ แล้วค่ะ');
    expect(done.text).toContain('ยังเหลือที่ต้องส่งมอบอีก 1 รายการค่ะ');
    const [handover] = await service.database.db.select().from(loanHandovers).where(eq(loanHandovers.loanId, loanA));
    expect(handover).toMatchObject({ condition: 'good', handedOverBy: who.tech!.personId, confirmedAt: null });
    expect(handover!.photoMediaId).not.toBeNull();
    // Kept with the hand-over (a file nobody owns is purged as an abandoned draft).
    expect(await getMediaInfo(service.database.db, DEFAULT_OFFICE_ID, handover!.photoMediaId!)).toMatchObject({ ownerType: 'loan_handover', ownerId: handover!.id });
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanA))!.state).toBe('fulfilled');
    // The card drawn before the hand-over is out of date now.
    expect((await chat.tapData(who.tech!.userId, oldHandOver)).text).toContain('ปุ่มนี้ใช้ไม่ได้แล้ว');
  });

  it('the borrower confirms receipt with a button, once; nobody else can', async () => {
    const pushed = await chat.inbox(who.teacher!.userId);
    expect(pushed.entries.map((e) => e.via)).toEqual(['push']);
    expect(cardsText(pushed.entries)).toContain('DEMO-PJ-001 โปรเจกเตอร์ (สาธิต)');
    expect(cardsText(pushed.entries)).toContain('กำหนดคืน: 12 พฤษภาคม 2570');
    const receipt = dataOf(pushed.entries, 'ได้รับของแล้ว');
    expect((await chat.tapData(who.otherTeacher!.userId, receipt)).text).toBe('รายการนี้ไม่ใช่การยืมของคุณค่ะ');
    expect((await chat.tapData(who.teacher!.userId, receipt)).text).toBe('บันทึกการรับของแล้วค่ะ ขอบคุณค่ะ');
    expect((await chat.tapData(who.teacher!.userId, receipt)).text).toBe('ยืนยันรับของรายการนี้ไปแล้วค่ะ');
    const [handover] = await service.database.db.select().from(loanHandovers).where(eq(loanHandovers.loanId, loanA));
    expect(handover!.confirmedBy).toBe(who.teacher!.personId);
  });

  it("the item's page says who has it, and its history the hand-over and the receipt", async () => {
    const item = (await findItemByAssetTag(service.database.db, DEFAULT_OFFICE_ID, 'DEMO-PJ-001'))!;
    const view = (await (await people.get(who.tech!.userId, `/loan-items/${item.id}`)).json()) as { status: string; whereabouts: string; history: Array<{ action: string }> };
    expect(view.status).toBe('ถูกยืมอยู่');
    expect(view.whereabouts).toBe(`ครูสมใจ (โรงเรียนบ้านหนองบัวทอง) · การยืมเลขที่ ${loanA} · กำหนดคืน 12 พฤษภาคม 2570`);
    expect(view.history.map((e) => e.action)).toEqual(['ลงทะเบียนครุภัณฑ์', 'ส่งมอบให้ผู้ยืม', 'ผู้ยืมยืนยันรับของ']);
  });

  it('hands over the rest of the loan, and the loan due today too', async () => {
    let desk = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    expect(cardsText(desk.entries)).toContain('ส่งมอบบางส่วน');
    await chat.tapData(who.tech!.userId, onCard(desk.entries, loanA, 'ส่งมอบ'));
    // Another projector of the type goes out instead of the one held, when it is free on the loan's days.
    expect((await chat.say(who.tech!.userId, 'DEMO-PJ-003')).text).toBe('DEMO-PJ-003 ถูกจองไว้ในช่วงวันยืมนี้แล้ว ส่งมอบแทนไม่ได้ค่ะ กรุณาเลือกเครื่องอื่น');
    expect((await chat.say(who.tech!.userId, 'DEMO-PJ-004')).labels).toEqual(['✓ DEMO-PJ-004', 'เลือกทั้งหมด', 'เสร็จ', 'ยกเลิก']);
    await chat.tap(who.tech!.userId, 'เสร็จ');
    await chat.tap(who.tech!.userId, 'พอใช้');
    const done = await chat.tap(who.tech!.userId, 'ข้ามรูป');
    expect(done.text).toBe('บันทึกการส่งมอบ 1 รายการให้ ครูสมใจ แล้วค่ะ ส่งปุ่มยืนยันรับของให้ผู้ยืมแล้ว');
    // The loan now holds DEMO-PJ-004 instead of DEMO-PJ-002, which is free again.
    expect((await deskLoanItems(service.database.db, DEFAULT_OFFICE_ID, loanA)).map((i) => `${i.assetTag}:${i.status}`)).toEqual(['DEMO-PJ-001:out', 'DEMO-PJ-004:out']);
    desk = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    expect(desk.text).toContain('1 รายการ');
    await chat.tapData(who.tech!.userId, onCard(desk.entries, loanC, 'ส่งมอบ'));
    await chat.tap(who.tech!.userId, 'DEMO-NB-001');
    await chat.tap(who.tech!.userId, 'เสร็จ');
    await chat.tap(who.tech!.userId, 'ดี');
    await chat.tap(who.tech!.userId, 'ข้ามรูป');
    expect((await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม')).text).toContain('วันนี้ไม่มีรายการส่งมอบหรือรับคืนค่ะ');
  });
});

describe('the return', () => {
  it('takes items back one by one; a damaged one goes to repair in one tap, as the office’s own equipment', async () => {
    clock.set('2027-05-12', '15:00');
    const desk = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    expect(cardsText(desk.entries)).toContain('ครบกำหนดคืนวันนี้');
    expect(cardsText(desk.entries)).toContain('เกินกำหนดคืน');
    const pick = await chat.tapData(who.tech!.userId, onCard(desk.entries, loanA, 'รับคืน'));
    expect(pick.labels).toEqual(['DEMO-PJ-001', 'DEMO-PJ-004', 'ยกเลิก']);
    const condition = await chat.say(who.tech!.userId, 'DEMO-PJ-001');
    expect(condition.labels).toEqual(['ดี', 'พอใช้', 'ชำรุด', 'ไม่ได้รับคืน', 'ยกเลิก']);
    const first = await chat.tap(who.tech!.userId, 'ดี');
    expect(first.text).toContain('รับคืน DEMO-PJ-001 แล้วค่ะ (สภาพดี)');
    expect(first.labels).toEqual(['DEMO-PJ-004', 'ยกเลิก']);
    await chat.tap(who.tech!.userId, 'DEMO-PJ-004');
    const damaged = await chat.tap(who.tech!.userId, 'ชำรุด');
    expect(damaged.text).toContain('รับคืน DEMO-PJ-004 แล้วค่ะ (ชำรุด)');
    expect(damaged.text).toContain('รับคืนครบทุกรายการแล้วค่ะ');
    const repair = await chat.tap(who.tech!.userId, 'เปิดงานซ่อม');
    expect(repair.text).toBe('เปิดงานซ่อมของ DEMO-PJ-004 แล้วค่ะ');
    const pj2 = (await findItemByAssetTag(service.database.db, DEFAULT_OFFICE_ID, 'DEMO-PJ-004'))!;
    expect(pj2.condition).toBe('damaged');
    const [line] = await service.database.db.select().from(loanHandoverItems).where(eq(loanHandoverItems.itemId, pj2.id));
    const ticket = (await getTicket(service.database.db, DEFAULT_OFFICE_ID, line!.repairTicketId!))!;
    expect(ticket).toMatchObject({ schoolId: null, schoolName: 'ครุภัณฑ์ของสำนักงาน', reporterId: who.tech!.personId, status: 'new', categoryCode: 'computer_projector' });
    expect(ticket.description).toContain(`DEMO-PJ-004 คืนมาชำรุด (การยืมเลขที่ ${loanA} ของ ครูสมใจ)`);
    // One ticket only, however often it is tapped.
    expect((await chat.tapIn(who.tech!.userId, damaged.entries, 'เปิดงานซ่อม')).text).toBe('เปิดงานซ่อมของรายการนี้ไปแล้วค่ะ');
    const view = (await (await people.get(who.tech!.userId, `/loan-items/${pj2.id}`)).json()) as { status: string; whereabouts: string; history: Array<{ action: string }> };
    expect(view.whereabouts).toBe('อยู่ที่สำนักงาน (ห้อง ICT ตู้ 1)');
    // Back but broken: not lent until repaired, and its page and card do not call it ready.
    expect(view.status).toBe('ชำรุด รอซ่อม (งดให้ยืม)');
    const damagedCard = await chat.say(who.tech!.userId, 'DEMO-PJ-004');
    expect(cardsText(damagedCard.entries)).toContain('ชำรุด รอซ่อม (งดให้ยืม)');
    // Repaired: one tap on its card puts it back in service, in its history; a second tap changes nothing.
    expect((await chat.tapIn(who.tech!.userId, damagedCard.entries, 'ซ่อมเสร็จแล้ว')).text).toBe('บันทึกแล้วค่ะ DEMO-PJ-004 สภาพดี พร้อมให้ยืมอีกครั้ง');
    expect((await chat.tapIn(who.tech!.userId, damagedCard.entries, 'ซ่อมเสร็จแล้ว')).text).toBe('DEMO-PJ-004 ไม่ได้อยู่ในสภาพชำรุดแล้วค่ะ');
    const fixed = (await (await people.get(who.tech!.userId, `/loan-items/${pj2.id}`)).json()) as { status: string; history: Array<{ action: string }> };
    expect(fixed.status).toBe('พร้อมให้ยืม');
    expect(fixed.history.map((e) => e.action).at(-1)).toBe('ซ่อมเสร็จ พร้อมให้ยืม');
    // Nobody else may: a teacher's tap is refused and changes nothing.
    await service.database.db.update(loanItemsTable).set({ condition: 'damaged' }).where(eq(loanItemsTable.id, pj2.id));
    expect((await chat.tapIn(who.teacher!.userId, damagedCard.entries, 'ซ่อมเสร็จแล้ว')).text).not.toContain('บันทึกแล้ว');
    expect((await findItemByAssetTag(service.database.db, DEFAULT_OFFICE_ID, 'DEMO-PJ-004'))!.condition).toBe('damaged');
    expect(view.history.map((e) => e.action).slice(-2)).toEqual(['รับคืน', 'ส่งซ่อม']);
  });

  it('a missing item stays open on the loan, and the loan on the desk', async () => {
    // From the item's card (its ครุภัณฑ์ number typed): it is out, รับคืน takes that very item back, straight to its condition.
    const card = await chat.say(who.tech!.userId, 'DEMO-NB-001');
    expect(card.text).toContain('ครุภัณฑ์ DEMO-NB-001');
    const asked = await chat.tapIn(who.tech!.userId, card.entries, 'รับคืน');
    expect(asked.text).toBe('DEMO-NB-001 โน้ตบุ๊ก (สาธิต) คืนมาในสภาพใดคะ');
    expect(asked.labels).toEqual(['ดี', 'พอใช้', 'ชำรุด', 'ไม่ได้รับคืน', 'ยกเลิก']);
    const missing = await chat.tap(who.tech!.userId, 'ไม่ได้รับคืน');
    expect(missing.text).toBe('บันทึกว่า DEMO-NB-001 ยังไม่ได้รับคืนแล้วค่ะ รายการนี้ยังค้างอยู่ในการยืม\nยังค้างคืน 1 รายการ (แจ้งว่าไม่ได้รับคืน) ค่ะ');
    // Someone else's loan of that notebook for the 13th, approved while it was not yet overdue (once it is, a new
    // request can no longer get it: test/integration/loan-requests.test.ts) …
    const nb = (await findItemByAssetTag(service.database.db, DEFAULT_OFFICE_ID, 'DEMO-NB-001'))!;
    clock.set('2027-05-10', '09:00'); // the last day of loan C: the notebook is out, not yet overdue
    const loanD = await approvedLoan(who.otherTeacher!.personId, (await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanA))!.schoolId, '2027-05-13', '2027-05-13', [{ target: { kind: 'item', id: nb.id }, quantity: 1 }]);
    clock.set('2027-05-13', '09:00');
    const first = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    expect(cardsText(first.entries)).toContain(`การยืมเลขที่ ${loanC}`);
    expect(cardsText(first.entries)).toContain('DEMO-NB-001 โน้ตบุ๊ก (สาธิต) · ยังไม่ได้คืน (แจ้งหาย)');
    const view = (await (await people.get(who.tech!.userId, `/loan-items/${nb.id}`)).json()) as { status: string };
    expect(view.status).toBe('ถูกยืมอยู่');
    // … cannot take it on the day while it is still out.
    const list = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    const pickD = await chat.tapData(who.tech!.userId, onCard(list.entries, loanD, 'ส่งมอบ'));
    expect(pickD.text).toContain('⛔ DEMO-NB-001 ยังไม่ได้คืนจากการยืมอื่น');
    expect(pickD.labels[0]).toBe('⛔ DEMO-NB-001');
    expect((await chat.tap(who.tech!.userId, '⛔ DEMO-NB-001')).text).toBe('DEMO-NB-001 ยังถูกยืมอยู่ในรายการอื่น ยังส่งมอบไม่ได้ค่ะ');
    expect((await chat.tapData(who.tech!.userId, dataOf(pickD.entries, 'เลือกทั้งหมด'))).text).toBe('ยังไม่ได้เลือกของที่จะส่งมอบค่ะ');
    await chat.say(who.tech!.userId, 'ยกเลิก');
    const next = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    // It may still come back later.
    await chat.tapData(who.tech!.userId, onCard(next.entries, loanC, 'รับคืน'));
    await chat.tap(who.tech!.userId, 'DEMO-NB-001');
    expect((await chat.tap(who.tech!.userId, 'พอใช้')).text).toContain('รับคืน DEMO-NB-001 แล้วค่ะ (สภาพพอใช้)');
  });

  it('after เปิดงานซ่อม for a damaged item, the next item to take back is asked again with its buttons', async () => {
    const db = service.database.db;
    const [pj2, pj3] = await Promise.all(['DEMO-PJ-002', 'DEMO-PJ-003'].map(async (tag) => (await findItemByAssetTag(db, DEFAULT_OFFICE_ID, tag))!));
    const loanE = await approvedLoan(who.teacher!.personId, (await getLoan(db, DEFAULT_OFFICE_ID, loanA))!.schoolId, '2027-05-13', '2027-05-13', [
      { target: { kind: 'item', id: pj2!.id }, quantity: 1 },
      { target: { kind: 'item', id: pj3!.id }, quantity: 1 },
    ]);
    const desk = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    await chat.tapData(who.tech!.userId, onCard(desk.entries, loanE, 'ส่งมอบ'));
    await chat.tap(who.tech!.userId, 'เลือกทั้งหมด');
    await chat.tap(who.tech!.userId, 'ดี');
    await chat.tap(who.tech!.userId, 'ข้ามรูป');
    const back = await chat.say(who.tech!.userId, 'คืนอุปกรณ์/ยืม');
    await chat.tapData(who.tech!.userId, onCard(back.entries, loanE, 'รับคืน'));
    await chat.tap(who.tech!.userId, 'DEMO-PJ-002');
    expect((await chat.tap(who.tech!.userId, 'ชำรุด')).labels).toEqual(['เปิดงานซ่อม', 'DEMO-PJ-003', 'ยกเลิก']);
    const repair = await chat.tap(who.tech!.userId, 'เปิดงานซ่อม');
    expect(repair.text).toBe('เปิดงานซ่อมของ DEMO-PJ-002 แล้วค่ะ\nรับคืนชิ้นไหนคะ (ค้างอยู่ 1 รายการ) กดที่รายการ หรือพิมพ์/สแกนเลขครุภัณฑ์ค่ะ');
    expect(repair.labels).toEqual(['DEMO-PJ-003', 'ยกเลิก']);
    await chat.tap(who.tech!.userId, 'DEMO-PJ-003');
    expect((await chat.tap(who.tech!.userId, 'ดี')).text).toContain('รับคืนครบทุกรายการแล้วค่ะ');
  });

  it('is refused to a teacher, who changes nothing', async () => {
    expect((await chat.say(who.teacher!.userId, 'คืนอุปกรณ์/ยืม')).text).toContain('จ่ายและรับคืนอุปกรณ์');
    const before = await service.database.db.select().from(loanHandovers);
    expect((await chat.say(who.teacher!.userId, 'DEMO-NB-001')).text).not.toContain('ครุภัณฑ์ DEMO-NB-001');
    expect((await service.database.db.select().from(loanHandovers)).length).toBe(before.length);
  });
});

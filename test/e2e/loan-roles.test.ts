import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq, ne } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { insertOfficeChannel } from '../../src/db/repos/line-channels.ts';
import { createLoan, getLoan, listBorrowableTypes } from '../../src/db/repos/loans.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { auditLog, loanHandovers, loans, schools } from '../../src/db/schema.ts';
import { loanLabels as L, loanTexts as T } from '../../src/flows/loans/messages.ts';
import { runReturnReminders } from '../../src/flows/loans-desk/jobs.ts';
import { buttonLabel, deniedMessage, schoolButtonLabel } from '../../src/kit/steps.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { createLogger } from '../../src/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { startService } from '../../src/app.ts';
import { chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';
import { liffPeople } from '../support/liff.ts';
import type { ConversationEntry } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Every role against every loan action, through the emulator: the tiles (ยืมอุปกรณ์, คืนอุปกรณ์/ยืม), the decision
 * card's อนุมัติ / ไม่อนุมัติ, the school director's รับรอง, the desk's ส่งมอบ and รับคืน, the extension's อนุมัติ. Who may,
 * does; everyone else gets the polite refusal and changes nothing. And a second office on its own channel sees
 * nothing of the first office's loans.
 */

// Monday 1 March 2027; the loan runs Wednesday 3 – Thursday 4 March.
const clock = testClock('2027-03-01', '09:00');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
let people: ReturnType<typeof liffPeople>;
const TYPE = 'เครื่องฉายบทบาท';
const ROLES = ['teacher', 'school_director', 'technician', 'saraban_clerk', 'group_director', 'area_director', 'guest', 'unregistered'] as const;
type Who = (typeof ROLES)[number];
const u = {} as Record<Who | 'requester' | 'k2teacher' | 'k2group' | 'k2tech', string>;
let loanId = 0;
let declineId = 0;
let itemId = 0;

const cardsText = (entries: ConversationEntry[]) => JSON.stringify(entries.map((e) => e.message));

function onCard(entries: ConversationEntry[], id: number, label: string): string {
  const bubbles = entries.flatMap((e) => {
    const contents = (e.message as { contents?: { type?: string; contents?: unknown[] } }).contents;
    return contents?.type === 'carousel' ? (contents.contents ?? []) : contents ? [contents] : [];
  });
  const bubble = bubbles.find((b) => JSON.stringify(b).includes(`"การยืมเลขที่ ${id}"`));
  if (!bubble) throw new Error(`no card of loan ${id}`);
  return dataOf([{ message: bubble } as unknown as ConversationEntry], label);
}

/** What each of `roles` is answered when they tap `data` (the loan's version is checked unchanged after). */
async function tapsBy(roles: readonly Who[], data: string): Promise<Record<string, string>> {
  const before = (await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId))!.version;
  const answers: Record<string, string> = {};
  for (const role of roles) answers[role] = (await chat.tapData(u[role], data)).text;
  expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId))!.version).toBe(before);
  // The requester heard nothing of the refusals.
  expect((await chat.inbox(u.requester)).entries).toHaveLength(0);
  return answers;
}

const others = (...allowed: Who[]) => ROLES.filter((r) => !allowed.includes(r));
const all = <T>(roles: readonly Who[], answer: (role: Who) => T): Record<string, T> => Object.fromEntries(roles.map((r) => [r, answer(r)]));

beforeAll(async () => {
  const logger = createLogger('silent');
  const config = loadConfig({ PORT: '0', DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-loan-roles-')), LOG_LEVEL: 'silent' });
  const database = await createTestDatabase(logger);
  // A second office on the same deployment, on its own channel.
  await insertOfficeChannel(database.db, { id: 'khet2', officeId: 'khet2', officeName: 'สพป. ทดสอบ เขต 2', channelSecret: 'khet2-secret-0123456789', channelAccessToken: 'khet2-token-0123456789' });
  service = await startService(config, { database, logger, now: clock.now });
  chat = chatDriver(service);
  people = liffPeople(service, clock.now);
  await loadDemoSchools(service);
  const db = service.database.db;
  await saveOfficeSettings(db, DEFAULT_OFFICE_ID, { loans: { schoolDirectorEndorsement: true } }, clock.now());
  const f = officeFactory(db);
  itemId = await f.loanItem('ROLE-PJ-1', TYPE, 'projector');
  await f.loanItem('ROLE-PJ-2', TYPE, 'projector');

  u.requester = await chat.registerTeacher('ครูผู้ยืม บทบาท');
  const requester = await chat.personOf(u.requester);
  for (const [role, name] of [
    ['teacher', 'ครูอีกคน บทบาท'],
    ['school_director', 'ผอ.โรงเรียน บทบาท'],
    ['technician', 'ช่าง บทบาท'],
    ['saraban_clerk', 'ธุรการ บทบาท'],
    ['group_director', 'ผอ.กลุ่ม บทบาท'],
    ['area_director', 'ผอ.เขต บทบาท'],
    ['guest', 'ผู้ใช้ทั่วไป บทบาท'],
  ] as const) {
    u[role] = await chat.newUser(name);
    await f.person(name, role, { lineUserId: u[role], schoolId: role === 'teacher' || role === 'school_director' ? requester.schoolId : null });
  }
  // Someone who follows the bot but has not registered.
  u.unregistered = await chat.newUser('ยังไม่ลงทะเบียน');
  await chat.follow(u.unregistered);

  const k2 = officeFactory(db, 'khet2', 'khet2');
  for (const [key, name, role] of [
    ['k2teacher', 'ครูเขตสอง', 'teacher'],
    ['k2group', 'ผอ.กลุ่มเขตสอง', 'group_director'],
    ['k2tech', 'ช่างเขตสอง', 'technician'],
  ] as const) {
    u[key] = (await chat.emulator.call<{ userId: string }>('POST', '/users', { displayName: name, channelId: 'khet2' })).userId;
    await k2.person(name, role, { lineUserId: u[key] });
  }
  // A loan waiting for the approver, to be declined.
  const type = (await listBorrowableTypes(db, DEFAULT_OFFICE_ID)).find((t) => t.name === TYPE)!.target;
  const made = await createLoan(db, { officeId: DEFAULT_OFFICE_ID, requesterId: requester.id, schoolId: requester.schoolId, purpose: 'ประชุม', place: 'ห้องประชุม', startsOn: '2027-03-22', endsOn: '2027-03-22', needsEndorsement: false, lines: [{ target: type, quantity: 1 }] }, clock.now());
  if (!made.ok) throw new Error('setup');
  declineId = made.loanId;
}, 180_000);
afterAll(async () => service.stop());

describe('every role × loan action', () => {
  it('the tile ยืมอุปกรณ์: every registered role, not a guest', async () => {
    const answers: Record<string, string> = {};
    for (const role of ROLES) {
      const answer = await chat.say(u[role], MENU_COMMANDS.borrowEquipment);
      answers[role] = answer.text.includes(T.pickWhat(false).slice(0, 20)) ? 'asked what' : answer.text;
      if (answer.labels.includes(L.cancel)) await chat.tap(u[role], L.cancel);
    }
    expect(answers).toEqual({
      ...all(others('guest', 'unregistered'), () => 'asked what'),
      guest: deniedMessage('borrow_equipment'),
      // Someone not registered is taken to the registration (its consent question) instead.
      unregistered: expect.stringContaining('ยินยอมให้เก็บข้อมูลไหมคะ'),
    });
  });

  it('the tile คืนอุปกรณ์/ยืม: technicians only', async () => {
    const answers: Record<string, string> = {};
    for (const role of others('unregistered')) answers[role] = (await chat.say(u[role], MENU_COMMANDS.equipmentLoans)).text;
    expect(answers).toEqual({ ...all(others('technician', 'unregistered'), () => deniedMessage('lend_equipment')), technician: expect.stringContaining('วันนี้ไม่มีรายการส่งมอบหรือรับคืนค่ะ') });
    // Someone not registered is not shown the desk.
    expect((await chat.say(u.unregistered, MENU_COMMANDS.equipmentLoans)).text).not.toContain('ส่งมอบ');
  });

  it('รับรอง: the school’s director only; ไม่อนุมัติ / อนุมัติ: the group director only', async () => {
    // The requester asks through the chat: one projector, 3–4 March.
    await chat.say(u.requester, MENU_COMMANDS.borrowEquipment);
    await chat.say(u.requester, 'เครื่องฉาย');
    const from = await chat.tap(u.requester, '1');
    const to = await chat.tapIn(u.requester, from.entries, L.from, { date: '2027-03-03' });
    await chat.tapIn(u.requester, to.entries, L.to, { date: '2027-03-04' });
    await chat.say(u.requester, 'สอน');
    await chat.say(u.requester, 'ห้องเรียน');
    const requester = await chat.personOf(u.requester);
    const summary = await chat.tap(u.requester, buttonLabel(schoolButtonLabel(requester.schoolName!)));
    expect((await chat.tapIn(u.requester, summary.entries, L.send)).text).toContain(T.sent(true));
    const [row] = await service.database.db.select().from(loans).where(and(eq(loans.requesterId, requester.id), eq(loans.startsOn, '2027-03-03')));
    loanId = row!.id;
    await chat.inbox(u.requester);

    const endorseCard = await chat.inbox(u.school_director);
    expect(endorseCard.text).toContain(T.toDecide(loanId, 'ครูผู้ยืม บทบาท', true));
    const endorse = dataOf(endorseCard.entries, L.endorse);
    expect(await tapsBy(others('school_director'), endorse)).toEqual({
      ...all(others('school_director', 'unregistered'), () => deniedMessage('confirm_school_request')),
      unregistered: T.notRegistered,
    });
    // Nor the director of another school.
    const [otherSchool] = await service.database.db.select({ id: schools.id }).from(schools).where(ne(schools.id, requester.schoolId!)).limit(1);
    const otherDirector = await chat.newUser('ผอ.โรงเรียนอื่น บทบาท');
    await officeFactory(service.database.db).person('ผอ.โรงเรียนอื่น บทบาท', 'school_director', { lineUserId: otherDirector, schoolId: otherSchool!.id });
    expect((await chat.tapData(otherDirector, endorse)).text).toBe(deniedMessage('confirm_school_request'));
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId))!.endorsedAt).toBeNull();
    expect((await chat.tapData(u.school_director, endorse)).text).toContain(T.decided(L.endorse, loanId));

    const approveCard = await chat.inbox(u.group_director);
    // รายการรออนุมัติ: the two requests wait for the group director, and show to nobody else.
    const lists: Record<string, boolean> = {};
    for (const role of others('unregistered')) lists[role] = (await chat.say(u[role], MENU_COMMANDS.approvals)).text.includes(T.pendingIntro(2));
    expect(lists).toEqual({ ...all(others('group_director', 'unregistered'), () => false), group_director: true });

    expect(approveCard.text).toContain(T.toDecide(loanId, 'ครูผู้ยืม บทบาท', false));
    for (const label of [L.approve, L.decline]) {
      expect(await tapsBy(others('group_director'), dataOf(approveCard.entries, label))).toEqual({
        ...all(others('group_director', 'unregistered'), () => deniedMessage('approve_loan')),
        unregistered: T.notRegistered,
      });
    }
    // The requester may not approve their own request either.
    expect((await chat.tapIn(u.requester, approveCard.entries, L.approve)).text).toBe(deniedMessage('approve_loan'));
    expect((await chat.tapIn(u.group_director, approveCard.entries, L.approve)).text).toContain(T.decided(L.approve, loanId));
    expect(await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId)).toMatchObject({ state: 'approved' });
    expect((await chat.inbox(u.requester)).text).toContain('อนุมัติแล้ว');

    // Declining: from รายการรออนุมัติ, with a reason.
    const pending = await chat.say(u.group_director, MENU_COMMANDS.approvals);
    expect(pending.text).toContain(T.pendingIntro(1));
    expect((await chat.tapIn(u.group_director, pending.entries, L.decline)).text).toContain(T.askReason(true));
    expect((await chat.say(u.group_director, 'ไม่มีเครื่องว่าง')).text).toContain(T.decided(L.decline, declineId));
    expect(await getLoan(service.database.db, DEFAULT_OFFICE_ID, declineId)).toMatchObject({ state: 'declined' });
    await chat.inbox(u.requester);

    const denials = await service.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'permission_denied'), eq(auditLog.subjectId, 'approve_loan')));
    expect(denials.length).toBeGreaterThan(0);
  });

  it('ส่งมอบ and รับคืน: technicians only; ได้รับของแล้ว and ขอขยายเวลา: the borrower only; the extension’s อนุมัติ: the approver only', async () => {
    clock.set('2027-03-03', '09:00');
    const desk = await chat.say(u.technician, MENU_COMMANDS.equipmentLoans);
    const handOver = onCard(desk.entries, loanId, 'ส่งมอบ');
    const lendDenied = { ...all(others('technician', 'unregistered'), () => deniedMessage('lend_equipment')), unregistered: 'กรุณาลงทะเบียนก่อนใช้งานนะคะ' };
    expect(await tapsBy(others('technician'), handOver)).toEqual(lendDenied);
    expect(await service.database.db.select().from(loanHandovers).where(eq(loanHandovers.loanId, loanId))).toHaveLength(0);
    await chat.tapData(u.technician, handOver);
    await chat.tap(u.technician, 'เลือกทั้งหมด');
    await chat.tap(u.technician, 'ดี');
    expect((await chat.tap(u.technician, 'ข้ามรูป')).text).toContain('บันทึกการส่งมอบ 1 รายการให้ ครูผู้ยืม บทบาท แล้วค่ะ');
    // ได้รับของแล้ว is the borrower's: anyone else is told it is not their loan (a guest, that they may not borrow).
    const receipt = dataOf((await chat.inbox(u.requester)).entries, 'ได้รับของแล้ว');
    const notTheirs = { ...all(others('guest', 'unregistered'), () => 'รายการนี้ไม่ใช่การยืมของคุณค่ะ'), guest: deniedMessage('borrow_equipment'), unregistered: 'กรุณาลงทะเบียนก่อนใช้งานนะคะ' };
    expect(await tapsBy(ROLES, receipt)).toEqual(notTheirs);
    expect((await service.database.db.select().from(loanHandovers).where(eq(loanHandovers.loanId, loanId)))[0]!.confirmedAt).toBeNull();
    expect((await chat.tapData(u.requester, receipt)).text).toBe('บันทึกการรับของแล้วค่ะ ขอบคุณค่ะ');

    // The reminder the office day before the due date carries ขอขยายเวลา; the approver decides.
    expect(await runReturnReminders(service.database, clock.set('2027-03-03', '10:00'))).toBe(1);
    await chat.settle();
    const reminder = await chat.inbox(u.requester);
    const askData = dataOf(reminder.entries, `ขอขยายเวลา #${loanId}`);
    expect(await tapsBy(ROLES, askData)).toEqual(notTheirs);
    const ask = await chat.tapData(u.requester, askData);
    await chat.tapIn(u.requester, ask.entries, 'เลือกวันคืนใหม่', { date: '2027-03-05' });
    const extensionCard = await chat.inbox(u.group_director);
    expect(extensionCard.text).toContain(`ขอขยายเวลาการยืมเลขที่ ${loanId}`);
    expect(await tapsBy(others('group_director'), dataOf(extensionCard.entries, 'อนุมัติ'))).toEqual({
      ...all(others('group_director', 'unregistered'), () => 'ขออภัยค่ะ คุณไม่ใช่ผู้อนุมัติการยืมนี้'),
      unregistered: 'กรุณาลงทะเบียนก่อนใช้งานนะคะ',
    });
    // Nor may the borrower decide their own.
    expect((await chat.tapIn(u.requester, extensionCard.entries, 'อนุมัติ')).text).toBe('ขออภัยค่ะ คุณไม่ใช่ผู้อนุมัติการยืมนี้');
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId))!.endsOn).toBe('2027-03-04');
    expect((await chat.tapIn(u.group_director, extensionCard.entries, 'อนุมัติ')).text).toContain(`อนุมัติขยายเวลาการยืมเลขที่ ${loanId}`);
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId))!.endsOn).toBe('2027-03-05');
    await chat.inbox(u.requester);

    clock.set('2027-03-05', '10:00');
    const back = await chat.say(u.technician, MENU_COMMANDS.equipmentLoans);
    const takeBack = onCard(back.entries, loanId, 'รับคืน');
    expect(await tapsBy(others('technician'), takeBack)).toEqual(lendDenied);
    await chat.tapData(u.technician, takeBack);
    await chat.tap(u.technician, 'ROLE-PJ-1');
    expect((await chat.tap(u.technician, 'ดี')).text).toContain('รับคืนครบทุกรายการแล้วค่ะ');
  });
});

describe('another office', () => {
  it('sees nothing of the first office’s loans: tiles, รายการรออนุมัติ, the desk, the item page', async () => {
    // One waiting for the first office's approver right now.
    const requester = await chat.personOf(u.requester);
    const type = (await listBorrowableTypes(service.database.db, DEFAULT_OFFICE_ID)).find((t) => t.name === TYPE)!.target;
    const made = await createLoan(service.database.db, { officeId: DEFAULT_OFFICE_ID, requesterId: requester.id, schoolId: requester.schoolId, purpose: 'ประชุม', place: 'ห้องประชุม', startsOn: '2027-03-25', endsOn: '2027-03-25', needsEndorsement: false, lines: [{ target: type, quantity: 1 }] }, clock.now());
    expect(made.ok).toBe(true);
    expect((await chat.say(u.group_director, MENU_COMMANDS.approvals)).text).toContain(T.pendingIntro(1));
    const borrow = await chat.say(u.k2teacher, MENU_COMMANDS.borrowEquipment);
    expect(cardsText(borrow.entries)).not.toContain('ROLE-PJ');
    expect(cardsText(borrow.entries)).not.toContain(TYPE);
    expect(cardsText(borrow.entries)).not.toContain(`${loanId}`);
    if (borrow.labels.includes(L.cancel)) await chat.tap(u.k2teacher, L.cancel);
    const pending = await chat.say(u.k2group, MENU_COMMANDS.approvals);
    expect(cardsText(pending.entries)).not.toContain('ยืมอุปกรณ์');
    const desk = await chat.say(u.k2tech, MENU_COMMANDS.equipmentLoans);
    expect(desk.text).toContain('วันนี้ไม่มีรายการส่งมอบหรือรับคืนค่ะ');
    expect((await chat.say(u.k2tech, 'ROLE-PJ-1')).text).toBe('ไม่พบครุภัณฑ์เลข "ROLE-PJ-1" ของสำนักงานค่ะ');
    // The first office's QR label, scanned: not found either.
    const scanned = await chat.say(u.k2tech, `${service.url}/liff/loan-items/${itemId}`);
    expect(scanned.text).toContain('ไม่พบครุภัณฑ์');
    expect(cardsText(scanned.entries)).not.toContain('ROLE-PJ-1');
    // The first office's buttons, replayed on the second office's channel, find nothing.
    const before = (await getLoan(service.database.db, DEFAULT_OFFICE_ID, made.ok ? made.loanId : 0))!;
    const decide = await chat.say(u.group_director, MENU_COMMANDS.approvals);
    const replayedDecision = await chat.tapData(u.k2group, dataOf(decide.entries, L.approve));
    expect(replayedDecision.text).not.toContain(T.decided(L.approve, before.id));
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, before.id))!.version).toBe(before.version);
    // The item's page is the first office's: its own people see it, the second office's LIFF is its own (its
    // login channel is not in emulator mode), so a first-office id there is covered by test/e2e/loan-item-page.test.ts.
    expect((await people.get(u.technician, `/loan-items/${itemId}`)).status).toBe(200);
  });
});

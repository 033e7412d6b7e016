import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq, isNull } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { historyOf } from '../../src/db/repos/history.ts';
import { createLoan, getLoan, listBorrowableTypes, updateLoan } from '../../src/db/repos/loans.ts';
import { saveOfficeSettings } from '../../src/db/repos/office-settings.ts';
import { auditLog, loanReservations, loans } from '../../src/db/schema.ts';
import { runLoanApprovalReminders, runLoanExpiry } from '../../src/flows/loans/jobs.ts';
import { loanLabels as L, loanTexts as T } from '../../src/flows/loans/messages.ts';
import { buttonLabel, deniedMessage, schoolButtonLabel } from '../../src/kit/steps.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * Borrowing through the emulator: a teacher asks for two projectors on dates when only one is free, is told so and
 * takes the nearest dates that work; the school director endorses (the office wants it), a technician cannot decide,
 * the group director approves from รายการรออนุมัติ; the teacher hears the decision and sees the loan on the tile.
 */

// Monday 1 March 2027 (later than the machine's clock).
const clock = testClock('2027-03-01', '09:00');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { teacher: '', director: '', group: '', technician: '', guest: '' };
let teacherId = 0;
let projectorType = 0;
const TYPE = 'เครื่องฉายทดสอบ';

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  const db = service.database.db;
  await saveOfficeSettings(db, DEFAULT_OFFICE_ID, { loans: { schoolDirectorEndorsement: true } }, clock.now());
  const f = officeFactory(db);
  for (const tag of ['T-PJ-1', 'T-PJ-2', 'T-PJ-3']) await f.loanItem(tag, TYPE, 'projector');
  projectorType = (await listBorrowableTypes(db, DEFAULT_OFFICE_ID)).find((t) => t.name === TYPE)!.target.id;

  u.teacher = await chat.registerTeacher('ครูใจดี ยืมเก่ง');
  const teacher = await chat.personOf(u.teacher);
  teacherId = teacher.id;
  for (const [key, name, role, schoolId] of [
    ['director', 'ผอ.โรงเรียน ใส่ใจ', 'school_director', teacher.schoolId],
    ['group', 'ผอ.กลุ่ม อนุมัติ', 'group_director', null],
    ['technician', 'ช่าง ขยัน', 'technician', null],
    ['guest', 'ผู้ใช้ ทั่วไป', 'guest', null],
  ] as const) {
    u[key] = await chat.newUser(name);
    await f.person(name, role, { lineUserId: u[key], schoolId });
  }
  // Someone else holds two of the three projectors on 3–4 March.
  const holder = await f.person('ครูอีกคน', 'teacher', { lineUserId: null, schoolId: teacher.schoolId });
  await db.transaction(async (tx) => {
    const made = await createLoan(tx, { officeId: DEFAULT_OFFICE_ID, requesterId: holder.id, schoolId: null, purpose: 'อบรม', place: 'โรงเรียน', startsOn: '2027-03-03', endsOn: '2027-03-04', needsEndorsement: false, lines: [{ target: { kind: 'type', id: projectorType }, quantity: 2 }] }, clock.now());
    if (!made.ok) throw new Error('setup');
    await updateLoan(tx, DEFAULT_OFFICE_ID, made.loanId, 1, { state: 'approved' }, clock.now());
  });
}, 180_000);
afterAll(async () => service.stop());

describe('a loan from the request to the approval', () => {
  let loanId = 0;
  let endorseCard: Awaited<ReturnType<typeof chat.inbox>>;

  it('asks what, how many and when; says what is free and offers the nearest dates that work', async () => {
    const start = await chat.say(u.teacher, MENU_COMMANDS.borrowEquipment);
    expect(start.text).toContain(T.pickWhat(false).slice(0, 20));
    const many = await chat.say(u.teacher, 'เครื่องฉาย');
    expect(many.text).toContain(T.howMany(TYPE, 3));
    expect(many.labels).toEqual(['1', '2', '3', L.cancel]);
    const asked = await chat.tap(u.teacher, '2');
    expect(asked.text).toContain(T.pickFrom(0));
    // A day typed instead of picked: asked to pick, with the picker under the answer (LINE shows no older one).
    const from = await chat.say(u.teacher, 'พรุ่งนี้');
    expect(from.text).toBe(T.datesPlease);
    expect(from.labels).toContain(L.from);
    const to = await chat.tapIn(u.teacher, from.entries, L.from, { date: '2027-03-03' });
    // A date picker's answer shows nothing in the chat: the question after it says which day was picked.
    expect(to.text).toBe('เริ่มยืม 3 มีนาคม 2570 ค่ะ คืนวันไหนคะ (ยืมได้ไม่เกิน 14 วัน)');
    const typedTo = await chat.say(u.teacher, 'วันศุกร์');
    expect(typedTo.labels).toContain(L.to);
    // Longer than the office allows: asked again.
    const tooLong = await chat.tapIn(u.teacher, typedTo.entries, L.to, { date: '2027-03-31' });
    expect(tooLong.text).toContain(T.badTo('2027-03-03', '2027-03-16'));
    const short = await chat.tapIn(u.teacher, tooLong.entries, L.to, { date: '2027-03-04' });
    expect(short.text).toContain(T.notEnough(TYPE, 2, 1, '2027-03-03', '2027-03-04'));
    expect(short.labels).toContain(L.range('2027-03-05', '2027-03-06'));
    expect(short.labels).toContain('ยืม 1 เครื่อง');

    const purpose = await chat.tap(u.teacher, L.range('2027-03-05', '2027-03-06'));
    expect(purpose.text).toContain(T.askPurpose);
    expect((await chat.say(u.teacher, 'อบรมครูเรื่องสื่อดิจิทัล')).text).toContain(T.askPlace);
    const school = await chat.say(u.teacher, 'หอประชุมโรงเรียน');
    expect(school.text).toContain(T.askSchool);
    const teacher = await chat.personOf(u.teacher);
    const summary = await chat.tap(u.teacher, buttonLabel(schoolButtonLabel(teacher.schoolName!)));
    expect(summary.text).toContain(L.headline(null));
    const sent = await chat.tapIn(u.teacher, summary.entries, L.send);
    expect(sent.text).toContain(T.sent(true));

    const [row] = await service.database.db.select().from(loans).where(eq(loans.requesterId, teacherId));
    expect(row).toMatchObject({ state: 'submitted', startsOn: '2027-03-05', endsOn: '2027-03-06', needsEndorsement: true, schoolId: teacher.schoolId, purpose: 'อบรมครูเรื่องสื่อดิจิทัล' });
    loanId = row!.id;
    const held = await service.database.db.select().from(loanReservations).where(and(eq(loanReservations.loanId, loanId), isNull(loanReservations.releasedAt)));
    expect(held).toHaveLength(2);
    expect((await historyOf(service.database.db, 'loan', loanId, 'requested')).length).toBe(1);
  });

  it('the school director is pushed the card to endorse; the group director hears nothing yet', async () => {
    endorseCard = await chat.inbox(u.director);
    expect(endorseCard.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(endorseCard.text).toContain(T.toDecide(loanId, 'ครูใจดี ยืมเก่ง', true));
    // As quick replies under the text and as the card's buttons.
    expect(actionsIn(endorseCard.entries).map((a) => a.label)).toEqual([L.endorse, L.notEndorse, L.return, L.endorse, L.notEndorse, L.return]);
    expect((await chat.inbox(u.group)).entries).toHaveLength(0);
  });

  it('a technician who taps the card is refused politely and the refusal is recorded', async () => {
    const refused = await chat.tapIn(u.technician, endorseCard.entries, L.endorse);
    expect(refused.text).toBe(deniedMessage('confirm_school_request'));
    const denials = await service.database.db.select().from(auditLog).where(eq(auditLog.action, 'permission_denied'));
    expect(denials.some((d) => d.subjectId === 'confirm_school_request')).toBe(true);
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId))!.endorsedAt).toBeNull();
  });

  it('someone without the borrow permission is refused at the tile', async () => {
    expect((await chat.say(u.guest, MENU_COMMANDS.borrowEquipment)).text).toBe(deniedMessage('borrow_equipment'));
  });

  it('the director endorses; the group director gets the card and approves from รายการรออนุมัติ; the teacher is told', async () => {
    clock.set('2027-03-01', '10:00');
    const endorsed = await chat.tapIn(u.director, endorseCard.entries, L.endorse);
    expect(endorsed.text).toContain(T.decided(L.endorse, loanId));
    expect((await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId))!.endorsedAt).not.toBeNull();
    // The borrower hears only the decision.
    expect((await chat.inbox(u.teacher)).entries).toHaveLength(0);
    const pushed = await chat.inbox(u.group);
    expect(pushed.text).toContain(T.toDecide(loanId, 'ครูใจดี ยืมเก่ง', false));
    // The endorsement button, tapped again, no longer does anything.
    const again = await chat.tapIn(u.director, endorseCard.entries, L.endorse);
    expect(again.text).not.toContain(T.decided(L.endorse, loanId));

    // Nor may a technician approve it.
    expect((await chat.tapIn(u.technician, pushed.entries, L.approve)).text).toBe(deniedMessage('approve_loan'));

    const pending = await chat.say(u.group, MENU_COMMANDS.approvals);
    expect(pending.text).toContain(T.pendingIntro(1));
    const approved = await chat.tapIn(u.group, pending.entries, L.approve);
    expect(approved.text).toContain(T.decided(L.approve, loanId));
    expect(await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId)).toMatchObject({ state: 'approved' });
    const told = await chat.inbox(u.teacher);
    expect(told.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(told.text).toContain('อนุมัติแล้ว');
    // A card drawn before the approval is answered, not acted on.
    const stale = await chat.tapIn(u.group, pushed.entries, L.approve);
    expect(stale.text).toContain(T.alreadyDecided(loanId, 'อนุมัติแล้ว'));
    expect((await historyOf(service.database.db, 'loan', loanId, 'approved')).length).toBe(1);
  });

  it('the tile shows the teacher their loan with the next step', async () => {
    const tile = await chat.say(u.teacher, MENU_COMMANDS.borrowEquipment);
    expect(tile.text).toContain(T.myLoans(1));
    expect(JSON.stringify(tile.entries.map((e) => e.message))).toContain('รับอุปกรณ์ที่กลุ่มงาน ICT ในวันเริ่มยืม');
    await chat.tap(u.teacher, L.cancel);
  });

  it('the teacher withdraws it; its projectors are free again', async () => {
    const tile = await chat.say(u.teacher, MENU_COMMANDS.borrowEquipment);
    const done = await chat.tapIn(u.teacher, tile.entries, L.withdraw);
    expect(done.text).toContain(T.withdrawn(loanId));
    expect(await getLoan(service.database.db, DEFAULT_OFFICE_ID, loanId)).toMatchObject({ state: 'cancelled' });
    const held = await service.database.db.select().from(loanReservations).where(and(eq(loanReservations.loanId, loanId), isNull(loanReservations.releasedAt)));
    expect(held).toHaveLength(0);
  });
});

/** A request written straight to the database, as the chat writes it (state submitted, its items reserved). */
async function requested(from: string, to: string, at: Date): Promise<number> {
  return service.database.db.transaction(async (tx) => {
    const made = await createLoan(tx, { officeId: DEFAULT_OFFICE_ID, requesterId: teacherId, schoolId: null, purpose: 'ประชุม', place: 'ห้องประชุม', startsOn: from, endsOn: to, needsEndorsement: false, lines: [{ target: { kind: 'type', id: projectorType }, quantity: 1 }] }, at);
    if (!made.ok) throw new Error('not made');
    return made.loanId;
  });
}

describe('a specific item, and a request returned for correction', () => {
  it('a ครุภัณฑ์ number typed asks for that very item (no "how many")', async () => {
    clock.set('2027-03-02', '09:00');
    await chat.say(u.teacher, MENU_COMMANDS.borrowEquipment);
    const when = await chat.say(u.teacher, 'T-PJ-3');
    expect(when.text).toContain(T.pickFrom(0));
    await chat.tap(u.teacher, L.cancel);
  });

  it('dates months ahead are counted with the holds there too', async () => {
    clock.set('2027-03-02', '09:30');
    const far = await requested('2027-09-01', '2027-09-01', clock.now());
    const two = await service.database.db.transaction(async (tx) =>
      createLoan(tx, { officeId: DEFAULT_OFFICE_ID, requesterId: teacherId, schoolId: null, purpose: 'x', place: 'x', startsOn: '2027-09-01', endsOn: '2027-09-01', needsEndorsement: false, lines: [{ target: { kind: 'type', id: projectorType }, quantity: 2 }] }, clock.now()),
    );
    if (!two.ok) throw new Error('setup');
    await chat.say(u.teacher, MENU_COMMANDS.borrowEquipment);
    await chat.say(u.teacher, 'เครื่องฉาย');
    const from = await chat.tap(u.teacher, '1');
    const to = await chat.tapIn(u.teacher, from.entries, L.from, { date: '2027-09-01' });
    const answer = await chat.tapIn(u.teacher, to.entries, L.to, { date: '2027-09-01' });
    expect(answer.text).toContain(T.notEnough(TYPE, 1, 0, '2027-09-01', '2027-09-01'));
    expect(answer.labels).toContain(L.range('2027-09-02', '2027-09-02'));
    await chat.tap(u.teacher, L.cancel);
    for (const id of [far, two.loanId]) {
      const loan = (await getLoan(service.database.db, DEFAULT_OFFICE_ID, id))!;
      await updateLoan(service.database.db, DEFAULT_OFFICE_ID, id, loan.version, { state: 'cancelled' }, clock.now());
    }
  });

  it('the approver returns it with a reason; the borrower corrects it and sends it again, and the approver gets it back', async () => {
    clock.set('2027-03-02', '10:00');
    const id = await requested('2027-03-15', '2027-03-15', clock.now());
    const loan = (await getLoan(service.database.db, DEFAULT_OFFICE_ID, id))!;
    // The card as the approver gets it (written straight, so pushed by nobody): from รายการรออนุมัติ.
    const pending = await chat.say(u.group, MENU_COMMANDS.approvals);
    const ask = await chat.tapIn(u.group, pending.entries, L.return);
    expect(ask.text).toContain(T.askReason(false));
    const returned = await chat.say(u.group, 'กรุณาระบุสถานที่ให้ชัดเจน');
    expect(returned.text).toContain(T.decided(L.return, id));
    expect(await getLoan(service.database.db, DEFAULT_OFFICE_ID, id)).toMatchObject({ state: 'returned', decisionNote: 'กรุณาระบุสถานที่ให้ชัดเจน', version: loan.version + 1 });
    const told = await chat.inbox(u.teacher);
    expect(told.text).toContain('กรุณาระบุสถานที่ให้ชัดเจน');
    // แก้ไขคำขอ: the form filled in with it, at its summary; the dates and the place changed, then sent again.
    const editing = await chat.tapIn(u.teacher, told.entries, L.edit);
    expect(editing.text).toContain(T.editing(id));
    const from = await chat.tapIn(u.teacher, editing.entries, L.changeDates);
    const to = await chat.tapIn(u.teacher, from.entries, L.from, { date: '2027-03-16' });
    const back = await chat.tapIn(u.teacher, to.entries, L.to, { date: '2027-03-16' });
    expect(back.text).toContain(L.editHeadline(id));
    const place = await chat.tapIn(u.teacher, back.entries, L.changePlace);
    expect(place.text).toContain(T.askPlace);
    const summary = await chat.say(u.teacher, 'ห้องประชุมชั้น 2 อาคารเรียน 1');
    const again = await chat.tapIn(u.teacher, summary.entries, L.send);
    expect(again.text).toContain(T.resubmitted(id));
    expect(await getLoan(service.database.db, DEFAULT_OFFICE_ID, id)).toMatchObject({ state: 'submitted', decisionNote: null, startsOn: '2027-03-16', endsOn: '2027-03-16', place: 'ห้องประชุมชั้น 2 อาคารเรียน 1' });
    const held = await service.database.db.select().from(loanReservations).where(and(eq(loanReservations.loanId, id), isNull(loanReservations.releasedAt)));
    expect(held.map((r) => [r.startsOn, r.endsOn])).toEqual([['2027-03-16', '2027-03-16']]);
    expect((await historyOf(service.database.db, 'loan', id, 'resubmitted')).length).toBe(1);
    expect((await chat.inbox(u.group)).text).toContain(T.toDecide(id, 'ครูใจดี ยืมเก่ง', false));
    const withdrawn = await chat.tapIn(u.teacher, told.entries, L.withdraw);
    expect(withdrawn.text).not.toContain(T.withdrawn(id));
    const loanNow = (await getLoan(service.database.db, DEFAULT_OFFICE_ID, id))!;
    await updateLoan(service.database.db, DEFAULT_OFFICE_ID, id, loanNow.version, { state: 'cancelled' }, clock.now());
  });
});

describe('the clocks', () => {
  it('a pending approval is reminded in office time, once, and a decider hears one reminder a day', async () => {
    const sentAt = clock.set('2027-03-08', '15:00'); // Monday
    const a = await requested('2027-03-20', '2027-03-20', sentAt);
    const b = await requested('2027-03-21', '2027-03-21', sentAt);
    await chat.inbox(u.group);
    // 4 office hours after Monday 15:00 is Tuesday 11:00 (the office closes at 16:30, opens at 08:30).
    expect(await runLoanApprovalReminders(service.database, clock.set('2027-03-08', '17:00'))).toBe(0);
    expect(await runLoanApprovalReminders(service.database, clock.set('2027-03-09', '10:55'))).toBe(0);
    expect(await runLoanApprovalReminders(service.database, clock.set('2027-03-09', '11:00'))).toBe(2);
    await chat.settle();
    const reminded = await chat.inbox(u.group);
    expect(reminded.entries.filter((e) => e.message.text === T.reminder)).toHaveLength(1);
    expect(await runLoanApprovalReminders(service.database, clock.set('2027-03-09', '11:05'))).toBe(0);
    for (const id of [a, b]) expect((await historyOf(service.database.db, 'loan', id, 'reminded')).length).toBe(1);
    // Withdrawn: no more reminders for them.
    for (const id of [a, b]) {
      const loan = (await getLoan(service.database.db, DEFAULT_OFFICE_ID, id))!;
      await updateLoan(service.database.db, DEFAULT_OFFICE_ID, id, loan.version, { state: 'cancelled' }, clock.now());
    }
  });

  it('a request not decided by the end of its first day expires; its items are let go and the borrower is told', async () => {
    const id = await requested('2027-03-24', '2027-03-25', clock.set('2027-03-22', '09:00'));
    await chat.inbox(u.teacher);
    expect(await runLoanExpiry(service.database, clock.set('2027-03-24', '16:00'))).toBe(0);
    expect(await runLoanExpiry(service.database, clock.set('2027-03-24', '16:30'))).toBe(1);
    expect(await getLoan(service.database.db, DEFAULT_OFFICE_ID, id)).toMatchObject({ state: 'expired' });
    const held = await service.database.db.select().from(loanReservations).where(and(eq(loanReservations.loanId, id), isNull(loanReservations.releasedAt)));
    expect(held).toHaveLength(0);
    await chat.settle();
    const told = await chat.inbox(u.teacher);
    expect(told.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(told.text).toContain(T.expired(id, '2027-03-24'));
    expect(await runLoanExpiry(service.database, clock.set('2027-03-24', '16:40'))).toBe(0);
    expect((await historyOf(service.database.db, 'loan', id, 'expired')).length).toBe(1);
  });
});

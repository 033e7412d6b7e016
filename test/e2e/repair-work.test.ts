import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { listAudit } from '../../src/db/repos/audit.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import { findPersonByLineUser, insertPerson } from '../../src/db/repos/people.ts';
import { listCategories } from '../../src/db/repos/repair-categories.ts';
import { insertOfficeChannel } from '../../src/db/repos/line-channels.ts';
import { createTicket, getTicket, ticketTimeline } from '../../src/db/repos/repair-tickets.ts';
import { outboxMessages } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { acceptAction } from '../../src/flows/repair-work/actions.ts';
import { repairWorkStep } from '../../src/flows/repair-work/flow.ts';
import { runRepairClocks, runRepairDigest } from '../../src/flows/repair-work/jobs.ts';
import { repairWorkLabels as L, repairWorkTexts as T } from '../../src/flows/repair-work/messages.ts';
import { prepareRepairWork } from '../../src/flows/repair-work/prepare.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { botMessages } from '../../src/bot/messages.ts';
import type { ConversationEntry } from '../support/service.ts';
import { actionsIn, chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

// 2027-03-01 is a Monday; Wednesday 2027-03-03 is made a holiday of the office below.
// Later than the machine's clock: the inbox takes events whose time has come by the service's clock.
const clock = testClock('2027-03-01', '08:30');
const setClock = clock.set;
const now = clock.now;

let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const people: Record<'teacher' | 'tech1' | 'tech2' | 'director', string> = { teacher: '', tech1: '', tech2: '', director: '' };

async function tapWith(userId: string, data: string, params?: Record<string, string>) {
  await chat.emulator.tap(userId, data, params);
  await chat.settle();
  return chat.inbox(userId);
}

const registerTeacher = (name: string) => chat.registerTeacher(name);
const registerInvited = (name: string, role: 'technician' | 'group_director') => chat.registerInvited(name, role, now());

/** The postback buttons on the cards themselves (Flex), without the quick replies under them. */
const cardButtons = (entries: ConversationEntry[]) => actionsIn(entries.map((e) => ({ ...e, message: { ...e.message, quickReply: undefined } })));

const personOf = async (userId: string) => (await findPersonByLineUser(service.database.db, DEFAULT_CHANNEL_ID, userId))!;

async function openTicket(teachingStopped: boolean, description: string) {
  const teacher = await personOf(people.teacher);
  const [category] = await listCategories(service.database.db, DEFAULT_OFFICE_ID, { groupCode: 'dltv' });
  return service.database.db.transaction((tx) =>
    createTicket(tx, { officeId: DEFAULT_OFFICE_ID, schoolId: teacher.schoolId!, reporterId: teacher.id, categoryId: category!.id, description, teachingStopped }, now()),
  );
}

async function clocks() {
  await runRepairClocks(service.database, now());
  await chat.settle();
}

beforeAll(async () => {
  service = await startTestService({}, { now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  await upsertHolidays(service.database.db, DEFAULT_OFFICE_ID, [{ date: '2027-03-03', name: 'วันหยุดชดเชย' }]);
  people.teacher = await registerTeacher('ครูสมศรี ใจดี');
  people.tech1 = await registerInvited('ช่างหนึ่ง ตั้งใจ', 'technician');
  people.tech2 = await registerInvited('ช่างสอง ขยัน', 'technician');
  people.director = await registerInvited('ผอ.กลุ่ม ดูแล', 'group_director');
  for (const id of Object.values(people)) await chat.inbox(id);
});
afterAll(async () => service.stop());

describe('working a repair ticket', () => {
  let ticketA = 0;
  let ticketB = 0;
  let numberA = '';
  let bAcceptData = '';

  it('alerts every technician on duty with a "รับงาน" card; the first of two taps at once takes it, the other is told who took it', async () => {
    setClock('2027-03-01', '09:00');
    const a = await openTicket(true, 'ทีวีห้อง ป.3 ไม่มีสัญญาณ');
    ticketA = a.id;
    numberA = a.number;
    await clocks();
    const alert1 = await chat.inbox(people.tech1);
    const alert2 = await chat.inbox(people.tech2);
    expect(alert1.text).toContain(numberA);
    expect(alert2.text).toContain(numberA);
    // Only technicians hear of it.
    expect((await chat.inbox(people.teacher)).entries).toHaveLength(0);
    await clocks();
    expect((await chat.inbox(people.tech1)).entries).toHaveLength(0);

    await Promise.all([
      chat.emulator.tap(people.tech1, dataOf(alert1.entries, L.accept)),
      chat.emulator.tap(people.tech2, dataOf(alert2.entries, L.accept)),
    ]);
    await chat.settle();
    const said = [await chat.inbox(people.tech1), await chat.inbox(people.tech2)];
    const ticket = (await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketA))!;
    expect(ticket.status).toBe('accepted');
    const winner = ticket.assigneeName === 'ช่างหนึ่ง ตั้งใจ' ? 0 : 1;
    expect(said[winner]!.text).toContain(T.accepted(numberA));
    expect(said[1 - winner]!.text).toContain(T.takenBy(numberA, ticket.assigneeName!));
    expect((await ticketTimeline(service.database.db, ticketA)).filter((e) => e.action === 'accepted')).toHaveLength(1);
    if (winner === 1) [people.tech1, people.tech2] = [people.tech2, people.tech1];
  });

  it('the visit date comes from the date-time picker, and the reporter gets one push with it', async () => {
    setClock('2027-03-01', '09:10');
    const mine = await chat.say(people.tech1, MENU_COMMANDS.myJobs);
    expect(mine.text).toContain(T.myTicketsIntro(1));
    const picker = actionsIn(mine.entries).find((a) => a.label === L.visit)!;
    expect(picker.type).toBe('datetimepicker');
    const answer = await tapWith(people.tech1, picker.data, { datetime: '2027-03-02T10:00' });
    expect(answer.text).toContain('2 มีนาคม 2570 เวลา 10:00 น.');
    const ticket = (await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketA))!;
    expect(ticket.status).toBe('scheduled');
    expect(ticket.visitAt).toEqual(bangkokTime('2027-03-02', '10:00'));
    const reporter = await chat.inbox(people.teacher);
    expect(reporter.entries.map((e) => e.via)).toEqual(['push']);
    expect(reporter.text).toBe(T.toReporterVisit(numberA, 'ช่างหนึ่ง ตั้งใจ', bangkokTime('2027-03-02', '10:00')).replace(/ช่างหนึ่ง ตั้งใจ/, ticket.assigneeName!));
    // The same picker again is out of date: the ticket moved on.
    expect((await tapWith(people.tech1, picker.data, { datetime: '2027-03-02T11:00' })).text).toContain('ใช้ไม่ได้แล้ว');
  });

  it('waiting for parts stops the clock: no escalation while waiting, and the waited office time moves the deadline', async () => {
    setClock('2027-03-01', '10:00');
    const mine = await chat.say(people.tech1, MENU_COMMANDS.myJobs);
    const reasons = await tapWith(people.tech1, dataOf(mine.entries, L.wait));
    await tapWith(people.tech1, dataOf(reasons.entries, L.waitReasons.parts));
    const waiting = await chat.say(people.tech1, 'รอ LNB จากผู้ขาย');
    expect(waiting.text).toContain(T.waiting(numberA));
    expect((await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketA))!.status).toBe('waiting');

    // Ticket B (normal) comes in Tuesday 16:00: accept due 30 min Tuesday + 210 min Thursday (Wednesday is a holiday) = Thursday 12:00.
    setClock('2027-03-02', '16:00');
    const b = await openTicket(false, 'เครื่องรับสัญญาณไม่ติด');
    ticketB = b.id;
    expect(b.acceptDueAt).toEqual(bangkokTime('2027-03-04', '12:00'));
    await clocks();
    bAcceptData = dataOf((await chat.inbox(people.tech2)).entries, L.accept);
    await chat.inbox(people.tech1);

    // Thursday 09:00: ticket A's resolve deadline (Tuesday 09:00) has long passed, but A is waiting.
    setClock('2027-03-04', '09:00');
    await clocks();
    expect((await chat.inbox(people.director)).entries).toHaveLength(0);
    expect((await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketA))!.resolveEscalationLevel).toBe(0);

    const card = await chat.say(people.tech1, MENU_COMMANDS.myJobs);
    const resumed = await tapWith(people.tech1, dataOf(card.entries, L.resume));
    expect(resumed.text).toContain(T.resumed(numberA));
    const ticket = (await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketA))!;
    expect(ticket.status).toBe('scheduled');
    // Waited Monday 10:00 → Thursday 09:00 = 390 + 480 + 0 (holiday) + 30 = 900 office minutes; the deadline
    // (Monday 09:00 + 480) moves to Monday 09:00 + 1380 office minutes = 450 + 480 + 450 = Thursday 16:00.
    expect(ticket.pausedOfficeMinutes).toBe(900);
    expect(ticket.resolveDueAt).toEqual(bangkokTime('2027-03-04', '16:00'));
  });

  it('escalates an unaccepted ticket to the group director at the office-time deadline, once, and records it', async () => {
    setClock('2027-03-04', '11:59');
    await clocks();
    expect((await chat.inbox(people.director)).entries).toHaveLength(0);
    setClock('2027-03-04', '12:00');
    await clocks();
    const escalation = await chat.inbox(people.director);
    expect(escalation.entries).toHaveLength(1);
    expect(escalation.text).toContain('ระดับ 1');
    expect(escalation.text).toContain(`ซ่อม ${(await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketB))!.number.slice(5)}`);
    setClock('2027-03-04', '12:05');
    await clocks();
    expect((await chat.inbox(people.director)).entries).toHaveLength(0);
    const b = (await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketB))!;
    expect(b.acceptEscalationLevel).toBe(1);
    expect((await ticketTimeline(service.database.db, ticketB)).filter((e) => e.action === 'escalated')).toHaveLength(1);
  });

  it('permissions: a teacher cannot accept (told politely, audited); the group director cannot take, only assign', async () => {
    const denied = await tapWith(people.teacher, bAcceptData);
    expect(denied.text).toContain('ยังไม่มีสิทธิ์');
    expect((await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketB))!.status).toBe('new');
    const audit = await listAudit(service.database.db, DEFAULT_OFFICE_ID, { action: 'permission_denied' });
    expect(audit.some((a) => a.subjectId === 'take_ticket')).toBe(true);

    const list = await chat.say(people.director, MENU_COMMANDS.newJobs);
    expect(list.text).toContain(T.newTicketsIntro(1));
    expect(actionsIn(list.entries).map((a) => a.label)).not.toContain(L.accept);
    const technicians = await tapWith(people.director, dataOf(list.entries, L.assign));
    // Ticket B goes to the technician who lost the race for ticket A (people.tech2 after the first test's swap), so
    // each technician then has one ticket whichever of them won.
    const otherTechnician = (await personOf(people.tech2)).fullName;
    const assigned = await tapWith(people.director, dataOf(technicians.entries, otherTechnician));
    expect(assigned.text).toContain('มอบหมายงาน');
    const b = (await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketB))!;
    expect([b.status, b.assigneeName]).toEqual(['accepted', otherTechnician]);
    expect((await chat.inbox(people.tech2)).text).toContain(T.youWereAssigned(b.number, b.schoolName));
  });

  it('resolving asks what was done and the parts; the school gets "please confirm" with its buttons; reminder then auto-close after 3 office days', async () => {
    setClock('2027-03-04', '13:00');
    const mine = await chat.say(people.tech1, MENU_COMMANDS.myJobs);
    await tapWith(people.tech1, dataOf(mine.entries, L.resolve));
    await chat.say(people.tech1, 'เปลี่ยน LNB และตั้งจานใหม่');
    await chat.say(people.tech1, 'LNB 1 ตัว');
    const done = await chat.tap(people.tech1, L.skip);
    expect(done.text).toContain(T.resolved(numberA));
    const resolved = (await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketA))!;
    expect(resolved.status).toBe('resolved');
    const toSchool = await chat.inbox(people.teacher);
    expect(toSchool.entries.map((e) => e.via)).toEqual(['push']);
    // A card whose buttons stay after the person types anything, and the same two as quick replies.
    expect(toSchool.entries[0]!.message.type).toBe('flex');
    expect(cardButtons(toSchool.entries).map((a) => a.label)).toEqual(['ใช้งานได้แล้ว', 'ยังใช้ไม่ได้']);
    expect(actionsIn(toSchool.entries).map((a) => a.label)).toEqual(['ใช้งานได้แล้ว', 'ยังใช้ไม่ได้', 'ใช้งานได้แล้ว', 'ยังใช้ไม่ได้']);

    // Reminder one office day later (Friday 13:00); closed three office days after (Fri, Mon, Tue → Tuesday 13:00).
    setClock('2027-03-05', '12:59');
    await clocks();
    expect((await chat.inbox(people.teacher)).entries).toHaveLength(0);
    setClock('2027-03-05', '13:00');
    await clocks();
    const reminder = await chat.inbox(people.teacher);
    expect(reminder.entries).toHaveLength(1);
    expect(reminder.text).toContain(numberA);
    expect(cardButtons(reminder.entries).map((a) => a.label)).toEqual(['ใช้งานได้แล้ว', 'ยังใช้ไม่ได้']);
    setClock('2027-03-08', '15:00');
    await clocks();
    expect((await chat.inbox(people.teacher)).entries).toHaveLength(0);
    setClock('2027-03-09', '12:59');
    await clocks();
    expect((await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketA))!.status).toBe('resolved');
    setClock('2027-03-09', '13:00');
    await clocks();
    const closed = (await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketA))!;
    expect(closed.status).toBe('closed');
    const timeline = await ticketTimeline(service.database.db, ticketA);
    expect(timeline.map((e) => e.action)).toEqual(['created', 'accepted', 'scheduled', 'waiting', 'resumed', 'resolved', 'reminded', 'auto_closed']);

    const history = await tapWith(people.tech1, dataOf(mine.entries, L.timeline));
    expect(history.text).toContain(T.timelineAlt(numberA));
  });

  it("the group director's morning digest on an office day is one message, once, with new, overdue and waiting tickets", async () => {
    const c = await openTicket(false, 'โปรเจกเตอร์เปิดไม่ติด');
    await clocks();
    // Ticket B, assigned on Thursday, missed its resolve deadline meanwhile: that escalation is not the digest.
    expect((await chat.inbox(people.director)).text).toContain('ระดับ 1');
    setClock('2027-03-10', '07:59');
    expect(await runRepairDigest(service.database, now())).toBe(0);
    setClock('2027-03-10', '08:00');
    expect(await runRepairDigest(service.database, now())).toBe(1);
    setClock('2027-03-10', '08:05');
    expect(await runRepairDigest(service.database, now())).toBe(0);
    await chat.settle();
    const digest = await chat.inbox(people.director);
    expect(digest.entries).toHaveLength(1);
    expect(digest.text).toContain('สรุปงานซ่อมประจำวัน 10 มีนาคม 2570');
    expect(digest.text).toContain(c.number);
    expect(digest.text).toContain('งานเกินกำหนด');
    // Saturday is no office day.
    setClock('2027-03-13', '08:00');
    expect(await runRepairDigest(service.database, now())).toBe(0);
  });

  it('สรุปงานซ่อม gives directors this month and this fiscal year; a technician is refused', async () => {
    const summary = await chat.say(people.director, MENU_COMMANDS.repairSummary);
    expect(summary.text).toContain('ปีงบประมาณ 2570');
    // The month with its Buddhist year, as every date the bot writes.
    expect(summary.text).toContain('【เดือนมีนาคม 2570】');
    expect(summary.text).toContain('แจ้งใหม่ 3');
    expect((await chat.say(people.tech1, MENU_COMMANDS.repairSummary)).text).toContain('ยังไม่มีสิทธิ์');
  });

  it('a ticket the school confirmed counts as closed in สรุปงานซ่อม', async () => {
    setClock('2027-03-15', '09:00');
    const before = await chat.say(people.director, MENU_COMMANDS.repairSummary);
    // Ticket A was closed automatically on 9 March; ticket B is still being worked on.
    expect(before.text).toContain('ปิดงาน 1');
    const b = (await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketB))!;
    const techOfB = (await personOf(people.tech1)).fullName === b.assigneeName ? people.tech1 : people.tech2;
    const mine = await chat.say(techOfB, MENU_COMMANDS.myJobs);
    await tapWith(techOfB, dataOf(mine.entries, L.resolve));
    await chat.say(techOfB, 'ตั้งค่าเครื่องรับใหม่');
    await chat.say(techOfB, 'ไม่มี');
    await chat.tap(techOfB, L.skip);
    const toSchool = await chat.inbox(people.teacher);
    // The teacher writes something first: the quick replies are gone, the card's buttons are not.
    await chat.say(people.teacher, 'ขอบคุณค่ะ');
    const card = cardButtons(toSchool.entries);
    const confirmed = await tapWith(people.teacher, card.find((a) => a.label === 'ใช้งานได้แล้ว')!.data);
    expect(confirmed.text).toContain(b.number);
    expect((await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketB))!.status).toBe('confirmed');
    // The same card afterwards is out of date: its ticket moved on.
    const late = await tapWith(people.teacher, card.find((a) => a.label === 'ยังใช้ไม่ได้')!.data);
    expect(late.text).toBe(botMessages.buttonNoLongerValid);
    expect((await getTicket(service.database.db, DEFAULT_OFFICE_ID, ticketB))!.status).toBe('confirmed');

    const after = await chat.say(people.director, MENU_COMMANDS.repairSummary);
    expect(after.text).toContain('ปิดงาน 2');
  });

  it('a technician of another office sees nothing of this office: no alert, no list, no ticket', async () => {
    await insertOfficeChannel(service.database.db, { id: 'office2', officeId: 'office2', officeName: 'สพป.อื่น', channelSecret: 's'.repeat(32), channelAccessToken: 't' });
    const otherId = await insertPerson(
      service.database.db,
      { officeId: 'office2', channelId: 'office2', lineUserId: `U${'e'.repeat(32)}`, fullName: 'ช่างต่างเขต', phone: null, role: 'technician', schoolId: null, consentAt: now(), richMenuFamily: 'technician' },
      now(),
    );
    const other = { id: otherId, officeId: 'office2', channelId: 'office2', lineUserId: `U${'e'.repeat(32)}`, fullName: 'ช่างต่างเขต', phone: null, role: 'technician' as const, schoolId: null, schoolName: null, status: 'active' as const, consentAt: now(), createdAt: now() };
    await openTicket(true, 'อินเทอร์เน็ตใช้ไม่ได้');
    await clocks();
    const toOther = await service.database.db.select().from(outboxMessages).where(and(eq(outboxMessages.toUserId, other.lineUserId)));
    expect(toOther).toHaveLength(0);

    const env = { channelId: 'office2', officeId: 'office2', lineUserId: other.lineUserId, now: now() };
    const menuInput = { kind: 'text' as const, userId: other.lineUserId, text: MENU_COMMANDS.newJobs };
    const listPrepared = await service.database.db.transaction((tx) => prepareRepairWork(tx, menuInput, null, other, env));
    const list = repairWorkStep(null, menuInput, now(), { person: other, prepared: listPrepared });
    expect(JSON.stringify(list.effects)).toContain(T.noNewTickets);

    const tap = { kind: 'postback' as const, userId: other.lineUserId, action: acceptAction, payload: { t: ticketB, v: 1 }, params: {} };
    const prepared = await service.database.db.transaction((tx) => prepareRepairWork(tx, tap, null, other, env));
    const result = repairWorkStep(null, tap, now(), { person: other, prepared });
    expect(JSON.stringify(result.effects)).toContain(T.ticketNotFound);
    expect(result.effects.some((e) => e.kind === 'command')).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { createAccessRequest, getAccessRequestView, listInfoSystems, upsertInfoSystem } from '../../src/db/repos/access-requests.ts';
import { historyOf } from '../../src/db/repos/history.ts';
import { actingAssignments, auditLog, lineChannels, offices } from '../../src/db/schema.ts';
import { accessLabels as L, accessTexts as T } from '../../src/flows/access/messages.ts';
import { encodePostback } from '../../src/line/postback.ts';
import { decideAction } from '../../src/flows/access/actions.ts';
import { deniedMessage } from '../../src/kit/steps.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { runInfoSystemsCommand } from '../../scripts/info-systems.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * An access request through the emulator: a teacher asks for access to a system; the group director approves on the
 * pushed card; the system's administrator records the grant; the teacher hears each decision; the administrator ends
 * the access later; the CSV audit shows it all. A second request is declined from รายการรออนุมัติ. A teacher, a
 * technician who is not the system's administrator, and someone of another office are refused.
 */

const clock = testClock('2027-03-01', '09:00');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { teacher: '', group: '', admin: '', technician: '', deputy: '', guest: '', officeAdmin: '' };
let groupId = 0;
let deputyId = 0;
let teacherId = 0;
let adminId = 0;
const SYSTEM = 'ระบบทดสอบ DMC';
const OTHER = 'access-other-office';

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  const db = service.database.db;
  const f = officeFactory(db);
  u.teacher = await chat.registerTeacher('ครูขอ สิทธิ์');
  teacherId = (await chat.personOf(u.teacher)).id;
  for (const [key, name, role] of [
    ['group', 'ผอ.กลุ่ม อนุมัติ', 'group_director'],
    ['admin', 'ผู้ดูแล ระบบดี', 'technician'],
    ['technician', 'ช่าง อื่น', 'technician'],
    ['deputy', 'รองผอ. รักษาการ', 'deputy_director'],
    ['guest', 'ผู้ใช้ ทั่วไป', 'guest'],
    ['officeAdmin', 'แอดมิน สำนักงาน', 'admin'],
  ] as const) {
    u[key] = await chat.newUser(name);
    const p = await f.person(name, role, { lineUserId: u[key] });
    if (key === 'admin') adminId = p.id;
    if (key === 'group') groupId = p.id;
    if (key === 'deputy') deputyId = p.id;
  }
  await upsertInfoSystem(db, DEFAULT_OFFICE_ID, { name: SYSTEM, description: null, adminPersonId: adminId, active: true }, clock.now());
  await db.insert(offices).values({ id: OTHER, name: 'สพป. อื่น' }).onConflictDoNothing();
  await upsertInfoSystem(db, OTHER, { name: 'ระบบของสำนักงานอื่น', description: null, adminPersonId: null, active: true }, clock.now());
}, 180_000);
afterAll(async () => service.stop());

async function ask(reason: string): Promise<number> {
  const start = await chat.say(u.teacher, 'ขอสิทธิ์ใช้ระบบ');
  expect(start.text).toContain(T.pickSystem(false));
  // The demo list of an embedded start and the office's own systems; never another office's.
  expect(start.labels).toContain(SYSTEM);
  expect(start.labels).not.toContain('ระบบของสำนักงานอื่น');
  const level = await chat.say(u.teacher, 'ทดสอบ DMC');
  expect(level.text).toContain(T.askLevel(SYSTEM));
  expect(level.labels).toEqual(['ดูข้อมูล', 'บันทึกข้อมูล', 'ผู้ดูแล', L.cancel]);
  expect((await chat.tap(u.teacher, 'บันทึกข้อมูล')).text).toContain(T.askReason);
  const summary = await chat.say(u.teacher, reason);
  expect(summary.text).toContain(L.headline(null));
  expect(JSON.stringify(summary.entries)).toContain(reason);
  const sent = await chat.tapIn(u.teacher, summary.entries, L.send);
  expect(sent.text).toContain(T.sent);
  const [row] = (await listInfoSystems(service.database.db, DEFAULT_OFFICE_ID)).filter((s) => s.name === SYSTEM);
  expect(row).toBeDefined();
  const mine = await service.database.db.query.accessRequests.findMany({ where: (r, { eq: is }) => is(r.requesterId, teacherId) });
  return Math.max(...mine.map((r) => r.id));
}

describe('an access request from the request to the end of the access', () => {
  let id = 0;
  let card: Awaited<ReturnType<typeof chat.inbox>>;

  it('asks the system, the level and the reason; the group director is pushed the card', async () => {
    id = await ask('บันทึกข้อมูลนักเรียนรายบุคคล');
    expect((await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, id))).toMatchObject({ state: 'submitted', level: 'record', systemAdminId: adminId });
    expect((await historyOf(service.database.db, 'access_request', id, 'requested')).length).toBe(1);
    card = await chat.inbox(u.group);
    expect(card.entries.map((e) => e.via)).toEqual(['push', 'push']);
    expect(card.text).toContain(T.toDecide(id, 'ครูขอ สิทธิ์', SYSTEM));
    expect(actionsIn(card.entries).map((a) => a.label)).toEqual([L.approve, L.decline, L.approve, L.decline]);
    expect((await chat.inbox(u.admin)).entries).toHaveLength(0);
  });

  it('a teacher or a technician who taps the decision is refused and the refusal recorded', async () => {
    expect((await chat.tapIn(u.technician, card.entries, L.approve)).text).toBe(deniedMessage('approve_system_access'));
    expect((await chat.tapIn(u.teacher, card.entries, L.approve)).text).toBe(deniedMessage('approve_system_access'));
    const denials = await service.database.db.select().from(auditLog).where(eq(auditLog.action, 'permission_denied'));
    expect(denials.some((d) => d.subjectId === 'approve_system_access')).toBe(true);
    expect((await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, id))!.state).toBe('submitted');
  });

  it('the group director approves; the administrator is pushed the card; the teacher hears it; the old button is stale', async () => {
    expect((await chat.tapIn(u.group, card.entries, L.approve)).text).toContain(T.done(L.approve, id));
    expect((await chat.tapIn(u.group, card.entries, L.decline)).text).toBe(T.alreadyDone(id, 'อนุมัติแล้ว รอผู้ดูแลระบบให้สิทธิ์'));
    const told = await chat.inbox(u.teacher);
    expect(told.entries.every((e) => e.via === 'push')).toBe(true);
    expect(told.text).toContain('อนุมัติแล้ว รอผู้ดูแลระบบให้สิทธิ์');
    const toGrant = await chat.inbox(u.admin);
    expect(toGrant.text).toContain(T.toGrant(id, 'ครูขอ สิทธิ์', SYSTEM));
    // Someone not the system's administrator cannot record the grant.
    expect((await chat.tapIn(u.technician, toGrant.entries, L.grant)).text).toBe(T.notTheAdmin);
    expect((await chat.tapIn(u.admin, toGrant.entries, L.grant)).text).toContain(T.done(L.grant, id));
    expect((await chat.tapIn(u.admin, toGrant.entries, L.grant)).text).toBe(T.alreadyDone(id, 'ให้สิทธิ์แล้ว'));
    expect((await chat.inbox(u.teacher)).text).toContain(`${SYSTEM} #${id}: ให้สิทธิ์แล้ว`);
    expect(await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, id)).toMatchObject({ state: 'fulfilled', grantedBy: adminId });
  });

  it('the administrator ends the access from their list; the teacher is told; the audit CSV shows who had what', async () => {
    const list = await chat.say(u.admin, 'สิทธิ์ใช้ระบบ');
    expect(JSON.stringify(list.entries)).toContain(SYSTEM);
    // The technician administers nothing: nothing to end.
    expect((await chat.say(u.technician, 'สิทธิ์ใช้ระบบ')).text).toContain(T.noGranted);
    expect((await chat.tapIn(u.teacher, list.entries, L.end)).text).toBe(deniedMessage('approve_system_access'));
    expect((await chat.tapIn(u.admin, list.entries, L.end)).text).toContain(T.done(L.end, id));
    expect((await chat.inbox(u.teacher)).text).toContain('ยกเลิกสิทธิ์แล้ว');
    expect((await historyOf(service.database.db, 'access_request', id, 'ended')).length).toBe(1);
    let csv = '';
    await runInfoSystemsCommand(service.database.db, DEFAULT_OFFICE_ID, ['access'], { out: () => {}, readFile: async () => '', writeFile: async () => {}, write: (t) => (csv += t) });
    expect(csv).toContain(`${id},${SYSTEM},ครูขอ สิทธิ์,บันทึกข้อมูล,บันทึกข้อมูลนักเรียนรายบุคคล,ยกเลิกสิทธิ์แล้ว`);
    expect(csv).toContain('ผอ.กลุ่ม อนุมัติ');
  });

  it('a second request is declined with a reason from รายการรออนุมัติ; the teacher hears why', async () => {
    const second = await ask('ขอดูข้อมูลเพิ่ม');
    await chat.inbox(u.group);
    const pending = await chat.say(u.group, MENU_COMMANDS.approvals);
    expect(pending.text).toContain(T.pendingIntro(1));
    expect((await chat.tapIn(u.group, pending.entries, L.decline)).text).toContain(T.askDeclineReason);
    expect((await chat.say(u.group, 'ไม่จำเป็นต่อภาระงาน')).text).toContain(T.done(L.decline, second));
    expect((await chat.inbox(u.teacher)).text).toContain('ไม่อนุมัติ (ไม่จำเป็นต่อภาระงาน)');
    expect((await chat.inbox(u.admin)).entries).toHaveLength(0);
    expect((await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, second))!.state).toBe('declined');
  });

  it('the administrator cannot grant: ไม่สามารถให้สิทธิ์ with a reason; the teacher hears why', async () => {
    const third = await ask('ขอเป็นผู้ดูแลชั่วคราว');
    const toDecide = await chat.inbox(u.group);
    await chat.tapIn(u.group, toDecide.entries, L.approve);
    await chat.inbox(u.teacher);
    const toGrant = await chat.inbox(u.admin);
    expect((await chat.tapIn(u.admin, toGrant.entries, L.refuse)).text).toContain(T.askRefuseReason);
    expect((await chat.say(u.admin, 'ระบบไม่รองรับผู้ใช้เพิ่ม')).text).toContain(T.done(L.refuse, third));
    expect((await chat.inbox(u.teacher)).text).toContain('ไม่สามารถให้สิทธิ์ (ระบบไม่รองรับผู้ใช้เพิ่ม)');
    expect(await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, third)).toMatchObject({ state: 'cancelled', refusedBy: adminId, refusedReason: 'ระบบไม่รองรับผู้ใช้เพิ่ม' });
    expect((await historyOf(service.database.db, 'access_request', third, 'refused')).length).toBe(1);
  });

  it('the group director ends a granted access from the list of every system', async () => {
    const fourth = await ask('ขอดูรายงาน');
    await chat.tapIn(u.group, (await chat.inbox(u.group)).entries, L.approve);
    await chat.tapIn(u.admin, (await chat.inbox(u.admin)).entries, L.grant);
    await chat.inbox(u.teacher);
    const list = await chat.say(u.group, 'สิทธิ์ใช้ระบบ');
    expect(JSON.stringify(list.entries)).toContain('ขอดูรายงาน');
    expect((await chat.tapIn(u.group, list.entries, L.end)).text).toContain(T.done(L.end, fourth));
    expect((await chat.inbox(u.teacher)).text).toContain('ยกเลิกสิทธิ์แล้ว');
    expect(await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, fourth)).toMatchObject({ state: 'fulfilled' });
    expect((await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, fourth))!.endedAt).not.toBeNull();
  });

  it('the office\'s admin reads who has and had access to what (ended access too); nobody else may', async () => {
    const register = await chat.say(u.officeAdmin, 'ทะเบียนสิทธิ์ใช้ระบบ');
    expect(register.text).toContain(T.registerIntro(0, 2));
    expect(register.text).toContain(`${SYSTEM}\n• ครูขอ สิทธิ์ (บันทึกข้อมูล) 1 มีนาคม 2570 – ยกเลิก 1 มีนาคม 2570`);
    // A declined or refused request gave nobody access: not in the register.
    expect(register.text.match(/• /g)).toHaveLength(2);
    expect((await chat.say(u.technician, 'ทะเบียนสิทธิ์ใช้ระบบ')).text).toBe(deniedMessage('administer'));
    expect((await chat.say(u.group, 'ทะเบียนสิทธิ์ใช้ระบบ')).text).toBe(deniedMessage('administer'));
  });

  it('the แบบสำรวจ tile offers ขอสิทธิ์ใช้ระบบ and คำขอสิทธิ์ของฉัน as quick replies that type them', async () => {
    const tile = await chat.say(u.teacher, MENU_COMMANDS.surveys);
    const last = tile.entries.at(-1)!.message as { quickReply?: { items: Array<{ action: { type: string; text?: string } }> } };
    expect(last.quickReply?.items.slice(-2).map((i) => i.action)).toMatchObject([
      { type: 'message', text: 'ขอสิทธิ์ใช้ระบบ' },
      { type: 'message', text: 'คำขอสิทธิ์ของฉัน' },
    ]);
  });

  it('the requester lists their requests with where each is and withdraws one not yet decided (the group director is told once); nobody else can', async () => {
    const asked = await ask('ขอดูข้อมูลเพื่อถอน');
    const toDecide = await chat.inbox(u.group);
    expect(toDecide.text).toContain(T.toDecide(asked, 'ครูขอ สิทธิ์', SYSTEM));
    const mine = await chat.say(u.teacher, 'คำขอสิทธิ์ของฉัน');
    const shown = JSON.stringify(mine.entries);
    for (const status of ['รออนุมัติ', 'ยกเลิกสิทธิ์แล้ว', 'ไม่อนุมัติ', 'ไม่สามารถให้สิทธิ์']) expect(shown).toContain(status);
    // Only the request nobody has decided carries ถอนคำขอ.
    expect(actionsIn(mine.entries).filter((a) => a.label === L.withdraw)).toHaveLength(1);
    // Someone else tapping the requester's button is refused; a guest may not list.
    expect((await chat.tapIn(u.technician, mine.entries, L.withdraw)).text).toBe(T.notYours);
    expect((await chat.say(u.guest, 'คำขอสิทธิ์ของฉัน')).text).toBe(deniedMessage('request_system_access'));
    const withdraw = actionsIn(mine.entries).find((a) => a.label === L.withdraw)!.data;
    const { webhookEventId } = await chat.emulator.tap(u.teacher, withdraw);
    await chat.settle();
    expect((await chat.inbox(u.teacher)).text).toContain(T.done(L.withdraw, asked));
    expect(await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, asked)).toMatchObject({ state: 'cancelled' });
    expect((await historyOf(service.database.db, 'access_request', asked, 'withdrawn')).length).toBe(1);
    // The group director, who was asked to decide it, is pushed once that it was withdrawn; nobody else is.
    const told = await chat.inbox(u.group);
    expect(told.entries.map((e) => e.via)).toEqual(['push']);
    expect(told.text).toBe(T.toWithdrawn(asked, 'ครูขอ สิทธิ์', SYSTEM));
    expect((await chat.inbox(u.admin)).entries).toHaveLength(0);
    // LINE redelivers the withdrawal and the requester taps ถอนคำขอ again: answered where it is, nobody pushed again.
    await chat.emulator.call('POST', `/events/${webhookEventId}/redeliver`);
    expect((await chat.tapData(u.teacher, withdraw)).text).toBe(T.alreadyDone(asked, 'ผู้ขอถอนคำขอแล้ว'));
    expect((await historyOf(service.database.db, 'access_request', asked, 'withdrawn')).length).toBe(1);
    // The director's pushed card no longer decides it, and answers where it is.
    expect((await chat.tapIn(u.group, toDecide.entries, L.approve)).text).toBe(T.alreadyDone(asked, 'ผู้ขอถอนคำขอแล้ว'));
    for (const who of [u.teacher, u.group, u.admin]) expect((await chat.inbox(who)).entries).toHaveLength(0);
    expect(actionsIn((await chat.say(u.teacher, 'คำขอสิทธิ์ของฉัน')).entries).filter((a) => a.label === L.withdraw)).toHaveLength(0);
  });

  it('withdrawn once approved, the system’s administrator (who was to grant it) is told once; a decided request cannot be withdrawn and tells nobody', async () => {
    const approved = await ask('ขอบันทึกข้อมูลแล้วถอน');
    await chat.tapIn(u.group, (await chat.inbox(u.group)).entries, L.approve);
    await chat.inbox(u.teacher);
    const toGrant = await chat.inbox(u.admin);
    const mine = await chat.say(u.teacher, 'คำขอสิทธิ์ของฉัน');
    // Waiting for the grant, it still carries ถอนคำขอ.
    expect(actionsIn(mine.entries).filter((a) => a.label === L.withdraw)).toHaveLength(1);
    expect((await chat.tapIn(u.teacher, mine.entries, L.withdraw)).text).toContain(T.done(L.withdraw, approved));
    const told = await chat.inbox(u.admin);
    expect(told.entries.map((e) => e.via)).toEqual(['push']);
    expect(told.text).toBe(T.toWithdrawn(approved, 'ครูขอ สิทธิ์', SYSTEM));
    // The director already decided it: not told.
    expect((await chat.inbox(u.group)).entries).toHaveLength(0);
    expect((await chat.tapIn(u.admin, toGrant.entries, L.grant)).text).toBe(T.alreadyDone(approved, 'ผู้ขอถอนคำขอแล้ว'));

    // Declined: its old ถอนคำขอ (a button drawn while it waited) is answered with where it is, and pushes nothing.
    const declined = await ask('ขอแล้วไม่อนุมัติ');
    const waiting = await chat.say(u.teacher, 'คำขอสิทธิ์ของฉัน');
    const oldWithdraw = actionsIn(waiting.entries).find((a) => a.label === L.withdraw)!.data;
    await chat.tapIn(u.group, (await chat.inbox(u.group)).entries, L.decline);
    await chat.say(u.group, 'ไม่จำเป็น');
    await chat.inbox(u.teacher);
    expect((await chat.tapData(u.teacher, oldWithdraw)).text).toBe(T.alreadyDone(declined, 'ไม่อนุมัติ'));
    expect((await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, declined))!.state).toBe('declined');
    for (const who of [u.group, u.admin, u.teacher]) expect((await chat.inbox(who)).entries).toHaveLength(0);
  });

  it('someone acting for the group director decides too (รายการรออนุมัติ); a guest may not ask', async () => {
    expect((await chat.say(u.guest, 'ขอสิทธิ์ใช้ระบบ')).text).toBe(deniedMessage('request_system_access'));
    // Before the acting assignment the deputy has nothing to decide.
    expect((await chat.say(u.deputy, MENU_COMMANDS.approvals)).text).not.toContain(T.pendingIntro(1));
    await service.database.db.insert(actingAssignments).values({ officeId: DEFAULT_OFFICE_ID, principalId: groupId, actingId: deputyId, kind: 'acting', startsOn: '2027-03-01', endsOn: '2027-03-31', createdAt: clock.now() });
    const fifth = await ask('ขอดูข้อมูลสถิติ');
    expect((await chat.inbox(u.deputy)).text).toContain(T.toDecide(fifth, 'ครูขอ สิทธิ์', SYSTEM));
    await chat.inbox(u.group);
    const pending = await chat.say(u.deputy, MENU_COMMANDS.approvals);
    expect(pending.text).toContain(T.pendingIntro(1));
    expect((await chat.tapIn(u.deputy, pending.entries, L.approve)).text).toContain(T.done(L.approve, fifth));
    expect(await getAccessRequestView(service.database.db, DEFAULT_OFFICE_ID, fifth)).toMatchObject({ state: 'approved', decidedBy: deputyId });
    await chat.inbox(u.teacher);
    await chat.inbox(u.admin);
  });

  it('a system taken off the list while the form is filled in: told so, nothing written', async () => {
    const db = service.database.db;
    await upsertInfoSystem(db, DEFAULT_OFFICE_ID, { name: 'ระบบชั่วคราว', description: null, adminPersonId: adminId, active: true }, clock.now());
    await chat.say(u.teacher, 'ขอสิทธิ์ใช้ระบบ');
    await chat.tap(u.teacher, 'ระบบชั่วคราว');
    await chat.tap(u.teacher, 'ดูข้อมูล');
    const summary = await chat.say(u.teacher, 'ทดสอบปิดระบบ');
    await upsertInfoSystem(db, DEFAULT_OFFICE_ID, { name: 'ระบบชั่วคราว', description: null, adminPersonId: adminId, active: false }, clock.now());
    expect((await chat.tapIn(u.teacher, summary.entries, L.send)).text).toContain(T.systemClosed);
    const rows = await db.query.accessRequests.findMany({ where: (r, { eq: is }) => is(r.reason, 'ทดสอบปิดระบบ') });
    expect(rows).toHaveLength(0);
  });

  it('another office\'s request is neither shown nor decided', async () => {
    const other = officeFactory(service.database.db, OTHER, 'access-other-channel');
    await service.database.db.insert(lineChannels).values({ id: 'access-other-channel', officeId: OTHER, channelSecret: 'other-secret', channelAccessToken: 'other-token' }).onConflictDoNothing();
    const asker = await other.person('ครูต่างสำนักงาน', 'teacher', { lineUserId: null });
    const system = (await listInfoSystems(service.database.db, OTHER))[0]!;
    const foreign = await createAccessRequest(service.database.db, { officeId: OTHER, requesterId: asker.id, systemId: system.id, level: 'view', reason: 'ทดสอบ' }, clock.now());
    const forged = encodePostback(decideAction, { a: foreign, v: 1, d: 'approve' });
    // A forged button is refused (the dispatcher answers it as no longer valid); nothing of the other office shows.
    const answer = await chat.tapData(u.group, forged);
    expect(answer.text).toContain('ปุ่มนี้ใช้ไม่ได้แล้ว');
    expect(answer.text).not.toContain('ครูต่างสำนักงาน');
    expect((await chat.say(u.group, MENU_COMMANDS.approvals)).text).not.toContain(T.pendingIntro(1));
    expect((await getAccessRequestView(service.database.db, OTHER, foreign))!.state).toBe('submitted');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { conversations, people } from '../../src/db/schema.ts';
import { findPersonByLineUser } from '../../src/db/repos/people.ts';
import { listAudit } from '../../src/db/repos/audit.ts';
import { issueInvitation } from '../../src/flows/directory/issue-invitation.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { registrationLabels, registrationTexts } from '../../src/flows/registration/messages.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { startTestService } from '../support/service.ts';
import { reconcileRichMenusNow } from '../../src/line/rich-menus/runtime.ts';

let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  service = await startTestService();
  chat = chatDriver(service);
  await loadDemoSchools(service);
});
afterAll(async () => service.stop());

async function linkedMenu(userId: string): Promise<string | undefined> {
  const { users } = await chat.emulator.call<{ users: Array<{ userId: string; richMenuId?: string }> }>('GET', '/users');
  return users.find((u) => u.userId === userId)?.richMenuId;
}

const personOf = (userId: string) => findPersonByLineUser(service.database.db, DEFAULT_CHANNEL_ID, userId);

const registerTeacher = (name: string, schoolQuery?: string, schoolLabel?: string) => chat.registerTeacher(name, schoolQuery, schoolLabel);

async function invite(role: 'admin' | 'technician' | 'school_director', options: { now?: Date; schoolId?: number } = {}) {
  return issueInvitation(service.database.db, {
    officeId: DEFAULT_OFFICE_ID,
    role,
    schoolId: options.schoolId ?? null,
    createdBy: null,
    now: options.now ?? new Date(),
  });
}

async function registerByInvitation(name: string, code: string): Promise<string> {
  const userId = await chat.newUser(name);
  await chat.follow(userId);
  await chat.tap(userId, registrationLabels.consentYes);
  await chat.tap(userId, registrationLabels.haveInvitation);
  await chat.say(userId, code);
  await chat.say(userId, name);
  await chat.say(userId, '091 234 5678');
  return userId;
}

describe('registration in chat', () => {
  it('a new teacher follows, consents, finds the school by part of its name, and is a teacher of that school at once', async () => {
    const userId = await chat.newUser('ครูสมศรี');
    const welcome = await chat.follow(userId);
    expect(welcome.text).toContain(registrationTexts.consent);
    expect(welcome.labels).toEqual([registrationLabels.consentYes, registrationLabels.consentNo]);

    const path = await chat.tap(userId, registrationLabels.consentYes);
    expect(path.labels).toEqual([registrationLabels.asTeacher, registrationLabels.haveInvitation]);
    await chat.tap(userId, registrationLabels.asTeacher);

    const matches = await chat.say(userId, 'หนองบัว');
    // Two demo schools have หนองบัว in their name; the last button searches again.
    expect(matches.labels).toEqual(['บ้านหนองบัวทอง', 'บ้านหนองบัวแดง', registrationLabels.noneOfThese]);
    const again = await chat.tap(userId, registrationLabels.noneOfThese);
    expect(again.text).toBe(registrationTexts.askSchool);
    await chat.say(userId, 'บ้านหนองบัวแดง');
    const askName = await chat.tap(userId, 'บ้านหนองบัวแดง');
    expect(askName.text).toContain('โรงเรียนบ้านหนองบัวแดง');

    await chat.say(userId, '  สมศรี   ใจดี ');
    const badPhone = await chat.say(userId, '0212345678');
    expect(badPhone.text).toBe(registrationTexts.badPhone);
    const done = await chat.say(userId, '081-234-5678');
    expect(done.text).toContain('ลงทะเบียนเรียบร้อยแล้ว');

    const person = await personOf(userId);
    expect(person).toMatchObject({ fullName: 'สมศรี ใจดี', phone: '0812345678', role: 'teacher', schoolName: 'โรงเรียนบ้านหนองบัวแดง', status: 'active' });
    expect(person!.consentAt).not.toBeNull();
    const [row] = await service.database.db.select().from(people).where(eq(people.id, person!.id));
    expect(row!.richMenuFamily).toBe('teacher');
    const audit = await listAudit(service.database.db, DEFAULT_OFFICE_ID, { action: 'person_registered' });
    expect(audit.some((a) => a.subjectId === String(person!.id))).toBe(true);
    // The rich menu reconciler links the teacher's menu from the family the registration set.
    await reconcileRichMenusNow();
    expect(await linkedMenu(userId)).toBeDefined();
  });

  it('a teacher finds the school by any of its three codes', async () => {
    for (const [code, label] of [
      ['99030004', 'บ้านห้วยทราย'],
      ['990005', 'บ้านโคกสูง'],
      ['10-9999-0006', 'ชุมชนบ้านนาดี'],
    ] as const) {
      const userId = await chat.newUser(`ครูรหัส ${code}`);
      await chat.say(userId, 'สวัสดีค่ะ');
      await chat.tap(userId, registrationLabels.consentYes);
      await chat.tap(userId, registrationLabels.asTeacher);
      const found = await chat.say(userId, code);
      expect(found.labels).toEqual([label, registrationLabels.noneOfThese]);
      await chat.tap(userId, label);
      await chat.say(userId, 'ครู ทดสอบรหัส');
      await chat.say(userId, '+66 91 234 5678');
      expect((await personOf(userId))?.schoolName).toBe(`โรงเรียน${label}`);
      expect((await personOf(userId))?.phone).toBe('0912345678');
    }
  });

  it('when consent is refused, nothing about the person is stored', async () => {
    const userId = await chat.newUser('ไม่ยินยอม');
    await chat.follow(userId);
    const refused = await chat.tap(userId, registrationLabels.consentNo);
    expect(refused.text).toBe(registrationTexts.consentRefused);
    expect(await personOf(userId)).toBeNull();
    const rows = await service.database.db.select().from(conversations).where(eq(conversations.userId, userId));
    expect(rows).toHaveLength(0);
  });
});

describe('invitations', () => {
  it('an invited technician redeems the code once; a second use is refused', async () => {
    const issued = await invite('technician');
    const userId = await registerByInvitation('ช่างสมชาย', issued.code.toLowerCase());
    expect(await personOf(userId)).toMatchObject({ role: 'technician', schoolId: null, phone: '0912345678' });
    const redeemed = await listAudit(service.database.db, DEFAULT_OFFICE_ID, { action: 'invitation_redeemed' });
    expect(redeemed.length).toBeGreaterThan(0);

    const other = await chat.newUser('คนที่สอง');
    await chat.follow(other);
    await chat.tap(other, registrationLabels.consentYes);
    await chat.tap(other, registrationLabels.haveInvitation);
    const refused = await chat.say(other, issued.code);
    expect(refused.text).toBe(registrationTexts.codeUsed);
    expect(await personOf(other)).toBeNull();
  });

  it('a message "รหัสเชิญ <code>" (what the invitation link prefills) starts registration with the code', async () => {
    const issued = await invite('technician');
    const userId = await chat.newUser('ช่างลิงก์');
    const first = await chat.say(userId, issued.message);
    expect(first.labels).toEqual([registrationLabels.consentYes, registrationLabels.consentNo]);
    const askName = await chat.tap(userId, registrationLabels.consentYes);
    expect(askName.text).toContain('รหัสเชิญถูกต้อง');
    await chat.say(userId, 'ช่าง ลิงก์');
    await chat.say(userId, '0612345678');
    expect((await personOf(userId))?.role).toBe('technician');
  });

  it('an expired invitation is refused with a clear message', async () => {
    const issued = await invite('technician', { now: new Date(Date.now() - 8 * DAY) });
    const userId = await chat.newUser('ช่างมาช้า');
    await chat.follow(userId);
    await chat.tap(userId, registrationLabels.consentYes);
    await chat.tap(userId, registrationLabels.haveInvitation);
    const refused = await chat.say(userId, issued.code);
    expect(refused.text).toContain('หมดอายุแล้ว');
    expect(await personOf(userId)).toBeNull();
  });

  it('an unknown code is refused and a malformed one explained', async () => {
    const userId = await chat.newUser('รหัสผิด');
    await chat.follow(userId);
    await chat.tap(userId, registrationLabels.consentYes);
    await chat.tap(userId, registrationLabels.haveInvitation);
    expect((await chat.say(userId, 'ABCD-EFGH')).text).toBe(registrationTexts.codeUnknown);
    expect((await chat.say(userId, 'xyz')).text).toBe(registrationTexts.codeMalformed);
  });

  it('a registered teacher who sends a school-director invitation becomes that school’s director', async () => {
    const userId = await registerTeacher('ครูจะเป็นผอ');
    const me = await personOf(userId);
    const issued = await invite('school_director', { schoolId: me!.schoolId! });
    const granted = await chat.say(userId, issued.message);
    expect(granted.text).toContain('ผู้อำนวยการโรงเรียน');
    const [row] = await service.database.db.select().from(people).where(eq(people.id, me!.id));
    expect(row).toMatchObject({ role: 'school_director', richMenuFamily: 'school_director' });
  });
});

describe('ข้อมูลของฉัน', () => {
  it('shows the details and role, changes the name and the phone', async () => {
    const userId = await registerTeacher('ครูแก้ไข');
    const shown = await chat.say(userId, 'ข้อมูลของฉัน');
    expect(shown.text).toContain('ชื่อ: ครูแก้ไข');
    expect(shown.text).toContain('บทบาท: ครู');
    expect(shown.text).toMatch(/ลงทะเบียนเมื่อ: \d{1,2} \S+ 25\d\d/);
    expect(shown.labels).toEqual(['แก้ไขชื่อ', 'แก้ไขเบอร์โทร', 'ลบข้อมูลของฉัน']);

    await chat.tap(userId, 'แก้ไขชื่อ');
    expect((await chat.say(userId, 'ครูแก้ไข ชื่อใหม่')).text).toContain('ครูแก้ไข ชื่อใหม่');
    await chat.say(userId, 'ข้อมูลของฉัน');
    await chat.tap(userId, 'แก้ไขเบอร์โทร');
    expect((await chat.say(userId, '123')).text).toContain('ไม่ถูกต้อง');
    expect((await chat.say(userId, '0998887777')).text).toContain('099-888-7777');
    expect(await personOf(userId)).toMatchObject({ fullName: 'ครูแก้ไข ชื่อใหม่', phone: '0998887777' });
  });

  it('deleting my data removes the account, keeps the row under "ผู้ใช้ที่ลบแล้ว", and says what was kept and why', async () => {
    const userId = await registerTeacher('ครูขอลบ');
    await reconcileRichMenusNow();
    const teacherMenu = await linkedMenu(userId);
    expect(teacherMenu).toBeDefined();
    const before = await personOf(userId);
    await chat.say(userId, 'ข้อมูลของฉัน');
    const confirm = await chat.tap(userId, 'ลบข้อมูลของฉัน');
    expect(confirm.labels).toEqual(['ยืนยันลบข้อมูล', 'ไม่ลบ']);
    const done = await chat.tap(userId, 'ยืนยันลบข้อมูล');
    expect(done.text).toContain('ผู้ใช้ที่ลบแล้ว');
    expect(done.text).toContain('ระเบียบงานสารบรรณ');

    expect(await personOf(userId)).toBeNull();
    const [row] = await service.database.db.select().from(people).where(eq(people.id, before!.id));
    // The row that records point at stays, with nothing that identifies the person.
    expect(row).toMatchObject({ fullName: 'ผู้ใช้ที่ลบแล้ว', phone: null, lineUserId: null, status: 'deleted', consentAt: null });
    const audit = await listAudit(service.database.db, DEFAULT_OFFICE_ID, { action: 'person_data_deleted' });
    expect(audit.some((a) => a.subjectId === String(before!.id))).toBe(true);

    // The teacher's menu is taken away right after the deletion (the row no longer has the LINE id to do it
    // later); what shows then is the channel's default menu, if any.
    for (let i = 0; i < 100 && (await linkedMenu(userId)) === teacherMenu; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(await linkedMenu(userId)).not.toBe(teacherMenu);

    // Writing again starts a fresh registration.
    expect((await chat.say(userId, 'สวัสดี')).labels).toEqual([registrationLabels.consentYes, registrationLabels.consentNo]);
  });
});

describe('follow and unfollow', () => {
  it('unfollow marks the person inactive (no pushes reach them); following again makes them active', async () => {
    const userId = await registerTeacher('ครูเลิกติดตาม');
    await chat.unfollow(userId);
    expect((await personOf(userId))?.status).toBe('inactive');
    const back = await chat.follow(userId);
    expect(back.text).toContain('ยินดีต้อนรับกลับมา');
    expect((await personOf(userId))?.status).toBe('active');
  });
});

describe('admin in chat', () => {
  let adminId: string;
  beforeAll(async () => {
    adminId = await registerByInvitation('แอดมิน ระบบ', (await invite('admin')).code);
  });

  it('an admin creates a technician invitation that a new person can redeem', async () => {
    const menu = await chat.say(adminId, 'ผู้ดูแลระบบ');
    expect(menu.labels).toEqual(['สร้างรหัสเชิญ', 'รายชื่อตามบทบาท', 'เปลี่ยนบทบาท']);
    await chat.tap(adminId, 'สร้างรหัสเชิญ');
    const created = await chat.tap(adminId, 'นักวิชาการคอมฯ/ช่าง');
    const forward = created.entries.at(-1)!.message.text!;
    expect(forward).toMatch(/^รหัสเชิญ [A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const techId = await chat.newUser('ช่างใหม่');
    await chat.say(techId, forward);
    await chat.tap(techId, registrationLabels.consentYes);
    await chat.say(techId, 'ช่าง ใหม่');
    await chat.say(techId, '0811111111');
    expect((await personOf(techId))?.role).toBe('technician');
  });

  it('an admin creates a school-director invitation for a school found by name', async () => {
    await chat.say(adminId, 'ผู้ดูแลระบบ');
    await chat.tap(adminId, 'สร้างรหัสเชิญ');
    await chat.tap(adminId, 'ผู้อำนวยการโรงเรียน');
    await chat.say(adminId, 'ดอนแก้ว');
    const created = await chat.tap(adminId, 'บ้านดอนแก้ว');
    expect(created.text).toContain('โรงเรียนบ้านดอนแก้ว');
    const audit = await listAudit(service.database.db, DEFAULT_OFFICE_ID, { action: 'invitation_created' });
    expect(audit.at(-1)!.details).toMatchObject({ role: 'school_director' });
  });

  it('an admin lists the people of a role', async () => {
    await registerTeacher('ครูในรายชื่อ');
    await chat.say(adminId, 'ผู้ดูแลระบบ');
    await chat.tap(adminId, 'รายชื่อตามบทบาท');
    const listed = await chat.tap(adminId, 'ครู');
    expect(listed.text).toContain('ครูในรายชื่อ');
    expect(listed.text).toContain('081-234-5678');
  });

  it('a role change tells the person, updates their menu family and is audited; revoking leaves a teacher', async () => {
    const teacherId = await registerTeacher('ครูเลื่อนขั้น');
    await chat.inbox(teacherId);
    await chat.say(adminId, 'ผู้ดูแลระบบ');
    await chat.tap(adminId, 'เปลี่ยนบทบาท');
    await chat.say(adminId, 'เลื่อนขั้น');
    const choices = await chat.tap(adminId, 'ครูเลื่อนขั้น');
    expect(choices.labels).toContain('ผู้อำนวยการโรงเรียน');
    const changed = await chat.tap(adminId, 'ผู้อำนวยการโรงเรียน');
    expect(changed.text).toContain('เป็น ผู้อำนวยการโรงเรียน');

    const told = await chat.inbox(teacherId);
    expect(told.text).toContain('ผู้ดูแลระบบได้เปลี่ยนบทบาทของคุณเป็น ผู้อำนวยการโรงเรียน');
    expect(told.entries.every((e) => e.via === 'push')).toBe(true);
    const person = await personOf(teacherId);
    const [row] = await service.database.db.select().from(people).where(eq(people.id, person!.id));
    expect(row).toMatchObject({ role: 'school_director', richMenuFamily: 'school_director' });
    const admin = await personOf(adminId);
    const audit = await listAudit(service.database.db, DEFAULT_OFFICE_ID, { action: 'role_changed' });
    expect(audit.at(-1)).toMatchObject({ actorId: admin!.id, subjectId: String(person!.id), details: { from: 'teacher', to: 'school_director' } });

    await chat.say(adminId, 'ผู้ดูแลระบบ');
    await chat.tap(adminId, 'เปลี่ยนบทบาท');
    await chat.say(adminId, 'เลื่อนขั้น');
    await chat.tap(adminId, 'ครูเลื่อนขั้น');
    await chat.tap(adminId, 'ยกเลิกบทบาท');
    expect((await chat.inbox(teacherId)).text).toContain('ยกเลิกบทบาทเดิม');
    expect((await personOf(teacherId))?.role).toBe('teacher');
    expect((await listAudit(service.database.db, DEFAULT_OFFICE_ID, { action: 'role_revoked' })).length).toBe(1);
  });

  it('a role change is not pushed to someone who unfollowed', async () => {
    const teacherId = await registerTeacher('ครูไม่รับข่าว');
    await chat.unfollow(teacherId);
    await chat.inbox(teacherId);
    await chat.say(adminId, 'ผู้ดูแลระบบ');
    await chat.tap(adminId, 'เปลี่ยนบทบาท');
    await chat.say(adminId, 'ไม่รับข่าว');
    await chat.tap(adminId, 'ครูไม่รับข่าว');
    await chat.tap(adminId, 'นักวิชาการคอมฯ/ช่าง');
    expect((await personOf(teacherId))?.role).toBe('technician');
    expect((await chat.inbox(teacherId)).entries).toHaveLength(0);
  });

  it('a teacher cannot use admin commands: a polite denial, logged in the audit', async () => {
    const teacherId = await registerTeacher('ครูอยากเป็นแอดมิน');
    const teacher = await personOf(teacherId);
    const denied = await chat.say(teacherId, 'ผู้ดูแลระบบ');
    expect(denied.text).toContain('ขออภัยค่ะ บทบาทของคุณยังไม่มีสิทธิ์');
    // Replaying an admin's button (data taken from the admin's chat) is refused the same way.
    await chat.say(adminId, 'ผู้ดูแลระบบ');
    const inviteButton = chat.buttons(adminId).find((b) => b.label === 'สร้างรหัสเชิญ')!;
    const replay = await chat.tapData(teacherId, inviteButton.data);
    expect(replay.text).toContain('สร้างรหัสเชิญ');
    expect(replay.text).toContain('ขออภัยค่ะ');
    const audit = await listAudit(service.database.db, DEFAULT_OFFICE_ID, { action: 'permission_denied' });
    const mine = audit.filter((a) => a.actorId === teacher!.id);
    expect(mine.map((a) => a.subjectId)).toEqual(['administer', 'create_invitation']);
    const rows = await service.database.db.select().from(people).where(and(eq(people.id, teacher!.id)));
    expect(rows[0]!.role).toBe('teacher');
  });
});

describe('an invitation code where the name is asked', () => {
  it('is taken as the invitation (on to its name), never kept as the person’s name', async () => {
    const issued = await invite('technician');
    const userId = await chat.newUser('ครูเปลี่ยนใจ');
    await chat.follow(userId);
    await chat.tap(userId, registrationLabels.consentYes);
    await chat.tap(userId, registrationLabels.asTeacher);
    await chat.say(userId, 'หนองบัวทอง');
    const askName = await chat.tap(userId, 'บ้านหนองบัวทอง');
    expect(askName.text).toContain('กรุณาพิมพ์ชื่อและนามสกุล');

    // The invitation message pasted at the name question: redeemed as at the code step.
    const redeemed = await chat.say(userId, `รหัสเชิญ ${issued.code}`);
    expect(redeemed.text).toBe(registrationTexts.askNameInvited('technician', null));
    await chat.say(userId, 'สมปอง ช่างดี');
    const done = await chat.say(userId, '081-234-5678');
    expect(done.text).toContain('ลงทะเบียนเรียบร้อยแล้ว');
    expect(await personOf(userId)).toMatchObject({ fullName: 'สมปอง ช่างดี', role: 'technician', schoolName: null });
  });

  it('a code already taken, one that cannot be used, or a mistyped one is answered, and the name asked again', async () => {
    const issued = await invite('admin');
    const spent = await invite('technician');
    await registerByInvitation('ผู้ใช้รหัสก่อน', spent.code);
    const userId = await chat.newUser('ผู้ดูแลส่งซ้ำ');
    await chat.follow(userId);
    await chat.tap(userId, registrationLabels.consentYes);
    await chat.tap(userId, registrationLabels.haveInvitation);
    await chat.say(userId, issued.code);

    expect((await chat.say(userId, `รหัสเชิญ ${issued.code}`)).text).toBe(registrationTexts.codeAlreadyTaken);
    expect((await chat.say(userId, issued.code.toLowerCase())).text).toBe(registrationTexts.codeAlreadyTaken);
    expect((await chat.say(userId, `รหัสเชิญ ${spent.code}`)).text).toBe(`${registrationTexts.codeUsed}\n${registrationTexts.askNameAgain}`);
    expect((await chat.say(userId, 'รหัสเชิญ ZZZZ-ZZZZ')).text).toBe(`${registrationTexts.codeUnknown}\n${registrationTexts.askNameAgain}`);
    expect((await chat.say(userId, 'รหัสเชิญ 1234')).text).toBe(registrationTexts.codeNotName);
    expect((await chat.say(userId, 'AB1O-0OIL')).text).toBe(registrationTexts.codeNotName);

    await chat.say(userId, 'สมหมาย ดูแลระบบ');
    await chat.say(userId, '0812345678');
    expect(await personOf(userId)).toMatchObject({ fullName: 'สมหมาย ดูแลระบบ', role: 'admin' });
    const [named] = await service.database.db.select().from(people).where(eq(people.fullName, `รหัสเชิญ ${issued.code}`));
    expect(named).toBeUndefined();
  });
});

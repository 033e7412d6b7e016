import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { getTicket } from '../../src/db/repos/repair-tickets.ts';
import { schools } from '../../src/db/schema.ts';
import { TICKET_STATUS_LABELS } from '../../src/domain/repair/status.ts';
import { DECISION_LABELS } from '../../src/domain/saraban/letter.ts';
import { approvalsTexts } from '../../src/flows/approvals/messages.ts';
import { trackLabels, trackTexts } from '../../src/flows/repair-track/messages.ts';
import { decideTexts } from '../../src/flows/saraban-decide/messages.ts';
import { reportLabels, reportTexts } from '../../src/flows/repair-report/messages.ts';
import { registerLabels, registerTexts } from '../../src/flows/saraban-register/messages.ts';
import { routeTexts } from '../../src/flows/saraban-route/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { ROLES, richMenuFamilyOf, roleNeedsSchool, type Role } from '../../src/domain/roles.ts';
import { adminTexts } from '../../src/flows/admin/messages.ts';
import { bookingTexts } from '../../src/flows/bookings/messages.ts';
import { loanTexts } from '../../src/flows/loans/messages.ts';
import { greetingTexts } from '../../src/flows/greeting/messages.ts';
import { SERVICES } from '../../src/flows/greeting/services.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { menuCommandsOf } from '../../src/line/rich-menus/definitions.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';

/**
 * Every tile of every role's rich menu, tapped by a person of that role through the emulator, gets an answer
 * about what the tile says: never the generic greeting. A tile whose service is not open yet says so for that one
 * service; the help card lists what works for the role.
 */

const clock = bangkokTime('2027-04-05', '10:00');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const users = new Map<Role, string>();
const ids = new Map<Role, number>();
let schoolId: number;
// One factory for the file: it numbers letters and tickets in sequence.
let f: ReturnType<typeof officeFactory>;
let otherSchoolId: number;

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  const [school, other] = await service.database.db.select({ id: schools.id }).from(schools).orderBy(schools.id).limit(2);
  schoolId = school!.id;
  otherSchoolId = other!.id;
  f = officeFactory(service.database.db);
  for (const role of ROLES) {
    const userId = await chat.newUser(`ผู้ใช้ ${role}`);
    const person = await f.person(`คุณ ${role}`, role, { lineUserId: userId, schoolId: roleNeedsSchool(role) ? schoolId : null });
    users.set(role, userId);
    ids.set(role, person.id);
  }
}, 120_000);

afterAll(async () => {
  await service.stop();
});

const tilesOf = menuCommandsOf;

describe('the rich menus', () => {
  it.each([...ROLES])('every tile of the %s menu answers about itself, not with the greeting', async (role) => {
    const userId = users.get(role)!;
    for (const tile of tilesOf(role)) {
      const answer = await chat.say(userId, MENU_COMMANDS[tile]);
      expect({ tile, said: answer.text.length > 0 }).toEqual({ tile, said: true });
      expect({ tile, text: answer.text }).not.toEqual({ tile, text: expect.stringContaining(greetingTexts.greeting) });
      // Leaves whatever the tile started, so the next tile starts from no conversation.
      await chat.say(userId, 'ยกเลิก');
    }
  }, 120_000);

  it('the admin’s เชิญผู้ใช้ and รายชื่อผู้ใช้ open what they name', async () => {
    const admin = users.get('admin')!;
    expect((await chat.say(admin, MENU_COMMANDS.inviteUser)).text).toBe(adminTexts.chooseInviteRole);
    expect((await chat.say(admin, MENU_COMMANDS.listUsers)).text).toBe(adminTexts.chooseListRole);
    // Typed in the middle of the admin's person search, a tile still opens what it names.
    await chat.say(admin, 'ผู้ดูแลระบบ');
    await chat.tap(admin, 'เปลี่ยนบทบาท');
    expect((await chat.say(admin, MENU_COMMANDS.listUsers)).text).toBe(adminTexts.chooseListRole);
    // A role typed where the bot asks which one: its list (or its invitation); anything else asks again with the buttons.
    const listed = await chat.say(admin, 'ครู');
    expect(listed.text).toContain('รายชื่อ ครู');
    expect(listed.text).not.toContain(greetingTexts.greeting);
    await chat.say(admin, MENU_COMMANDS.listUsers);
    const again = await chat.say(admin, 'ทุกคน');
    expect(again.text).toContain(adminTexts.pickFromButtons);
    expect(again.labels).toContain('ครู');
    await chat.say(admin, MENU_COMMANDS.inviteUser);
    const invited = await chat.say(admin, 'ช่าง');
    expect(invited.text).toContain('สร้างรหัสเชิญแล้วค่ะ');
    expect(invited.text).toContain('นักวิชาการคอมฯ/ช่าง');
    // Anyone else is refused politely, not greeted.
    const refused = await chat.say(users.get('teacher')!, MENU_COMMANDS.inviteUser);
    expect(refused.text).not.toContain(greetingTexts.greeting);
    expect(refused.text).not.toContain(adminTexts.chooseInviteRole);
  });

  it('a tile of a service not open yet names that service and what to do meanwhile', async () => {
    // Every service is open now (surveys were the last): the loop checks any that is closed again later.
    const closed = SERVICES.filter((s) => !s.open);
    for (const s of closed) {
      for (const tile of s.tiles) {
        const role = [...users.keys()].find((r) => tilesOf(r).includes(tile));
        if (!role) continue;
        const answer = await chat.say(users.get(role)!, MENU_COMMANDS[tile]);
        expect(answer.text).toBe(greetingTexts.notOpenYet(s));
        expect(answer.text).toContain(s.name);
      }
    }
  });

  it('the help card lists what works for the role, and what is coming apart from it', async () => {
    const answer = await chat.say(users.get('teacher')!, 'สวัสดี');
    const card = JSON.stringify(answer.entries.find((e) => e.message.type === 'flex')!.message);
    const open = SERVICES.filter((s) => s.open && s.topic === 'repair');
    expect(card).toContain(greetingTexts.openLine(open));
    const coming = SERVICES.filter((s) => !s.open);
    if (coming.length > 0) expect(card).toContain(greetingTexts.comingLine(coming));
    else expect(card).not.toContain(greetingTexts.comingLine([]).trim());
    // A teacher handles no letters: หนังสือราชการ is not offered to them.
    expect(card).not.toContain('หนังสือราชการ');
    expect(answer.text).toContain(greetingTexts.helpFor('teacher'));
    const [works, later = ''] = greetingTexts.helpFor('teacher').split(' ส่วน ');
    expect(works).toContain('แจ้งซ่อม');
    expect(later).not.toContain('แจ้งซ่อม');
  });

  it.each(ROLES.filter((r) => richMenuFamilyOf(r) !== null))('the %s’s help topics send them only to tiles on their own menu, and what they say to type works', async (role) => {
    const userId = users.get(role)!;
    const onMenu: string[] = tilesOf(role).map((t) => MENU_COMMANDS[t]);
    // The school director has surveys waiting: the note of them must not take the help's buttons away.
    await chat.say(userId, 'ช่วยเหลือ');
    const topics = chat.buttons(userId).filter((b) => b.label !== greetingTexts.labels.contact);
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics) {
      const said = (await chat.tapData(userId, topic.data)).text;
      for (const [, tile] of said.matchAll(/กด "([^"]+)" ที่เมนูด้านล่าง/g)) expect({ topic: topic.label, tile, onMenu: onMenu.includes(tile!) }).toEqual({ topic: topic.label, tile, onMenu: true });
      for (const [, typed] of said.matchAll(/พิมพ์ "([^"]+)"/g)) {
        const answer = await chat.say(userId, typed!);
        expect({ topic: topic.label, typed, greeted: answer.text.includes(greetingTexts.greeting) }).toEqual({ topic: topic.label, typed, greeted: false });
        await chat.say(userId, 'ยกเลิก');
      }
    }
  }, 120_000);

  it('the guest menu’s ลงทะเบียน, tapped by someone registered, says they are', async () => {
    const answer = await chat.say(users.get('guest')!, MENU_COMMANDS.register);
    expect(answer.text).toContain('คุณลงทะเบียนไว้แล้วค่ะ');
  });
});

describe('จองห้อง on the office’s own menus', () => {
  // Office staff book the office's rooms as much as teachers do: their menus lead there too.
  it.each(['technician', 'saraban_clerk', 'group_director', 'area_director'] as const)('the %s menu has จองห้อง, and the tile opens the booking', async (role) => {
    expect(tilesOf(role)).toContain('bookRoom');
    const userId = users.get(role)!;
    const answer = await chat.say(userId, MENU_COMMANDS.bookRoom);
    expect([bookingTexts.start, bookingTexts.noRooms]).toContain(answer.text);
    await chat.say(userId, 'ยกเลิก');
  });
});

describe('ยืมอุปกรณ์ on the document clerk’s menu', () => {
  // Every staff member who borrows has the tile; the clerk's help used to tell them to type ยืมอุปกรณ์ instead.
  it('the saraban clerk’s menu has ยืมอุปกรณ์, the tile starts the loan request, and the help points to the tile', async () => {
    expect(tilesOf('saraban_clerk')).toContain('borrowEquipment');
    const clerk = users.get('saraban_clerk')!;
    const answer = await chat.say(clerk, MENU_COMMANDS.borrowEquipment);
    expect([loanTexts.pickWhat(false), loanTexts.pickWhat(true), loanTexts.nothingToLend].some((t) => answer.text.includes(t))).toBe(true);
    await chat.say(clerk, 'ยกเลิก');
    await chat.say(clerk, 'ช่วยเหลือ');
    const topic = chat.buttons(clerk).find((b) => b.label.includes('ยืมอุปกรณ์'))!;
    const said = (await chat.tapData(clerk, topic.data)).text;
    expect(said).toContain('กด "ยืมอุปกรณ์" ที่เมนูด้านล่าง');
  });
});

describe('a picture, sticker, file or place that no step waits for', () => {
  const sent = {
    image: { type: 'image', contentBase64: Buffer.from('a picture').toString('base64'), contentType: 'image/png' },
    sticker: { type: 'sticker', packageId: '446', stickerId: '1988' },
    file: { type: 'file', fileName: 'แผนงาน.pdf', contentBase64: Buffer.from('%PDF-1.4').toString('base64'), contentType: 'application/pdf' },
    location: { type: 'location', title: 'โรงเรียน', address: 'ถนนหลัก', latitude: 13.7, longitude: 100.5 },
  } as const;

  it.each(Object.keys(sent) as Array<keyof typeof sent>)('a registered person who sends a %s with nothing in progress is answered politely', async (kind) => {
    const teacher = users.get('teacher')!;
    await chat.say(teacher, 'ยกเลิก');
    await chat.emulator.call('POST', `/users/${teacher}/messages`, sent[kind]);
    await chat.settle();
    expect((await chat.inbox(teacher)).text).toContain(greetingTexts.mediaNotExpected(kind, true));
  });

  it('during a repair report, a picture is still the report’s', async () => {
    const teacher = users.get('teacher')!;
    await chat.say(teacher, MENU_COMMANDS.reportFault);
    await chat.emulator.call('POST', `/users/${teacher}/messages`, sent.image);
    await chat.settle();
    expect((await chat.inbox(teacher)).text).not.toContain(greetingTexts.mediaNotExpected('image', true));
    await chat.say(teacher, 'ยกเลิก');
  });
});

describe('งานของโรงเรียน (the school director)', () => {
  it('shows the school’s unfinished tickets counted by status, with their cards; finished ones and other schools’ are left out', async () => {
    const categoryId = [...(await f.categories()).values()][0]!.id;
    const reporterId = ids.get('teacher')!;
    const seed = { categoryId, reporterId, createdAt: bangkokTime('2027-04-01', '09:00') };
    const waiting = await f.ticket({ ...seed, schoolId, status: 'new', description: 'โปรเจกเตอร์ไม่ติด' });
    const resolved = await f.ticket({ ...seed, schoolId, status: 'resolved', description: 'จานดาวเทียมสัญญาณหาย' });
    const done = await f.ticket({ ...seed, schoolId, status: 'closed', description: 'เมาส์เสีย' });
    const elsewhere = await f.ticket({ ...seed, schoolId: otherSchoolId, status: 'new', description: 'เครื่องพิมพ์ของโรงเรียนอื่น' });
    const numberOf = async (id: number) => (await getTicket(service.database.db, DEFAULT_OFFICE_ID, id))!.number;

    const answer = await chat.say(users.get('school_director')!, MENU_COMMANDS.schoolWork);
    expect(answer.entries[0]!.message.text).toContain('งานซ่อมที่ยังไม่เสร็จ 2 งาน');
    expect(answer.text).toContain(trackTexts.statusCount(TICKET_STATUS_LABELS.new, 1));
    expect(answer.text).toContain(trackTexts.statusCount(TICKET_STATUS_LABELS.resolved, 1));
    const cards = JSON.stringify(answer.entries.slice(1).map((e) => e.message));
    expect(cards).toContain(await numberOf(waiting));
    expect(cards).toContain(await numberOf(resolved));
    expect(cards).not.toContain(await numberOf(done));
    expect(cards).not.toContain(await numberOf(elsewhere));
    // The resolved ticket's card lets the director confirm it, as ติดตามงานซ่อม does.
    expect(actionsIn(answer.entries).map((a) => a.label)).toContain(trackLabels.confirm);
  });

  it('is refused to a teacher, politely', async () => {
    const answer = await chat.say(users.get('teacher')!, MENU_COMMANDS.schoolWork);
    expect(answer.text).not.toContain('งานซ่อมที่ยังไม่เสร็จ');
    expect(answer.text).toContain('ขออภัย');
  });
});

describe('รายการรออนุมัติ (the directors)', () => {
  it('shows the area director the letters waiting for their decision today, with the buttons that decide', async () => {
    const clerk = ids.get('saraban_clerk')!;
    const base = { registeredBy: clerk, registeredAt: bangkokTime('2027-04-02', '09:00'), assigneeId: ids.get('technician')! };
    await f.letter({ ...base, status: 'proposed', proposedTo: ids.get('area_director')!, proposedAt: bangkokTime('2027-04-03', '10:00'), subject: 'ขออนุมัติจัดอบรมครู' });
    await f.letter({ ...base, status: 'proposed', proposedTo: ids.get('deputy_director')!, proposedAt: bangkokTime('2027-04-03', '10:00'), subject: 'เรื่องของรองผู้อำนวยการ' });

    const answer = await chat.say(users.get('area_director')!, MENU_COMMANDS.approvals);
    expect(answer.entries[0]!.message.text).toContain(decideTexts.pendingIntro(1));
    expect(answer.text).not.toContain('เรื่องของรองผู้อำนวยการ');
    expect(JSON.stringify(answer.entries.map((e) => e.message))).toContain('ขออนุมัติจัดอบรมครู');
    const labels = actionsIn(answer.entries).map((a) => a.label);
    expect(labels).toEqual(expect.arrayContaining([DECISION_LABELS.approved, DECISION_LABELS.acknowledged]));
    // The buttons are the decision flow's own: tapping one goes on with that letter's decision.
    const tapped = await chat.tapIn(users.get('area_director')!, answer.entries, DECISION_LABELS.approved);
    expect(tapped.text.length).toBeGreaterThan(0);
    expect(tapped.text).not.toContain(botMessages.buttonNoLongerValid);
  });

  it('shows the group director the letters waiting to be assigned, and says loans and bookings will show there', async () => {
    await f.letter({ registeredBy: ids.get('saraban_clerk')!, registeredAt: bangkokTime('2027-04-04', '09:00'), status: 'registered', subject: 'หนังสือรอมอบหมายงาน' });
    const answer = await chat.say(users.get('group_director')!, MENU_COMMANDS.approvals);
    expect(answer.entries[0]!.message.text).toContain(routeTexts.pendingIntro(1, 1));
    // The services not open yet whose approvals will show there (bookings are open: theirs show already).
    const later = SERVICES.filter((s) => !s.open && s.actions.some((a) => a.startsWith('approve_'))).map((s) => s.name);
    if (later.length > 0) expect(answer.entries[0]!.message.text).toContain(approvalsTexts.later(later));
    expect(later).not.toContain('จองห้อง');
    expect(JSON.stringify(answer.entries.map((e) => e.message))).toContain('หนังสือรอมอบหมายงาน');
  });

  it('tells a deputy with nothing waiting so, and refuses a teacher', async () => {
    const deputy = await chat.newUser('รองที่ไม่มีงาน');
    await f.person('รองที่ไม่มีงาน', 'deputy_director', { lineUserId: deputy });
    expect((await chat.say(deputy, MENU_COMMANDS.approvals)).text).toBe(approvalsTexts.none);
    const refused = await chat.say(users.get('teacher')!, MENU_COMMANDS.approvals);
    // The tile gathers loans, bookings and letters: the refusal names that, not one permission ("สั่งการหนังสือ").
    expect(refused.text).toBe(approvalsTexts.denied);
  });
});

describe('a tile tapped in the middle of another service', () => {
  it.each([...ROLES].filter((role) => tilesOf(role).includes('myInfo')))(
    'goes where it says for the %s, right after another tile was tapped',
    async (role) => {
      const userId = users.get(role)!;
      for (const tile of tilesOf(role).filter((t) => t !== 'myInfo')) {
        await chat.say(userId, MENU_COMMANDS[tile]);
        const answer = await chat.say(userId, MENU_COMMANDS.myInfo);
        expect({ tile, text: answer.text }).toEqual({ tile, text: expect.stringContaining('บทบาท:') });
        await chat.say(userId, 'ยกเลิก');
      }
    },
    120_000,
  );

  it('a letter being registered gives way to a tile until the clerk answers; then it asks to finish or cancel it first', async () => {
    const clerk = users.get('saraban_clerk')!;
    // ลงรับหนังสือ tapped by mistake: the tile beside it starts a send instead, nothing to cancel first.
    await chat.say(clerk, MENU_COMMANDS.receiveLetter);
    const send = await chat.say(clerk, MENU_COMMANDS.registerOutgoing);
    expect(send.text).toContain('ลงทะเบียนหนังสือส่งค่ะ');
    await chat.tap(clerk, 'ไม่ลับ');
    const busy = await chat.say(clerk, MENU_COMMANDS.myInfo);
    expect(busy.text).toContain('ยังค้างอยู่ค่ะ');
    expect(busy.text).not.toContain('บทบาท:');
    // The open question comes again with its buttons (the earlier quick replies are gone under the note).
    expect(busy.text).toContain(registerTexts.askDocNo);
    expect(busy.labels).toContain(registerLabels.noDocNo);
    expect((await chat.say(clerk, MENU_COMMANDS.receiveLetter)).text).toContain('ยังค้างอยู่ค่ะ');
    await chat.say(clerk, 'ยกเลิก');
  }, 120_000);

  it('a repair report with the fault already typed keeps the tile to itself, and the report goes on', async () => {
    const teacher = users.get('teacher')!;
    await chat.say(teacher, MENU_COMMANDS.reportFault);
    // Category group, then category: a report with nothing typed yet gives way to a tile.
    await chat.tap(teacher, chat.buttons(teacher)[0]!.label);
    const categories = chat.buttons(teacher);
    expect((await chat.say(teacher, MENU_COMMANDS.myInfo)).text).toContain('บทบาท:');

    await chat.say(teacher, MENU_COMMANDS.reportFault);
    await chat.tap(teacher, chat.buttons(teacher)[0]!.label);
    if (categories.length > 0 && chat.buttons(teacher).length > 0) await chat.tap(teacher, chat.buttons(teacher)[0]!.label);
    const photos = await chat.say(teacher, 'จอขึ้นว่าไม่มีสัญญาณตั้งแต่เช้า');
    const busy = await chat.say(teacher, MENU_COMMANDS.myInfo);
    expect(busy.text).toContain('กำลังแจ้งซ่อมค้างอยู่');
    expect(busy.text).not.toContain('บทบาท:');
    // The photo question comes again with its buttons (the earlier quick replies are gone under the note).
    expect(busy.text).toContain(reportTexts.askPhotos);
    expect(busy.labels).toContain(reportLabels.noPhoto);
    // Nothing typed was lost: the report carries on from its question.
    expect(photos.text.length).toBeGreaterThan(0);
    await chat.say(teacher, 'ยกเลิก');
  }, 120_000);
});

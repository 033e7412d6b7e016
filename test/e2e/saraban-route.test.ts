import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import { getLetter, listLetterEvents, registerLetter, type NewLetter } from '../../src/db/repos/letters.ts';
import { leaksSecret, type Letter } from '../../src/domain/saraban/view.ts';
import { announceNewLetter } from '../../src/flows/saraban-route/announce.ts';
import { runAcknowledgeClock, runLetterDigest } from '../../src/flows/saraban-route/jobs.ts';
import { routeLabels as L } from '../../src/flows/saraban-route/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { actionsIn, chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

// 2027-03-01 is a Monday; Friday 2027-03-05 is made a holiday of the office below.
// Later than the machine's clock: the inbox takes events whose time has come by the service's clock.
const clock = testClock('2027-03-01', '07:00');
const setClock = clock.set;
const now = clock.now;

let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const who = { clerk: '', gd1: '', gd2: '', officer: '', teacher: '' };
const names = { gd1: 'ผอ.กลุ่ม หนึ่ง', gd2: 'ผอ.กลุ่ม สอง', officer: 'นายช่าง รับผิดชอบ' };

async function newLetter(subject: string, overrides: Partial<NewLetter> = {}): Promise<Letter> {
  const clerk = await chat.personOf(who.clerk);
  const letter = await service.database.db.transaction(async (tx) => {
    const created = await registerLetter(
      tx,
      {
        officeId: DEFAULT_OFFICE_ID,
        register: 'receive',
        docNo: 'ศธ 04001/ว100',
        docDate: '2027-02-26',
        fromName: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
        toName: 'ผู้อำนวยการสำนักงานเขตพื้นที่',
        subject,
        kind: 'external',
        urgency: 'normal',
        actBy: null,
        secrecy: 'none',
        registeredBy: clerk.id,
        mediaIds: [],
        ...overrides,
      },
      now(),
    );
    await announceNewLetter(tx, created, { now: now() });
    return created;
  });
  await chat.settle();
  return letter;
}

const label = (l: Letter) => `${l.number}/${l.year}`;

async function digest(date: string, time: string) {
  setClock(date, time);
  await runLetterDigest(service.database, now());
  await chat.settle();
}

async function ackClock(date: string, time: string) {
  setClock(date, time);
  await runAcknowledgeClock(service.database, now());
  await chat.settle();
}

beforeAll(async () => {
  service = await startTestService({}, { now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  await upsertHolidays(service.database.db, DEFAULT_OFFICE_ID, [{ date: '2027-03-05', name: 'วันหยุดราชการ' }]);
  who.clerk = await chat.registerInvited('ธุรการ ลงรับ', 'saraban_clerk', now());
  who.gd1 = await chat.registerInvited(names.gd1, 'group_director', now());
  who.gd2 = await chat.registerInvited(names.gd2, 'group_director', now());
  who.officer = await chat.registerInvited(names.officer, 'technician', now());
  who.teacher = await chat.registerTeacher('ครูสมศรี ใจดี');
  for (const id of Object.values(who)) await chat.inbox(id);
});
afterAll(async () => service?.stop());

describe('routing a received letter', () => {
  let urgent: Letter;
  let normal: Letter;
  let urgentCard1 = '';
  let urgentCard2 = '';

  it('pushes ด่วนมาก to every group director at once; a normal letter waits for the 13:00 digest, and nothing is announced twice', async () => {
    setClock('2027-03-01', '09:00');
    urgent = await newLetter('ขอข้อมูลอุปกรณ์ DLTV ด่วน', { urgency: 'very_urgent', actBy: '2027-03-10' });
    const a1 = await chat.inbox(who.gd1);
    const a2 = await chat.inbox(who.gd2);
    expect(a1.text).toContain(label(urgent));
    expect(a1.text).toContain('ด่วนมาก');
    expect(a2.text).toContain(label(urgent));
    urgentCard1 = dataOf(a1.entries, L.assign);
    urgentCard2 = dataOf(a2.entries, L.assign);
    expect(JSON.stringify(a1.entries)).toContain('ขอข้อมูลอุปกรณ์ DLTV ด่วน');
    expect(JSON.stringify(a1.entries)).toContain('ดำเนินการภายใน 10 มีนาคม 2570');
    // Nobody else hears of it.
    expect((await chat.inbox(who.officer)).entries).toHaveLength(0);
    expect((await chat.inbox(who.teacher)).entries).toHaveLength(0);

    setClock('2027-03-01', '09:30');
    normal = await newLetter('เชิญประชุมประจำเดือน');
    expect((await chat.inbox(who.gd1)).entries).toHaveLength(0);

    await digest('2027-03-01', '12:00');
    expect((await chat.inbox(who.gd1)).entries).toHaveLength(0);

    await digest('2027-03-01', '13:00');
    const d1 = await chat.inbox(who.gd1);
    const d2 = await chat.inbox(who.gd2);
    expect(d1.text).toContain(label(normal));
    expect(d1.text).not.toContain(label(urgent));
    expect(d2.text).toContain(label(normal));
    expect(actionsIn(d1.entries).some((a) => a.label === L.assign)).toBe(true);

    await digest('2027-03-01', '13:05');
    await digest('2027-03-02', '08:00');
    expect((await chat.inbox(who.gd1)).entries).toHaveLength(0);
    expect((await chat.inbox(who.gd2)).entries).toHaveLength(0);
  });

  it('a normal letter after the afternoon digest waits for 08:00 of the next office day, skipping a holiday', async () => {
    setClock('2027-03-04', '14:00');
    const late = await newLetter('แจ้งกำหนดการอบรม');
    await digest('2027-03-04', '14:05');
    await digest('2027-03-05', '08:00'); // holiday
    await digest('2027-03-06', '08:00'); // Saturday
    expect((await chat.inbox(who.gd1)).entries).toHaveLength(0);
    await digest('2027-03-08', '08:00');
    expect((await chat.inbox(who.gd1)).text).toContain(label(late));
    expect((await chat.inbox(who.gd2)).text).toContain(label(late));
  });

  it('a director chatting with the bot gets a normal letter at once, and not again in the digest', async () => {
    setClock('2027-03-08', '09:00');
    await chat.say(who.gd2, 'สวัสดีค่ะ');
    setClock('2027-03-08', '09:05');
    const chatty = await newLetter('ขอเชิญร่วมกิจกรรม');
    expect((await chat.inbox(who.gd2)).text).toContain(label(chatty));
    expect((await chat.inbox(who.gd1)).entries).toHaveLength(0);
    await digest('2027-03-08', '13:00');
    expect((await chat.inbox(who.gd1)).text).toContain(label(chatty));
    expect((await chat.inbox(who.gd2)).entries).toHaveLength(0);
  });

  it('two group directors assigning at once: the first wins, the other is told who assigned it to whom and when; the officer is alerted once', async () => {
    setClock('2027-03-08', '10:00');
    // Both tap "มอบหมาย" on the card pushed to them at 09:00.
    await Promise.all([chat.emulator.tap(who.gd1, urgentCard1), chat.emulator.tap(who.gd2, urgentCard2)]);
    await chat.settle();
    const p1 = await chat.inbox(who.gd1);
    const p2 = await chat.inbox(who.gd2);
    const officerLabel = names.officer;
    const to1 = dataOf(p1.entries, officerLabel);
    const to2 = dataOf(p2.entries, officerLabel);
    await chat.emulator.tap(who.gd1, to1);
    await chat.emulator.tap(who.gd2, to2);
    await chat.settle();
    const q1 = await chat.inbox(who.gd1);
    const q2 = await chat.inbox(who.gd2);
    expect(q1.text).toContain(officerLabel);
    await Promise.all([chat.emulator.sendText(who.gd1, 'โปรดรวบรวมข้อมูลส่งภายในวันศุกร์'), chat.emulator.tap(who.gd2, dataOf(q2.entries, L.none))]);
    await chat.settle();
    const r1 = (await chat.inbox(who.gd1)).text;
    const r2 = (await chat.inbox(who.gd2)).text;
    const [won, lost] = r1.includes('ได้รับการมอบหมายไปแล้ว') ? [r2, r1] : [r1, r2];
    expect(won).toContain('มอบหมาย');
    expect(won).toContain(officerLabel);
    expect(lost).toContain('ได้รับการมอบหมายไปแล้ว');
    expect(lost).toContain(officerLabel);
    expect(lost).toMatch(/โดย ผอ\.กลุ่ม (หนึ่ง|สอง)/);
    expect(lost).toContain('8 มีนาคม 2570');

    const after = (await getLetter(service.database.db, DEFAULT_OFFICE_ID, urgent.id))!;
    expect(after.status).toBe('assigned');
    expect(after.assigneeName).toBe(names.officer);
    const events = await listLetterEvents(service.database.db, urgent.id);
    expect(events.filter((e) => e.action === 'assigned')).toHaveLength(1);

    const alert = await chat.inbox(who.officer);
    expect(alert.text).toContain(label(urgent));
    expect(actionsIn(alert.entries).filter((a) => a.label === L.acknowledge)).toHaveLength(1);
    urgent = after;
    urgentCard1 = dataOf(alert.entries, L.acknowledge);
  });

  it('the officer acknowledges (รับทราบ); a second tap is told it was done; หนังสือของฉัน offers เสนอผู้บริหาร', async () => {
    setClock('2027-03-08', '10:30');
    const ack = await chat.tapData(who.officer, urgentCard1);
    expect(ack.text).toContain('รับทราบ');
    expect(actionsIn(ack.entries).some((a) => a.label === L.propose)).toBe(true);
    expect((await getLetter(service.database.db, DEFAULT_OFFICE_ID, urgent.id))!.status).toBe('acknowledged');
    const again = await chat.tapData(who.officer, urgentCard1);
    expect(again.text).toContain('รับทราบ');
    expect(again.text).toContain('ไปแล้ว');
    const mine = await chat.say(who.officer, MENU_COMMANDS.myLetters);
    expect(mine.text).toContain('หนังสือของคุณ 1 ฉบับ');
    expect(actionsIn(mine.entries).some((a) => a.label === L.propose)).toBe(true);
  });

  it('the group director\'s list shows letters waiting for assignment and those not acknowledged; opening it marks them seen', async () => {
    setClock('2027-03-08', '11:00');
    const fresh = await newLetter('ขอความร่วมมือตอบแบบสำรวจ');
    const list = await chat.say(who.gd1, MENU_COMMANDS.pendingLetters);
    expect(list.text).toContain('หนังสือรอมอบหมาย');
    expect(JSON.stringify(list.entries)).toContain(label(fresh));
    // The acknowledged letter is neither waiting nor unacknowledged.
    expect(list.text).not.toContain('ยังไม่รับทราบ');
    await digest('2027-03-08', '13:00');
    // gd1 saw it in the list; gd2 has not yet.
    expect((await chat.inbox(who.gd1)).entries).toHaveLength(0);
    expect((await chat.inbox(who.gd2)).text).toContain(label(fresh));
  });

  it('an assignment not acknowledged is reminded once after an office day, then escalated once to the assigner', async () => {
    setClock('2027-03-09', '10:00'); // Tuesday
    const list = await chat.say(who.gd1, MENU_COMMANDS.pendingLetters);
    const letterToAssign = normal;
    const pick = await chat.tapIn(who.gd1, list.entries.filter((e) => JSON.stringify(e).includes(label(letterToAssign))), L.assign);
    expect(pick.text).toContain('เลือกผู้รับผิดชอบ');
    const asked = await chat.tap(who.gd1, names.officer);
    // A menu tapped while the instruction is asked is not taken as the instruction.
    const menuTapped = await chat.say(who.gd1, MENU_COMMANDS.searchLetters);
    expect((await getLetter(service.database.db, DEFAULT_OFFICE_ID, letterToAssign.id))!.status).toBe('registered');
    expect((await chat.inbox(who.officer)).entries).toHaveLength(0);
    expect(menuTapped.text).not.toContain('มอบหมายแล้ว');
    const done = await chat.tapIn(who.gd1, asked.entries, L.none);
    expect(done.text).toContain('มอบหมาย');
    const alert = await chat.inbox(who.officer);
    expect(alert.text).toContain(label(letterToAssign));
    const listed = await chat.say(who.gd1, MENU_COMMANDS.pendingLetters);
    expect(listed.text).toContain('ยังไม่รับทราบ 1 ฉบับ');
    expect(listed.text).toContain(`${label(letterToAssign)} เรื่อง เชิญประชุมประจำเดือน – ${names.officer}`);

    await ackClock('2027-03-09', '16:00');
    expect((await chat.inbox(who.officer)).entries).toHaveLength(0);
    await ackClock('2027-03-10', '10:00');
    const remind = await chat.inbox(who.officer);
    expect(remind.text).toContain('เตือนความจำ');
    expect(remind.text).toContain(label(letterToAssign));
    expect(actionsIn(remind.entries).some((a) => a.label === L.acknowledge)).toBe(true);
    await ackClock('2027-03-10', '10:05');
    expect((await chat.inbox(who.officer)).entries).toHaveLength(0);
    expect((await chat.inbox(who.gd1)).entries).toHaveLength(0);
    await ackClock('2027-03-11', '10:00');
    const escalation = await chat.inbox(who.gd1);
    expect(escalation.text).toContain(label(letterToAssign));
    expect(escalation.text).toContain(names.officer);
    expect((await chat.inbox(who.gd2)).entries).toHaveLength(0);
    expect((await chat.inbox(who.officer)).entries).toHaveLength(0);
    await ackClock('2027-03-15', '10:00');
    expect((await chat.inbox(who.gd1)).entries).toHaveLength(0);
    expect((await chat.inbox(who.officer)).entries).toHaveLength(0);
    const events = await listLetterEvents(service.database.db, letterToAssign.id);
    expect(events.filter((e) => e.action === 'reminded')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'escalated')).toHaveLength(1);
  });

  it('a teacher cannot see หนังสือของฉัน; a technician gets no list of letters from หนังสือรอพิจารณา', async () => {
    setClock('2027-03-15', '11:00');
    const teacher = await chat.say(who.teacher, MENU_COMMANDS.myLetters);
    expect(teacher.text).toContain('ขออภัย');
    expect(teacher.text).not.toContain('รับที่');
    const technician = await chat.say(who.officer, MENU_COMMANDS.pendingLetters);
    expect(technician.text).not.toContain('หนังสือรอมอบหมาย');
    expect(technician.text).not.toContain('รับที่');
    // A forged assign button from a technician is refused on the server.
    const forged = await chat.tapData(who.officer, urgentCard2);
    expect(forged.text).toContain('ขออภัย');
  });

  it('a secret letter\'s subject, sender and number appear in none of the messages of its whole routing', async () => {
    setClock('2027-03-15', '13:30');
    const secret = await newLetter('สอบสวนข้อเท็จจริงกรณีพิเศษ', {
      secrecy: 'confidential',
      urgency: 'most_urgent',
      fromName: 'สำนักงานตรวจสอบพิเศษภาค',
      docNo: 'ลข 0099/ลับ',
    });
    const alert = await chat.inbox(who.gd1);
    expect(alert.text).toContain(`หนังสือลับ รับที่ ${label(secret)}`);
    // Its details are only a tap away: the card links to the page that checks who is looking.
    expect(JSON.stringify(alert.entries.map((e) => e.message))).toContain(`/liff/letters/${secret.id}`);
    await chat.tapIn(who.gd1, alert.entries, L.assign);
    await chat.tap(who.gd1, names.officer);
    await chat.say(who.gd1, 'ตรวจสอบสอบสวนข้อเท็จจริงกรณีพิเศษให้เสร็จ');
    const officerAlert = await chat.inbox(who.officer);
    expect(officerAlert.text).toContain(`หนังสือลับ รับที่ ${label(secret)}`);
    await chat.tapIn(who.officer, officerAlert.entries, L.acknowledge);
    await chat.say(who.officer, MENU_COMMANDS.myLetters);
    await chat.say(who.gd1, MENU_COMMANDS.pendingLetters);
    const full = (await getLetter(service.database.db, DEFAULT_OFFICE_ID, secret.id))!;
    expect(full.status).toBe('acknowledged');
    for (const userId of Object.values(who)) {
      const { entries } = await chat.emulator.conversation(userId, { after: 0 });
      for (const entry of entries.filter((e) => e.direction === 'bot')) {
        expect(leaksSecret(full, JSON.stringify(entry.message))).toBe(false);
      }
    }
  });
});

describe('assigning a letter to oneself', () => {
  it('a group director who takes a letter himself gets its card with รับทราบ in the answer, and no push to himself', async () => {
    setClock('2027-03-15', '10:00');
    const own = await newLetter('เรื่องที่ผู้อำนวยการกลุ่มรับไว้เอง', { urgency: 'very_urgent' });
    const alert = await chat.inbox(who.gd1);
    expect(alert.text).toContain(label(own));
    const officers = await chat.tapIn(who.gd1, alert.entries, L.assign);
    const instruction = await chat.tapIn(who.gd1, officers.entries, names.gd1);
    const done = await chat.tapIn(who.gd1, instruction.entries, L.none);
    expect(done.text).toContain('ให้ตัวท่านเองแล้วค่ะ');
    expect(actionsIn(done.entries).filter((a) => a.label === L.acknowledge)).toHaveLength(1);
    expect(done.entries.filter((e) => e.via === 'push')).toEqual([]);
    expect((await chat.inbox(who.gd1)).entries).toEqual([]);
    expect((await getLetter(service.database.db, DEFAULT_OFFICE_ID, own.id))!.assigneeName).toBe(names.gd1);
  });
});

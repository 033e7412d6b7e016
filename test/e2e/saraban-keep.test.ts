import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { openLoanOf } from '../../src/db/repos/letter-keeping.ts';
import { getLetter, registerLetter, type NewLetter } from '../../src/db/repos/letters.ts';
import { leaksSecret, type Letter } from '../../src/domain/saraban/view.ts';
import { keepLabels as L } from '../../src/flows/saraban-keep/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { actionsIn, chatDriver, loadDemoSchools } from '../support/chat.ts';
import type { ConversationEntry } from '../support/service.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

// Later than the machine's clock: the inbox takes events whose time has come by the service's clock.
const clock = testClock('2027-03-01', '09:00'); // Monday
const now = clock.now;

let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const users = { clerk: '', teacher: '', director: '' };
let plain: Letter;
let secret: Letter;

const allText = (entries: ConversationEntry[]) => JSON.stringify(entries.map((e) => e.message));

async function register(over: Partial<NewLetter>): Promise<Letter> {
  const clerk = await chat.personOf(users.clerk);
  return service.database.db.transaction((tx) =>
    registerLetter(
      tx,
      {
        officeId: DEFAULT_OFFICE_ID,
        register: 'receive',
        docNo: 'ศธ 04001/ว77',
        docDate: '2027-02-25',
        fromName: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
        toName: 'ผอ.สพป.',
        subject: 'ขอเชิญประชุมผู้บริหารสถานศึกษา',
        kind: 'external',
        urgency: 'normal',
        actBy: null,
        secrecy: 'none',
        registeredBy: clerk.id,
        mediaIds: [],
        ...over,
      },
      now(),
    ),
  );
}

beforeAll(async () => {
  service = await startTestService({}, { now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  users.clerk = await chat.registerInvited('ธุรการ ขยันยิ่ง', 'saraban_clerk', now());
  users.director = await chat.registerInvited('ผอ.กลุ่ม ใจดี', 'group_director', now());
  users.teacher = await chat.registerTeacher('ครูสมศรี ใจงาม');
  plain = await register({});
  secret = await register({ secrecy: 'secret', subject: 'ผลการสอบข้อเท็จจริงกรณีร้องเรียน', fromName: 'ศูนย์ปฏิบัติการลับ', docNo: 'ลับมาก 0099/1' });
  for (const id of Object.values(users)) await chat.inbox(id);
});
afterAll(async () => service.stop());

describe('search, lending and return in chat', () => {
  it('a teacher is refused politely', async () => {
    const answer = await chat.say(users.teacher, MENU_COMMANDS.searchLetters);
    expect(answer.text).toContain('ขออภัยค่ะ');
    expect(answer.text).toContain('ค้นหาหนังสือ');
    const lend = await chat.say(users.teacher, 'ให้ยืมหนังสือ 1');
    expect(lend.text).toContain('ขออภัยค่ะ');
    // A group director searches but does not lend.
    const byDirector = await chat.say(users.director, 'ให้ยืมหนังสือ 1');
    expect(byDirector.text).toContain('ขออภัยค่ะ');
  });

  it('the clerk searches a Thai piece of the subject and lends the original: borrower chosen from registered people, purpose, due date', async () => {
    const ask = await chat.say(users.clerk, MENU_COMMANDS.searchLetters);
    expect(ask.text).toContain('123/2569');
    const results = await chat.say(users.clerk, 'ประชุมผู้บริหาร');
    expect(results.text).toContain('พบ 1 ฉบับค่ะ');
    expect(allText(results.entries)).toContain('ขอเชิญประชุมผู้บริหารสถานศึกษา');

    const who = await chat.tapIn(users.clerk, results.entries, L.lend);
    expect(who.text).toContain('ผู้ยืมชื่ออะไรคะ');
    const pick = await chat.say(users.clerk, 'ผอ.กลุ่ม');
    expect(pick.labels).toEqual(expect.arrayContaining(['ผอ.กลุ่ม ใจดี', L.typedName]));
    const purpose = await chat.tap(users.clerk, 'ผอ.กลุ่ม ใจดี');
    expect(purpose.text).toContain('ยืมไปเพื่อใช้ในราชการ');
    const due = await chat.say(users.clerk, 'ประกอบการเตรียมประชุม');
    expect(actionsIn(due.entries).find((a) => a.label === L.pickDue)?.type).toBe('datetimepicker');
    // A past date is refused, then a date ahead is taken.
    const refused = await chat.tapIn(users.clerk, due.entries, L.pickDue, { date: '2027-02-27' });
    expect(refused.text).toContain('เลือกวัน');
    const done = await chat.tapIn(users.clerk, refused.entries, L.pickDue, { date: '2027-03-05' });
    expect(done.text).toContain('บันทึกการยืมแล้วค่ะ');
    expect(done.text).toContain('5 มีนาคม 2570');
    const director = await chat.personOf(users.director);
    expect(await openLoanOf(service.database.db, DEFAULT_OFFICE_ID, plain.id)).toMatchObject({ borrowerId: director.id, borrowerName: 'ผอ.กลุ่ม ใจดี', purpose: 'ประกอบการเตรียมประชุม', dueDate: '2027-03-05' });

    // Found again by number: the card says who has it and offers the return, not another loan.
    const again = await chat.say(users.clerk, 'ค้นหาหนังสือ 1/2570');
    expect(allText(again.entries)).toContain('ยืมอยู่: ผอ.กลุ่ม ใจดี');
    const labels = actionsIn(again.entries).map((a) => a.label);
    expect(labels).toContain(L.return);
    expect(labels).not.toContain(L.lend);
  });

  it('the clerk records the return from the list of originals out', async () => {
    const list = await chat.say(users.clerk, 'คืนหนังสือ');
    expect(list.text).toContain('ต้นฉบับที่ยืมอยู่ 1 รายการ');
    const ask = await chat.tap(users.clerk, 'รับที่ 1/2570');
    expect(ask.text).toContain('ใครเป็นผู้นำมาคืน');
    const done = await chat.tap(users.clerk, L.byBorrower);
    expect(done.text).toContain('บันทึกรับคืนแล้วค่ะ');
    expect(await openLoanOf(service.database.db, DEFAULT_OFFICE_ID, plain.id)).toBeNull();
    expect((await chat.say(users.clerk, 'คืนหนังสือ')).text).toContain('ไม่มีต้นฉบับหนังสือที่ยังไม่คืน');
  });

  it('a secret letter is found by number only and shown by its headline; its subject never reaches the chat', async () => {
    const bySubject = await chat.say(users.director, 'ค้นหาหนังสือ สอบข้อเท็จจริง');
    expect(bySubject.text).toContain('ไม่พบหนังสือ');
    const byNumber = await chat.say(users.director, `ค้นหาหนังสือ ${secret.number}`);
    expect(allText(byNumber.entries)).toContain(`หนังสือลับ รับที่ ${secret.number}/2570`);
    // The clerk who registered it finds it by subject too, still by headline only.
    const clerkView = await chat.say(users.clerk, 'ค้นหาหนังสือ สอบข้อเท็จจริง');
    expect(clerkView.text).toContain('พบ 1 ฉบับค่ะ');
    // Its details open in the LIFF page, offered to who may see them only.
    const uris = (entries: ConversationEntry[]) => JSON.stringify(entries.map((e) => e.message)).match(/"uri":"[^"]*letters\/\d+"/g) ?? [];
    expect(uris(clerkView.entries)).toEqual([expect.stringContaining(`letters/${secret.id}`)]);
    expect(uris(byNumber.entries)).toEqual([]);
    const stored = (await getLetter(service.database.db, DEFAULT_OFFICE_ID, secret.id))!;
    for (const entries of [byNumber.entries, clerkView.entries]) {
      for (const e of entries) expect(leaksSecret(stored, JSON.stringify(e.message))).toBe(false);
    }
  });
});

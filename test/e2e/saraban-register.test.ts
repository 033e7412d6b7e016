import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { findLetterByNumber, listLetterAttachments, listLetterEvents } from '../../src/db/repos/letters.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { leaksSecret } from '../../src/domain/saraban/view.ts';
import { registerLabels as L } from '../../src/flows/saraban-register/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { liffPeople } from '../support/liff.ts';
import { startTestService, type ConversationEntry } from '../support/service.ts';

/**
 * "ลงรับหนังสือ" through the emulator: a clerk registers a letter with a PDF file and a photo of a page and
 * gets รับที่ N/year with the date and time of receipt; a secret letter's details never come back in what
 * the bot sends; corrections through the chat; other roles are refused.
 */
const clock = bangkokTime('2027-03-01', '10:05');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
let clerk: string;
let groupDirector: string;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  clerk = await chat.registerInvited('ธุรการ รับหนังสือ', 'saraban_clerk', clock);
  groupDirector = await chat.registerInvited('ผอ.กลุ่ม อำนวยการ', 'group_director', clock);
}, 60_000);
afterAll(async () => service.stop());

const db = () => service.database.db;

/** Sends a file or picture as the clerk and returns what the bot answered. */
async function send(message: Record<string, unknown>): Promise<ConversationEntry[]> {
  await chat.emulator.call('POST', `/users/${clerk}/messages`, message);
  await chat.settle();
  return (await chat.inbox(clerk)).entries;
}

interface Typed {
  secrecy: string;
  docNo: string;
  fromName: string;
  toName: string;
  subject: string;
  urgency: string;
  files: Array<Record<string, unknown>>;
}

/** The whole conversation up to the summary card; returns the card's entries. */
async function fillIn(typed: Typed): Promise<ConversationEntry[]> {
  await chat.say(clerk, MENU_COMMANDS.receiveLetter);
  await chat.tap(clerk, typed.secrecy);
  await chat.say(clerk, typed.docNo);
  const dateAsked = await chat.say(clerk, 'ไม่ใช่วันที่');
  await chat.tapIn(clerk, dateAsked.entries, L.pickDate, { date: '2027-02-26' });
  await chat.say(clerk, typed.fromName);
  await chat.say(clerk, typed.toName);
  await chat.say(clerk, typed.subject);
  // A whole question, polite: not the bare "ความเร่งด่วนของหนังสือคะ".
  expect((await chat.tap(clerk, L.kinds.external)).text).toBe('หนังสือฉบับนี้มีความเร่งด่วนระดับใดคะ');
  await chat.tap(clerk, typed.urgency);
  const filesAsked = await chat.tap(clerk, L.noActBy);
  // The question names the button under it (เสร็จ only comes once a file has arrived).
  expect(filesAsked.text).toContain(`กด "${L.noFiles}"`);
  expect(filesAsked.labels).toContain(L.noFiles);
  let entries = filesAsked.entries;
  for (const file of typed.files) entries = await send(file);
  return (await chat.tapIn(clerk, entries, typed.files.length > 0 ? L.filesDone : L.noFiles)).entries;
}

describe('ลงทะเบียนส่ง in chat', () => {
  it('gives the next send number of the year, kept apart from the receive register, from this office', async () => {
    await chat.say(clerk, MENU_COMMANDS.registerOutgoing);
    await chat.tap(clerk, 'ไม่ลับ');
    const dateAsked = await chat.say(clerk, 'ศธ 04123/100');
    await chat.tapIn(clerk, dateAsked.entries, L.pickDate, { date: '2027-03-01' });
    await chat.say(clerk, 'โรงเรียนบ้านหนองบัวทอง');
    await chat.say(clerk, 'แจ้งกำหนดการนิเทศ');
    await chat.tap(clerk, L.kinds.external);
    const files = await chat.tap(clerk, 'ปกติ');
    const summary = await chat.tapIn(clerk, files.entries, L.noFiles);
    const done = await chat.tapIn(clerk, summary.entries, L.confirm.send);
    const sent = (await findLetterByNumber(db(), DEFAULT_OFFICE_ID, 'send', 2570, 1))!;
    expect(done.text).toContain('ส่งที่ 1/2570');
    expect(sent).toMatchObject({ status: 'sent', toName: 'โรงเรียนบ้านหนองบัวทอง', subject: 'แจ้งกำหนดการนิเทศ' });
    // The send register's จาก column is the office itself (the clerk is not asked).
    expect(sent.fromName).toBeTruthy();
    // Sent letters are not routed: the group director hears nothing.
    expect((await chat.inbox(groupDirector)).text).not.toContain('ส่งที่ 1/2570');
  });
});

describe('ลงรับหนังสือ in chat', () => {
  it('registers a letter with a PDF file and a photo, answers รับที่ N/year with date and time, and alerts the group director of a ด่วนมาก letter', async () => {
    const summary = await fillIn({
      secrecy: 'ไม่ลับ',
      docNo: 'ศธ 04001/ว1234',
      fromName: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
      toName: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา',
      subject: 'การประชุมผู้บริหารสถานศึกษา',
      urgency: 'ด่วนมาก',
      files: [
        { type: 'file', fileName: 'หนังสือเชิญประชุม.pdf', contentBase64: PDF.toString('base64'), contentType: 'application/octet-stream' },
        { type: 'image', contentBase64: JPEG.toString('base64'), contentType: 'image/jpeg' },
      ],
    });
    expect(JSON.stringify(summary)).toContain('การประชุมผู้บริหารสถานศึกษา');
    expect(JSON.stringify(summary)).toContain('2 ไฟล์');
    const done = await chat.tapIn(clerk, summary, L.confirm.receive);
    expect(done.text).toContain('รับที่ 1/2570');
    expect(done.text).toContain('1 มีนาคม 2570 เวลา 10:05 น.');

    const letter = (await findLetterByNumber(db(), DEFAULT_OFFICE_ID, 'receive', 2570, 1))!;
    expect(letter).toMatchObject({ docNo: 'ศธ 04001/ว1234', docDate: '2027-02-26', urgency: 'very_urgent', status: 'registered', registeredAt: clock });
    const files = await listLetterAttachments(db(), DEFAULT_OFFICE_ID, letter.id);
    expect(files.map((f) => [f.contentType, f.fileName])).toEqual([
      ['application/pdf', 'หนังสือเชิญประชุม.pdf'],
      ['image/jpeg', null],
    ]);
    expect((await chat.inbox(groupDirector)).text).toContain('รับที่ 1/2570');
  });

  it('asks a ลับ letter nothing secret in the chat; its clerk fills the details and the PDF on the linked form page', async () => {
    await chat.say(clerk, MENU_COMMANDS.receiveLetter);
    const asked = await chat.tap(clerk, 'ลับ');
    // Straight to the letter's date: no ที่, from, to, subject or files are asked in the chat.
    expect(asked.labels).toContain(L.pickDate);
    await chat.tapIn(clerk, asked.entries, L.pickDate, { date: '2027-02-26' });
    await chat.tap(clerk, L.kinds.external);
    await chat.tap(clerk, 'ด่วนที่สุด');
    const summary = (await chat.tap(clerk, L.noActBy)).entries;
    expect(JSON.stringify(summary)).toContain('หนังสือลับ');
    const done = await chat.tapIn(clerk, summary, L.confirm.receive);
    expect(done.text).toContain('หนังสือลับ รับที่ 2/2570');
    expect(done.text).toContain('1 มีนาคม 2570 เวลา 10:05 น.');
    const form = /"uri":"([^"]+\/details-form)"/.exec(JSON.stringify(done.entries))?.[1];
    expect(form).toBe(`${service.url}/liff/letters/receive-2570-2/details-form`);
    expect(JSON.stringify(done.entries)).toContain(L.fillSecretDetails);
    const registered = (await findLetterByNumber(db(), DEFAULT_OFFICE_ID, 'receive', 2570, 2))!;
    expect(registered).toMatchObject({ secrecy: 'confidential', docNo: null, subject: null, fromName: null, toName: null, attachmentCount: 0 });

    // The page opens the same way the simulator opens it (the clerk's ID token), and its API takes the details.
    const typed = {
      docNo: 'ลข 0017/2570',
      fromName: 'กองกำกับการสืบสวนจังหวัด',
      toName: 'ผู้อำนวยการเขตพื้นที่ (เฉพาะ)',
      subject: 'ผลการสอบสวนข้อร้องเรียนครูโรงเรียนบ้านลับแล',
    };
    const token = await liffPeople(service, () => clock).idToken(clerk);
    const api = `${service.url}/liff/api/letters/receive-2570-2`;
    const auth = { authorization: `Bearer ${token}` };
    const shown = await fetch(`${api}/details-form`, { headers: auth });
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ id: registered.id, subject: null, attachments: [] });
    const saved = await fetch(`${api}/details`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(typed) });
    expect(saved.status).toBe(200);
    const uploaded = await fetch(`${api}/attachments`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('สอบสวนบ้านลับแล.pdf') },
      body: PDF,
    });
    expect(uploaded.status).toBe(201);
    const letter = (await findLetterByNumber(db(), DEFAULT_OFFICE_ID, 'receive', 2570, 2))!;
    expect(letter).toMatchObject({ ...typed, secrecy: 'confidential', attachmentCount: 1 });
    expect((await listLetterEvents(db(), letter.id)).map((e) => e.action)).toEqual(expect.arrayContaining(['details_added', 'attachment_added']));

    // Its correction menu offers the form and the details page, and none of the typed fields.
    const menu = await chat.say(clerk, 'แก้ไขหนังสือ 2/2570');
    expect(JSON.stringify(menu.entries)).toContain(`/liff/letters/${letter.id}/details-form`);
    expect(JSON.stringify(menu.entries)).toMatch(new RegExp(`"type":"uri".*/liff/letters/${letter.id}"`));
    expect(menu.labels).not.toContain('เรื่อง');
    expect(menu.labels).not.toContain('จาก');
    await chat.say(clerk, 'ยกเลิก');

    const secret = { secrecy: 'confidential' as const, ...typed };
    const fileName = { ...secret, subject: 'สอบสวนบ้านลับแล.pdf' };
    for (const user of [clerk, groupDirector]) {
      const { entries } = await chat.emulator.conversation(user, { after: 0 });
      // What the bot sent, and what the clerk sent: neither holds a detail of the letter.
      const messages = entries.map((e) => JSON.stringify(e.message));
      expect(entries.some((e) => e.direction === 'bot')).toBe(true);
      for (const message of messages) {
        expect(leaksSecret(secret, message)).toBe(false);
        expect(leaksSecret(fileName, message)).toBe(false);
      }
    }
  });

  it('corrects a field typed as "แก้ไขหนังสือ 1/2570", keeps before and after, and answers the old button as stale', async () => {
    const menu = await chat.say(clerk, 'แก้ไขหนังสือ 1/2570');
    expect(menu.labels).toContain('เรื่อง');
    await chat.tap(clerk, 'เรื่อง');
    const fixed = await chat.say(clerk, 'การประชุมผู้บริหารสถานศึกษา ครั้งที่ 2/2570');
    expect(fixed.text).toContain('แก้ไขเรื่องของ รับที่ 1/2570 แล้ว');
    const letter = (await findLetterByNumber(db(), DEFAULT_OFFICE_ID, 'receive', 2570, 1))!;
    expect(letter).toMatchObject({ subject: 'การประชุมผู้บริหารสถานศึกษา ครั้งที่ 2/2570', version: 2 });
    expect((await listLetterEvents(db(), letter.id)).at(-1)).toMatchObject({
      action: 'corrected',
      data: { field: 'subject', before: 'การประชุมผู้บริหารสถานศึกษา', after: 'การประชุมผู้บริหารสถานศึกษา ครั้งที่ 2/2570' },
    });
    const old = await chat.tapIn(clerk, menu.entries, 'ความเร่งด่วน');
    expect(old.text).toBe(botMessages.buttonNoLongerValid);
  });

  it('refuses a teacher and a technician who type ลงรับหนังสือ', async () => {
    const teacher = await chat.registerTeacher('ครูสมศรี ใจดี');
    const technician = await chat.registerInvited('ช่างสมชาย', 'technician', clock);
    for (const user of [teacher, technician]) {
      const answer = await chat.say(user, MENU_COMMANDS.receiveLetter);
      expect(answer.text).toContain('ขออภัยค่ะ');
      expect(answer.text).toContain('ลงทะเบียนหนังสือ');
    }
  });
});

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/app.ts';
import { findLetterByNumber, getLetter, listLetterAttachments, listLetterEvents } from '../../src/db/repos/letters.ts';
import { registerActionText } from '../../src/domain/saraban/decisions.ts';
import { SECRECY_LABELS, URGENCY_LABELS, type Secrecy, type Urgency } from '../../src/domain/saraban/letter.ts';
import { leaksSecret, type Letter } from '../../src/domain/saraban/view.ts';
import { createLogger } from '../../src/logger.ts';
import { runActByReminders, runDecisionReminders } from '../../src/flows/saraban-decide/jobs.ts';
import { decideLabels as L, decideTexts as T } from '../../src/flows/saraban-decide/messages.ts';
import { registerLabels as RL } from '../../src/flows/saraban-register/messages.ts';
import { routeLabels } from '../../src/flows/saraban-route/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { actionsIn, chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { createTestDatabase } from '../support/database.ts';
import type { ConversationEntry } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * A received letter's whole life through the emulator (issue 5), and the secrecy test: a ลับ letter goes
 * through the same life and its subject, sender, recipient, number (ที่) and file name appear in no message
 * the emulator recorded and in no log line (the service logs at debug into a buffer here).
 *
 * Every step goes through the chat: ลงรับหนังสือ with a PDF, มอบหมาย, รับทราบ, เสนอผู้บริหาร, the decision; the jobs are
 * run by calling their runners with a controlled time.
 */

const clock = testClock('2027-04-05', '08:45'); // Monday
const setClock = clock.set;
const now = clock.now;

const logLines: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
    done();
  },
});

let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { clerk: '', officer: '', group: '', director: '', deputy: '' };
const id = { clerk: 0, officer: 0, group: 0, director: 0, deputy: 0 };
const NAMES = { clerk: 'ธุรการ รับหนังสือ', officer: 'นายช่าง คอมพิวเตอร์', group: 'ผอ.กลุ่ม ส่งเสริม', director: 'นายสมชาย มั่นคง', deputy: 'นางสมหญิง ช่วยงาน' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

interface LetterInput {
  subject: string;
  fromName: string;
  toName: string;
  docNo: string;
  urgency: Urgency;
  secrecy: Secrecy;
  actBy?: string | null;
  fileName: string;
}

/** "9/4/2570" for 2027-04-09: a date typed the way the clerk types it. */
const typedDate = (key: string) => {
  const [y, m, d] = key.split('-').map(Number);
  return `${d}/${m}/${y! + 543}`;
};

/**
 * ลงรับหนังสือ in chat with a PDF file (the registering flow); returns the registered letter. A ลับ / ลับมาก
 * letter's ที่, sender, recipient, subject and PDF are not typed or sent in the chat: the clerk fills them on
 * the form page the reply links to, through its API with the clerk's own ID token (as the page does).
 */
async function registerReceived(input: LetterInput): Promise<Letter> {
  const onForm = input.secrecy === 'confidential' || input.secrecy === 'secret';
  await chat.say(u.clerk, MENU_COMMANDS.receiveLetter);
  await chat.tap(u.clerk, SECRECY_LABELS[input.secrecy]);
  if (!onForm) await chat.say(u.clerk, input.docNo);
  await chat.say(u.clerk, '1/4/2570');
  if (!onForm) {
    await chat.say(u.clerk, input.fromName);
    await chat.say(u.clerk, input.toName);
    await chat.say(u.clerk, input.subject);
  }
  await chat.tap(u.clerk, RL.kinds.external);
  await chat.tap(u.clerk, URGENCY_LABELS[input.urgency]);
  let summary;
  if (input.actBy) summary = await chat.say(u.clerk, typedDate(input.actBy));
  else summary = await chat.tap(u.clerk, RL.noActBy);
  if (!onForm) {
    await chat.emulator.call('POST', `/users/${u.clerk}/messages`, { type: 'file', fileName: input.fileName, contentBase64: PDF.toString('base64') });
    await chat.settle();
    const received = await chat.inbox(u.clerk);
    summary = await chat.tapIn(u.clerk, received.entries, RL.filesDone);
  }
  const done = await chat.tapIn(u.clerk, summary.entries, RL.confirm.receive);
  const number = Number(/รับที่ (\d+)\/2570/.exec(done.text)?.[1]);
  expect(number).toBeGreaterThan(0);
  if (onForm) {
    expect(done.text).toContain(`หนังสือลับ รับที่ ${number}/2570`);
    const form = /"uri":"([^"]+)\/liff\/letters\/([^"/]+)\/details-form"/.exec(JSON.stringify(done.entries));
    expect(form?.[2]).toBe(`receive-2570-${number}`);
    const token = (await chat.emulator.call<{ idToken: string }>('POST', `/users/${u.clerk}/id-token`, {})).idToken;
    const api = `${service.url}/liff/api/letters/${form![2]}`;
    const auth = { authorization: `Bearer ${token}` };
    const details = { docNo: input.docNo, fromName: input.fromName, toName: input.toName, subject: input.subject };
    const saved = await fetch(`${api}/details`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(details) });
    expect(saved.status).toBe(200);
    const uploaded = await fetch(`${api}/attachments`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(input.fileName) },
      body: PDF,
    });
    expect(uploaded.status).toBe(201);
  }
  const letter = (await findLetterByNumber(service.database.db, DEFAULT_OFFICE_ID, 'receive', 2570, number))!;
  expect(letter).toMatchObject({ subject: input.subject, fromName: input.fromName, docNo: input.docNo, attachmentCount: 1 });
  return letter;
}

/** The data of the button with this label drawn for this letter (cards of several letters side by side). */
function dataForLetter(entries: ConversationEntry[], label: string, letterId: number): string {
  const hit = actionsIn(entries).find((a) => {
    if (a.label !== label) return false;
    const payload = a.data.split('.')[2];
    return payload !== undefined && (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { l?: number }).l === letterId;
  });
  if (!hit) throw new Error(`no "${label}" for letter ${letterId} in ${JSON.stringify(actionsIn(entries).map((a) => a.label))}`);
  return hit.data;
}

/** มอบหมาย (the group director, from หนังสือรอพิจารณา) then รับทราบ (the officer, from the pushed card): the routing flow in chat. */
async function assignAndAcknowledge(letter: Letter): Promise<Letter> {
  const list = await chat.say(u.group, MENU_COMMANDS.pendingLetters);
  await chat.tapData(u.group, dataForLetter(list.entries, routeLabels.assign, letter.id));
  await chat.tap(u.group, NAMES.officer);
  await chat.tap(u.group, routeLabels.none);
  const alert = await chat.inbox(u.officer);
  await chat.tapData(u.officer, dataForLetter(alert.entries, routeLabels.acknowledge, letter.id));
  const held = (await getLetter(service.database.db, DEFAULT_OFFICE_ID, letter.id))!;
  expect(held).toMatchObject({ status: 'acknowledged', assigneeId: id.officer });
  return held;
}

const letterNow = async (letterId: number) => (await getLetter(service.database.db, DEFAULT_OFFICE_ID, letterId))!;

/** เสนอผู้บริหาร from the officer's หนังสือของฉัน (the routing flow's list carries the decision flow's button). */
async function propose(letter: Letter, directorName: string, askLabel: string, note: string | null) {
  const mine = await chat.say(u.officer, MENU_COMMANDS.myLetters);
  await chat.tapData(u.officer, dataForLetter(mine.entries, routeLabels.propose, letter.id));
  await chat.tap(u.officer, directorName);
  await chat.tap(u.officer, askLabel);
  return note === null ? chat.tap(u.officer, L.none) : chat.say(u.officer, note);
}

async function drainInboxes() {
  for (const userId of Object.values(u)) await chat.inbox(userId);
}

/** Everything the emulator recorded: every user's conversation and every raw API request body. */
async function everythingRecorded(): Promise<{ botEntries: ConversationEntry[]; userEntries: Array<ConversationEntry & { userId: string }>; requests: string }> {
  const { users } = await chat.emulator.call<{ users: Array<{ userId: string }> }>('GET', '/users');
  const botEntries: ConversationEntry[] = [];
  const userEntries: Array<ConversationEntry & { userId: string }> = [];
  for (const { userId } of users) {
    const { entries } = await chat.emulator.conversation(userId, { after: 0 });
    for (const e of entries) {
      if (e.direction === 'bot') botEntries.push(e);
      else userEntries.push({ ...e, userId });
    }
  }
  const { requests } = await chat.emulator.call<{ requests: unknown[] }>('GET', '/requests');
  return { botEntries, userEntries, requests: JSON.stringify(requests) };
}

beforeAll(async () => {
  const logger = createLogger('debug', logSink);
  const database = await createTestDatabase(logger);
  const config = loadConfig({ PORT: '0', DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-life-')), LOG_LEVEL: 'debug' });
  service = await startService(config, { database, logger, now });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  u.clerk = await chat.registerInvited(NAMES.clerk, 'saraban_clerk', now());
  u.officer = await chat.registerInvited(NAMES.officer, 'technician', now());
  u.group = await chat.registerInvited(NAMES.group, 'group_director', now());
  u.director = await chat.registerInvited(NAMES.director, 'area_director', now());
  u.deputy = await chat.registerInvited(NAMES.deputy, 'deputy_director', now());
  for (const key of Object.keys(u) as Array<keyof typeof u>) id[key] = (await chat.personOf(u[key])).id;
  await drainInboxes();
}, 120_000);
afterAll(async () => service.stop());

describe("a received letter's whole life", () => {
  let urgent: Letter;
  let normal: Letter;

  it('registered with a PDF: a ด่วนมาก letter alerts the group director at once, a normal one waits for the digest', async () => {
    // Later than the chatting window after everyone registered: a normal letter is not pushed as "chatting".
    setClock('2027-04-05', '09:30');
    urgent = await registerReceived({
      subject: 'ขอข้อมูลความต้องการระบบคอมพิวเตอร์ ด่วนมาก',
      fromName: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
      toName: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต 1',
      docNo: 'ศธ 04002/ว111',
      urgency: 'very_urgent',
      secrecy: 'none',
      actBy: '2027-04-09',
      fileName: 'survey.pdf',
    });
    await chat.settle();
    expect(urgent.number).toBe(1);
    expect(await listLetterAttachments(service.database.db, DEFAULT_OFFICE_ID, urgent.id)).toHaveLength(1);
    const alert = await chat.inbox(u.group);
    expect(alert.entries.map((e) => e.via)).toEqual(['push']);
    expect(alert.text).toContain(`รับที่ 1/2570`);

    normal = await registerReceived({
      subject: 'ประชาสัมพันธ์การอบรมเว็บไซต์โรงเรียน',
      fromName: 'ศูนย์เทคโนโลยีทางการศึกษา',
      toName: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต 1',
      docNo: 'ศธ 04004/ว222',
      urgency: 'normal',
      secrecy: 'none',
      fileName: 'training.pdf',
    });
    await chat.settle();
    expect(normal.number).toBe(2);
    expect((await chat.inbox(u.group)).entries).toHaveLength(0);
  });

  it('assigned, acknowledged, proposed; the director decides with a quick reply; a second tap changes nothing', async () => {
    setClock('2027-04-05', '10:00');
    urgent = await assignAndAcknowledge(urgent);
    await propose(urgent, NAMES.director, 'อนุมัติ', 'เห็นควรอนุมัติให้สำรวจ');
    const card = await chat.inbox(u.director);
    expect(card.text).toContain('ขอข้อมูลความต้องการระบบคอมพิวเตอร์');
    const approve = dataOf(card.entries, 'อนุมัติ');
    await chat.tapData(u.director, approve);
    const decided = await letterNow(urgent.id);
    expect(decided).toMatchObject({ status: 'decided', decision: 'approved', decidedById: id.director });
    expect((await chat.inbox(u.officer)).text).toContain('อนุมัติ');
    expect((await chat.inbox(u.clerk)).text).toContain('แจ้งผลการพิจารณา');
    const again = await chat.tapData(u.director, approve);
    expect(again.text).toContain('พิจารณาแล้วค่ะ');
    expect((await letterNow(urgent.id)).version).toBe(decided.version);
    expect(registerActionText(decided, { proposedTo: 'area_director', decidedBy: 'area_director' })).toBe('ผอ.สพป. อนุมัติ 5 เม.ย. 2570');
    const history = (await listLetterEvents(service.database.db, urgent.id)).map((e) => e.action);
    expect(history.filter((a) => ['registered', 'assigned', 'acknowledged', 'proposed', 'decided'].includes(a))).toEqual(['registered', 'assigned', 'acknowledged', 'proposed', 'decided']);
  });

  it('an acting deputy decides a letter proposed to the director, recorded as รักษาราชการแทน', async () => {
    setClock('2027-04-06', '09:00');
    await chat.say(u.director, 'ผู้ทำการแทน');
    await chat.tap(u.director, L.actingNew);
    await chat.tap(u.director, NAMES.director);
    await chat.tap(u.director, NAMES.deputy);
    const from = await chat.tap(u.director, 'รักษาราชการแทน');
    await chat.emulator.tap(u.director, actionsIn(from.entries).find((a) => a.label === L.actingFrom)!.data, { date: '2027-04-06' });
    await chat.settle();
    const to = await chat.inbox(u.director);
    await chat.tapIn(u.director, to.entries, L.actingOpenEnd);
    await drainInboxes();

    normal = await assignAndAcknowledge(normal);
    await propose(normal, NAMES.director, 'ทราบ', null);
    const card = await chat.inbox(u.deputy);
    await chat.inbox(u.director);
    await chat.tapIn(u.deputy, card.entries, 'ทราบ');
    const decided = await letterNow(normal.id);
    expect(decided).toMatchObject({ decision: 'acknowledged', decidedById: id.deputy, decidedActing: 'acting' });
    expect((await chat.inbox(u.officer)).text).toContain(`${NAMES.deputy} รักษาราชการแทน ผอ.สพป. ทราบ`);
    // Revoked again for the rest of the life.
    await chat.say(u.director, 'ผู้ทำการแทน');
    await chat.tap(u.director, L.actingRevoke(1));
    await drainInboxes();
  });

  it('reminders with a controlled clock: a pending decision 3 times at most; the act-by date two office days before and on the day', async () => {
    setClock('2027-04-06', '10:00');
    const pending = await assignAndAcknowledge(
      await registerReceived({
        subject: 'ขอความเห็นชอบแผนพัฒนาระบบสารสนเทศ',
        fromName: 'กลุ่มนโยบายและแผน',
        toName: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต 1',
        docNo: 'ศธ 04333/123',
        urgency: 'urgent',
        secrecy: 'none',
        actBy: '2027-04-12',
        fileName: 'plan.pdf',
      }),
    );
    await propose(pending, NAMES.director, 'เห็นชอบ', null);
    await drainInboxes();
    const remind = async (date: string, time: string) => {
      const n = await runDecisionReminders(service.database, setClock(date, time));
      await chat.settle();
      return n;
    };
    expect(await remind('2027-04-07', '09:59')).toBe(0);
    expect(await remind('2027-04-07', '10:00')).toBe(1);
    expect(await remind('2027-04-08', '10:00')).toBe(1);
    expect(await remind('2027-04-09', '10:00')).toBe(1);
    expect(await remind('2027-04-12', '10:00')).toBe(0);
    const reminders = await chat.inbox(u.director);
    expect(reminders.entries).toHaveLength(3);
    expect(reminders.text).toContain('เตือนครั้งที่ 3');

    // The urgent letter's act-by date, Friday 9 April: Wednesday 7 and Friday 9 (this one's, Monday 12: Thursday 8 and Monday 12).
    const actBy = async (date: string) => {
      const n = await runActByReminders(service.database, setClock(date, '09:00'));
      await chat.settle();
      return n;
    };
    expect(await actBy('2027-04-07')).toBe(1);
    expect(await actBy('2027-04-08')).toBe(1);
    expect(await actBy('2027-04-09')).toBe(1);
    expect(await actBy('2027-04-12')).toBe(1);
    expect(await actBy('2027-04-12')).toBe(0);
    const officer = await chat.inbox(u.officer);
    expect(officer.text).toContain(T.actByBefore('รับที่ 1/2570 เรื่อง ขอข้อมูลความต้องการระบบคอมพิวเตอร์ ด่วนมาก', '2027-04-09'));
    expect(officer.text).toContain(T.actByToday(`รับที่ ${pending.number}/2570 เรื่อง ขอความเห็นชอบแผนพัฒนาระบบสารสนเทศ`, '2027-04-12'));
    await chat.tapIn(u.director, reminders.entries, 'เห็นชอบ');
    await drainInboxes();
  });
});

describe('a secret letter', () => {
  const SECRET = {
    subject: 'สอบข้อเท็จจริงกรณีร้องเรียนครูโรงเรียนบ้านลับแล',
    fromName: 'สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ',
    // Not the other letters' ถึง (their own cards may show it): this one must be found nowhere.
    toName: 'ผู้อำนวยการ สพป.ทดสอบ (เปิดผนึกเฉพาะ)',
    docNo: 'ปช 0017/ลับ4455',
    fileName: 'ร้องเรียนบ้านลับแล.pdf',
  };

  it('goes through its whole life: its subject, sender, recipient, number and file name appear in no recorded message (the clerk\'s own included) and no log line', async () => {
    setClock('2027-04-13', '09:00');
    const letter = await registerReceived({ ...SECRET, urgency: 'most_urgent', secrecy: 'confidential', actBy: '2027-04-16' });
    await chat.settle();
    expect((await chat.inbox(u.group)).text).toContain(`หนังสือลับ รับที่ ${letter.number}/2570`);

    const held = await assignAndAcknowledge(letter);
    await propose(held, NAMES.director, 'พิจารณา', 'ข้อเท็จจริงเบื้องต้นเกี่ยวกับครูที่ถูกร้องเรียน');
    const card = await chat.inbox(u.director);
    expect(card.text).toContain(`หนังสือลับ รับที่ ${letter.number}/2570`);
    // The pending list too.
    await chat.say(u.director, 'หนังสือรอพิจารณา');
    await runDecisionReminders(service.database, setClock('2027-04-14', '09:00'));
    await runActByReminders(service.database, setClock('2027-04-14', '09:00'));
    await runActByReminders(service.database, setClock('2027-04-16', '09:00'));
    await chat.settle();
    await chat.tapIn(u.director, card.entries, 'ส่งคืนแก้ไข');
    await chat.say(u.director, 'ให้ตรวจสอบข้อร้องเรียนเพิ่มเติม');
    const back = await chat.inbox(u.officer);
    await chat.tapIn(u.officer, back.entries, L.proposeAgain);
    await chat.tap(u.officer, NAMES.director);
    await chat.tap(u.officer, 'สั่งการ');
    await chat.tap(u.officer, L.none);
    const second = await chat.inbox(u.director);
    await chat.tapIn(u.director, second.entries, 'สั่งการ');
    await chat.say(u.director, 'ตั้งกรรมการสอบข้อเท็จจริง');
    await chat.tapIn(u.director, second.entries, 'สั่งการ');
    const decided = await letterNow(letter.id);
    expect(decided).toMatchObject({ status: 'decided', decision: 'ordered', decisionText: 'ตั้งกรรมการสอบข้อเท็จจริง' });
    await chat.settle();

    const recorded = await everythingRecorded();
    const botRaw = JSON.stringify(recorded.botEntries);
    expect(botRaw).toContain(`หนังสือลับ รับที่ ${letter.number}/2570`);
    const secretValues = [SECRET.subject, SECRET.fromName, SECRET.toName, SECRET.docNo, SECRET.fileName, 'บ้านลับแล'];
    for (const value of secretValues) {
      expect(botRaw).not.toContain(value);
      expect(recorded.requests).not.toContain(value);
    }
    expect(leaksSecret(decided, botRaw)).toBe(false);
    expect(leaksSecret(decided, recorded.requests)).toBe(false);
    // What people typed or tapped, the clerk included: the clerk filled the letter in on its form page, not in the chat.
    const typed = JSON.stringify(recorded.userEntries);
    expect(recorded.userEntries.some((e) => e.userId === u.clerk)).toBe(true);
    for (const value of secretValues) expect(typed).not.toContain(value);
    // The notes and the order typed about a secret letter are not repeated to anyone in a chat.
    expect(botRaw).not.toContain('ข้อเท็จจริงเบื้องต้นเกี่ยวกับครูที่ถูกร้องเรียน');
    expect(botRaw).not.toContain('ตั้งกรรมการสอบข้อเท็จจริง');

    expect(logLines.length).toBeGreaterThan(50);
    const logs = logLines.join('\n');
    for (const value of secretValues) expect(logs).not.toContain(value);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { RunningService } from '../../src/app.ts';
import { officeRegister, schoolRegister } from '../../src/db/repos/dltv-register.ts';
import { getResponse, reviewResponse } from '../../src/db/repos/surveys.ts';
import { bangkokDateKey } from '../../src/domain/office-time.ts';
import { formatThaiDateTime } from '../../src/domain/thai-date.ts';
import { runDltvRegisterCommand } from '../../scripts/dltv-register.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { reportLabels, reportTexts } from '../../src/flows/repair-report/messages.ts';
import { repairWorkLabels } from '../../src/flows/repair-work/messages.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { reportRepairInChat } from '../support/repair-chat.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { startTestService } from '../support/service.ts';

/**
 * The schools' DLTV equipment register (issue 13, template 2) through the running service: a school's director
 * answers the DLTV survey on its page and submits; the register holds the school's classrooms; a correction
 * (the officer returns the answer, the school submits again) replaces them. A teacher of the school reporting a DLTV
 * fault sees the classrooms' equipment at the classroom question (each classroom a button) and the classroom's line
 * in the confirmation; the technician's card of the ticket shows it too.
 */
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
// Stored events are due from the database's own clock, so the service's clock may not run behind it.
const clock = new Date(Date.now() + 10 * 60_000);
const closesOn = bangkokDateKey(new Date(clock.getTime() + 14 * 24 * 3600_000));
const dltvForm: FormDefinitionInput = JSON.parse(readFileSync(new URL('../../scripts/surveys/dltv-equipment.json', import.meta.url), 'utf8'));
let roundId = 0;
let schoolId = 0;
let teacher = '';
let director = '';
let technician = '';

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  const f = officeFactory(service.database.db);
  roundId = (await f.surveyRound(dltvForm, { audience: 'school_directors', closesOn, opensAt: new Date(clock.getTime() - 60_000) })).roundId;
  teacher = await chat.registerTeacher('ครูวิไล สอนดี');
  schoolId = (await chat.personOf(teacher)).schoolId!;
  director = await chat.newUser('ผอ.ประเสริฐ');
  await f.person('ผอ.ประเสริฐ ใจงาม', 'school_director', { lineUserId: director, schoolId });
  technician = await chat.registerInvited('นายช่าง ซ่อมเก่ง', 'technician', clock);
  await chat.inbox(technician);
}, 120_000);
afterAll(async () => service.stop());

const db = () => service.database.db;

/** The survey page's API as the page calls it, with the person's LIFF ID token from the emulator. */
async function pageApi(userId: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const { idToken } = await chat.emulator.call<{ idToken: string }>('POST', `/users/${userId}/id-token`, {});
  const res = await fetch(`${service.url}/liff/api${route}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const room = (classroom: string, dish: string, lnb: string, receiver: string, tv: string, note: string | null = null) => ({ classroom, dish, lnb, receiver, tv, note });

/** Saves the answers as the page does, then submits the draft as last saved. */
async function answerAndSubmit(answers: Record<string, unknown>): Promise<void> {
  const saved = await pageApi(director, 'PUT', `/surveys/${roundId}/answers`, { answers });
  expect(saved).toMatchObject({ status: 200, body: { problems: {} } });
  const submitted = await pageApi(director, 'POST', `/surveys/${roundId}/submit`, { version: saved.body.version });
  expect(submitted.status).toBe(200);
}

const COMMON = { dish_kind: 'ku', computers_working: 10, internet: 'fiber', survey_date: bangkokDateKey(clock) };

describe('the DLTV register fed by the survey', () => {
  it('a school\'s submitted DLTV answer fills its register, one line per classroom with who and when', async () => {
    expect(await schoolRegister(db(), schoolId)).toEqual([]);
    await answerAndSubmit({
      uses_dltv: true,
      ...COMMON,
      dltv_classrooms: [room('ป.1', 'good', 'good', 'good', 'good'), room(' ป.2 ', 'good', 'broken', 'partial', 'good', 'LNB ขึ้นสนิม'), room('ป.3', 'good', 'good', 'good', 'none')],
    });
    const response = (await getResponse(db(), roundId, `school:${schoolId}`))!;
    expect(response.state).toBe('submitted');
    expect(await schoolRegister(db(), schoolId)).toEqual([
      { classroom: 'ป.1', dish: 'good', lnb: 'good', receiver: 'good', tv: 'good', note: null, updatedAt: clock },
      { classroom: 'ป.2', dish: 'good', lnb: 'broken', receiver: 'partial', tv: 'good', note: 'LNB ขึ้นสนิม', updatedAt: clock },
      { classroom: 'ป.3', dish: 'good', lnb: 'good', receiver: 'good', tv: 'none', note: null, updatedAt: clock },
    ]);
    const office = await officeRegister(db(), DEFAULT_OFFICE_ID);
    expect(office).toHaveLength(3);
    expect(office[0]).toMatchObject({ schoolName: expect.stringContaining('หนองบัวทอง'), updatedByName: 'ผอ.ประเสริฐ ใจงาม', responseId: response.id, roundTitle: dltvForm.title });
  });

  it('a corrected answer, submitted again after the officer returned it, replaces the school\'s lines', async () => {
    const response = (await getResponse(db(), roundId, `school:${schoolId}`))!;
    const officer = await officeFactory(db()).person('นางสาวสำรวจ ตรวจดี', 'group_director');
    expect(await reviewResponse(db(), { officeId: DEFAULT_OFFICE_ID, responseId: response.id, expectedVersion: response.version, decision: 'return', note: 'กรุณาเพิ่ม ป.4', reviewerId: officer.id }, clock)).toBe('reviewed');
    await answerAndSubmit({
      dltv_classrooms: [room('ป.1', 'good', 'good', 'broken', 'good'), room('ป.2', 'good', 'good', 'good', 'good'), room('ป.4', 'partial', 'good', 'good', 'good')],
    });
    expect((await schoolRegister(db(), schoolId)).map((l) => [l.classroom, l.receiver, l.lnb, l.note])).toEqual([
      ['ป.1', 'broken', 'good', null],
      ['ป.2', 'good', 'good', null],
      ['ป.4', 'good', 'good', null],
    ]);
  });
});

describe('the register exported by the office', () => {
  it('scripts/dltv-register.ts writes it as CSV for Excel: a row per school and classroom, states in Thai, who, when and from which survey', async () => {
    const written = new Map<string, string>();
    const said: string[] = [];
    const io = { out: (line: string) => said.push(line), write: (text: string) => written.set('-', text), writeFile: async (file: string, content: string) => void written.set(file, content) };
    expect(await runDltvRegisterCommand(db(), DEFAULT_OFFICE_ID, ['--out=register.csv'], io)).toBe(0);
    expect(said).toEqual(['บันทึกแล้ว: register.csv', 'ทะเบียนอุปกรณ์ DLTV 3 ห้องเรียน']);
    const rows = written.get('register.csv')!.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(rows[0]).toBe('โรงเรียน,รหัส SMIS,อำเภอ,ห้องเรียน,จานรับสัญญาณ,LNB,กล่องรับสัญญาณ,โทรทัศน์,หมายเหตุ,ปรับปรุงเมื่อ,ผู้ปรับปรุง,จากแบบสำรวจ,เลขที่คำตอบ');
    expect(rows).toHaveLength(4);
    const response = (await getResponse(db(), roundId, `school:${schoolId}`))!;
    expect(rows[1]).toBe(
      `โรงเรียนบ้านหนองบัวทอง,99030001,อำเภอสาธิตเหนือ,ป.1,ใช้ได้,ใช้ได้,เสีย,ใช้ได้,,${formatThaiDateTime(clock)},ผอ.ประเสริฐ ใจงาม,${dltvForm.title},${response.id}`,
    );
    // Another district has none of these schools; arguments it does not know are refused.
    expect(await runDltvRegisterCommand(db(), DEFAULT_OFFICE_ID, ['--district=อำเภอสาธิตใต้'], io)).toBe(0);
    expect(written.get('-')!.replace(/^\uFEFF/, '').trimEnd().split('\r\n')).toHaveLength(1);
    expect(await runDltvRegisterCommand(db(), DEFAULT_OFFICE_ID, ['all'], io)).toBe(2);
  });
});

describe('the register beside a DLTV fault', () => {
  const receiverLine = '• ป.1: จาน ใช้ได้ · LNB ใช้ได้ · กล่อง เสีย · ทีวี ใช้ได้';

  it('the teacher sees the school\'s classrooms at the classroom question, picks one, and the confirmation names its equipment', async () => {
    await chat.say(teacher, 'แจ้งซ่อม');
    await chat.tap(teacher, reportLabels.groups.dltv);
    await chat.tap(teacher, 'เครื่องรับสัญญาณ');
    const photos = await chat.say(teacher, 'กล่องไม่ติด ไฟไม่เข้า');
    const room = await chat.tapIn(teacher, photos.entries, reportLabels.noPhoto);
    expect(room.text.split('\n')).toEqual([
      expect.stringMatching(/^ทะเบียนอุปกรณ์ DLTV ของโรงเรียน \(สำรวจ \d+ \S+ 25\d\d\)$/),
      receiverLine,
      '• ป.2: จาน ใช้ได้ · LNB ใช้ได้ · กล่อง ใช้ได้ · ทีวี ใช้ได้',
      '• ป.4: จาน ชำรุดบางส่วน · LNB ใช้ได้ · กล่อง ใช้ได้ · ทีวี ใช้ได้',
      '',
      reportTexts.askClassroomOfRegister,
    ]);
    expect(room.labels).toEqual(['ป.1', 'ป.2', 'ป.4', reportLabels.noClassroom]);
    await chat.tap(teacher, 'ป.1');
    const summary = await chat.tap(teacher, reportLabels.teachingGoesOn);
    const done = await chat.tapIn(teacher, summary.entries, reportLabels.confirm);
    expect(done.text).toContain('รับแจ้งซ่อมแล้วค่ะ');
    expect(done.text).toContain(receiverLine);
    expect(done.text).not.toContain('ป.2:');
  });

  it('the technician\'s card of the ticket shows the classroom\'s equipment as surveyed', async () => {
    const alert = await chat.inbox(technician);
    expect(alert.entries.map((e) => e.message.type)).toEqual(['flex']);
    const card = JSON.stringify(alert.entries[0]!.message);
    expect(card).toContain('ห้อง: ป.1');
    expect(card).toContain(JSON.stringify(receiverLine).slice(1, -1));
    // Taking the job answers with the card again, the register still on it.
    const accepted = await chat.tapIn(technician, alert.entries, repairWorkLabels.accept);
    expect(JSON.stringify(accepted.entries.at(-1)!.message)).toContain(JSON.stringify(receiverLine).slice(1, -1));
  });

  it('on a phone-sized simulator page the register lines wrap inside the technician\'s card', async () => {
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
      await page.goto(`${service.url}/emulator/#user=${technician}`);
      const line = page.locator('.fx-bubble').last().getByText('กล่อง เสีย', { exact: false });
      await line.waitFor();
      await line.scrollIntoViewIfNeeded();
      const box = (await line.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      await saveScreenshot(page, 'dltv-register-technician-card');
      expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('the school\'s own card under ติดตามงานซ่อม (and งานของโรงเรียน) shows the classroom\'s line; a computer fault\'s card shows none', async () => {
    const computer = await reportRepairInChat(chat, teacher, { group: 'computer', kind: 'เครื่องพิมพ์', description: 'เครื่องพิมพ์กระดาษติด' });
    const tracked = await chat.say(teacher, MENU_COMMANDS.trackRepairs);
    const carousel = tracked.entries.find((e) => e.message.type === 'flex')!.message as unknown as { contents: { type: string; contents: unknown[] } };
    expect(carousel.contents.type).toBe('carousel');
    const bubbles = carousel.contents.contents.map((b) => JSON.stringify(b));
    const dltvCard = bubbles.find((b) => b.includes('เครื่องรับสัญญาณ'))!;
    const computerCard = bubbles.find((b) => b.includes(computer.number))!;
    // The same short lines as the teacher's confirmation and the technician's card: the heading and the room's line.
    expect(dltvCard).toContain(JSON.stringify(receiverLine).slice(1, -1));
    expect(dltvCard).toMatch(/ทะเบียนอุปกรณ์ DLTV ของโรงเรียน \(สำรวจ/);
    expect(dltvCard).not.toContain('ป.2:');
    expect(computerCard).not.toContain('ทะเบียนอุปกรณ์ DLTV');
    const work = await chat.say(director, MENU_COMMANDS.schoolWork);
    expect(JSON.stringify(work.entries.map((e) => e.message))).toContain(JSON.stringify(receiverLine).slice(1, -1));
  });

  it('on a phone-sized simulator page the register lines wrap inside the teacher\'s card', async () => {
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
      await page.goto(`${service.url}/emulator/#user=${teacher}`);
      const line = page.locator('.fx-bubble', { hasText: 'เครื่องรับสัญญาณ' }).last().getByText('กล่อง เสีย', { exact: false });
      await line.waitFor();
      await line.scrollIntoViewIfNeeded();
      const box = (await line.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      await saveScreenshot(page, 'dltv-register-school-card');
      expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('a teacher of a school with no register is asked the classroom as before', async () => {
    const other = await chat.registerTeacher('ครูมานะ ที่อื่น', 'โนนสะอาด', 'บ้านโนนสะอาด');
    await chat.say(other, 'แจ้งซ่อม');
    await chat.tap(other, reportLabels.groups.dltv);
    await chat.tap(other, 'เครื่องรับสัญญาณ');
    const photos = await chat.say(other, 'กล่องไม่ติด ไฟไม่เข้า');
    const room = await chat.tapIn(other, photos.entries, reportLabels.noPhoto);
    expect(room.text).toBe(reportTexts.askClassroom);
    expect(room.labels).toEqual([reportLabels.noClassroom]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { RunningService } from '../../src/app.ts';
import { getResponse, listRounds, surveyEventsOf } from '../../src/db/repos/surveys.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { roundLabels as RL, roundTexts as RT } from '../../src/flows/survey-rounds/messages.ts';
import { auditLog, offices } from '../../src/db/schema.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { SURVEY_MESSAGES } from '../../src/domain/surveys/answers.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { bangkokDateKey } from '../../src/domain/office-time.ts';
import { deniedMessage } from '../../src/kit/steps.ts';
import { greetingTexts } from '../../src/flows/greeting/messages.ts';
import { campaignLabels as CL, campaignTexts as C, surveyLabels as L, surveyTexts as T } from '../../src/flows/surveys/messages.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import type { ConversationEntry } from '../support/service.ts';
import { formatThaiDateKey } from '../../src/domain/thai-date.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';

/**
 * Answering a short survey in the chat through the emulator: the แบบสำรวจ tile lists the person's open rounds;
 * answers are checked with the form's Thai messages and saved as the school's draft after each one; the person
 * stops and goes on later; the summary is submitted once. A longer form is sent to the web page; someone whose
 * role may not answer is refused; another office's rounds are never shown.
 */
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
// Stored events are due from the database's own clock, so the service's clock may not run behind it.
const clock = new Date(Date.now() + 10 * 60_000);
const closesOn = bangkokDateKey(new Date(clock.getTime() + 14 * 24 * 3600_000));
const form = (file: string): FormDefinitionInput => JSON.parse(readFileSync(new URL(`../../scripts/surveys/${file}`, import.meta.url), 'utf8'));
let shortRound: number;
/** The teacher who answers the short form for their school (the first test registers them). */
let firstTeacher = '';

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  const f = officeFactory(service.database.db);
  const opensAt = new Date(clock.getTime() - 60_000);
  shortRound = (await f.surveyRound(form('internet-check.json'), { audience: 'school_teachers', closesOn, opensAt })).roundId;
  await f.surveyRound(form('dltv-equipment.json'), { audience: 'school_teachers', closesOn, opensAt });
  // Another office's round to the same audience: never shown here.
  await service.database.db.insert(offices).values({ id: 'other-office', name: 'สพป. อื่น' }).onConflictDoNothing();
  await officeFactory(service.database.db, 'other-office').surveyRound({ ...form('internet-check.json'), key: 'other_office_form', title: 'แบบสำรวจของสำนักงานอื่น' }, { audience: 'school_teachers', closesOn, opensAt });
}, 120_000);
afterAll(async () => service.stop());

const db = () => service.database.db;

/** The link buttons (uri actions) in the bot's messages. */
function actionsOfType(entries: Array<{ message: unknown }>, type: string): Array<{ label: string; uri: string }> {
  const found: Array<{ label: string; uri: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === type && typeof record.uri === 'string') found.push({ label: String(record.label), uri: record.uri });
    Object.values(record).forEach(walk);
  };
  entries.forEach((e) => walk(e.message));
  return found;
}

describe('answering a short survey in the chat', () => {
  let teacher: string;
  let schoolKey: string;

  it('the tile lists the open surveys of the person\'s office with their state', async () => {
    teacher = await chat.registerTeacher('ครูสมใจ ใจดี');
    firstTeacher = teacher;
    schoolKey = `school:${(await chat.personOf(teacher)).schoolId}`;
    // Anything the person writes is answered with the surveys waiting for them (in the reply: free).
    expect((await chat.say(teacher, 'สวัสดีค่ะ')).text).toContain(greetingTexts.surveysWaiting(2));
    const list = await chat.say(teacher, 'แบบสำรวจ');
    expect(list.text).toContain('แบบสำรวจที่เปิดอยู่ 2 รายการ');
    expect(list.text).toContain('สำรวจความพร้อมอินเทอร์เน็ตเพื่อการเรียนการสอน (ยังไม่ได้ตอบ)');
    expect(list.text).not.toContain('สำนักงานอื่น');
    expect(list.labels).toHaveLength(2);
  });

  it('a long form is not asked in the chat: it is answered on the web page', async () => {
    const list = await chat.say(teacher, 'แบบสำรวจ');
    const answer = await chat.tap(teacher, list.labels.find((l) => l.startsWith('2.'))!);
    expect(answer.text).toContain('มี 11 ข้อ ตอบบนหน้าเว็บได้เลย');
    const link = actionsOfType(answer.entries, 'uri');
    expect(link).toEqual([{ label: L.openPage, uri: expect.stringMatching(/\/liff\/surveys\/\d+$/) }]);
  });

  it('asks question by question; an invalid answer is refused with the Thai message and asked again', async () => {
    await chat.say(teacher, 'แบบสำรวจ');
    const first = await chat.tap(teacher, chat.buttons(teacher)[0]!.label);
    expect(first.text).toContain('เริ่มตอบ "สำรวจความพร้อมอินเทอร์เน็ตเพื่อการเรียนการสอน" (4 ข้อ');
    expect(first.text).toContain('ข้อ 1/4: โรงเรียนมีอินเทอร์เน็ตใช้ในห้องเรียนหรือไม่');
    expect(first.labels).toEqual([L.yes, L.no, L.later]);

    const wrong = await chat.say(teacher, 'อาจจะ');
    expect(wrong.text).toContain(SURVEY_MESSAGES.notYesNo);
    expect(wrong.text).toContain('ข้อ 1/4');
    expect(await getResponse(db(), shortRound, schoolKey)).toBeNull();

    // Yes shows the speed question (its condition holds).
    const speed = await chat.tap(teacher, L.yes);
    expect(speed.text).toContain('ข้อ 2/4: ความเร็วอินเทอร์เน็ตโดยประมาณ');
    expect(speed.text).toContain('หน่วย: Mbps');
    expect((await getResponse(db(), shortRound, schoolKey))!).toMatchObject({ state: 'draft', answers: { has_internet: true } });

    expect((await chat.say(teacher, 'เร็วมาก')).text).toContain(SURVEY_MESSAGES.notANumber);
    expect((await chat.say(teacher, '0')).text).toContain(SURVEY_MESSAGES.between(1, 10000, 'Mbps'));
    const scale = await chat.say(teacher, '๑๐๐ Mbps');
    expect(scale.text).toContain('ข้อ 3/4: ความพึงพอใจต่อคุณภาพอินเทอร์เน็ต');
    expect(scale.labels.slice(0, 5)).toEqual(['1 น้อยที่สุด', '2 น้อย', '3 ปานกลาง', '4 มาก', '5 มากที่สุด']);
    expect((await getResponse(db(), shortRound, schoolKey))!.answers).toEqual({ has_internet: true, speed: 100 });
  });

  it('stops and goes on later from where it stopped; a button of an earlier question no longer counts', async () => {
    const stopped = await chat.tap(teacher, L.later);
    expect(stopped.text).toBe(T.savedForLater);

    const list = await chat.say(teacher, 'แบบสำรวจ');
    expect(list.text).toContain('สำรวจความพร้อมอินเทอร์เน็ตเพื่อการเรียนการสอน (ตอบค้างไว้)');
    const resumed = await chat.tap(teacher, list.labels[0]!);
    expect(resumed.text).toContain('ตอบต่อจากที่ค้างไว้');
    expect(resumed.text).toContain('ข้อ 3/4');

    // The first question's ไม่ใช่, from the chat's history: stale, the answer stays.
    const entries = (await chat.emulator.conversation(teacher, { after: 0 })).entries;
    const oldNo = entries
      .filter((e) => e.direction === 'bot' && String(e.message.text ?? '').includes('ข้อ 1/4'))
      .flatMap((e) => ((e.message.quickReply as { items: Array<{ action: { label: string; data?: string } }> } | undefined)?.items ?? []))
      .find((i) => i.action.label === L.no)!.action.data!;
    const old = await chat.tapData(teacher, oldNo);
    expect(old.text).toContain(botMessages.buttonNoLongerValid);
    expect((await getResponse(db(), shortRound, schoolKey))!.answers).toMatchObject({ has_internet: true, speed: 100 });
  });

  it('the summary shows every answer; ส่งคำตอบ submits once', async () => {
    await chat.say(teacher, 'แบบสำรวจ');
    await chat.tap(teacher, chat.buttons(teacher)[0]!.label);
    const comment = await chat.tap(teacher, '4 มาก');
    expect(comment.text).toContain('ข้อ 4/4: ปัญหาหรือข้อเสนอแนะ (ถ้ามี)');
    expect(comment.labels).toContain(L.skip);
    const summary = await chat.tap(teacher, L.skip);
    expect(summary.text).toContain('สรุปคำตอบ');
    expect(summary.text).toContain('1. โรงเรียนมีอินเทอร์เน็ตใช้ในห้องเรียนหรือไม่: ใช่');
    expect(summary.text).toContain('2. ความเร็วอินเทอร์เน็ตโดยประมาณ: 100 Mbps');
    expect(summary.text).toContain('3. ความพึงพอใจต่อคุณภาพอินเทอร์เน็ต: 4 (มาก)');
    expect(summary.text).toContain('4. ปัญหาหรือข้อเสนอแนะ (ถ้ามี): -');
    const submitData = chat.buttons(teacher).find((b) => b.label === L.submit)!.data;

    const done = await chat.tap(teacher, L.submit);
    expect(done.text).toBe(T.submitted('สำรวจความพร้อมอินเทอร์เน็ตเพื่อการเรียนการสอน'));
    const response = (await getResponse(db(), shortRound, schoolKey))!;
    expect(response).toMatchObject({ state: 'submitted', answers: { has_internet: true, speed: 100, quality: 4, comment: null } });

    // The same ส่งคำตอบ again: nothing is submitted a second time.
    const again = await chat.tapData(teacher, submitData);
    expect(again.text).toContain('ส่งคำตอบแล้วเมื่อ');
    expect((await surveyEventsOf(db(), shortRound)).filter((e) => e.action === 'submitted')).toHaveLength(1);
    expect((await getResponse(db(), shortRound, schoolKey))!.submittedAt).toEqual(response.submittedAt);
  });

  it('the school answers once: another teacher of the school sees it submitted', async () => {
    const colleague = await chat.registerTeacher('ครูสมหมาย ขยันดี');
    const list = await chat.say(colleague, 'แบบสำรวจ');
    expect(list.text).toContain('สำรวจความพร้อมอินเทอร์เน็ตเพื่อการเรียนการสอน (ส่งแล้ว)');
    const picked = await chat.tap(colleague, list.labels[0]!);
    expect(picked.text).toContain('ส่งคำตอบแล้วเมื่อ');
  });
});

describe('who may answer', () => {
  it('a role that may not answer surveys is refused politely and the refusal is recorded', async () => {
    const userId = await chat.newUser('ผู้ใช้ทั่วไป');
    const guest = await officeFactory(service.database.db).person('คุณทั่วไป', 'guest', { lineUserId: userId });
    const answer = await chat.say(userId, 'แบบสำรวจ');
    expect(answer.text).toBe(deniedMessage('answer_survey'));
    const denials = await db().select().from(auditLog).where(and(eq(auditLog.actorId, guest.id), eq(auditLog.action, 'permission_denied')));
    expect(denials).toHaveLength(1);
  });

  it('office staff are not sent a round for schools', async () => {
    const clerk = await chat.registerInvited('ธุรการสมใจ', 'saraban_clerk', clock);
    expect((await chat.say(clerk, 'แบบสำรวจ')).text).toBe(T.none);
    expect((await chat.say(clerk, 'สวัสดีค่ะ')).text).not.toContain('มีแบบสำรวจรอคุณตอบ');
  });
});

/** The card (bubble) that names `title`, as entries to find its buttons in. */
function cardEntries(entries: ConversationEntry[], title: string): ConversationEntry[] {
  const out: ConversationEntry[] = [];
  for (const e of entries) {
    const bubbles = ((e.message as { contents?: { contents?: unknown[] } }).contents?.contents ?? []) as unknown[];
    for (const bubble of bubbles) if (JSON.stringify(bubble).includes(title)) out.push({ ...e, message: bubble as ConversationEntry['message'] });
  }
  return out;
}

/** The data of the postback button with this label in the card (bubble) that names `title`. */
function buttonInCard(entries: Array<{ message: unknown }>, title: string, label: string): string {
  for (const e of entries) {
    const bubbles = ((e.message as { contents?: { contents?: unknown[] } }).contents?.contents ?? []) as unknown[];
    for (const bubble of bubbles) {
      const json = JSON.stringify(bubble);
      if (!json.includes(title)) continue;
      const match = new RegExp(`"label":"${label}","data":"([^"]+)"`).exec(json);
      if (match) return match[1]!;
    }
  }
  throw new Error(`no "${label}" in the card of ${title}`);
}

describe('the officer follows the rounds under way', () => {
  const title = 'สำรวจความพร้อมอินเทอร์เน็ตเพื่อการเรียนการสอน';
  let tech: string;
  let closeData: string;

  it('the tile shows a card per round with its response rate; ผู้ที่ยังไม่ส่ง lists the schools that have not', async () => {
    tech = await chat.registerInvited('ช่างสมชาย', 'technician', clock);
    const tile = await chat.say(tech, 'แบบสำรวจ');
    expect(tile.text).toMatch(/รอบแบบสำรวจที่กำลังเปิดรับ \d+ รอบค่ะ/);
    const card = JSON.stringify(tile.entries.map((e) => e.message));
    expect(card).toContain(title);
    expect(card).toContain(C.to('ครูและผู้อำนวยการโรงเรียน', { district: null, schoolScope: null, schoolIds: null }));
    expect(card).toMatch(/ส่งแล้ว 1\/\d+/);
    expect(card).not.toContain('แบบสำรวจของสำนักงานอื่น');
    const missing = await chat.tapData(tech, buttonInCard(tile.entries, title, CL.missing));
    expect(missing.text).toContain(`ยังไม่ส่ง "${title}"`);
    expect(missing.text).not.toContain('บ้านหนองบัวทอง');
    closeData = buttonInCard(tile.entries, title, CL.close);
  });

  it('ตรวจคำตอบ: a response sent back for correction goes back to the school, which corrects and resubmits; then accepted', async () => {
    const tile = await chat.say(tech, 'แบบสำรวจ');
    const queue = await chat.tapData(tech, buttonInCard(tile.entries, title, CL.review));
    expect(queue.text).toContain(C.toReview(title, 1));
    const one = await chat.tap(tech, queue.labels[0]!);
    expect(one.text).toContain('2. ความเร็วอินเทอร์เน็ตโดยประมาณ: 100 Mbps');
    expect(one.labels).toEqual([CL.decisions.accept, CL.decisions.return, CL.decisions.reject]);
    const asked = await chat.tap(tech, CL.decisions.return);
    expect(asked.text).toContain('แก้ไขเรื่องใด');
    const note = 'กรุณาตรวจความเร็วอินเทอร์เน็ตอีกครั้ง';
    expect((await chat.say(tech, note)).text).toBe(C.reviewed.return);
    const schoolKey = `school:${(await chat.personOf(firstTeacher)).schoolId}`;
    expect(await getResponse(db(), shortRound, schoolKey)).toMatchObject({ state: 'draft', review: 'returned', reviewNote: note });

    // The teacher hears at once, corrects the speed and submits again.
    expect((await chat.inbox(firstTeacher)).text).toBe(C.returnedToSchool(title, note));
    await chat.say(firstTeacher, 'แบบสำรวจ');
    const reopened = await chat.tap(firstTeacher, chat.buttons(firstTeacher)[0]!.label);
    expect(reopened.text).toContain(T.returned(note));
    expect(reopened.text).toContain('สรุปคำตอบ');
    await chat.tap(firstTeacher, L.edit);
    await chat.tap(firstTeacher, chat.buttons(firstTeacher).find((b) => b.label.startsWith('2. '))!.label);
    const summary = await chat.say(firstTeacher, '50');
    expect(summary.text).toContain('2. ความเร็วอินเทอร์เน็ตโดยประมาณ: 50 Mbps');
    expect((await chat.tap(firstTeacher, L.submit)).text).toBe(T.submitted(title));
    expect(await getResponse(db(), shortRound, schoolKey)).toMatchObject({ state: 'submitted', review: null, answers: { speed: 50 } });

    // Reviewed again: accepted; nothing is left to review.
    await chat.tapData(tech, buttonInCard(tile.entries, title, CL.review));
    await chat.tap(tech, chat.buttons(tech)[0]!.label);
    expect((await chat.tap(tech, CL.decisions.accept)).text).toContain('รับคำตอบของ');
    expect(await getResponse(db(), shortRound, schoolKey)).toMatchObject({ state: 'submitted', review: 'accepted' });
    expect((await chat.tapData(tech, buttonInCard(tile.entries, title, CL.review))).text).toBe(C.toReview(title, 0));
    expect((await surveyEventsOf(db(), shortRound)).filter((e) => e.action === 'reviewed').map((e) => e.data.decision)).toEqual(['returned', 'accepted']);
  });

  it('เปลี่ยนวันปิดรับ moves the closing day (never to a day already past); the card drawn before is stale', async () => {
    const tile = await chat.say(tech, 'แบบสำรวจ');
    const card = cardEntries(tile.entries, title);
    const later = bangkokDateKey(new Date(clock.getTime() + 20 * 24 * 3600_000));
    expect((await chat.tapIn(tech, card, CL.extend, { date: '2020-01-01' })).text).toBe(C.closingPast);
    expect((await chat.tapIn(tech, card, CL.extend, { date: later })).text).toBe(C.closingChanged(title, formatThaiDateKey(later)));
    expect((await listRounds(db(), DEFAULT_OFFICE_ID)).find((r) => r.round.id === shortRound)!.round.closesOn).toBe(later);
    expect((await chat.tapIn(tech, card, CL.extend, { date: later })).text).toContain(botMessages.buttonNoLongerValid);
    closeData = buttonInCard((await chat.say(tech, 'แบบสำรวจ')).entries, title, CL.close);
  });

  it('someone who does not run surveys cannot use the officer\'s buttons', async () => {
    const teacher = await chat.registerTeacher('ครูสมพร ใฝ่รู้');
    expect((await chat.tapData(teacher, closeData)).text).toBe(deniedMessage('run_survey'));
  });

  it('ปิดรับคำตอบ asks once more, then closes the round: it is no longer listed to answer', async () => {
    const asked = await chat.tapData(tech, closeData);
    expect(asked.text).toContain(`ปิดรับคำตอบ "${title}" ตอนนี้เลยไหมคะ`);
    const closed = await chat.tap(tech, CL.confirmClose);
    expect(closed.text).toContain(`ปิดรับคำตอบ "${title}" แล้วค่ะ`);
    // No longer on a card under way: its results page is offered with the closing.
    expect(actionsOfType(closed.entries, 'uri')).toEqual([{ label: CL.results, uri: expect.stringContaining(`/liff/surveys/${shortRound}/results`) }]);
    const events = await surveyEventsOf(db(), shortRound);
    expect(events.at(-1)).toMatchObject({ action: 'closed', actorId: (await chat.personOf(tech)).id });
    expect((await chat.tapData(tech, closeData)).text).toBe(C.gone);
    const teacher = await chat.registerTeacher('ครูสมปอง รักเรียน');
    expect((await chat.say(teacher, 'แบบสำรวจ')).text).not.toContain(title);
  });

  it('ส่งแบบสำรวจใหม่: form → to whom → district → closing day → confirm opens a new round; "to whom" names the school\'s answerer, its named contact or its director', async () => {
    await chat.say(tech, 'แบบสำรวจ');
    const forms = await chat.tap(tech, RL.newRound);
    expect(forms.text).toContain('เลือกแบบฟอร์ม');
    const formLabel = chat.buttons(tech).find((b) => b.label.startsWith('สำรวจความพร้อม'))!.label;
    const audience = await chat.tap(tech, formLabel);
    expect(audience.labels).toEqual(['ผู้ตอบของโรงเรียน', 'ครูและ ผอ.โรงเรียน', RL.cancel]);
    const district = await chat.tap(tech, RL.audiences.school_directors);
    expect(district.labels).toContain(RL.allDistricts);
    const closes = await chat.tap(tech, RL.allDistricts);
    expect(closes.text).toContain('ปิดรับคำตอบวันไหน');
    expect((await chat.say(tech, '1/1/2560')).text).toContain(RT.closesInPast);
    const summary = await chat.say(tech, closesOn);
    // A school's named survey contact answers in its director's place: the label says whom it reaches.
    expect(summary.text).toContain('ส่งถึง: ผู้ตอบของโรงเรียน (ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ)');
    expect(summary.text).not.toContain('ผู้อำนวยการโรงเรียน');
    const sent = await chat.tap(tech, RL.confirm);
    expect(sent.text).toBe(RT.sent(title));
    const card = JSON.stringify((await chat.say(tech, 'แบบสำรวจ')).entries.map((e) => e.message));
    expect(card).toContain('ส่งถึง ผู้ตอบของโรงเรียน (ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ)');
    const rounds = await listRounds(db(), DEFAULT_OFFICE_ID);
    expect(rounds[0]!.round).toMatchObject({ title, audience: 'school_directors', district: null, closesOn, state: 'open' });
    expect((await surveyEventsOf(db(), rounds[0]!.round.id))[0]).toMatchObject({ action: 'opened', actorId: (await chat.personOf(tech)).id });
  });

  it('someone who does not run surveys is refused ส่งแบบสำรวจใหม่', async () => {
    const teacher = await chat.registerTeacher('ครูสมศักดิ์ ตั้งใจ');
    expect((await chat.say(teacher, 'ส่งแบบสำรวจใหม่')).text).toBe(deniedMessage('run_survey'));
  });
});

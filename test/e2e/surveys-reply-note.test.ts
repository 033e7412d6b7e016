import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { getResponse, saveDraft, submitResponse, surveyEventsOf } from '../../src/db/repos/surveys.ts';
import { runSurveyReminders } from '../../src/flows/surveys/jobs.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { actionsIn, chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';
import { closeOpenRounds, oneQuestionSchoolForm } from '../support/survey-rounds.ts';

/**
 * "A reply to anything from a person who has a form waiting mentions it (free, no push)": the school's director
 * whose school has not answered hears of the round under the bot's answer to whatever they wrote — once a day, never
 * as a push, never under quick replies or in the middle of a form — and no longer once the school has submitted;
 * a teacher of the school (the director answers for it) hears nothing.
 */
const clock = testClock('2027-03-08', '10:00'); // Monday
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const u = { director: '', teacher: '' };
let roundId = 0;
let schoolId = 0;
const TITLE = 'สำรวจความพร้อมอินเทอร์เน็ต';
const WAITING = 'มีแบบสำรวจรอคำตอบจากคุณ 1 รายการค่ะ';

const form = oneQuestionSchoolForm('reply_note', TITLE);

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  // The start-up's demo rounds are closed: only this file's round is waiting.
  await closeOpenRounds(service.database.db, clock.now());
  const f = officeFactory(service.database.db);
  schoolId = await f.school('โรงเรียนบ้านรอคำตอบ', 'เมือง');
  for (const [key, role] of [['director', 'school_director'], ['teacher', 'teacher']] as const) {
    u[key] = await chat.newUser(key);
    await f.person(`คุณ ${key}`, role, { lineUserId: u[key], schoolId });
  }
  roundId = (await f.surveyRound(form, { audience: 'school_directors', closesOn: '2027-03-31', opensAt: clock.now() })).roundId;
}, 120_000);
afterAll(async () => service.stop());

/** What the bot answered, message by message, and how each went (reply or push). */
async function says(userId: string, text: string) {
  const answer = await chat.say(userId, text);
  return { texts: answer.entries.map((e) => String(e.message.text ?? e.message.altText ?? '')), via: answer.entries.map((e) => e.via), entries: answer.entries };
}

describe('a survey waiting is mentioned under the answer to anything else', () => {
  it('not before the round’s invitation has gone', async () => {
    expect((await says(u.director, 'สวัสดีค่ะ')).texts.join('\n')).not.toContain(WAITING);
    expect(await runSurveyReminders(service.database, clock.now())).toBe(1);
    await chat.settle();
    expect((await chat.inbox(u.director)).text).toContain(WAITING);
  });

  it('the director hears of it under the answer, in the same reply; once that day', async () => {
    clock.set('2027-03-08', '11:00');
    const first = await says(u.director, 'สวัสดีค่ะ');
    const note = first.texts.findIndex((t) => t.includes(WAITING));
    expect(note).toBeGreaterThan(0);
    expect(first.texts[note]).toContain(TITLE);
    expect(new Set(first.via)).toEqual(new Set(['reply']));
    // A message of its own, last — or just before a last message with quick replies, which keep their place.
    const last = first.entries.at(-1)!;
    expect(note).toBe('quickReply' in last.message ? first.entries.length - 2 : first.entries.length - 1);
    expect((await surveyEventsOf(service.database.db, roundId)).filter((e) => e.action === 'mentioned')).toHaveLength(1);

    const again = await says(u.director, 'สวัสดีอีกครั้งค่ะ');
    expect(again.texts.join('\n')).not.toContain(WAITING);
  });

  it('the next day it is mentioned again; a teacher of the school, for whom the director answers, never', async () => {
    clock.set('2027-03-09', '09:00');
    expect((await says(u.director, 'สวัสดีค่ะ')).texts.join('\n')).toContain(WAITING);
    expect((await says(u.teacher, 'สวัสดีค่ะ')).texts.join('\n')).not.toContain(WAITING);
  });

  it('not in the surveys’ own answers (the tile lists them), nor in the middle of a form', async () => {
    clock.set('2027-03-10', '09:00');
    const tile = await says(u.director, 'แบบสำรวจ');
    expect(tile.texts.join('\n')).not.toContain(WAITING);
    // Answering in the chat: the question waits for its answer (a conversation goes on), so nothing is added either.
    const asked = await chat.tapIn(u.director, tile.entries, actionsIn(tile.entries)[0]!.label);
    expect(asked.text).toContain('พร้อมไหม');
    expect(asked.text).not.toContain(WAITING);
  });

  it('once the school has submitted, nothing is mentioned', async () => {
    clock.set('2027-03-11', '09:00');
    const director = (await chat.personOf(u.director))!;
    await saveDraft(service.database.db, { officeId: DEFAULT_OFFICE_ID, roundId, respondentKey: `school:${schoolId}`, schoolId, personId: director.id, formVersion: 1, answers: { ok: true } }, clock.now());
    const draft = (await getResponse(service.database.db, roundId, `school:${schoolId}`))!;
    await submitResponse(service.database.db, { officeId: DEFAULT_OFFICE_ID, responseId: draft.id, expectedVersion: draft.version, personId: director.id, answers: { ok: true } }, clock.now());
    expect((await says(u.director, 'สวัสดีค่ะ')).texts.join('\n')).not.toContain(WAITING);
  });
});

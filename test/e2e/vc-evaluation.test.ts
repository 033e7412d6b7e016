import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/app.ts';
import { insertVcSession, inviteAudience } from '../../src/db/repos/vc-sessions.ts';
import type { Browser } from 'playwright-core';
import { responsesOfRounds, roundOfVcSession } from '../../src/db/repos/surveys.ts';
import { surveyTexts } from '../../src/flows/surveys/messages.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot, scrollsSideways, smallTapTargets } from '../support/browser.ts';
import { surveyRounds } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { runSurveyReminders } from '../../src/flows/surveys/jobs.ts';
import { vcLabels as L, vcTexts as T } from '../../src/flows/vc/messages.ts';
import { schoolButtonLabel } from '../../src/kit/steps.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { actionsIn, chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { liffPeople } from '../support/liff.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * The evaluation after a video conference through the emulator: ส่งแบบประเมิน opens a round of template 6
 * (แบบติดตาม ประเมินผล และรับข้อเสนอแนะ) for the attending schools' people, linked to the session; they get one push
 * with ตอบแบบประเมิน, answer on the survey's page, are reminded like any survey, and the officer's second sending
 * reaches only the schools ticked since.
 */

// Wednesday 16 December 2026: the session ran 09:00–11:00; the officer wraps up at 11:10.
const clock = testClock('2026-12-16', '11:10');
let service: RunningService;
let chat: ReturnType<typeof chatDriver>;
const db = () => service.database.db;

const TITLE = 'ประชุมชี้แจงการประเมินผลทดสอบ';
const SCHOOLS = ['โรงเรียนประเมินหนึ่ง', 'โรงเรียนประเมินสอง', 'โรงเรียนประเมินสาม'];
const directors: string[] = [];
let officer = '';
let area = '';
let sessionId = 0;
let browser: Browser;

const labels = (entries: Parameters<typeof actionsIn>[0]) => actionsIn(entries).map((a) => a.label);

beforeAll(async () => {
  browser = await launchBrowser();
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  // Only the evaluation's round is open (the demo rounds would share its reminders).
  await db().update(surveyRounds).set({ state: 'closed' });
  const f = officeFactory(db());
  const schoolIds = await f.schools(SCHOOLS.map((name) => ({ name, district: 'อำเภอประเมิน' })));
  for (const [i, schoolId] of schoolIds.entries()) {
    const userId = await chat.newUser(`ผอ.ประเมิน ${i + 1}`);
    directors.push(userId);
    await f.person(`ผอ.ประเมิน ${i + 1}`, 'school_director', { lineUserId: userId, schoolId });
  }
  area = await chat.newUser('ผอ.สพป. ประเมิน');
  await f.person('ผอ.สพป. ประเมิน', 'area_director', { lineUserId: area });
  officer = await chat.newUser('ช่าง ประเมินผล');
  const me = await f.person('ช่าง ประเมินผล', 'technician', { lineUserId: officer });
  const audience = { kind: 'schools' as const, ids: schoolIds };
  sessionId = await insertVcSession(
    db(),
    { officeId: DEFAULT_OFFICE_ID, title: TITLE, startsAt: bangkokTime('2026-12-16', '09:00'), endsAt: bangkokTime('2026-12-16', '11:00'), platform: 'zoom', link: 'https://zoom.us/j/1612', roomBookingId: null, kitId: null, team: [me.id], organiserId: me.id, audience },
    clock.now(),
  );
  await inviteAudience(db(), DEFAULT_OFFICE_ID, sessionId, audience);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await service.stop();
});

/** The officer ticks schools on the session's attendance list, then taps ส่งแบบประเมิน on its card. */
async function tickAndSend(schools: readonly string[]): Promise<string> {
  const list = await chat.say(officer, 'ประชุมทางไกล');
  await chat.tapIn(officer, list.entries, L.attendance);
  // The picker names each school without the word โรงเรียน.
  for (const school of schools) await chat.tap(officer, schoolButtonLabel(school));
  const card = await chat.say(officer, 'ประชุมทางไกล');
  return (await chat.tapIn(officer, card.entries, L.sendEvaluation)).text;
}

describe('the evaluation of a video conference is a survey round', () => {
  it('ส่งแบบประเมิน opens a round of template 6 for the attendees, linked to the session; each gets one push that starts it', async () => {
    expect(await tickAndSend(SCHOOLS.slice(0, 2))).toBe(T.evaluationSent(2));
    const found = await roundOfVcSession(db(), DEFAULT_OFFICE_ID, sessionId);
    expect(found?.form.key).toBe('follow_up_feedback');
    expect(found?.round).toMatchObject({ title: T.evaluationRoundTitle(TITLE), audience: 'attendees', closesOn: '2026-12-23', state: 'open' });
    expect(found?.round.respondentIds).toHaveLength(2);

    const invite = await chat.inbox(directors[0]!);
    expect(invite.text).toBe(T.evaluationInvite(TITLE, '23 ธันวาคม 2569'));
    expect(labels(invite.entries)).toEqual([L.answerEvaluation]);
    expect((await chat.inbox(directors[1]!)).entries).toHaveLength(1);
    expect((await chat.inbox(directors[2]!)).entries).toHaveLength(0);
    // The form is long: ตอบแบบประเมิน opens its page.
    const started = await chat.tapIn(directors[0]!, invite.entries, L.answerEvaluation);
    expect(JSON.stringify(started.entries)).toContain(T.evaluationRoundTitle(TITLE));
    // The round answers which activity it is for: the chat neither asks nor counts that question (10 of 11).
    expect(started.text).toContain(surveyTexts.webOnly(T.evaluationRoundTitle(TITLE), 10));
    expect(JSON.stringify(started.entries)).not.toContain('กิจกรรมที่เข้าร่วม');
    expect(found?.round.presetAnswers).toEqual({ activity: 'video_conference' });
    // Nobody is asked twice; a school that did not attend is not asked at all.
    expect(await tickAndSend([])).toBe(T.evaluationSent(0));
    expect((await chat.inbox(directors[0]!)).entries).toHaveLength(0);
  });

  it('the surveys\' reminders take it up: no second invitation, a reminder two office days later to whoever has not answered', async () => {
    expect(await runSurveyReminders(service.database, clock.now())).toBe(0);
    const page = liffPeople(service, clock.now);
    const roundId = (await roundOfVcSession(db(), DEFAULT_OFFICE_ID, sessionId))!.round.id;
    // The page has the activity answered already, as the round gives it.
    const opened = await page.call(directors[0]!, 'GET', `/surveys/${roundId}`);
    expect(opened.body).toMatchObject({ preset: { activity: 'การประชุมทางไกล (Video Conference)' }, answers: { activity: 'video_conference' } });
    // Not answering it is complete; answering it otherwise changes nothing.
    const answers = { activity: 'other', position: 'director', content: 4, speaker: 5, duration: 3, media: 4, usefulness: 5, overall: 4, suggestion: 'อยากให้ส่งเอกสารก่อนประชุม' };
    const saved = await page.call(directors[0]!, 'PUT', `/surveys/${roundId}/answers`, { answers });
    expect(saved).toMatchObject({ status: 200, body: { problems: {}, answers: { activity: 'video_conference' } } });
    expect((await page.call(directors[0]!, 'POST', `/surveys/${roundId}/submit`, { version: saved.body.version })).status).toBe(200);
    const stored = (await responsesOfRounds(db(), [roundId])).find((r) => r.state === 'submitted');
    expect(stored).toMatchObject({ state: 'submitted', answers: { activity: 'video_conference', position: 'director' } });

    expect(await runSurveyReminders(service.database, clock.set('2026-12-18', '11:00'))).toBe(0);
    expect(await runSurveyReminders(service.database, clock.set('2026-12-18', '11:30'))).toBe(1);
    await chat.settle();
    expect((await chat.inbox(directors[0]!)).entries).toHaveLength(0);
    expect((await chat.inbox(directors[1]!)).text).toContain(T.evaluationRoundTitle(TITLE));
    expect((await chat.inbox(directors[2]!)).entries).toHaveLength(0);
  });

  it('a school ticked later gets it on the next sending, in the same round', async () => {
    expect(await tickAndSend([SCHOOLS[2]!])).toBe(T.evaluationSent(1));
    expect((await chat.inbox(directors[2]!)).text).toBe(T.evaluationInvite(TITLE, '23 ธันวาคม 2569'));
    expect((await roundOfVcSession(db(), DEFAULT_OFFICE_ID, sessionId))?.round.respondentIds).toHaveLength(3);
    expect(await db().select().from(surveyRounds)).toEqual(expect.arrayContaining([expect.objectContaining({ vcSessionId: sessionId })]));
  });

  it('an attendee\'s evaluation page on a phone shows the activity answered (nothing to pick) and fits the screen', async () => {
    const roundId = (await roundOfVcSession(db(), DEFAULT_OFFICE_ID, sessionId))!.round.id;
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    const missing: string[] = [];
    page.on('response', (res) => void (res.status() === 404 && missing.push(new URL(res.url()).pathname)));
    await page.goto(`${service.url}/liff/surveys/${roundId}#idToken=${encodeURIComponent(await liffPeople(service, clock.now).idToken(directors[1]!))}`);
    await page.getByTestId('title').filter({ hasText: T.evaluationRoundTitle(TITLE) }).waitFor();
    await expect(page.getByTestId('preset-activity').textContent()).resolves.toBe('การประชุมทางไกล (Video Conference)');
    await expect(page.getByTestId('input-activity').count()).resolves.toBe(0);
    await expect(page.getByTestId('input-position').isVisible()).resolves.toBe(true);
    await expect(scrollsSideways(page)).resolves.toBe(false);
    await expect(smallTapTargets(page)).resolves.toEqual([]);
    await saveScreenshot(page, 'vc-evaluation-page-phone');
    // The browser asks for a favicon the service does not have; nothing else may be missing or fail.
    expect(missing.filter((p) => p !== '/favicon.ico')).toEqual([]);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.context().close();
  });

  it('the report to the area director reads the average from the round\'s answers; the yearly summary of template 6 counts the round', async () => {
    const page = liffPeople(service, clock.now);
    const roundId = (await roundOfVcSession(db(), DEFAULT_OFFICE_ID, sessionId))!.round.id;
    // The second school answers too: levels 3 on every question (the first school's mean is 25/6).
    const answers = { content: 3, speaker: 3, duration: 3, media: 3, usefulness: 3, overall: 3 };
    const saved = await page.call(directors[1]!, 'PUT', `/surveys/${roundId}/answers`, { answers });
    expect((await page.call(directors[1]!, 'POST', `/surveys/${roundId}/submit`, { version: saved.body.version })).status).toBe(200);

    // (25/6 + 3) / 2 = 3.58…, on the officer's card as on the report.
    const card = await chat.say(officer, 'ประชุมทางไกล');
    expect(JSON.stringify(card.entries)).toContain(T.reportEvaluated(2, 3.6));
    expect((await chat.tapIn(officer, card.entries, L.report)).text).toContain(T.reportSent);
    const report = JSON.stringify((await chat.inbox(area)).entries);
    expect(report).toContain(T.reportEvaluated(2, 3.6));
    expect(report).toContain(T.scoreLine('ความพึงพอใจโดยรวม', 3.5));
    expect(report).not.toContain('ภาพและเสียง:');

    const results = await page.call(officer, 'GET', `/surveys/${roundId}/results`);
    expect(results.status).toBe(200);
    const yearly = results.body.yearly as { years: Array<{ fiscalYear: number; rounds: string[] }> };
    expect(yearly.years.find((y) => y.fiscalYear === 2570)?.rounds.join('\n')).toContain(T.evaluationRoundTitle(TITLE));
  });

  it('once the round has closed, ส่งแบบประเมิน says so and sends nothing', async () => {
    clock.set('2026-12-24', '09:00');
    const card = await chat.say(officer, 'ประชุมทางไกล');
    expect((await chat.tapIn(officer, card.entries, L.sendEvaluation)).text).toBe(T.evaluationClosed);
    for (const director of directors) expect((await chat.inbox(director)).entries).toHaveLength(0);
  });
});

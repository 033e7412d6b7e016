import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { listRounds } from '../../src/db/repos/surveys.ts';
import { offices } from '../../src/db/schema.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { readXlsx } from '../../src/reports/xlsx.ts';
import { NEW_ROUND_COMMAND, roundLabels as RL } from '../../src/flows/survey-rounds/messages.ts';
import type { ResultsPageView } from '../../src/flows/surveys/results-page.ts';
import { bangkokDateKey } from '../../src/domain/office-time.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { campaignLabels as CL, resultsPageTexts as T } from '../../src/flows/surveys/messages.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { liffPeople } from '../support/liff.ts';
import { startTestService } from '../support/service.ts';
import { withTheDemo } from '../support/survey-rounds.ts';

/**
 * A round's results page, reached from the ดูผลสำรวจ link on the round's card in the chat and opened in Chromium
 * at a phone's width: the response rate by district with its key figures, each question's counts, average and bar
 * chart, the comments and who has not answered. Only the ICT group's survey runners see it: a teacher is refused,
 * another office's round is not found.
 */

let service: RunningService;
let browser: Browser;
let people: ReturnType<typeof liffPeople>;
// Stored events are due from the database's own clock, so the service's clock may not run behind it.
const clock = new Date(Date.now() + 10 * 60_000);
const form = (file: string): FormDefinitionInput => JSON.parse(readFileSync(new URL(`../../scripts/surveys/${file}`, import.meta.url), 'utf8'));
let roundId = 0;
let otherOfficeRound = 0;
/** The feedback form's rounds (template 6): one in fiscal year 2569, two in 2570 (the last is under way). */
let feedbackRound = 0;
let schoolC = 0;
const who: Record<'group' | 'technician' | 'teacher', string> = { group: '', technician: '', teacher: '' };

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  people = liffPeople(service, () => clock);
  // The demo's schools and rounds are counted below (the total, and the feedback form's round of 2570).
  await withTheDemo(service, clock);
  for (const [key, role] of [['group', 'group_director'], ['technician', 'technician'], ['teacher', 'teacher']] as const) who[key] = (await people.add(`คุณ${key}`, role)).userId;
  const f = officeFactory(service.database.db);
  const [a, , c] = await f.schools([
    { name: 'บ้านโนนสะอาด', district: 'เมือง' },
    { name: 'บ้านหนองแวง', district: 'เมือง' },
    { name: 'บ้านห้วยยาง', district: 'ภูเขียว' },
  ]);
  schoolC = c!;
  const opensAt = new Date(clock.getTime() - 60_000);
  roundId = (await f.surveyRound(form('internet-check.json'), { audience: 'school_directors', closesOn: bangkokDateKey(new Date(clock.getTime() + 14 * 86_400_000)), opensAt })).roundId;
  const answer = async (schoolId: number, answers: Record<string, unknown>) => {
    const director = await f.person(`ผอ.${schoolId}`, 'school_director', { schoolId });
    await f.submittedResponse(roundId, schoolId, director.id, answers as never, opensAt);
  };
  await answer(a!, { has_internet: true, speed: 50, quality: 4, comment: 'ขอสัญญาณแรงขึ้นในห้องเรียนชั้น ป.6' });
  await answer(c!, { has_internet: false, quality: 2 });
  await service.database.db.insert(offices).values({ id: 'other-office', name: 'สพป. อื่น' }).onConflictDoNothing();
  otherOfficeRound = (await officeFactory(service.database.db, 'other-office').surveyRound({ ...form('internet-check.json'), key: 'other_office_form' }, { audience: 'school_directors', closesOn: '2099-01-31', opensAt })).roundId;
  // The feedback form after trainings and meetings, answered by each person (here the office's staff).
  const feedback = form('follow-up-feedback.json');
  const staff = await Promise.all(['คุณสมศรี', 'คุณสมหมาย'].map((name) => f.person(name, 'technician')));
  const scores = (content: number, overall: number) => ({ activity: 'website_training', content, speaker: 4, duration: 4, media: 4, usefulness: 4, overall });
  const feedbackRoundAt = async (title: string, at: Date, answers: Array<Record<string, unknown>>) => {
    const id = (await f.surveyRound(feedback, { audience: 'office_staff', closesOn: bangkokDateKey(new Date(clock.getTime() + 7 * 86_400_000)), opensAt: at, title })).roundId;
    for (const [i, a] of answers.entries()) await f.submittedPersonResponse(id, staff[i]!.id, a as never, at);
    return id;
  };
  await feedbackRoundAt('อบรมเว็บไซต์โรงเรียน รุ่น 1', new Date('2026-08-14T03:00:00Z'), [{ ...scores(4, 4), suggestion: 'ขอเวลาฝึกมากขึ้น' }]);
  await feedbackRoundAt('ประชุมทางไกลแนวทางรับนักเรียน', new Date('2026-10-20T03:00:00Z'), [scores(5, 5), { ...scores(3, 4), suggestion: 'เสียงขาดหายช่วงท้าย' }]);
  feedbackRound = await feedbackRoundAt('อบรมเว็บไซต์โรงเรียน รุ่น 2', opensAt, [{ ...scores(5, 3), next_topic: 'การทำแบบฟอร์มออนไลน์' }]);
  browser = await launchBrowser();
}, 120_000);

/** A page at a phone's width, and what failed in it besides the favicon the browser may ask for (the service has none). */
async function phonePage() {
  const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
  const notFound: string[] = [];
  page.on('response', (res) => void (res.status() === 404 && notFound.push(new URL(res.url()).pathname)));
  const failures = () => [...notFound.filter((p) => p !== '/favicon.ico'), ...errors.filter((e) => !e.includes('404'))];
  return { page, failures };
}

afterAll(async () => {
  await browser?.close();
  await service.stop();
});

describe('who may see the results', () => {
  it('the ICT group\'s survey runners; a teacher is refused (403), another office\'s round is not found, no token is 401', async () => {
    expect((await people.get(who.group, `/surveys/${roundId}/results`)).status).toBe(200);
    expect((await people.get(who.technician, `/surveys/${roundId}/results`)).status).toBe(200);
    const teacher = await people.get(who.teacher, `/surveys/${roundId}/results`);
    expect(teacher.status).toBe(403);
    expect(await teacher.json()).toEqual({ message: T.forbidden });
    expect((await people.get(who.group, `/surveys/${otherOfficeRound}/results`)).status).toBe(404);
    expect((await people.get(who.group, '/surveys/abc/results')).status).toBe(404);
    expect((await fetch(`${service.url}/liff/api/surveys/${roundId}/results`)).status).toBe(401);
    // Every response as an Excel file, for the same people only.
    const xlsx = await people.get(who.group, `/surveys/${roundId}/results/xlsx`);
    expect(xlsx.status).toBe(200);
    const [answers] = await readXlsx(Buffer.from(await xlsx.arrayBuffer()));
    expect(answers!.rows.map((r) => r[0])).toEqual(['ผู้ตอบ', 'บ้านโนนสะอาด', 'บ้านห้วยยาง']);
    expect((await people.get(who.teacher, `/surveys/${roundId}/results/xlsx`)).status).toBe(403);
    expect((await people.get(who.group, `/surveys/${otherOfficeRound}/results/xlsx`)).status).toBe(404);
  });

  it('a teacher opening the page reads the refusal and nothing of the round', async () => {
    const { page } = await phonePage();
    await page.goto(`${service.url}/liff/surveys/${roundId}/results#idToken=${encodeURIComponent(await people.idToken(who.teacher))}`);
    await page.getByTestId('notice').filter({ hasText: T.forbidden }).waitFor();
    await expect(page.locator('body').textContent()).resolves.not.toContain('อินเทอร์เน็ต');
    await page.context().close();
  });
});

describe('the group director follows the card\'s link', () => {
  it('reads the figures by district and by question, with charts, at a phone\'s width', async () => {
    const chat = chatDriver(service);
    const tile = await chat.say(who.group, 'แบบสำรวจ');
    const cards = JSON.stringify(tile.entries.map((e) => e.message));
    expect(cards).toContain(CL.results);
    const link = new RegExp(`"uri":"([^"]*/liff/surveys/${roundId}/results)"`).exec(cards)?.[1];
    expect(link).toBeDefined();

    const { page, failures } = await phonePage();
    await page.goto(`${link}#idToken=${encodeURIComponent(await people.idToken(who.group))}`);
    await page.getByTestId('title').waitFor();
    // The demo schools (three districts of their own) are expected too.
    await expect(page.getByTestId('total').textContent()).resolves.toBe(T.rate(2, 10, 20));

    // Each district and the total: rate, then % ใช่ (มีอินเทอร์เน็ต), average speed and average satisfaction.
    const rows = await page.getByTestId('districts').locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    const row = (district: string) => rows.find((r) => r[0] === district);
    expect(rows[0]).toEqual([...T.districtHeaders, T.yesShare(1), T.average(2), T.average(3)]);
    await expect(page.getByTestId('districts').textContent()).resolves.toContain(T.keyQuestion(2, 'ความเร็วอินเทอร์เน็ตโดยประมาณ', 'Mbps'));
    expect(row('ภูเขียว')).toEqual(['ภูเขียว', '1', '1', '100%', '0%', '-', '2']);
    expect(row('เมือง')).toEqual(['เมือง', '2', '1', '50%', '100%', '50', '4']);
    expect(row('อำเภอสาธิตใต้')).toEqual(['อำเภอสาธิตใต้', '2', '0', '0%', '-', '-', '-']);
    expect(rows.at(-1)).toEqual(['รวม', '10', '2', '20%', '50%', '50', '3']);
    const quality = page.getByTestId('question-quality');
    await expect(quality.textContent()).resolves.toContain(`${T.mean}3`);
    await expect(quality.textContent()).resolves.toContain(T.count(1, 50));
    await expect(page.getByTestId('question-comment').textContent()).resolves.toContain('ขอสัญญาณแรงขึ้นในห้องเรียนชั้น ป.6');
    await expect(page.getByTestId('missing').textContent()).resolves.toContain('เมือง · บ้านหนองแวง');
    // The Excel file downloads from the page.
    await page.getByTestId('pdf').click();
    await expect(page.getByTestId('pdf-link').getAttribute('download')).resolves.toBe(`survey-${roundId}.xlsx`);
    // The form has no ranked table (templates 1 and 3 have), so no second download.
    await expect(page.getByTestId('ranking-xlsx').count()).resolves.toBe(0);

    // The charts are pictures drawn on the server (the district chart and one per counted question), shown whole.
    const charts = await page.locator('figure.chart img').evaluateAll((imgs) =>
      imgs.map((img) => {
        const i = img as unknown as { complete: boolean; naturalWidth: number; getBoundingClientRect(): { width: number; right: number } };
        return { loaded: i.complete && i.naturalWidth > 0, width: i.getBoundingClientRect().width, right: i.getBoundingClientRect().right };
      }),
    );
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const chart of charts) {
      expect(chart.loaded).toBe(true);
      expect(chart.right).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    }
    // Nothing wider than the phone: wide tables scroll inside their card.
    await expect(page.locator('html').evaluate((html) => (html as unknown as { scrollWidth: number }).scrollWidth)).resolves.toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await saveScreenshot(page, 'survey-results-phone');
    expect(failures()).toEqual([]);
    await page.context().close();
  }, 90_000);
});

describe('the yearly summary of the feedback form (template 6)', () => {
  it('every round of the form by fiscal year: its rounds, the average of each level question, the number of comments', async () => {
    const { page, failures } = await phonePage();
    await page.goto(`${service.url}/liff/surveys/${feedbackRound}/results#idToken=${encodeURIComponent(await people.idToken(who.group))}`);
    const yearly = page.getByTestId('yearly');
    await yearly.waitFor();
    // 2570 also holds the start-up's demo round of the form (opened today, nobody has answered it).
    await expect(page.getByTestId('fy2570').textContent()).resolves.toBe(T.yearly.year(2570, 3, 3));
    await expect(page.getByTestId('fy2569').textContent()).resolves.toBe(T.yearly.year(2569, 1, 1));
    const text = (await yearly.textContent()) ?? '';
    expect(text).toContain(T.yearly.round('ประชุมทางไกลแนวทางรับนักเรียน', '20 ตุลาคม 2569', 2));
    // 2570: เนื้อหา (5 + 3 + 5) / 3, overall (5 + 4 + 3) / 3; a comment and a topic asked for.
    const rows = await yearly.locator('table').first().locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(rows).toContainEqual(['เนื้อหาตรงกับความต้องการ', '3', '4.33']);
    expect(rows).toContainEqual(['ความพึงพอใจโดยรวม', '3', '4.00']);
    expect(text).toContain(T.yearly.comments(2));
    expect(text).toContain(T.yearly.comments(1));
    await expect(yearly.locator('figure.chart img').first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0)).resolves.toBe(true);
    // A form without the summary shows none.
    await page.goto(`${service.url}/liff/surveys/${roundId}/results`);
    await page.getByTestId('title').waitFor();
    await expect(page.getByTestId('yearly').count()).resolves.toBe(0);
    expect(failures()).toEqual([]);
    await page.context().close();
  }, 60_000);
});

describe('the feedback form sent to the schools from the chat', () => {
  it('a form each person answers may go to the schools\' teachers; its results expect each of them under their school\'s district', async () => {
    const chat = chatDriver(service);
    await chat.say(who.group, NEW_ROUND_COMMAND);
    const formLabel = chat.buttons(who.group).find((b) => b.label.startsWith('แบบติดตาม'))!.label;
    const audience = await chat.tap(who.group, formLabel);
    expect(audience.labels).toEqual([RL.audiences.school_directors, RL.audiences.school_teachers, RL.audiences.office_staff, RL.cancel]);
    await chat.tap(who.group, RL.audiences.school_teachers);
    await chat.tap(who.group, RL.allDistricts);
    await chat.say(who.group, bangkokDateKey(new Date(clock.getTime() + 7 * 86_400_000)));
    await chat.tap(who.group, RL.confirm);
    const [sent] = await listRounds(service.database.db, DEFAULT_OFFICE_ID);
    expect(sent!.round).toMatchObject({ audience: 'school_teachers', district: null });

    const page = (await (await people.get(who.group, `/surveys/${sent!.round.id}/results`)).json()) as ResultsPageView;
    // The two schools' directors (the teachers registered here have no school).
    expect(page.total).toBe(T.rate(0, 2, 0));
    expect(page.districts.rows.map((r) => r.slice(0, 3))).toEqual([
      ['ภูเขียว', '1', '0'],
      ['เมือง', '1', '0'],
      ['รวม', '2', '0'],
    ]);
    expect(page.missing).toContain(`ภูเขียว · ผอ.${schoolC} (บ้านห้วยยาง)`);
  }, 60_000);
});

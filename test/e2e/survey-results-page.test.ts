import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { offices } from '../../src/db/schema.ts';
import { bangkokDateKey } from '../../src/domain/office-time.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { campaignLabels as CL, resultsPageTexts as T } from '../../src/flows/surveys/messages.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { liffPeople } from '../support/liff.ts';
import { startTestService } from '../support/service.ts';

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
const who: Record<'group' | 'technician' | 'teacher', string> = { group: '', technician: '', teacher: '' };

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  people = liffPeople(service, () => clock);
  for (const [key, role] of [['group', 'group_director'], ['technician', 'technician'], ['teacher', 'teacher']] as const) who[key] = (await people.add(`คุณ${key}`, role)).userId;
  const f = officeFactory(service.database.db);
  const [a, , c] = await f.schools([
    { name: 'บ้านโนนสะอาด', district: 'เมือง' },
    { name: 'บ้านหนองแวง', district: 'เมือง' },
    { name: 'บ้านห้วยยาง', district: 'ภูเขียว' },
  ]);
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
  browser = await launchBrowser();
}, 120_000);

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
  });

  it('a teacher opening the page reads the refusal and nothing of the round', async () => {
    const { page } = await openPage(browser, PHONE_VIEWPORT);
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

    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
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
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});

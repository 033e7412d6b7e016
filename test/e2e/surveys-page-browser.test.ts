import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { getResponse, surveyEventsOf } from '../../src/db/repos/surveys.ts';
import { listMedia } from '../../src/db/repos/media.ts';
import { schoolRegister } from '../../src/db/repos/dltv-register.ts';
import { offices } from '../../src/db/schema.ts';
import { SURVEY_MESSAGES } from '../../src/domain/surveys/answers.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { surveyPageTexts } from '../../src/flows/surveys/messages.ts';
import { formatThaiDateKey } from '../../src/domain/thai-date.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, scrollsSideways, smallTapTargets } from '../support/browser.ts';
import { officeFactory } from '../support/factories.ts';
import { emulatorClient } from '../support/service.ts';
import { startTestService } from '../support/service.ts';

/**
 * A long form answered on its page in Chromium, opened as the simulator opens LIFF links (the director's ID
 * token in the fragment): a condition shows the DLTV questions, a refused answer is named under its question,
 * every answer is kept as the draft (a reload shows them), the tables take rows, and ส่งคำตอบ submits once (the
 * classrooms' equipment then in the school's DLTV register).
 * The API answers only a verified person the round is open to.
 */

const clock = new Date('2027-03-01T03:00:00Z');
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const form = (file: string): FormDefinitionInput => JSON.parse(readFileSync(new URL(`../../scripts/surveys/${file}`, import.meta.url), 'utf8'));
let service: RunningService;
let browser: Browser;
let roundId = 0;
let schoolId = 0;
const users: Record<'director' | 'technician' | 'guest' | 'otherDirector' | 'phoneDirector', string> = { director: '', technician: '', guest: '', otherDirector: '', phoneDirector: '' };
let phoneSchoolId = 0;

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  const emulator = emulatorClient(`${service.url}/emulator/api`);
  const f = officeFactory(service.database.db);
  schoolId = await f.school('โรงเรียนบ้านทดสอบ', 'เมือง');
  for (const [key, role] of [['director', 'school_director'], ['technician', 'technician'], ['guest', 'guest']] as const) {
    users[key] = (await emulator.createUser(key)).userId;
    await f.person(`คุณ ${key}`, role, { lineUserId: users[key], schoolId: role === 'school_director' ? schoolId : null });
  }
  // The director of a second school answers on a phone (a draft of their own school).
  phoneSchoolId = await f.school('โรงเรียนบ้านมือถือ', 'เมือง');
  users.phoneDirector = (await emulator.createUser('phoneDirector')).userId;
  await f.person('คุณ phoneDirector', 'school_director', { lineUserId: users.phoneDirector, schoolId: phoneSchoolId });
  roundId = (await f.surveyRound(form('dltv-equipment.json'), { audience: 'school_directors', closesOn: '2027-03-31', opensAt: new Date(clock.getTime() - 60_000) })).roundId;
  // A director of another office (same channel table, other office id) is not sent this round.
  await service.database.db.insert(offices).values({ id: 'other-office', name: 'สพป. อื่น' }).onConflictDoNothing();
  const other = officeFactory(service.database.db, 'other-office');
  users.otherDirector = (await emulator.createUser('otherDirector')).userId;
  await other.person('ผอ.อื่น', 'school_director', { lineUserId: users.otherDirector, schoolId: await other.school('โรงเรียนอื่น', 'เมือง') });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service.stop();
});

async function token(userId: string): Promise<string> {
  return (await emulatorClient(`${service.url}/emulator/api`).call<{ idToken: string }>('POST', `/users/${userId}/id-token`, {})).idToken;
}
async function apiCall(userId: string | null, method: string, route: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (userId) headers.authorization = `Bearer ${await token(userId)}`;
  return fetch(`${service.url}/liff/api${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe('who may open the round', () => {
  it('no token is 401; a role that answers no surveys 403; someone the round is not sent to, or of another office, "not found"', async () => {
    expect((await apiCall(null, 'GET', `/surveys/${roundId}`)).status).toBe(401);
    expect((await apiCall(users.guest, 'GET', `/surveys/${roundId}`)).status).toBe(403);
    const tech = await apiCall(users.technician, 'GET', `/surveys/${roundId}`);
    expect(tech.status).toBe(404);
    expect(((await tech.json()) as { message: string }).message).toBe(surveyPageTexts.notFound);
    expect((await apiCall(users.otherDirector, 'GET', `/surveys/${roundId}`)).status).toBe(404);
    expect((await apiCall(users.otherDirector, 'PUT', `/surveys/${roundId}/answers`, { answers: { uses_dltv: true } })).status).toBe(404);
    expect(await getResponse(service.database.db, roundId, `school:${schoolId}`)).toBeNull();
  });

  it('a photo answer cannot name files that are not already its own (pictures come through the upload)', async () => {
    const res = await apiCall(users.director, 'PUT', `/surveys/${roundId}/answers`, { answers: { photo: [1] } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { problems: Record<string, string>; answers: Record<string, unknown> };
    expect(body.problems.photo).toBe(SURVEY_MESSAGES.notPhotos);
    expect(body.answers.photo).toBeUndefined();
    const wrongType = await fetch(`${service.url}/liff/api/surveys/${roundId}/photos/photo`, { method: 'POST', headers: { authorization: `Bearer ${await token(users.director)}`, 'content-type': 'image/png' }, body: 'not a picture' });
    expect(wrongType.status).toBe(415);
  });
});

/** Does `act` and waits until the page's draft save it causes has been answered. */
async function saved(page: Page, act: () => Promise<unknown>) {
  await Promise.all([page.waitForResponse((r) => r.url().includes('/answers') && r.request().method() === 'PUT'), act()]);
}

describe('answering on the page', () => {
  it('shows conditional questions, names a refused answer, keeps the draft across a reload, and submits once', async () => {
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    const missing: string[] = [];
    page.on('response', (res) => void (res.status() === 404 && missing.push(new URL(res.url()).pathname)));
    await page.goto(`${service.url}/liff/surveys/${roundId}#idToken=${encodeURIComponent(await token(users.director))}`);
    await page.getByTestId('title').waitFor();
    expect(page.url()).not.toContain('idToken');
    // The DLTV questions wait for "yes".
    await expect(page.getByTestId('input-dltv_classrooms').isVisible()).resolves.toBe(false);
    await saved(page, () => page.getByTestId('input-uses_dltv').getByLabel('ใช่', { exact: true }).check());
    await page.getByTestId('input-dltv_classrooms').waitFor({ state: 'visible' });

    // Submitting now names what is missing.
    await page.getByTestId('submit').click();
    await page.getByTestId('submit-problem').filter({ hasText: surveyPageTexts.notComplete }).waitFor();
    await page.getByTestId('problem-dltv_classrooms').filter({ hasText: SURVEY_MESSAGES.required }).waitFor();

    await saved(page, () => page.getByTestId('input-dish_kind').getByLabel('KU-Band', { exact: true }).check());
    // The classrooms' equipment, a row each (it feeds the school's DLTV register once submitted).
    await page.getByTestId('add-row-dltv_classrooms').click();
    const classroom = page.getByTestId('input-dltv_classrooms').locator('tbody tr').first();
    await classroom.getByLabel('ห้องเรียน').fill('ป.1');
    await classroom.getByLabel('จานรับสัญญาณ').selectOption('good');
    await classroom.getByLabel('LNB', { exact: true }).selectOption('broken');
    await classroom.getByLabel('กล่องรับสัญญาณ').selectOption('good');
    await saved(page, () => classroom.getByLabel('โทรทัศน์').selectOption('good'));
    await saved(page, () => page.getByTestId('input-dltv_problems').getByLabel('สัญญาณหายเมื่อฝนตก', { exact: true }).check());
    await page.getByTestId('input-computers_working').fill('600');
    await saved(page, () => page.getByTestId('input-computers_working').press('Tab'));
    await page.getByTestId('problem-computers_working').filter({ hasText: SURVEY_MESSAGES.between(0, 500, 'เครื่อง') }).waitFor();
    await page.getByTestId('input-computers_working').fill('12');
    await saved(page, () => page.getByTestId('input-computers_working').press('Tab'));
    await saved(page, () => page.getByTestId('input-internet').getByLabel('ไฟเบอร์', { exact: true }).check());
    await page.getByTestId('add-row-needs').click();
    const row = page.getByTestId('input-needs').locator('tbody tr').first();
    await row.getByLabel('รายการ').fill('โน้ตบุ๊ก');
    await row.getByLabel('จำนวน').fill('2');
    await saved(page, () => row.getByLabel('ความเร่งด่วน').selectOption('high'));
    await page.getByTestId('input-survey_date').fill('2027-02-28');
    await saved(page, () => page.getByTestId('input-survey_date').press('Tab'));
    // The dish's place from the phone's location.
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation({ latitude: 15.80681, longitude: 101.98812 });
    await saved(page, () => page.getByTestId('locate-place').click());
    await page.getByTestId('place-place').filter({ hasText: '15.80681, 101.98812' }).waitFor();
    // A photo taken with the phone: kept as the response's file and shown from this service.
    await page.getByTestId('photo-input-photo').setInputFiles({ name: 'dish.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('photo-photo').waitFor();
    await expect(page.getByTestId('photo-photo').evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0)).resolves.toBe(true);

    // Saves go half a second after the last change: wait until the last one is in.
    for (let i = 0; i < 50 && (await getResponse(service.database.db, roundId, `school:${schoolId}`))?.answers.place === undefined; i++) await page.waitForTimeout(100);
    expect((await getResponse(service.database.db, roundId, `school:${schoolId}`))!).toMatchObject({
      state: 'draft',
      answers: {
        uses_dltv: true,
        dish_kind: 'ku',
        dltv_classrooms: [{ classroom: 'ป.1', dish: 'good', lnb: 'broken', receiver: 'good', tv: 'good', note: null }],
        dltv_problems: ['rain'],
        computers_working: 12,
        internet: 'fiber',
        survey_date: '2027-02-28',
        place: { latitude: 15.80681, longitude: 101.98812 },
      },
    });

    // The draft is there when the page is opened again.
    await page.goto(`${service.url}/liff/surveys/${roundId}`);
    await page.getByTestId('title').waitFor();
    await expect(page.getByTestId('input-dltv_classrooms').locator('tbody tr').first().getByLabel('ห้องเรียน').inputValue()).resolves.toBe('ป.1');
    await expect(page.getByTestId('input-needs').locator('tbody tr').first().getByLabel('รายการ').inputValue()).resolves.toBe('โน้ตบุ๊ก');

    await page.getByTestId('submit').click();
    await page.getByTestId('submitted').waitFor();
    const response = (await getResponse(service.database.db, roundId, `school:${schoolId}`))!;
    expect(response).toMatchObject({ state: 'submitted', answers: { needs: [{ item: 'โน้ตบุ๊ก', quantity: 2, urgency: 'high', reason: null }] } });
    const [photoId] = response.answers.photo as number[];
    expect((await schoolRegister(service.database.db, schoolId)).map((l) => [l.classroom, l.lnb])).toEqual([['ป.1', 'broken']]);
    expect((await listMedia(service.database.db, 'survey_response', response.id)).map((m) => m.id)).toEqual([photoId]);

    // Once submitted: no more changes, no second submission.
    const late = await apiCall(users.director, 'PUT', `/surveys/${roundId}/answers`, { answers: { computers_working: 5 } });
    expect(late.status).toBe(409);
    expect((await apiCall(users.director, 'POST', `/surveys/${roundId}/submit`, { version: response.version })).status).toBe(409);
    expect((await surveyEventsOf(service.database.db, roundId)).filter((e) => e.action === 'submitted')).toHaveLength(1);
    // The browser asks for a favicon the service does not have; the refused submission above is a 422; nothing else fails.
    expect(missing.filter((p) => p !== '/favicon.ico')).toEqual([]);
    expect(errors.filter((e) => !e.includes('422') && !e.includes('404'))).toEqual([]);
  }, 90_000);
});

describe('on a phone (390 × 844)', () => {
  it('fits the screen: a table row is a card, the date reads Thai with the Buddhist year, every tap target is 44 px', async () => {
    // A place sent in the chat before (with LINE's address): the page names it by its address.
    const place = { latitude: 15.8, longitude: 101.9, address: '12 หมู่ 3 ตำบลหนองบัว' };
    expect((await apiCall(users.phoneDirector, 'PUT', `/surveys/${roundId}/answers`, { answers: { place } })).status).toBe(200);
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    const missing: string[] = [];
    page.on('response', (res) => void (res.status() === 404 && missing.push(new URL(res.url()).pathname)));
    await page.goto(`${service.url}/liff/surveys/${roundId}#idToken=${encodeURIComponent(await token(users.phoneDirector))}`);
    await page.getByTestId('title').waitFor();
    await page.getByTestId('place-place').filter({ hasText: place.address }).waitFor();
    await saved(page, () => page.getByTestId('input-uses_dltv').getByLabel('ใช่', { exact: true }).check());
    await page.getByTestId('input-dltv_classrooms').waitFor({ state: 'visible' });
    // A classroom's row of six fields fits the phone as the needs' rows do.
    await page.getByTestId('add-row-dltv_classrooms').click();
    await page.getByTestId('add-row-needs').click();
    await page.getByTestId('add-row-needs').click();

    // The stored answer stays YYYY-MM-DD; under the picker the day reads the Thai way.
    const thaiDate = page.getByTestId('thai-date-survey_date');
    await expect(thaiDate.textContent()).resolves.toBe(surveyPageTexts.client.noDate);
    await page.getByTestId('input-survey_date').fill('2027-02-28');
    await thaiDate.filter({ hasText: formatThaiDateKey('2027-02-28') }).waitFor();
    expect(formatThaiDateKey('2027-02-28')).toBe('28 กุมภาพันธ์ 2570');

    // Nothing wider than the screen: each row of the table is a card of its fields, one under another.
    await expect(scrollsSideways(page)).resolves.toBe(false);
    const cells = await page.getByTestId('input-needs').locator('tbody tr').first().locator('td').evaluateAll((tds) =>
      tds.map((td) => {
        const r = (td as unknown as { getBoundingClientRect(): { left: number; right: number; top: number } }).getBoundingClientRect();
        return { left: Math.round(r.left), right: r.right, top: r.top };
      }),
    );
    expect(cells).toHaveLength(5);
    expect(new Set(cells.map((c) => c.left)).size).toBe(1);
    expect(cells.every((c, i) => i === 0 || c.top > cells[i - 1]!.top)).toBe(true);
    expect(Math.max(...cells.map((c) => c.right))).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    // The column's name is shown over its field in the card.
    await expect(page.getByTestId('input-needs').locator('tbody tr').first().locator('.cell-label').first().isVisible()).resolves.toBe(true);
    await expect(smallTapTargets(page)).resolves.toEqual([]);

    // The date is kept, and read the Thai way when the page is opened again.
    for (let i = 0; i < 50 && (await getResponse(service.database.db, roundId, `school:${phoneSchoolId}`))?.answers.survey_date === undefined; i++) await page.waitForTimeout(100);
    expect((await getResponse(service.database.db, roundId, `school:${phoneSchoolId}`))!.answers.survey_date).toBe('2027-02-28');
    await page.reload();
    await page.getByTestId('thai-date-survey_date').filter({ hasText: '28 กุมภาพันธ์ 2570' }).waitFor();
    await expect(scrollsSideways(page)).resolves.toBe(false);
    // Only the browser's favicon is not found.
    expect(missing.filter((p) => p !== '/favicon.ico')).toEqual([]);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  }, 60_000);
});

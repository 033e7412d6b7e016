import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { listRooms } from '../../src/db/repos/room-bookings.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { officeFactory } from '../support/factories.ts';
import { liffPeople } from '../support/liff.ts';
import { pdfText } from '../support/pdf.ts';
import { startTestService } from '../support/service.ts';

/**
 * The report's LIFF page and its PDF, and a repair ticket's page (the job sheet's QR code opens it), over HTTP
 * with the emulator's ID tokens and in Chromium on a phone-sized screen: the area director, the deputies and
 * the group director see the report; anyone else is refused with nothing of it; a secret letter is only a count.
 */

const clock = bangkokTime('2027-04-05', '10:00');
const now = () => clock;
const at = (day: string, time = '09:00') => bangkokTime(day, time);
const SECRET_SUBJECT = 'เรื่องลับเฉพาะการสอบบรรจุครู';
const SECRET_FROM = 'หน่วยงานลับเฉพาะกิจ';

let service: RunningService;
let browser: Browser | undefined;
let people: ReturnType<typeof liffPeople>;
const who: Record<string, { userId: string; personId: number }> = {};
let ticketId = 0;

beforeAll(async () => {
  service = await startTestService({}, { now: now });
  people = liffPeople(service, now);
  for (const [key, role] of [
    ['area', 'area_director'],
    ['deputy', 'deputy_director'],
    ['group', 'group_director'],
    ['teacher', 'teacher'],
    ['technician', 'technician'],
    ['admin', 'admin'],
    ['clerk', 'saraban_clerk'],
  ] as const) {
    who[key] = await people.add(`คุณ${key}`, role);
  }
  const f = officeFactory(service.database.db);
  const school = await f.school('บ้านหนองบัวแดง', 'ภูเขียว');
  const other = await f.school('บ้านโคกสูง', 'เมือง');
  who.schoolTeacher = await people.add('ครูโรงเรียนนี้', 'teacher');
  who.otherTeacher = await people.add('ครูโรงเรียนอื่น', 'teacher');
  const { people: peopleTable } = await import('../../src/db/schema.ts');
  const { eq } = await import('drizzle-orm');
  await service.database.db.update(peopleTable).set({ schoolId: school }).where(eq(peopleTable.id, who.schoolTeacher.personId));
  await service.database.db.update(peopleTable).set({ schoolId: other }).where(eq(peopleTable.id, who.otherTeacher.personId));
  const categoryId = (await f.categories()).get('dltv_no_signal')!.id;
  ticketId = await f.ticket({ schoolId: school, reporterId: who.schoolTeacher.personId, categoryId, createdAt: at('2027-03-02'), status: 'new', description: 'ไม่มีสัญญาณ' });
  await f.ticket({ schoolId: other, reporterId: who.otherTeacher.personId, categoryId, createdAt: at('2027-03-03'), status: 'new' });
  await f.letter({ registeredBy: who.clerk!.personId, registeredAt: at('2027-03-02'), subject: 'ประชุมผู้บริหารสถานศึกษา' });
  await f.letter({ registeredBy: who.clerk!.personId, registeredAt: at('2027-03-03'), secrecy: 'secret', subject: SECRET_SUBJECT, fromName: SECRET_FROM, actBy: '2027-03-05' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service.stop();
});

describe('the report page', () => {
  it('shows the month to the area director, the deputies and the group director', async () => {
    for (const key of ['area', 'deputy', 'group']) {
      const res = await people.get(who[key]!.userId, '/reports/2027-03');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { period: string; sections: Array<{ id: string }> };
      expect(body.period).toBe('มีนาคม 2570');
      // The rooms section comes with rooms: the demo rooms of an empty embedded start, none on a server.
      const rooms = await listRooms(service.database.db, DEFAULT_OFFICE_ID);
      expect(body.sections.map((s) => s.id)).toEqual(['repairs', 'saraban', ...(rooms.length > 0 ? ['bookings'] : []), 'line-messages']);
    }
  });

  it('refuses everyone else, saying nothing of the report', async () => {
    for (const key of ['teacher', 'technician', 'admin', 'clerk']) {
      for (const route of ['/reports/2027-03', '/reports/2027-03/pdf']) {
        const res = await people.get(who[key]!.userId, route);
        expect(res.status).toBe(403);
        const text = await res.text();
        expect(text).not.toContain('งานซ่อม');
      }
    }
    expect((await fetch(`${service.url}/liff/api/reports/2027-03`)).status).toBe(401);
  });

  it('answers 404 for a period that has not begun or is no period', async () => {
    for (const key of ['2027-05', 'fy2571', '2027-13', 'march']) expect((await people.get(who.area!.userId, `/reports/${key}`)).status).toBe(404);
    expect((await people.get(who.area!.userId, '/reports/fy2570')).status).toBe(200);
  });

  it('offers the PDF, in which a secret letter is only a count', async () => {
    const res = await people.get(who.group!.userId, '/reports/2027-03/pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('รายงานผลการดำเนินงานประจำเดือน');
    expect(text).not.toContain(SECRET_SUBJECT);
    expect(text).not.toContain(SECRET_FROM);
    const json = await (await people.get(who.group!.userId, '/reports/2027-03')).text();
    expect(json).not.toContain(SECRET_SUBJECT);
    expect(json).not.toContain(SECRET_FROM);
  });

  it('reads on a phone, with its charts drawn, and downloads the PDF', async () => {
    browser = await launchBrowser();
    const token = await people.idToken(who.area!.userId);
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    const missing: string[] = [];
    page.on('response', (res) => void (res.status() === 404 && missing.push(new URL(res.url()).pathname)));
    await page.goto(`${service.url}/liff/reports/2027-03#idToken=${encodeURIComponent(token)}`);
    await page.getByTestId('title').waitFor();
    expect(await page.getByTestId('title').textContent()).toBe('รายงานผลการดำเนินงานประจำเดือน มีนาคม 2570');
    const charts = page.locator('figure.chart img');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    const drawn = await charts.evaluateAll((images) => images.map((img) => { const image = img as unknown as { complete: boolean; naturalWidth: number }; return image.complete && image.naturalWidth > 0; }));
    expect(drawn.every(Boolean)).toBe(true);
    // Nothing wider than the phone: tables scroll inside their own box.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    expect(await page.locator('body').textContent()).not.toContain(SECRET_SUBJECT);
    await saveScreenshot(page, 'report-page-phone');
    await page.getByTestId('pdf').click();
    await page.getByTestId('pdf-link').waitFor();
    // The browser asks for /favicon.ico on its own; nothing the page itself loads is missing.
    expect(missing.filter((p) => p !== '/favicon.ico')).toEqual([]);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });
});

describe('a repair ticket page', () => {
  it('shows the ticket to the office staff and to its school, with the job sheet for the staff', async () => {
    const staff = await people.get(who.technician!.userId, `/tickets/${ticketId}`);
    expect(staff.status).toBe(200);
    expect(await staff.json()).toMatchObject({ number: 'ซ่อม 2570/0001', jobSheet: true });
    const school = await people.get(who.schoolTeacher!.userId, `/tickets/${ticketId}`);
    expect(school.status).toBe(200);
    expect(await school.json()).toMatchObject({ jobSheet: false });
    expect((await people.get(who.schoolTeacher!.userId, `/tickets/${ticketId}/job-sheet`)).status).toBe(403);
    const sheet = await people.get(who.technician!.userId, `/tickets/${ticketId}/job-sheet`);
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    expect(await pdfText(Buffer.from(await sheet.arrayBuffer()))).toContain('ใบงานซ่อม');
  });

  it('refuses another school, and answers 404 for a ticket of no one', async () => {
    const res = await people.get(who.otherTeacher!.userId, `/tickets/${ticketId}`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('หนองบัวแดง');
    expect((await people.get(who.technician!.userId, '/tickets/999999')).status).toBe(404);
  });
});

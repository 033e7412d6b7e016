import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { getLetter, registerLetter } from '../../src/db/repos/letters.ts';
import { letterFormTexts } from '../../src/http/liff-messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT } from '../support/browser.ts';
import { liffPeople } from '../support/liff.ts';
import { startTestService } from '../support/service.ts';

/**
 * The secret letter's details form in Chromium, opened as the simulator opens LIFF links (the clerk's ID token
 * in the fragment): the clerk types ที่, from, to and subject, saves, and uploads a PDF; the page's CSP lets its
 * own script run and nothing else.
 */

const clock = new Date('2027-03-01T03:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
let service: RunningService;
let browser: Browser;
let clerk = { userId: '', personId: 0 };
let letterId = 0;

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  clerk = await liffPeople(service, () => clock).add('สมใจ ธุรการ', 'saraban_clerk');
  const letter = await registerLetter(
    service.database.db,
    {
      officeId: DEFAULT_OFFICE_ID, register: 'receive', docNo: null, docDate: '2027-02-25', fromName: null, toName: null, subject: null,
      kind: 'external', urgency: 'normal', actBy: null, secrecy: 'confidential', registeredBy: clerk.personId, mediaIds: [],
    },
    clock,
  );
  letterId = letter.id;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service.stop();
});

it('lets the clerk fill the details and upload a PDF on the page', async () => {
  const token = await liffPeople(service, () => clock).idToken(clerk.userId);
  const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
  const missing: string[] = [];
  page.on('response', (res) => void (res.status() === 404 && missing.push(new URL(res.url()).pathname)));
  await page.goto(`${service.url}/liff/letters/receive-2570-1/details-form#idToken=${encodeURIComponent(token)}`);
  await page.getByTestId('subject').waitFor();
  expect(page.url()).not.toContain('idToken');
  await page.getByTestId('docNo').fill('ลข 0001/2570');
  await page.getByTestId('fromName').fill('หน่วยงานต้นเรื่อง');
  await page.getByTestId('toName').fill('ผู้อำนวยการ');
  await page.getByTestId('subject').fill('เรื่องลับทดสอบหน้าเว็บ');
  await page.getByTestId('save').click();
  await page.getByTestId('saved').filter({ hasText: letterFormTexts.saved }).waitFor();
  await page.getByTestId('file-input').setInputFiles({ name: 'ไฟล์ลับ.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByTestId('files').getByText('ไฟล์ลับ.pdf').waitFor();
  expect(await getLetter(service.database.db, DEFAULT_OFFICE_ID, letterId)).toMatchObject({
    docNo: 'ลข 0001/2570',
    fromName: 'หน่วยงานต้นเรื่อง',
    toName: 'ผู้อำนวยการ',
    subject: 'เรื่องลับทดสอบหน้าเว็บ',
    attachmentCount: 1,
  });
  // The browser asks for a favicon the service does not have; nothing else may be missing or fail.
  expect(missing.filter((p) => p !== '/favicon.ico')).toEqual([]);
  expect(errors.filter((e) => !(e.includes('404') && missing.every((p) => p === '/favicon.ico')))).toEqual([]);
}, 60_000);

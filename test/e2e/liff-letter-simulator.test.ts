import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startService, type RunningService } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { registerLetter, updateLetter } from '../../src/db/repos/letters.ts';
import { saveMedia } from '../../src/db/repos/media.ts';
import { letterPageTexts } from '../../src/http/liff-messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { letterPageUrl } from '../../src/line/liff.ts';
import { letterHeadline } from '../../src/domain/saraban/view.ts';
import { createLogger } from '../../src/logger.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { createTestDatabase } from '../support/database.ts';
import { liffPeople } from '../support/liff.ts';

/**
 * A secret letter's details, opened from a chat card on the chat simulator page in Chromium: the card's
 * "เปิดดูรายละเอียด" button opens the letter's LIFF page with the simulated user's identity. The assignee sees
 * the subject and can fetch the file; another member of staff gets the refusal. The card is pushed here as
 * the bot pushes it (only the headline and a link in the chat).
 */

const clock = new Date('2027-03-01T03:00:00Z');
const now = () => clock;
const SUBJECT = 'ขอให้สอบข้อเท็จจริงกรณีร้องเรียนครูโรงเรียนบ้านนาดี';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let service: RunningService;
let browser: Browser;
let people: ReturnType<typeof liffPeople>;
let channelToken = '';
let assignee = { userId: '', personId: 0 };
let staff = { userId: '', personId: 0 };
let letterId = 0;
let headline = '';

async function pushCard(to: string): Promise<void> {
  const uri = letterPageUrl(service.liff, letterId)!;
  const res = await fetch(`${service.url}/v2/bot/message/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${channelToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      to,
      messages: [
        {
          type: 'flex',
          altText: headline,
          contents: {
            type: 'bubble',
            body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: headline, wrap: true, weight: 'bold' }] },
            footer: {
              type: 'box',
              layout: 'vertical',
              contents: [{ type: 'button', style: 'primary', action: { type: 'uri', label: 'เปิดดูรายละเอียด', uri } }],
            },
          },
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
}

/** Opens the simulator as the user, taps the card's button and returns the LIFF page that opened. */
async function openFromCard(page: Page, userId: string): Promise<Page> {
  await page.goto(`${service.url}/emulator/#user=${userId}`);
  const button = page.locator('.fx-button', { hasText: 'เปิดดูรายละเอียด' }).last();
  await button.waitFor();
  const popup = page.context().waitForEvent('page');
  await button.click();
  const opened = await popup;
  await opened.waitForURL(/\/liff\/letters\//);
  await opened.waitForLoadState('domcontentloaded');
  return opened;
}

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-liff-e2e-'));
  const logger = createLogger('silent');
  service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { database: await createTestDatabase(logger), logger, now });
  channelToken = (JSON.parse(await readFile(path.join(dataDir, 'local-line-channel.json'), 'utf8')) as { channelAccessToken: string }).channelAccessToken;
  people = liffPeople(service, now);
  const clerk = await people.add('สมใจ ธุรการ', 'saraban_clerk');
  assignee = await people.add('ประเสริฐ นักวิชาการ', 'technician');
  staff = await people.add('สมศักดิ์ ธุรการ', 'saraban_clerk');

  const db = service.database.db;
  const media = await saveMedia(
    db,
    { officeId: DEFAULT_OFFICE_ID, purpose: 'attachment', lineMessageId: 'e2e-1', uploadedBy: clerk.personId, contentType: 'application/pdf', fileName: 'ร้องเรียน.pdf', content: PDF },
    clock,
  );
  const letter = await registerLetter(
    db,
    {
      officeId: DEFAULT_OFFICE_ID,
      register: 'receive',
      docNo: 'ศธ 04001/ลับ 12',
      docDate: '2027-02-25',
      fromName: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
      toName: 'ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา',
      subject: SUBJECT,
      kind: 'external',
      urgency: 'urgent',
      actBy: '2027-03-10',
      secrecy: 'secret',
      registeredBy: clerk.personId,
      mediaIds: [media.id],
    },
    clock,
  );
  letterId = letter.id;
  headline = letterHeadline(letter);
  await updateLetter(db, DEFAULT_OFFICE_ID, letterId, letter.version, { status: 'assigned', assigneeId: assignee.personId, assignedAt: clock, instruction: 'ตรวจสอบและรายงาน' }, clock);
  await pushCard(assignee.userId);
  await pushCard(staff.userId);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

describe('a secret letter opened from the chat simulator', () => {
  it('the chat card itself shows only the headline', () => {
    expect(headline).toBe('หนังสือลับ รับที่ 1/2570');
  });

  it('opens for the assignee with the subject and the file, and the token leaves the address bar', async () => {
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    const liffPage = await openFromCard(page, assignee.userId);
    const pageErrors: string[] = [];
    liffPage.on('pageerror', (e) => pageErrors.push(e.message));
    await liffPage.locator('[data-testid=subject]').waitFor();
    expect(await liffPage.locator('[data-testid=subject]').textContent()).toBe(SUBJECT);
    expect(await liffPage.locator('[data-testid=number]').textContent()).toBe('รับที่ 1/2570');
    expect(await liffPage.locator('[data-testid=assignee]').textContent()).toBe('ประเสริฐ นักวิชาการ');
    expect(await liffPage.locator('.badge.secret').textContent()).toContain('ลับมาก');
    expect(new URL(liffPage.url()).hash).toBe('');
    await saveScreenshot(liffPage, 'liff-letter-assignee');

    const download = liffPage.waitForEvent('download');
    await liffPage.locator('button.file', { hasText: 'ร้องเรียน.pdf' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('ร้องเรียน.pdf');
    const saved = await file.path();
    expect((await readFile(saved)).equals(PDF)).toBe(true);
    await liffPage.locator('[data-testid=file-link]').waitFor();

    // A reload in the same tab keeps the identity (sessionStorage), without a token in the address.
    await liffPage.reload();
    await liffPage.locator('[data-testid=subject]').waitFor();
    expect(pageErrors).toEqual([]);
    expect(errors.filter((e) => !/ERR_|Failed to load resource/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('refuses another member of staff and shows nothing of the letter', async () => {
    const { page } = await openPage(browser, PHONE_VIEWPORT);
    const liffPage = await openFromCard(page, staff.userId);
    const notice = liffPage.locator('[data-testid=notice]');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(letterPageTexts.forbidden);
    expect(await liffPage.content()).not.toContain(SUBJECT);
    await saveScreenshot(liffPage, 'liff-letter-refused');
    await page.context().close();
  });

  it('opened outside the simulator (no identity), the page asks to be opened from LINE', async () => {
    const { page } = await openPage(browser, PHONE_VIEWPORT);
    await page.goto(`${service.url}/liff/letters/${letterId}`);
    const notice = page.locator('[data-testid=notice]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('LINE');
    await page.context().close();
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { findItemByAssetTag } from '../../src/db/repos/loan-desk.ts';
import { upsertItem } from '../../src/db/repos/loan-inventory.ts';
import { getMediaInfo, saveMedia } from '../../src/db/repos/media.ts';
import { auditLog, loanItems, offices } from '../../src/db/schema.ts';
import { DEMO_INVENTORY_CSV } from '../../src/flows/loans/demo.ts';
import { importInventoryCsv } from '../../src/flows/loans/inventory-csv.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { chatDriver } from '../support/chat.ts';
import type { ConversationEntry } from '../support/service.ts';
import { liffPeople } from '../support/liff.ts';
import { bandsPng } from '../support/png.ts';
import { testClock } from '../support/test-clock.ts';
import { startTestService } from '../support/service.ts';

/**
 * An item's page, opened by the QR code on its label (`/liff/loan-items/<id>`), and its chat card: what the item
 * is, where it is now and, for the office's staff, its history. Only people of the item's office (an item of
 * another office is not found), no guests; on a phone in Chromium; a technician who types the ครุภัณฑ์ number or
 * pastes the label's link gets the item as a card, and a teacher is refused the desk.
 */

const clock = testClock('2027-05-03', '09:00');
let service: RunningService;
let browser: Browser | undefined;
let people: ReturnType<typeof liffPeople>;
let chat: ReturnType<typeof chatDriver>;
const who: Record<string, { userId: string; personId: number }> = {};
let projectorId = 0;
let otherOfficeItemId = 0;

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  people = liffPeople(service, clock.now);
  chat = chatDriver(service);
  const db = service.database.db;
  await importInventoryCsv(db, DEFAULT_OFFICE_ID, await readFile(DEMO_INVENTORY_CSV, 'utf8'), clock.now());
  const projector = (await findItemByAssetTag(db, DEFAULT_OFFICE_ID, 'DEMO-PJ-001'))!;
  projectorId = projector.id;
  const photo = await saveMedia(db, { officeId: DEFAULT_OFFICE_ID, purpose: 'loan_item', lineMessageId: 'photo-1', uploadedBy: null, contentType: 'image/png', content: bandsPng(60, 40, [[200, 30, 30], [30, 30, 200]]) }, clock.now());
  await db.update(loanItems).set({ photoMediaId: photo.id }).where(eq(loanItems.id, projectorId));
  await db.insert(offices).values({ id: 'other-office', name: 'สพป. อื่น' }).onConflictDoNothing();
  otherOfficeItemId = (
    await upsertItem(db, 'other-office', { assetTag: 'OTHER-1', typeName: 'โปรเจกเตอร์ของที่อื่น', category: 'projector', model: null, serialNumber: null, condition: 'good', location: 'ที่อื่น', lendable: true, retired: false, note: null }, clock.now())
  ).id;
  for (const [key, role] of [
    ['technician', 'technician'],
    ['group', 'group_director'],
    ['teacher', 'teacher'],
    ['guest', 'guest'],
  ] as const) {
    who[key] = await people.add(`คุณ${key}`, role);
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service.stop();
});

interface ItemView {
  title: string;
  assetTag: string;
  status: string;
  whereabouts: string;
  fields: Array<[string, string]>;
  photoUrl: string | null;
  history: Array<{ action: string }> | null;
}

describe('the item page', () => {
  it('shows the office staff what the item is, where it is kept and its history', async () => {
    for (const key of ['technician', 'group']) {
      const res = await people.get(who[key]!.userId, `/loan-items/${projectorId}`);
      expect(res.status).toBe(200);
      const item = (await res.json()) as ItemView;
      expect(item.assetTag).toBe('DEMO-PJ-001');
      expect(item.title).toBe('โปรเจกเตอร์ (สาธิต)');
      expect(item.status).toBe('พร้อมให้ยืม');
      expect(item.whereabouts).toBe('อยู่ที่สำนักงาน (ห้อง ICT ตู้ 1)');
      expect(item.fields).toEqual(expect.arrayContaining([['ยี่ห้อ/รุ่น', 'Epson EB-X51'], ['หมายเลขเครื่อง', 'DEMO-SN-PJ1'], ['สภาพ', 'ดี']]));
      expect(item.photoUrl).toMatch(/\/media\/.+\?exp=\d+&sig=/);
      expect(item.history?.map((e) => e.action)).toEqual(['ลงทะเบียนครุภัณฑ์']);
    }
  });

  it('shows a teacher the item and where it is, not who had it', async () => {
    const res = await people.get(who.teacher!.userId, `/loan-items/${projectorId}`);
    expect(res.status).toBe(200);
    const item = (await res.json()) as ItemView;
    expect(item.whereabouts).toBe('อยู่ที่สำนักงาน (ห้อง ICT ตู้ 1)');
    expect(item.history).toBeNull();
  });

  it('refuses a guest, an unidentified viewer, and shows nothing of another office', async () => {
    const guest = await people.get(who.guest!.userId, `/loan-items/${projectorId}`);
    expect(guest.status).toBe(403);
    expect(await guest.text()).not.toContain('DEMO-PJ-001');
    expect((await fetch(`${service.url}/liff/api/loan-items/${projectorId}`)).status).toBe(401);
    const other = await people.get(who.technician!.userId, `/loan-items/${otherOfficeItemId}`);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain('OTHER-1');
    expect((await people.get(who.technician!.userId, '/loan-items/99999')).status).toBe(404);
    expect((await people.get(who.technician!.userId, '/loan-items/abc')).status).toBe(404);
  });

  it('reads on a phone: the photo drawn, nothing wider than the screen', async () => {
    browser = await launchBrowser();
    const token = await people.idToken(who.technician!.userId);
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    await page.goto(`${service.url}/liff/loan-items/${projectorId}#idToken=${encodeURIComponent(token)}`);
    await page.getByTestId('title').waitFor();
    expect(await page.getByTestId('asset-tag').textContent()).toBe('เลขครุภัณฑ์ DEMO-PJ-001');
    expect(await page.getByTestId('whereabouts').textContent()).toBe('อยู่ที่สำนักงาน (ห้อง ICT ตู้ 1)');
    expect(await page.getByTestId('history').textContent()).toContain('ลงทะเบียนครุภัณฑ์');
    const drawn = await page.getByTestId('photo').evaluate((img) => {
      const image = img as unknown as { complete: boolean; naturalWidth: number };
      return image.complete && image.naturalWidth > 0;
    });
    expect(drawn).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await saveScreenshot(page, 'loan-item-page-phone');
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });
});

const flexText = (entries: ConversationEntry[]) => JSON.stringify(entries.map((e) => e.message));

describe('an item in the chat', () => {
  it('comes as a card when a technician types its ครุภัณฑ์ number or pastes its label link', async () => {
    const typed = await chat.say(who.technician!.userId, 'demo-pj-001');
    expect(typed.text).toContain('ครุภัณฑ์ DEMO-PJ-001');
    expect(flexText(typed.entries)).toContain('อยู่ที่สำนักงาน (ห้อง ICT ตู้ 1)');
    expect(flexText(typed.entries)).toContain(`/liff/loan-items/${projectorId}`);
    const pasted = await chat.say(who.technician!.userId, `https://liff.line.me/1234567890-abcdefgh/loan-items/${projectorId}`);
    expect(pasted.text).toContain('ครุภัณฑ์ DEMO-PJ-001');
    const unknown = await chat.say(who.technician!.userId, 'DEMO-XX-999');
    expect(unknown.text).toBe('ไม่พบครุภัณฑ์เลข "DEMO-XX-999" ของสำนักงานค่ะ');
    // Another office's item is unknown here too.
    const other = await chat.say(who.technician!.userId, 'OTHER-1');
    expect(other.text).toContain('ไม่พบครุภัณฑ์');
  });

  it('a technician gives an item its photo from the card: the next picture sent', async () => {
    const card = await chat.say(who.technician!.userId, 'DEMO-PJ-002');
    await chat.tapIn(who.technician!.userId, card.entries, 'ถ่ายรูปครุภัณฑ์');
    await chat.emulator.call('POST', `/users/${who.technician!.userId}/messages`, { type: 'image', contentBase64: bandsPng(30, 20, [[0, 0, 0]]).toString('base64'), contentType: 'image/png' });
    await chat.settle();
    expect((await chat.inbox(who.technician!.userId)).text).toBe('บันทึกรูปของ DEMO-PJ-002 แล้วค่ะ');
    const item = (await findItemByAssetTag(service.database.db, DEFAULT_OFFICE_ID, 'DEMO-PJ-002'))!;
    const media = (await getMediaInfo(service.database.db, DEFAULT_OFFICE_ID, item.photoMediaId!))!;
    expect(media).toMatchObject({ ownerType: 'loan_item', ownerId: item.id, contentType: 'image/png' });
    const view = (await (await people.get(who.technician!.userId, `/loan-items/${item.id}`)).json()) as ItemView;
    expect(view.photoUrl).toMatch(/\/media\//);
    expect(view.history?.map((e) => e.action)).toEqual(['ลงทะเบียนครุภัณฑ์', 'เปลี่ยนรูป']);
  });

  it('refuses the desk to a teacher, and records the refusal', async () => {
    const tile = await chat.say(who.teacher!.userId, 'คืนอุปกรณ์/ยืม');
    expect(tile.text).toContain('ขออภัยค่ะ');
    const denials = await service.database.db.select().from(auditLog).where(eq(auditLog.action, 'permission_denied'));
    expect(denials.length).toBeGreaterThan(0);
    // A teacher typing a ครุภัณฑ์ number gets no card.
    const typed = await chat.say(who.teacher!.userId, 'DEMO-PJ-001');
    expect(typed.text).not.toContain('ครุภัณฑ์ DEMO-PJ-001');
  });
});

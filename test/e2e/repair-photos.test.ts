import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { botMessages } from '../../src/bot/messages.ts';
import { FLEX_LIMITS } from '../../src/line/flex-limits.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { repairWorkLabels as L } from '../../src/flows/repair-work/messages.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { actionsIn, chatDriver, dataOf, loadDemoSchools } from '../support/chat.ts';
import { bandsPng } from '../support/png.ts';
import { reportRepairInChat } from '../support/repair-chat.ts';
import { startTestService, type ConversationEntry } from '../support/service.ts';

/**
 * The photos a teacher sends with a report reach the office: the ticket card and the งานใหม่ / งานของฉัน
 * carousels show the first one on top (a signed, expiring link to the kept copy), and ดูรูปทั้งหมด sends them all.
 */

const PHOTO_A = bandsPng(120, 80, [[200, 40, 40], [40, 40, 200]]);
const PHOTO_B = bandsPng(100, 100, [[20, 160, 60]]);

type Flex = { type: string; contents: { type: string; hero?: { url: string }; contents?: Array<{ hero?: { url: string } }> } };

/** The hero image links of the flex messages in the entries, bubble by bubble (undefined: none). */
function heroes(entries: ConversationEntry[]): Array<string | undefined> {
  const out: Array<string | undefined> = [];
  for (const entry of entries) {
    if (entry.message.type !== 'flex') continue;
    const { contents } = entry.message as unknown as Flex;
    if (contents.type === 'bubble') out.push(contents.hero?.url);
    else for (const bubble of contents.contents ?? []) out.push(bubble.hero?.url);
  }
  return out;
}

async function fetchBytes(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('photos of a repair ticket for the office', () => {
  let service: RunningService;
  let chat: ReturnType<typeof chatDriver>;
  let teacher: string;
  let technician: string;
  let number: string;
  let heroUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    service = await startTestService();
    chat = chatDriver(service);
    await loadDemoSchools(service);
    teacher = await chat.registerTeacher('ครูส่งรูป ชัดเจน');
    technician = await chat.registerInvited('ช่างดูรูป ตาไว', 'technician');
    await chat.inbox(technician);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('the technician’s alert card shows the school’s first photo, served from the kept copy through a signed link', async () => {
    ({ number } = await reportRepairInChat(chat, teacher, { description: 'จานดาวเทียมเอียงหลังพายุ', photos: [PHOTO_A, PHOTO_B], contentType: 'image/png' }));
    const alert = await chat.inbox(technician);
    const [hero] = heroes(alert.entries);
    expect(hero).toBeDefined();
    heroUrl = hero!;
    expect(heroUrl.startsWith(`${service.url}/media/`)).toBe(true);
    expect(heroUrl).toMatch(/\?exp=\d+&sig=[\w-]+$/);
    const served = await fetchBytes(heroUrl);
    expect(served.status).toBe(200);
    expect(served.type).toBe('image/png');
    expect(served.bytes.equals(PHOTO_A)).toBe(true);
    expect(actionsIn(alert.entries).map((a) => a.label)).toContain(L.photos(2));
  });

  it('a link with a wrong signature, or made for another file, is refused and shows nothing', async () => {
    const url = new URL(heroUrl);
    const sig = url.searchParams.get('sig')!;
    const forged = new URL(url);
    forged.searchParams.set('sig', `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    const wrongSig = await fetchBytes(forged.toString());
    expect(wrongSig.status).toBe(403);
    expect(wrongSig.bytes.includes(PHOTO_A.subarray(0, 16))).toBe(false);

    const otherFile = new URL(url);
    otherFile.pathname = otherFile.pathname.replace(/\/(\d+)$/, (_m, id: string) => `/${Number(id) + 1}`);
    expect((await fetchBytes(otherFile.toString())).status).toBe(403);
    const later = new URL(url);
    later.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));
    expect((await fetchBytes(later.toString())).status).toBe(403);
    const bare = new URL(url);
    bare.search = '';
    expect((await fetchBytes(bare.toString())).status).toBe(403);
  });

  it('งานใหม่ shows the photo on the ticket that has one; ดูรูปทั้งหมด sends every photo as an image', async () => {
    await reportRepairInChat(chat, teacher, { group: 'computer', kind: 'เครื่องพิมพ์', description: 'เครื่องพิมพ์กระดาษติด' });
    await chat.inbox(technician);
    const list = await chat.say(technician, MENU_COMMANDS.newJobs);
    const flex = list.entries.find((e) => e.message.type === 'flex')!;
    // Urgent first: both are urgent, so oldest first: the ticket with photos leads, the other has no picture.
    const shown = heroes([flex]);
    expect(shown).toHaveLength(2);
    expect(shown[0]).toBeDefined();
    expect(shown[1]).toBeUndefined();
    expect(Buffer.byteLength(JSON.stringify(flex.message))).toBeLessThan(FLEX_LIMITS.carouselBytes);

    const all = await chat.tapData(technician, dataOf([flex], L.photos(2)));
    expect(all.entries.map((e) => e.via)).toEqual(['reply', 'reply', 'reply']);
    expect(all.entries[0]!.message.text).toContain(number);
    const images = all.entries.slice(1).map((e) => e.message as unknown as { type: string; originalContentUrl: string; previewImageUrl: string });
    expect(images.map((i) => i.type)).toEqual(['image', 'image']);
    const bytes = await Promise.all(images.map(async (i) => (await fetchBytes(i.originalContentUrl)).bytes));
    expect(bytes[0]!.equals(PHOTO_A)).toBe(true);
    expect(bytes[1]!.equals(PHOTO_B)).toBe(true);
    expect(images.every((i) => i.previewImageUrl === i.originalContentUrl)).toBe(true);
  });

  it('a teacher may not ask for the office’s photo list: the permission is checked on the server', async () => {
    const list = await chat.say(technician, MENU_COMMANDS.newJobs);
    const denied = await chat.tapData(teacher, dataOf(list.entries, L.photos(2)));
    expect(denied.text).toContain('ยังไม่มีสิทธิ์');
    expect(denied.entries.every((e) => e.message.type === 'text')).toBe(true);
    expect(denied.text).not.toBe(botMessages.buttonNoLongerValid);
  });

  it('on a phone-sized simulator page the technician sees the photo on the card and the images in the chat', async () => {
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    await page.goto(`${service.url}/emulator/#user=${technician}`);
    await page.locator('#chat-sub', { hasText: 'ช่างดูรูป ตาไว' }).waitFor();
    // The latest card with a photo (images load lazily, as a phone would: it is scrolled into view).
    const heroImage = page.locator('.fx-bubble .fx-hero img.fx-img').last();
    await heroImage.waitFor({ state: 'attached' });
    await heroImage.scrollIntoViewIfNeeded();
    const naturalWidth = () => heroImage.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth);
    for (let i = 0; i < 100 && (await naturalWidth()) === 0; i++) await page.waitForTimeout(100);
    expect(await naturalWidth()).toBe(120);
    const picture = page.locator('.row.bot img.picture-img').last();
    await picture.scrollIntoViewIfNeeded();
    await picture.waitFor();
    await saveScreenshot(page, 'repair-photos-technician');
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('a link stops working once it has expired (410), by the service clock', async () => {
    expect((await fetchBytes(heroUrl)).status).toBe(200);
    const moved = await fetch(`${service.url}/emulator/api/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMinutes: 15 * 24 * 60 }),
    });
    expect(moved.status).toBe(200);
    const expired = await fetchBytes(heroUrl);
    expect(expired.status).toBe(410);
    expect(expired.bytes.includes(PHOTO_A.subarray(0, 16))).toBe(false);
    // A card drawn now carries a fresh link.
    const list = await chat.say(technician, MENU_COMMANDS.newJobs);
    const [fresh] = heroes(list.entries);
    expect(fresh).not.toBe(heroUrl);
    expect((await fetchBytes(fresh!)).bytes.equals(PHOTO_A)).toBe(true);
  });
});

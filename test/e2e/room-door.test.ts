import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { insertBooking, listRooms, setBookingState } from '../../src/db/repos/room-bookings.ts';
import { rooms } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { doorTexts as D, roomDoorLink } from '../../src/flows/bookings/room-door.ts';
import { importRoomsCsv } from '../../src/flows/bookings/rooms-csv.ts';
import { bookingLabels as L } from '../../src/flows/bookings/messages.ts';
import { chatDriver } from '../support/chat.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { launchBrowser, openPage, saveScreenshot } from '../support/browser.ts';
import { officeFactory } from '../support/factories.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * A room's door page on a tablet (a real browser at tablet size): today's bookings of that room only (times and
 * states, never a title or a booker), what is on now and what is next, and the room's check-in QR code; opened by
 * the signed link of the room's card in จัดการห้อง, a forged or another room's link refused.
 */

// Tuesday 8 December 2026, 10:15 in Bangkok.
const clock = testClock('2026-12-08', '10:15');
const TABLET = { width: 1024, height: 768 };
let service: RunningService;
let browser: Browser;
const db = () => service.database.db;
let link = '';
let otherLink = '';

beforeAll(async () => {
  service = await startTestService({ LINE_OA_BASIC_ID: '@esatest' }, { now: clock.now });
  browser = await launchBrowser();
  await db().delete(rooms);
  await importRoomsCsv(db(), DEFAULT_OFFICE_ID, 'ชื่อห้อง,ความจุ,สถานที่\nห้องประชุมหน้าจอ,20,อาคาร 3 ชั้น 2\nห้องข้างเคียง,10,อาคาร 1\n', clock.now());
  const [room, other] = ['ห้องประชุมหน้าจอ', 'ห้องข้างเคียง'];
  const list = await listRooms(db(), DEFAULT_OFFICE_ID);
  const door = list.find((r) => r.name === room)!;
  const side = list.find((r) => r.name === other)!;
  const booker = await officeFactory(db()).person('ครูผู้จองหน้าจอ', 'teacher');
  const book = async (roomId: number, from: string, to: string, title: string, state: 'tentative' | 'confirmed' = 'confirmed', day = '2026-12-08') => {
    const made = await insertBooking(db(), { officeId: DEFAULT_OFFICE_ID, roomId, bookerId: booker.id, title, people: 5, needs: [], startsAt: bangkokTime(day, from), endsAt: bangkokTime(day, to), state }, clock.now());
    if (!made.ok) throw new Error('not booked');
    return made.id;
  };
  await book(door.id, '08:00', '09:00', 'ประชุมเช้าลับ');
  await book(door.id, '10:00', '11:00', 'ประชุมตอนนี้ลับ');
  await book(door.id, '13:00', '14:30', 'ประชุมบ่ายลับ', 'tentative');
  const cancelled = await book(door.id, '15:00', '16:00', 'ยกเลิกแล้ว');
  await setBookingState(db(), DEFAULT_OFFICE_ID, cancelled, 1, { state: 'cancelled' }, clock.now());
  await book(door.id, '09:00', '10:00', 'พรุ่งนี้', 'confirmed', '2026-12-09');
  await book(side.id, '11:00', '12:00', 'ห้องอื่น');
  link = roomDoorLink(door, clock.now())!;
  otherLink = roomDoorLink(side, clock.now())!;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

describe('a room’s door page', () => {
  it('on a tablet: the room, now (10:00–11:00) and next (13:00–14:30), today’s bookings of that room only with their states, and its QR code', async () => {
    expect(link).toMatch(/\/room\/default\/\d+\?exp=\d+&sig=/);
    const { page, errors } = await openPage(browser, TABLET);
    const res = await page.goto(link);
    expect(res?.status()).toBe(200);
    expect(await page.textContent('#room')).toBe('ห้องประชุมหน้าจอ');
    expect(await page.textContent('#now')).toBe(`${D.now} 10:00–11:00 น.`);
    expect(await page.textContent('#next')).toBe(`${D.next}: 13:00–14:30 น.`);
    const rows = await page.$$eval('#today li', (lis) => lis.map((li) => li.textContent));
    expect(rows).toEqual([`08:00–09:00 น.${D.booked}`, `10:00–11:00 น.${D.booked}`, `13:00–14:30 น.${D.tentative}`]);
    const body = (await page.textContent('body'))!;
    for (const secret of ['ลับ', 'ครูผู้จองหน้าจอ', 'ห้องอื่น', 'ยกเลิกแล้ว', 'พรุ่งนี้']) expect(body).not.toContain(secret);
    expect(body).toContain('8 ธันวาคม 2569');
    // The QR code is drawn, and the page fits the tablet without scrolling sideways.
    const qr = await page.$('#qr svg');
    expect(qr).not.toBeNull();
    const box = (await qr!.boundingBox())!;
    expect(box.width).toBeGreaterThan(150);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(TABLET.width);
    await saveScreenshot(page, 'room-door-tablet');
    expect(errors).toEqual([]);
  });

  it('an admin takes the link from the room’s card in จัดการห้อง (หน้าจอหน้าห้อง); it opens that room’s page', async () => {
    const chat = chatDriver(service);
    const admin = await chat.registerInvited('ผู้ดูแลหน้าจอห้อง', 'admin', clock.now());
    const list = await chat.say(admin, 'จัดการห้อง');
    const uris: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const action = (node as { action?: { type?: string; label?: string; uri?: string } }).action;
      if (action?.type === 'uri' && action.label === L.doorPage && action.uri) uris.push(action.uri);
      Object.values(node).forEach(walk);
    };
    list.entries.forEach((e) => walk(e.message));
    expect(uris).toHaveLength(2);
    const { page } = await openPage(browser, TABLET);
    const names: string[] = [];
    for (const uri of uris) {
      await page.goto(uri);
      names.push((await page.textContent('#room'))!);
    }
    expect(names.sort()).toEqual(['ห้องข้างเคียง', 'ห้องประชุมหน้าจอ']);
  });

  it('a forged link is refused; each room’s link opens that room only', async () => {
    expect((await fetch(link.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(403);
    const otherId = /\/room\/default\/(\d+)/.exec(otherLink)![1]!;
    expect((await fetch(link.replace(/\/room\/default\/\d+/, `/room/default/${otherId}`))).status).toBe(403);
    const { page } = await openPage(browser, TABLET);
    await page.goto(otherLink);
    expect(await page.textContent('#room')).toBe('ห้องข้างเคียง');
    expect(await page.textContent('#now')).toBe(D.free);
    expect(await page.textContent('#next')).toBe(`${D.next}: 11:00–12:00 น.`);
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { insertBooking, listRooms } from '../../src/db/repos/room-bookings.ts';
import { offices, rooms } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import type { RoomsDayView, RoomsWeekView } from '../../src/flows/bookings/day-view.ts';
import { importRoomsCsv } from '../../src/flows/bookings/rooms-csv.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { liffPeople } from '../support/liff.ts';
import { testClock } from '../support/test-clock.ts';
import { startTestService } from '../support/service.ts';

/**
 * The rooms' page (`/liff/rooms?date=…`): every room of the viewer's office on a day, slot by slot — free, taken
 * (no title or name of someone else's), the viewer's own with its title, past — read-only, on a phone in Chromium.
 */

// Monday 7 December 2026, 10:15.
const clock = testClock('2026-12-07', '10:15');
let service: RunningService;
let browser: Browser | undefined;
let people: ReturnType<typeof liffPeople>;
const who: Record<string, { userId: string; personId: number }> = {};

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  people = liffPeople(service, clock.now);
  const db = service.database.db;
  await db.delete(rooms);
  await importRoomsCsv(db, DEFAULT_OFFICE_ID, 'ชื่อห้อง,ความจุ,สถานที่\nห้องประชุมเล็ก,10,อาคาร 1\nห้องประชุมใหญ่,40,อาคาร 2\n', clock.now());
  await db.insert(offices).values({ id: 'other-office', name: 'สพป. อื่น' }).onConflictDoNothing();
  await importRoomsCsv(db, 'other-office', 'ชื่อห้อง\nห้องของเขตอื่น\n', clock.now());
  for (const [key, role] of [
    ['teacher', 'teacher'],
    ['other', 'teacher'],
    ['guest', 'guest'],
  ] as const) {
    who[key] = await people.add(`คุณ${key}`, role);
  }
  const [small, big] = await listRooms(db, DEFAULT_OFFICE_ID);
  const book = (roomId: number, bookerId: number, from: string, to: string, title: string) =>
    insertBooking(db, { officeId: DEFAULT_OFFICE_ID, roomId, bookerId, title, people: 3, needs: [], startsAt: bangkokTime('2026-12-07', from), endsAt: bangkokTime('2026-12-07', to), state: 'confirmed' }, clock.now());
  await book(small!.id, who.teacher!.personId, '13:30', '14:30', 'ประชุมของฉัน');
  await book(big!.id, who.other!.personId, '10:30', '12:30', 'ประชุมลับของคนอื่น');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await service.stop();
});

describe('the rooms’ page', () => {
  it('shows every room of the office on the day, slot by slot: past, free, taken (no one else’s title), the viewer’s own with its title', async () => {
    const res = await people.get(who.teacher!.userId, '/rooms-day');
    expect(res.status).toBe(200);
    const view = (await res.json()) as RoomsDayView;
    expect(view).toMatchObject({ date: '2026-12-07', label: '7 ธันวาคม 2569', previous: '2026-12-06', next: '2026-12-08', today: '2026-12-07' });
    expect(view.rooms.map((r) => r.name)).toEqual(['ห้องประชุมเล็ก', 'ห้องประชุมใหญ่']);
    const slot = (room: number, from: string) => view.rooms[room]!.slots.find((s) => s.from === from)!;
    expect(slot(0, '08:30').state).toBe('past');
    expect(slot(0, '10:30').state).toBe('free');
    expect(slot(0, '13:30')).toEqual({ from: '13:30', to: '14:30', state: 'mine', title: 'ประชุมของฉัน' });
    expect(slot(1, '10:30')).toEqual({ from: '10:30', to: '11:30', state: 'taken' });
    expect(slot(1, '11:30').state).toBe('taken');
    expect(JSON.stringify(view)).not.toContain('ประชุมลับของคนอื่น');
    expect(JSON.stringify(view)).not.toContain('ห้องของเขตอื่น');
    // Saturday: no room is open.
    const saturday = (await (await people.get(who.teacher!.userId, '/rooms-day?date=2026-12-12')).json()) as RoomsDayView;
    expect(saturday.rooms.every((r) => r.slots.length === 0)).toBe(true);
    expect((await people.get(who.teacher!.userId, '/rooms-day?date=2026-13-40')).status).toBe(400);
    expect((await people.get(who.guest!.userId, '/rooms-day')).status).toBe(403);
  });

  it('reads on a phone, and pages by day', async () => {
    browser = await launchBrowser();
    const token = await people.idToken(who.teacher!.userId);
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    await page.goto(`${service.url}/liff/rooms?date=2026-12-07#idToken=${encodeURIComponent(token)}`);
    await page.getByTestId('room').first().waitFor();
    expect(await page.getByTestId('date').textContent()).toBe('7 ธันวาคม 2569');
    expect(await page.locator('[data-state="mine"]').count()).toBe(1);
    expect(await page.locator('[data-state="taken"]').count()).toBe(2);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await saveScreenshot(page, 'rooms-day-phone');
    await page.getByTestId('next').click();
    await page.getByTestId('date').filter({ hasText: '8 ธันวาคม 2569' }).waitFor();
    expect(page.url()).toContain('date=2026-12-08');
    expect(await page.locator('[data-state="mine"]').count()).toBe(0);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  }, 60_000);
});

describe('the rooms’ week', () => {
  it('counts each room’s free slots day by day, Monday to Sunday; a day opens the day; on a phone', async () => {
    const view = (await (await people.get(who.teacher!.userId, '/rooms-week?date=2026-12-09')).json()) as RoomsWeekView;
    expect(view).toMatchObject({ from: '2026-12-07', label: '7 – 13 ธันวาคม 2569', previous: '2026-11-30', next: '2026-12-14' });
    const day = (room: number, date: string) => view.rooms[room]!.days.find((d) => d.date === date)!;
    // Monday at 10:15: two slots past; the small room has one of the six left booked, the big one two.
    expect(day(0, '2026-12-07')).toEqual({ date: '2026-12-07', free: 5, all: 8 });
    expect(day(1, '2026-12-07')).toEqual({ date: '2026-12-07', free: 4, all: 8 });
    expect(day(0, '2026-12-08')).toEqual({ date: '2026-12-08', free: 8, all: 8 });
    expect(day(0, '2026-12-12')).toEqual({ date: '2026-12-12', free: 0, all: 0 });
    expect((await people.get(who.guest!.userId, '/rooms-week')).status).toBe(403);

    browser ??= await launchBrowser();
    const token = await people.idToken(who.teacher!.userId);
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    await page.goto(`${service.url}/liff/rooms?week=2026-12-07#idToken=${encodeURIComponent(token)}`);
    await page.getByTestId('week').waitFor();
    expect(await page.locator('td[data-date="2026-12-07"]').first().getAttribute('data-free')).toBe('5');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await saveScreenshot(page, 'rooms-week-phone');
    await page.locator('td[data-date="2026-12-08"]').first().click();
    await page.getByTestId('date').filter({ hasText: '8 ธันวาคม 2569' }).waitFor();
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  }, 60_000);
});

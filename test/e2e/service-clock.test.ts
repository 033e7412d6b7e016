import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { listTickets } from '../../src/db/repos/repair-tickets.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { reportRepairInChat } from '../support/repair-chat.ts';
import { startTestService } from '../support/service.ts';

/**
 * The service clock in emulator mode: moved forward from the scripting API, every capability lives at the new
 * time at once (the sweeps run with it without waiting for their schedule), while LINE's transport keeps to
 * real time (a reply after a move is still a free reply). With LINE credentials there is no such control.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface ClockView {
  now: string;
  offsetMinutes: number;
  realNow: string;
  ran?: string[];
  failed?: string[];
}

async function clockCall(service: RunningService, method: 'GET' | 'POST', route = '', body?: unknown): Promise<{ status: number; body: ClockView }> {
  const res = await fetch(`${service.url}/emulator/api/clock${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as ClockView };
}

/** Within a few seconds of `expected` (the test's own real time moves on meanwhile). */
function near(at: string | Date, expected: number, slackMs = 10_000): boolean {
  return Math.abs(new Date(at).getTime() - expected) < slackMs;
}

describe('the service clock in emulator mode', () => {
  let service: RunningService;
  let chat: ReturnType<typeof chatDriver>;
  let dataDir: string;
  let teacher: string;
  let director: string;
  let technician: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-clock-'));
    service = await startTestService({ DATA_DIR: dataDir });
    chat = chatDriver(service);
    await loadDemoSchools(service);
    teacher = await chat.registerTeacher('ครูเวลา เดินหน้า');
    director = await chat.registerInvited('ผอ.กลุ่ม ดูเวลา', 'group_director');
    technician = await chat.registerInvited('ช่างเวลา ตรงเวลา', 'technician');
  });
  afterAll(async () => service?.stop());

  it('reads real time until moved; a move answers with the new time; a reply after it is still a free reply', async () => {
    const before = await clockCall(service, 'GET');
    expect(before.status).toBe(200);
    expect(before.body.offsetMinutes).toBe(0);
    expect(near(before.body.now, Date.now())).toBe(true);

    const moved = await clockCall(service, 'POST', '', { advanceMinutes: 1440 });
    expect(moved.status).toBe(200);
    expect(moved.body.offsetMinutes).toBe(1440);
    expect(near(moved.body.now, Date.now() + DAY)).toBe(true);
    expect(near(moved.body.realNow, Date.now())).toBe(true);
    // Every recurring job ran at once with the new time.
    expect(moved.body.ran).toEqual(expect.arrayContaining(['repair:clocks', 'saraban:decision-reminders', 'foundation:purge']));
    expect(moved.body.failed).toEqual([]);
    expect(near(service.clock.now(), Date.now() + DAY)).toBe(true);

    // LINE's side is real time: the event is seconds old, so its reply token is used (free), not a push.
    const answer = await chat.say(teacher, 'สวัสดีค่ะ');
    expect(answer.entries.length).toBeGreaterThan(0);
    expect(answer.entries.map((e) => e.via)).toEqual(answer.entries.map(() => 'reply'));

    // Nonsense is refused and moves nothing.
    for (const body of [{ advanceMinutes: 0 }, { advanceMinutes: -60 }, { advanceMinutes: 1.5 }, { minutes: 60 }, {}]) {
      expect((await clockCall(service, 'POST', '', body)).status).toBe(400);
    }
    expect((await clockCall(service, 'GET')).body.offsetMinutes).toBe(1440);
  });

  it('a repair ticket nobody accepts is escalated to the group director as soon as the clock passes its deadline, without waiting', async () => {
    await chat.inbox(director);
    const { number } = await reportRepairInChat(chat, teacher, { description: 'ทีวีห้อง ป.4 ไม่มีสัญญาณ' });
    // The ticket lives at the service's time (a day ahead), as everything the flows write.
    const [ticket] = await listTickets(service.database.db, DEFAULT_OFFICE_ID);
    expect(ticket!.number).toBe(number);
    expect(near(ticket!.createdAt, Date.now() + DAY)).toBe(true);
    await chat.inbox(technician);
    expect((await chat.inbox(director)).entries).toHaveLength(0);

    // A fortnight on (office days whatever the holidays): the accept deadline has long passed.
    const moved = await clockCall(service, 'POST', '', { advanceMinutes: 14 * 1440 });
    expect(moved.status).toBe(200);
    await chat.settle();
    const escalation = await chat.inbox(director);
    expect(escalation.entries.length).toBeGreaterThan(0);
    expect(escalation.entries.every((e) => e.via === 'push')).toBe(true);
    expect(escalation.text).toContain(number.slice('ซ่อม '.length));
    expect(escalation.text).toMatch(/เกินกำหนด \(ระดับ \d\)/);
  });

  it('goes back to real time on reset, and a move is kept across a restart', async () => {
    const moved = (await clockCall(service, 'GET')).body.offsetMinutes;
    expect(moved).toBe(15 * 1440);
    await service.stop();
    // The same DATA_DIR (another test database: the clock is the emulator's, kept beside its world).
    service = await startTestService({ DATA_DIR: dataDir });
    chat = chatDriver(service);
    expect((await clockCall(service, 'GET')).body.offsetMinutes).toBe(moved);
    expect(near(service.clock.now(), Date.now() + moved * MINUTE)).toBe(true);

    const reset = await clockCall(service, 'POST', '/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.offsetMinutes).toBe(0);
    expect(near(service.clock.now(), Date.now())).toBe(true);
  });

  it('is moved from the simulator page on a phone: the time shown, a +1 วัน button, a badge in the chat header', async () => {
    const browser: Browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser, PHONE_VIEWPORT, { timezoneId: 'Europe/London' });
      const { userId } = await chat.emulator.createUser('ผู้ลองเลื่อนเวลา');
      await page.goto(`${service.url}/emulator/#user=${userId}`);
      await page.locator('#chat-sub', { hasText: 'ผู้ลองเลื่อนเวลา' }).waitFor();
      expect(await page.locator('#clock-badge').isHidden()).toBe(true);
      await page.getByRole('button', { name: 'เลือกผู้ใช้ (users)', exact: true }).click();
      const section = page.locator('#clock-section');
      await section.locator('#clock-offset', { hasText: 'เวลาจริง' }).waitFor();
      // Bangkok's time, Thai style, whatever the phone's zone.
      const bangkokHour = new Intl.DateTimeFormat('th-TH', { timeZone: 'Asia/Bangkok', hour: '2-digit', hourCycle: 'h23' }).format(new Date());
      expect(await section.locator('#clock-now').textContent()).toMatch(new RegExp(`25\\d\\d ${bangkokHour}:\\d\\d น\\.$`));

      await section.getByRole('button', { name: '+1 วัน' }).click();
      await section.locator('#clock-offset', { hasText: 'เร็วกว่าเวลาจริง 1 วัน' }).waitFor();
      expect((await clockCall(service, 'GET')).body.offsetMinutes).toBe(1440);
      await page.locator('#panel-close').click();
      const badge = page.locator('#clock-badge');
      await badge.waitFor();
      expect(await badge.textContent()).toBe('เวลา +1 วัน');
      await badge.click();
      await saveScreenshot(page, 'simulator-clock-panel');
      await page.locator('#panel-close').click();
      await saveScreenshot(page, 'simulator-clock-moved');

      // Minutes typed, then back to real time.
      await badge.click();
      await section.locator('input[name=minutes]').fill('90');
      await section.getByRole('button', { name: 'เลื่อนเวลา' }).click();
      await section.locator('#clock-offset', { hasText: 'เร็วกว่าเวลาจริง 1 วัน 1 ชม. 30 นาที' }).waitFor();
      await section.getByRole('button', { name: /กลับเป็นเวลาจริง/ }).click();
      await section.locator('#clock-offset', { hasText: /^เวลาจริง$/ }).waitFor();
      expect((await clockCall(service, 'GET')).body.offsetMinutes).toBe(0);
      expect(await page.locator('#clock-badge').isHidden()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('the simulator’s message times after a move', () => {
  let service: RunningService;
  let chat: ReturnType<typeof chatDriver>;
  beforeAll(async () => {
    service = await startTestService({ DATA_DIR: await mkdtemp(path.join(tmpdir(), 'esa-line-clock-times-')) });
    chat = chatDriver(service);
  });
  afterAll(async () => service?.stop());

  it('a message sent after the clock is moved 3 days 5 hours shows the moved time and day, Thai style, on a phone', async () => {
    const browser: Browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser, PHONE_VIEWPORT, { timezoneId: 'Europe/London' });
      const { userId } = await chat.emulator.createUser('ผู้ลองเวลาข้อความ');
      await page.goto(`${service.url}/emulator/#user=${userId}`);
      await page.locator('#chat-sub', { hasText: 'ผู้ลองเวลาข้อความ' }).waitFor();
      await page.getByRole('button', { name: 'เลือกผู้ใช้ (users)', exact: true }).click();
      const section = page.locator('#clock-section');
      await section.locator('input[name=minutes]').fill(String(3 * 1440 + 300));
      await section.getByRole('button', { name: 'เลื่อนเวลา' }).click();
      await section.locator('#clock-offset', { hasText: 'เร็วกว่าเวลาจริง 3 วัน 5 ชม.' }).waitFor();
      await page.locator('#panel-close').click();

      // With the guest's rich menu showing, first switch to the keyboard, as a person would.
      const keyboard = page.getByRole('button', { name: 'แป้นพิมพ์ (keyboard)' });
      if (await keyboard.isVisible()) await keyboard.click();
      await page.locator('#text-input').fill('ตอนนี้กี่โมงคะ');
      await page.locator('#send').click();
      const mine = page.locator('.row.user', { hasText: 'ตอนนี้กี่โมงคะ' });
      await mine.waitFor();
      const answer = page.locator('.row.bot').last();
      await answer.waitFor();

      const { entries } = await chat.emulator.conversation(userId);
      const sent = entries.find((e) => e.direction === 'user')!;
      const moved = new Date((await clockCall(service, 'GET')).body.now).getTime();
      expect(near(sent.at, moved)).toBe(true);
      const bangkok = (at: Date | string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('th-TH', { timeZone: 'Asia/Bangkok', ...options }).format(new Date(at));
      const hhmm = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
      expect(await mine.locator('.meta').textContent()).toBe(bangkok(sent.at, hhmm));
      // Five hours ahead of real time: not the hour a real clock shows.
      expect(await mine.locator('.meta').textContent()).not.toBe(bangkok(new Date(), hhmm));
      const reply = entries.filter((e) => e.direction === 'bot').at(-1)!;
      expect(near(reply.at, moved)).toBe(true);
      expect(await answer.locator('.meta').textContent()).toBe(bangkok(reply.at, hhmm));
      // The day above them is the moved day, with the Buddhist year.
      const day = await page.locator('.day-separator').last().textContent();
      expect(day).toBe(bangkok(sent.at, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }));
      expect(day).not.toBe(bangkok(new Date(), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }));
      expect(day).toMatch(/25\d\d/);
      await saveScreenshot(page, 'simulator-clock-message-times');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('the service clock with LINE credentials', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startTestService({
      LINE_CHANNEL_SECRET: 'clock-line-secret-0001',
      LINE_CHANNEL_ACCESS_TOKEN: 'clock-line-token-0001',
      // Nothing listens there: this test sends nothing to LINE.
      LINE_API_BASE_URL: 'http://127.0.0.1:9',
    });
  });
  afterAll(async () => service?.stop());

  it('is the system clock, and the control does not exist', async () => {
    expect(service.emulator).toBeUndefined();
    expect(near(service.clock.now(), Date.now(), 2000)).toBe(true);
    expect('advance' in service.clock).toBe(false);
    expect((await clockCall(service, 'GET')).status).toBe(404);
    expect((await clockCall(service, 'POST', '', { advanceMinutes: 1440 })).status).toBe(404);
    expect(near(service.clock.now(), Date.now(), 2000)).toBe(true);
  });
});

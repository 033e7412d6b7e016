import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { getPerson } from '../../src/db/repos/people.ts';
import { insertVcSession, inviteAudience } from '../../src/db/repos/vc-sessions.ts';
import { offices } from '../../src/db/schema.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { executeVc } from '../../src/flows/vc/execute.ts';
import { vcLabels as L, vcRepliesTexts as R } from '../../src/flows/vc/messages.ts';
import type { VcRepliesView } from '../../src/flows/vc/replies-view.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { createLogger } from '../../src/logger.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { chatDriver } from '../support/chat.ts';
import { officeFactory } from '../support/factories.ts';
import { liffPeople } from '../support/liff.ts';
import { startTestService } from '../support/service.ts';
import { testClock } from '../support/test-clock.ts';

/**
 * A video conference's replies page (`/liff/vc-sessions/:id`, linked from the session's card): the counts, per
 * district, who has not answered, who joins (and whom they send), who attended — read again at each look — for the
 * officers and the group director of the session's office only, on a phone in Chromium.
 */

// Monday 14 December 2026, 08:00; the session is on Thursday the 17th, 13:00–15:00.
const clock = testClock('2026-12-14', '08:00');
const TITLE = 'ประชุมชี้แจงระบบลงเวลาออนไลน์';
let service: RunningService;
let browser: Browser | undefined;
let chat: ReturnType<typeof chatDriver>;
let people: ReturnType<typeof liffPeople>;
const who: Record<string, { userId: string; personId: number }> = {};
const directors: string[] = [];
let sessionId = 0;
let otherSessionId = 0;

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  chat = chatDriver(service);
  people = liffPeople(service, clock.now);
  const f = officeFactory(service.database.db);
  const schools = await f.schools([
    { name: 'โรงเรียนหน้าคำตอบ หนึ่ง', district: 'อำเภอหน้าเว็บเหนือ' },
    { name: 'โรงเรียนหน้าคำตอบ สอง', district: 'อำเภอหน้าเว็บเหนือ' },
    { name: 'โรงเรียนหน้าคำตอบ สาม', district: 'อำเภอหน้าเว็บใต้' },
    { name: 'โรงเรียนหน้าคำตอบ สี่', district: 'อำเภอหน้าเว็บใต้' },
  ]);
  // The first three schools have a director in LINE; the fourth has nobody.
  for (const [i, schoolId] of schools.slice(0, 3).entries()) {
    const userId = await chat.newUser(`ผอ.หน้าคำตอบ ${i + 1}`);
    await f.person(`ผอ.หน้าคำตอบ ${i + 1}`, 'school_director', { lineUserId: userId, schoolId });
    directors.push(userId);
  }
  for (const [key, role] of [
    ['officer', 'technician'],
    ['group', 'group_director'],
    ['area', 'area_director'],
    ['teacher', 'teacher'],
  ] as const) {
    who[key] = await people.add(`คุณ${key}`, role);
  }
  const officer = (await getPerson(service.database.db, DEFAULT_OFFICE_ID, who.officer!.personId))!;
  await service.database.db.transaction((tx) =>
    executeVc(
      tx,
      { type: 'planSession', title: TITLE, startsAt: bangkokTime('2026-12-17', '13:00'), endsAt: bangkokTime('2026-12-17', '15:00'), platform: 'zoom', link: 'https://zoom.us/j/555', roomId: null, kitId: null, team: [], audience: { kind: 'schools', ids: schools } },
      { channelId: DEFAULT_CHANNEL_ID, officeId: DEFAULT_OFFICE_ID, lineUserId: who.officer!.userId, now: clock.now(), person: officer, logger: createLogger('silent') },
    ),
  );
  await chat.settle();
  // Two schools answer in the chat: the first joins (and says whom it sends), the second declines.
  const first = await chat.inbox(directors[0]!);
  const joined = await chat.tapIn(directors[0]!, first.entries, L.join);
  await chat.tapIn(directors[0]!, joined.entries, L.delegate);
  await chat.say(directors[0]!, 'ครูวิไล ครูคอมพิวเตอร์');
  await chat.tapIn(directors[1]!, (await chat.inbox(directors[1]!)).entries, L.decline);

  await service.database.db.insert(offices).values({ id: 'khet-vc-page-other', name: 'สพป. อื่น' }).onConflictDoNothing();
  const other = officeFactory(service.database.db, 'khet-vc-page-other');
  const otherSchool = await other.school('โรงเรียนของเขตอื่น', 'อำเภออื่น');
  const otherOfficer = await other.person('ช่างเขตอื่น', 'technician', { lineUserId: null });
  otherSessionId = await insertVcSession(service.database.db, { officeId: 'khet-vc-page-other', title: 'ประชุมของเขตอื่น', startsAt: bangkokTime('2026-12-18', '09:00'), endsAt: bangkokTime('2026-12-18', '10:00'), platform: 'meet', link: 'https://meet.google.com/x', roomBookingId: null, kitId: null, team: [otherOfficer.id], organiserId: otherOfficer.id, audience: { kind: 'schools', ids: [otherSchool] } }, clock.now());
  await inviteAudience(service.database.db, 'khet-vc-page-other', otherSessionId, { kind: 'schools', ids: [otherSchool] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await service.stop();
});

/** Every link (uri) button in the messages. */
const urisIn = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(urisIn);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  return [...(record.type === 'uri' && typeof record.uri === 'string' ? [record.uri] : []), ...Object.values(record).flatMap(urisIn)];
};

describe('the replies page of a video conference', () => {
  it('is linked from the session\'s card in the officer\'s list', async () => {
    const list = await chat.say(who.officer!.userId, 'ประชุมทางไกล');
    const link = urisIn(list.entries.map((e) => e.message)).find((uri) => uri.includes('/liff/vc-sessions/'));
    expect(link).toBeDefined();
    sessionId = Number(/\/liff\/vc-sessions\/(\d+)/.exec(link!)![1]);
    expect(sessionId).toBeGreaterThan(0);
  });

  it('gives the officer and the group director the counts, per district, and every school\'s answer', async () => {
    for (const key of ['officer', 'group']) {
      const res = await people.get(who[key]!.userId, `/vc-sessions/${sessionId}/replies`);
      expect(res.status).toBe(200);
      const view = (await res.json()) as VcRepliesView;
      expect(view.title).toBe(TITLE);
      // Thai date, Buddhist year.
      expect(view.when).toBe('17 ธันวาคม 2569 เวลา 13:00–15:00 น.');
      expect(view.counts).toEqual({ invited: 4, reached: 3, joined: 1, declined: 1, unanswered: 2, attended: 0 });
      // By district in Thai order (ใต้ before เหนือ: the leading vowel is not sorted first).
      expect(view.byDistrict).toEqual([
        { district: 'อำเภอหน้าเว็บใต้', invited: 2, joined: 0, declined: 0, unanswered: 2, attended: 0 },
        { district: 'อำเภอหน้าเว็บเหนือ', invited: 2, joined: 1, declined: 1, unanswered: 0, attended: 0 },
      ]);
      expect(view.schools.find((s) => s.name === 'โรงเรียนหน้าคำตอบ หนึ่ง')).toMatchObject({ answer: 'join', delegate: 'ครูวิไล ครูคอมพิวเตอร์' });
      expect(view.schools.find((s) => s.name === 'โรงเรียนหน้าคำตอบ สี่')).toMatchObject({ answer: null, reached: false });
    }
  });

  it('refuses everyone else, says nothing of another office\'s session, and asks for a token', async () => {
    for (const key of ['area', 'teacher']) {
      const res = await people.get(who[key]!.userId, `/vc-sessions/${sessionId}/replies`);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain(TITLE);
    }
    const director = await people.get(directors[0]!, `/vc-sessions/${sessionId}/replies`);
    expect(director.status).toBe(403);
    expect((await people.get(who.officer!.userId, `/vc-sessions/${otherSessionId}/replies`)).status).toBe(404);
    expect((await people.get(who.officer!.userId, '/vc-sessions/nope/replies')).status).toBe(404);
    expect((await fetch(`${service.url}/liff/api/vc-sessions/${sessionId}/replies`)).status).toBe(401);
  });

  it('reads on a phone: who has not answered first, who joins on a tap, and a new answer after a refresh', async () => {
    browser = await launchBrowser();
    const token = await people.idToken(who.officer!.userId);
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    await page.goto(`${service.url}/liff/vc-sessions/${sessionId}#idToken=${encodeURIComponent(token)}`);
    await page.getByTestId('title').waitFor();
    expect(await page.getByTestId('title').textContent()).toBe(TITLE);
    expect(await page.getByTestId('when').textContent()).toContain('2569');
    expect(await page.getByTestId('count-unanswered').textContent()).toBe(`2${R.unanswered}`);
    const names = () => page.getByTestId('school').allTextContents();
    expect(await names()).toEqual(['โรงเรียนหน้าคำตอบ สาม', `โรงเรียนหน้าคำตอบ สี่${R.unreached}`]);
    await page.getByTestId('count-joined').click();
    expect(await names()).toEqual([`โรงเรียนหน้าคำตอบ หนึ่ง${R.delegate}: ครูวิไล ครูคอมพิวเตอร์`]);
    expect(await page.getByTestId('districts').locator('tr').count()).toBe(3);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await saveScreenshot(page, 'vc-replies-phone');

    // The third school joins in the chat; the page shows it at the next read.
    await chat.tapIn(directors[2]!, (await chat.inbox(directors[2]!)).entries, L.join);
    await page.getByTestId('refresh').click();
    await page.getByTestId('count-joined').filter({ hasText: `2${R.joined}` }).waitFor();
    expect(await names()).toEqual(['โรงเรียนหน้าคำตอบ สาม', `โรงเรียนหน้าคำตอบ หนึ่ง${R.delegate}: ครูวิไล ครูคอมพิวเตอร์`]);
    // The browser asks for /favicon.ico on its own (404); nothing else failed.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });
});

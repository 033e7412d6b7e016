import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { upsertHolidays } from '../../src/db/repos/holidays.ts';
import { findItemByAssetTag } from '../../src/db/repos/loan-desk.ts';
import { deskLoanItems, insertHandover, markItemReturned } from '../../src/db/repos/loan-handover.ts';
import { upsertItem } from '../../src/db/repos/loan-inventory.ts';
import { createLoan, listBorrowableTypes, updateLoan, type LoanTarget } from '../../src/db/repos/loans.ts';
import { offices, schools } from '../../src/db/schema.ts';
import { DEMO_INVENTORY_CSV } from '../../src/flows/loans/demo.ts';
import { importInventoryCsv } from '../../src/flows/loans/inventory-csv.ts';
import { loanLabels as L } from '../../src/flows/loans/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { liffPeople } from '../support/liff.ts';
import { pdfText } from '../support/pdf.ts';
import { testClock } from '../support/test-clock.ts';
import { startTestService } from '../support/service.ts';

/**
 * The calendar of what is free to borrow (`/liff/loan-calendar`, read-only, week by week for each type and kit,
 * Buddhist-era dates; linked from the ยืมอุปกรณ์ tile) and a school's loan history (`/liff/loan-history`, for the
 * office's staff). Counts are what the borrowing chat counts (freeByDay over the live holds); only the viewer's office;
 * on a phone in Chromium.
 */

// Monday 3 May 2027.
const clock = testClock('2027-05-03', '09:00');
let service: RunningService;
let browser: Browser | undefined;
let people: ReturnType<typeof liffPeople>;
let chat: ReturnType<typeof chatDriver>;
const who: Record<string, { userId: string; personId: number }> = {};
let projectors: LoanTarget;
let schoolId = 0;
let handedLoan = 0;
const PROJECTOR = 'โปรเจกเตอร์ (สาธิต)';

interface CalendarJson {
  from: string;
  to: string;
  label: string;
  previous: string | null;
  next: string | null;
  history: boolean;
  types: Array<{ key: string; name: string; total: number; kind: string; weeks: Array<{ label: string; days: Array<{ date: string; free: number; past: boolean; closed: boolean }> }> }>;
}

const dayOf = (view: CalendarJson, name: string, date: string) =>
  view.types
    .find((t) => t.name === name)!
    .weeks.flatMap((w) => w.days)
    .find((d) => d.date === date)!;

async function approvedLoan(target: LoanTarget, quantity: number, startsOn: string, endsOn: string, school: number | null): Promise<number> {
  const db = service.database.db;
  const made = await createLoan(db, { officeId: DEFAULT_OFFICE_ID, requesterId: who.teacher!.personId, schoolId: school, purpose: 'อบรมครูเรื่องสื่อดิจิทัล', place: 'ห้องประชุม', startsOn, endsOn, needsEndorsement: false, lines: [{ target, quantity }] }, clock.now());
  if (!made.ok) throw new Error('taken');
  await updateLoan(db, DEFAULT_OFFICE_ID, made.loanId, 1, { state: 'approved', decidedBy: who.group!.personId, decidedAt: clock.now(), submittedAt: clock.now() }, clock.now());
  return made.loanId;
}

beforeAll(async () => {
  service = await startTestService({}, { now: clock.now });
  people = liffPeople(service, clock.now);
  chat = chatDriver(service);
  const db = service.database.db;
  await loadDemoSchools(service);
  await importInventoryCsv(db, DEFAULT_OFFICE_ID, await readFile(DEMO_INVENTORY_CSV, 'utf8'), clock.now());
  await upsertHolidays(db, DEFAULT_OFFICE_ID, [{ date: '2027-05-13', name: 'วันหยุดทดสอบ' }]);
  await db.insert(offices).values({ id: 'other-office', name: 'สพป. อื่น' }).onConflictDoNothing();
  await upsertItem(db, 'other-office', { assetTag: 'OTHER-1', typeName: 'โปรเจกเตอร์ของที่อื่น', category: 'projector', model: null, serialNumber: null, condition: 'good', location: 'ที่อื่น', lendable: true, retired: false, note: null }, clock.now());
  for (const [key, role] of [
    ['teacher', 'teacher'],
    ['technician', 'technician'],
    ['group', 'group_director'],
    ['guest', 'guest'],
  ] as const) {
    who[key] = await people.add(`คุณ${key}`, role);
  }
  const [school] = await db.select({ id: schools.id }).from(schools).limit(1);
  schoolId = school!.id;
  projectors = (await listBorrowableTypes(db, DEFAULT_OFFICE_ID)).find((t) => t.name === PROJECTOR)!.target;
  // Two of the three projectors on 5–6 May (for the school: handed over, one back); all three on 12 May (the office's own).
  handedLoan = await approvedLoan(projectors, 2, '2027-05-05', '2027-05-06', schoolId);
  const items = await deskLoanItems(db, DEFAULT_OFFICE_ID, handedLoan);
  await insertHandover(db, { officeId: DEFAULT_OFFICE_ID, loanId: handedLoan, handedOverBy: who.technician!.personId, at: clock.now(), condition: 'good', photoMediaId: null, itemIds: items.map((i) => i.itemId) });
  await updateLoan(db, DEFAULT_OFFICE_ID, handedLoan, 2, { state: 'fulfilled' }, clock.now());
  await markItemReturned(db, { officeId: DEFAULT_OFFICE_ID, loanId: handedLoan, itemId: items[0]!.itemId, receivedBy: who.technician!.personId, condition: 'good', at: clock.now() });
  await approvedLoan(projectors, 3, '2027-05-12', '2027-05-12', null);
  // The camera, by its number, on 4 May.
  await approvedLoan({ kind: 'item', id: (await findItemByAssetTag(db, DEFAULT_OFFICE_ID, 'DEMO-CM-001'))!.id }, 1, '2027-05-04', '2027-05-04', schoolId);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await service.stop();
});

describe('the calendar of what is free', () => {
  it('counts what is free each day of six weeks from this week’s Monday, per type and kit, for whoever may borrow', async () => {
    const res = await people.get(who.teacher!.userId, '/loan-calendar');
    expect(res.status).toBe(200);
    const view = (await res.json()) as CalendarJson;
    expect(view).toMatchObject({ from: '2027-05-03', to: '2027-06-13', label: '3 พ.ค. – 13 มิ.ย. 2570', previous: null, next: '2027-06-14', history: false });
    expect(view.types.map((t) => t.name)).toEqual(expect.arrayContaining([PROJECTOR, 'กล้องถ่ายภาพ (สาธิต)']));
    expect(view.types.some((t) => t.kind === 'kit')).toBe(true);
    expect(view.types.map((t) => t.name)).not.toContain('โปรเจกเตอร์ของที่อื่น');
    const pj = view.types.find((t) => t.name === PROJECTOR)!;
    expect(pj.total).toBe(3);
    expect(pj.weeks).toHaveLength(6);
    expect(pj.weeks[0]!.label).toBe('3 พ.ค. – 9 พ.ค. 2570');
    expect(dayOf(view, PROJECTOR, '2027-05-04').free).toBe(3);
    // One of the two came back early: its hold was let go.
    expect(dayOf(view, PROJECTOR, '2027-05-05').free).toBe(2);
    expect(dayOf(view, PROJECTOR, '2027-05-12').free).toBe(0);
    expect(dayOf(view, 'กล้องถ่ายภาพ (สาธิต)', '2027-05-04').free).toBe(0);
    expect(dayOf(view, PROJECTOR, '2027-05-13')).toMatchObject({ closed: true, free: 3 });
    expect(dayOf(view, PROJECTOR, '2027-05-08').closed).toBe(true);
    expect(dayOf(view, PROJECTOR, '2027-05-03').past).toBe(false);
  });

  it('names both years of weeks that run from December into January', async () => {
    const view = (await (await people.get(who.teacher!.userId, '/loan-calendar?from=2027-12-27')).json()) as CalendarJson;
    expect(view).toMatchObject({ from: '2027-12-27', label: '27 ธ.ค. 2570 – 6 ก.พ. 2571' });
    expect(view.types[0]!.weeks.map((w) => w.label).slice(0, 2)).toEqual(['27 ธ.ค. 2570 – 2 ม.ค. 2571', '3 ม.ค. – 9 ม.ค. 2571']);
  });

  it('pages by six weeks, never before this week nor past a year ahead; a bad date is refused', async () => {
    const later = (await (await people.get(who.technician!.userId, '/loan-calendar?from=2027-06-16')).json()) as CalendarJson;
    expect(later).toMatchObject({ from: '2027-06-14', previous: '2027-05-03', history: true });
    const past = (await (await people.get(who.teacher!.userId, '/loan-calendar?from=2026-01-01')).json()) as CalendarJson;
    expect(past.from).toBe('2027-05-03');
    const far = (await (await people.get(who.teacher!.userId, '/loan-calendar?from=2030-01-01')).json()) as CalendarJson;
    expect(far.next).toBeNull();
    expect(far.from < '2028-05-10').toBe(true);
    expect((await people.get(who.teacher!.userId, '/loan-calendar?from=2027-02-30')).status).toBe(400);
  });

  it('refuses a guest and an unidentified viewer', async () => {
    expect((await people.get(who.guest!.userId, '/loan-calendar')).status).toBe(403);
    expect((await fetch(`${service.url}/liff/api/loan-calendar`)).status).toBe(401);
  });

  it('is linked from the ยืมอุปกรณ์ tile, before the first question', async () => {
    const tile = await chat.say(who.teacher!.userId, MENU_COMMANDS.borrowEquipment);
    const messages = JSON.stringify(tile.entries.map((e) => e.message));
    expect(messages).toContain(L.calendarButton);
    expect(messages).toContain('/liff/loan-calendar');
    // The question with its quick replies comes last.
    expect(tile.entries.at(-1)!.message.quickReply).toBeDefined();
    await chat.tap(who.teacher!.userId, L.cancel);
  });

  it('reads on a phone: the chosen type’s weeks, coloured by what is free, paged, nothing wider than the screen', async () => {
    browser = await launchBrowser();
    const token = await people.idToken(who.teacher!.userId);
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    await page.goto(`${service.url}/liff/loan-calendar#idToken=${encodeURIComponent(token)}`);
    await page.getByTestId('calendar').waitFor();
    await page.getByTestId('type').selectOption({ label: `${PROJECTOR} · มี 3 เครื่อง` });
    const full = page.locator('td[data-date="2027-05-12"]');
    expect(await full.getAttribute('data-free')).toBe('0');
    expect(await full.getAttribute('class')).toContain('none');
    expect(await page.locator('td[data-date="2027-05-05"]').getAttribute('class')).toContain('some');
    expect(await page.locator('td[data-date="2027-05-04"]').getAttribute('class')).toContain('all');
    expect(await page.getByTestId('range').textContent()).toBe('3 พ.ค. – 13 มิ.ย. 2570');
    expect(await page.getByTestId('to-history').count()).toBe(0);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await saveScreenshot(page, 'loan-calendar-phone');
    await page.getByTestId('next').click();
    await page.locator('td[data-date="2027-06-14"]').waitFor();
    expect(await page.getByTestId('range').textContent()).toBe('14 มิ.ย. – 25 ก.ค. 2570');
    expect(page.url()).toContain('from=2027-06-14');
    // Still the projectors.
    expect(await page.getByTestId('type').inputValue()).toBe(`type-${projectors.id}`);
    await page.getByTestId('previous').click();
    await page.locator('td[data-date="2027-05-03"]').waitFor();
    // (The browser's own favicon request is the only 404.)
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });
});

describe('a school’s loan history', () => {
  it('lists the schools with loans and, for the one chosen, its loans newest first with items, approver, hand-over and return', async () => {
    const res = await people.get(who.group!.userId, '/loan-history');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { schools: Array<{ key: string; name: string; count: number }> };
    expect(list.schools).toEqual(expect.arrayContaining([expect.objectContaining({ key: String(schoolId), count: 2 }), { key: 'office', name: 'สำนักงานเขตพื้นที่ฯ', count: 1 }]));
    const view = (await (await people.get(who.group!.userId, `/loan-history?school=${schoolId}`)).json()) as { loans: Array<{ id: number; status: string; fields: Array<[string, string]>; items: Array<{ id: number; label: string }> }> };
    expect(view.loans).toHaveLength(2);
    const handed = view.loans.find((l) => l.id === handedLoan)!;
    expect(handed.status).toBe('คืนบางส่วน');
    expect(handed.items.map((i) => i.label).sort()).toEqual(['DEMO-PJ-001', 'DEMO-PJ-002']);
    const fields = Object.fromEntries(handed.fields);
    expect(fields['วันที่ยืม']).toBe('5 พฤษภาคม 2570 – 6 พฤษภาคม 2570');
    expect(fields['รายการ']).toMatch(/DEMO-PJ-00\d/);
    expect(fields['ผู้อนุมัติ']).toBe('คุณgroup');
    expect(fields['ส่งมอบ']).toBe('3 พฤษภาคม 2570 (คุณtechnician)');
    expect(fields['คืน']).toMatch(/^DEMO-PJ-00\d 3 พฤษภาคม 2570 \(ดี\); DEMO-PJ-00\d ยืมอยู่$/);
    // Newest first: the camera's loan (4 May) after the projectors' (5 May).
    expect(view.loans.map((l) => l.id)[0]).toBe(handedLoan);
  });

  it('is for the office’s staff only; another school or office is not found', async () => {
    expect((await people.get(who.teacher!.userId, `/loan-history?school=${schoolId}`)).status).toBe(403);
    expect((await people.get(who.guest!.userId, '/loan-history')).status).toBe(403);
    expect((await people.get(who.technician!.userId, '/loan-history?school=99999')).status).toBe(404);
    // A school of another office is not one of this office's.
    const [other] = await service.database.db.insert(schools).values({ officeId: 'other-office', name: 'โรงเรียนของที่อื่น', district: 'ที่อื่น' }).returning({ id: schools.id });
    expect((await people.get(who.technician!.userId, `/loan-history?school=${other!.id}`)).status).toBe(404);
  });

  it('gives the office’s staff each loan’s form as PDF; schools’ people and another office’s loans get none', async () => {
    const res = await people.get(who.technician!.userId, `/loan-form/${handedLoan}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).replace(/\s+/g, ' ');
    expect(text).toContain('แบบบันทึกขอยืมวัสดุอุปกรณ์/เอกสาร/สื่อ Software');
    expect(text).toContain(`เลขที่การยืม ${handedLoan}`);
    expect((await people.get(who.teacher!.userId, `/loan-form/${handedLoan}`)).status).toBe(403);
    expect((await people.get(who.technician!.userId, '/loan-form/99999')).status).toBe(404);
    expect((await people.get(who.technician!.userId, '/loan-form/abc')).status).toBe(404);
  });

  it('reads on a phone: a school chosen shows its loans', async () => {
    browser ??= await launchBrowser();
    const token = await people.idToken(who.technician!.userId);
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    await page.goto(`${service.url}/liff/loan-calendar#idToken=${encodeURIComponent(token)}`);
    await page.getByTestId('to-history').click();
    await page.getByTestId('school').waitFor();
    await page.getByTestId('school').selectOption(String(schoolId));
    await page.getByTestId('loan').first().waitFor();
    expect(await page.getByTestId('loan').count()).toBe(2);
    expect(await page.getByTestId('loans').textContent()).toContain('คืนบางส่วน');
    expect(await page.getByTestId('pdf').count()).toBe(2);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    await saveScreenshot(page, 'loan-history-phone');
    // Each item's page (its own history) is a tap away.
    await page.getByTestId('item-page').first().click();
    await page.getByTestId('asset-tag').waitFor();
    expect(await page.getByTestId('asset-tag').textContent()).toMatch(/DEMO-PJ-00\d/);
    // (The browser's own favicon request is the only 404.)
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });
});

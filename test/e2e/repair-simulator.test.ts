import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { getMediaContent, listMedia } from '../../src/db/repos/media.ts';
import { listTickets, TICKET_MEDIA_OWNER, ticketTimeline } from '../../src/db/repos/repair-tickets.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { fiscalYearOf } from '../../src/domain/fiscal-year.ts';
import { formatTicketNumber } from '../../src/domain/repair/priority.ts';
import { issueInvitation } from '../../src/flows/directory/issue-invitation.ts';
import { registrationLabels } from '../../src/flows/registration/messages.ts';
import { reportLabels, reportTexts } from '../../src/flows/repair-report/messages.ts';
import { trackLabels, trackTexts } from '../../src/flows/repair-track/messages.ts';
import { repairWorkLabels as W, repairWorkTexts as WT } from '../../src/flows/repair-work/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { bandsPng } from '../support/png.ts';
import { chatDriver, loadDemoSchools } from '../support/chat.ts';
import { startTestService } from '../support/service.ts';

/**
 * The issue's headline story played on the chat simulator page in Chromium, on a phone: a teacher reports a
 * DLTV fault with a photo from the camera roll, a technician takes it, sets the visit with the date-time
 * picker and resolves it with a photo, and the teacher confirms and rates. People are registered through the
 * scripting API (the registration page test covers that part).
 */

// Monday 09:00, later than the machine's clock: the inbox takes events whose time has come by the service's clock.
const clock = bangkokTime('2027-03-01', '09:00');
const NUMBER = formatTicketNumber(fiscalYearOf(clock), 1);

let service: RunningService;
let browser: Browser;
let chat: ReturnType<typeof chatDriver>;
let teacherId = '';
let technicianId = '';

beforeAll(async () => {
  service = await startTestService({}, { now: () => clock });
  chat = chatDriver(service);
  await loadDemoSchools(service);
  teacherId = await chat.newUser('ครูสมศรี ใจดี');
  await chat.follow(teacherId);
  await chat.tap(teacherId, registrationLabels.consentYes);
  await chat.tap(teacherId, registrationLabels.asTeacher);
  await chat.say(teacherId, 'หนองบัวทอง');
  await chat.tap(teacherId, 'บ้านหนองบัวทอง');
  await chat.say(teacherId, 'สมศรี ใจดี');
  await chat.say(teacherId, '0812345678');

  const { code } = await issueInvitation(service.database.db, { officeId: DEFAULT_OFFICE_ID, role: 'technician', schoolId: null, createdBy: null, now: clock });
  technicianId = await chat.newUser('ช่างสมชาย');
  await chat.follow(technicianId);
  await chat.tap(technicianId, registrationLabels.consentYes);
  await chat.tap(technicianId, registrationLabels.haveInvitation);
  await chat.say(technicianId, code);
  await chat.say(technicianId, 'สมชาย ช่างดี');
  await chat.say(technicianId, '0898765432');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

const botSays = (page: Page, text: string) => page.locator('.row.bot', { hasText: text }).last().waitFor();
const chip = (page: Page, label: string) => page.locator('#quick-replies .chip', { hasText: label });

async function openAs(userId: string, name: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, PHONE_VIEWPORT);
  await opened.page.goto(`${service.url}/emulator/#user=${userId}`);
  await opened.page.locator('#chat-sub', { hasText: name }).waitFor();
  return opened;
}

async function typeAndSend(page: Page, text: string): Promise<void> {
  const keyboard = page.getByRole('button', { name: 'แป้นพิมพ์ (keyboard)' });
  if (await keyboard.isVisible()) await keyboard.click();
  await page.locator('#text-input').fill(text);
  await page.locator('#send').click();
}

/** A button on the latest Flex card that has it. */
const cardButton = (page: Page, label: string) => page.locator('.row.bot button.fx-button', { hasText: label }).last();

describe('a repair ticket’s life on the chat simulator page', () => {
  it('teacher reports with a camera-roll photo; technician takes it, sets the visit with the picker and resolves; teacher confirms and rates', async () => {
    const teacher = await openAs(teacherId, 'ครูสมศรี ใจดี');
    const t = teacher.page;

    // แจ้งซ่อม from the teacher's rich menu.
    const menu = t.locator('.richmenu-board[data-rich-menu-name^="esa:teacher:"]');
    await menu.waitFor({ state: 'attached' });
    if (await menu.isHidden()) await t.locator('#chat-bar').click();
    await menu.getByRole('button', { name: MENU_COMMANDS.reportFault }).click();
    await botSays(t, reportTexts.chooseGroup);
    await chip(t, reportLabels.groups.dltv).click();
    await chip(t, 'ไม่มีสัญญาณ').click();
    await botSays(t, reportTexts.askDescription('ไม่มีสัญญาณ'));
    await typeAndSend(t, 'ทีวีห้อง ป.4/1 ขึ้นว่าไม่มีสัญญาณตั้งแต่เช้า');
    await botSays(t, reportTexts.askPhotos);
    expect(await t.locator('#quick-replies .chip').allTextContents()).toEqual([
      `📷${reportLabels.camera}`,
      `🖼️${reportLabels.cameraRoll}`,
      reportLabels.noPhoto,
    ]);

    // The camera roll opens the file chooser; the chosen PNG goes to the bot, which downloads it at once.
    const photo = bandsPng(60, 40, [[30, 30, 160], [220, 220, 220], [30, 30, 160]]);
    const chooser = t.waitForEvent('filechooser');
    await chip(t, reportLabels.cameraRoll).click();
    await (await chooser).setFiles({ name: 'tv-no-signal.png', mimeType: 'image/png', buffer: photo });
    await botSays(t, reportTexts.photoReceived(1));
    await t.locator('.row.user img.picture-img').waitFor();
    await chip(t, reportLabels.photosDone).click();
    await botSays(t, reportTexts.askClassroom);
    await typeAndSend(t, 'ป.4/1');
    await botSays(t, reportTexts.askTeaching);
    await chip(t, reportLabels.teachingStopped).click();

    // The summary card, then the number in the reply.
    const summary = t.locator('.row.bot', { hasText: reportTexts.summaryTitle }).last();
    await summary.waitFor();
    for (const shown of ['ไม่มีสัญญาณ', 'ทีวีห้อง ป.4/1 ขึ้นว่าไม่มีสัญญาณตั้งแต่เช้า', '1 รูป', 'ป.4/1']) await summary.getByText(shown).first().waitFor();
    await saveScreenshot(t, 'repair-phone-teacher-summary');
    await summary.locator('button.fx-button', { hasText: reportLabels.confirm }).click();
    await botSays(t, `รับแจ้งซ่อมแล้วค่ะ เลขที่ ${NUMBER}`);
    await saveScreenshot(t, 'repair-phone-teacher-number');
    expect(NUMBER).toMatch(/^ซ่อม 25\d\d\/0001$/);

    const [ticket] = await listTickets(service.database.db, DEFAULT_OFFICE_ID);
    expect(ticket).toMatchObject({ number: NUMBER, status: 'new', priority: 'urgent', classroom: 'ป.4/1' });
    const reportPhotos = await listMedia(service.database.db, TICKET_MEDIA_OWNER, ticket!.id);
    expect(reportPhotos.map((m) => m.purpose)).toEqual(['report']);
    expect((await getMediaContent(service.database.db, DEFAULT_OFFICE_ID, reportPhotos[0]!.id))?.content.equals(photo)).toBe(true);

    // The technician's phone shows the pushed card with รับงาน.
    const technician = await openAs(technicianId, 'ช่างสมชาย');
    const k = technician.page;
    const alert = k.locator('.row.bot', { hasText: NUMBER }).last();
    await alert.waitFor();
    await alert.getByText('ครูสมศรี').or(alert.getByText('สมศรี ใจดี')).first().waitFor();
    await saveScreenshot(k, 'repair-phone-technician-alert');
    await alert.locator('button.fx-button', { hasText: W.accept }).click();
    await botSays(k, WT.accepted(NUMBER));

    // The visit from the date-time picker on the card.
    await cardButton(k, W.visit).click();
    const picker = k.locator('dialog.picker input[type=datetime-local]');
    await picker.fill('2027-03-02T10:00');
    await k.getByRole('button', { name: 'ตกลง (OK)' }).click();
    await botSays(k, 'นัดเข้าซ่อมงาน');
    await botSays(k, '2 มีนาคม 2570 เวลา 10:00 น.');

    // Resolved: what was done, the parts, and a photo from the + menu.
    await cardButton(k, W.resolve).click();
    await botSays(k, WT.askResolution);
    await typeAndSend(k, 'เปลี่ยนหัว LNB และปรับมุมจาน');
    await botSays(k, WT.askParts);
    await typeAndSend(k, 'LNB 1 ตัว');
    await botSays(k, WT.askPhoto);
    const after = bandsPng(60, 40, [[40, 160, 40], [240, 240, 240]]);
    const afterChooser = k.waitForEvent('filechooser');
    await k.locator('#attach').click();
    await k.locator('[data-attach=image]').click();
    await (await afterChooser).setFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: after });
    await botSays(k, WT.resolved(NUMBER));
    await saveScreenshot(k, 'repair-phone-technician-resolved');
    expect(technician.errors).toEqual([]);
    await k.context().close();

    // Back on the teacher's phone: the visit push, then "please confirm" with the school's buttons.
    await botSays(t, '2 มีนาคม 2570 เวลา 10:00 น.');
    await botSays(t, WT.toReporterResolved(NUMBER, 'เปลี่ยนหัว LNB และปรับมุมจาน'));
    await chip(t, trackLabels.confirm).click();
    await botSays(t, trackTexts.confirmed(NUMBER));
    await chip(t, trackLabels.scores[4]).click();
    await botSays(t, trackTexts.thanks(5));
    await saveScreenshot(t, 'repair-phone-teacher-rated');
    expect(teacher.errors).toEqual([]);
    await t.context().close();

    const timeline = await ticketTimeline(service.database.db, ticket!.id);
    expect(timeline.map((e) => e.action)).toEqual(['created', 'accepted', 'scheduled', 'resolved', 'confirmed', 'rated']);
    const [done] = await listTickets(service.database.db, DEFAULT_OFFICE_ID);
    expect(done).toMatchObject({ status: 'confirmed', rating: 5, visitAt: bangkokTime('2027-03-02', '10:00'), partsUsed: 'LNB 1 ตัว' });
    const media = await listMedia(service.database.db, TICKET_MEDIA_OWNER, ticket!.id);
    expect(media.map((m) => m.purpose)).toEqual(['report', 'resolution']);
    expect((await getMediaContent(service.database.db, DEFAULT_OFFICE_ID, media[1]!.id))?.content.equals(after)).toBe(true);
  });
});

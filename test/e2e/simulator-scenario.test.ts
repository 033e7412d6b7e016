import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { ROLE_LABELS } from '../../src/domain/roles.ts';
import { issueInvitation } from '../../src/flows/directory/issue-invitation.ts';
import { myInfoLabels } from '../../src/flows/my-info/messages.ts';
import { registrationLabels, registrationTexts } from '../../src/flows/registration/messages.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { DESKTOP_VIEWPORT, launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { loadDemoSchools } from '../support/chat.ts';
import { startTestService } from '../support/service.ts';

/** The issue's story, played by a person on the simulator page against the whole service. */
describe('people register and get their menus through the chat simulator', () => {
  let service: RunningService;
  let browser: Browser;

  beforeAll(async () => {
    service = await startTestService();
    await loadDemoSchools(service);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  const botSays = (page: Page, text: string) => page.locator('.row.bot .bubble', { hasText: text }).last().waitFor();

  /** Taps a quick reply; its displayText (the label unless said) appears as the person's bubble. */
  async function tapQuickReply(page: Page, label: string, shown = label): Promise<void> {
    await page.locator('#quick-replies').getByRole('button', { name: label, exact: true }).click();
    await page.locator('.row.user').getByText(shown, { exact: true }).last().waitFor();
  }

  async function typeAndSend(page: Page, text: string): Promise<void> {
    const keyboard = page.getByRole('button', { name: 'แป้นพิมพ์ (keyboard)' });
    if (await keyboard.isVisible()) await keyboard.click();
    await page.locator('#text-input').fill(text);
    await page.locator('#send').click();
  }

  async function newFriend(page: Page, name: string): Promise<void> {
    await page.goto(`${service.url}/emulator/`);
    // On a phone the users live in a drawer behind ☰.
    const drawer = page.getByRole('button', { name: 'เลือกผู้ใช้ (users)', exact: true });
    if (await drawer.isVisible()) await drawer.click();
    await page.locator('input[name=displayName]').fill(name);
    await page.getByRole('button', { name: 'สร้างผู้ใช้ (Create)' }).click();
    await page.locator('.user-item.selected', { hasText: name }).waitFor({ state: 'attached' });
    // The follow brings the greeting and the consent question (PDPA) with its two answers.
    await botSays(page, 'ยินยอมให้เก็บข้อมูลไหมคะ');
    expect(await page.locator('#quick-replies .chip').allTextContents()).toEqual([registrationLabels.consentYes, registrationLabels.consentNo]);
  }

  /** The role family's menu, shown open under the chat. */
  async function menuOf(page: Page, family: string) {
    const board = page.locator(`.richmenu-board[data-rich-menu-name^="esa:${family}:"]`);
    await board.waitFor({ state: 'attached' });
    if (await board.isHidden()) await page.locator('#chat-bar').click();
    await board.waitFor();
    return board;
  }

  it('a new teacher follows, consents, finds a school by name, registers, sees the teacher’s menu and opens ข้อมูลของฉัน', async () => {
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    await newFriend(page, 'ครูสมศรี');
    // Before registering, everyone sees the guest menu.
    await menuOf(page, 'guest');

    await tapQuickReply(page, registrationLabels.consentYes);
    await botSays(page, registrationTexts.choosePath);
    await tapQuickReply(page, registrationLabels.asTeacher);
    await botSays(page, registrationTexts.askSchool);
    await typeAndSend(page, 'หนองบัว');
    await botSays(page, 'พบโรงเรียนเหล่านี้ค่ะ');
    expect(await page.locator('#quick-replies .chip').allTextContents()).toEqual(['บ้านหนองบัวทอง', 'บ้านหนองบัวแดง', registrationLabels.noneOfThese]);
    await tapQuickReply(page, 'บ้านหนองบัวทอง', 'โรงเรียนบ้านหนองบัวทอง');
    await botSays(page, 'โรงเรียน: โรงเรียนบ้านหนองบัวทอง');
    await typeAndSend(page, 'สมศรี ใจดี');
    await botSays(page, registrationTexts.askPhone);
    await typeAndSend(page, '081-234-5678');
    await botSays(page, 'ลงทะเบียนเรียบร้อยแล้วค่ะ');

    const menu = await menuOf(page, 'teacher');
    expect(await page.locator('#chat-bar-text').textContent()).toBe('เมนูครู');
    await menu.getByRole('button', { name: MENU_COMMANDS.myInfo }).click();
    await botSays(page, `บทบาท: ${ROLE_LABELS.teacher}`);
    await botSays(page, 'ชื่อ: สมศรี ใจดี');
    await page.locator('#quick-replies .chip', { hasText: myInfoLabels.editName }).waitFor();
    await saveScreenshot(page, 'scenario-phone-teacher-my-info');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an invited technician redeems a code and gets the technician’s menu', async () => {
    const invitation = await issueInvitation(service.database.db, {
      officeId: DEFAULT_OFFICE_ID,
      role: 'technician',
      schoolId: null,
      createdBy: null,
      now: new Date(),
    });
    const { page, errors } = await openPage(browser, DESKTOP_VIEWPORT);
    await newFriend(page, 'ช่างสมชาย');
    await tapQuickReply(page, registrationLabels.consentYes);
    await tapQuickReply(page, registrationLabels.haveInvitation);
    await botSays(page, registrationTexts.askCode);
    await typeAndSend(page, invitation.code);
    await botSays(page, `บทบาท: ${ROLE_LABELS.technician}`);
    await typeAndSend(page, 'สมชาย ช่างดี');
    await botSays(page, registrationTexts.askPhone);
    await typeAndSend(page, '091 234 5678');
    await botSays(page, 'ลงทะเบียนเรียบร้อยแล้วค่ะ');

    const menu = await menuOf(page, 'technician');
    expect(await page.locator('#chat-bar-text').textContent()).toBe('เมนูช่าง');
    expect(await menu.getByRole('button', { name: MENU_COMMANDS.newJobs }).count()).toBe(1);
    await saveScreenshot(page, 'scenario-desktop-technician');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

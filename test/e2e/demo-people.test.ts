import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import type { Database } from '../../src/db/database.ts';
import { people } from '../../src/db/schema.ts';
import { ROLE_LABELS, richMenuFamilyOf, type Role } from '../../src/domain/roles.ts';
import { DEMO_PEOPLE } from '../../src/flows/directory/demo-people.ts';
import { myInfoTexts } from '../../src/flows/my-info/messages.ts';
import { MENU_COMMANDS } from '../../src/line/rich-menus/commands.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { createTestDatabase } from '../support/database.ts';
import { freePort, startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { emulatorClient } from '../support/service.ts';

/**
 * `npm start` (src/main.ts as a process, the embedded database in DATA_DIR, the local LINE platform) on a
 * fresh folder: the demo people are there to be tried, one per role, each with their role's rich menu in the
 * chat simulator on a phone-sized screen; a restart makes none twice; with DATABASE_URL nobody is made.
 */

interface ListedUser {
  userId: string;
  displayName: string;
  following: boolean;
  richMenuId?: string;
  roleLabel?: string;
}

const ROLES_WANTED: Role[] = ['teacher', 'school_director', 'technician', 'group_director', 'area_director', 'saraban_clerk', 'admin'];
const DEMO = { DEMO_PEOPLE: 'true', LOG_LEVEL: 'info' };

const listUsers = async (service: ServiceProcess) =>
  (await emulatorClient(`${service.url}/emulator/api`).call<{ users: ListedUser[] }>('GET', '/users')).users;

describe('demo people on `npm start`', () => {
  let dataDir: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-demo-people-'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a fresh start brings one registered person per role; each is picked in a few taps and sees their role’s menu; a restart makes none twice', async () => {
    let firstListing: ListedUser[];
    const first = await startServiceProcess(await freePort(), { DATA_DIR: dataDir, ...DEMO });
    try {
      const users = await listUsers(first);
      // One per role, in the order the simulator lists them, each a friend of the bot with the role beside the name.
      expect(users.map((u) => u.roleLabel)).toEqual(ROLES_WANTED.map((role) => ROLE_LABELS[role]));
      for (const user of users) {
        expect(user.displayName).toContain('(ตัวอย่าง)');
        expect(user.following).toBe(true);
        expect(user.richMenuId).toBeDefined();
      }
      firstListing = users;

      const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
      await page.goto(`${first.url}/emulator/`);
      for (const [index, role] of ROLES_WANTED.entries()) {
        const person = DEMO_PEOPLE.find((p) => p.role === role)!;
        const label = ROLE_LABELS[role];
        // Tap ☰, tap the person: the role is beside the name in the list.
        await page.getByRole('button', { name: 'เลือกผู้ใช้ (users)', exact: true }).click();
        const item = page.locator(`.user-item[data-user-id="${person.lineUserId}"]`);
        await item.waitFor();
        expect(await item.locator('.user-role').textContent()).toBe(label);
        if (index === 0) {
          expect(await page.locator('.user-item .user-role').allTextContents()).toEqual(ROLES_WANTED.map((r) => ROLE_LABELS[r]));
          await saveScreenshot(page, 'demo-people-switcher-phone');
        }
        await item.click();
        await page.locator('#chat-sub', { hasText: `${person.displayName} · ${label}` }).waitFor();

        // Their role's menu (not the unregistered one) is under the chat; its ข้อมูลของฉัน tile shows who they are.
        const board = page.locator(`#richmenu .richmenu-board[data-rich-menu-name^="esa:${richMenuFamilyOf(role)}:"]`);
        await board.waitFor({ state: 'attached' });
        await page.locator('#chat-bar').click();
        await board.getByRole('button', { name: MENU_COMMANDS.myInfo }).click();
        const details = page.locator('.row.bot', { hasText: `บทบาท: ${label}` });
        await details.waitFor();
        expect(await details.textContent()).toContain(person.fullName);
        if (role === 'technician') await saveScreenshot(page, 'demo-people-technician-phone');
      }
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startServiceProcess(await freePort(), { DATA_DIR: dataDir, ...DEMO });
    try {
      // The same seven LINE users with the same roles and menus: nobody made twice.
      const again = await listUsers(second);
      expect(again.map(({ userId, displayName, roleLabel, richMenuId }) => ({ userId, displayName, roleLabel, richMenuId }))).toEqual(
        firstListing.map(({ userId, displayName, roleLabel, richMenuId }) => ({ userId, displayName, roleLabel, richMenuId })),
      );
      expect(second.output()).not.toContain('demo people created');
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 300_000);

  it('with DATABASE_URL (a PostgreSQL server) nobody is made, even in emulator mode', async () => {
    let database: Database | undefined;
    const serverDataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-demo-server-'));
    try {
      database = await createTestDatabase();
      const service = await startServiceProcess(await freePort(), { DATA_DIR: serverDataDir, DATABASE_URL: database.url, ...DEMO });
      try {
        expect(await listUsers(service)).toEqual([]);
        expect(await database.db.select().from(people).where(eq(people.role, 'admin'))).toEqual([]);
        expect(await database.db.select().from(people)).toEqual([]);
      } finally {
        expect(await service.stop()).toBe(0);
      }
    } finally {
      await database?.close();
      await rm(serverDataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

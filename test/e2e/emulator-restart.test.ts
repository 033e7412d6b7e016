import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { EMULATOR_DIR } from '../../src/app.ts';
import { EMULATOR_STATE_FILE } from '../../src/emulator/persistence.ts';
import { registrationLabels, registrationTexts } from '../../src/flows/registration/messages.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { eventually, freePort, startServiceProcess } from '../support/processes.ts';
import { emulatorClient, type ConversationEntry } from '../support/service.ts';

/**
 * `npm start` in emulator mode, stopped and started again on the same DATA_DIR, as a person trying the bot
 * locally would: the simulated users, their conversations (both directions), their rich-menu links and what
 * the simulator page shows are all still there.
 */

interface UserView {
  userId: string;
  displayName: string;
  following: boolean;
  richMenuId?: string;
}

type Client = ReturnType<typeof emulatorClient>;

/** Does `act` and returns the bot's messages that answer it (waits for the first one to arrive). */
async function answered(client: Client, userId: string, act: () => Promise<unknown>): Promise<ConversationEntry[]> {
  const before = (await client.conversation(userId)).entries.at(-1)?.seq ?? 0;
  await act();
  const fromBot: ConversationEntry[] = [];
  // Until the bot has said something and then nothing more for a moment (one answer may be several messages).
  for (let after = before; ; ) {
    const { entries } = await client.conversation(userId, { after, waitMs: fromBot.length > 0 ? 500 : 15_000 });
    if (entries.length === 0) {
      if (fromBot.length > 0) return fromBot;
      throw new Error('the bot did not answer');
    }
    fromBot.push(...entries.filter((e) => e.direction === 'bot'));
    after = entries.at(-1)!.seq;
  }
}

/** Taps the quick reply with this label on the bot's latest message. */
async function tap(client: Client, userId: string, label: string): Promise<ConversationEntry[]> {
  const { entries } = await client.conversation(userId);
  const last = entries.filter((e) => e.direction === 'bot').at(-1);
  const items = (last?.message.quickReply as { items: Array<{ action: { label: string; data: string; displayText?: string } }> } | undefined)?.items ?? [];
  const action = items.find((i) => i.action.label === label)?.action;
  if (!action) throw new Error(`no quick reply "${label}"`);
  return answered(client, userId, () => client.call('POST', `/users/${userId}/postbacks`, { data: action.data, displayText: action.displayText ?? label }));
}

describe('the local LINE platform across a restart of `npm start`', () => {
  let dataDir: string;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'esa-line-emulator-restart-'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the simulated users, their conversations both ways, their rich-menu links and what the simulator page shows', async () => {
    let userId: string;
    let users: UserView[];
    let conversation: ConversationEntry[];
    let menu: { richMenuId: string; imageUrl: string };
    let menuImage: Buffer;

    const first = await startServiceProcess(await freePort(), { DATA_DIR: dataDir });
    try {
      const client = emulatorClient(`${first.url}/emulator/api`);
      ({ userId } = await client.createUser('ครูสมหญิง จำได้'));
      const welcome = await answered(client, userId, () => client.follow(userId));
      expect(welcome.map((e) => e.message.text).join('\n')).toContain(registrationTexts.consent);
      await tap(client, userId, registrationLabels.consentYes);
      await tap(client, userId, registrationLabels.asTeacher);
      await answered(client, userId, () => client.sendText(userId, 'หนองบัวทอง'));
      await tap(client, userId, 'บ้านหนองบัวทอง');
      await answered(client, userId, () => client.sendText(userId, 'สมหญิง จำได้'));
      const done = await answered(client, userId, () => client.sendText(userId, '081-234-5678'));
      expect(done.map((e) => e.message.text).join('\n')).toContain('ลงทะเบียนเรียบร้อยแล้ว');

      // The teacher's own menu is linked to them (not the unregistered default).
      const { users: listed } = await eventually(
        () => client.call<{ users: UserView[] }>('GET', '/users'),
        (r) => r.users.some((u) => u.userId === userId && u.richMenuId !== undefined),
      );
      users = listed;
      conversation = (await client.conversation(userId)).entries;
      expect(conversation.some((e) => e.direction === 'user')).toBe(true);
      expect(conversation.some((e) => e.direction === 'bot')).toBe(true);
      ({ richMenu: menu } = await client.call<{ richMenu: { richMenuId: string; imageUrl: string } }>('GET', `/users/${userId}/richmenu`));
      expect(menu.richMenuId).toBe(users.find((u) => u.userId === userId)!.richMenuId);
      menuImage = Buffer.from(await (await fetch(`${first.url}/emulator/${menu.imageUrl}`)).arrayBuffer());
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(existsSync(path.join(dataDir, EMULATOR_DIR, EMULATOR_STATE_FILE))).toBe(true);

    const second = await startServiceProcess(await freePort(), { DATA_DIR: dataDir });
    try {
      const client = emulatorClient(`${second.url}/emulator/api`);
      const after = await client.call<{ users: UserView[] }>('GET', '/users');
      expect(after.users).toEqual(users);
      expect((await client.conversation(userId)).entries).toEqual(conversation);
      const { richMenu } = await client.call<{ richMenu: { richMenuId: string; imageUrl: string } }>('GET', `/users/${userId}/richmenu`);
      expect(richMenu).toEqual(menu);
      expect(Buffer.from(await (await fetch(`${second.url}/emulator/${richMenu.imageUrl}`)).arrayBuffer()).equals(menuImage)).toBe(true);

      // The chat goes on where it was: the bot knows the teacher, answers with a (free) reply, and the log
      // carries on after the entries kept.
      const hello = await answered(client, userId, () => client.sendText(userId, 'สวัสดีค่ะ'));
      expect(hello.every((e) => e.via === 'reply')).toBe(true);
      expect(hello[0]!.seq).toBeGreaterThan(conversation.at(-1)!.seq);
      expect(hello.map((e) => e.message.text ?? '').join('\n')).not.toContain(registrationTexts.consent);

      // The simulator page (phone-sized) shows the teacher, the earlier chat and their menu.
      const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
      await page.goto(`${second.url}/emulator/#user=${userId}`);
      await page.locator('#chat-sub', { hasText: 'ครูสมหญิง จำได้' }).waitFor();
      await page.locator('.row.user .bubble', { hasText: 'สมหญิง จำได้' }).first().waitFor();
      await page.locator('.row.bot', { hasText: 'ลงทะเบียนเรียบร้อยแล้ว' }).waitFor();
      await page.locator(`.richmenu-board[data-rich-menu-id="${menu.richMenuId}"]`).waitFor({ state: 'attached' });
      await saveScreenshot(page, 'simulator-after-restart');
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      expect(await second.stop()).toBe(0);
    }
    // What the second run added is kept too.
    const kept = JSON.parse(await readFile(path.join(dataDir, EMULATOR_DIR, EMULATOR_STATE_FILE), 'utf8')) as {
      conversations: Array<{ userId: string; entries: ConversationEntry[] }>;
    };
    const entries = kept.conversations.find((c) => c.userId === userId)!.entries;
    expect(entries.some((e) => e.message.text === 'สวัสดีค่ะ')).toBe(true);
  }, 180_000);
});

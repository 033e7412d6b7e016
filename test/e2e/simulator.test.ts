import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { RunningService } from '../../src/app.ts';
import { greetingTexts, helpCard, helpText } from '../../src/flows/greeting/messages.ts';
import { SERVICES } from '../../src/flows/greeting/services.ts';
import { DESKTOP_VIEWPORT, launchBrowser, openPage, PHONE_VIEWPORT, saveScreenshot } from '../support/browser.ts';
import { bandsPng } from '../support/png.ts';
import { emulatorClient, startTestService, type ConversationEntry } from '../support/service.ts';

// The evaluate callbacks run in the page; the project's TypeScript has no DOM library.
declare function getComputedStyle(node: unknown): { backgroundColor: string; color: string; flexDirection: string; alignItems: string };

describe('the chat simulator page', () => {
  let service: RunningService;
  let emulator: ReturnType<typeof emulatorClient>;
  let token: string;
  let browser: Browser;
  // A second channel whose webhook goes nowhere: the action tests see exactly what they push, with no bot
  // answer racing in to replace the quick replies, and no menus of the service's own.
  const quiet = { channelId: 'simulator-quiet', channelSecret: 'quiet-secret-0123456789', channelAccessToken: 'quiet-token-0123456789abcdef' };

  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'esa-sim-'));
    service = await startTestService({ DATA_DIR: dataDir });
    emulator = emulatorClient(`${service.url}/emulator/api`);
    token = (JSON.parse(await readFile(path.join(dataDir, 'local-line-channel.json'), 'utf8')) as { channelAccessToken: string })
      .channelAccessToken;
    service.emulator!.addChannel({ ...quiet, webhookUrl: 'http://127.0.0.1:9/webhook' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  /** The bot's side of LINE: a call to the Messaging API with the channel's token. */
  async function lineApi(method: string, route: string, body?: unknown, contentType = 'application/json', bearer = token): Promise<unknown> {
    const res = await fetch(`${service.url}/emulator${route}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  const push = (to: string, messages: unknown[], bearer = token) =>
    lineApi('POST', '/v2/bot/message/push', { to, messages }, 'application/json', bearer);
  const quietApi = (method: string, route: string, body?: unknown, contentType?: string) =>
    lineApi(method, route, body, contentType, quiet.channelAccessToken);
  const quietPush = (to: string, messages: unknown[]) => push(to, messages, quiet.channelAccessToken);
  const quietUser = async (displayName: string) =>
    (await emulator.call<{ userId: string }>('POST', '/users', { displayName, channelId: quiet.channelId })).userId;

  /** Types and sends like a person: with a rich menu showing, first switch to the keyboard. */
  async function typeAndSend(page: Page, text: string): Promise<void> {
    const keyboard = page.getByRole('button', { name: 'แป้นพิมพ์ (keyboard)' });
    if (await keyboard.isVisible()) await keyboard.click();
    await page.locator('#text-input').fill(text);
    await page.locator('#send').click();
  }

  async function createUserOnPage(page: Page, name: string): Promise<string> {
    await page.locator('input[name=displayName]').fill(name);
    await page.getByRole('button', { name: 'สร้างผู้ใช้ (Create)' }).click();
    await page.locator('.user-item.selected', { hasText: name }).waitFor();
    const userId = (await page.locator('#selected-id').textContent()) ?? '';
    expect(userId).toMatch(/^U[0-9a-f]{32}$/);
    return userId;
  }

  /** The user's entries after `after`, waiting until one matches. */
  async function waitForEntry(userId: string, after: number, match: (e: ConversationEntry) => boolean): Promise<ConversationEntry> {
    for (;;) {
      const { entries } = await emulator.conversation(userId, { after, waitMs: 10000 });
      const hit = entries.find(match);
      if (hit) return hit;
      if (entries.length === 0) throw new Error('no matching conversation entry arrived');
      after = entries[entries.length - 1]!.seq;
    }
  }

  async function lastSeq(userId: string): Promise<number> {
    const { entries } = await emulator.conversation(userId);
    return entries.at(-1)?.seq ?? 0;
  }

  it('creates a user who follows, chats, and sees the bot’s answers as LINE would show them', async () => {
    const { page, errors } = await openPage(browser, DESKTOP_VIEWPORT);
    const response = await page.goto(`${service.url}/emulator`);
    expect(new URL(page.url()).pathname).toBe('/emulator/');
    // A Content-Security-Policy: the page's own scripts, styles and API only (a violation would be a console error below).
    const csp = (await response!.allHeaders())['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const userId = await createUserOnPage(page, 'ครูสมศรี ใจดี');

    // The follow event went out and the bot's welcome is on screen.
    await page.locator('.row.bot').first().waitFor();
    const botRowsBefore = await page.locator('.row.bot').count();

    await typeAndSend(page, 'สวัสดี');
    await page.locator('.row.user .bubble', { hasText: 'สวัสดี' }).waitFor();
    await page.locator('.row.bot').nth(botRowsBefore).waitFor();

    // The greeting's help card (Flex) and its quick replies, exactly as the bot sends them.
    const card = helpCard();
    const quick = helpText();
    await push(userId, [card, quick]);
    await page.locator('.fx-bubble .fx-text', { hasText: greetingTexts.cardTitle }).waitFor();
    const bubble = page.locator('.fx-bubble').last();
    expect(await bubble.locator('.fx-button-primary').textContent()).toBe(greetingTexts.labels.repair);
    // The card's two buttons are the first two services that work (the catalogue, src/flows/greeting/services.ts).
    expect(await bubble.locator('.fx-button-secondary').textContent()).toBe(greetingTexts.labels[SERVICES.filter((s) => s.open)[1]!.topic]);
    expect(await bubble.locator('.fx-header').evaluate((n) => getComputedStyle(n.firstElementChild!).backgroundColor)).toBe('rgb(30, 78, 140)');
    const chips = page.locator('#quick-replies .chip');
    await chips.first().waitFor();
    expect(await chips.allTextContents()).toEqual(Object.values(greetingTexts.labels));

    // A quick reply is a postback whose displayText shows as the person's bubble; the bot answers it.
    const bookingItem = (quick as { quickReply: { items: Array<{ action: { label: string; data: string } }> } }).quickReply.items.find(
      (i) => i.action.label === greetingTexts.labels.booking,
    )!;
    const before = await lastSeq(userId);
    const rowsBeforeTap = await page.locator('.row.bot').count();
    await chips.filter({ hasText: greetingTexts.labels.booking }).click();
    const postback = await waitForEntry(userId, before, (e) => e.message.type === 'postback');
    expect(postback.message).toEqual({ type: 'postback', data: bookingItem.action.data, displayText: greetingTexts.labels.booking });
    await page.locator('.row.user .bubble', { hasText: greetingTexts.labels.booking }).waitFor();
    await page.locator('.row.bot').nth(rowsBeforeTap).waitFor();
    expect(await page.locator('#quick-replies').isHidden()).toBe(true);

    await page.setViewportSize(PHONE_VIEWPORT);
    await saveScreenshot(page, 'simulator-phone-chat');
    await page.setViewportSize(DESKTOP_VIEWPORT);
    await saveScreenshot(page, 'simulator-desktop-chat');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('sends what each kind of action sends: date picker params, a picture, a location, a message, a link', async () => {
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    const userId = await quietUser('ครูวิทยา ทดสอบ');
    await page.goto(`${service.url}/emulator/#user=${userId}`);
    await page.locator('#chat-sub', { hasText: 'ครูวิทยา ทดสอบ' }).waitFor();

    await quietPush(userId, [
      {
        type: 'template',
        altText: 'นัดหมาย',
        template: {
          type: 'buttons',
          title: 'นัดหมายช่างซ่อม',
          text: 'เลือกวันเวลาที่สะดวก\nหรือส่งตำแหน่งโรงเรียน',
          actions: [
            { type: 'datetimepicker', label: 'เลือกวันเวลา', data: 'appt=1', mode: 'datetime', initial: '2025-06-10T09:00', min: '2025-06-01T08:00', max: '2025-06-30T16:30' },
            { type: 'message', label: 'ขอเบอร์ช่าง', text: 'ขอเบอร์โทรช่างค่ะ' },
            { type: 'uri', label: 'เว็บไซต์ สพท.', uri: 'https://example.org/esa?x=1' },
          ],
        },
      },
      {
        type: 'text',
        text: 'แนบรูปหรือเลือกวันได้เลยค่ะ 😊',
        quickReply: {
          items: [
            { type: 'action', action: { type: 'datetimepicker', label: 'เลือกวันที่', data: 'day=1', mode: 'date', initial: '2025-06-10', min: '2025-06-01', max: '2025-06-30' } },
            { type: 'action', action: { type: 'cameraRoll', label: 'เลือกรูป' } },
            { type: 'action', action: { type: 'camera', label: 'ถ่ายรูป' } },
            { type: 'action', action: { type: 'location', label: 'ส่งตำแหน่ง' } },
          ],
        },
      },
    ]);
    const chips = page.locator('#quick-replies .chip');
    await chips.first().waitFor();
    expect(await chips.allTextContents()).toEqual(['📅เลือกวันที่', '🖼️เลือกรูป', '📷ถ่ายรูป', '📍ส่งตำแหน่ง']);

    // Date picker: a native date input honouring initial/min/max; the chosen date goes out as params.
    let after = await lastSeq(userId);
    await chips.filter({ hasText: 'เลือกวันที่' }).click();
    const dateInput = page.locator('dialog.picker input[type=date]');
    expect(await dateInput.inputValue()).toBe('2025-06-10');
    expect(await dateInput.getAttribute('min')).toBe('2025-06-01');
    expect(await dateInput.getAttribute('max')).toBe('2025-06-30');
    await dateInput.fill('2025-06-12');
    await page.getByRole('button', { name: 'ตกลง (OK)' }).click();
    const datePostback = await waitForEntry(userId, after, (e) => e.message.type === 'postback');
    expect(datePostback.message).toEqual({ type: 'postback', data: 'day=1', params: { date: '2025-06-12' } });

    // The same from a template button in datetime mode.
    after = await lastSeq(userId);
    await page.locator('.tpl-action', { hasText: 'เลือกวันเวลา' }).click();
    const dateTimeInput = page.locator('dialog.picker input[type=datetime-local]');
    expect(await dateTimeInput.inputValue()).toBe('2025-06-10T09:00');
    await dateTimeInput.fill('2025-06-11T13:30');
    await page.getByRole('button', { name: 'ตกลง (OK)' }).click();
    const dateTimePostback = await waitForEntry(userId, after, (e) => e.message.type === 'postback');
    expect(dateTimePostback.message).toEqual({ type: 'postback', data: 'appt=1', params: { datetime: '2025-06-11T13:30' } });

    // Camera roll: the chosen file's bytes arrive as an image message the bot can download.
    await quietPush(userId, [{ type: 'text', text: 'ส่งรูปได้เลยค่ะ', quickReply: { items: [{ type: 'action', action: { type: 'cameraRoll', label: 'เลือกรูป' } }] } }]);
    await chips.filter({ hasText: 'เลือกรูป' }).waitFor();
    after = await lastSeq(userId);
    const picture = bandsPng(40, 30, [[200, 30, 30], [30, 200, 30]]);
    const chooser = page.waitForEvent('filechooser');
    await chips.filter({ hasText: 'เลือกรูป' }).click();
    await (await chooser).setFiles({ name: 'broken-projector.png', mimeType: 'image/png', buffer: picture });
    const imageEntry = await waitForEntry(userId, after, (e) => e.message.type === 'image');
    const content = await fetch(`${service.url}/emulator/v2/bot/message/${String(imageEntry.message.id)}/content`, {
      headers: { authorization: `Bearer ${quiet.channelAccessToken}` },
    });
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(picture)).toBe(true);
    await page.locator('.row.user img.picture-img').waitFor();

    // Location: a preset Thai place, no map needed.
    await quietPush(userId, [{ type: 'text', text: 'อยู่ที่ไหนคะ', quickReply: { items: [{ type: 'action', action: { type: 'location', label: 'ส่งตำแหน่ง' } }] } }]);
    await chips.filter({ hasText: 'ส่งตำแหน่ง' }).waitFor();
    after = await lastSeq(userId);
    await chips.filter({ hasText: 'ส่งตำแหน่ง' }).click();
    await page.locator('dialog.picker select').selectOption({ label: 'ประตูท่าแพ' });
    await page.getByRole('button', { name: 'ตกลง (OK)' }).click();
    const location = await waitForEntry(userId, after, (e) => e.message.type === 'location');
    expect(location.message).toMatchObject({ type: 'location', title: 'ประตูท่าแพ', latitude: 18.7877, longitude: 98.9933 });

    // A message action sends its text as the person's message.
    after = await lastSeq(userId);
    await page.locator('.tpl-action', { hasText: 'ขอเบอร์ช่าง' }).click();
    const text = await waitForEntry(userId, after, (e) => e.direction === 'user');
    expect(text.message).toMatchObject({ type: 'text', text: 'ขอเบอร์โทรช่างค่ะ' });

    // A URI action opens a new tab (answered here: the machine has no network).
    await page.context().route('https://example.org/**', (route) => route.fulfill({ contentType: 'text/html', body: '<p>ok</p>' }));
    const popup = page.context().waitForEvent('page');
    await page.locator('.tpl-action', { hasText: 'เว็บไซต์ สพท.' }).click();
    const opened = await popup;
    await opened.waitForLoadState('domcontentloaded');
    expect(opened.url()).toBe('https://example.org/esa?x=1');

    expect(errors.filter((e) => !/ERR_|Failed to load resource/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('lays out a Flex carousel the way LINE does: sizes, rows, spacing, colours, spans and clamped text', async () => {
    const { page, errors } = await openPage(browser, DESKTOP_VIEWPORT);
    const userId = await quietUser('ผู้ออกแบบ การ์ด');
    await page.goto(`${service.url}/emulator/#user=${userId}`);
    await page.locator('#chat-sub', { hasText: 'ผู้ออกแบบ การ์ด' }).waitFor();
    const row = (label: string, value: string) => ({
      type: 'box', layout: 'baseline', spacing: 'sm',
      contents: [
        { type: 'icon', url: 'https://example.org/icon.png', size: 'sm' },
        { type: 'text', text: label, color: '#8c8c8c', size: 'sm', flex: 2 },
        { type: 'text', text: value, wrap: true, color: '#111111', size: 'sm', flex: 5 },
      ],
    });
    const ticket = {
      type: 'bubble', size: 'kilo',
      hero: { type: 'image', url: 'https://example.org/hero.png', size: 'full', aspectRatio: '20:13', aspectMode: 'cover' },
      body: {
        type: 'box', layout: 'vertical', spacing: 'md',
        contents: [
          { type: 'text', text: 'ใบแจ้งซ่อม #1024', weight: 'bold', size: 'xl' },
          { type: 'text', contents: [{ type: 'span', text: 'สถานะ: ' }, { type: 'span', text: 'กำลังดำเนินการ', color: '#e67e22', weight: 'bold' }] },
          { type: 'separator' },
          row('โรงเรียน', 'โรงเรียนบ้านหนองบัววิทยาคาร อำเภอเมือง'),
          row('อาการ', 'โปรเจกเตอร์ห้องประชุมเปิดไม่ติด มีไฟกะพริบสีส้ม'),
          {
            type: 'box', layout: 'horizontal', cornerRadius: 'md', borderWidth: 'light', borderColor: '#1e4e8c', paddingAll: 'md', backgroundColor: '#eef4fb',
            contents: [
              { type: 'text', text: 'ช่างสมชาย', size: 'sm', flex: 0 },
              { type: 'filler' },
              { type: 'text', text: '08:30 น.', size: 'sm', align: 'end', color: '#1e4e8c' },
            ],
          },
          { type: 'text', text: 'บรรทัดแรก\nบรรทัดที่สอง\nบรรทัดที่สาม ซึ่งไม่ควรแสดง', wrap: true, maxLines: 2, size: 'xs' },
        ],
      },
      footer: {
        type: 'box', layout: 'horizontal', spacing: 'sm',
        contents: [
          { type: 'button', style: 'primary', color: '#1e4e8c', action: { type: 'postback', label: 'รับงาน', data: 'take=1024' } },
          { type: 'button', style: 'secondary', action: { type: 'message', label: 'สอบถาม', text: 'สอบถามงาน 1024' } },
        ],
      },
      styles: { footer: { separator: true } },
    };
    await quietPush(userId, [
      { type: 'flex', altText: 'ใบแจ้งซ่อม', contents: { type: 'carousel', contents: [ticket, { ...ticket, size: 'micro' }] } },
      { type: 'template', altText: 'ยืนยัน', template: { type: 'confirm', text: 'ยืนยันการปิดงานนี้ไหมคะ', actions: [{ type: 'message', label: 'ใช่', text: 'ใช่' }, { type: 'message', label: 'ไม่ใช่', text: 'ไม่ใช่' }] } },
      { type: 'sticker', packageId: '446', stickerId: '1988' },
    ]);
    const bubbles = page.locator('.fx-carousel .fx-bubble');
    await bubbles.nth(1).waitFor();
    expect((await bubbles.nth(0).boundingBox())!.width).toBe(260);
    expect((await bubbles.nth(1).boundingBox())!.width).toBe(160);
    const first = bubbles.nth(0);
    const baseline = first.locator('.fx-baseline').first();
    expect(await baseline.evaluate((n) => [getComputedStyle(n).flexDirection, getComputedStyle(n).alignItems])).toEqual(['row', 'baseline']);
    // flex 2 : 5 between label and value.
    const [label, value] = await Promise.all([0, 1].map(async (i) => (await baseline.locator('.fx-text').nth(i).boundingBox())!.width));
    expect(value! / label!).toBeCloseTo(2.5, 0);
    expect(await first.locator('.fx-span').nth(1).evaluate((n) => getComputedStyle(n).color)).toBe('rgb(230, 126, 34)');
    const clamped = first.locator('.fx-clamp');
    expect(await clamped.evaluate((n) => n.scrollHeight > n.clientHeight)).toBe(true);
    expect(await first.locator('.fx-button-primary').evaluate((n) => getComputedStyle(n).backgroundColor)).toBe('rgb(30, 78, 140)');
    await page.locator('.tpl-confirm .tpl-action', { hasText: 'ไม่ใช่' }).waitFor();
    await page.locator('.sticker').waitFor();
    await saveScreenshot(page, 'simulator-desktop-flex');
    expect(errors.filter((e) => !/ERR_|Failed to load resource/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('shows the rich menu linked to the user with tappable areas and LINE’s chat bar', async () => {
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT);
    const userId = await quietUser('ครูมานี มีเมนู');
    const { richMenuId } = (await quietApi('POST', '/v2/bot/richmenu', {
      size: { width: 2500, height: 843 },
      selected: true,
      name: 'simulator-test',
      chatBarText: 'เมนูทดสอบ',
      areas: [
        { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'postback', label: 'แจ้งซ่อม', data: 'menu=repair', displayText: 'แจ้งซ่อม' } },
        { bounds: { x: 1250, y: 0, width: 1250, height: 843 }, action: { type: 'message', label: 'ข้อมูลของฉัน', text: 'ข้อมูลของฉัน' } },
      ],
    })) as { richMenuId: string };
    await quietApi('POST', `/v2/bot/richmenu/${richMenuId}/content`, bandsPng(2500, 843, [[30, 78, 140], [6, 199, 85]]), 'image/png');
    await quietApi('POST', `/v2/bot/user/${userId}/richmenu/${richMenuId}`);

    await page.goto(`${service.url}/emulator/#user=${userId}`);
    const board = page.locator(`.richmenu-board[data-rich-menu-id="${richMenuId}"]`);
    await board.waitFor();
    expect(await page.locator('#chat-bar-text').textContent()).toBe('เมนูทดสอบ');
    expect(await board.locator('img.richmenu-img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(2500);
    const areas = board.locator('.richmenu-area');
    expect(await areas.count()).toBe(2);
    const box = await board.boundingBox();
    const left = await areas.nth(0).boundingBox();
    expect(left!.width).toBeCloseTo(box!.width / 2, 0);

    let after = await lastSeq(userId);
    await page.getByRole('button', { name: 'แจ้งซ่อม' }).click();
    const postback = await waitForEntry(userId, after, (e) => e.message.type === 'postback');
    expect(postback.message).toEqual({ type: 'postback', data: 'menu=repair', displayText: 'แจ้งซ่อม' });
    await page.locator('.row.user .bubble', { hasText: 'แจ้งซ่อม' }).waitFor();

    after = await lastSeq(userId);
    await page.getByRole('button', { name: 'ข้อมูลของฉัน' }).click();
    const message = await waitForEntry(userId, after, (e) => e.direction === 'user');
    expect(message.message).toMatchObject({ type: 'text', text: 'ข้อมูลของฉัน' });
    await saveScreenshot(page, 'simulator-phone-richmenu');

    // The chat bar folds the menu away and back; the keyboard button swaps the menu for the text input.
    await page.locator('#chat-bar').click();
    expect(await board.isHidden()).toBe(true);
    await page.locator('#chat-bar').click();
    expect(await board.isVisible()).toBe(true);
    await page.getByRole('button', { name: 'แป้นพิมพ์ (keyboard)' }).click();
    expect(await page.locator('#text-input').isVisible()).toBe(true);
    expect(await board.isHidden()).toBe(true);
    await page.getByRole('button', { name: 'ริชเมนู (rich menu)' }).click();
    expect(await board.isVisible()).toBe(true);

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows message times and days in Bangkok time even when the browser is in another time zone', async () => {
    // A browser in New York (11 or 12 hours behind Bangkok): times and days shown must still be Bangkok's.
    const { page, errors } = await openPage(browser, PHONE_VIEWPORT, { timezoneId: 'America/New_York' });
    const userId = await quietUser('ครูต่างแดน เวลาไทย');
    await quietPush(userId, [{ type: 'text', text: 'เวลาไทยนะคะ' }]);
    await page.goto(`${service.url}/emulator/#user=${userId}`);
    const row = page.locator('.row.bot', { hasText: 'เวลาไทยนะคะ' });
    await row.waitFor();
    const { entries } = await emulator.conversation(userId);
    const at = new Date(entries.at(-1)!.at);
    const bangkok = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('th-TH', { timeZone: 'Asia/Bangkok', ...options }).format(at);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    expect(await row.locator('.meta').textContent()).toBe(`${bangkok({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} · push`);
    // The day above the messages is Bangkok's day, with the Buddhist year (2500 and more).
    const day = await page.locator('.day-separator').last().textContent();
    expect(day).toBe(bangkok({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }));
    expect(day).toMatch(/25\d\d/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('on a phone-sized screen keeps the users in a drawer and still lets the person pick one', async () => {
    const { page } = await openPage(browser, PHONE_VIEWPORT);
    const { userId } = await emulator.createUser('ผู้ใช้ในลิ้นชัก');
    await page.goto(`${service.url}/emulator/`);
    await page.locator('.empty').waitFor();
    expect(await page.locator('#panel').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'เลือกผู้ใช้ (users)', exact: true }).click();
    await page.locator(`.user-item[data-user-id="${userId}"]`).click();
    await page.locator('#chat-sub', { hasText: 'ผู้ใช้ในลิ้นชัก' }).waitFor();
    expect(await page.locator('body.panel-open').count()).toBe(0);
    await page.context().close();
  });
});

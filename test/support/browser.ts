import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Headless Chromium for page tests: Debian's `chromium` package driven by playwright-core. No browser is ever
 * downloaded; CHROMIUM_PATH overrides where it is.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const PHONE_VIEWPORT = { width: 390, height: 844 };
export const DESKTOP_VIEWPORT = { width: 1366, height: 900 };

/**
 * A fresh page (own context: storage, cookies) with the given viewport; browser errors fail loudly in tests.
 * The browser is in Bangkok unless `timezoneId` says otherwise (a phone abroad, a developer's laptop).
 */
export async function openPage(
  browser: Browser,
  viewport = DESKTOP_VIEWPORT,
  options: { timezoneId?: string } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'th-TH', timezoneId: options.timezoneId ?? 'Asia/Bangkok' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { page, errors };
}

export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');

/** Saves a screenshot under test-artifacts/ (gitignored) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** What a page offers to tap: buttons, fields and links, and a choice's whole line (its label). */
const TAP_TARGETS = 'main button, main select, main textarea, main a[href], main input:not([type=radio]):not([type=checkbox]):not([type=hidden]), main label.choice';

/**
 * The shown tap targets of the page smaller than `min` px either way (44 px: Apple's and the W3C's minimum for a
 * finger), each as the start of its markup and its size; [] when every one is big enough.
 */
export async function smallTapTargets(page: Page, min = 44): Promise<Array<{ target: string; width: number; height: number }>> {
  return page.evaluate<Array<{ target: string; width: number; height: number }>>(`[...document.querySelectorAll(${JSON.stringify(TAP_TARGETS)})]
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => { const r = e.getBoundingClientRect(); return { target: e.outerHTML.slice(0, 100), width: r.width, height: r.height }; })
    .filter((t) => t.width < ${min} || t.height < ${min})`);
}

/** Whether the page scrolls sideways at its viewport's width (it must not, on a phone). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.scrollingElement.scrollWidth > window.innerWidth');
}

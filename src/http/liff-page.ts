import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { LiffSettings } from '../line/liff.ts';
import { BUDDHIST_ERA_OFFSET } from '../domain/fiscal-year.ts';
import { THAI_MONTH_NAMES } from '../domain/report-period.ts';
import { liffTexts } from './liff-messages.ts';

/**
 * The shell of a page opened from LINE: a small HTML page whose inline script gets the viewer's ID token and
 * calls the page's JSON API with it. With LINE the token comes from LINE's LIFF SDK (`liff.init`, then
 * `liff.getIDToken()`); in emulator mode from the fragment the chat simulator adds (`#idToken=…`), kept in the
 * tab's sessionStorage and removed from the address bar at once. Nothing is loaded from outside the service
 * in emulator mode; every page has a Content-Security-Policy with a fresh nonce for its scripts.
 */

export const LIFF_SDK_URL = 'https://static.line-scdn.net/liff/edge/2/sdk.js';
/** The LINE servers the LIFF SDK reaches (API, login, its own pages, LINE's content network). */
const LINE_HOSTS = 'https://*.line.me https://*.line-scdn.net';

export interface LiffPage {
  title: string;
  /** Browser JS run after the helpers below; call `start(async () => { … })`. */
  script: string;
  /** Texts the script reads as `T.<key>` (besides the common ones). */
  texts?: Record<string, string>;
  /** CSS of this page only, after the common style. */
  style?: string;
}

const STYLE = `
:root { color-scheme: light; --green: #06c755; --ink: #1f2328; --muted: #5b6470; --line: #e3e6ea; --red: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 "Sarabun", "Noto Sans Thai", system-ui, sans-serif; color: var(--ink); background: #f5f6f8; }
header { background: var(--green); color: #fff; padding: 12px 16px; font-weight: 600; }
main { max-width: 720px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.2rem; margin: 0 0 12px; }
h2 { font-size: 1rem; margin: 0 0 8px; font-weight: 600; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; margin-bottom: 12px; }
.muted { color: var(--muted); }
.notice { background: #fff; border-radius: 12px; padding: 16px; border: 1px solid var(--line); }
.notice.refused { border-color: #f4c7c3; background: #fff5f4; color: var(--red); }
dl { display: grid; grid-template-columns: minmax(6.5em, max-content) 1fr; gap: 6px 12px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: .85rem; background: #eef1f4; margin-right: 4px; }
.badge.secret { background: #fde8e7; color: var(--red); font-weight: 600; }
.badge.urgent { background: #fff1d6; color: #8a4b00; }
ul.files, ol.history { padding-left: 1.2em; margin: 0; }
ul.files li, ol.history li { margin: 6px 0; }
a.file, button { font: inherit; }
button.file { border: 1px solid var(--line); background: #fff; border-radius: 8px; padding: 6px 10px; cursor: pointer; text-align: left; width: 100%; }
label.field { display: block; margin: 0 0 10px; }
label.field input, label.field textarea { display: block; width: 100%; font: inherit; padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px; }
label.field textarea { min-height: 5em; }
button.primary { border: 0; background: var(--green); color: #fff; border-radius: 8px; padding: 8px 18px; cursor: pointer; }
button.primary:disabled { opacity: .6; }
h3 { font-size: .95rem; margin: 14px 0 6px; }
.scroll { overflow-x: auto; }
table.data { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
table.data th { color: var(--muted); font-weight: 600; }
table.data td.num, table.data th.num { text-align: right; white-space: nowrap; }
td.good { color: #137333; } td.bad { color: var(--red); }
figure.chart { margin: 12px 0; } figure.chart img { width: 100%; height: auto; display: block; }
figure.chart figcaption { font-weight: 600; font-size: .9rem; margin-bottom: 4px; }
.small { font-size: .8rem; }
@media (max-width: 420px) { dl { grid-template-columns: 1fr; } dt { margin-top: 6px; } }
`;

const CLIENT = String.raw`
const CONFIG = JSON.parse(document.getElementById('liff-config').textContent);
const T = CONFIG.texts;
const app = document.getElementById('app');
const TOKEN_KEY = 'liff.idToken';
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
/** "28 กุมภาพันธ์ 2570" for a YYYY-MM-DD the page holds (a date input's value); '' for anything else. */
const THAI_MONTHS = ${JSON.stringify(THAI_MONTH_NAMES)};
function thaiDate(key) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key || '');
  return m ? Number(m[3]) + ' ' + THAI_MONTHS[Number(m[2]) - 1] + ' ' + (Number(m[1]) + ${BUDDHIST_ERA_OFFSET}) : '';
}
function show(...nodes) { app.replaceChildren(...nodes); }
function notice(text, kind) { const p = el('p', 'notice' + (kind ? ' ' + kind : ''), text); p.dataset.testid = 'notice'; show(p); }
class ApiError extends Error { constructor(status, message) { super(message); this.status = status; } }
let idToken = null;
async function getIdToken() {
  if (CONFIG.mode === 'line') {
    await liff.init({ liffId: CONFIG.liffId });
    if (!liff.isLoggedIn()) { liff.login({ redirectUri: location.href }); return new Promise(() => {}); }
    return liff.getIDToken();
  }
  const found = /(?:^#|&)idToken=([^&]+)/.exec(location.hash);
  if (found) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(found[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}
async function call(path) {
  const res = await fetch(CONFIG.api + path, { headers: { authorization: 'Bearer ' + idToken }, cache: 'no-store' });
  if (!res.ok) {
    let message = T.failed;
    try { message = (await res.json()).message || message; } catch {}
    throw new ApiError(res.status, message);
  }
  return res;
}
async function api(path) { return (await call(path)).json(); }
async function start(render) {
  try {
    if (CONFIG.mode === 'off') return notice(T.notSetUp, 'refused');
    idToken = await getIdToken();
    if (!idToken) return notice(T.openFromLine, 'refused');
    await render();
  } catch (error) {
    notice(error instanceof ApiError ? error.message : T.failed, 'refused');
  }
}
`;

/** JSON inside a <script type="application/json">: nothing in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Sends a page shell. `apiBase` is where the page's JSON API is (e.g. `/liff/api`). */
export function sendLiffPage(res: Response, settings: LiffSettings | undefined, apiBase: string, page: LiffPage): void {
  const nonce = randomBytes(16).toString('base64');
  const mode = settings?.mode ?? 'off';
  const config = { mode, liffId: settings?.liffId ?? null, api: apiBase, texts: { ...liffTexts, ...page.texts } };
  const sdk = mode === 'line' ? `<script src="${LIFF_SDK_URL}" charset="utf-8"></script>\n` : '';
  const line = mode === 'line';
  // With LINE the SDK talks to LINE's servers and may add its own frames and styles; in emulator mode the
  // page needs nothing but this service.
  // Nothing from outside but LINE's: the SDK's script, and the LINE servers it talks to.
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'${line ? ' https://static.line-scdn.net' : ''}`,
    `style-src 'nonce-${nonce}'${line ? " 'unsafe-inline'" : ''}`,
    `connect-src 'self'${line ? ` ${LINE_HOSTS}` : ''}`,
    `img-src 'self' data: blob:${line ? ` ${LINE_HOSTS}` : ''}`,
    ...(line ? [`frame-src ${LINE_HOSTS}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  res.setHeader('content-security-policy', csp);
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  res.type('html').send(`<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">${STYLE}${page.style ?? ''}</style>
</head>
<body>
<header>${escapeHtml(liffTexts.pageTitle)}</header>
<main id="app" aria-live="polite"><p class="muted">${escapeHtml(liffTexts.loading)}</p></main>
<script type="application/json" id="liff-config">${scriptJson(config)}</script>
${line ? sdk.replace('<script ', `<script nonce="${nonce}" `) : ''}<script nonce="${nonce}">
${CLIENT}
${page.script}
</script>
</body>
</html>`);
}

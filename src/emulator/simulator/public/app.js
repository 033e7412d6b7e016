// The chat simulator: pick or create a LINE user, chat with the bot, tap what it sends, use its rich menu.
import { api, ApiError, fileToBase64 } from './api.js';
import { createActionRunner } from './actions.js';
import { createClockControl } from './clock.js';
import { el } from './dom.js';
import { renderBotMessage, renderUserMessage } from './messages.js';
import { renderRichMenu } from './richmenu.js';

const $ = (id) => document.getElementById(id);
const STORAGE_KEY = 'line-simulator-user';
const LONG_POLL_MS = 20000;
const MENU_REFRESH_MS = 2500;

const state = {
  users: [],
  userId: undefined,
  lastSeq: 0,
  entries: [],
  abort: undefined,
  menu: undefined,
  menuOpen: true,
  mode: 'keyboard',
};

// The bot writes Bangkok times, so the chat shows them too, whatever zone the browser is in (Thai style: the
// Buddhist year, 24-hour clock).
const ZONE = 'Asia/Bangkok';
const timeFormat = new Intl.DateTimeFormat('th-TH', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat('th-TH', { timeZone: ZONE, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const fullFormat = new Intl.DateTimeFormat('th-TH', { timeZone: ZONE, dateStyle: 'long', timeStyle: 'medium' });

function toast(text) {
  const node = $('toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (node.hidden = true), 4000);
}

const currentUser = () => state.users.find((u) => u.userId === state.userId);
// The demo people (src/flows/directory/demo-people.ts) are registered users whose names say "(ตัวอย่าง)".
const hasDemoPeople = () => state.users.some((u) => u.roleLabel && u.displayName.includes('(ตัวอย่าง)'));

const runAction = createActionRunner({
  userId: () => state.userId,
  toast,
  prefill(text) {
    const input = $('text-input');
    input.value = text;
    input.focus();
  },
  setMenu(how) {
    if (!state.menu) return;
    state.mode = 'menu';
    state.menuOpen = how === 'open';
    renderComposer();
  },
  keyboard() {
    state.mode = 'keyboard';
    renderComposer();
  },
  refreshRichMenu: () => refreshRichMenu(),
});

function onAction(action) {
  hideQuickReplies();
  runAction(action);
}

// ---------- users ----------

async function loadUsers() {
  const { users } = await api.listUsers();
  state.users = users;
  renderUsers();
}

function renderUsers() {
  const list = $('user-list');
  list.replaceChildren();
  $('no-users').hidden = state.users.length > 0;
  for (const user of state.users) {
    const item = el('li');
    const button = el('button', user.userId === state.userId ? 'user-item selected' : 'user-item', {
      type: 'button',
      dataset: { userId: user.userId },
      'aria-pressed': String(user.userId === state.userId),
    });
    // The role the service knows them by (a demo person's, or one registered in chat): pick "the technician" at a glance.
    const text = el('span', 'user-text');
    text.append(el('span', 'user-name', { text: user.displayName }));
    if (user.roleLabel) text.append(el('span', 'user-role', { text: user.roleLabel }));
    button.append(avatar(user), text, el('span', user.following ? 'badge ok' : 'badge off', { text: user.following ? 'เพื่อน' : 'บล็อก' }));
    button.addEventListener('click', () => selectUser(user.userId));
    item.append(button);
    list.append(item);
  }
  const user = currentUser();
  $('user-actions').hidden = !user;
  $('chat-sub').textContent = user
    ? `คุยในชื่อ ${user.displayName}${user.roleLabel ? ` · ${user.roleLabel}` : ''}`
    : 'ยังไม่ได้เลือกผู้ใช้ (no user)';
  $('users-hint').hidden = !hasDemoPeople();
  if (user) {
    $('selected-name').textContent = user.displayName;
    $('selected-role').textContent = user.roleLabel ?? 'ยังไม่ได้ลงทะเบียน (not registered)';
    $('selected-id').textContent = user.userId;
    $('selected-status').textContent = user.following ? 'เป็นเพื่อนกับบอท (following)' : 'บล็อกบอทอยู่ (blocked)';
  }
  renderComposer();
}

function avatar(user) {
  const node = el('span', 'avatar');
  if (user.pictureUrl) node.append(el('img', '', { src: user.pictureUrl, alt: '' }));
  else node.textContent = [...(user.displayName ?? '?')][0] ?? '?';
  return node;
}

async function selectUser(userId) {
  state.abort?.abort();
  state.userId = userId;
  state.lastSeq = 0;
  state.entries = [];
  state.menu = undefined;
  localStorage.setItem(STORAGE_KEY, userId ?? '');
  $('chat').replaceChildren();
  $('richmenu').replaceChildren();
  hideQuickReplies();
  document.body.classList.remove('panel-open');
  renderUsers();
  renderEmptyState();
  if (!userId) return;
  poll(userId);
  await refreshRichMenu();
}

async function createUser(form) {
  const data = new FormData(form);
  const displayName = String(data.get('displayName') ?? '').trim();
  if (!displayName) return;
  let pictureUrl;
  const file = data.get('picture');
  if (file instanceof File && file.size > 0) {
    ({ pictureUrl } = await api.uploadPicture(await fileToBase64(file), file.type || 'image/jpeg'));
  }
  const { userId } = await api.createUser(displayName, pictureUrl);
  form.reset();
  await loadUsers();
  await selectUser(userId);
  if (data.get('follow')) await follow(true);
}

async function follow(yes) {
  const userId = state.userId;
  if (!userId) return;
  const result = yes ? await api.follow(userId) : await api.unfollow(userId);
  if (result.status < 200 || result.status >= 300) toast(`บอทตอบกลับด้วยสถานะ ${result.status || 'ติดต่อไม่ได้'}`);
  await loadUsers();
}

// ---------- conversation ----------

function renderEmptyState() {
  if (state.userId) return;
  const empty = el('div', 'empty');
  empty.append(el('p', '', { text: 'เลือกหรือสร้างผู้ใช้ LINE จำลองเพื่อเริ่มแชทกับบอท' }), el('p', 'muted', { text: 'Pick or create a simulated LINE user to start.' }));
  // A fresh `npm start` has demo people, registered one per role: say so, they are the quickest way in.
  if (hasDemoPeople()) {
    empty.append(el('p', 'small', { text: 'มีผู้ใช้ “(ตัวอย่าง)” ที่ลงทะเบียนไว้แล้วบทบาทละหนึ่งคน (ครู ผอ.โรงเรียน ช่าง ผอ.กลุ่ม ผอ.สพป. ธุรการ ผู้ดูแลระบบ) เลือกแล้วลองได้ทันที' }));
  }
  const open = el('button', 'primary', { type: 'button', text: 'เลือกผู้ใช้ (Users)' });
  open.addEventListener('click', () => document.body.classList.add('panel-open'));
  empty.append(open);
  $('chat').replaceChildren(empty);
}

async function poll(userId) {
  const abort = new AbortController();
  state.abort = abort;
  while (state.userId === userId && !abort.signal.aborted) {
    try {
      const { entries } = await api.conversation(userId, state.lastSeq, LONG_POLL_MS, abort.signal);
      if (abort.signal.aborted) return;
      if (entries.length > 0) {
        appendEntries(entries);
        refreshRichMenu();
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      if (error instanceof ApiError && error.status === 404) {
        toast('ไม่พบผู้ใช้นี้แล้ว (the emulator was reset?)');
        await loadUsers().catch(() => {});
        selectUser(undefined);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }
}

/** LINE puts the day between messages of different days; here the day in Bangkok. */
function daySeparator(entry, previous) {
  const day = dayKeyFormat.format(new Date(entry.at));
  if (previous && dayKeyFormat.format(new Date(previous.at)) === day) return undefined;
  return el('div', 'day-separator', { text: dayFormat.format(new Date(entry.at)), dataset: { day } });
}

function renderEntries(entries, previous) {
  const rows = [];
  for (const entry of entries) {
    const separator = daySeparator(entry, previous);
    if (separator) rows.push(separator);
    const row = renderEntry(entry);
    if (row) rows.push(row);
    previous = entry;
  }
  return rows;
}

function appendEntries(entries) {
  const chat = $('chat');
  const nearBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 120;
  chat.append(...renderEntries(entries, state.entries[state.entries.length - 1]));
  for (const entry of entries) {
    state.lastSeq = Math.max(state.lastSeq, entry.seq);
    state.entries.push(entry);
  }
  renderQuickReplies();
  const last = entries[entries.length - 1];
  if (nearBottom || last?.direction === 'user') chat.scrollTop = chat.scrollHeight;
}

function renderEntry(entry) {
  const fromBot = entry.direction === 'bot';
  const content = fromBot ? renderBotMessage(entry.message, { onAction }) : renderUserMessage(entry.message);
  const showJson = $('show-json').checked;
  if (!content && !showJson) return undefined;
  const row = el('div', `row ${fromBot ? 'bot' : 'user'}`, {
    dataset: { seq: String(entry.seq), type: entry.message?.type ?? '', via: entry.via },
  });
  if (fromBot) {
    const sender = entry.message?.sender;
    row.append(el('span', 'avatar bot-avatar', { text: sender?.name ? [...sender.name][0] : 'บอท', 'aria-hidden': 'true' }));
  }
  const column = el('div', 'msg');
  if (content) column.append(content);
  const at = new Date(entry.at);
  const meta = el('span', 'meta', { text: timeFormat.format(at), title: fullFormat.format(at) });
  if (fromBot && entry.via !== 'reply') meta.textContent += ` · ${entry.via}`;
  const line = el('div', 'msg-line');
  line.append(column, meta);
  row.append(line);
  if (!showJson) return row;
  const details = el('details', 'raw');
  details.append(el('summary', '', { text: `JSON · ${entry.message?.type ?? ''}` }), el('pre', '', { text: JSON.stringify(entry.message, null, 2) }));
  column.append(details);
  return row;
}

// LINE shows the quick replies of the last message only, until the person sends anything.
function renderQuickReplies() {
  const last = state.entries[state.entries.length - 1];
  const items = last?.direction === 'bot' ? last.message?.quickReply?.items : undefined;
  const bar = $('quick-replies');
  bar.replaceChildren();
  if (!items?.length) return hideQuickReplies();
  const icons = { camera: '📷', cameraRoll: '🖼️', location: '📍', datetimepicker: '📅' };
  for (const item of items) {
    const action = item.action ?? {};
    const label = action.label ?? action.text ?? '';
    const chip = el('button', 'chip', { type: 'button', dataset: { actionType: action.type } });
    if (item.imageUrl) chip.append(el('img', 'chip-icon', { src: item.imageUrl, alt: '' }));
    else if (icons[action.type]) chip.append(el('span', 'chip-icon', { text: icons[action.type], 'aria-hidden': 'true' }));
    chip.append(el('span', '', { text: label }));
    chip.addEventListener('click', () => onAction(action));
    bar.append(chip);
  }
  bar.hidden = false;
}

function hideQuickReplies() {
  $('quick-replies').hidden = true;
}

// ---------- rich menu and composer ----------

async function refreshRichMenu() {
  const userId = state.userId;
  if (!userId) return;
  let menu;
  try {
    ({ richMenu: menu } = await api.richMenu(userId));
  } catch {
    return;
  }
  if (userId !== state.userId) return;
  const changed = (menu?.richMenuId ?? null) !== (state.menu?.richMenuId ?? null);
  if (!changed) return;
  // A menu that changes under a person's eyes means their role changed (registered, promoted): the list says so too.
  if (state.menu) loadUsers().catch(() => {});
  state.menu = menu ?? undefined;
  const holder = $('richmenu');
  holder.replaceChildren();
  if (state.menu) {
    holder.append(renderRichMenu(state.menu, onAction));
    state.mode = 'menu';
    state.menuOpen = state.menu.selected;
  } else {
    state.mode = 'keyboard';
  }
  renderComposer();
}

function renderComposer() {
  // Opening the menu shrinks the chat; a person reading the latest message should still see it.
  const chat = $('chat');
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 40;
  const user = currentUser();
  const blocked = user && !user.following;
  const hasMenu = Boolean(state.menu);
  const menuMode = hasMenu && state.mode === 'menu';
  $('composer').hidden = !user;
  $('blocked-note').hidden = !blocked;
  $('keyboard-bar').hidden = menuMode || blocked;
  $('menu-bar').hidden = !menuMode || blocked;
  $('menu-toggle').hidden = !hasMenu;
  $('chat-bar-text').textContent = state.menu?.chatBarText ?? 'เมนู';
  $('chat-bar').setAttribute('aria-expanded', String(menuMode && state.menuOpen));
  $('chat-bar-arrow').textContent = state.menuOpen ? '▾' : '▴';
  $('richmenu').hidden = !(menuMode && state.menuOpen) || blocked;
  $('attach-menu').hidden = true;
  if (atBottom) chat.scrollTop = chat.scrollHeight;
}

async function sendText(event) {
  event.preventDefault();
  const input = $('text-input');
  const text = input.value.trim();
  if (!text || !state.userId) return;
  input.value = '';
  hideQuickReplies();
  try {
    const result = await api.sendMessage(state.userId, { type: 'text', text });
    if (result.status < 200 || result.status >= 300) toast(`บอทตอบกลับด้วยสถานะ ${result.status || 'ติดต่อไม่ได้'}`);
  } catch (error) {
    toast(`ส่งไม่สำเร็จ: ${error.message}`);
    input.value = text;
  }
}

function wire() {
  $('create-user').addEventListener('submit', (event) => {
    event.preventDefault();
    createUser(event.target).catch((error) => toast(`สร้างผู้ใช้ไม่สำเร็จ: ${error.message}`));
  });
  $('follow').addEventListener('click', () => follow(true).catch((e) => toast(e.message)));
  $('unfollow').addEventListener('click', () => follow(false).catch((e) => toast(e.message)));
  $('send-form').addEventListener('submit', sendText);
  $('panel-open').addEventListener('click', () => {
    document.body.classList.add('panel-open');
    // A role given in chat meanwhile (a registration, an admin's change) shows beside the name.
    loadUsers().catch(() => {});
  });
  $('panel-close').addEventListener('click', () => document.body.classList.remove('panel-open'));
  $('menu-toggle').addEventListener('click', () => {
    state.mode = 'menu';
    state.menuOpen = true;
    renderComposer();
  });
  $('keyboard-toggle').addEventListener('click', () => {
    state.mode = 'keyboard';
    renderComposer();
    $('text-input').focus();
  });
  $('chat-bar').addEventListener('click', () => {
    state.menuOpen = !state.menuOpen;
    renderComposer();
  });
  $('attach').addEventListener('click', () => ($('attach-menu').hidden = !$('attach-menu').hidden));
  for (const button of document.querySelectorAll('[data-attach]')) {
    button.addEventListener('click', () => {
      $('attach-menu').hidden = true;
      const kind = button.dataset.attach;
      const action = { image: { type: 'cameraRoll' }, camera: { type: 'camera' }, location: { type: 'location' } }[kind];
      if (action) onAction(action);
      else if (kind === 'sticker') sendSticker();
    });
  }
  $('show-json').addEventListener('change', () => {
    $('chat').replaceChildren(...renderEntries(state.entries, undefined));
  });
  $('show-areas').addEventListener('change', () => document.body.classList.toggle('show-areas', $('show-areas').checked));
  setInterval(() => {
    if (document.visibilityState === 'visible') refreshRichMenu();
  }, MENU_REFRESH_MS);
}

async function sendSticker() {
  if (!state.userId) return;
  hideQuickReplies();
  await api.sendMessage(state.userId, { type: 'sticker', packageId: '446', stickerId: '1988' }).catch((e) => toast(e.message));
}

const clock = createClockControl({ $, toast, onMoved: () => refreshRichMenu() });

async function start() {
  wire();
  clock.wire();
  clock.refresh();
  await loadUsers().catch((error) => toast(`โหลดรายชื่อผู้ใช้ไม่ได้: ${error.message}`));
  const wanted = new URLSearchParams(location.hash.slice(1)).get('user') ?? localStorage.getItem(STORAGE_KEY);
  await selectUser(state.users.some((u) => u.userId === wanted) ? wanted : undefined);
}

start();

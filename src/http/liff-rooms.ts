import type express from 'express';
import type { Response } from 'express';
import { z } from 'zod';
import { bangkokDateKey } from '../domain/office-time.ts';
import { can } from '../domain/permissions.ts';
import { roomsDay, roomsPageTexts as R, roomsWeek } from '../flows/bookings/day-view.ts';
import { apiBaseOf, viewerOf, type LiffContext } from './liff.ts';
import { sendLiffPage } from './liff-page.ts';

/**
 * The rooms' page (GET /liff/rooms?date=YYYY-MM-DD, read-only; จองห้อง links to it): every room of the viewer's
 * office on a day, slot by slot, for anyone who may book. Reads only the viewer's office.
 */

const querySchema = z.object({ date: z.string().max(10).optional() });

export function registerRoomPages(input: { pages: express.Router; api: express.Router; context: LiffContext }): void {
  const { pages, api, context } = input;

  pages.get('/rooms', (req, res) => {
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: R.title, texts: { ...R }, script: ROOMS_SCRIPT, style: ROOMS_STYLE });
  });

  api.get('/rooms-day', async (req, res: Response) => {
    const { person } = viewerOf(res);
    if (!can(person.role, 'book_room')) return void res.status(403).json({ message: R.forbidden });
    const query = querySchema.safeParse(req.query);
    const today = bangkokDateKey(context.now());
    const view = query.success ? await roomsDay(context.database.db, person.officeId, person.id, query.data.date ?? today, today, context.now()) : null;
    if (!view) return void res.status(400).json({ message: R.badDate });
    res.json(view);
  });

  api.get('/rooms-week', async (req, res: Response) => {
    const { person } = viewerOf(res);
    if (!can(person.role, 'book_room')) return void res.status(403).json({ message: R.forbidden });
    const query = querySchema.safeParse(req.query);
    const today = bangkokDateKey(context.now());
    const view = query.success ? await roomsWeek(context.database.db, person.officeId, query.data.date ?? today, today, context.now()) : null;
    if (!view) return void res.status(400).json({ message: R.badDate });
    res.json(view);
  });
}

const ROOMS_STYLE = `
.nav { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin: 10px 0; }
.nav button { border: 1px solid var(--line); background: #fff; border-radius: 8px; padding: 6px 10px; cursor: pointer; }
.nav strong { flex: 1; text-align: center; }
.slots { display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 6px; margin-top: 8px; }
.slot { border-radius: 8px; padding: 6px; font-size: .85rem; text-align: center; line-height: 1.3; }
.slot small { display: block; font-size: .75rem; }
.slot.free { background: #e6f4ea; color: #137333; }
.slot.taken { background: #fde8e7; color: var(--red); }
.slot.mine { background: #e8f0fe; color: #1a4fb4; }
.slot.past, .slot.closed { background: #eef1f4; color: var(--muted); }
.nav button:disabled { opacity: .5; }
table.week { border-collapse: separate; border-spacing: 3px; width: 100%; font-size: .8rem; table-layout: fixed; }
table.week th.room { width: 7.5em; }
table.week th { color: var(--muted); font-weight: 600; text-align: center; }
table.week th.room { text-align: left; color: var(--ink); max-width: 7em; overflow-wrap: anywhere; }
table.week td.w { text-align: center; border-radius: 6px; padding: 6px 0; cursor: pointer; font-weight: 600; }
td.w.free { background: #e6f4ea; color: #137333; }
td.w.some { background: #fff1d6; color: #8a4b00; }
td.w.taken { background: #fde8e7; color: var(--red); }
td.w.closed { background: #eef1f4; color: var(--muted); cursor: default; }
`;

const ROOMS_SCRIPT = String.raw`
function modes(active, date) {
  const bar = el('div', 'nav');
  const day = el('button', '', T.dayMode);
  day.dataset.testid = 'day-mode';
  day.disabled = active === 'day';
  day.addEventListener('click', () => load(date));
  const week = el('button', '', T.weekMode);
  week.dataset.testid = 'week-mode';
  week.disabled = active === 'week';
  week.addEventListener('click', () => loadWeek(date));
  bar.append(day, week);
  return bar;
}
async function loadWeek(date) {
  const view = await api('/rooms-week' + (date ? '?date=' + encodeURIComponent(date) : ''));
  history.replaceState(null, '', location.pathname + '?week=' + encodeURIComponent(view.from));
  const head = el('section', 'card');
  const nav = el('div', 'nav');
  const prev = el('button', '', T.previousWeek);
  prev.dataset.testid = 'previous';
  prev.addEventListener('click', () => loadWeek(view.previous));
  const label = el('strong', '', view.label);
  label.dataset.testid = 'date';
  const next = el('button', '', T.nextWeek);
  next.dataset.testid = 'next';
  next.addEventListener('click', () => loadWeek(view.next));
  nav.append(prev, label, next);
  head.append(el('h1', '', T.title), modes('week', view.from), nav);
  const table = el('table', 'week');
  table.dataset.testid = 'week';
  const row = el('tr');
  row.append(el('th', '', ''));
  T.weekdays.split(',').forEach((d, i) => row.append(el('th', '', d + ' ' + view.days[i].day)));
  table.append(row);
  for (const room of view.rooms) {
    const tr = el('tr');
    tr.append(el('th', 'room', room.name));
    for (const day of room.days) {
      const level = day.all === 0 ? 'closed' : day.free === 0 ? 'taken' : day.free === day.all ? 'free' : 'some';
      const td = el('td', 'w ' + level, day.all === 0 ? '–' : String(day.free));
      td.dataset.date = day.date;
      td.dataset.free = String(day.free);
      td.title = day.all === 0 ? T.closed : T.freeOf.replace('{free}', day.free).replace('{all}', day.all);
      td.addEventListener('click', () => { if (day.all) load(day.date); });
      tr.append(td);
    }
    table.append(tr);
  }
  const wrap = el('section', 'card scroll');
  wrap.append(table);
  show(head, wrap);
}
async function load(date) {
  const view = await api('/rooms-day' + (date ? '?date=' + encodeURIComponent(date) : ''));
  history.replaceState(null, '', location.pathname + '?date=' + encodeURIComponent(view.date));
  const head = el('section', 'card');
  const h1 = el('h1', '', T.title);
  h1.dataset.testid = 'title';
  const nav = el('div', 'nav');
  const prev = el('button', '', T.previous);
  prev.dataset.testid = 'previous';
  prev.disabled = view.previous < view.today;
  prev.addEventListener('click', () => load(view.previous));
  const label = el('strong', '', view.label);
  label.dataset.testid = 'date';
  const next = el('button', '', T.next);
  next.dataset.testid = 'next';
  next.addEventListener('click', () => load(view.next));
  nav.append(prev, label, next);
  head.append(h1, el('p', 'muted small', T.intro), modes('day', view.date), nav);
  const parts = [head];
  if (!view.rooms.length) parts.push(el('p', 'muted', T.nothing));
  for (const room of view.rooms) {
    const card = el('section', 'card');
    card.dataset.testid = 'room';
    card.append(el('h2', '', room.name), el('p', 'muted small', T.capacity.replace('{n}', room.capacity) + (room.location ? ' · ' + room.location : '')));
    if (!room.slots.length) card.append(el('p', 'muted', T.closed));
    const grid = el('div', 'slots');
    for (const slot of room.slots) {
      const cell = el('div', 'slot ' + slot.state);
      cell.dataset.state = slot.state;
      cell.append(el('b', '', slot.from + '–' + slot.to), el('small', '', slot.title ? T.mine + ': ' + slot.title : T[slot.state]));
      grid.append(cell);
    }
    card.append(grid);
    parts.push(card);
  }
  show(...parts);
}
start(async () => {
  const query = new URLSearchParams(location.search);
  if (query.get('week')) await loadWeek(query.get('week'));
  else await load(query.get('date') || '');
});
`;

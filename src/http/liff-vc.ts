import type express from 'express';
import type { Response } from 'express';
import { z } from 'zod';
import { can } from '../domain/permissions.ts';
import { vcRepliesTexts as R } from '../flows/vc/messages.ts';
import { vcRepliesView } from '../flows/vc/replies-view.ts';
import { apiBaseOf, viewerOf, type LiffContext } from './liff.ts';
import { sendLiffPage } from './liff-page.ts';

/**
 * A video conference's replies (GET /liff/vc-sessions/:id; the session's card links to it) and their data
 * (GET /liff/api/vc-sessions/:id/replies): the counts, per district, who has not answered, who joins and who
 * attended, read again every 30 seconds while the page is open. Only for those who plan sessions (the officers and
 * the group director, `plan_vc_session`), and only their own office's sessions: another office's is "not found".
 */

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export function registerVcPages(input: { pages: express.Router; api: express.Router; context: LiffContext }): void {
  const { pages, api, context } = input;

  pages.get('/vc-sessions/:id', (req, res) => {
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: R.title, texts: { ...R }, script: REPLIES_SCRIPT, style: REPLIES_STYLE });
  });

  api.get('/vc-sessions/:id/replies', async (req, res: Response) => {
    const { person } = viewerOf(res);
    if (!can(person.role, 'plan_vc_session')) {
      context.logger.info({ personId: person.id, role: person.role }, 'vc replies page refused');
      return void res.status(403).json({ message: R.forbidden });
    }
    const id = idSchema.safeParse(req.params.id);
    const view = id.success ? await vcRepliesView(context.database.db, person.officeId, id.data, context.now()) : null;
    if (!view) return void res.status(404).json({ message: R.notFound });
    res.json(view);
  });
}

const REPLIES_STYLE = `
.counts { display: grid; grid-template-columns: repeat(5, 1fr); gap: 4px; margin: 10px 0 4px; }
.counts button { border: 1px solid var(--line); background: #fff; border-radius: 10px; padding: 6px 2px; cursor: pointer; line-height: 1.2; }
.counts button b { display: block; font-size: 1.3rem; }
.counts button small { font-size: .7rem; color: var(--muted); }
table.districts { font-size: .8rem; }
table.districts td:first-child { min-width: 6.5em; }
table.districts th, table.districts td { padding: 4px 3px; }
.counts button.on { border-color: var(--green); background: #e6f4ea; }
.bar { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.bar button { border: 1px solid var(--line); background: #fff; border-radius: 8px; padding: 4px 10px; cursor: pointer; }
ul.schools { list-style: none; padding: 0; margin: 0; }
ul.schools li { border-bottom: 1px solid var(--line); padding: 6px 0; overflow-wrap: anywhere; }
ul.schools li:last-child { border-bottom: 0; }
ul.schools li small { display: block; color: var(--muted); }
`;

const REPLIES_SCRIPT = String.raw`
const FILTERS = ['unanswered', 'joined', 'declined', 'attended', 'invited'];
const matches = {
  invited: () => true,
  joined: (s) => s.answer === 'join',
  declined: (s) => s.answer === 'decline',
  unanswered: (s) => s.answer === null,
  attended: (s) => s.attended,
};
let filter = 'unanswered';
let view = null;
function schoolList() {
  const card = el('section', 'card');
  card.dataset.testid = 'schools';
  const chosen = view.schools.filter(matches[filter]);
  card.append(el('h2', '', T[filter] + ' ' + chosen.length));
  if (!chosen.length) card.append(el('p', 'muted', T.nobody));
  let district = null;
  let list = null;
  for (const s of chosen) {
    if (s.district !== district) {
      district = s.district;
      card.append(el('h3', '', district));
      list = el('ul', 'schools');
      card.append(list);
    }
    const li = el('li', '', s.name);
    li.dataset.testid = 'school';
    const notes = [];
    if (s.delegate) notes.push(T.delegate + ': ' + s.delegate);
    if (!s.reached) notes.push(T.unreached);
    if (notes.length) li.append(el('small', '', notes.join(' · ')));
    list.append(li);
  }
  return card;
}
function render() {
  const head = el('section', 'card');
  const h1 = el('h1', '', view.title);
  h1.dataset.testid = 'title';
  const when = el('p', '', view.when);
  when.dataset.testid = 'when';
  const bar = el('div', 'bar');
  const asOf = el('span', 'muted small', T.updatedAt + ' ' + view.asOf + ' น. · ' + T.live);
  asOf.dataset.testid = 'as-of';
  const refresh = el('button', '', T.refresh);
  refresh.dataset.testid = 'refresh';
  refresh.addEventListener('click', () => load());
  bar.append(asOf, refresh);
  head.append(h1, when, el('p', 'muted small', view.platform + ' · ' + view.audience + ' · ' + view.state), bar);
  const counts = el('div', 'counts');
  for (const key of ['invited', 'joined', 'declined', 'unanswered', 'attended']) {
    const button = el('button', key === filter ? 'on' : '');
    button.dataset.testid = 'count-' + key;
    button.append(el('b', '', view.counts[key]), el('small', '', T[key]));
    button.addEventListener('click', () => { filter = key; render(); });
    counts.append(button);
  }
  head.append(counts);
  const districts = el('section', 'card scroll');
  districts.append(el('h2', '', T.byDistrict));
  const table = el('table', 'data districts');
  table.dataset.testid = 'districts';
  const header = el('tr');
  T.districtHeaders.split(',').forEach((h, i) => header.append(el('th', i ? 'num' : '', h)));
  table.append(header);
  for (const d of view.byDistrict) {
    const tr = el('tr');
    tr.append(el('td', '', d.district));
    for (const n of [d.invited, d.joined, d.declined, d.unanswered, d.attended]) tr.append(el('td', 'num', n));
    table.append(tr);
  }
  districts.append(table);
  show(head, districts, schoolList());
}
async function load() {
  const id = location.pathname.split('/').filter(Boolean).pop();
  view = await api('/vc-sessions/' + encodeURIComponent(id) + '/replies');
  render();
}
start(async () => {
  await load();
  // Live while open: read again every 30 seconds (a failed read keeps what is shown).
  setInterval(() => load().catch(() => {}), 30000);
});
`;

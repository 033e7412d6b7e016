import type express from 'express';
import type { Response } from 'express';
import { z } from 'zod';
import { getLoanRecord } from '../db/repos/loan-records.ts';
import { getOfficeSettings } from '../db/repos/office-settings.ts';
import { officeName } from '../db/repos/reports.ts';
import { mayViewItem, seesItemHistory } from '../domain/loans/desk.ts';
import { reportSettingsOf } from '../domain/report-settings.ts';
import { loanFormPdfJob } from '../flows/loans/loan-form.ts';
import { renderPdf } from '../reports/pdf.ts';
import { PDF_BUTTON } from './liff-reports.ts';
import { bangkokDateKey } from '../domain/office-time.ts';
import { calendarTexts as C, historyTexts as H, loanCalendar, schoolHistory } from '../flows/loans/calendar-view.ts';
import { apiBaseOf, viewerOf, type LiffContext } from './liff.ts';
import { sendLiffPage } from './liff-page.ts';

/**
 * The loans pages: what is free, as a calendar of weeks for each lendable type and kit (GET /liff/loan-calendar,
 * read-only; the ยืมอุปกรณ์ tile links to it), for anyone who may borrow; and a school's loan history
 * (GET /liff/loan-history), for the office's own staff, with each loan's form as PDF (GET /liff/api/loan-form/:id).
 * Each reads only the viewer's office.
 */

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
const querySchema = z.object({ from: z.string().max(10).optional(), school: z.string().max(12).optional() });

export function registerLoanCalendarPages(input: { pages: express.Router; api: express.Router; context: LiffContext }): void {
  const { pages, api, context } = input;

  pages.get('/loan-calendar', (req, res) => {
    const texts = Object.fromEntries(Object.entries(C).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: C.title, texts, script: CALENDAR_SCRIPT, style: CALENDAR_STYLE });
  });

  api.get('/loan-calendar', async (req, res: Response) => {
    const { person } = viewerOf(res);
    if (!mayViewItem(person.role)) return void res.status(403).json({ message: C.forbidden });
    const query = querySchema.safeParse(req.query);
    const today = bangkokDateKey(context.now());
    const view = query.success ? await loanCalendar(context.database.db, person.officeId, today, query.data.from) : null;
    if (!view) return void res.status(400).json({ message: C.badDate });
    res.json({ ...view, history: seesItemHistory(person.role) });
  });

  pages.get('/loan-history', (req, res) => {
    const texts = Object.fromEntries(Object.entries(H).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: H.title, texts, script: HISTORY_SCRIPT, style: CALENDAR_STYLE });
  });

  api.get('/loan-history', async (req, res: Response) => {
    const { person } = viewerOf(res);
    if (!seesItemHistory(person.role)) {
      context.logger.info({ personId: person.id, role: person.role }, 'loan history page refused');
      return void res.status(403).json({ message: H.forbidden });
    }
    const query = querySchema.safeParse(req.query);
    const view = query.success ? await schoolHistory(context.database.db, person.officeId, query.data.school) : null;
    if (!view) return void res.status(404).json({ message: H.notFound });
    res.json(view);
  });

  api.get('/loan-form/:id', async (req, res: Response) => {
    const { person } = viewerOf(res);
    if (!seesItemHistory(person.role)) return void res.status(403).json({ message: H.forbidden });
    const id = idSchema.safeParse(req.params.id);
    const record = id.success ? await getLoanRecord(context.database.db, person.officeId, id.data) : null;
    if (!record) return void res.status(404).json({ message: H.loanNotFound });
    const db = context.database.db;
    const job = loanFormPdfJob(record, { officeName: (await officeName(db, person.officeId)) ?? person.officeId, thaiDigits: reportSettingsOf(await getOfficeSettings(db, person.officeId)).thaiDigits, now: context.now() });
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="loan-${record.loan.id}.pdf"`);
    res.send(await renderPdf(job));
  });
}

const CALENDAR_STYLE = `
select { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 8px; width: 100%; background: #fff; }
.nav { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin: 10px 0; }
.nav button { border: 1px solid var(--line); background: #fff; border-radius: 8px; padding: 6px 10px; cursor: pointer; }
.nav button:disabled { visibility: hidden; }
.nav strong { flex: 1; text-align: center; font-size: .95rem; }
table.cal { border-collapse: separate; border-spacing: 3px; width: 100%; table-layout: fixed; }
table.cal th { font-size: .8rem; color: var(--muted); font-weight: 600; }
table.cal td.week { font-size: .8rem; color: var(--muted); padding-top: 6px; }
table.cal td.d { text-align: center; border-radius: 6px; padding: 2px 0; line-height: 1.2; }
table.cal td.d small { display: block; font-size: .7rem; color: var(--muted); }
table.cal td.d b { font-size: 1rem; }
td.all, .legend .all { background: #e6f4ea; color: #137333; }
td.some, .legend .some { background: #fff1d6; color: #8a4b00; }
td.none, .legend .none { background: #fde8e7; color: var(--red); }
td.past { opacity: .35; }
td.closed { outline: 1px dashed #c7ccd1; }
td.today { box-shadow: inset 0 0 0 2px var(--green); }
.legend { display: flex; flex-wrap: wrap; gap: 6px; font-size: .8rem; margin-top: 8px; }
.legend span { border-radius: 999px; padding: 1px 8px; }
`;

const CALENDAR_SCRIPT = String.raw`
let view = null;
let selected = null;
async function load(from) {
  view = await api('/loan-calendar' + (from ? '?from=' + encodeURIComponent(from) : ''));
  if (from) history.replaceState(null, '', location.pathname + '?from=' + encodeURIComponent(view.from));
  if (!view.types.some((t) => t.key === selected)) selected = view.types.length ? view.types[0].key : null;
  render();
}
function render() {
  const card = el('section', 'card');
  const h1 = el('h1', '', T.title);
  h1.dataset.testid = 'title';
  card.append(h1, el('p', 'muted small', T.intro));
  if (!view.types.length) { card.append(el('p', 'muted', T.nothing)); return show(card); }
  const select = el('select');
  select.dataset.testid = 'type';
  select.setAttribute('aria-label', T.pick);
  for (const t of view.types) {
    const option = el('option', '', t.name + ' · ' + (t.kind === 'kit' ? T.kit : T.units.replace('{n}', t.total)));
    option.value = t.key;
    option.selected = t.key === selected;
    select.append(option);
  }
  select.addEventListener('change', () => { selected = select.value; render(); });
  const nav = el('div', 'nav');
  const prev = el('button', '', T.previous);
  prev.dataset.testid = 'previous';
  prev.disabled = !view.previous;
  prev.addEventListener('click', () => load(view.previous));
  const label = el('strong', '', view.label);
  label.dataset.testid = 'range';
  const next = el('button', '', T.next);
  next.dataset.testid = 'next';
  next.disabled = !view.next;
  next.addEventListener('click', () => load(view.next));
  nav.append(prev, label, next);
  const type = view.types.find((t) => t.key === selected);
  const table = el('table', 'cal');
  table.dataset.testid = 'calendar';
  const head = el('tr');
  for (const d of T.weekdays.split(',')) head.append(el('th', '', d));
  table.append(head);
  for (const week of type.weeks) {
    const row = el('tr');
    const labelCell = el('td', 'week', week.label);
    labelCell.colSpan = 7;
    row.append(labelCell);
    table.append(row);
    const days = el('tr');
    for (const day of week.days) {
      const level = day.free === 0 ? 'none' : day.free >= type.total ? 'all' : 'some';
      const cell = el('td', 'd ' + level + (day.past ? ' past' : '') + (day.closed ? ' closed' : '') + (day.date === view.today ? ' today' : ''));
      cell.dataset.date = day.date;
      cell.dataset.free = String(day.free);
      cell.title = day.closed ? T.closed : '';
      cell.append(el('small', '', day.day), el('b', '', day.free));
      days.append(cell);
    }
    table.append(days);
  }
  const legend = el('div', 'legend');
  legend.append(el('span', 'all', T.legendAll), el('span', 'some', T.legendSome), el('span', 'none', T.legendNone), el('span', '', '┆ ' + T.closed));
  card.append(select, nav, table, legend);
  const parts = [card];
  if (view.history) {
    const link = el('a', '', T.toHistory);
    link.href = 'loan-history';
    link.dataset.testid = 'to-history';
    const p = el('p');
    p.append(link);
    parts.push(p);
  }
  show(...parts);
}
start(async () => {
  const from = new URLSearchParams(location.search).get('from');
  await load(from || null);
});
`;

const HISTORY_SCRIPT = String.raw`
${PDF_BUTTON}
async function load(school) {
  const view = await api('/loan-history' + (school ? '?school=' + encodeURIComponent(school) : ''));
  if (school) history.replaceState(null, '', location.pathname + '?school=' + encodeURIComponent(school));
  const card = el('section', 'card');
  const h1 = el('h1', '', T.title);
  h1.dataset.testid = 'title';
  card.append(h1);
  const select = el('select');
  select.dataset.testid = 'school';
  select.setAttribute('aria-label', T.pick);
  const blank = el('option', '', '— ' + T.pick + ' —');
  blank.value = '';
  select.append(blank);
  for (const s of view.schools) {
    const option = el('option', '', s.name + ' (' + s.count + ')');
    option.value = s.key;
    option.selected = s.key === view.selected;
    select.append(option);
  }
  select.addEventListener('change', () => load(select.value));
  card.append(select);
  const parts = [card];
  if (view.selected) {
    const list = el('section');
    list.dataset.testid = 'loans';
    list.append(el('p', 'muted small', view.shown));
    if (!view.loans.length) list.append(el('p', 'muted', T.none));
    for (const loan of view.loans) {
      const item = el('section', 'card');
      item.dataset.testid = 'loan';
      const head = el('p');
      head.append(el('strong', '', '#' + loan.id + ' '), el('span', 'badge', loan.status));
      const dl = el('dl');
      for (const [label, value] of loan.fields) dl.append(el('dt', '', label), el('dd', '', value));
      item.append(head, dl);
      if (loan.items.length) {
        const pagesLine = el('p', 'small');
        pagesLine.append(el('span', 'muted', T.itemPages + ': '));
        loan.items.forEach((it, i) => {
          const link = el('a', '', it.label);
          link.href = 'loan-items/' + it.id;
          link.dataset.testid = 'item-page';
          pagesLine.append(...(i ? [', ', link] : [link]));
        });
        item.append(pagesLine);
      }
      item.append(pdfButton(T.printForm, '/loan-form/' + loan.id, 'loan-' + loan.id + '.pdf'));
      list.append(item);
    }
    parts.push(list);
  }
  show(...parts);
}
start(async () => {
  await load(new URLSearchParams(location.search).get('school') || '');
});
`;

import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { addWebPhoto, saveWebAnswers, submitWebAnswers, surveyPage, type Refusal } from '../flows/surveys/web.ts';
import { surveyPageTexts as T } from '../flows/surveys/messages.ts';
import { apiBaseOf, viewerOf, type LiffContext } from './liff.ts';
import { sendLiffPage } from './liff-page.ts';

/**
 * A survey round answered on a page opened from LINE (GET /liff/surveys/:roundId), for every form and the only
 * way for a long one: its API (GET /liff/api/surveys/:roundId, PUT …/answers, POST …/submit) answers only a
 * verified person the round is open to now (their office, their role and school, before the closing day): anyone
 * else gets "not found", a role that answers no surveys 403. Each answer is saved as the draft as the person goes.
 */

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** A picture is what its first bytes say, not what the browser claims. */
const PHOTO_MAGIC: Record<string, number[]> = { 'image/jpeg': [0xff, 0xd8, 0xff], 'image/png': [0x89, 0x50, 0x4e, 0x47] };
const answersBody = z.object({ answers: z.record(z.string().max(40), z.unknown()) });
const submitBody = z.object({ version: z.number().int().nonnegative() });

export function registerSurveyPages(input: { pages: express.Router; api: express.Router; context: LiffContext }): void {
  const { pages, api, context } = input;
  const db = context.database.db;

  pages.get('/surveys/:id', (req, res) => {
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: T.title, texts: T.client, script: SURVEY_SCRIPT, style: SURVEY_STYLE });
  });

  const refuse = (res: Response, refusal: Refusal) =>
    void (refusal === 'forbidden' ? res.status(403).json({ message: T.forbidden }) : res.status(404).json({ message: T.notFound }));

  const json = express.json({ limit: '256kb' });
  const jsonBody = (req: Request, res: Response, next: express.NextFunction) => json(req, res, (err?: unknown) => (err ? void res.status(400).json({ message: T.invalid }) : next()));

  api.get('/surveys/:id', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return refuse(res, 'not_found');
    const page = await surveyPage(db, viewerOf(res).person, id.data, context.now());
    if (typeof page === 'string') return refuse(res, page);
    res.json(page);
  });

  api.put('/surveys/:id/answers', jsonBody, async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const body = answersBody.safeParse(req.body);
    if (!id.success) return refuse(res, 'not_found');
    if (!body.success) return void res.status(400).json({ message: T.invalid });
    const person = viewerOf(res).person;
    const outcome = await db.transaction((tx) => saveWebAnswers(tx, person, id.data, body.data.answers, context.now()));
    if (outcome === 'submitted') return void res.status(409).json({ message: T.alreadySubmitted });
    if (typeof outcome === 'string') return refuse(res, outcome);
    res.json({ ...outcome.page, problems: outcome.problems });
  });

  const raw = express.raw({ type: () => true, limit: MAX_PHOTO_BYTES });
  api.post('/surveys/:id/photos/:q', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return refuse(res, 'not_found');
    const contentType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const magic = PHOTO_MAGIC[contentType];
    if (!magic) return void res.status(415).json({ message: T.photoType });
    const content = await new Promise<Buffer | 'tooBig' | 'failed'>((resolve) => {
      raw(req, res, (err?: unknown) => {
        if (err) return resolve((err as { status?: number }).status === 413 ? 'tooBig' : 'failed');
        resolve(Buffer.isBuffer(req.body) ? req.body : 'failed');
      });
    });
    if (content === 'tooBig') return void res.status(413).json({ message: T.photoTooBig });
    if (content === 'failed' || content.length === 0 || !magic.every((byte, i) => content[i] === byte)) return void res.status(415).json({ message: T.photoType });
    const person = viewerOf(res).person;
    const outcome = await db.transaction((tx) => addWebPhoto(tx, person, id.data, String(req.params.q), { contentType, content }, context.now()));
    if (outcome === 'submitted') return void res.status(409).json({ message: T.alreadySubmitted });
    if (outcome === 'limit') return void res.status(409).json({ message: T.photoLimit });
    if (outcome === 'not_a_photo_question') return void res.status(400).json({ message: T.invalid });
    if (typeof outcome === 'string') return refuse(res, outcome);
    res.status(201).json(outcome.page);
  });

  api.post('/surveys/:id/submit', jsonBody, async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const body = submitBody.safeParse(req.body);
    if (!id.success) return refuse(res, 'not_found');
    if (!body.success) return void res.status(400).json({ message: T.invalid });
    const person = viewerOf(res).person;
    const outcome = await db.transaction((tx) => submitWebAnswers(tx, person, id.data, body.data.version, context.now()));
    if (outcome === 'submitted') return void res.status(409).json({ message: T.alreadySubmitted });
    if (outcome === 'stale') return void res.status(409).json({ message: T.changedMeanwhile });
    if (typeof outcome === 'string') return refuse(res, outcome);
    if ('problems' in outcome) return void res.status(422).json({ message: T.notComplete, problems: outcome.problems });
    context.logger.info({ roundId: id.data, personId: person.id }, 'survey response submitted on its page');
    res.json(outcome.page);
  });
}

/**
 * Phone first (LINE opens the page at about 390 px): every field as wide as the card, every tap target at least
 * 44 px high (a choice's whole line, the buttons, the inputs), and a table's rows as cards below 560 px.
 */
const SURVEY_STYLE = `
.field input:not([type=radio]):not([type=checkbox]), .field select, .field textarea { display: block; width: 100%; min-height: 44px; font: inherit; padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
.field textarea { min-height: 6em; }
label.choice { display: flex; align-items: center; gap: 10px; min-height: 44px; padding: 4px 0; cursor: pointer; }
label.choice input { width: 22px; height: 22px; margin: 0; flex: none; }
.preset-answer { display: flex; align-items: center; gap: 10px; min-height: 44px; margin: 0; padding: 8px 12px; border-radius: 8px; background: #eef6ee; font-weight: 600; }
.preset-answer::before { content: '✓'; color: #1b7f3b; }
.card button { min-height: 44px; min-width: 44px; padding: 8px 16px; border-radius: 8px; cursor: pointer; }
.card button:not(.primary) { border: 1px solid var(--line); background: #fff; color: var(--ink); }
.card button.primary { width: 100%; }
.field > div > button { margin-top: 8px; }
.thai-date { margin: 6px 0 0; font-weight: 600; }
.cell-label { display: none; }
table.rows td.row-actions { text-align: right; }
@media (max-width: 560px) {
  table.rows, table.rows tbody, table.rows tr, table.rows td { display: block; width: 100%; }
  table.rows thead { display: none; }
  table.rows tr { border: 1px solid var(--line); border-radius: 10px; padding: 6px 12px 10px; margin-bottom: 10px; }
  table.rows td { border: 0; padding: 6px 0 0; }
  table.rows .cell-label { display: block; font-size: .85rem; color: var(--muted); margin-bottom: 2px; }
}
`;

const SURVEY_SCRIPT = String.raw`
const roundId = location.pathname.split('/').filter(Boolean).pop();
let data = null;
let saving = Promise.resolve();
const pending = new Map();
const problemsShown = new Map();
async function send(method, path, body) {
  const res = await fetch(CONFIG.api + path, { method, body: JSON.stringify(body), headers: { authorization: 'Bearer ' + idToken, 'content-type': 'application/json' }, cache: 'no-store' });
  let out = {};
  try { out = await res.json(); } catch {}
  if (!res.ok) { const e = new ApiError(res.status, out.message || T.failed); e.problems = out.problems; throw e; }
  return out;
}
function status(text) { const s = document.getElementById('save-status'); if (s) s.textContent = text; }
function setProblem(id, message) {
  const p = problemsShown.get(id);
  if (!p) return;
  p.textContent = message || '';
  p.hidden = !message;
}
function applyVisible() {
  for (const block of document.querySelectorAll('[data-question]')) block.hidden = !data.visible.includes(block.dataset.question);
}
function doSave(id, value) {
  saving = saving.then(async () => {
    try {
      const out = await send('PUT', '/surveys/' + roundId + '/answers', { answers: { [id]: value } });
      data.version = out.version; data.visible = out.visible; data.answers = out.answers;
      setProblem(id, out.problems[id]);
      applyVisible();
      status(out.problems[id] ? T.notSaved : T.saved);
    } catch (e) { status(e.message); }
  });
  return saving;
}
/** Saved half a second after the last change of a question; submitting first saves what is still waiting. */
function save(id, value) {
  clearTimeout(pending.get(id)?.timer);
  status(T.saving);
  const timer = setTimeout(() => { pending.delete(id); doSave(id, value); }, 500);
  pending.set(id, { timer, value });
}
function flush() {
  for (const [id, p] of [...pending]) { clearTimeout(p.timer); pending.delete(id); doSave(id, p.value); }
  return saving;
}
function numberOrText(text) { const t = text.trim().replace(/,/g, ''); return t === '' ? null : (/^-?\d+(\.\d+)?$/.test(t) ? Number(t) : text); }
function choiceInputs(q, type, current, onChange) {
  const box = el('div', 'choices');
  q.options.forEach((o) => {
    // The whole line is the choice's target (the label), not only its small circle or box.
    const label = el('label', 'choice');
    const input = el('input'); input.type = type; input.name = q.id; input.value = o.value;
    input.checked = Array.isArray(current) ? current.includes(o.value) : current === o.value;
    input.addEventListener('change', () => onChange(box));
    label.append(input, ' ' + o.label);
    box.append(label);
  });
  return box;
}
/**
 * A repeating table: a table on a wide screen; on a phone each row is a card of its fields, one under another,
 * each with its column's name (the page's style), so nothing is wider than the screen.
 */
function tableInput(q, rows) {
  const wrap = el('div');
  const table = el('table', 'data rows');
  const head = el('tr');
  for (const c of q.columns) head.append(el('th', '', c.label + (c.required ? ' *' : '')));
  head.append(el('th'));
  const thead = el('thead');
  thead.append(head);
  const body = el('tbody');
  table.append(thead, body);
  const collect = () => [...body.children].map((tr) => Object.fromEntries(q.columns.map((c, i) => { const v = tr.children[i].querySelector('input, select').value; return [c.id, c.kind === 'number' ? numberOrText(v) : (v === '' ? null : v)]; })));
  const addRow = (row) => {
    const tr = el('tr');
    for (const c of q.columns) {
      const td = el('td');
      let input;
      if (c.kind === 'single_choice') { input = el('select'); input.append(el('option', '', '-')); input.firstChild.value = ''; for (const o of c.options || []) { const op = el('option', '', o.label); op.value = o.value; input.append(op); } }
      else { input = el('input'); input.type = 'text'; if (c.kind === 'number') input.inputMode = 'decimal'; }
      input.value = row && row[c.id] !== null && row[c.id] !== undefined ? String(row[c.id]) : '';
      input.setAttribute('aria-label', c.label);
      input.addEventListener('change', () => save(q.id, collect()));
      // The column's name over its field, shown only where the row is a card (the input is named by aria-label).
      const name = el('span', 'cell-label', c.label + (c.required ? ' *' : ''));
      name.setAttribute('aria-hidden', 'true');
      td.append(name, input); tr.append(td);
    }
    const del = el('button', '', T.removeRow); del.type = 'button';
    del.addEventListener('click', () => { tr.remove(); save(q.id, collect()); });
    const td = el('td', 'row-actions'); td.append(del); tr.append(td);
    body.append(tr);
  };
  (rows || []).forEach(addRow);
  const add = el('button', '', T.addRow + (q.rowLabel || '')); add.type = 'button'; add.dataset.testid = 'add-row-' + q.id;
  add.addEventListener('click', () => addRow(null));
  wrap.append(table, add);
  return wrap;
}
/** A question the round answers itself: its answer, shown as given, with nothing to change. */
function presetBlock(q) {
  const block = el('div', 'field');
  block.dataset.question = q.id;
  block.append(el('h3', '', q.label));
  const answer = el('p', 'preset-answer', data.preset[q.id]);
  answer.dataset.testid = 'preset-' + q.id;
  block.append(answer, el('p', 'muted small', T.preset));
  return block;
}
function questionBlock(q) {
  if (data.preset && q.id in data.preset) return presetBlock(q);
  const block = el('div', 'field');
  block.dataset.question = q.id;
  block.append(el('h3', '', q.label + (q.required ? ' *' : '')));
  if (q.help) block.append(el('p', 'muted small', q.help));
  const current = data.answers[q.id];
  let input = null;
  /** Shown under the input (a date's Thai reading). */
  let under = null;
  switch (q.kind) {
    case 'text': case 'number': case 'date': {
      input = el('input');
      input.type = q.kind === 'date' ? 'date' : 'text';
      if (q.kind === 'number') input.inputMode = 'decimal';
      input.value = current === undefined || current === null ? '' : String(current);
      input.addEventListener('change', () => save(q.id, q.kind === 'number' ? numberOrText(input.value) : (input.value === '' ? null : input.value)));
      if (q.kind === 'date') {
        if (q.min) input.min = q.min;
        if (q.max) input.max = q.max;
        // The phone's own picker stays (easy to use; the answer stays YYYY-MM-DD), but it shows the Western
        // calendar: the day is repeated under it the Thai way, with the Buddhist year.
        under = el('p', 'thai-date');
        under.dataset.testid = 'thai-date-' + q.id;
        under.setAttribute('aria-live', 'polite');
        const echo = () => { under.textContent = thaiDate(input.value) || T.noDate; };
        input.addEventListener('input', echo);
        input.addEventListener('change', echo);
        echo();
      }
      break;
    }
    case 'long_text': {
      input = el('textarea');
      input.value = current || '';
      input.addEventListener('change', () => save(q.id, input.value));
      break;
    }
    case 'single_choice':
      input = choiceInputs(q, 'radio', current, (box) => save(q.id, box.querySelector('input:checked')?.value ?? null));
      break;
    case 'multiple_choice':
      input = choiceInputs(q, 'checkbox', current, (box) => save(q.id, [...box.querySelectorAll('input:checked')].map((i) => i.value)));
      break;
    case 'yes_no':
      input = choiceInputs({ id: q.id, options: [{ value: 'yes', label: T.yes }, { value: 'no', label: T.no }] }, 'radio', current === true ? 'yes' : current === false ? 'no' : undefined, (box) => save(q.id, box.querySelector('input:checked')?.value === 'yes'));
      break;
    case 'scale':
      input = choiceInputs({ id: q.id, options: q.labels.map((l, i) => ({ value: String(i + 1), label: (i + 1) + ' ' + l })) }, 'radio', current === undefined || current === null ? undefined : String(current), (box) => save(q.id, Number(box.querySelector('input:checked')?.value)));
      break;
    case 'table':
      input = tableInput(q, current);
      break;
    case 'photo': {
      input = el('div');
      const shown = el('div');
      const draw = () => {
        shown.replaceChildren();
        for (const photo of data.photos[q.id] || []) {
          const fig = el('figure', 'chart');
          const img = el('img'); img.alt = q.label; if (photo.url) img.src = photo.url; img.dataset.testid = 'photo-' + q.id;
          const del = el('button', '', T.removeRow); del.type = 'button';
          del.addEventListener('click', () => {
            data.photos[q.id] = (data.photos[q.id] || []).filter((p) => p.id !== photo.id);
            save(q.id, data.photos[q.id].map((p) => p.id));
            draw();
          });
          fig.append(img, del);
          shown.append(fig);
        }
      };
      const file = el('input'); file.type = 'file'; file.accept = 'image/jpeg,image/png'; file.dataset.testid = 'photo-input-' + q.id;
      file.setAttribute('aria-label', q.label);
      file.addEventListener('change', async () => {
        const chosen = file.files && file.files[0];
        if (!chosen) return;
        await flush();
        status(T.saving);
        try {
          const res = await fetch(CONFIG.api + '/surveys/' + roundId + '/photos/' + q.id, { method: 'POST', body: chosen, headers: { authorization: 'Bearer ' + idToken, 'content-type': chosen.type }, cache: 'no-store' });
          const out = await res.json().catch(() => ({}));
          if (!res.ok) throw new ApiError(res.status, out.message || T.failed);
          data.version = out.version; data.visible = out.visible; data.answers = out.answers; data.photos = out.photos;
          draw();
          status(T.saved);
        } catch (e) { status(e.message); }
        file.value = '';
      });
      draw();
      input.append(shown, file);
      break;
    }
    case 'location': {
      input = el('div');
      // A place sent in the chat has LINE's address; one from the page, only its coordinates.
      const where = el('p', 'muted small', current ? current.address || current.latitude.toFixed(5) + ', ' + current.longitude.toFixed(5) : T.noPlace);
      where.dataset.testid = 'place-' + q.id;
      const use = el('button', '', T.useHere); use.type = 'button'; use.dataset.testid = 'locate-' + q.id;
      use.addEventListener('click', () => {
        if (!navigator.geolocation) return status(T.noGeolocation);
        navigator.geolocation.getCurrentPosition(
          (pos) => {
            const place = { latitude: pos.coords.latitude, longitude: pos.coords.longitude };
            where.textContent = place.latitude.toFixed(5) + ', ' + place.longitude.toFixed(5);
            save(q.id, place);
          },
          () => status(T.noGeolocation),
          { enableHighAccuracy: true, timeout: 15000 },
        );
      });
      input.append(where, use);
      break;
    }
    default:
      input = el('p', 'muted', T.notOnPage);
  }
  if (input.tagName === 'INPUT' || input.tagName === 'TEXTAREA') input.setAttribute('aria-label', q.label);
  input.dataset.testid = 'input-' + q.id;
  const problem = el('p', 'notice refused small');
  problem.hidden = true;
  problem.dataset.testid = 'problem-' + q.id;
  problemsShown.set(q.id, problem);
  block.append(input, ...(under ? [under] : []), problem);
  return block;
}
function submitted() {
  const card = el('section', 'card');
  const h1 = el('h1', '', data.title);
  const done = el('p', '', T.submittedAt + ' ' + (data.submittedAt || ''));
  done.dataset.testid = 'submitted';
  card.append(h1, done);
  show(card);
}
start(async () => {
  data = await api('/surveys/' + roundId);
  if (data.state === 'submitted') return submitted();
  const head = el('section', 'card');
  const h1 = el('h1', '', data.title); h1.dataset.testid = 'title';
  head.append(h1);
  if (data.description) head.append(el('p', 'muted', data.description));
  head.append(el('p', 'small', T.closes + ' ' + data.closes + ' · ' + T.autosave));
  const parts = [head];
  for (const s of data.sections) {
    const card = el('section', 'card');
    card.append(el('h2', '', s.title));
    if (s.description) card.append(el('p', 'muted', s.description));
    for (const q of s.questions) card.append(questionBlock(q));
    parts.push(card);
  }
  const foot = el('section', 'card');
  const state = el('p', 'muted small'); state.id = 'save-status'; state.dataset.testid = 'save-status';
  const button = el('button', 'primary', T.submit); button.type = 'button'; button.dataset.testid = 'submit';
  const message = el('p', 'notice refused'); message.hidden = true; message.dataset.testid = 'submit-problem';
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await flush();
      const out = await send('POST', '/surveys/' + roundId + '/submit', { version: data.version });
      data = out;
      submitted();
    } catch (e) {
      message.hidden = false;
      message.textContent = e.message;
      for (const [id, text] of Object.entries(e.problems || {})) setProblem(id, text);
      button.disabled = false;
    }
  });
  foot.append(state, message, button);
  parts.push(foot);
  show(...parts);
  applyVisible();
});
`;

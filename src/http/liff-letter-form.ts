import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { adoptLetterAttachment, officeNameOf } from '../db/repos/letter-register.ts';
import { addLetterEvent, findLetterByNumber, getLetter, listLetterAttachments, lockLetter, updateLetter, type LetterPatch } from '../db/repos/letters.ts';
import { saveMedia } from '../db/repos/media.ts';
import type { Person } from '../domain/people.ts';
import { canAmendLetter } from '../domain/saraban/access.ts';
import { keepsDetails, letterNumberLabel } from '../domain/saraban/letter.ts';
import type { Letter } from '../domain/saraban/view.ts';
import { cleanText, MAX_ATTACHMENTS, MAX_FILE_BYTES, TEXT_MAX } from '../flows/saraban-register/draft.ts';
import { apiBaseOf, viewerOf, type LiffContext } from './liff.ts';
import { letterFormTexts as F } from './liff-messages.ts';
import { sendLiffPage } from './liff-page.ts';

/**
 * The form where the clerk who registered a letter fills in (or corrects) its ที่, sender, recipient and
 * subject and uploads its PDF / photos: the chat registers a ลับ / ลับมาก letter without them, since a chat
 * message stays in LINE's history. GET /liff/letters/:ref/details-form (the shell), and under /liff/api:
 * GET /letters/:ref/details-form (what the form shows), PUT /letters/:ref/details (JSON), POST
 * /letters/:ref/attachments (the file's bytes as the body, its name URI-encoded in `x-file-name`). `:ref` is
 * the letter's id or its register number (`receive-2570-124`: the reply that registers a letter is written
 * before the letter has an id). Only the clerk who registered a secret letter (`canAmendLetter`), while it is
 * not cancelled; anyone else gets 403 and nothing of the letter. Every change is a line in the letter's
 * history (before/after for corrections, ids only for additions); logs carry ids and field names only.
 */

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
const NUMBER_REF = /^(receive|send)-(\d{4})-(\d{1,9})$/;

export const FORM_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
type FormContentType = (typeof FORM_CONTENT_TYPES)[number];

/** The first bytes each accepted type starts with: a file is what it says it is. */
const MAGIC: Record<FormContentType, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
};

const text = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform((value) => cleanText(value));

const detailsSchema = z.strictObject({
  docNo: z.union([text(TEXT_MAX.docNo), z.null()]).optional(),
  fromName: text(TEXT_MAX.fromName).optional(),
  toName: text(TEXT_MAX.toName),
  subject: text(TEXT_MAX.subject),
  /** The version the form was drawn for: a letter changed meanwhile is not overwritten. */
  version: z.number().int().positive().optional(),
});

const { tooLong: _tooLong, ...PAGE_TEXTS } = F;

const FORM_FIELDS = ['docNo', 'fromName', 'toName', 'subject'] as const;
type FormField = (typeof FORM_FIELDS)[number];

export function registerLetterFormPages(input: { pages: express.Router; api: express.Router; context: LiffContext }): void {
  const { pages, api, context } = input;
  const db = context.database.db;

  pages.get('/letters/:id/details-form', (req, res) => {
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: F.title, texts: PAGE_TEXTS, script: FORM_SCRIPT });
  });

  api.get('/letters/:id/details-form', async (req, res) => {
    const letter = await amendableLetter(req, res, context);
    if (!letter) return;
    const files = await listLetterAttachments(db, letter.officeId, letter.id);
    res.json({
      id: letter.id,
      version: letter.version,
      register: letter.register,
      numberLabel: letterNumberLabel(letter.register, letter.number, letter.year),
      docNo: letter.docNo,
      fromName: letter.register === 'receive' ? letter.fromName : null,
      toName: letter.toName,
      subject: letter.subject,
      max: { ...TEXT_MAX, files: MAX_ATTACHMENTS, fileBytes: MAX_FILE_BYTES },
      attachments: files.map((file) => ({ id: file.id, fileName: file.fileName, contentType: file.contentType, sizeBytes: file.sizeBytes })),
    });
  });

  const json = express.json({ limit: '64kb' });
  // A body that is not JSON is the client's mistake (400), not the service's.
  const jsonBody = (req: Request, res: Response, next: express.NextFunction) =>
    json(req, res, (err?: unknown) => (err ? void res.status(400).json({ message: F.invalid }) : next()));
  api.put('/letters/:id/details', jsonBody, async (req, res) => {
    const found = await amendableLetter(req, res, context);
    if (!found) return;
    const body = detailsSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ message: F.invalid });
    const values = body.data;
    const wanted: Partial<Record<FormField, string | null>> = { docNo: values.docNo ?? null, toName: values.toName, subject: values.subject };
    if (found.register === 'receive') wanted.fromName = values.fromName ?? null;
    for (const field of ['fromName', 'toName', 'subject'] as const) {
      if (field in wanted && !wanted[field]) return void res.status(400).json({ message: F.required });
      const value = wanted[field];
      if (value && value.length > TEXT_MAX[field]) return void res.status(400).json({ message: F.tooLong(TEXT_MAX[field]) });
    }
    if (wanted.docNo && wanted.docNo.length > TEXT_MAX.docNo) return void res.status(400).json({ message: F.tooLong(TEXT_MAX.docNo) });

    const now = context.now();
    const person = viewerOf(res).person;
    const outcome = await db.transaction(async (tx) => {
      const letter = await lockLetter(tx, person.officeId, found.id);
      const refusal = letter ? refusalOf(letter, person) : 'notFound';
      if (refusal || !letter) return { refusal: refusal ?? 'notFound' } as const;
      if (values.version !== undefined && values.version !== letter.version) return { refusal: 'stale' } as const;
      const patch: LetterPatch = {};
      const added: FormField[] = [];
      const corrected: Array<{ field: FormField; before: string | null; after: string | null }> = [];
      for (const field of FORM_FIELDS) {
        if (!(field in wanted)) continue;
        const before = letter[field] ?? null;
        const after = wanted[field] ?? null;
        if (before === after) continue;
        patch[field] = after;
        if (before === null) added.push(field);
        else corrected.push({ field, before, after });
      }
      // A sent letter is from this office, as when it is registered in the chat.
      if (letter.register === 'send' && !letter.fromName) patch.fromName = await officeNameOf(tx, letter.officeId);
      if (Object.keys(patch).length === 0) return { version: letter.version, changed: [] as FormField[] };
      if (!(await updateLetter(tx, letter.officeId, letter.id, letter.version, patch, now))) return { refusal: 'stale' } as const;
      if (added.length > 0) {
        await addLetterEvent(tx, { letterId: letter.id, officeId: letter.officeId, actorId: person.id, action: 'details_added', data: { fields: added }, at: now });
      }
      for (const change of corrected) {
        await addLetterEvent(tx, { letterId: letter.id, officeId: letter.officeId, actorId: person.id, action: 'corrected', data: change, at: now });
      }
      return { version: letter.version + 1, changed: [...added, ...corrected.map((c) => c.field)] };
    });
    if ('refusal' in outcome) return void refuse(res, outcome.refusal ?? 'notFound');
    // Field names only: what the letter says stays in the register.
    if (outcome.changed.length > 0) context.logger.info({ letterId: found.id, personId: person.id, fields: outcome.changed }, 'letter details saved on the form');
    res.json({ message: outcome.changed.length > 0 ? F.saved : F.unchanged, version: outcome.version });
  });

  const raw = express.raw({ type: () => true, limit: MAX_FILE_BYTES });
  api.post('/letters/:id/attachments', async (req, res) => {
    const found = await amendableLetter(req, res, context);
    if (!found) return;
    const contentType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(FORM_CONTENT_TYPES as readonly string[]).includes(contentType)) return void res.status(415).json({ message: F.fileType });
    const declared = Number(req.get('content-length') ?? '0');
    if (declared > MAX_FILE_BYTES) return void res.status(413).json({ message: F.fileTooBig });
    const content = await new Promise<Buffer | 'tooBig' | 'failed'>((resolve) => {
      raw(req, res, (err?: unknown) => {
        if (err) return resolve((err as { status?: number }).status === 413 ? 'tooBig' : 'failed');
        resolve(Buffer.isBuffer(req.body) ? req.body : 'failed');
      });
    });
    if (content === 'tooBig') return void res.status(413).json({ message: F.fileTooBig });
    if (content === 'failed' || content.length === 0) return void res.status(400).json({ message: F.fileEmpty });
    if (!MAGIC[contentType as FormContentType].every((byte, i) => content[i] === byte)) return void res.status(415).json({ message: F.fileType });
    const fileName = fileNameOf(req, contentType as FormContentType);

    const now = context.now();
    const person = viewerOf(res).person;
    const outcome = await db.transaction(async (tx) => {
      const letter = await lockLetter(tx, person.officeId, found.id);
      const refusal = letter ? refusalOf(letter, person) : 'notFound';
      if (refusal || !letter) return { refusal: refusal ?? 'notFound' } as const;
      if ((await listLetterAttachments(tx, letter.officeId, letter.id)).length >= MAX_ATTACHMENTS) return { refusal: 'fileLimit' } as const;
      const media = await saveMedia(
        tx,
        { officeId: letter.officeId, purpose: 'attachment', lineMessageId: `liff:${randomUUID()}`, uploadedBy: person.id, contentType, fileName, content },
        now,
      );
      await adoptLetterAttachment(tx, letter.officeId, letter.id, media.id);
      await addLetterEvent(tx, { letterId: letter.id, officeId: letter.officeId, actorId: person.id, action: 'attachment_added', data: { mediaId: media.id }, at: now });
      return { id: media.id, sizeBytes: media.sizeBytes };
    });
    if ('refusal' in outcome) return void refuse(res, outcome.refusal ?? 'notFound');
    context.logger.info({ letterId: found.id, personId: person.id, mediaId: outcome.id }, 'letter attachment added on the form');
    res.status(201).json({ id: outcome.id, fileName, contentType, sizeBytes: outcome.sizeBytes, message: F.fileSaved });
  });
}

type Refusal = 'notFound' | 'forbidden' | 'cancelled' | 'topSecret' | 'stale' | 'fileLimit';

function refusalOf(letter: Letter, person: Person): Refusal | null {
  if (!canAmendLetter(letter, person)) return 'forbidden';
  if (letter.status === 'cancelled') return 'cancelled';
  if (!keepsDetails(letter.secrecy)) return 'topSecret';
  return null;
}

const REFUSALS: Record<Refusal, { status: number; message: string }> = {
  notFound: { status: 404, message: F.notFound },
  forbidden: { status: 403, message: F.forbidden },
  cancelled: { status: 409, message: F.cancelled },
  topSecret: { status: 409, message: F.topSecret },
  stale: { status: 409, message: F.stale },
  fileLimit: { status: 409, message: F.fileLimit },
};

function refuse(res: Response, refusal: Refusal): void {
  const { status, message } = REFUSALS[refusal];
  res.status(status).json({ message });
}

/** The letter when the viewer may fill its details; otherwise the refusal has been sent. */
async function amendableLetter(req: Request, res: Response, context: LiffContext): Promise<Letter | undefined> {
  const { person } = viewerOf(res);
  const ref = String(req.params.id ?? '');
  const byNumber = NUMBER_REF.exec(ref);
  const id = byNumber ? null : idSchema.safeParse(ref);
  const letter = byNumber
    ? await findLetterByNumber(context.database.db, person.officeId, byNumber[1] as 'receive' | 'send', Number(byNumber[2]), Number(byNumber[3]))
    : id?.success
      ? await getLetter(context.database.db, person.officeId, id.data)
      : null;
  const refusal = letter ? refusalOf(letter, person) : 'notFound';
  if (refusal || !letter) {
    if (refusal === 'forbidden') context.logger.info({ letterId: letter?.id, personId: person.id, role: person.role }, 'letter form refused');
    refuse(res, refusal ?? 'notFound');
    return undefined;
  }
  return letter;
}

const EXTENSIONS: Record<FormContentType, string> = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png' };

/** The uploaded file's name (URI-encoded in `x-file-name`, or `?name=`), tidied; null: none given. */
function fileNameOf(req: Request, contentType: FormContentType): string | null {
  const given = req.get('x-file-name') ?? (typeof req.query.name === 'string' ? req.query.name : '');
  let name: string;
  try {
    name = decodeURIComponent(given);
  } catch {
    name = given;
  }
  // eslint-disable-next-line no-control-regex
  const clean = cleanText(name.replace(/[\\/\u0000-\u001f\u007f]/g, '_'));
  if (!clean) return null;
  const short = clean.slice(0, 200);
  return /\.[a-z0-9]{2,5}$/i.test(short) ? short : `${short}${EXTENSIONS[contentType]}`;
}

const FORM_SCRIPT = String.raw`
async function send(method, path, body, headers) {
  const res = await fetch(CONFIG.api + path, { method, body, headers: Object.assign({ authorization: 'Bearer ' + idToken }, headers || {}), cache: 'no-store' });
  let data = {};
  try { data = await res.json(); } catch {}
  if (!res.ok) throw new ApiError(res.status, data.message || T.failed);
  return data;
}
function field(name, label, value, max, multiline) {
  const wrap = el('label', 'field');
  wrap.append(el('span', 'muted', label));
  const input = el(multiline ? 'textarea' : 'input');
  input.name = name;
  input.maxLength = max;
  input.value = value || '';
  input.dataset.testid = name;
  wrap.append(input);
  return [wrap, input];
}
function sizeLabel(bytes) {
  return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
}
start(async () => {
  const parts = location.pathname.split('/').filter(Boolean);
  const ref = parts[parts.length - 2];
  const form = await api('/letters/' + encodeURIComponent(ref) + '/details-form');
  let version = form.version;
  const head = el('section', 'card');
  const h1 = el('h1', '', T.heading + ' ' + form.numberLabel);
  h1.dataset.testid = 'number';
  head.append(h1, el('p', 'muted', T.intro));

  const details = el('section', 'card');
  const inputs = {};
  const rowsOf = [['docNo', T.docNo, form.docNo, form.max.docNo, false]];
  if (form.register === 'receive') rowsOf.push(['fromName', T.from, form.fromName, form.max.fromName, false]);
  rowsOf.push(['toName', T.to, form.toName, form.max.toName, false], ['subject', T.subject, form.subject, form.max.subject, true]);
  for (const [name, label, value, max, multiline] of rowsOf) {
    const [wrap, input] = field(name, label, value, max, multiline);
    inputs[name] = input;
    details.append(wrap);
  }
  const save = el('button', 'primary', T.save);
  save.type = 'button';
  save.dataset.testid = 'save';
  const saved = el('p', 'muted');
  saved.dataset.testid = 'saved';
  save.addEventListener('click', async () => {
    save.disabled = true;
    saved.className = 'muted';
    try {
      const body = { version };
      for (const name of Object.keys(inputs)) body[name] = inputs[name].value;
      if (!body.docNo.trim()) body.docNo = null;
      const result = await send('PUT', '/letters/' + form.id + '/details', JSON.stringify(body), { 'content-type': 'application/json' });
      version = result.version;
      saved.textContent = result.message;
    } catch (error) {
      saved.className = 'notice refused';
      saved.textContent = error.message || T.failed;
    } finally {
      save.disabled = false;
    }
  });
  details.append(save, saved);

  const filesCard = el('section', 'card');
  filesCard.append(el('h2', 'muted', T.files), el('p', 'muted', T.fileHint));
  const list = el('ul', 'files');
  list.dataset.testid = 'files';
  const addItem = (file) => list.append(el('li', '', '📄 ' + (file.fileName || T.unnamed) + ' (' + sizeLabel(file.sizeBytes) + ')'));
  form.attachments.forEach(addItem);
  const picker = el('input');
  picker.type = 'file';
  picker.multiple = true;
  picker.accept = 'application/pdf,image/jpeg,image/png';
  picker.dataset.testid = 'file-input';
  const uploaded = el('p', 'muted');
  picker.addEventListener('change', async () => {
    for (const file of Array.from(picker.files || [])) {
      if (file.size > form.max.fileBytes) { uploaded.textContent = T.fileTooBig; continue; }
      uploaded.textContent = T.uploading;
      try {
        const result = await send('POST', '/letters/' + form.id + '/attachments', file, { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) });
        addItem(result);
        uploaded.textContent = result.message;
      } catch (error) {
        uploaded.textContent = error.message || T.failed;
      }
    }
    picker.value = '';
  });
  filesCard.append(list, picker, uploaded);
  const view = el('a', 'file', T.viewLetter);
  view.href = location.pathname.replace(/\/letters\/[^/]+\/details-form$/, '/letters/' + form.id);
  show(head, details, filesCard, view);
});
`;

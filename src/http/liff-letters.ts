import type express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { actingForOf, getLetter, getLetterAttachmentContent, listLetterAttachments, listLetterEvents } from '../db/repos/letters.ts';
import { bangkokDateKey, bangkokTime } from '../domain/office-time.ts';
import { canViewLetterDetails } from '../domain/saraban/access.ts';
import {
  ACTING_KIND_LABELS,
  DECISION_LABELS,
  decisionSchema,
  keepsDetails,
  LETTER_KIND_LABELS,
  LETTER_STATUS_LABELS,
  letterNumberLabel,
  PROPOSAL_ASK_LABELS,
  SECRECY_LABELS,
  isSecret,
  URGENCY_LABELS,
} from '../domain/saraban/letter.ts';
import type { Letter } from '../domain/saraban/view.ts';
import { formatThaiDate, formatThaiDateTime } from '../domain/thai-date.ts';
import { apiBaseOf, viewerOf, type LiffContext } from './liff.ts';
import { LETTER_EVENT_LABELS, LETTER_EVENT_OTHER, letterPageTexts as L } from './liff-messages.ts';
import { registerLetterFormPages } from './liff-letter-form.ts';
import { sendLiffPage } from './liff-page.ts';

/**
 * A letter's details page (saraban): GET /liff/letters/:id (the shell) and GET /liff/api/letters/:id (the
 * letter), GET /liff/api/letters/:id/attachments/:attachmentId (a file). Who may look is decided on the
 * server for every call by `canViewLetterDetails` (a secret letter: only the clerk who registered it, the
 * assignee, and the director it was proposed to or who decided it, or whoever acts for them today). A refusal
 * says nothing of the letter; a ลับที่สุด letter shows its number and dates only. Logs carry ids only.
 */

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export function registerLetterPages(input: { pages: express.Router; api: express.Router; context: LiffContext }): void {
  const { pages, api, context } = input;
  registerLetterFormPages(input);

  pages.get('/letters/:id', (req, res) => {
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: L.title, texts: L, script: LETTER_SCRIPT });
  });

  api.get('/letters/:id', async (req, res) => {
    const letter = await viewableLetter(req, res, context);
    if (!letter) return;
    if (!keepsDetails(letter.secrecy)) return void res.json(topSecretView(letter));
    const [events, attachments] = await Promise.all([
      listLetterEvents(context.database.db, letter.id),
      listLetterAttachments(context.database.db, letter.officeId, letter.id),
    ]);
    res.json({
      ...detailsView(letter),
      attachments: attachments.map((file, i) => ({
        id: file.id,
        fileName: file.fileName ?? defaultFileName(letter, i + 1, file.contentType),
        contentType: file.contentType,
        sizeBytes: file.sizeBytes,
      })),
      history: events.map((event) => ({
        at: formatThaiDateTime(event.at),
        action: LETTER_EVENT_LABELS[event.action] ?? LETTER_EVENT_OTHER,
        actorName: event.actorName,
        detail: eventDetail(event.action, event.data),
      })),
    });
  });

  api.get('/letters/:id/attachments/:attachmentId', async (req, res) => {
    const attachmentId = idSchema.safeParse(req.params.attachmentId);
    if (!attachmentId.success) return void res.status(404).json({ message: L.fileNotFound });
    const letter = await viewableLetter(req, res, context);
    if (!letter) return;
    const file = keepsDetails(letter.secrecy)
      ? await getLetterAttachmentContent(context.database.db, letter.officeId, letter.id, attachmentId.data)
      : null;
    if (!file) return void res.status(404).json({ message: L.fileNotFound });
    const index = (await listLetterAttachments(context.database.db, letter.officeId, letter.id)).findIndex((f) => f.id === file.id);
    const name = file.fileName ?? defaultFileName(letter, index + 1, file.contentType);
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-disposition', `attachment; filename="${asciiFileName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    // A file is never run as a page of this origin, whatever it claims to be.
    res.setHeader('content-security-policy', "sandbox; default-src 'none'");
    res.send(file.content);
  });
}

/** The letter when the viewer may see it; otherwise the refusal has been sent and undefined comes back. */
async function viewableLetter(req: Request, res: Response, context: LiffContext): Promise<Letter | undefined> {
  const id = idSchema.safeParse(req.params.id);
  if (!id.success) {
    res.status(404).json({ message: L.notFound });
    return undefined;
  }
  const { person } = viewerOf(res);
  const letter = await getLetter(context.database.db, person.officeId, id.data);
  if (!letter) {
    res.status(404).json({ message: L.notFound });
    return undefined;
  }
  const acting = await actingForOf(context.database.db, person.officeId, person.id, bangkokDateKey(context.now()));
  if (!canViewLetterDetails(letter, person, acting.map((a) => a.principalId))) {
    context.logger.info({ letterId: letter.id, personId: person.id, role: person.role }, 'letter details refused');
    res.status(403).json({ message: L.forbidden });
    return undefined;
  }
  // Who opened a secret letter is worth knowing afterwards; ids only.
  if (isSecret(letter.secrecy)) context.logger.info({ letterId: letter.id, personId: person.id }, 'secret letter opened');
  return letter;
}

const thaiDay = (key: string | null) => (key ? formatThaiDate(bangkokTime(key)) : null);
const thaiTime = (at: Date | null) => (at ? formatThaiDateTime(at) : null);

function common(letter: Letter) {
  return {
    id: letter.id,
    numberLabel: letterNumberLabel(letter.register, letter.number, letter.year),
    register: letter.register,
    registeredAtLabel: letter.register === 'receive' ? L.receivedAt : L.sentAt,
    registeredAt: formatThaiDateTime(letter.registeredAt),
    docDate: thaiDay(letter.docDate),
    secrecy: letter.secrecy,
    secrecyLabel: SECRECY_LABELS[letter.secrecy],
  };
}

/** ลับที่สุด: the register keeps the number and the dates, and so does the page. */
function topSecretView(letter: Letter) {
  return { ...common(letter), topSecret: true, note: L.topSecretNote };
}

function detailsView(letter: Letter) {
  return {
    ...common(letter),
    topSecret: false,
    docNo: letter.docNo,
    fromName: letter.fromName,
    toName: letter.toName,
    subject: letter.subject,
    kind: LETTER_KIND_LABELS[letter.kind],
    urgency: letter.urgency,
    urgencyLabel: URGENCY_LABELS[letter.urgency],
    actBy: thaiDay(letter.actBy),
    status: letter.status,
    statusLabel: LETTER_STATUS_LABELS[letter.status],
    registeredByName: letter.registeredByName,
    assigneeName: letter.assigneeName,
    instruction: letter.instruction,
    assignedAt: thaiTime(letter.assignedAt),
    acknowledgedAt: thaiTime(letter.acknowledgedAt),
    proposedToName: letter.proposedToName,
    proposalAsk: letter.proposalAsk ? PROPOSAL_ASK_LABELS[letter.proposalAsk] : null,
    proposalNote: letter.proposalNote,
    proposedAt: thaiTime(letter.proposedAt),
    decision: letter.decision ? DECISION_LABELS[letter.decision] : null,
    decisionText: letter.decisionText,
    decidedByName: letter.decidedByName,
    decidedActing: letter.decidedActing ? ACTING_KIND_LABELS[letter.decidedActing] : null,
    decidedAt: thaiTime(letter.decidedAt),
    remarks: letter.remarks,
    cancelReason: letter.cancelledAt ? letter.cancelReason : null,
  };
}

/** Only what a history line needs: the decision's word. Event data (e.g. a correction's before/after) stays out. */
function eventDetail(action: string, data: unknown): string | null {
  if (action !== 'decided' || typeof data !== 'object' || data === null || !('decision' in data)) return null;
  const decision = decisionSchema.safeParse(data.decision);
  return decision.success ? DECISION_LABELS[decision.data] : null;
}

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

function defaultFileName(letter: Letter, index: number, contentType: string): string {
  return `${letter.register === 'receive' ? 'รับ' : 'ส่ง'}-${letter.number}-${letter.year}-${index}.${EXTENSIONS[contentType] ?? 'bin'}`;
}

function asciiFileName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return ascii.replace(/_+/g, '_') || 'file';
}

const LETTER_SCRIPT = String.raw`
function rows(pairs) {
  const dl = el('dl');
  for (const [label, value, testid] of pairs) {
    if (value === null || value === undefined || value === '') continue;
    const dd = el('dd', '', value);
    if (testid) dd.dataset.testid = testid;
    dl.append(el('dt', '', label), dd);
  }
  return dl;
}
function section(title, ...children) {
  const card = el('section', 'card');
  card.append(el('h2', 'muted', title), ...children);
  return card;
}
function sizeLabel(bytes) {
  return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
}
function fileItem(letter, file) {
  const li = el('li');
  const button = el('button', 'file', '📄 ' + file.fileName + ' (' + sizeLabel(file.sizeBytes) + ')');
  button.type = 'button';
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = T.downloading;
    try {
      const res = await call('/letters/' + letter.id + '/attachments/' + file.id);
      const url = URL.createObjectURL(await res.blob());
      const link = el('a', 'file', '📄 ' + T.saveFile + ': ' + file.fileName);
      link.href = url;
      link.download = file.fileName;
      link.dataset.testid = 'file-link';
      li.replaceChildren(link);
      link.click();
    } catch (error) {
      li.replaceChildren(el('span', 'notice refused', error.message || T.failed));
    }
  });
  li.append(button);
  return li;
}
start(async () => {
  const id = location.pathname.split('/').filter(Boolean).pop();
  const letter = await api('/letters/' + encodeURIComponent(id));
  const head = el('section', 'card');
  const h1 = el('h1', '', letter.numberLabel);
  h1.dataset.testid = 'number';
  const badges = el('p');
  const secrecy = el('span', 'badge' + (letter.secrecy !== 'none' ? ' secret' : ''), T.secrecy + ': ' + letter.secrecyLabel);
  badges.append(secrecy);
  if (!letter.topSecret && letter.urgency !== 'normal') badges.append(el('span', 'badge urgent', letter.urgencyLabel));
  head.append(h1, badges);
  if (letter.topSecret) {
    head.append(rows([[letter.registeredAtLabel, letter.registeredAt], [T.docDate, letter.docDate]]), el('p', 'muted', letter.note));
    return show(head);
  }
  head.append(rows([
    [T.subject, letter.subject, 'subject'],
    [T.docNo, letter.docNo],
    [T.docDate, letter.docDate],
    [T.from, letter.fromName, 'from'],
    [T.to, letter.toName],
    [T.kind, letter.kind],
    [T.urgency, letter.urgencyLabel],
    [T.actBy, letter.actBy],
    [letter.registeredAtLabel, letter.registeredAt],
    [T.status, letter.statusLabel, 'status'],
    [T.cancelReason, letter.cancelReason],
    [T.remarks, letter.remarks],
  ]));
  const handling = section(T.handling, rows([
    [T.registeredBy, letter.registeredByName],
    [T.assignee, letter.assigneeName, 'assignee'],
    [T.instruction, letter.instruction],
    [T.acknowledgedAt, letter.acknowledgedAt],
    [T.proposedTo, letter.proposedToName],
    [T.proposal, letter.proposalAsk],
    [T.proposalNote, letter.proposalNote],
    [T.decision, letter.decision ? letter.decision + (letter.decidedAt ? ' (' + letter.decidedAt + ')' : '') : null, 'decision'],
    [T.decisionText, letter.decisionText],
    [T.decidedBy, letter.decidedByName ? letter.decidedByName + (letter.decidedActing ? ' ' + letter.decidedActing : '') : null],
  ]));
  const files = el('ul', 'files');
  for (const file of letter.attachments) files.append(fileItem(letter, file));
  const history = el('ol', 'history');
  for (const event of letter.history) {
    history.append(el('li', '', event.at + ' · ' + event.action + (event.detail ? ' (' + event.detail + ')' : '') + (event.actorName ? ' · ' + event.actorName : '')));
  }
  show(
    head,
    handling,
    section(T.files, letter.attachments.length ? files : el('p', 'muted', T.noFiles)),
    section(T.history, history),
  );
});
`;

import type express from 'express';
import type { Response } from 'express';
import { z } from 'zod';
import { getItem, listItemEvents } from '../db/repos/loan-desk.ts';
import { holderOf, itemPageView } from '../flows/loans-desk/item-view.ts';
import { currentHolderOf } from '../db/repos/loan-handover.ts';
import { itemPageTexts as T } from '../flows/loans-desk/messages.ts';
import { mayViewItem, seesItemHistory } from '../domain/loans/desk.ts';
import { mediaLink } from '../line/media-links.ts';
import { apiBaseOf, viewerOf, type LiffContext } from './liff.ts';
import { sendLiffPage } from './liff-page.ts';

/**
 * An item's page (GET /liff/loan-items/:id; the QR code on its label opens it) and its data
 * (GET /liff/api/loan-items/:id): what the item is, where it is now and, for the office's staff, its history.
 * Only people of the item's office: an item of another office is "not found", like one that does not exist.
 * Guests are refused. The photo is a signed, expiring media link of this service.
 */

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export function registerLoanItemPages(input: { pages: express.Router; api: express.Router; context: LiffContext }): void {
  const { pages, api, context } = input;

  pages.get('/loan-items/:id', (req, res) => {
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: T.title, texts: { assetTag: T.assetTag, whereNow: T.whereNow, history: T.history, noHistory: T.noHistory }, script: ITEM_SCRIPT });
  });

  api.get('/loan-items/:id', async (req, res: Response) => {
    const { person } = viewerOf(res);
    if (!mayViewItem(person.role)) {
      context.logger.info({ personId: person.id, role: person.role }, 'loan item page refused');
      return void res.status(403).json({ message: T.forbidden });
    }
    const id = idSchema.safeParse(req.params.id);
    const item = id.success ? await getItem(context.database.db, person.officeId, id.data) : null;
    if (!item) return void res.status(404).json({ message: T.notFound });
    const now = context.now();
    const history = seesItemHistory(person.role) ? await listItemEvents(context.database.db, item.id) : null;
    const photoUrl = item.photoMediaId === null ? undefined : mediaLink(person.officeId, item.photoMediaId, now);
    const holder = holderOf(await currentHolderOf(context.database.db, person.officeId, item.id));
    res.json(itemPageView(item, { history, photoUrl, holder }));
  });
}

const ITEM_SCRIPT = String.raw`
start(async () => {
  const id = location.pathname.split('/').filter(Boolean).pop();
  const item = await api('/loan-items/' + encodeURIComponent(id));
  const head = el('section', 'card');
  if (item.photoUrl) {
    const figure = el('figure', 'chart');
    const img = el('img');
    img.src = item.photoUrl;
    img.alt = item.title;
    img.dataset.testid = 'photo';
    figure.append(img);
    head.append(figure);
  }
  const h1 = el('h1', '', item.title);
  h1.dataset.testid = 'title';
  const tag = el('p', '', T.assetTag + ' ' + item.assetTag);
  tag.dataset.testid = 'asset-tag';
  const status = el('span', 'badge' + (item.statusKind === 'available' ? '' : ' urgent'), item.status);
  status.dataset.testid = 'status';
  const badges = el('p');
  badges.append(status);
  const dl = el('dl');
  for (const [label, value] of item.fields) dl.append(el('dt', '', label), el('dd', '', value));
  head.append(h1, tag, badges, dl);
  const where = el('section', 'card');
  const whereText = el('p', '', item.whereabouts);
  whereText.dataset.testid = 'whereabouts';
  where.append(el('h2', 'muted', T.whereNow), whereText);
  const parts = [head, where];
  if (item.history) {
    const history = el('section', 'card');
    const ol = el('ol', 'history');
    ol.dataset.testid = 'history';
    for (const e of item.history) ol.append(el('li', '', e.at + ' · ' + e.action + (e.detail ? ' (' + e.detail + ')' : '') + (e.actor ? ' · ' + e.actor : '')));
    history.append(el('h2', 'muted', T.history), item.history.length ? ol : el('p', 'muted', T.noHistory));
    parts.push(history);
  }
  show(...parts);
});
`;

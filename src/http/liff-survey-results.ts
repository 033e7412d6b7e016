import type express from 'express';
import { z } from 'zod';
import { can } from '../domain/permissions.ts';
import { loadRoundRanking, rankingXlsx } from '../flows/surveys/ranking.ts';
import { resultsPage } from '../flows/surveys/results-page.ts';
import { roundResults } from '../flows/surveys/results.ts';
import { resultsPageTexts as T } from '../flows/surveys/messages.ts';
import { apiBaseOf, viewerOf, type LiffContext } from './liff.ts';
import { sendLiffPage } from './liff-page.ts';
import { FIGURE_HELPERS, PDF_BUTTON } from './liff-reports.ts';

/**
 * A round's results page (GET /liff/surveys/:roundId/results, linked from the round's card in the chat) and its
 * API (GET /liff/api/surveys/:roundId/results, …/results/xlsx: every response as the `results` command's Excel
 * file, and for a ranked round (templates 1 and 3) …/ranking/xlsx: the `ranking` command's Excel file, so that
 * officers in LINE get the ranked table too): only for someone who runs the office's surveys (`run_survey`,
 * 403 for anyone else, logged), and only a round of their own office (404).
 */

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export function registerSurveyResultPages(input: { pages: express.Router; api: express.Router; context: LiffContext }): void {
  const { pages, api, context } = input;

  pages.get('/surveys/:id/results', (req, res) => {
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: T.title, texts: { byDistrict: T.byDistrict, excel: T.excel, rankingExcel: T.rankingExcel, preparingPdf: T.preparingExcel, savePdf: T.saveExcel }, script: RESULTS_SCRIPT, style: RESULTS_STYLE });
  });

  api.get('/surveys/:id/results', async (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    const { person } = viewerOf(res);
    const page = id.success ? await resultsPage(context.database.db, person, id.data, context.now()) : 'not_found';
    if (page === 'forbidden') {
      context.logger.info({ personId: person.id, role: person.role }, 'survey results page refused');
      return void res.status(403).json({ message: T.forbidden });
    }
    if (page === 'not_found') return void res.status(404).json({ message: T.notFound });
    res.json(page);
  });

  /** The round's id when the viewer may download its files; otherwise answered (403, logged, or 404) and null. */
  const downloadable = (req: express.Request, res: express.Response): number | null => {
    const id = idSchema.safeParse(req.params.id);
    const { person } = viewerOf(res);
    if (!can(person.role, 'run_survey')) {
      context.logger.info({ personId: person.id, role: person.role }, 'survey results download refused');
      res.status(403).json({ message: T.forbidden });
      return null;
    }
    if (!id.success) res.status(404).json({ message: T.notFound });
    return id.success ? id.data : null;
  };
  const sendXlsx = (res: express.Response, fileName: string, content: Buffer) => {
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    res.send(content);
  };

  api.get('/surveys/:id/results/xlsx', async (req, res) => {
    const id = downloadable(req, res);
    if (id === null) return;
    const results = await roundResults(context.database.db, viewerOf(res).person.officeId, id, context.now());
    if (!results) return void res.status(404).json({ message: T.notFound });
    sendXlsx(res, `survey-${id}.xlsx`, await results.xlsx());
  });

  // Not found for a round whose form has no ranking as well: the page offers this download for a ranked round only.
  api.get('/surveys/:id/ranking/xlsx', async (req, res) => {
    const id = downloadable(req, res);
    if (id === null) return;
    const ranking = await loadRoundRanking(context.database.db, viewerOf(res).person.officeId, id);
    if (ranking === null || ranking === 'none') return void res.status(404).json({ message: T.notFound });
    sendXlsx(res, `ranking-${id}.xlsx`, await rankingXlsx(ranking, context.now()));
  });
}

/** A district's or a school's name on one line; the table scrolls sideways instead. */
const RESULTS_STYLE = `
table.data td:first-child { white-space: nowrap; }
table.figures td:first-child, section.yearly table.data td:first-child { white-space: normal; }
figure.chart { margin: 8px 0 4px; }
`;

const RESULTS_SCRIPT = String.raw`
${FIGURE_HELPERS}
${PDF_BUTTON}
start(async () => {
  const roundId = location.pathname.split('/').filter(Boolean).at(-2);
  const page = await api('/surveys/' + encodeURIComponent(roundId) + '/results');
  const head = el('section', 'card');
  const h1 = el('h1', '', page.title);
  h1.dataset.testid = 'title';
  const total = el('p', '', page.total);
  total.dataset.testid = 'total';
  // The download buttons are PDF_BUTTON's, with this page's texts (an Excel file instead of a PDF).
  head.append(h1, el('p', 'muted', page.to + ' · ' + page.closes + ' · ' + page.state), total, el('p', 'muted small', page.asOf), pdfButton(T.excel, '/surveys/' + page.roundId + '/results/xlsx', 'survey-' + page.roundId + '.xlsx'));
  if (page.ranked) head.append(pdfButton(T.rankingExcel, '/surveys/' + page.roundId + '/ranking/xlsx', 'ranking-' + page.roundId + '.xlsx', 'ranking-xlsx'));
  const districts = el('section', 'card');
  districts.dataset.testid = 'districts';
  districts.append(el('h2', '', T.byDistrict), table(page.districts.headers, page.districts.rows, page.districts.aligns));
  if (page.districts.note) districts.append(el('p', 'muted small', page.districts.note));
  if (page.districtChart) districts.append(chartFigure(page.districtChart));
  const parts = [head, districts];
  for (const q of page.questions) {
    const card = el('section', 'card');
    card.dataset.testid = 'question-' + q.id;
    card.append(el('h2', '', q.n + '. ' + q.label), el('p', 'muted small', q.answered));
    if (q.lines.length) {
      // Label and figure side by side, even on a narrow phone (a <dl> stacks them there).
      const figures = el('table', 'data figures');
      for (const [label, value] of q.lines) {
        const tr = el('tr');
        tr.append(el('td', '', label), el('td', 'num', value));
        figures.append(tr);
      }
      card.append(figures);
    }
    for (const chart of q.charts) card.append(chartFigure(chart));
    if (q.table) {
      card.append(table(q.table.headers, q.table.rows, q.table.aligns));
      if (q.table.note) card.append(el('p', 'muted small', q.table.note));
    }
    if (q.texts.length) {
      const ul = el('ul', 'files');
      for (const text of q.texts) ul.append(el('li', '', text));
      card.append(ul);
    }
    if (q.note) card.append(el('p', 'muted small', q.note));
    parts.push(card);
  }
  const missing = el('section', 'card');
  missing.dataset.testid = 'missing';
  missing.append(el('h2', '', page.missingTitle));
  if (page.missing.length) {
    const ul = el('ul', 'files');
    for (const line of page.missing) ul.append(el('li', '', line));
    missing.append(ul);
  }
  parts.push(missing);
  if (page.yearly) {
    const yearly = el('section', 'card yearly');
    yearly.dataset.testid = 'yearly';
    yearly.append(el('h2', '', page.yearly.title));
    for (const year of page.yearly.years) {
      const h3 = el('h3', '', year.heading);
      h3.dataset.testid = 'fy' + year.fiscalYear;
      const rounds = el('ul', 'files small');
      for (const line of year.rounds) rounds.append(el('li', '', line));
      yearly.append(h3, rounds, table(year.scales.headers, year.scales.rows, year.scales.aligns));
      if (year.chart) yearly.append(chartFigure(year.chart));
      yearly.append(el('p', 'muted', year.comments));
    }
    parts.push(yearly);
  }
  show(...parts);
});
`;

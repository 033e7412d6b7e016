import type express from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { getTicket, ticketTimeline } from '../db/repos/repair-tickets.ts';
import { officeName } from '../db/repos/reports.ts';
import { getOfficeSettings } from '../db/repos/office-settings.ts';
import { can } from '../domain/permissions.ts';
import type { Person } from '../domain/people.ts';
import { hasPeriodStarted, parseReportPeriodKey, type ReportPeriod } from '../domain/report-period.ts';
import { reportSettingsOf } from '../domain/report-settings.ts';
import { formatThaiDateTime } from '../domain/thai-date.ts';
import { jobSheetPdfJob } from '../flows/repair-work/job-sheet.ts';
import { EVENT_LABELS, PRIORITY_LABELS, STATUS_LABELS } from '../flows/repair-work/messages.ts';
import { buildOfficeReport } from '../flows/reports/build.ts';
import { reportTexts as R } from '../flows/reports/messages.ts';
import { reportPageView } from '../flows/reports/view.ts';
import { liffPageUrl } from '../line/liff.ts';
import { renderPdf } from '../reports/pdf.ts';
import { reportPdf } from '../reports/report-pdf.ts';
import { apiBaseOf, viewerOf, type LiffContext } from './liff.ts';
import { sendLiffPage } from './liff-page.ts';

/**
 * The report's page (GET /liff/reports/:key, key `2027-03` or `fy2570`): the monthly or fiscal-year report on a
 * phone, with its charts, and its PDF (GET /liff/api/reports/:key/pdf). Only the area director, the deputies and
 * the group director (`view_office_report`), of their own office; anyone else gets 403 and nothing of it.
 *
 * A repair ticket's page (GET /liff/tickets/:id; the QR code of the job sheet opens it): the ticket and its
 * timeline for the office's staff and the people of the ticket's school, and the job sheet PDF for the staff.
 */

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

const TICKET_TEXTS = {
  title: 'งานซ่อม',
  notFound: 'ไม่พบงานซ่อมนี้ค่ะ',
  forbidden: 'ขออภัยค่ะ คุณไม่มีสิทธิ์ดูงานซ่อมนี้',
  jobSheet: 'ใบงานซ่อม (PDF)',
  school: 'โรงเรียน',
  kind: 'ประเภทปัญหา',
  priority: 'ความเร่งด่วน',
  description: 'รายละเอียด',
  reporter: 'ผู้แจ้ง',
  reportedAt: 'แจ้งเมื่อ',
  assignee: 'ผู้รับผิดชอบ',
  visitAt: 'นัดเข้าซ่อม',
  resolvedAt: 'ซ่อมเสร็จเมื่อ',
  resolution: 'สิ่งที่ซ่อม',
  timeline: 'ลำดับการดำเนินงาน',
  preparingPdf: R.preparingPdf,
  savePdf: R.savePdf,
};

/** The period of a key, if it is one that has begun; otherwise the 404 has been sent. */
function periodOf(req: Request, res: Response, now: Date): ReportPeriod | undefined {
  const period = parseReportPeriodKey(String(req.params.key ?? ''));
  if (!period || !hasPeriodStarted(period, now)) {
    res.status(404).json({ message: R.notFound });
    return undefined;
  }
  return period;
}

function mayViewReport(res: Response, context: LiffContext): Person | undefined {
  const { person } = viewerOf(res);
  if (can(person.role, 'view_office_report')) return person;
  context.logger.info({ personId: person.id, role: person.role }, 'report page refused');
  res.status(403).json({ message: R.forbidden });
  return undefined;
}

const isOfficeStaff = (person: Person) => can(person.role, 'take_ticket') || can(person.role, 'assign_ticket') || can(person.role, 'view_reports');

export function registerReportPages(input: { pages: express.Router; api: express.Router; context: LiffContext }): void {
  const { pages, api, context } = input;

  pages.get('/reports/:key', (req, res) => {
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: R.pageTitle, texts: { downloadPdf: R.downloadPdf, preparingPdf: R.preparingPdf, savePdf: R.savePdf, notes: R.notes }, script: REPORT_SCRIPT });
  });

  /** The report the link names, for someone who may see it; null when already answered (refused, bad period). */
  const requestedReport = async (req: Request, res: Response) => {
    const person = mayViewReport(res, context);
    if (!person) return null;
    const now = context.now();
    const period = periodOf(req, res, now);
    if (!period) return null;
    return buildOfficeReport(context.database.db, { officeId: person.officeId, period, now });
  };

  api.get('/reports/:key', async (req, res) => {
    const report = await requestedReport(req, res);
    if (report) res.json(reportPageView(report));
  });

  api.get('/reports/:key/pdf', async (req, res) => {
    const report = await requestedReport(req, res);
    if (!report) return;
    const pdf = await reportPdf(report);
    const name = `report-${report.key}.pdf`;
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    res.send(pdf);
  });

  pages.get('/tickets/:id', (req, res) => {
    sendLiffPage(res, context.settings, apiBaseOf(req), { title: TICKET_TEXTS.title, texts: TICKET_TEXTS, script: TICKET_SCRIPT });
  });

  const viewableTicket = async (req: Request, res: Response) => {
    const id = idSchema.safeParse(req.params.id);
    const { person } = viewerOf(res);
    const ticket = id.success ? await getTicket(context.database.db, person.officeId, id.data) : null;
    if (!ticket) {
      res.status(404).json({ message: TICKET_TEXTS.notFound });
      return undefined;
    }
    const ofSchool = (person.role === 'teacher' || person.role === 'school_director') && person.schoolId === ticket.schoolId;
    if (!isOfficeStaff(person) && !ofSchool) {
      context.logger.info({ ticketId: ticket.id, personId: person.id, role: person.role }, 'ticket page refused');
      res.status(403).json({ message: TICKET_TEXTS.forbidden });
      return undefined;
    }
    return { ticket, person };
  };

  api.get('/tickets/:id', async (req, res) => {
    const found = await viewableTicket(req, res);
    if (!found) return;
    const { ticket, person } = found;
    const timeline = await ticketTimeline(context.database.db, ticket.id);
    const when = (at: Date | null) => (at ? formatThaiDateTime(at) : null);
    res.json({
      id: ticket.id,
      number: ticket.number,
      status: STATUS_LABELS[ticket.status] ?? ticket.status,
      fields: [
        [TICKET_TEXTS.school, `${ticket.schoolName} (${ticket.district})`],
        [TICKET_TEXTS.kind, ticket.categoryLabel],
        [TICKET_TEXTS.priority, PRIORITY_LABELS[ticket.priority] ?? ticket.priority],
        [TICKET_TEXTS.description, ticket.description],
        [TICKET_TEXTS.reporter, ticket.reporterName],
        [TICKET_TEXTS.reportedAt, when(ticket.createdAt)],
        [TICKET_TEXTS.assignee, ticket.assigneeName],
        [TICKET_TEXTS.visitAt, when(ticket.visitAt)],
        [TICKET_TEXTS.resolvedAt, when(ticket.resolvedAt)],
        [TICKET_TEXTS.resolution, ticket.resolution],
      ].filter(([, value]) => value),
      timeline: timeline.map((e) => ({ at: formatThaiDateTime(e.at), action: EVENT_LABELS[e.action] ?? e.action, actor: e.actorName })),
      jobSheet: isOfficeStaff(person),
    });
  });

  api.get('/tickets/:id/job-sheet', async (req, res) => {
    const found = await viewableTicket(req, res);
    if (!found) return;
    if (!isOfficeStaff(found.person)) return void res.status(403).json({ message: TICKET_TEXTS.forbidden });
    const { ticket } = found;
    const now = context.now();
    const settings = await getOfficeSettings(context.database.db, ticket.officeId);
    const job = await jobSheetPdfJob(ticket, await ticketTimeline(context.database.db, ticket.id), {
      officeName: (await officeName(context.database.db, ticket.officeId)) ?? ticket.officeId,
      thaiDigits: reportSettingsOf(settings).thaiDigits,
      now,
      ticketUrl: liffPageUrl(context.settings, `tickets/${ticket.id}`),
    });
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="repair-${ticket.fiscalYear}-${ticket.seq}.pdf"`);
    res.send(await renderPdf(job));
  });
}

/**
 * The browser side of a PDF download button (`pdfButton(label, path, fileName, testId)`; the page's texts carry
 * preparingPdf and savePdf). `testId` (`pdf` unless given) tells apart the buttons of a page with more than one.
 */
export const PDF_BUTTON = String.raw`
function pdfButton(label, path, fileName, testId = 'pdf') {
  const wrap = el('p');
  const button = el('button', 'primary', label);
  button.type = 'button';
  button.dataset.testid = testId;
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = T.preparingPdf;
    try {
      const res = await call(path);
      const url = URL.createObjectURL(await res.blob());
      const link = el('a', 'file', '📄 ' + T.savePdf);
      link.href = url;
      link.download = fileName;
      link.dataset.testid = testId + '-link';
      wrap.replaceChildren(link);
      link.click();
    } catch (error) {
      wrap.replaceChildren(el('span', 'notice refused', error.message || T.failed));
    }
  });
  wrap.append(button);
  return wrap;
}
`;

/**
 * The browser side of figures: a table (`table(headers, rows, aligns)`, `aligns[i] === 'right'` for numbers) that
 * scrolls sideways on a phone, and a chart drawn on the server (`chartFigure({ title, src })`).
 */
export const FIGURE_HELPERS = String.raw`
function chartFigure(chart) {
  const figure = el('figure', 'chart');
  const img = el('img');
  img.src = chart.src;
  img.alt = chart.title;
  figure.append(el('figcaption', '', chart.title), img);
  return figure;
}
function table(headers, rows, aligns) {
  const t = el('table', 'data');
  const head = el('tr');
  for (const h of headers) head.append(el('th', '', h));
  t.append(head);
  for (const row of rows) {
    const tr = el('tr');
    row.forEach((cell, i) => {
      const td = el('td', aligns && aligns[i] === 'right' ? 'num' : '', cell);
      tr.append(td);
    });
    t.append(tr);
  }
  const wrap = el('div', 'scroll');
  wrap.append(t);
  return wrap;
}
`;

const REPORT_SCRIPT = String.raw`
${PDF_BUTTON}
${FIGURE_HELPERS}
start(async () => {
  const key = location.pathname.split('/').filter(Boolean).pop();
  const report = await api('/reports/' + encodeURIComponent(key));
  const head = el('section', 'card');
  const h1 = el('h1', '', report.title + ' ' + report.period);
  h1.dataset.testid = 'title';
  head.append(h1, el('p', '', report.office), el('p', 'muted', report.asOf), pdfButton(T.downloadPdf, '/reports/' + encodeURIComponent(key) + '/pdf', 'report-' + report.key + '.pdf'));
  const parts = [head];
  for (const section of report.sections) {
    const card = el('section', 'card');
    card.dataset.section = section.id;
    card.append(el('h2', '', section.title));
    for (const line of section.summary) card.append(el('p', '', line));
    const figures = el('table', 'data figures');
    const hr = el('tr');
    for (const h of report.headers) hr.append(el('th', '', h));
    figures.append(hr);
    for (const f of section.figures) {
      const tr = el('tr');
      tr.append(el('td', '', f.label), el('td', 'num', f.value), el('td', 'num muted', f.previous), el('td', 'num' + (f.good === true ? ' good' : f.good === false ? ' bad' : ''), f.change));
      figures.append(tr);
    }
    const wrap = el('div', 'scroll');
    wrap.append(figures);
    card.append(wrap);
    for (const chart of section.charts) card.append(chartFigure(chart));
    for (const t of section.tables) {
      card.append(el('h3', '', t.title), table(t.headers, t.rows, t.aligns));
      if (t.note) card.append(el('p', 'muted small', t.note));
    }
    for (const note of section.notes) card.append(el('p', 'muted small', note));
    parts.push(card);
  }
  show(...parts);
});
`;

const TICKET_SCRIPT = String.raw`
${PDF_BUTTON}
start(async () => {
  const id = location.pathname.split('/').filter(Boolean).pop();
  const ticket = await api('/tickets/' + encodeURIComponent(id));
  const head = el('section', 'card');
  const h1 = el('h1', '', ticket.number);
  h1.dataset.testid = 'number';
  const dl = el('dl');
  for (const [label, value] of ticket.fields) dl.append(el('dt', '', label), el('dd', '', value));
  head.append(h1, el('p', '', ticket.status), dl);
  if (ticket.jobSheet) head.append(pdfButton(T.jobSheet, '/tickets/' + ticket.id + '/job-sheet', 'repair-' + ticket.id + '.pdf'));
  const history = el('section', 'card');
  const ol = el('ol', 'history');
  for (const e of ticket.timeline) ol.append(el('li', '', e.at + ' · ' + e.action + (e.actor ? ' · ' + e.actor : '')));
  history.append(el('h2', 'muted', T.timeline), ol);
  show(head, history);
});
`;

import { listLettersForReport, type ReportLetter } from '../../db/repos/reports.ts';
import type { Period } from '../../domain/fiscal-year.ts';
import { bangkokDateKey, bangkokTime, officeMinutesBetween, type OfficeCalendar } from '../../domain/office-time.ts';
import { currentLabel, fiscalYearReportOf, monthsOf, periodRange, previousLabel, shortMonthLabel } from '../../domain/report-period.ts';
import {
  DECISION_LABELS,
  DECISIONS,
  LETTER_KIND_LABELS,
  LETTER_KINDS,
  LETTER_STATUS_LABELS,
  letterNumberLabel,
  URGENCIES,
  URGENCY_LABELS,
  type Decision,
} from '../../domain/saraban/letter.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { formatValue } from '../../reports/format.ts';
import type { ReportFigure, ReportSectionDefinition, SectionReport } from '../../reports/model.ts';

/**
 * The saraban part of the report: letters received and sent, by kind and urgency, the directors' decisions
 * and the average office time from proposal to decision, and received letters whose act-by date passed before
 * a decision. A secret letter is only counted: the rows come from `listLettersForReport`, which never reads
 * a secret letter's subject, number (ที่), sender or recipient, and no table lists a secret letter.
 */

export const SARABAN_SECTION_ID = 'saraban';

const T = {
  title: 'งานสารบรรณ',
  received: 'หนังสือรับ',
  sent: 'หนังสือส่ง',
  secret: 'หนังสือลับ (นับรวมแล้ว)',
  decided: 'ผู้บริหารพิจารณาแล้ว',
  decisionTime: 'เวลาเฉลี่ยจากเสนอถึงพิจารณา (ชม.ทำการ)',
  overdue: 'เกินกำหนดดำเนินการ (ด่วนภายใน)',
  unit: 'ฉบับ',
  byMonth: 'หนังสือรับ-ส่งรายเดือน (ปีงบประมาณ)',
  byKindTitle: 'หนังสือตามชนิด',
  byUrgencyTitle: 'หนังสือตามความเร่งด่วน',
  decisionsTitle: 'ผลการพิจารณาของผู้บริหาร',
  overdueTitle: 'หนังสือที่เลยกำหนดดำเนินการ (ไม่รวมหนังสือลับ)',
  receivedSeries: 'รับ',
  sentSeries: 'ส่ง',
  kindHeaders: ['ชนิดหนังสือ', 'รับ', 'ส่ง'],
  urgencyHeaders: ['ความเร่งด่วน', 'รับ', 'ส่ง'],
  decisionHeaders: ['ผลการพิจารณา', 'จำนวน (ฉบับ)'],
  overdueHeaders: ['เลขทะเบียนรับ', 'เรื่อง', 'ดำเนินการภายใน', 'สถานะ'],
  summary: (now: string, received: number, sent: number, prev: string, prevReceived: number, prevSent: number) =>
    `${now} รับหนังสือ ${received} ฉบับ ส่งหนังสือ ${sent} ฉบับ (${prev}: รับ ${prevReceived} ส่ง ${prevSent} ฉบับ)`,
  summaryUrgent: (n: number) => `เป็นหนังสือด่วน ด่วนมาก หรือด่วนที่สุด ${n} ฉบับ`,
  summarySecret: (n: number) => `มีหนังสือลับ ${n} ฉบับ (แสดงเป็นจำนวนเท่านั้น)`,
  summaryDecided: (n: number, avg: string) => `ผู้บริหารพิจารณาแล้ว ${n} ฉบับ ใช้เวลาเฉลี่ย ${avg} ทำการนับจากเสนอ`,
  summaryOverdue: (n: number) => `มีหนังสือที่เลยกำหนดดำเนินการโดยยังไม่ได้รับการพิจารณา ${n} ฉบับ`,
  overdueSecretNote: (n: number) => `รวมหนังสือลับ ${n} ฉบับ ซึ่งไม่แสดงรายละเอียด`,
  notes: [
    'ไม่นับเลขทะเบียนที่ยกเลิก หนังสือลับนับรวมในจำนวนแต่ไม่แสดงรายละเอียดใด ๆ',
    'เกินกำหนดดำเนินการ: หนังสือรับที่มีวันที่ต้องดำเนินการภายในช่วงนี้ ซึ่งผ่านวันนั้นแล้วโดยผู้บริหารยังไม่ได้พิจารณา',
  ],
};

/** Decisions that settle a letter (ส่งคืนแก้ไข sends it back to the officer: not settled). */
const SETTLING = new Set<Decision>(['acknowledged', 'approved', 'endorsed', 'rejected', 'ordered']);

const inRange = (at: Date | null, range: Period) => at !== null && at.getTime() >= range.start.getTime() && at.getTime() < range.end.getTime();

interface Counts {
  received: ReportLetter[];
  sent: ReportLetter[];
  secret: number;
  decided: ReportLetter[];
  averageDecisionMinutes: number | null;
  overdue: ReportLetter[];
}

/** The end of a letter's act-by day: a decision until then is on time. */
const endOfDay = (key: string) => new Date(bangkokTime(key).getTime() + 24 * 60 * 60 * 1000);

function countsOf(letters: readonly ReportLetter[], range: Period, now: Date, calendar: OfficeCalendar): Counts {
  const live = letters.filter((l) => l.status !== 'cancelled');
  const registered = live.filter((l) => inRange(l.registeredAt, range));
  const received = registered.filter((l) => l.register === 'receive');
  const sent = registered.filter((l) => l.register === 'send');
  const decided = live.filter((l) => l.decision !== null && inRange(l.decidedAt, range));
  const timed = decided.filter((l) => l.proposedAt && l.decidedAt && SETTLING.has(l.decision!));
  const minutes = timed.map((l) => Math.max(0, officeMinutesBetween(l.proposedAt!, l.decidedAt!, calendar)));
  const fromKey = bangkokDateKey(range.start);
  const toKey = bangkokDateKey(new Date(range.end.getTime() - 1));
  const overdue = live.filter((l) => {
    if (l.register !== 'receive' || !l.actBy || l.actBy < fromKey || l.actBy > toKey) return false;
    const due = endOfDay(l.actBy);
    if (due.getTime() > now.getTime()) return false;
    const settled = l.decidedAt !== null && l.decision !== null && SETTLING.has(l.decision) && l.decidedAt.getTime() < due.getTime();
    return !settled;
  });
  return {
    received,
    sent,
    secret: registered.filter((l) => l.secrecy !== 'none').length,
    decided,
    averageDecisionMinutes: minutes.length === 0 ? null : minutes.reduce((a, b) => a + b, 0) / minutes.length,
    overdue,
  };
}

export const sarabanReportSection: ReportSectionDefinition = {
  id: SARABAN_SECTION_ID,
  title: T.title,
  async build(ex, context): Promise<SectionReport> {
    const fiscal = periodRange(fiscalYearReportOf(context.range.start));
    const from = new Date(Math.min(context.previousRange.start.getTime(), fiscal.start.getTime()));
    const letters = await listLettersForReport(ex, context.officeId, from, context.range.end, bangkokDateKey(from));
    const now = context.now;
    const current = countsOf(letters, context.range, now, context.calendar);
    const previous = countsOf(letters, context.previousRange, now, context.calendar);

    const figures: ReportFigure[] = [
      { key: 'received', label: T.received, value: current.received.length, previous: previous.received.length, format: 'count', unit: T.unit, headline: 3 },
      { key: 'sent', label: T.sent, value: current.sent.length, previous: previous.sent.length, format: 'count', unit: T.unit, headline: 5 },
      { key: 'secret', label: T.secret, value: current.secret, previous: previous.secret, format: 'count', unit: T.unit },
      { key: 'decided', label: T.decided, value: current.decided.length, previous: previous.decided.length, format: 'count', unit: T.unit },
      { key: 'decisionTime', label: T.decisionTime, value: current.averageDecisionMinutes, previous: previous.averageDecisionMinutes, format: 'officeMinutes', better: 'down' },
      { key: 'overdue', label: T.overdue, value: current.overdue.length, previous: previous.overdue.length, format: 'count', unit: T.unit, better: 'down' },
    ];
    const urgent = [...current.received, ...current.sent].filter((l) => l.urgency !== 'normal').length;
    const sentences = [T.summary(currentLabel(context.period, context.now), current.received.length, current.sent.length, previousLabel(context.period, context.now), previous.received.length, previous.sent.length)];
    if (urgent > 0) sentences.push(T.summaryUrgent(urgent));
    if (current.secret > 0) sentences.push(T.summarySecret(current.secret));
    if (current.decided.length > 0) sentences.push(T.summaryDecided(current.decided.length, formatValue({ format: 'officeMinutes' }, current.averageDecisionMinutes)));
    if (current.overdue.length > 0) sentences.push(T.summaryOverdue(current.overdue.length));

    const charts: SectionReport['charts'] = [];
    const months = monthsOf(fiscalYearReportOf(context.range.start)).filter((m) => periodRange(m).start.getTime() < Math.min(context.range.end.getTime(), now.getTime()));
    if (months.length > 1) {
      const live = letters.filter((l) => l.status !== 'cancelled');
      const monthly = months.map((m) => {
        const range = periodRange(m);
        const registered = live.filter((l) => inRange(l.registeredAt, range));
        return { received: registered.filter((l) => l.register === 'receive').length, sent: registered.filter((l) => l.register === 'send').length };
      });
      charts.push({
        id: 'saraban-by-month',
        title: T.byMonth,
        kind: 'bar',
        categories: months.map(shortMonthLabel),
        series: [
          { name: T.receivedSeries, values: monthly.map((c) => c.received) },
          { name: T.sentSeries, values: monthly.map((c) => c.sent) },
        ],
      });
    }
    const countOf = (list: ReportLetter[], pick: (l: ReportLetter) => boolean) => list.filter(pick).length;
    const urgencyRows = URGENCIES.map((u) => [URGENCY_LABELS[u], countOf(current.received, (l) => l.urgency === u), countOf(current.sent, (l) => l.urgency === u)] as [string, number, number]);
    if (current.received.length + current.sent.length > 0) {
      charts.push({
        id: 'saraban-by-urgency',
        title: T.byUrgencyTitle,
        kind: 'bar',
        categories: urgencyRows.map((r) => r[0]),
        series: [
          { name: T.receivedSeries, values: urgencyRows.map((r) => r[1]) },
          { name: T.sentSeries, values: urgencyRows.map((r) => r[2]) },
        ],
      });
    }

    const tables: SectionReport['tables'] = [
      {
        title: T.byKindTitle,
        headers: T.kindHeaders,
        rows: LETTER_KINDS.map((k) => [LETTER_KIND_LABELS[k], countOf(current.received, (l) => l.kind === k), countOf(current.sent, (l) => l.kind === k)]),
        columns: ['1fr', 'auto', 'auto'],
        aligns: ['left', 'right', 'right'],
      },
      { title: T.byUrgencyTitle, headers: T.urgencyHeaders, rows: urgencyRows, columns: ['1fr', 'auto', 'auto'], aligns: ['left', 'right', 'right'] },
      {
        title: T.decisionsTitle,
        headers: T.decisionHeaders,
        rows: DECISIONS.map((d) => [DECISION_LABELS[d], countOf(current.decided, (l) => l.decision === d)]),
        columns: ['1fr', 'auto'],
        aligns: ['left', 'right'],
      },
    ];
    if (current.overdue.length > 0) {
      const open = current.overdue.filter((l) => l.secrecy === 'none');
      const secret = current.overdue.length - open.length;
      tables.push({
        title: T.overdueTitle,
        headers: T.overdueHeaders,
        rows: open.map((l) => [letterNumberLabel(l.register, l.number, l.year), l.subject, formatThaiDateKey(l.actBy!), LETTER_STATUS_LABELS[l.status]]),
        columns: ['auto', '1fr', 'auto', 'auto'],
        ...(secret > 0 ? { note: T.overdueSecretNote(secret) } : {}),
      });
    }
    return { id: SARABAN_SECTION_ID, title: T.title, summary: [sentences.join(' ')], figures, charts, tables, notes: T.notes };
  },
};

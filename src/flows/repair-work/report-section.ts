import { listTicketsForFigures } from '../../db/repos/repair-work-views.ts';
import { fiscalYearOf, fiscalYearPeriod } from '../../domain/fiscal-year.ts';
import { currentLabel, monthsOf, periodRange, previousLabel, shortMonthLabel, fiscalYearReportOf, type ReportPeriod } from '../../domain/report-period.ts';
import { formatValue } from '../../reports/format.ts';
import type { ReportFigure, ReportSectionDefinition, SectionContext, SectionReport } from '../../reports/model.ts';
import { officeClockOf } from './clock.ts';
import { openAt, openedAndClosed, periodFigures, type CountBy, type FigureTicket } from './figures.ts';

/**
 * The repairs part of the report to the area director, from the same figures as "สรุปงานซ่อม" (figures.ts):
 * tickets opened and closed in the period (confirmed by the school counts as closed), open at its end (or
 * now), the share within the service targets, median times to accept and to resolve in office hours, the
 * school's ratings, by kind, by district and the schools with the most faults, each beside the previous period.
 */

export const REPAIRS_SECTION_ID = 'repairs';

const T = {
  title: 'งานซ่อมอุปกรณ์ DLTV และคอมพิวเตอร์',
  opened: 'งานแจ้งซ่อมใหม่',
  closed: 'ปิดงานแล้ว (รวมที่โรงเรียนยืนยัน)',
  openAtEnd: (open: boolean) => (open ? 'งานค้าง ณ วันนี้' : 'งานค้าง ณ สิ้นช่วง'),
  withinTarget: 'ทันเป้าหมายบริการ',
  medianAccept: 'เวลารับงาน (มัธยฐาน ชม.ทำการ)',
  medianResolve: 'เวลาซ่อมเสร็จ (มัธยฐาน ชม.ทำการ ไม่นับเวลารอ)',
  satisfaction: 'ความพึงพอใจเฉลี่ย',
  unit: 'งาน',
  byMonth: 'งานซ่อมรายเดือน (ปีงบประมาณ)',
  byDistrict: 'งานแจ้งซ่อมตามอำเภอ',
  byKind: 'สัดส่วนตามประเภทปัญหา',
  topSchools: 'โรงเรียนที่แจ้งซ่อมมากที่สุด',
  openedSeries: 'แจ้งใหม่',
  closedSeries: 'ปิดงาน',
  kindHeaders: ['ประเภทปัญหา', 'จำนวน (งาน)', 'ร้อยละ'],
  districtHeaders: ['อำเภอ', 'จำนวน (งาน)'],
  schoolHeaders: ['ลำดับ', 'โรงเรียน', 'จำนวน (งาน)'],
  none: 'ไม่มีงานแจ้งซ่อมในช่วงนี้',
  notes: [
    'เวลานับเป็นชั่วโมงทำการตามเวลาทำการและวันหยุดของสำนักงาน เวลาที่รออะไหล่หรือรอผู้รับจ้างไม่นับรวม',
    'ทันเป้าหมาย: งานที่แจ้งในช่วงนี้ซึ่งรับงานและซ่อมเสร็จภายในเวลาเป้าหมาย เทียบกับงานที่ตัดสินได้แล้ว',
  ],
  summaryOpened: (now: string, n: number, prev: string, previous: number) => `${now} มีงานแจ้งซ่อมใหม่ ${n} งาน (${prev}: ${previous} งาน)`,
  summaryClosed: (closed: number, open: number, openNow: boolean) => `ปิดงานได้ ${closed} งาน และ${openNow ? 'ยังมีงานค้างอยู่ในขณะนี้' : 'มีงานค้างเมื่อสิ้นช่วง'} ${open} งาน`,
  summaryTarget: (share: string, judged: number) => `งานที่ตัดสินได้แล้ว ${judged} งาน ทันเป้าหมายบริการ ${share}`,
  summaryTimes: (accept: string, resolve: string) => `เวลารับงานมัธยฐาน ${accept} เวลาซ่อมเสร็จมัธยฐาน ${resolve} (ชั่วโมงทำการ)`,
  summaryTop: (kind: string, district: string) => `ปัญหาที่พบมากที่สุดคือ ${kind} และอำเภอที่แจ้งมากที่สุดคือ ${district}`,
  summaryRating: (avg: string, rated: number) => `โรงเรียนให้คะแนนความพึงพอใจเฉลี่ย ${avg} จาก ${rated} งาน`,
};

const share = (part: number, whole: number) => (whole === 0 ? '0' : `${Math.round((part * 100) / whole)}`);

function topLabel(list: CountBy[]): string | undefined {
  return list[0]?.label;
}

/** The fiscal-year months up to the report's end and now, with opened and closed in each (the bar chart). */
function monthlyCounts(tickets: readonly FigureTicket[], period: ReportPeriod, context: SectionContext) {
  const year = period.kind === 'fiscalYear' ? period : fiscalYearReportOf(context.range.start);
  const months = monthsOf(year).filter((m) => periodRange(m).start.getTime() < Math.min(context.range.end.getTime(), context.now.getTime()));
  return months.map((m) => {
    const range = periodRange(m);
    return { label: shortMonthLabel(m), ...openedAndClosed(tickets, { from: range.start, to: range.end }) };
  });
}

export const repairReportSection: ReportSectionDefinition = {
  id: REPAIRS_SECTION_ID,
  title: T.title,
  async build(ex, context): Promise<SectionReport> {
    const clock = officeClockOf(context.calendar);
    const fiscalStart = fiscalYearPeriod(fiscalYearOf(context.range.start)).start;
    const from = new Date(Math.min(context.previousRange.start.getTime(), fiscalStart.getTime()));
    const tickets = await listTicketsForFigures(ex, context.officeId, from);
    const now = context.now;
    const current = periodFigures(tickets, { from: context.range.start, to: context.range.end }, now, clock);
    const previous = periodFigures(tickets, { from: context.previousRange.start, to: context.previousRange.end }, now, clock);
    const running = now.getTime() < context.range.end.getTime();
    const openEnd = openAt(tickets, running ? now : context.range.end);
    const openPrevEnd = openAt(tickets, context.previousRange.end);

    const figures: ReportFigure[] = [
      { key: 'opened', label: T.opened, value: current.opened, previous: previous.opened, format: 'count', unit: T.unit, headline: 1 },
      { key: 'closed', label: T.closed, value: current.closed, previous: previous.closed, format: 'count', unit: T.unit, better: 'up', headline: 4 },
      { key: 'open', label: T.openAtEnd(running), value: openEnd, previous: openPrevEnd, format: 'count', unit: T.unit, better: 'down' },
      { key: 'withinTarget', label: T.withinTarget, value: current.withinTarget, previous: previous.withinTarget, format: 'share', better: 'up', headline: 2 },
      { key: 'medianAccept', label: T.medianAccept, value: current.medianAcceptMinutes, previous: previous.medianAcceptMinutes, format: 'officeMinutes', better: 'down' },
      { key: 'medianResolve', label: T.medianResolve, value: current.medianResolveMinutes, previous: previous.medianResolveMinutes, format: 'officeMinutes', better: 'down' },
      { key: 'satisfaction', label: T.satisfaction, value: current.satisfaction.average, previous: previous.satisfaction.average, format: 'rating', better: 'up' },
    ];
    const byKey = (key: string) => figures.find((f) => f.key === key)!;

    const summary: string[] = [];
    const sentences = [
      T.summaryOpened(currentLabel(context.period, context.now), current.opened, previousLabel(context.period, context.now), previous.opened),
      T.summaryClosed(current.closed, openEnd, running),
    ];
    if (current.withinTarget !== null) sentences.push(T.summaryTarget(formatValue(byKey('withinTarget'), current.withinTarget), current.judged));
    if (current.medianAcceptMinutes !== null || current.medianResolveMinutes !== null) {
      sentences.push(T.summaryTimes(formatValue(byKey('medianAccept'), current.medianAcceptMinutes), formatValue(byKey('medianResolve'), current.medianResolveMinutes)));
    }
    const kind = topLabel(current.byKind);
    const district = topLabel(current.byDistrict);
    if (kind && district) sentences.push(T.summaryTop(kind, district));
    if (current.satisfaction.average !== null) sentences.push(T.summaryRating(formatValue(byKey('satisfaction'), current.satisfaction.average), current.satisfaction.rated));
    summary.push(`${sentences.join(' ')}`);

    const months = monthlyCounts(tickets, context.period, context);
    const charts: SectionReport['charts'] = [];
    if (months.length > 1) {
      charts.push({
        id: 'repairs-by-month',
        title: T.byMonth,
        kind: 'bar',
        categories: months.map((m) => m.label),
        series: [
          { name: T.openedSeries, values: months.map((m) => m.opened) },
          { name: T.closedSeries, values: months.map((m) => m.closed) },
        ],
      });
    }
    if (current.byDistrict.length > 0) {
      charts.push({ id: 'repairs-by-district', title: T.byDistrict, kind: 'bar', horizontal: true, categories: current.byDistrict.map((d) => d.label), series: [{ name: T.openedSeries, values: current.byDistrict.map((d) => d.count) }] });
    }
    if (current.byKind.length > 0) {
      charts.push({ id: 'repairs-by-kind', title: T.byKind, kind: 'pie', categories: current.byKind.map((k) => k.label), series: [{ name: T.openedSeries, values: current.byKind.map((k) => k.count) }] });
    }

    const tables: SectionReport['tables'] = [];
    if (current.opened > 0) {
      tables.push({
        title: T.byKind,
        headers: T.kindHeaders,
        rows: current.byKind.map((k) => [k.label, k.count, share(k.count, current.opened)]),
        columns: ['1fr', 'auto', 'auto'],
        aligns: ['left', 'right', 'right'],
      });
      tables.push({ title: T.byDistrict, headers: T.districtHeaders, rows: current.byDistrict.map((d) => [d.label, d.count]), columns: ['1fr', 'auto'], aligns: ['left', 'right'] });
      tables.push({
        title: T.topSchools,
        headers: T.schoolHeaders,
        rows: current.topSchools.map((s, i) => [i + 1, s.label, s.count]),
        columns: ['auto', '1fr', 'auto'],
        aligns: ['right', 'left', 'right'],
      });
    } else {
      summary.push(T.none);
    }
    return { id: REPAIRS_SECTION_ID, title: T.title, summary, figures, charts, tables, notes: T.notes };
  },
};

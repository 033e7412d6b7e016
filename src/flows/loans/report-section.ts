import { lendableItemCounts, listLoanItemsOutForReport, listLoansForReport } from '../../db/repos/loan-reports.ts';
import { loanCounts, shareOf, spanDays, type LoanCounts } from '../../domain/loans/report.ts';
import { currentLabel, fiscalYearReportOf, monthsOf, periodRange, previousLabel, shortMonthLabel } from '../../domain/report-period.ts';
import { formatValue } from '../../reports/format.ts';
import type { ReportFigure, ReportSectionDefinition, SectionReport } from '../../reports/model.ts';

/**
 * The loans part of the report (issue 11, "Figures for the reports"): requests and decisions, items handed out,
 * loans per type and per school, utilisation per type and of the most used items, items overdue and the share
 * returned late, late returns per school. Left out for an office that has never lent anything.
 */

export const LOANS_SECTION_ID = 'loans';

const T = {
  title: 'งานยืม-คืนอุปกรณ์',
  requested: 'คำขอยืม',
  approved: 'อนุมัติ',
  declined: 'ไม่อนุมัติ',
  handedOut: 'อุปกรณ์ที่ส่งมอบ',
  overdue: 'ค้างส่งคืนเกินกำหนด',
  lateRate: 'คืนล่าช้า (ของที่ครบกำหนด)',
  requestUnit: 'คำขอ',
  itemUnit: 'ชิ้น',
  byMonth: 'อุปกรณ์ที่ส่งมอบรายเดือน (ปีงบประมาณ)',
  handedSeries: 'ส่งมอบ',
  byTypeTitle: 'การยืมตามประเภทอุปกรณ์',
  byTypeHeaders: ['ประเภท', 'ส่งมอบ (ชิ้น)', 'วันที่ถูกยืม', 'อัตราการใช้'],
  bySchoolTitle: 'การยืมตามโรงเรียน',
  bySchoolHeaders: ['โรงเรียน/หน่วยงาน', 'ครั้งที่ยืม', 'ส่งมอบ (ชิ้น)', 'คืนล่าช้า (ชิ้น)'],
  topItemsTitle: 'อุปกรณ์ที่ถูกใช้มากที่สุด',
  topItemsHeaders: ['เลขครุภัณฑ์', 'ประเภท', 'วันที่ถูกยืม', 'อัตราการใช้'],
  office: 'สำนักงาน (ใช้เอง)',
  summary: (now: string, requested: number, handed: number, prev: string, prevHanded: number) =>
    `${now} มีคำขอยืม ${requested} คำขอ ส่งมอบอุปกรณ์ ${handed} ชิ้น (${prev}: ${prevHanded} ชิ้น)`,
  summaryLate: (late: number, due: number, share: string) => `ของที่ครบกำหนดคืน ${due} ชิ้น คืนล่าช้าหรือยังไม่คืน ${late} ชิ้น (${share})`,
  summaryOverdue: (n: number) => `ขณะนี้มีอุปกรณ์ค้างส่งคืนเกินกำหนด ${n} ชิ้น`,
  notes: [
    'อัตราการใช้: จำนวนวันที่อุปกรณ์อยู่กับผู้ยืมในช่วงนี้ เทียบกับจำนวนวันของช่วง (ประเภท: เทียบกับจำนวนเครื่องที่ให้ยืมได้)',
    'คืนล่าช้า: ของที่ครบกำหนดคืนในช่วงนี้ ซึ่งคืนหลังวันครบกำหนด หรือยังไม่ได้คืน',
  ],
};

const TOP_ITEMS = 10;

const days = (n: number) => Math.round(n * 10) / 10;
const share = (value: number | null) => formatValue({ format: 'share' }, value);

export const loansReportSection: ReportSectionDefinition = {
  id: LOANS_SECTION_ID,
  title: T.title,
  async build(ex, context): Promise<SectionReport | null> {
    const fiscal = periodRange(fiscalYearReportOf(context.range.start));
    const from = new Date(Math.min(context.previousRange.start.getTime(), fiscal.start.getTime()));
    const [loans, items, lendable] = await Promise.all([
      listLoansForReport(ex, context.officeId, from, context.range.end),
      listLoanItemsOutForReport(ex, context.officeId, from, context.range.end),
      lendableItemCounts(ex, context.officeId),
    ]);
    if (loans.length === 0 && items.length === 0) return null;
    const now = context.now;
    const current = loanCounts(loans, items, context.range, now);
    const previous = loanCounts(loans, items, context.previousRange, now);
    const lateShare = (c: LoanCounts) => shareOf(c.late.length, c.dueBack.length);

    const figures: ReportFigure[] = [
      { key: 'requested', label: T.requested, value: current.requested, previous: previous.requested, format: 'count', unit: T.requestUnit },
      { key: 'approved', label: T.approved, value: current.approved, previous: previous.approved, format: 'count', unit: T.requestUnit },
      { key: 'declined', label: T.declined, value: current.declined, previous: previous.declined, format: 'count', unit: T.requestUnit },
      { key: 'handedOut', label: T.handedOut, value: current.handedOut.length, previous: previous.handedOut.length, format: 'count', unit: T.itemUnit, headline: 7 },
      { key: 'overdue', label: T.overdue, value: current.overdue.length, previous: previous.overdue.length, format: 'count', unit: T.itemUnit, better: 'down' },
      { key: 'lateRate', label: T.lateRate, value: lateShare(current), previous: lateShare(previous), format: 'share', better: 'down' },
    ];

    const sentences = [T.summary(currentLabel(context.period, now), current.requested, current.handedOut.length, previousLabel(context.period, now), previous.handedOut.length)];
    if (current.dueBack.length > 0) sentences.push(T.summaryLate(current.late.length, current.dueBack.length, share(lateShare(current))));
    if (current.overdue.length > 0) sentences.push(T.summaryOverdue(current.overdue.length));

    const charts: SectionReport['charts'] = [];
    const months = monthsOf(fiscalYearReportOf(context.range.start)).filter((m) => periodRange(m).start.getTime() < Math.min(context.range.end.getTime(), now.getTime()));
    if (months.length > 1) {
      charts.push({
        id: 'loans-by-month',
        title: T.byMonth,
        kind: 'bar',
        categories: months.map(shortMonthLabel),
        series: [{ name: T.handedSeries, values: months.map((m) => loanCounts([], items, periodRange(m), now).handedOut.length) }],
      });
    }

    const base = spanDays(context.range, now);
    const typeNames = [...new Set([...lendable.keys(), ...current.handedOut.map((i) => i.typeName)])].sort((a, b) => a.localeCompare(b, 'th'));
    const daysOfType = (type: string) => [...current.daysOut.values()].filter((d) => d.typeName === type).reduce((sum, d) => sum + d.days, 0);
    const bySchool = new Map<string, { loans: Set<number>; items: number; late: number }>();
    for (const item of current.handedOut) {
      const row = bySchool.get(item.schoolName ?? T.office) ?? { loans: new Set<number>(), items: 0, late: 0 };
      row.loans.add(item.loanId);
      row.items += 1;
      bySchool.set(item.schoolName ?? T.office, row);
    }
    for (const item of current.late) {
      const row = bySchool.get(item.schoolName ?? T.office) ?? { loans: new Set<number>(), items: 0, late: 0 };
      row.late += 1;
      bySchool.set(item.schoolName ?? T.office, row);
    }
    const topItems = [...current.daysOut.values()].sort((a, b) => b.days - a.days).slice(0, TOP_ITEMS);

    const tables: SectionReport['tables'] = [
      {
        title: T.byTypeTitle,
        headers: T.byTypeHeaders,
        rows: typeNames.map((type) => {
          const out = daysOfType(type);
          return [type, current.handedOut.filter((i) => i.typeName === type).length, days(out), share(shareOf(out, base * (lendable.get(type) ?? 0)))];
        }),
        columns: ['1fr', 'auto', 'auto', 'auto'],
        aligns: ['left', 'right', 'right', 'right'],
      },
    ];
    if (bySchool.size > 0) {
      tables.push({
        title: T.bySchoolTitle,
        headers: T.bySchoolHeaders,
        rows: [...bySchool.entries()].sort((a, b) => b[1].items - a[1].items || a[0].localeCompare(b[0], 'th')).map(([school, row]) => [school, row.loans.size, row.items, row.late]),
        columns: ['1fr', 'auto', 'auto', 'auto'],
        aligns: ['left', 'right', 'right', 'right'],
      });
    }
    if (topItems.length > 0) {
      tables.push({
        title: T.topItemsTitle,
        headers: T.topItemsHeaders,
        rows: topItems.map((item) => [item.assetTag, item.typeName, days(item.days), share(shareOf(item.days, base))]),
        columns: ['auto', '1fr', 'auto', 'auto'],
        aligns: ['left', 'left', 'right', 'right'],
      });
    }
    return { id: LOANS_SECTION_ID, title: T.title, summary: [sentences.join(' ')], figures, charts, tables, notes: T.notes };
  },
};

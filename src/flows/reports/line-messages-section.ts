import type { Executor } from '../../db/database.ts';
import { monthMessages } from '../../db/repos/reports.ts';
import { currentLabel, fiscalYearReportOf, monthsOf, periodRange, previousLabel, reportPeriodKey, shortMonthLabel, type ReportPeriod } from '../../domain/report-period.ts';
import type { ReportFigure, ReportSectionDefinition, SectionContext, SectionReport } from '../../reports/model.ts';

/**
 * LINE messages against the budget: pushes (what the Official Account's plan counts) per Bangkok month, as
 * `src/line/message-budget.ts` counts them, beside the month's budget, and the replies, which are free. Months
 * whose outbox rows have been purged are read from `line_message_months` (job `reports:message-usage`).
 */

export const LINE_MESSAGES_SECTION_ID = 'line-messages';

const T = {
  title: 'การใช้ข้อความ LINE เทียบกับงบประมาณ',
  pushes: 'ข้อความแบบส่งถึง (นับโควตา)',
  budget: 'งบข้อความ',
  used: 'ใช้ไปของงบ',
  replies: 'ข้อความตอบกลับ (ไม่เสียค่าใช้จ่าย)',
  unit: 'ข้อความ',
  chart: 'ข้อความแบบส่งถึงรายเดือนเทียบกับงบ',
  pushSeries: 'ส่งถึง',
  budgetSeries: 'งบต่อเดือน',
  summary: (now: string, pushes: number, budget: number, share: string, prev: string, prevPushes: number) =>
    budget > 0
      ? `${now} ส่งข้อความแบบส่งถึง ${pushes} ข้อความ จากงบ ${budget} ข้อความ (ใช้ไป ${share}) ${prev}: ${prevPushes} ข้อความ`
      : `${now} ส่งข้อความแบบส่งถึง ${pushes} ข้อความ (ไม่ได้ตั้งงบ) ${prev}: ${prevPushes} ข้อความ`,
  summaryReplies: (n: number) => `และตอบกลับในแชต ${n} ข้อความ ซึ่งไม่นับโควตา`,
  notes: ['ข้อความแบบส่งถึง (push) นับตามเดือนปฏิทิน เวลาประเทศไทย เช่นเดียวกับที่ LINE คิดโควตา ข้อความตอบกลับทันทีไม่เสียค่าใช้จ่าย'],
};

interface Usage {
  pushes: number;
  replies: number;
  budget: number;
}

async function monthUsage(ex: Executor, month: ReportPeriod & { kind: 'month' }, context: SectionContext): Promise<Usage> {
  const range = periodRange(month);
  const total: Usage = { pushes: 0, replies: 0, budget: 0 };
  for (const channel of context.channels) {
    const m = await monthMessages(ex, channel.id, reportPeriodKey(month), range.start, range.end);
    total.pushes += m.pushes;
    total.replies += m.replies;
    total.budget += m.budget ?? channel.monthlyMessageBudget;
  }
  return total;
}

/** The months of a period that have begun by `now`, with their usage. */
async function usageOf(ex: Executor, period: ReportPeriod, context: SectionContext): Promise<Array<{ month: ReportPeriod & { kind: 'month' }; usage: Usage }>> {
  const months = monthsOf(period).filter((m) => periodRange(m).start.getTime() <= context.now.getTime());
  const out = [];
  for (const month of months) out.push({ month, usage: await monthUsage(ex, month, context) });
  return out;
}

const sum = (list: Array<{ usage: Usage }>, key: keyof Usage) => list.reduce((total, item) => total + item.usage[key], 0);

export const lineMessagesReportSection: ReportSectionDefinition = {
  id: LINE_MESSAGES_SECTION_ID,
  title: T.title,
  async build(ex, context): Promise<SectionReport | null> {
    if (context.channels.length === 0) return null;
    const current = await usageOf(ex, context.period, context);
    const previous = await usageOf(ex, context.previous, context);
    const pushes = sum(current, 'pushes');
    const budget = sum(current, 'budget');
    const prevPushes = sum(previous, 'pushes');
    const prevBudget = sum(previous, 'budget');
    const figures: ReportFigure[] = [
      { key: 'pushes', label: T.pushes, value: pushes, previous: prevPushes, format: 'count', unit: T.unit, better: 'down', headline: 6 },
      { key: 'budget', label: T.budget, value: budget, previous: prevBudget, format: 'count', unit: T.unit },
      { key: 'used', label: T.used, value: budget > 0 ? pushes / budget : null, previous: prevBudget > 0 ? prevPushes / prevBudget : null, format: 'share', better: 'down' },
      { key: 'replies', label: T.replies, value: sum(current, 'replies'), previous: sum(previous, 'replies'), format: 'count', unit: T.unit },
    ];
    const share = budget > 0 ? `${Math.round((pushes * 100) / budget)}%` : '';
    const summary = `${T.summary(currentLabel(context.period, context.now), pushes, budget, share, previousLabel(context.period, context.now), prevPushes)} ${T.summaryReplies(sum(current, 'replies'))}`;
    const year = context.period.kind === 'fiscalYear' ? current : await usageOf(ex, fiscalYearReportOf(context.range.start), context);
    const shown = year.filter((m) => periodRange(m.month).start.getTime() < context.range.end.getTime());
    const charts: SectionReport['charts'] =
      shown.length > 1
        ? [
            {
              id: 'line-messages-by-month',
              title: T.chart,
              kind: 'bar',
              categories: shown.map((m) => shortMonthLabel(m.month)),
              series: [
                { name: T.pushSeries, values: shown.map((m) => m.usage.pushes) },
                ...(shown.some((m) => m.usage.budget > 0) ? [{ name: T.budgetSeries, values: shown.map((m) => m.usage.budget), line: true }] : []),
              ],
            },
          ]
        : [];
    return { id: LINE_MESSAGES_SECTION_ID, title: T.title, summary: [summary], figures, charts, tables: [], notes: T.notes };
  },
};

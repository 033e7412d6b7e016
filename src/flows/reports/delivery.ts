import { z } from 'zod';
import type { Database, Executor } from '../../db/database.ts';
import { loadOfficeCalendar } from '../../db/repos/holidays.ts';
import { listChannels } from '../../db/repos/line-channels.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { listOfficeIds } from '../../db/repos/repair-work-views.ts';
import { listReportRecipients, monthMessages, recordMonthMessages, recordReportDelivery } from '../../db/repos/reports.ts';
import { fiscalYearOf } from '../../domain/fiscal-year.ts';
import { bangkokDateKey, bangkokMinuteOfDay, isOfficeDay, parseClockTime, type OfficeCalendar } from '../../domain/office-time.ts';
import { monthOf, periodRange, previousPeriod, reportPeriodKey, type ReportPeriod } from '../../domain/report-period.ts';
import { reportSettingsOf } from '../../domain/report-settings.ts';
import { defineJob, type JobContext } from '../../jobs/registry.ts';
import { reportPageLink } from '../../line/liff.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { pushOnce } from '../../line/push-once.ts';
import type { OfficeReport } from '../../reports/model.ts';
import { buildOfficeReport, defaultMessageBudgetOf } from './build.ts';
import { reportCard } from './card.ts';

/**
 * The monthly delivery: on the first office day of each month (the office's calendar and holiday list), from
 * `reports.deliverAt` (08:30) while the office is open, the area director and the group director get one push:
 * the card of last month's report, and in October the card of the fiscal year that has just ended beside it.
 * Each person gets each period's report once (`report_deliveries`, written in the transaction that enqueues
 * the push); a service that was down on that day sends it on the next office day it runs.
 */

export const REPORT_RECIPIENT_ROLES = ['area_director', 'group_director'] as const;

/** The first office day of the month containing `at` (a Bangkok date key), or null if the month has none. */
export function firstOfficeDayOfMonth(at: Date, calendar: OfficeCalendar): string | null {
  const month = monthOf(at);
  const { start, end } = periodRange(month);
  for (let day = start; day.getTime() < end.getTime(); day = new Date(day.getTime() + 24 * 60 * 60 * 1000)) {
    if (isOfficeDay(day, calendar)) return bangkokDateKey(day);
  }
  return null;
}

/**
 * The periods whose reports are due at `now`: last month (and last fiscal year in October) from the first
 * office day of the month at `deliverAt`, on an office day during office hours; none otherwise.
 */
export function duePeriods(now: Date, calendar: OfficeCalendar, deliverAt: string): ReportPeriod[] {
  const first = firstOfficeDayOfMonth(now, calendar);
  const today = bangkokDateKey(now);
  if (!first || today < first || !isOfficeDay(now, calendar)) return [];
  const minute = bangkokMinuteOfDay(now);
  if (minute < parseClockTime(deliverAt) || minute >= calendar.closeMinute) return [];
  const thisMonth = monthOf(now);
  const periods: ReportPeriod[] = [previousPeriod(thisMonth)];
  if (thisMonth.month === 10) periods.push({ kind: 'fiscalYear', fiscalYear: fiscalYearOf(now) - 1 });
  return periods;
}

/** A rollback that is no failure: the person could not be pushed to, so nothing is recorded. */
class NotSent extends Error {}

/** Sends the due reports of one office; returns how many people were sent a message. */
async function deliverOffice(database: Database, officeId: string, now: Date): Promise<number> {
  const { db } = database;
  const settings = await getOfficeSettings(db, officeId);
  const calendar = await loadOfficeCalendar(db, officeId, settings);
  const periods = duePeriods(now, calendar, reportSettingsOf(settings).deliverAt);
  if (periods.length === 0) return 0;
  const recipients = await listReportRecipients(db, officeId, REPORT_RECIPIENT_ROLES);
  if (recipients.length === 0) return 0;
  const reports = new Map<string, OfficeReport>();
  const reportOf = async (period: ReportPeriod) => {
    const key = reportPeriodKey(period);
    let report = reports.get(key);
    if (!report) {
      report = await buildOfficeReport(db, { officeId, period, now });
      reports.set(key, report);
    }
    return report;
  };
  let sent = 0;
  for (const person of recipients) {
    try {
      await db.transaction(async (tx) => {
        const messages: LineMessage[] = [];
        const keys: string[] = [];
        for (const period of periods) {
          const key = reportPeriodKey(period);
          if (!(await recordReportDelivery(tx, { officeId, personId: person.id, periodKey: key }, now))) continue;
          messages.push(reportCard(await reportOf(period), reportPageLink(key)));
          keys.push(key);
        }
        if (messages.length === 0) return;
        const enqueued = await pushOnce(tx, { channelId: person.channelId, officeId, lineUserId: person.lineUserId }, messages, `report:${officeId}:${keys.join('+')}:${person.id}`);
        if (!enqueued) throw new NotSent();
        sent += 1;
      });
    } catch (err) {
      if (!(err instanceof NotSent)) throw err;
    }
  }
  return sent;
}

export async function runReportDelivery(database: Database, now: Date): Promise<number> {
  let sent = 0;
  for (const officeId of await listOfficeIds(database.db)) sent += await deliverOffice(database, officeId, now);
  return sent;
}

/**
 * Keeps each channel's count of the month and the month before in `line_message_months`, before the outbox's
 * clean-up (90 days) takes the rows a fiscal-year report still counts.
 */
export async function recordMessageUsage(ex: Executor, now: Date): Promise<number> {
  const thisMonth = monthOf(now);
  const months = [previousPeriod(thisMonth), thisMonth];
  let recorded = 0;
  for (const channel of await listChannels(ex)) {
    for (const month of months) {
      const range = periodRange(month);
      const counted = await monthMessages(ex, channel.id, reportPeriodKey(month), range.start, range.end);
      const budget = channel.monthlyMessageBudget ?? defaultMessageBudgetOf();
      await recordMonthMessages(ex, { channelId: channel.id, officeId: channel.officeId, month: reportPeriodKey(month), pushes: counted.pushes, replies: counted.replies, budget }, now);
      recorded += 1;
    }
  }
  return recorded;
}

export const reportDeliveryJob = defineJob({
  name: 'reports:monthly-delivery',
  schema: z.object({}),
  every: { interval: '*/15 * * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const sent = await runReportDelivery(ctx.database, ctx.now);
    if (sent > 0) ctx.logger.info({ sent }, 'monthly reports enqueued');
  },
});

export const messageUsageJob = defineJob({
  name: 'reports:message-usage',
  schema: z.object({}),
  every: { interval: '10 3 * * *', timezone: 'Asia/Bangkok', data: {} },
  async handler(_data, ctx: JobContext) {
    const recorded = await recordMessageUsage(ctx.database.db, ctx.now);
    ctx.logger.debug({ recorded }, 'LINE message counts recorded');
  },
});

export const reportJobs = [reportDeliveryJob, messageUsageJob];


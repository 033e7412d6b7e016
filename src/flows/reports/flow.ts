import type { messagingApi } from '@line/bot-sdk';
import { z } from 'zod';
import { commandOf, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { BUDDHIST_ERA_OFFSET } from '../../domain/fiscal-year.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import { fiscalYearReportOf, hasPeriodStarted, monthOf, parseReportPeriodKey, previousPeriod, reportPeriodKey, THAI_MONTH_NAMES, THAI_MONTH_SHORT, type ReportPeriod } from '../../domain/report-period.ts';
import { reportPageLink } from '../../line/liff.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { buttonLabel, end, say } from '../../kit/steps.ts';
import { REPORTS_FLOW, reportMonthAction, reportPeriodAction, reportsActions } from './actions.ts';
import { prepareReport, type ReportsPrepared } from './prepare.ts';
import { reportCard } from './card.ts';
import { reportTexts as T } from './messages.ts';

const command = commandOf<never>();

/**
 * "รายงาน" (a tile on the directors' menu, or typed): the area director, the deputies and the group director
 * choose this month, last month, a month from the calendar (or typed, "3/2570"), this or last fiscal year, and
 * get the report's card with its page. Anyone else is refused politely, and the refusal is recorded.
 */

type Data = Record<string, never>;
type State = FlowState<Data>;
type Result = StepResult<Data>;
type Prepared = ReportsPrepared;

const choosing = (...effects: Effect[]): Result => ({ state: { step: 'choose', data: {} }, effects });

/** "3/2570", "03/2027", "มีนาคม 2570", "มี.ค. 70", "2570-03": a month typed by a person. */
export function parseTypedMonth(text: string): ReportPeriod | null {
  const clean = text.trim().replace(/[๐-๙]/g, (d) => String('๐๑๒๓๔๕๖๗๘๙'.indexOf(d)));
  const toCe = (year: number) => (year < 100 ? year + 2500 - BUDDHIST_ERA_OFFSET : year > 2400 ? year - BUDDHIST_ERA_OFFSET : year);
  const numeric = /^(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/.exec(clean) ?? null;
  if (numeric) return parseReportPeriodKey(`${toCe(Number(numeric[2]))}-${numeric[1]!.padStart(2, '0')}`);
  const iso = /^(\d{4})-(\d{2})$/.exec(clean);
  if (iso) return parseReportPeriodKey(`${toCe(Number(iso[1]))}-${iso[2]}`);
  const named = /^(\S+)\s*(\d{2}|\d{4})$/.exec(clean);
  if (named) {
    const name = named[1]!;
    let index = THAI_MONTH_NAMES.findIndex((m) => m === name);
    if (index < 0) index = THAI_MONTH_SHORT.findIndex((m) => m === name || m.replace(/\./g, '') === name.replace(/\./g, ''));
    if (index >= 0) return parseReportPeriodKey(`${toCe(Number(named[2]))}-${String(index + 1).padStart(2, '0')}`);
  }
  return null;
}

/** The period the input asks for, at `now` (both prepare and the step read it the same way). */
export function requestedPeriod(input: FlowInput, state: State | null, now: Date): ReportPeriod | 'unreadable' | undefined {
  const chosen = postbackFor(input, reportPeriodAction);
  if (chosen) return parseReportPeriodKey(chosen.payload.k) ?? 'unreadable';
  const picked = postbackFor(input, reportMonthAction);
  if (picked) return picked.params.date ? monthOf(new Date(`${picked.params.date}T12:00:00+07:00`)) : 'unreadable';
  if (input.kind === 'text' && state?.step === 'choose' && !menuCommandOf(input.text)) return parseTypedMonth(input.text) ?? 'unreadable';
  return undefined;
}

function periodButtons(now: Date): messagingApi.QuickReplyItem[] {
  const thisMonth = monthOf(now);
  const year = fiscalYearReportOf(now);
  const button = (label: string, period: ReportPeriod): messagingApi.QuickReplyItem => ({
    type: 'action',
    action: { type: 'postback', label: buttonLabel(label), data: encodePostback(reportPeriodAction, { k: reportPeriodKey(period) }), displayText: label },
  });
  return [
    button(T.thisMonth, thisMonth),
    button(T.lastMonth, previousPeriod(thisMonth)),
    { type: 'action', action: { type: 'datetimepicker', label: T.chooseMonth, data: encodePostback(reportMonthAction, {}), mode: 'date', initial: bangkokDateKey(now), max: bangkokDateKey(now) } },
    button(T.fiscalYear, year),
    button(T.lastFiscalYear, previousPeriod(year)),
  ];
}

function askPeriod(now: Date): Effect {
  return reply({ type: 'text', text: T.choosePeriod, quickReply: { items: periodButtons(now) } });
}

const denied = (): Result => end(reply(say(T.denied)), command({ type: 'recordDenial', action: 'view_office_report' }));

export function reportsStep(state: State | null, input: FlowInput, now: Date, ctx: FlowContext<Prepared>): Result {
  const person = ctx.person;
  if (!person || !can(person.role, 'view_office_report')) return denied();
  const period = requestedPeriod(input, state, now);
  if (period === undefined) return choosing(askPeriod(now));
  if (period === 'unreadable') return choosing(reply({ type: 'text', text: T.notAMonth, quickReply: { items: periodButtons(now) } }));
  if (!hasPeriodStarted(period, now)) return choosing(reply({ type: 'text', text: T.future, quickReply: { items: periodButtons(now) } }));
  const report = ctx.prepared.report;
  if (!report) return end(reply(say(T.failed)));
  const link = reportPageLink(report.key);
  return end(reply(reportCard(report, link), ...(link ? [] : [say(T.noLiff)])));
}

export const reportsFlow: Flow<Data, Prepared, never> = {
  name: REPORTS_FLOW,
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: reportsActions,
  startsOn: (input) => input.kind === 'text' && menuCommandOf(input.text) === 'reports',
  prepare: (tx, input, state, person, env) => prepareReport(tx, person, requestedPeriod(input, state, env.now), env.now),
  step: (state, input, now, ctx) => reportsStep(state, input, now, ctx ?? { person: null, prepared: {} }),
};

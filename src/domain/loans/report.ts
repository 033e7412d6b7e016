import type { Period } from '../fiscal-year.ts';
import { bangkokTime } from '../office-time.ts';

/**
 * The loans figures of the report (issue 11, "Figures for the reports"), pure: loans per type and per school,
 * utilisation per item and per type, the overdue and late-return rates. The rows come from
 * src/db/repos/loan-reports.ts.
 */

export interface ReportLoan {
  id: number;
  state: string;
  submittedAt: Date | null;
  decidedAt: Date | null;
  schoolName: string | null;
}

/** An item handed over for a loan: when it went out, when (if) it came back, and the loan's last day. */
export interface ReportLoanItem {
  loanId: number;
  itemId: number;
  assetTag: string;
  typeName: string;
  schoolName: string | null;
  handedOverAt: Date;
  returnedAt: Date | null;
  /** The loan's last day (Bangkok date): due back by its end. */
  dueOn: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const APPROVED_STATES = new Set(['approved', 'fulfilled']);

const inSpan = (at: Date | null, span: Period) => at !== null && at.getTime() >= span.start.getTime() && at.getTime() < span.end.getTime();

/** The end of the due day: returned before it is on time. */
export const dueEnd = (dueOn: string): Date => new Date(bangkokTime(dueOn).getTime() + DAY_MS);

export interface LoanCounts {
  requested: number;
  approved: number;
  declined: number;
  /** Items handed over in the span. */
  handedOut: ReportLoanItem[];
  /** Items due back in the span whose due day has ended by `asOf`. */
  dueBack: ReportLoanItem[];
  /** Of `dueBack`: returned after their due day, or not returned by `asOf`. */
  late: ReportLoanItem[];
  /** Items out at the span's end (or `asOf`), past their due day. */
  overdue: ReportLoanItem[];
  /** Days each item was out within the span. */
  daysOut: Map<number, { assetTag: string; typeName: string; days: number }>;
}

export function loanCounts(loans: readonly ReportLoan[], items: readonly ReportLoanItem[], span: Period, now: Date): LoanCounts {
  // Looked at from the span's end, or from now while it runs.
  const asOf = new Date(Math.min(span.end.getTime(), now.getTime()));
  const decided = loans.filter((l) => inSpan(l.decidedAt, span));
  const dueBack = items.filter((i) => {
    const ended = dueEnd(i.dueOn).getTime();
    return ended > span.start.getTime() && ended <= asOf.getTime();
  });
  const late = dueBack.filter((i) => (i.returnedAt ?? asOf).getTime() > dueEnd(i.dueOn).getTime());
  const overdue = items.filter((i) => i.handedOverAt.getTime() < asOf.getTime() && (i.returnedAt === null || i.returnedAt.getTime() > asOf.getTime()) && dueEnd(i.dueOn).getTime() < asOf.getTime());
  const daysOut = new Map<number, { assetTag: string; typeName: string; days: number }>();
  for (const item of items) {
    const from = Math.max(item.handedOverAt.getTime(), span.start.getTime());
    const to = Math.min((item.returnedAt ?? asOf).getTime(), asOf.getTime());
    if (to <= from) continue;
    const entry = daysOut.get(item.itemId) ?? { assetTag: item.assetTag, typeName: item.typeName, days: 0 };
    entry.days += (to - from) / DAY_MS;
    daysOut.set(item.itemId, entry);
  }
  return {
    requested: loans.filter((l) => inSpan(l.submittedAt, span)).length,
    approved: decided.filter((l) => APPROVED_STATES.has(l.state)).length,
    declined: decided.filter((l) => l.state === 'declined').length,
    handedOut: items.filter((i) => inSpan(i.handedOverAt, span)),
    dueBack,
    late,
    overdue,
    daysOut,
  };
}

/** Days of the span counted so far (up to now while it runs): the base of utilisation. */
export function spanDays(span: Period, now: Date): number {
  return Math.max(0, (Math.min(span.end.getTime(), now.getTime()) - span.start.getTime()) / DAY_MS);
}

export const shareOf = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

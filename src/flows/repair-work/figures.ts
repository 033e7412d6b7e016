import { OFFICE_EQUIPMENT_LABEL } from '../../domain/repair/ticket.ts';
import type { OfficeClock } from './clock.ts';

/**
 * The "สรุปงานซ่อม" figures, computed from ticket rows: pure, so the same numbers show in chat, in the
 * tests and (later) in a report page. Times are office minutes; the time spent waiting is left out
 * of the time to resolve, as it is of the deadline.
 */
export interface FigureTicket {
  schoolId: number | null;
  schoolName: string;
  district: string;
  categoryLabel: string;
  status: string;
  createdAt: Date;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** When the school confirmed the repair: the ticket counts as closed from then (a confirmed ticket may never be closed). */
  confirmedAt?: Date | null;
  /** The school's rating 1–5, if given. */
  rating?: number | null;
  acceptDueAt: Date | null;
  resolveDueAt: Date | null;
  pausedOfficeMinutes: number;
}

export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface CountBy {
  label: string;
  count: number;
}

export interface PeriodFigures {
  opened: number;
  closed: number;
  medianAcceptMinutes: number | null;
  medianResolveMinutes: number | null;
  /** Share (0–1) of the judged tickets opened in the period that met both targets; null when none is judged yet. */
  withinTarget: number | null;
  judged: number;
  byKind: CountBy[];
  byDistrict: CountBy[];
  topSchools: CountBy[];
  /** Ratings of the tickets closed in the period: how many were rated, and their average (null when none). */
  satisfaction: { rated: number; average: number | null };
}

export interface Figures {
  openNow: number;
  month: PeriodFigures;
  fiscalYear: PeriodFigures;
}

const OPEN = new Set(['new', 'accepted', 'scheduled', 'waiting', 'resolved']);
const CLOSED = new Set(['closed', 'confirmed']);
const TOP_SCHOOLS = 5;

/**
 * When a ticket was finished: a confirmed ticket when the school confirmed it (closing it later changes
 * nothing), a closed one when it was closed; a cancelled one when it was cancelled. Null while open.
 */
export function finishedAt(t: FigureTicket): Date | null {
  if (CLOSED.has(t.status)) return t.confirmedAt ?? t.closedAt;
  if (t.status === 'cancelled') return t.closedAt;
  return null;
}

/** When a ticket counts as closed (confirmed or closed), or null. */
function closedAtOf(t: FigureTicket): Date | null {
  return CLOSED.has(t.status) ? (t.confirmedAt ?? t.closedAt) : null;
}

/** Tickets open at an instant: reported before it and not finished (closed, confirmed, cancelled) by then. */
export function openAt(tickets: readonly FigureTicket[], at: Date): number {
  return tickets.filter((t) => {
    if (t.createdAt.getTime() >= at.getTime()) return false;
    const done = finishedAt(t);
    return done === null || done.getTime() >= at.getTime();
  }).length;
}

const within = (at: Date, period: Period) => at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime();

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function countBy(items: readonly FigureTicket[], key: (t: FigureTicket) => string): CountBy[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'th'));
}

/**
 * Whether a ticket met its targets: accepted by the accept deadline and resolved by the resolve
 * deadline. Undecided (null) while a deadline it has not yet met is still ahead.
 */
export function metTarget(t: FigureTicket, now: Date): boolean | null {
  if (t.status === 'cancelled') return null;
  const checks: Array<{ done: Date | null; due: Date | null }> = [
    { done: t.acceptedAt, due: t.acceptDueAt },
    { done: t.resolvedAt, due: t.resolveDueAt },
  ];
  let undecided = false;
  for (const { done, due } of checks) {
    if (!due) continue;
    if (done) {
      if (done.getTime() > due.getTime()) return false;
    } else if (now.getTime() >= due.getTime() && t.status !== 'waiting') {
      return false;
    } else {
      undecided = true;
    }
  }
  return undecided ? null : true;
}

/** Only how many were opened and closed in a period (the monthly bars): no office-time arithmetic. */
export function openedAndClosed(tickets: readonly FigureTicket[], period: Period): { opened: number; closed: number } {
  let opened = 0;
  let closed = 0;
  for (const t of tickets) {
    if (within(t.createdAt, period)) opened += 1;
    const at = closedAtOf(t);
    if (at !== null && within(at, period)) closed += 1;
  }
  return { opened, closed };
}

export function periodFigures(tickets: readonly FigureTicket[], period: Period, now: Date, clock: OfficeClock): PeriodFigures {
  const opened = tickets.filter((t) => within(t.createdAt, period));
  // Confirmed counts as closed, from the moment the school confirmed.
  const closed = tickets.filter((t) => {
    const at = closedAtOf(t);
    return at !== null && within(at, period);
  });
  const ratings = closed.map((t) => t.rating).filter((r): r is number => typeof r === 'number');
  const accept = opened.filter((t) => t.acceptedAt).map((t) => clock.minutesBetween(t.createdAt, t.acceptedAt!));
  const resolve = opened
    .filter((t) => t.resolvedAt)
    .map((t) => Math.max(0, clock.minutesBetween(t.createdAt, t.resolvedAt!) - t.pausedOfficeMinutes));
  const verdicts = opened.map((t) => metTarget(t, now)).filter((v): v is boolean => v !== null);
  return {
    opened: opened.length,
    closed: closed.length,
    medianAcceptMinutes: median(accept),
    medianResolveMinutes: median(resolve),
    withinTarget: verdicts.length === 0 ? null : verdicts.filter(Boolean).length / verdicts.length,
    judged: verdicts.length,
    byKind: countBy(opened, (t) => t.categoryLabel),
    // An office's own equipment has no district: counted under its own name, not an empty label.
    byDistrict: countBy(opened, (t) => t.district || OFFICE_EQUIPMENT_LABEL),
    topSchools: countBy(opened, (t) => t.schoolName).slice(0, TOP_SCHOOLS),
    satisfaction: { rated: ratings.length, average: ratings.length === 0 ? null : ratings.reduce((a, b) => a + b, 0) / ratings.length },
  };
}

export function computeFigures(tickets: readonly FigureTicket[], periods: { month: Period; fiscalYear: Period }, now: Date, clock: OfficeClock): Figures {
  return {
    openNow: tickets.filter((t) => OPEN.has(t.status)).length,
    month: periodFigures(tickets, periods.month, now, clock),
    fiscalYear: periodFigures(tickets, periods.fiscalYear, now, clock),
  };
}

const BANGKOK_MS = 7 * 60 * 60 * 1000;

/** A Bangkok wall-clock date (midnight) as an instant. */
function bangkokMidnight(year: number, monthIndex: number, day = 1): Date {
  return new Date(Date.UTC(year, monthIndex, day) - BANGKOK_MS);
}

/** This calendar month and this fiscal year (1 October – 30 September), in Bangkok time. */
export function reportPeriods(now: Date): { month: Period; fiscalYear: Period; monthIndex: number; fiscalYearBE: number; yearBE: number } {
  const local = new Date(now.getTime() + BANGKOK_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const fyStartYear = m >= 9 ? y : y - 1;
  return {
    month: { from: bangkokMidnight(y, m), to: bangkokMidnight(y, m + 1) },
    fiscalYear: { from: bangkokMidnight(fyStartYear, 9), to: bangkokMidnight(fyStartYear + 1, 9) },
    monthIndex: m,
    yearBE: y + 543,
    fiscalYearBE: fyStartYear + 1 + 543,
  };
}

import { addDays, daysBetween, loanDays } from './dates.ts';

/**
 * What is free for a loan's dates, and the nearest dates that work when not enough is. Pure: the repository
 * reads each candidate item's live reservations around the dates (`itemsWithBusyDays`), and these count.
 * Counted per type for interchangeable items; a kit or a specific item is one "unit" whose items must all be free.
 */

export interface DateRange {
  from: string;
  to: string;
}

/** One unit that can be lent (an item, or a whole kit), with the dates it is already held. */
export interface UnitBusy {
  id: number;
  busy: readonly DateRange[];
}

const overlaps = (a: DateRange, b: DateRange) => a.from <= b.to && b.from <= a.to;

/** The units free for the whole range, in the given order. */
export function freeUnits(units: readonly UnitBusy[], range: DateRange): number[] {
  return units.filter((u) => !u.busy.some((b) => overlaps(b, range))).map((u) => u.id);
}

export function freeCount(units: readonly UnitBusy[], range: DateRange): number {
  return freeUnits(units, range).length;
}

export interface NearestQuery {
  units: readonly UnitBusy[];
  need: number;
  wanted: DateRange;
  /** The earliest first day allowed (today plus the office's minimum notice). */
  earliest: string;
  /** How many days either side to look (the repository read reservations that far). */
  window: number;
  /** How many alternatives to offer. */
  max: number;
}

/**
 * Ranges of the same length as the one wanted, as near to it as possible (a day later before a day earlier at the
 * same distance), that have `need` units free; none earlier than `earliest`.
 */
export function nearestFreeRanges(query: NearestQuery): DateRange[] {
  const length = loanDays(query.wanted.from, query.wanted.to);
  const found: DateRange[] = [];
  for (let shift = 1; shift <= query.window && found.length < query.max; shift += 1) {
    for (const sign of [1, -1]) {
      const from = addDays(query.wanted.from, sign * shift);
      if (from < query.earliest) continue;
      const range = { from, to: addDays(from, length - 1) };
      if (freeCount(query.units, range) >= query.need) found.push(range);
      if (found.length >= query.max) break;
    }
  }
  return found.sort((a, b) => Math.abs(daysBetween(query.wanted.from, a.from)) - Math.abs(daysBetween(query.wanted.from, b.from)) || a.from.localeCompare(b.from));
}

/**
 * How many units are free on each day of the range (a calendar of one type), in one pass over the busy days: each
 * unit's held days are marked once, so a year of 500 items with their loans is counted in linear time.
 */
export function freeByDay(units: readonly UnitBusy[], range: DateRange): number[] {
  const days = daysBetween(range.from, range.to) + 1;
  if (days <= 0) return [];
  // Loans share their first and last days: each date is turned into an offset once.
  const offsets = new Map<string, number>();
  const offsetOf = (key: string) => {
    let offset = offsets.get(key);
    if (offset === undefined) {
      offset = daysBetween(range.from, key);
      offsets.set(key, offset);
    }
    return offset;
  };
  const busyCount = new Int32Array(days);
  const marked = new Uint8Array(days);
  for (const unit of units) {
    marked.fill(0);
    for (const b of unit.busy) {
      const first = Math.max(0, offsetOf(b.from));
      const last = Math.min(days - 1, offsetOf(b.to));
      for (let d = first; d <= last; d += 1) marked[d] = 1;
    }
    for (let d = 0; d < days; d += 1) busyCount[d]! += marked[d]!;
  }
  return Array.from(busyCount, (busy) => units.length - busy);
}

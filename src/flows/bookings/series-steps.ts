import { reply } from '../../bot/flow.ts';
import { checkBooking, lastBookableDay, seriesDates, type BookingRefusal, type Room } from '../../domain/bookings/rooms.ts';
import { bangkokTime } from '../../domain/office-time.ts';
import { at, end, say, stale, textWithButtons } from '../../kit/steps.ts';
import { encodePostback } from '../../line/postback.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { confirmSeriesAction, everyAction, untilAction, quitAction } from './actions.ts';
import { bookingLabels as L, bookingTexts as T } from './messages.ts';
import { type BookingData } from './prepare.ts';
import { closed, command, DATE, draftOf, keep, picker, withItems, type Ctx, type Draft, type Result, type Tap, mineItem } from './step-pieces.ts';

/** Repeating bookings (จองซ้ำ): how often, until when, the dates that clash, confirm; ยกเลิกทั้งชุด. Pure. */
// ── Repeating bookings ───────────────────────────────────────────────────────────────────────────────

export const WEEKS = [1, 2, 4] as const;
export const DAY_MS = 24 * 60 * 60 * 1000;
export const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** How often, as quick replies. */
export function everyQuestion(): LineMessage {
  const buttons = WEEKS.map((w) => ({ label: L.every(w), data: encodePostback(everyAction, { w }) }));
  return textWithButtons(T.askEvery, [...buttons, { label: L.quit, data: encodePostback(quitAction, {}) }]);
}

export function askEvery({ state }: Tap): Result {
  if (state?.step !== 'confirm') return stale();
  return at('repeatEvery', state.data, reply(everyQuestion()));
}

export function untilPicker(data: BookingData, room: Room, now: Date): LineMessage {
  const first = plusDays(data.d!, 7 * (data.w ?? 1));
  return withItems(T.askUntil(data.w ?? 1), [picker(L.until, encodePostback(untilAction, {}), 'date', { initial: first, min: first, max: lastBookableDay(room, now) })]);
}

export function askUntil({ state, ctx, now }: Tap, weeks: number): Result {
  if (state?.step !== 'repeatEvery') return stale();
  const draft = draftOf(state.data, ctx.prepared.rooms ?? []);
  if (!draft) return stale();
  const data = { ...state.data, w: weeks };
  return at('repeatUntil', data, reply(untilPicker(data, draft.room, now)));
}

export interface SeriesPlan {
  draft: Draft;
  free: string[];
  skipped: Array<{ date: string; reason: BookingRefusal }>;
}

/** Which dates of the repeating booking can be booked now, and which clash (and why), from what was read. */
export function seriesPlan(data: BookingData, ctx: Ctx, now: Date): SeriesPlan | null {
  const draft = draftOf(data, ctx.prepared.rooms ?? []);
  if (!draft || !data.w || !data.u || !data.n) return null;
  const held = ctx.prepared.held?.get(draft.room.id) ?? [];
  const free: string[] = [];
  const skipped: SeriesPlan['skipped'] = [];
  for (const date of seriesDates(data.d!, data.w, data.u)) {
    const reason = checkBooking(draft.room, bangkokTime(date, data.f!), bangkokTime(date, data.t!), now, data.n, held, closed(ctx));
    if (reason) skipped.push({ date, reason });
    else free.push(date);
  }
  return { draft, free, skipped };
}

export const skippedLines = (plan: SeriesPlan) => plan.skipped.map((s) => T.skippedLine(s.date, s.reason));

export function showSeries({ state, ctx, now }: Tap, until: string | undefined): Result {
  if (state?.step !== 'repeatUntil') return stale();
  const draft = draftOf(state.data, ctx.prepared.rooms ?? []);
  if (!draft) return stale();
  const first = plusDays(state.data.d!, 7 * (state.data.w ?? 1));
  if (!until || !DATE.test(until) || until < first || until > lastBookableDay(draft.room, now)) return keep(state, reply(say(T.badUntil), untilPicker(state.data, draft.room, now)));
  const data = { ...state.data, u: until };
  const plan = seriesPlan(data, ctx, now);
  if (!plan) return stale();
  if (plan.free.length === 0) return end(reply(say(T.seriesNone)));
  const time = `${data.f}–${data.t}`;
  return at(
    'repeatConfirm',
    data,
    reply(textWithButtons(T.seriesPlan(draft.room.name, time, plan.free, skippedLines(plan)), [{ label: L.confirmSeries, data: encodePostback(confirmSeriesAction, {}) }, { label: L.quit, data: encodePostback(quitAction, {}) }])),
  );
}

export function confirmSeries({ state, ctx, now }: Tap): Result {
  if (state?.step !== 'repeatConfirm') return stale();
  const plan = seriesPlan(state.data, ctx, now);
  if (!plan || !state.data.ti) return stale();
  if (plan.free.length === 0) return end(reply(say(T.seriesNone)));
  const { room } = plan.draft;
  const time = `${state.data.f}–${state.data.t}`;
  // The executor answers with what the database actually took (a date taken meanwhile is skipped there too).
  return end(
    command({ type: 'bookSeries', roomId: room.id, needs: state.data.nd ?? [], attendeeIds: state.data.pa ?? [], dates: plan.free, skipped: plan.skipped, from: state.data.f!, to: state.data.t!, title: state.data.ti, people: state.data.n! }),
    reply(withItems(T.seriesBooked(room.name, time, plan.free, skippedLines(plan)), [mineItem()])),
  );
}

import type { messagingApi } from '@line/bot-sdk';
import { commandOf, reply, type Effect, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { lastBookableDay, type Room } from '../../domain/bookings/rooms.ts';
import { bangkokDateKey, bangkokTime } from '../../domain/office-time.ts';
import type { Person } from '../../domain/people.ts';
import { MENU_COMMANDS } from '../../line/rich-menus/commands.ts';
import { at, buttonLabel, postbackItem, say } from '../../kit/steps.ts';
import { encodePostback } from '../../line/postback.ts';
import { roomsPageLink } from '../../line/liff.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { mineAction } from './actions.ts';
import { dayCarousel, summaryCard } from './cards.ts';
import type { BookingCommand } from './commands.ts';
import { bookingLabels as L } from './messages.ts';
import { isStartText, type BookingData, type BookingsPrepared } from './prepare.ts';
import { westernDigits } from '../../domain/thai-digits.ts';

/**
 * What the booking flow's steps are written with (src/flows/bookings/flow.ts and its step files): the state and
 * context types, the pickers, the draft of a booking and its summary. Pure: no I/O.
 */
export const command = commandOf<BookingCommand>();

export type State = FlowState<BookingData>;
export type Ctx = FlowContext<BookingsPrepared>;
export type Result = StepResult<BookingData>;

export const TITLE_MAX = 200;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const TIME = /^\d{2}:\d{2}$/;

export const keep = (state: State, ...effects: Effect[]): Result => ({ state, effects });
/** The office's holidays, as prepared: no room is booked on them. */
export const closed = (ctx: Ctx): ReadonlySet<string> => ctx.prepared.closedDays ?? new Set();

// ── Pieces ───────────────────────────────────────────────────────────────────────────────────────────

export function picker(label: string, data: string, mode: 'date' | 'time', range: { initial: string; min?: string; max?: string }): messagingApi.QuickReplyItem {
  return { type: 'action', action: { type: 'datetimepicker', label: buttonLabel(label), data, mode, ...range } };
}

export const withItems = (text: string, items: messagingApi.QuickReplyItem[]): LineMessage => ({ type: 'text', text, quickReply: { items } });

export function dateRange(rooms: readonly Room[], now: Date) {
  const today = bangkokDateKey(now);
  const last = rooms.map((r) => lastBookableDay(r, now)).reduce((a, b) => (a > b ? a : b), today);
  return { initial: today, min: today, max: last };
}

export const vcItem: messagingApi.QuickReplyItem = { type: 'action', action: { type: 'message', label: MENU_COMMANDS.videoConference, text: MENU_COMMANDS.videoConference } };
/** ดูตารางห้อง: the rooms' page of a day (only when the service has LIFF pages). */
export function pageItem(date: string): messagingApi.QuickReplyItem[] {
  const uri = roomsPageLink(date);
  return uri ? [{ type: 'action', action: { type: 'uri', label: L.roomsPage, uri } }] : [];
}

export const mineItem = () => postbackItem({ label: L.mine, data: encodePostback(mineAction, {}) });

export function validDay(date: string | undefined, rooms: readonly Room[], now: Date): date is string {
  if (!date || !DATE.test(date)) return false;
  const range = dateRange(rooms, now);
  return date >= range.min && date <= range.max;
}

/** Every room's day, with a line before it. */
export function dayAnswer(intro: string, date: string, ctx: Ctx, now: Date): LineMessage[] {
  const rooms = ctx.prepared.rooms ?? [];
  const items = pageItem(date);
  return [items.length > 0 ? withItems(intro, items) : say(intro), ...dayCarousel(rooms, date, ctx.prepared.held ?? new Map(), now, closed(ctx))];
}

export const parsePeople = (text: string): number | null => {
  const digits = westernDigits(text.trim()).replace(/\s*คน$/, '');
  if (!/^\d{1,4}$/.test(digits)) return null;
  const n = Number(digits);
  return n > 0 ? n : null;
};

export function typedText(input: FlowInput): string | undefined {
  if (input.kind !== 'text') return undefined;
  const text = input.text.trim();
  return text.length === 0 || isStartText(input) ? undefined : text;
}

export interface Draft {
  room: Room;
  startsAt: Date;
  endsAt: Date;
}

export function draftOf(data: BookingData, rooms: readonly Room[]): Draft | null {
  const room = rooms.find((r) => r.id === data.r);
  if (!room || !data.d || !data.f || !data.t || !DATE.test(data.d) || !TIME.test(data.f) || !TIME.test(data.t)) return null;
  return { room, startsAt: bangkokTime(data.d, data.f), endsAt: bangkokTime(data.d, data.t) };
}

export function summary(data: BookingData, draft: Draft): Result {
  return at('confirm', data, reply(summaryCard(draft.room, draft.startsAt, draft.endsAt, data.ti ?? '', data.n ?? 1, data.nd ?? [], data.pn ?? [])));
}

// ── The buttons ──────────────────────────────────────────────────────────────────────────────────────

export interface Tap {
  state: State | null;
  person: Person;
  ctx: Ctx;
  now: Date;
}

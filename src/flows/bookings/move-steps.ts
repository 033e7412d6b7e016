import { reply } from '../../bot/flow.ts';
import { checkBooking, type Booking, type Room } from '../../domain/bookings/rooms.ts';
import { bangkokTime } from '../../domain/office-time.ts';
import type { Person } from '../../domain/people.ts';
import { end, say, stale } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { encodePostback } from '../../line/postback.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { moveToAction } from './actions.ts';
import { approverText, roomDayCard } from './cards.ts';
import { renderCards } from '../../kit/card.ts';
import { bookingTexts as T, whenText } from './messages.ts';
import { closed, command, type Ctx, type Result, type Tap, validDay } from './step-pieces.ts';

/** ย้ายเวลา: a booking's new date, then a free start that day for its length. Pure. */
// ── Moving a booking ─────────────────────────────────────────────────────────────────────────────────

export const LIVE = new Set(['tentative', 'confirmed']);

/** The booking's room's day for moving it: its own time not in its way, each free start for its length. */
export function moveDay(booking: Booking, room: Room, date: string, ctx: Ctx, now: Date): LineMessage {
  const held = (ctx.prepared.held?.get(room.id) ?? []).filter((h) => h.bookingId !== booking.id);
  const length = Math.round((booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000);
  const card = roomDayCard(
    room,
    date,
    held,
    now,
    { length, title: T.moveTitle(date), slotData: (slot) => encodePostback(moveToAction, { b: booking.id, v: booking.version, d: date, f: slot.from, t: slot.to }) },
    closed(ctx),
  );
  return renderCards([card], T.moveTitle(date));
}

/** Null when the person may move the booking now; otherwise the answer. */
export function moveBlocked(person: Person, booking: Booking | null | undefined, v: number): Result | null {
  if (!booking || !isCurrent(booking, v)) return stale();
  if (booking.bookerId !== person.id) return end(reply(say(T.notYours)));
  if (!LIVE.has(booking.state)) return end(reply(say(T.cannotMove)));
  return null;
}

export function askMoveTime({ person, ctx, now }: Tap, v: number, date: string | undefined): Result {
  const booking = ctx.prepared.booking;
  const blocked = moveBlocked(person, booking, v);
  if (blocked) return blocked;
  const room = (ctx.prepared.rooms ?? []).find((r) => r.id === booking!.roomId);
  if (!room) return end(reply(say(T.refused('inactive'))));
  if (!validDay(date, [room], now)) return end(reply(say(T.badDate)));
  return end(reply(say(T.moveIntro(room.name, date)), moveDay(booking!, room, date, ctx, now)));
}

export function moveTo({ person, ctx, now }: Tap, tap: { v: number; d: string; f: string; t: string }): Result {
  const booking = ctx.prepared.booking;
  const blocked = moveBlocked(person, booking, tap.v);
  if (blocked) return blocked;
  const room = (ctx.prepared.rooms ?? []).find((r) => r.id === booking!.roomId);
  if (!room) return end(reply(say(T.refused('inactive'))));
  const startsAt = bangkokTime(tap.d, tap.f);
  const endsAt = bangkokTime(tap.d, tap.t);
  const held = (ctx.prepared.held?.get(room.id) ?? []).filter((h) => h.bookingId !== booking!.id);
  const refusal = checkBooking(room, startsAt, endsAt, now, booking!.people, held, closed(ctx));
  if (refusal === 'taken') return end(reply(say(T.stillFree), moveDay(booking!, room, tap.d, ctx, now)));
  if (refusal) return end(reply(say(T.refused(refusal))));
  const when = whenText(startsAt, endsAt);
  return end(
    command({ type: 'moveBooking', bookingId: booking!.id, expectedVersion: tap.v, startsAt, endsAt }),
    reply(say(room.needsApproval ? T.movedAsk(room.name, when, approverText(room)) : T.moved(room.name, when))),
  );
}

/** `เช็กอิน <room>` typed or sent by the room's QR code: the person's booking of that room open for check-in now. */

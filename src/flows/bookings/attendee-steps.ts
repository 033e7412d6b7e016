import { reply } from '../../bot/flow.ts';
import { LIVE_BOOKING_STATES } from '../../domain/bookings/rooms.ts';
import { narrowByName, tickedPickerPage } from '../../kit/picker.ts';
import { at, end, say, stale, textWithButtons } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { encodePostback } from '../../line/postback.ts';
import type { LineMessage } from '../../line/outbox.ts';
import type { Attendee } from '../../db/repos/room-booking-attendees.ts';
import { attendeePickAction, attendeesDoneAction, attendeesPageAction } from './actions.ts';
import { bookingLabels as L, bookingTexts as T } from './messages.ts';
import type { BookingData } from './prepare.ts';
import { command, draftOf, keep, summary, type Result, type State, type Tap } from './step-pieces.ts';

/**
 * ผู้เข้าร่วม: the booker names the office's people coming to the meeting, with the kit's picker (a name tapped is
 * ticked or unticked, a long list is paged, typing part of a name narrows it), from the summary before booking or
 * from the booking's card afterwards (`b` in the data: done saves them on that booking). Pure.
 */

function question(data: BookingData, people: readonly Attendee[], offset: number, intro?: string): LineMessage {
  const chosen = new Set(data.pa ?? []);
  const page = tickedPickerPage({
    choices: people,
    ticked: (p) => chosen.has(p.id),
    name: (p) => p.name,
    data: (p) => encodePostback(attendeePickAction, { p: p.id }),
    offset,
    pageData: (o) => encodePostback(attendeesPageAction, { o }),
    always: [{ label: L.attendeesDone, data: encodePostback(attendeesDoneAction, {}) }],
  });
  const text = T.askAttendees(chosen.size, page.paged);
  return textWithButtons(intro ? `${intro}\n${text}` : text, page.buttons);
}

function ask({ ctx }: Tap, data: BookingData): Result {
  const people = ctx.prepared.people ?? [];
  if (people.length === 0 && (data.pa ?? []).length === 0) return keepOrEnd(data, T.noOfficePeople);
  return at('attendees', { ...data, o: 0 }, reply(question(data, people, 0)));
}

/** Nobody to name: back to the summary (before booking) or nothing more (from a card). */
function keepOrEnd(data: BookingData, text: string): Result {
  return data.b === undefined ? at('confirm', data, reply(say(text))) : end(reply(say(text)));
}

/** + ผู้เข้าร่วม on the summary. */
export function askAttendees(tap: Tap): Result {
  if (tap.state?.step !== 'confirm') return stale();
  return ask(tap, tap.state.data);
}

/** ผู้เข้าร่วม on the booker's card of a booking still to come. */
export function askCardAttendees(tap: Tap, v: number): Result {
  const booking = tap.ctx.prepared.booking;
  if (!booking || !isCurrent(booking, v)) return stale();
  if (booking.bookerId !== tap.person.id) return end(reply(say(T.notYours)));
  if (!LIVE_BOOKING_STATES.includes(booking.state) || booking.startsAt <= tap.now) return end(reply(say(T.cannotChange)));
  const named = tap.ctx.prepared.attendees?.get(booking.id) ?? [];
  return ask(tap, { b: booking.id, bv: v, r: booking.roomId, pa: named.map((p) => p.id), pn: named.map((p) => p.name) });
}

/** A name tapped: ticked, or unticked. */
export function toggleAttendee({ state, ctx }: Tap, personId: number): Result {
  if (state?.step !== 'attendees') return stale();
  const person = (ctx.prepared.people ?? []).find((p) => p.id === personId);
  const ids = state.data.pa ?? [];
  const names = state.data.pn ?? [];
  const index = ids.indexOf(personId);
  if (index < 0 && !person) return stale();
  const data =
    index >= 0
      ? { ...state.data, pa: ids.filter((_, i) => i !== index), pn: names.filter((_, i) => i !== index) }
      : { ...state.data, pa: [...ids, person!.id], pn: [...names, person!.name] };
  return at('attendees', data, reply(question(data, ctx.prepared.people ?? [], state.data.o ?? 0)));
}

export function pageAttendees({ state, ctx }: Tap, offset: number): Result {
  if (state?.step !== 'attendees') return stale();
  return at('attendees', { ...state.data, o: offset }, reply(question(state.data, ctx.prepared.people ?? [], offset)));
}

/** Typed in the picker: the people whose name holds it. */
export function narrowAttendees({ ctx }: Tap, state: State, typed: string | undefined): Result {
  const people = ctx.prepared.people ?? [];
  const found = typed ? narrowByName(people, typed, (p) => p.name) : [];
  if (found.length === 0) return keep(state, reply(question(state.data, people, state.data.o ?? 0, typed ? T.noSuchPerson(typed) : undefined)));
  return keep(state, reply(question(state.data, found, 0)));
}

/** เลือกเสร็จแล้ว: back to the summary, or (from a card) the booking's attendees saved. */
export function attendeesDone({ state, ctx }: Tap): Result {
  if (state?.step !== 'attendees') return stale();
  const { b, bv, pa = [], pn = [], o: _offset, ...rest } = state.data;
  if (b !== undefined && bv !== undefined) {
    const room = (ctx.prepared.rooms ?? []).find((r) => r.id === rest.r)?.name ?? '';
    return end(command({ type: 'setAttendees', bookingId: b, expectedVersion: bv, attendeeIds: pa }), reply(say(T.attendeesSaved(room, pn))));
  }
  const data = { ...rest, pa, pn };
  const draft = draftOf(data, ctx.prepared.rooms ?? []);
  return draft ? summary(data, draft) : stale();
}

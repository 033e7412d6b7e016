import { z } from 'zod';
import { postbackFor, reply, type Flow, type FlowInput } from '../../bot/flow.ts';
import { BOOKING_NEEDS, type BookingNeed, canCheckIn, CHECK_IN_CLOSES_MINUTES, CHECK_IN_OPENS_MINUTES, checkBooking } from '../../domain/bookings/rooms.ts';
import { bangkokDateKey, bangkokTime } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import { defineGuard } from '../../kit/guard.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, end, postbackItem, say, stale } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { encodePostback } from '../../line/postback.ts';
import { BOOKINGS_FLOW, bookingsActions, byTimeAction, cancelBookingAction, cancelSeriesAction, checkInAction, moveAction, moveToAction, roomCapacityAction, roomSetAction, confirmSeriesAction, needAction, everyAction, repeatAction, untilAction, confirmAction, withoutNeedsAction, attendeesAction, cardAttendeesAction, attendeePickAction, attendeesPageAction, attendeesDoneAction, decideBookingAction, mineAction, pickDateAction, pickRoomAction, pickSlotAction, quitAction, cancelYesAction, keepBookingAction, declineReasonAction, timeDateAction, timeFromAction, timeToAction } from './actions.ts';
import { approverText, bookingCards, freeRoomsCarousel } from './cards.ts';
import type { BookingCommand } from './commands.ts';
import { executeBookings } from './execute.ts';
import { bookingLabels as L, bookingTexts as T, whenText } from './messages.ts';
import { checkInTextRoom, isMineText, isRoomAdminText, isStartText, prepareBookings, type BookingData, type BookingsPrepared } from './prepare.ts';
import { checkBookingEvent } from './request.ts';
import { calendarLink } from './ics.ts';
import { closed, command, dateRange, dayAnswer, draftOf, keep, mineItem, pageItem, parsePeople, picker, summary, typedText, validDay, vcItem, withItems, type Ctx, type Result, type State, type Tap, TIME, TITLE_MAX } from './step-pieces.ts';
import { askEvery, askUntil, confirmSeries, everyQuestion, showSeries, untilPicker } from './series-steps.ts';
import { askAttendees, askCardAttendees, attendeesDone, narrowAttendees, pageAttendees, toggleAttendee } from './attendee-steps.ts';
import { askCancel, confirmCancel, decide, declineForReason, declineForTyped, keepBooking } from './decision-steps.ts';
import { askCapacity, CAPACITY_MAX, changeRoom, roomAdminList, setRoomSwitch } from './admin-steps.ts';
import { askMoveTime, moveTo } from './move-steps.ts';
import { typedClockTime } from '../../domain/thai-digits.ts';

/**
 * จองห้อง. Pick a date and see every room's day as a carousel (free slots as buttons, taken ones as text), or give a
 * date, a start and an end and the number of people and see the rooms free then that hold them; then the title
 * (and the number of people) and a summary to confirm. The database has the last word on overlaps: a booking
 * refused there (someone else took the time a moment ago) is answered with what is still free (execute.ts).
 * การจองของฉัน lists the person's upcoming bookings with ยกเลิกการจอง; an approver decides a booking held for
 * approval from its card.
 */

const dataSchema: z.ZodType<BookingData> = z.object({
  r: z.number().int().optional(),
  d: z.string().optional(),
  f: z.string().optional(),
  t: z.string().optional(),
  n: z.number().int().optional(),
  ti: z.string().optional(),
  w: z.number().int().optional(),
  u: z.string().optional(),
  rv: z.number().int().optional(),
  nd: z.array(z.enum(BOOKING_NEEDS)).optional(),
  b: z.number().int().optional(),
  bv: z.number().int().optional(),
  pa: z.array(z.number().int()).optional(),
  pn: z.array(z.string()).optional(),
  o: z.number().int().optional(),
});


const guard = defineGuard({
  notRegistered: T.notRegistered,
  text: (text, _person, state) => {
    const typed = { kind: 'text', userId: '', text } as const;
    if (isRoomAdminText(typed) || state?.step === 'roomCapacity') return 'administer';
    return isStartText(typed) || isMineText(typed) || checkInTextRoom(typed) !== undefined || state ? 'book_room' : undefined;
  },
  postbacks: [
    [[quitAction], null],
    [[decideBookingAction, declineReasonAction], 'approve_booking'],
    [[roomSetAction, roomCapacityAction], 'administer'],
  ],
  otherwise: 'book_room',
});


function startAnswer(ctx: Ctx, now: Date): Result {
  const rooms = ctx.prepared.rooms ?? [];
  if (rooms.length === 0) return end(reply(withItems(T.noRooms, [mineItem()])));
  return end(
    reply(
      withItems(T.start, [
        picker(L.pickDate, encodePostback(pickDateAction, {}), 'date', dateRange(rooms, now)),
        postbackItem({ label: L.byTime, data: encodePostback(byTimeAction, {}) }),
        mineItem(),
        // A room for a video conference with schools is booked with the session (src/flows/vc): its planners get a way there.
        ...(ctx.person && can(ctx.person.role, 'plan_vc_session') ? [vcItem] : []),
        ...pageItem(bangkokDateKey(now)),
      ]),
    ),
  );
}


function showDay({ ctx, now }: Tap, date: string | undefined): Result {
  const rooms = ctx.prepared.rooms ?? [];
  if (rooms.length === 0) return end(reply(say(T.noRooms)));
  if (!validDay(date, rooms, now)) return end(reply(withItems(T.badDate, [picker(L.pickDate, encodePostback(pickDateAction, {}), 'date', dateRange(rooms, now))])));
  return end(reply(...dayAnswer(T.dayIntro(date, rooms.length), date, ctx, now)));
}

function takeSlot({ ctx, now }: Tap, slot: { r: number; d: string; f: string; t: string }): Result {
  const room = (ctx.prepared.rooms ?? []).find((r) => r.id === slot.r);
  if (!room) return stale();
  const startsAt = bangkokTime(slot.d, slot.f);
  const endsAt = bangkokTime(slot.d, slot.t);
  const refusal = checkBooking(room, startsAt, endsAt, now, null, ctx.prepared.held?.get(room.id) ?? [], closed(ctx));
  // Taken since the carousel was drawn: what is still free that day, drawn again.
  if (refusal === 'taken') return end(reply(...dayAnswer(T.stillFree, slot.d, ctx, now)));
  if (refusal) return end(reply(say(T.refused(refusal))));
  return at('title', { r: room.id, d: slot.d, f: slot.f, t: slot.t }, reply(say(T.askTitle(room.name, whenText(startsAt, endsAt)))));
}

function askTimeDate({ ctx, now }: Pick<Tap, 'ctx' | 'now'>): Result {
  const rooms = ctx.prepared.rooms ?? [];
  if (rooms.length === 0) return end(reply(say(T.noRooms)));
  return at('tDate', {}, reply(withItems(T.askTimeDate, [picker(L.pickDate, encodePostback(timeDateAction, {}), 'date', dateRange(rooms, now))])));
}

const fromPicker = (date: string) => withItems(T.askFrom(date), [picker(L.from, encodePostback(timeFromAction, {}), 'time', { initial: '09:00' })]);
const toPicker = (from: string) => withItems(T.askTo(from), [picker(L.to, encodePostback(timeToAction, {}), 'time', { initial: from, min: from })]);

function askFrom({ state, ctx, now }: Tap, date: string | undefined): Result {
  if (state?.step !== 'tDate') return stale();
  const rooms = ctx.prepared.rooms ?? [];
  if (!validDay(date, rooms, now)) return keep(state, reply(withItems(T.badDate, [picker(L.pickDate, encodePostback(timeDateAction, {}), 'date', dateRange(rooms, now))])));
  return at('tFrom', { d: date }, reply(fromPicker(date)));
}

function askTo({ state }: Pick<Tap, 'state'>, from: string | undefined): Result {
  if (state?.step !== 'tFrom' || !state.data.d) return stale();
  if (!from || !TIME.test(from)) return keep(state, reply(fromPicker(state.data.d)));
  return at('tTo', { d: state.data.d, f: from }, reply(toPicker(from)));
}

function askPeopleForTime({ state }: Pick<Tap, 'state'>, to: string | undefined): Result {
  if (state?.step !== 'tTo' || !state.data.d || !state.data.f) return stale();
  if (!to || !TIME.test(to) || to <= state.data.f) return keep(state, reply(say(T.badTime), toPicker(state.data.f)));
  return at('tPeople', { ...state.data, t: to }, reply(say(T.askPeople)));
}

function pickRoom({ state, ctx }: Tap, roomId: number): Result {
  if (state?.step !== 'tRoom') return stale();
  const draft = draftOf({ ...state.data, r: roomId }, ctx.prepared.rooms ?? []);
  if (!draft) return stale();
  return at('title', { ...state.data, r: roomId }, reply(say(T.askTitle(draft.room.name, whenText(draft.startsAt, draft.endsAt)))));
}

/** ยืนยันการจอง; `drop`: needs left out (the one tap after the equipment asked for was not free that day). */
function confirm({ state, ctx, now }: Tap, drop: readonly BookingNeed[] = []): Result {
  if (state?.step !== 'confirm') return stale();
  const draft = draftOf(state.data, ctx.prepared.rooms ?? []);
  const { ti: title, n: people } = state.data;
  if (!draft || !title || !people) return stale();
  const { room, startsAt, endsAt } = draft;
  const refusal = checkBooking(room, startsAt, endsAt, now, people, ctx.prepared.held?.get(room.id) ?? [], closed(ctx));
  if (refusal === 'taken') return end(reply(...dayAnswer(T.stillFree, state.data.d!, ctx, now)));
  if (refusal) return end(reply(say(T.refused(refusal))));
  const when = whenText(startsAt, endsAt);
  const answer = room.needsApproval ? T.held(room.name, when, approverText(room)) : T.booked(room.name, when);
  // The database may still refuse it (someone booked the time a moment ago): the executor then answers instead.
  const needs = (state.data.nd ?? []).filter((n) => !drop.includes(n));
  return end(command({ type: 'bookRoom', roomId: room.id, startsAt, endsAt, title, people, needs, attendeeIds: state.data.pa ?? [] }), reply(withItems(answer, [mineItem()])));
}

/** A need (VC, projector) added to the summary or taken off it. */
function toggleNeed({ state, ctx }: Tap, need: BookingNeed): Result {
  if (state?.step !== 'confirm') return stale();
  const draft = draftOf(state.data, ctx.prepared.rooms ?? []);
  if (!draft) return stale();
  const now = state.data.nd ?? [];
  const nd = now.includes(need) ? now.filter((n) => n !== need) : BOOKING_NEEDS.filter((n) => n === need || now.includes(n));
  return summary({ ...state.data, nd }, draft);
}

function checkInByText({ person, ctx, now }: Tap, roomName: string): Result {
  const key = (name: string) => name.replace(/\s+/g, '');
  const open = (ctx.prepared.mine ?? []).filter((b) => b.bookerId === person.id && canCheckIn(b, now) && (roomName === '' || key(b.roomName) === key(roomName)));
  const booking = open[0];
  if (!booking) return end(reply(say(T.noCheckInNow(roomName || null))));
  return end(
    command({ type: 'checkIn', bookingId: booking.id, expectedVersion: booking.version }),
    reply(say(T.checkedIn(booking.roomName, whenText(booking.startsAt, booking.endsAt)))),
  );
}

function checkIn({ person, ctx, now }: Tap, v: number): Result {
  const booking = ctx.prepared.booking;
  if (!booking || !isCurrent(booking, v)) return stale();
  if (booking.bookerId !== person.id) return end(reply(say(T.notYours)));
  if (!canCheckIn(booking, now)) return end(reply(say(T.checkInClosed(CHECK_IN_OPENS_MINUTES, CHECK_IN_CLOSES_MINUTES))));
  return end(command({ type: 'checkIn', bookingId: booking.id, expectedVersion: v }), reply(say(T.checkedIn(booking.roomName, whenText(booking.startsAt, booking.endsAt)))));
}

function mine({ person, ctx, now }: Tap): Result {
  const list = ctx.prepared.mine ?? [];
  if (list.length === 0) return end(reply(say(T.mineNone)));
  const intro = T.mineIntro(list.length);
  const items = list.map((booking) => {
    const cancel = checkBookingEvent(booking, 'cancel', person).ok;
    return {
      booking,
      buttons: {
        checkIn: canCheckIn(booking, now),
        move: booking.bookerId === person.id && booking.startsAt > now,
        attendees: booking.bookerId === person.id && booking.startsAt > now,
        cancel,
        cancelSeries: cancel && booking.seriesId !== null,
        calendar: calendarLink(booking, now),
      },
      attendees: (ctx.prepared.attendees?.get(booking.id) ?? []).map((a) => a.name),
    };
  });
  return end(reply(say(intro), bookingCards(items, intro)));
}

const routeButton = defineRoutes<Tap, Result>([
  on(pickDateAction, (tap, c) => showDay(c, tap.params.date)),
  on(pickSlotAction, (tap, c) => takeSlot(c, tap.payload)),
  on(byTimeAction, (_tap, c) => askTimeDate(c)),
  on(timeDateAction, (tap, c) => askFrom(c, tap.params.date)),
  on(timeFromAction, (tap, c) => askTo(c, tap.params.time)),
  on(timeToAction, (tap, c) => askPeopleForTime(c, tap.params.time)),
  on(pickRoomAction, (tap, c) => pickRoom(c, tap.payload.r)),
  on(confirmAction, (_tap, c) => confirm(c)),
  on(withoutNeedsAction, (tap, c) => confirm(c, tap.payload.k)),
  on(needAction, (tap, c) => toggleNeed(c, tap.payload.k)),
  on(attendeesAction, (_tap, c) => askAttendees(c)),
  on(cardAttendeesAction, (tap, c) => askCardAttendees(c, tap.payload.v)),
  on(attendeePickAction, (tap, c) => toggleAttendee(c, tap.payload.p)),
  on(attendeesPageAction, (tap, c) => pageAttendees(c, tap.payload.o)),
  on(attendeesDoneAction, (_tap, c) => attendeesDone(c)),
  on(mineAction, (_tap, c) => mine(c)),
  on(repeatAction, (_tap, c) => askEvery(c)),
  on(everyAction, (tap, c) => askUntil(c, tap.payload.w)),
  on(untilAction, (tap, c) => showSeries(c, tap.params.date)),
  on(confirmSeriesAction, (_tap, c) => confirmSeries(c)),
  on(cancelSeriesAction, (tap, c) => askCancel(c, tap.payload.v, true)),
  on(cancelYesAction, (tap, c) => confirmCancel(c, tap.payload.v, tap.payload.s)),
  on(keepBookingAction, (tap) => keepBooking(tap.payload.w)),
  on(declineReasonAction, (tap, c) => declineForReason(c, tap.payload)),
  on(checkInAction, (tap, c) => checkIn(c, tap.payload.v)),
  on(moveAction, (tap, c) => askMoveTime(c, tap.payload.v, tap.params.date)),
  on(roomSetAction, (tap, c) => setRoomSwitch(c, tap.payload)),
  on(roomCapacityAction, (tap, c) => askCapacity(c, tap.payload)),
  on(moveToAction, (tap, c) => moveTo(c, tap.payload)),
  on(cancelBookingAction, (tap, c) => askCancel(c, tap.payload.v, false)),
  on(decideBookingAction, (tap, c) => decide(c, tap.payload.v, tap.payload.a === 'approve')),
]);

// ── What is typed inside a step ──────────────────────────────────────────────────────────────────────

function typedStep(state: State, input: FlowInput, { person, ctx, now }: Tap): Result {
  const rooms = ctx.prepared.rooms ?? [];
  const text = typedText(input);
  switch (state.step) {
    case 'title': {
      const draft = draftOf(state.data, rooms);
      if (!draft) return end(reply(say(T.refused('inactive'))));
      if (!text) return keep(state, reply(say(T.titlePlease)));
      if (text.length > TITLE_MAX) return keep(state, reply(say(T.titleTooLong(TITLE_MAX))));
      const data = { ...state.data, ti: text };
      return data.n === undefined ? at('people', data, reply(say(T.askPeople))) : summary(data, draft);
    }
    case 'people': {
      const draft = draftOf(state.data, rooms);
      if (!draft) return end(reply(say(T.refused('inactive'))));
      const n = text ? parsePeople(text) : null;
      if (n === null) return keep(state, reply(say(T.peoplePlease)));
      if (n > draft.room.capacity) return keep(state, reply(say(T.tooMany(draft.room.name, draft.room.capacity))));
      return summary({ ...state.data, n }, draft);
    }
    case 'tPeople': {
      const n = text ? parsePeople(text) : null;
      if (n === null) return keep(state, reply(say(T.peoplePlease)));
      const { d, f, t } = state.data;
      if (!d || !f || !t) return end();
      const startsAt = bangkokTime(d, f);
      const endsAt = bangkokTime(d, t);
      const when = whenText(startsAt, endsAt);
      const free = rooms.filter((room) => checkBooking(room, startsAt, endsAt, now, n, ctx.prepared.held?.get(room.id) ?? [], closed(ctx)) === null);
      if (free.length === 0) return end(reply(withItems(T.noFreeRooms(when, n), [postbackItem({ label: L.byTime, data: encodePostback(byTimeAction, {}) }), mineItem()])));
      return at('tRoom', { ...state.data, n }, reply(say(T.freeRooms(when, n, free.length)), ...freeRoomsCarousel(free, when)));
    }
    case 'roomCapacity': {
      const room = (ctx.prepared.allRooms ?? []).find((r) => r.id === state.data.r);
      if (!room || !isCurrent(room, state.data.rv)) return stale();
      const n = text ? parsePeople(text) : null;
      if (n === null || n > CAPACITY_MAX) return keep(state, reply(say(T.askCapacity(room.name, room.capacity))));
      return changeRoom(room, { capacity: n });
    }
    // A picker closed without a choice leaves no button behind: a time may be typed ("14.00"), and anything else asks
    // again with the picker, never "the button above" that is not there.
    case 'tDate':
      return askTimeDate({ ctx, now });
    case 'tFrom': {
      const time = text ? typedClockTime(text) : null;
      if (!state.data.d) return end();
      return time ? askTo({ state }, time) : keep(state, reply(fromPicker(state.data.d)));
    }
    case 'tTo': {
      const time = text ? typedClockTime(text) : null;
      if (!state.data.f) return end();
      return time ? askPeopleForTime({ state }, time) : keep(state, reply(toPicker(state.data.f)));
    }
    case 'declineReason':
      return declineForTyped({ state, person, ctx, now }, state, text);
    case 'attendees':
      return narrowAttendees({ state, person, ctx, now }, state, text);
    case 'repeatEvery':
      // Quick replies were asked: LINE shows them under the latest message only, so the question comes again.
      return keep(state, reply(say(T.useButtonsBelow), everyQuestion()));
    case 'repeatUntil': {
      const draft = draftOf(state.data, rooms);
      return draft ? keep(state, reply(say(T.useButtonsBelow), untilPicker(state.data, draft.room, now))) : keep(state, reply(say(T.useButtons)));
    }
    case 'confirm':
    case 'repeatConfirm':
    case 'tRoom':
      // A card's buttons are awaited: the question stays, the typed text changes nothing.
      return keep(state, reply(say(T.useButtons)));
    default:
      return end();
  }
}

export function bookingsStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (postbackFor(input, quitAction)) return end(reply(say(T.quit)));
  const tap: Tap = { state, person, ctx, now };
  if (isStartText(input)) return startAnswer(ctx, now);
  if (isMineText(input)) return mine(tap);
  if (isRoomAdminText(input)) return roomAdminList(tap);
  const checkInRoom = checkInTextRoom(input);
  if (checkInRoom !== undefined) return checkInByText(tap, checkInRoom);
  const routed = routeButton(input, tap);
  if (routed) return routed;
  return state ? typedStep(state, input, tap) : end();
}

export const bookingsFlow: Flow<BookingData, BookingsPrepared, BookingCommand> = {
  name: BOOKINGS_FLOW,
  version: 1,
  dataSchema,
  actions: bookingsActions,
  startsOn: (input, person) => Boolean(person) && (isStartText(input) || isMineText(input) || isRoomAdminText(input) || checkInTextRoom(input) !== undefined),
  prepare: prepareBookings,
  step: (state, input, now, ctx) => bookingsStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeBookings,
};

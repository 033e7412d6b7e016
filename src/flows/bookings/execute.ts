import { randomUUID } from 'node:crypto';
import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addHistory } from '../../db/repos/history.ts';
import { holidayDates } from '../../db/repos/holidays.ts';
import { writeAudit } from '../../db/repos/audit.ts';
import { checkInBooking, getBooking, getRoom, moveBooking, updateRoom, heldBetween, insertBooking, listRooms, lockBooking, lockLiveSeries, setBookingLoan, setBookingState } from '../../db/repos/room-bookings.ts';
import { BOOKING_NEEDS, LIVE_BOOKING_STATES, canCheckIn, checkBooking, needLabel, type BookingNeed, type Room, type SeriesSkipReason } from '../../domain/bookings/rooms.ts';
import type { BorrowableChoice } from '../../db/repos/loans.ts';
import { cancelOfficeLoan, freeEquipmentOn, reserveOfficeLoan, type OfficeEquipment } from '../loans/office-loan.ts';
import { ForbiddenError, StaleError } from '../../domain/errors.ts';
import { bangkokDateKey, bangkokTime } from '../../domain/office-time.ts';
import { can, type Action } from '../../domain/permissions.ts';
import { executeLocked, RefusedWithAnswer } from '../../kit/execute.ts';
import { postbackItem, say } from '../../kit/steps.ts';
import { encodePostback } from '../../line/postback.ts';
import { mineAction, moveToAction, pickDateAction, quitAction, withoutNeedsAction } from './actions.ts';
import { dateRange, picker, withItems } from './step-pieces.ts';
import { dayCarousel, roomDayCard } from './cards.ts';
import { renderCards } from '../../kit/card.ts';
import type { BookingCommand } from './commands.ts';
import { bookingLabels as L, bookingTexts as T, whenText } from './messages.ts';
import { notifyApprovers, notifyAttendees, notifyAttendeesEnded, notifyAttendeesNamed, notifyAttendeesNamedSeries, notifyBooker, notifyTechnicians } from './notify.ts';
import { attendeeChoices } from './prepare.ts';
import { attendeesOf, setAttendees } from '../../db/repos/room-booking-attendees.ts';
import { bookingStateOf, checkBookingEvent } from './request.ts';

/**
 * Carries out bookings, cancellations and decisions in the event's transaction, checking the permission and the
 * room's rules once more. A booking's overlap is the database's to refuse (`insertBooking`): refused, the person
 * is answered with what is still free that day instead of the step's "booked" (`RefusedWithAnswer`).
 */
export async function executeBookings(tx: Executor, cmd: BookingCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  const need = (action: Action) => {
    if (!person || !can(person.role, action)) throw new ForbiddenError(action);
    return person;
  };

  switch (cmd.type) {
    case 'bookRoom': {
      const booker = need('book_room');
      const room = await getRoom(tx, officeId, cmd.roomId);
      if (!room) throw new RefusedWithAnswer([say(T.refused('inactive'))], `room ${cmd.roomId} is not the office's`);
      const closedDays = await holidayDates(tx, officeId);
      const refusal = checkBooking(room, cmd.startsAt, cmd.endsAt, now, cmd.people, [], closedDays);
      if (refusal) throw new RefusedWithAnswer([say(T.refused(refusal))], `room ${room.id}: ${refusal}`);
      const state = room.needsApproval ? 'tentative' : 'confirmed';
      const made = await insertBooking(
        tx,
        { officeId, roomId: room.id, bookerId: booker.id, title: cmd.title, people: cmd.people, needs: cmd.needs ?? [], startsAt: cmd.startsAt, endsAt: cmd.endsAt, state },
        now,
      );
      if (!made.ok) {
        // Someone else holds the time now (committed a moment ago, or at this very moment): what is still free.
        const day = bangkokDateKey(cmd.startsAt);
        const from = bangkokTime(day);
        const held = await heldBetween(tx, officeId, from, new Date(from.getTime() + 24 * 60 * 60 * 1000));
        const rooms = await listRooms(tx, officeId, { activeOnly: true });
        throw new RefusedWithAnswer([say(T.stillFree), ...dayCarousel(rooms, day, held, now, closedDays)], `room ${room.id}: taken meanwhile`);
      }
      await addHistory(tx, 'room_booking', made.id, { officeId, actorId: booker.id, action: 'booked', data: { state }, at: now });
      const short = await reserveNeeds(tx, officeId, made.id, booker.id, room.name, cmd.title, cmd.startsAt, cmd.needs ?? [], now);
      if (short) throw equipmentRefusal(short, cmd.needs ?? [], made.id, now, room);
      await nameAttendees(tx, officeId, made.id, booker.id, cmd.attendeeIds ?? [], now);
      env.logger.info({ bookingId: made.id, state }, 'room booked');
      const madeBooking = (await getBooking(tx, officeId, made.id))!;
      if (state === 'tentative') await notifyApprovers(tx, madeBooking);
      else await notifyAttendeesNamed(tx, madeBooking, now);
      await notifyTechnicians(tx, madeBooking);
      return;
    }
    case 'bookSeries': {
      const booker = need('book_room');
      const room = await getRoom(tx, officeId, cmd.roomId);
      if (!room) throw new RefusedWithAnswer([say(T.refused('inactive'))], `room ${cmd.roomId} is not the office's`);
      const state = room.needsApproval ? 'tentative' : 'confirmed';
      const seriesId = randomUUID();
      const closedDays = await holidayDates(tx, officeId);
      const booked: Array<{ date: string; id: number }> = [];
      const skipped: Array<{ date: string; reason: SeriesSkipReason }> = [...cmd.skipped];
      const needs = cmd.needs ?? [];
      for (const date of cmd.dates) {
        const startsAt = bangkokTime(date, cmd.from);
        const endsAt = bangkokTime(date, cmd.to);
        const refusal = checkBooking(room, startsAt, endsAt, now, cmd.people, [], closedDays);
        if (refusal) {
          skipped.push({ date, reason: refusal });
          continue;
        }
        // Each date in its own savepoint: one the database refuses (taken meanwhile), or whose equipment is not free
        // that day (each meeting reserves its own, as a single booking does), is skipped whole, the rest booked.
        const made = await skipping(tx, async (sp) => {
          const inserted = await insertBooking(sp, { officeId, roomId: room.id, bookerId: booker.id, title: cmd.title, people: cmd.people, needs, startsAt, endsAt, state, seriesId }, now);
          if (!inserted.ok) throw new SkipDate('taken');
          if (await reserveNeeds(sp, officeId, inserted.id, booker.id, room.name, cmd.title, startsAt, needs, now)) throw new SkipDate('equipment_busy');
          await nameAttendees(sp, officeId, inserted.id, booker.id, cmd.attendeeIds ?? [], now);
          await addHistory(sp, 'room_booking', inserted.id, { officeId, actorId: booker.id, action: 'booked', data: { state, series: seriesId }, at: now });
          return inserted.id;
        });
        if (typeof made === 'number') booked.push({ date, id: made });
        else skipped.push({ date, reason: made.reason });
      }
      if (booked.length === 0) throw new RefusedWithAnswer([say(T.seriesNone)], `room ${room.id}: no date of the series free`);
      env.logger.info({ seriesId, booked: booked.length, skipped: skipped.length, state }, 'repeating booking made');
      // The approvers hear of the first meeting; the others wait in รายการรออนุมัติ (one push, not one per date).
      const first = (await getBooking(tx, officeId, booked[0]!.id))!;
      const time = `${cmd.from}–${cmd.to}`;
      if (state === 'tentative') await notifyApprovers(tx, first);
      else await notifyAttendeesNamedSeries(tx, seriesId, first, booked.map((b) => b.date).sort(), time, now);
      await notifyTechnicians(tx, first, booked.length);
      skipped.sort((a, b) => a.date.localeCompare(b.date));
      const text = T.seriesBooked(room.name, time, booked.map((b) => b.date), skipped.map((s) => T.skippedLine(s.date, s.reason)));
      env.answer?.([{ type: 'text', text, quickReply: { items: [postbackItem({ label: L.mine, data: encodePostback(mineAction, {}) })] } }]);
      return;
    }
    case 'cancelSeries': {
      const actor = need('book_room');
      // The tapped meeting's version is checked (and the machine asked) as for one booking; then every meeting of
      // the series still to come, each locked and asked again.
      const tapped = await executeLocked(tx, {
        what: `booking ${cmd.bookingId}`,
        lock: (ex) => lockBooking(ex, officeId, cmd.bookingId),
        expectedVersion: cmd.expectedVersion,
        action: 'book_room',
        check: (locked) => checkBookingEvent(locked, 'cancel', actor),
        apply: async (locked) => locked,
      });
      if (!tapped.seriesId) throw new StaleError(`booking ${tapped.id} is not of a series`);
      const cancelled: number[] = [];
      for (const booking of await lockLiveSeries(tx, officeId, tapped.seriesId, now)) {
        const check = checkBookingEvent(booking, 'cancel', actor);
        if (!check.ok) continue;
        if (!(await setBookingState(tx, officeId, booking.id, booking.version, { state: bookingStateOf(check.to) }, now))) continue;
        await addHistory(tx, 'room_booking', booking.id, { officeId, actorId: actor.id, action: 'cancelled', data: { series: tapped.seriesId }, at: now });
        if (booking.loanId !== null) await cancelOfficeLoan(tx, officeId, booking.loanId, actor.id, now);
        cancelled.push(booking.id);
      }
      const toAttendees = T.toAttendeeSeriesCancelled(tapped.roomName, tapped.title, cancelled.length, tapped.bookerName);
      await notifyAttendees(tx, officeId, cancelled, toAttendees, `booking-series:${tapped.seriesId}:cancelled:${tapped.id}`);
      env.answer?.([say(T.seriesCancelled(tapped.roomName, cancelled.length))]);
      return;
    }
    case 'changeRoom': {
      const admin = need('administer');
      if (cmd.change.capacity !== undefined && !(Number.isInteger(cmd.change.capacity) && cmd.change.capacity > 0)) throw new StaleError('capacity out of range');
      if (!(await updateRoom(tx, officeId, cmd.roomId, cmd.expectedVersion, cmd.change, now))) throw new StaleError(`room ${cmd.roomId} changed meanwhile`);
      await writeAudit(tx, { officeId, actorId: admin.id, action: 'room_changed', subjectType: 'room', subjectId: String(cmd.roomId), details: { ...cmd.change }, at: now });
      return;
    }
    case 'moveBooking': {
      const actor = need('book_room');
      // Not an event of the request machine (the booking keeps its request, at a new time): locked and checked here.
      const booking = await lockBooking(tx, officeId, cmd.bookingId);
      if (!booking || booking.version !== cmd.expectedVersion || (booking.state !== 'tentative' && booking.state !== 'confirmed')) throw new StaleError(`booking ${cmd.bookingId} changed meanwhile`);
      if (booking.bookerId !== actor.id) throw new ForbiddenError('book_room', `booking ${booking.id}: not the booker's`);
      const room = await getRoom(tx, officeId, booking.roomId);
      if (!room) throw new RefusedWithAnswer([say(T.refused('inactive'))], `room ${booking.roomId} is gone`);
      const closedDays = await holidayDates(tx, officeId);
      const refusal = checkBooking(room, cmd.startsAt, cmd.endsAt, now, booking.people, [], closedDays);
      if (refusal) throw new RefusedWithAnswer([say(T.refused(refusal))], `booking ${booking.id}: ${refusal}`);
      // A room that needs approval asks again for the new time; the booking holds it meanwhile.
      const state = room.needsApproval ? 'tentative' : 'confirmed';
      const moved = await moveBooking(tx, officeId, booking.id, cmd.expectedVersion, { startsAt: cmd.startsAt, endsAt: cmd.endsAt, state }, now);
      if (moved === 'changed') throw new StaleError(`booking ${booking.id} changed meanwhile`);
      if (moved === 'taken') {
        const day = bangkokDateKey(cmd.startsAt);
        const from = bangkokTime(day);
        const held = (await heldBetween(tx, officeId, from, new Date(from.getTime() + 24 * 60 * 60 * 1000))).get(room.id)?.filter((h) => h.bookingId !== booking.id) ?? [];
        const length = Math.round((booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000);
        const card = roomDayCard(
          room,
          day,
          held,
          now,
          { length, title: T.moveTitle(day), slotData: (slot) => encodePostback(moveToAction, { b: booking.id, v: booking.version, d: day, f: slot.from, t: slot.to }) },
          closedDays,
        );
        throw new RefusedWithAnswer([say(T.stillFree), renderCards([card], T.moveTitle(day))], `booking ${booking.id}: the new time was taken meanwhile`);
      }
      if (booking.loanId !== null && bangkokDateKey(cmd.startsAt) !== bangkokDateKey(booking.startsAt)) {
        // Moved to another day: the equipment is let go for the old day and reserved again for the new one.
        await cancelOfficeLoan(tx, officeId, booking.loanId, actor.id, now);
        const needs = booking.needs.filter(isBookingNeed);
        const short = await reserveNeeds(tx, officeId, booking.id, actor.id, room.name, booking.title, cmd.startsAt, needs, now);
        if (short) throw equipmentRefusal(short, needs, booking.id, now);
      }
      await addHistory(tx, 'room_booking', booking.id, { officeId, actorId: actor.id, action: 'moved', data: { from: booking.startsAt.toISOString(), to: cmd.startsAt.toISOString(), state }, at: now });
      const toAttendees = T.toAttendeeMoved(room.name, booking.title, whenText(booking.startsAt, booking.endsAt), whenText(cmd.startsAt, cmd.endsAt), booking.bookerName);
      await notifyAttendees(tx, officeId, [booking.id], toAttendees, `booking:${booking.id}:moved:${booking.version}`);
      if (state === 'tentative') await notifyApprovers(tx, (await getBooking(tx, officeId, booking.id))!);
      return;
    }
    case 'checkIn': {
      const actor = need('book_room');
      // Not an event of the request machine (the booking stays confirmed and keeps its room): locked and checked here.
      const booking = await lockBooking(tx, officeId, cmd.bookingId);
      if (!booking || booking.version !== cmd.expectedVersion) throw new StaleError(`booking ${cmd.bookingId} changed meanwhile`);
      if (booking.bookerId !== actor.id) throw new ForbiddenError('book_room', `booking ${booking.id}: not the booker's`);
      if (!canCheckIn(booking, now) || !(await checkInBooking(tx, officeId, booking.id, cmd.expectedVersion, now))) throw new StaleError(`booking ${booking.id}: check-in closed`);
      await addHistory(tx, 'room_booking', booking.id, { officeId, actorId: actor.id, action: 'checked_in', at: now });
      return;
    }
    case 'cancelBooking': {
      const actor = need('book_room');
      const booking = await executeLocked(tx, {
        what: `booking ${cmd.bookingId}`,
        lock: (ex) => lockBooking(ex, officeId, cmd.bookingId),
        expectedVersion: cmd.expectedVersion,
        action: 'book_room',
        check: (locked) => checkBookingEvent(locked, 'cancel', actor),
        apply: async (locked, { to }) => ((await setBookingState(tx, officeId, locked.id, cmd.expectedVersion, { state: bookingStateOf(to) }, now)) ? locked : null),
      });
      await addHistory(tx, 'room_booking', booking.id, { officeId, actorId: actor.id, action: 'cancelled', at: now });
      // The VC kit / projector reserved with it is let go in the same transaction.
      if (booking.loanId !== null) await cancelOfficeLoan(tx, officeId, booking.loanId, actor.id, now);
      await notifyAttendeesEnded(tx, booking, 'cancelled');
      return;
    }
    case 'setAttendees': {
      const actor = need('book_room');
      // Not an event of the request machine (the booking keeps its state and version): locked and checked here.
      const booking = await lockBooking(tx, officeId, cmd.bookingId);
      if (!booking || booking.version !== cmd.expectedVersion || !LIVE_BOOKING_STATES.includes(booking.state) || booking.startsAt <= now) throw new StaleError(`booking ${cmd.bookingId} changed meanwhile`);
      if (booking.bookerId !== actor.id) throw new ForbiddenError('book_room', `booking ${booking.id}: not the booker's`);
      const before = new Set(((await attendeesOf(tx, officeId, [booking.id])).get(booking.id) ?? []).map((a) => a.id));
      const named = await nameAttendees(tx, officeId, booking.id, actor.id, cmd.attendeeIds, now);
      await addHistory(tx, 'room_booking', booking.id, { officeId, actorId: actor.id, action: 'attendees', data: { people: named }, at: now });
      // Only the people added now are told they are named (those named before were told already, or will be on approval).
      const added = named.filter((id) => !before.has(id));
      if (added.length > 0) await notifyAttendeesNamed(tx, booking, now, added);
      return;
    }
    case 'decideBooking': {
      const actor = need('approve_booking');
      const event = cmd.approve ? 'approve' : 'decline';
      const booking = await executeLocked(tx, {
        what: `booking ${cmd.bookingId}`,
        lock: (ex) => lockBooking(ex, officeId, cmd.bookingId),
        expectedVersion: cmd.expectedVersion,
        action: 'approve_booking',
        check: (locked) => checkBookingEvent(locked, event, actor),
        apply: async (locked, { to }) =>
          (await setBookingState(tx, officeId, locked.id, cmd.expectedVersion, { state: bookingStateOf(to), decidedBy: actor.id, decidedAt: now }, now)) ? locked : null,
      });
      const reason = cmd.approve ? null : (cmd.reason ?? null);
      await addHistory(tx, 'room_booking', booking.id, { officeId, actorId: actor.id, action: cmd.approve ? 'approved' : 'declined', ...(reason ? { data: { reason } } : {}), at: now });
      if (!cmd.approve && booking.loanId !== null) await cancelOfficeLoan(tx, officeId, booking.loanId, actor.id, now);
      await notifyBooker(tx, booking, cmd.approve ? 'approved' : 'declined', actor, reason);
      if (cmd.approve) await notifyAttendeesNamed(tx, (await getBooking(tx, officeId, booking.id))!, now);
      else await notifyAttendeesEnded(tx, booking, 'declined');
      return;
    }
    default:
      throw new Error(`command "${(cmd as { type: string }).type}" is not a booking command`);
  }
}

/**
 * The booking's attendees become the people named who are the office's staff, registered and reachable (a forged id,
 * another office's person or the booker is left out); returns who they are.
 */
async function nameAttendees(tx: Executor, officeId: string, bookingId: number, bookerId: number, personIds: readonly number[], now: Date): Promise<number[]> {
  const allowed = personIds.length === 0 ? new Set<number>() : new Set((await attendeeChoices(tx, officeId, bookerId)).map((p) => p.id));
  const named = [...new Set(personIds)].filter((id) => allowed.has(id));
  await setAttendees(tx, officeId, bookingId, named, now);
  return named;
}

const NEED_EQUIPMENT: Record<BookingNeed, OfficeEquipment> = { vc: 'vc_kit', projector: 'projector' };
const isBookingNeed = (need: string): need is BookingNeed => (BOOKING_NEEDS as readonly string[]).includes(need);

/** A date of a repeating booking left out, thrown inside its savepoint so what it wrote is undone. */
class SkipDate extends Error {
  readonly reason: SeriesSkipReason;
  constructor(reason: SeriesSkipReason) {
    super(`series date skipped: ${reason}`);
    this.reason = reason;
  }
}

/** Runs `work` in a savepoint; a `SkipDate` thrown there rolls the savepoint back and is returned. */
async function skipping<T>(tx: Executor, work: (sp: Executor) => Promise<T>): Promise<T | SkipDate> {
  try {
    return await tx.transaction(work);
  } catch (err) {
    if (err instanceof SkipDate) return err;
    throw err;
  }
}

/** What was asked for and is not free that day (`missing`; all of it when taken at this very moment). */
interface EquipmentShortfall {
  missing: BookingNeed[];
  freeNames: string[];
  why: string;
}

/**
 * The booking asked for a VC kit or a projector: a free one of each is reserved for the booking's day as the office's
 * approved loan (the way a video conference reserves its kit), linked to the booking, in the caller's transaction.
 * None free (or taken at this moment): nothing reserved, and what is missing is returned; the caller refuses the
 * booking (its transaction or savepoint rolls back the loan written for nothing).
 */
async function reserveNeeds(tx: Executor, officeId: string, bookingId: number, actorId: number, roomName: string, title: string, startsAt: Date, needs: readonly BookingNeed[], now: Date): Promise<EquipmentShortfall | null> {
  if (needs.length === 0) return null;
  const day = bangkokDateKey(startsAt);
  const free = new Map<OfficeEquipment, BorrowableChoice[]>();
  for (const kind of ['vc_kit', 'projector'] as const) free.set(kind, await freeEquipmentOn(tx, officeId, kind, day));
  const shortfall = (why: string): EquipmentShortfall => {
    const missing = needs.filter((n) => free.get(NEED_EQUIPMENT[n])!.length === 0);
    return { missing: missing.length > 0 ? missing : [...needs], freeNames: [...free.values()].flat().map((c) => c.name), why };
  };
  if (needs.some((n) => free.get(NEED_EQUIPMENT[n])!.length === 0)) return shortfall('equipment not free');
  const made = await reserveOfficeLoan(tx, { officeId, actorId, day, purpose: T.equipmentPurpose(title), place: roomName, targets: needs.map((n) => free.get(NEED_EQUIPMENT[n])![0]!.target), usedFor: 'room_booking', now });
  if (!made.ok) return shortfall('equipment taken meanwhile');
  await setBookingLoan(tx, officeId, bookingId, made.loanId);
  return null;
}

/**
 * A booking refused for its equipment, with the equipment still free that day. With `wayOut` (a booking being made
 * from its summary) the refusal keeps the summary's draft and offers, as quick replies, to book it at once without
 * what is missing, to pick another day (the room's days) or to stop; without it (a booking moved to that day) it
 * says the booking stays where it was.
 */
function equipmentRefusal(short: EquipmentShortfall, needs: readonly BookingNeed[], bookingId: number, now: Date, wayOut?: Room): RefusedWithAnswer {
  const text = T.equipmentNone(short.missing.map(needLabel), short.freeNames, wayOut ? 'book' : 'move');
  if (!wayOut) return new RefusedWithAnswer([say(text)], `booking ${bookingId}: ${short.why}`);
  const items = [
    postbackItem({ label: short.missing.length === needs.length ? L.withoutNeeds.all : L.withoutNeeds[short.missing[0]!], data: encodePostback(withoutNeedsAction, { k: short.missing }) }),
    picker(L.otherDay, encodePostback(pickDateAction, {}), 'date', dateRange([wayOut], now)),
    postbackItem({ label: L.quit, data: encodePostback(quitAction, {}) }),
  ];
  return new RefusedWithAnswer([withItems(text, items)], `booking ${bookingId}: ${short.why}`, { keepConversation: true });
}

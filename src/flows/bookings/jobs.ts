import type { Database } from '../../db/database.ts';
import { addHistory, historyOf } from '../../db/repos/history.ts';
import { reachablePerson } from '../../db/repos/recipients.ts';
import { attendeesOf, vcLinksOf, type Attendee } from '../../db/repos/room-booking-attendees.ts';
import { confirmedStartingIds, lockBooking, noShowCandidateIds, setBookingState, tentativeStartedIds } from '../../db/repos/room-bookings.ts';
import { canCheckIn, CHECK_IN_CLOSES_MINUTES, isNoShow, type Booking } from '../../domain/bookings/rooms.ts';
import { dueNow, type PlannedStep, type RecordedMarks } from '../../kit/planner.ts';
import { defineSweep, runSweep, sweepJob, type SweepRun } from '../../kit/sweep.ts';
import { bookingCards } from './cards.ts';
import { notifyAttendeesEnded, withLink } from './notify.ts';
import { calendarLink } from './ics.ts';
import { cancelOfficeLoan } from '../loans/office-loan.ts';
import { bookingTexts as T, whenText } from './messages.ts';
import { MEETING_REMINDER_PLAN, reminderHorizon, reminderMarks, type ReminderMark } from './reminders.ts';
import { bookingStateOf, checkBookingEvent } from './request.ts';

/**
 * The system lets a booking go (undecided by its start, or nobody checked in): the machine's `expire`, the room free
 * again, the VC kit / projector reserved for it back in the inventory, the booker told once (`key`), and so are the
 * people named as coming.
 */
async function expireBooking(run: SweepRun, booking: Booking, why: 'released' | 'no_show', text: string, key: string): Promise<boolean> {
  const check = checkBookingEvent(booking, 'expire', null);
  if (!check.ok) return false;
  if (!(await setBookingState(run.tx, run.office.officeId, booking.id, booking.version, { state: bookingStateOf(check.to) }, run.now))) return false;
  if (booking.loanId !== null) await cancelOfficeLoan(run.tx, run.office.officeId, booking.loanId, null, run.now);
  const booker = await reachablePerson(run.tx, run.office.officeId, booking.bookerId);
  if (booker) await run.push(booker, [{ type: 'text', text }], key);
  await notifyAttendeesEnded(run.tx, booking, why);
  return true;
}

/**
 * A booking held for approval that nobody decided by its start is released: the room is free again and the
 * booker told, once. A sweep of the kit: each booking locked in its own transaction, the request machine asked
 * whether the system may expire it now, the push keyed by the booking, the release recorded in its history.
 */
export const releaseSweep = defineSweep<number, Booking, 'release'>({
  name: 'bookings:release',
  schedule: '* * * * *',
  candidates: (db, office, now) => tentativeStartedIds(db, office.officeId, now),
  async load(tx, office, id) {
    const booking = await lockBooking(tx, office.officeId, id);
    return booking && booking.state === 'tentative' ? booking : null;
  },
  plan: (booking, _office, now) => (booking.startsAt <= now && checkBookingEvent(booking, 'expire', null).ok ? 'release' : null),
  act: (run, booking) => expireBooking(run, booking, 'released', T.toBookerReleased(booking.roomName, whenText(booking.startsAt, booking.endsAt)), `booking:${booking.id}:released`),
  mark: (run, booking) => addHistory(run.tx, 'room_booking', booking.id, { officeId: run.office.officeId, actorId: null, action: 'released', data: { reason: 'undecided_at_start' }, at: run.now }),
});

/** Returns how many bookings were released. */
export async function runBookingRelease(database: Database, now: Date): Promise<number> {
  return (await runSweep(releaseSweep, database, now)).marked;
}

interface RemindedBooking {
  booking: Booking;
  marks: RecordedMarks<ReminderMark>;
  /** The people the booker named as coming, reminded with them. */
  attendees: Attendee[];
  /** The video conference's link when the booking is a session's room. */
  vcLink: string | null;
}

/**
 * Reminders of a confirmed booking to its booker (MEETING_REMINDER_PLAN), each once, with the booking's card
 * (เพิ่มลงปฏิทิน, ยกเลิกการจอง). The booking is locked and read again in the reminder's transaction: a booking
 * cancelled (or released) meanwhile is no longer confirmed and gets none. A reminder whose time had already come
 * when the booking was made is recorded, not sent (the booker has just seen it).
 */
export const reminderSweep = defineSweep<number, RemindedBooking, PlannedStep<ReminderMark>>({
  name: 'bookings:reminders',
  schedule: '* * * * *',
  // Only what can be due: starting before the end of the next office day, not yet reminded of its last step.
  candidates: (db, office, now) => confirmedStartingIds(db, office.officeId, now, reminderHorizon(now, office.calendar), 'soon'),
  async load(tx, office, id) {
    const booking = await lockBooking(tx, office.officeId, id);
    if (!booking || booking.state !== 'confirmed') return null;
    return {
      booking,
      marks: reminderMarks(await historyOf(tx, 'room_booking', booking.id, 'reminded'), booking.startsAt),
      attendees: (await attendeesOf(tx, office.officeId, [booking.id])).get(booking.id) ?? [],
      vcLink: (await vcLinksOf(tx, office.officeId, [booking.id])).get(booking.id) ?? null,
    };
  },
  plan: ({ booking, marks }, office, now) => dueNow(booking.startsAt, MEETING_REMINDER_PLAN, marks, now, office.calendar),
  async act(run, { booking, attendees, vcLink }, due) {
    if (due.dueAt.getTime() < booking.createdAt.getTime()) return true;
    const when = whenText(booking.startsAt, booking.endsAt);
    const key = `booking:${booking.id}:remind:${due.mark}:${booking.startsAt.toISOString()}`;
    const names = attendees.map((a) => a.name);
    const calendar = calendarLink(booking, run.now);
    const booker = await reachablePerson(run.tx, run.office.officeId, booking.bookerId);
    if (booker) {
      const text = withLink(T.reminder(due.mark, booking.roomName, booking.title, when), vcLink);
      const card = bookingCards([{ booking, buttons: { checkIn: canCheckIn(booking, run.now), move: true, cancel: true, calendar }, attendees: names }], text);
      await run.push(booker, [{ type: 'text', text }, card], key);
    }
    // Each person named gets their own push: the meeting, whose it is, the link; their card only adds it to a calendar.
    for (const attendee of attendees) {
      const to = await reachablePerson(run.tx, run.office.officeId, attendee.id);
      if (!to) continue;
      const text = withLink(T.reminderToAttendee(due.mark, booking.roomName, booking.title, when, booking.bookerName), vcLink);
      await run.push(to, [{ type: 'text', text }, bookingCards([{ booking, buttons: { calendar }, attendees: names }], text)], `${key}:${attendee.id}`);
    }
    return true;
  },
  mark: (run, { booking }, due) =>
    addHistory(run.tx, 'room_booking', booking.id, { officeId: run.office.officeId, actorId: null, action: 'reminded', data: { mark: due.mark, start: booking.startsAt.toISOString() }, at: run.now }),
});

/** Returns how many reminders were recorded. */
export async function runBookingReminders(database: Database, now: Date): Promise<number> {
  return (await runSweep(reminderSweep, database, now)).marked;
}

/**
 * A no-show: a confirmed booking of a room that asks for a check-in, not checked in by the window's end, is
 * released for the rest of its time (the room is free again) and the booker told, once; the no-show is recorded
 * in its history (`no_show`). The machine's `expire` is asked, as for a booking nobody approved.
 */
export const noShowSweep = defineSweep<number, Booking, 'release'>({
  name: 'bookings:no-show',
  schedule: '* * * * *',
  candidates: (db, office, now) => noShowCandidateIds(db, office.officeId, new Date(now.getTime() - CHECK_IN_CLOSES_MINUTES * 60_000), now),
  async load(tx, office, id) {
    const booking = await lockBooking(tx, office.officeId, id);
    return booking && booking.state === 'confirmed' ? booking : null;
  },
  plan: (booking, _office, now) => (isNoShow(booking, now) && checkBookingEvent(booking, 'expire', null).ok ? 'release' : null),
  act: (run, booking) => expireBooking(run, booking, 'no_show', T.toBookerNoShow(booking.roomName, whenText(booking.startsAt, booking.endsAt)), `booking:${booking.id}:no-show`),
  mark: (run, booking) => addHistory(run.tx, 'room_booking', booking.id, { officeId: run.office.officeId, actorId: null, action: 'no_show', at: run.now }),
});

/** Returns how many bookings were released as no-shows. */
export async function runNoShowRelease(database: Database, now: Date): Promise<number> {
  return (await runSweep(noShowSweep, database, now)).marked;
}

export const bookingJobs = [sweepJob(releaseSweep), sweepJob(reminderSweep), sweepJob(noShowSweep)];

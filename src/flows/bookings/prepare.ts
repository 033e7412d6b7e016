import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { holidayDates } from '../../db/repos/holidays.ts';
import { reachableWithRole } from '../../db/repos/recipients.ts';
import { attendeesOf, type Attendee } from '../../db/repos/room-booking-attendees.ts';
import { OFFICE_STAFF_ROLES } from '../../domain/roles.ts';
import { heldBetween, listRooms, listUpcomingBookingsOf, lockBooking } from '../../db/repos/room-bookings.ts';
import type { Booking, BookingNeed, Held, Room } from '../../domain/bookings/rooms.ts';
import { bangkokTime } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { attendeesAction, cardAttendeesAction, roomCapacityAction, roomSetAction, moveAction, moveToAction, cancelBookingAction, cancelSeriesAction, cancelYesAction, checkInAction, decideBookingAction, declineReasonAction, mineAction, pickDateAction, pickSlotAction, timeDateAction, untilAction } from './actions.ts';
import { CHECK_IN_TEXT, MY_BOOKINGS_TEXTS, ROOM_ADMIN_TEXTS } from './messages.ts';

/** The conversation's data while a booking is being made. */
export interface BookingData {
  /** Room, date (YYYY-MM-DD), from and to ("HH:MM"), people, title. */
  r?: number | undefined;
  d?: string | undefined;
  f?: string | undefined;
  t?: string | undefined;
  n?: number | undefined;
  ti?: string | undefined;
  /** Repeating: every `w` weeks until `u` (YYYY-MM-DD). */
  w?: number | undefined;
  u?: string | undefined;
  /** What the meeting needs besides the room (the summary's switches). */
  nd?: BookingNeed[] | undefined;
  /** จัดการห้อง: the version of the room whose capacity is being typed. */
  rv?: number | undefined;
  /** ผู้เข้าร่วม: the people picked (ids and names, in the same order) and the picker's page. */
  pa?: number[] | undefined;
  pn?: string[] | undefined;
  o?: number | undefined;
  /** ไม่อนุมัติ: the booking asked why (or whose attendees are picked), and the version its button was drawn for. */
  b?: number | undefined;
  bv?: number | undefined;
}

export interface BookingsPrepared {
  /** The office's rooms open for booking. */
  rooms?: Room[];
  /** The office's holidays (YYYY-MM-DD): no room is booked on them. */
  closedDays?: Set<string>;
  /** What holds each room on the day the input is about (read now: a slot taken meanwhile shows). */
  held?: Map<number, Held[]>;
  /** การจองของฉัน: the person's upcoming bookings. */
  mine?: Booking[];
  /** จัดการห้อง: every room of the office, open for booking or not. */
  allRooms?: Room[];
  /** The booking a button acts on, locked for the event's transaction. */
  booking?: Booking | null;
  /** ผู้เข้าร่วม: the office's people who can be named (registered, reachable, not the person), by name. */
  people?: Attendee[];
  /** The people named as coming to the bookings shown (การจองของฉัน, a card's ผู้เข้าร่วม), by booking. */
  attendees?: Map<number, Attendee[]>;
}

/** Who may be named as coming to a meeting: the office's staff who are registered and reachable, not the booker. */
export async function attendeeChoices(ex: Executor, officeId: string, bookerId: number): Promise<Attendee[]> {
  return (await reachableWithRole(ex, officeId, OFFICE_STAFF_ROLES)).filter((r) => r.id !== bookerId).map((r) => ({ id: r.id, name: r.fullName }));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The furthest a repeating booking's reads go (26 meetings every 8 weeks). */
const SERIES_DAYS_MAX = 26 * 8 * 7;
const shiftDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

const clean = (text: string) => text.replace(/\s+/g, '');
export const isStartText = (input: FlowInput) => input.kind === 'text' && menuCommandOf(input.text) === 'bookRoom';
export const isRoomAdminText = (input: FlowInput) => input.kind === 'text' && (ROOM_ADMIN_TEXTS as readonly string[]).includes(clean(input.text));
/** `เช็กอิน` or `เช็กอิน <room>` (what a room's QR code sends): the room's name, '' for none. */
export function checkInTextRoom(input: FlowInput): string | undefined {
  if (input.kind !== 'text') return undefined;
  const text = input.text.normalize('NFC').trim();
  if (!text.startsWith(CHECK_IN_TEXT)) return undefined;
  return text.slice(CHECK_IN_TEXT.length).replace(/\s+/g, ' ').trim();
}
export const isMineText = (input: FlowInput) => input.kind === 'text' && (MY_BOOKINGS_TEXTS as readonly string[]).includes(clean(input.text));

/** The Bangkok date the input is about: a picked date, a slot's date, or the one in the conversation. */
function dayOf(input: FlowInput, state: FlowState<BookingData> | null): string | undefined {
  const picked = postbackFor(input, pickDateAction) ?? postbackFor(input, timeDateAction);
  if (picked) return picked.params.date;
  const slot = postbackFor(input, pickSlotAction);
  if (slot) return slot.payload.d;
  return state?.data.d;
}

export async function prepareBookings(tx: Executor, input: FlowInput, state: FlowState<BookingData> | null, person: Person | null, env: FlowEnv): Promise<BookingsPrepared> {
  const prepared: BookingsPrepared = {};
  if (!person || !can(person.role, 'book_room')) return prepared;
  const adminInput = isRoomAdminText(input) || postbackFor(input, roomSetAction) !== undefined || postbackFor(input, roomCapacityAction) !== undefined || state?.step === 'roomCapacity';
  if (adminInput) {
    if (can(person.role, 'administer')) prepared.allRooms = await listRooms(tx, env.officeId);
    return prepared;
  }
  const picking = state?.step === 'attendees' || postbackFor(input, attendeesAction) !== undefined || postbackFor(input, cardAttendeesAction) !== undefined;
  if (picking) prepared.people = await attendeeChoices(tx, env.officeId, person.id);
  const target =
    postbackFor(input, cardAttendeesAction) ??
    postbackFor(input, cancelBookingAction) ??
    postbackFor(input, cancelYesAction) ??
    postbackFor(input, decideBookingAction) ??
    postbackFor(input, declineReasonAction) ??
    postbackFor(input, cancelSeriesAction) ??
    postbackFor(input, checkInAction);
  // ไม่อนุมัติ's reason typed: the booking named in the conversation.
  const targetId = target?.payload.b ?? (state?.step === 'declineReason' && input.kind === 'text' ? state.data.b : undefined);
  if (targetId !== undefined) {
    prepared.booking = await lockBooking(tx, env.officeId, targetId);
    if (postbackFor(input, cardAttendeesAction)) prepared.attendees = await attendeesOf(tx, env.officeId, [targetId]);
    return prepared;
  }
  const moving = postbackFor(input, moveAction) ?? postbackFor(input, moveToAction);
  if (moving) {
    prepared.booking = await lockBooking(tx, env.officeId, moving.payload.b);
    prepared.rooms = await listRooms(tx, env.officeId, { activeOnly: true });
    prepared.closedDays = await holidayDates(tx, env.officeId);
    const day = postbackFor(input, moveAction)?.params.date ?? postbackFor(input, moveToAction)?.payload.d;
    if (day && DATE.test(day)) prepared.held = await heldBetween(tx, env.officeId, bangkokTime(day), bangkokTime(shiftDays(day, 1)));
    return prepared;
  }
  if (isMineText(input) || postbackFor(input, mineAction) || checkInTextRoom(input) !== undefined) {
    prepared.mine = await listUpcomingBookingsOf(tx, env.officeId, person.id, env.now);
    prepared.attendees = await attendeesOf(tx, env.officeId, prepared.mine.map((b) => b.id));
    return prepared;
  }
  prepared.rooms = await listRooms(tx, env.officeId, { activeOnly: true });
  prepared.closedDays = await holidayDates(tx, env.officeId);
  const day = dayOf(input, state);
  if (day && DATE.test(day)) {
    // A repeating booking's dates run to its last day: what holds the room over all of them.
    const until = postbackFor(input, untilAction)?.params.date ?? state?.data.u;
    const last = until && DATE.test(until) && until > day && until <= shiftDays(day, SERIES_DAYS_MAX) ? until : day;
    prepared.held = await heldBetween(tx, env.officeId, bangkokTime(day), bangkokTime(shiftDays(last, 1)));
  }
  return prepared;
}

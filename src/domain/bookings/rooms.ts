import { z } from 'zod';
import { rolesAllowed } from '../permissions.ts';
import { roleSchema, type Role } from '../roles.ts';
import { bangkokDateKey, bangkokMinuteOfDay, bangkokTime, minutesToClock, parseClockTime } from '../office-time.ts';

/**
 * The office's bookable rooms and the rules of booking one (issue 12). Pure: a repository reads the rows and
 * hands them here; the flow and the executor ask the same rules, and the database's exclusion constraint on
 * `room_bookings` is the last word on overlaps.
 */

export interface Room {
  id: number;
  officeId: string;
  name: string;
  capacity: number;
  /** "โปรเจกเตอร์", "ชุด VC" … as the office writes them. */
  equipment: string[];
  location: string | null;
  photoUrl: string | null;
  /** Bookable hours, "HH:MM" Bangkok wall clock. */
  openFrom: string;
  openUntil: string;
  /** Bookable weekdays, 0 = Sunday … 6 = Saturday (as src/domain/office-time.ts counts them). */
  openDays: number[];
  /** The length of one slot on the day's carousel. */
  slotMinutes: number;
  needsApproval: boolean;
  /** Who approves (a role that holds approve_booking); null = any holder of approve_booking. */
  approverRole: Role | null;
  minNoticeMinutes: number;
  maxMinutes: number;
  maxDaysAhead: number;
  active: boolean;
  /** Bookings must be checked in (เช็กอิน) around their start, or the room is released. */
  checkIn: boolean;
  /** The room's permanent video-conference link (https), offered when a session held there asks for its link. */
  standingLink: string | null;
  note: string | null;
  /** Bumped by every change (chat or import): an admin's button drawn for another version is stale. */
  version: number;
}

export type RoomInput = Omit<Room, 'id' | 'officeId' | 'version'>;

/** What an admin changes of a room in the chat. */
export type RoomChange = Partial<Pick<Room, 'active' | 'needsApproval' | 'checkIn' | 'capacity'>>;

export const BOOKING_STATES = ['tentative', 'confirmed', 'declined', 'cancelled', 'released'] as const;
export const bookingStateSchema = z.enum(BOOKING_STATES);
export type BookingState = z.infer<typeof bookingStateSchema>;
/** States that hold the room (the exclusion constraint counts only these). */
export const LIVE_BOOKING_STATES: readonly BookingState[] = ['tentative', 'confirmed'];

export const BOOKING_STATE_LABELS: Record<BookingState, string> = {
  tentative: 'รออนุมัติ (กันห้องไว้แล้ว)',
  confirmed: 'ยืนยันแล้ว',
  declined: 'ไม่อนุมัติ',
  cancelled: 'ยกเลิกแล้ว',
  released: 'ปล่อยห้องแล้ว',
};

export interface Booking {
  id: number;
  officeId: string;
  roomId: number;
  roomName: string;
  /** The room's approver role when the booking was read (who decides a tentative booking). */
  approverRole: Role | null;
  bookerId: number;
  bookerName: string;
  title: string;
  people: number;
  needs: string[];
  startsAt: Date;
  endsAt: Date;
  state: BookingState;
  version: number;
  seriesId: string | null;
  decidedById: number | null;
  decidedAt: Date | null;
  /** Whether the room asks for a check-in, and when this booking was checked in. */
  checkIn: boolean;
  checkedInAt: Date | null;
  /** The office's loan reserving the equipment the booking asked for (a VC kit, a projector), if any. */
  loanId: number | null;
  createdAt: Date;
}

/** A time a room is held, for working out what is free. */
export interface Held {
  startsAt: Date;
  endsAt: Date;
  /** The booking that holds it (a booking being moved does not stand in its own way). */
  bookingId?: number;
}

/** The roles a room's approval may be given to (those the permission table lets approve bookings). */
export const APPROVER_ROLES: readonly Role[] = rolesAllowed('approve_booking');

export function approverRolesOf(room: Pick<Room, 'approverRole'>): readonly Role[] {
  return room.approverRole ? [room.approverRole] : APPROVER_ROLES;
}

export function isApproverRole(role: string): role is Role {
  const parsed = roleSchema.safeParse(role);
  return parsed.success && APPROVER_ROLES.includes(parsed.data);
}

const MINUTE_MS = 60_000;

/** "HH:MM" → minutes after midnight, or null when not a clock time. */
export function clockMinute(text: string): number | null {
  try {
    return parseClockTime(text);
  } catch {
    return null;
  }
}

function weekdayOf(dateKey: string): number {
  return new Date(`${dateKey}T00:00:00Z`).getUTCDay();
}

export const overlaps = (a: Held, b: Held) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/** No day closed beyond the room's own days (the office's holidays are passed where they are known). */
export const NO_DAYS: ReadonlySet<string> = new Set();

export type BookingRefusal =
  | 'inactive'
  | 'closed_day'
  | 'outside_hours'
  | 'bad_range'
  | 'past'
  | 'too_soon'
  | 'too_far'
  | 'too_long'
  | 'too_small'
  | 'taken';

/**
 * Whether the room may be booked from `startsAt` to `endsAt` for `people` now, by the room's rules alone (its
 * days and hours, notice, length, how far ahead, capacity). Overlaps are the database's to refuse; `held` (what
 * the caller read) lets a step say "taken" before asking anything more.
 */
export function checkBooking(
  room: Room,
  startsAt: Date,
  endsAt: Date,
  now: Date,
  people: number | null = null,
  held: readonly Held[] = [],
  closedDays: ReadonlySet<string> = NO_DAYS,
): BookingRefusal | null {
  if (!room.active) return 'inactive';
  if (!(endsAt > startsAt)) return 'bad_range';
  const day = bangkokDateKey(startsAt);
  if (bangkokDateKey(new Date(endsAt.getTime() - 1)) !== day) return 'outside_hours';
  if (!room.openDays.includes(weekdayOf(day)) || closedDays.has(day)) return 'closed_day';
  const open = clockMinute(room.openFrom) ?? 0;
  const close = clockMinute(room.openUntil) ?? 24 * 60;
  const endMinute = bangkokMinuteOfDay(endsAt) === 0 ? 24 * 60 : bangkokMinuteOfDay(endsAt);
  if (bangkokMinuteOfDay(startsAt) < open || endMinute > close) return 'outside_hours';
  if (startsAt < now) return 'past';
  if (startsAt.getTime() - now.getTime() < room.minNoticeMinutes * MINUTE_MS) return 'too_soon';
  if (day > lastBookableDay(room, now)) return 'too_far';
  if (endsAt.getTime() - startsAt.getTime() > room.maxMinutes * MINUTE_MS) return 'too_long';
  if (people !== null && people > room.capacity) return 'too_small';
  if (held.some((h) => overlaps(h, { startsAt, endsAt }))) return 'taken';
  return null;
}

/** The last Bangkok date a booking may be on, made now. */
export function lastBookableDay(room: Pick<Room, 'maxDaysAhead'>, now: Date): string {
  return bangkokDateKey(new Date(now.getTime() + room.maxDaysAhead * 24 * 60 * MINUTE_MS));
}

export interface Slot {
  /** "HH:MM" */
  from: string;
  to: string;
  startsAt: Date;
  endsAt: Date;
  /** null: free to book; otherwise why not (taken, past, too soon …). */
  refusal: BookingRefusal | null;
}

/**
 * The room's slots on a Bangkok date, each free or not (none on a day the room is not bookable, nor on a day the
 * office is closed, `closedDays`: its holidays): one every `slotMinutes` from the opening, each `length` minutes
 * long (a slot; or a booking's own length when it is moved).
 */
export function slotsOfDay(room: Room, dateKey: string, held: readonly Held[], now: Date, length: number = room.slotMinutes, closedDays: ReadonlySet<string> = NO_DAYS): Slot[] {
  if (!room.openDays.includes(weekdayOf(dateKey)) || closedDays.has(dateKey)) return [];
  const open = clockMinute(room.openFrom);
  const close = clockMinute(room.openUntil);
  if (open === null || close === null || room.slotMinutes <= 0 || length <= 0) return [];
  const slots: Slot[] = [];
  for (let m = open; m + length <= close; m += room.slotMinutes) {
    const from = minutesToClock(m);
    const to = minutesToClock(m + length);
    const startsAt = bangkokTime(dateKey, from);
    const endsAt = bangkokTime(dateKey, to);
    slots.push({ from, to, startsAt, endsAt, refusal: checkBooking(room, startsAt, endsAt, now, null, held) });
  }
  return slots;
}

/** Room days as people write them: Thai abbreviations or English, single days and ranges ("จ-ศ", "mon-fri"). */
const DAY_NAMES: ReadonlyArray<{ day: number; names: readonly string[] }> = [
  { day: 1, names: ['จ', 'จ.', 'จันทร์', 'mon', 'monday'] },
  { day: 2, names: ['อ', 'อ.', 'อังคาร', 'tue', 'tuesday'] },
  { day: 3, names: ['พ', 'พ.', 'พุธ', 'wed', 'wednesday'] },
  { day: 4, names: ['พฤ', 'พฤ.', 'พฤหัส', 'พฤหัสบดี', 'thu', 'thursday'] },
  { day: 5, names: ['ศ', 'ศ.', 'ศุกร์', 'fri', 'friday'] },
  { day: 6, names: ['ส', 'ส.', 'เสาร์', 'sat', 'saturday'] },
  { day: 0, names: ['อา', 'อา.', 'อาทิตย์', 'sun', 'sunday'] },
];
export const DAY_SHORT: Record<number, string> = { 0: 'อา', 1: 'จ', 2: 'อ', 3: 'พ', 4: 'พฤ', 5: 'ศ', 6: 'ส' };
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

function dayOf(text: string): number | null {
  const key = text.trim().toLowerCase();
  return DAY_NAMES.find((d) => d.names.includes(key))?.day ?? null;
}

/** "จ-ศ", "จ,พ,ศ", "mon-sat", "ทุกวัน" → weekdays (0 = Sunday); null when unreadable. */
export function parseDays(text: string): number[] | null {
  const clean = text.trim().toLowerCase();
  if (['ทุกวัน', 'every day', 'everyday', 'all', 'daily'].includes(clean)) return [...WEEK_ORDER];
  const days = new Set<number>();
  for (const part of clean.split(/[,;/\s]+/).filter(Boolean)) {
    const range = part.split(/[-–]/);
    if (range.length === 2) {
      const a = dayOf(range[0]!);
      const b = dayOf(range[1]!);
      if (a === null || b === null) return null;
      const i = WEEK_ORDER.indexOf(a);
      const j = WEEK_ORDER.indexOf(b);
      if (j < i) return null;
      for (const d of WEEK_ORDER.slice(i, j + 1)) days.add(d);
    } else {
      const d = dayOf(part);
      if (d === null) return null;
      days.add(d);
    }
  }
  return days.size === 0 ? null : WEEK_ORDER.filter((d) => days.has(d));
}

/** Weekdays as the export writes them ("จ,อ,พ,พฤ,ศ"). */
export function formatDays(days: readonly number[]): string {
  return WEEK_ORDER.filter((d) => days.includes(d))
    .map((d) => DAY_SHORT[d])
    .join(',');
}

export const DEFAULT_ROOM: Omit<RoomInput, 'name'> = {
  capacity: 10,
  equipment: [],
  location: null,
  photoUrl: null,
  openFrom: '08:30',
  openUntil: '16:30',
  openDays: [1, 2, 3, 4, 5],
  slotMinutes: 60,
  needsApproval: false,
  approverRole: null,
  minNoticeMinutes: 0,
  maxMinutes: 8 * 60,
  maxDaysAhead: 60,
  active: true,
  checkIn: false,
  standingLink: null,
  note: null,
};

/** Check-in opens this long before the start and closes this long after it; not checked in by then: a no-show. */
export const CHECK_IN_OPENS_MINUTES = 30;
export const CHECK_IN_CLOSES_MINUTES = 15;

/** Whether the booking can be checked in now (its room asks for it, it is confirmed, not yet, within the window). */
export function canCheckIn(booking: Pick<Booking, 'checkIn' | 'checkedInAt' | 'state' | 'startsAt' | 'endsAt'>, now: Date): boolean {
  if (!booking.checkIn || booking.checkedInAt !== null || booking.state !== 'confirmed') return false;
  const opens = booking.startsAt.getTime() - CHECK_IN_OPENS_MINUTES * MINUTE_MS;
  const closes = Math.min(booking.startsAt.getTime() + CHECK_IN_CLOSES_MINUTES * MINUTE_MS, booking.endsAt.getTime());
  return now.getTime() >= opens && now.getTime() < closes;
}

/** Whether the check-in window has closed on a booking nobody checked in: the room goes back to others. */
export function isNoShow(booking: Pick<Booking, 'checkIn' | 'checkedInAt' | 'state' | 'startsAt' | 'endsAt'>, now: Date): boolean {
  if (!booking.checkIn || booking.checkedInAt !== null || booking.state !== 'confirmed') return false;
  return now.getTime() >= booking.startsAt.getTime() + CHECK_IN_CLOSES_MINUTES * MINUTE_MS && now.getTime() < booking.endsAt.getTime();
}

/** What a meeting may need from the ICT group besides the room (the technicians are told). */
export const BOOKING_NEEDS = ['vc', 'projector'] as const;
export type BookingNeed = (typeof BOOKING_NEEDS)[number];
export const BOOKING_NEED_LABELS: Record<BookingNeed, string> = { vc: 'ชุดประชุมทางไกล (VC)', projector: 'โปรเจกเตอร์' };
/** Needs as stored (unknown words kept as they are, e.g. from an older version). */
export const needLabel = (need: string) => (BOOKING_NEEDS as readonly string[]).includes(need) ? BOOKING_NEED_LABELS[need as BookingNeed] : need;

/** The common reasons an approver taps for ไม่อนุมัติ (one may also be typed). */
export const DECLINE_REASONS = ['office_use', 'other_time', 'other_room', 'details'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Why a date of a repeating booking was left out: the room's rules, taken, or its equipment not free that day. */
export type SeriesSkipReason = BookingRefusal | 'equipment_busy';

/** A repeating booking is at most this many meetings (half a year of weekly ones). */
export const SERIES_MAX = 26;

/** The dates of a repeating booking: `first`, then every `everyWeeks` weeks up to and including `until`. */
export function seriesDates(first: string, everyWeeks: number, until: string, max = SERIES_MAX): string[] {
  const dates: string[] = [];
  const step = everyWeeks * 7 * 24 * 60 * MINUTE_MS;
  for (let t = Date.parse(`${first}T00:00:00Z`); dates.length < max; t += step) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (day > until) break;
    dates.push(day);
  }
  return dates;
}

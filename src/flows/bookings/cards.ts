import { approverRolesOf, BOOKING_NEEDS, BOOKING_STATE_LABELS, formatDays, needLabel, NO_DAYS, type BookingNeed, CHECK_IN_CLOSES_MINUTES, CHECK_IN_OPENS_MINUTES, slotsOfDay, type Booking, type Held, type Room, type Slot } from '../../domain/bookings/rooms.ts';
import { ROLE_LABELS } from '../../domain/roles.ts';
import { CARD_BUTTONS_MAX, CAROUSEL_MAX, renderCards, type Card, type CardButton, type CardColor } from '../../kit/card.ts';
import { encodePostback } from '../../line/postback.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { attendeesAction, cardAttendeesAction, cancelBookingAction, cancelSeriesAction, checkInAction, moveAction, needAction, roomCapacityAction, roomSetAction, confirmAction, decideBookingAction, pickRoomAction, pickSlotAction, quitAction, repeatAction } from './actions.ts';
import { bookingLabels as L, bookingTexts as T, whenText } from './messages.ts';

/**
 * The booking flow's cards, all on the kit's card base (src/kit/card.ts): a room's day (its free slots as buttons,
 * the taken ones as a line of text), a room free at the asked time, the summary before confirming, and a booking
 * (the booker's cancel, the approver's decision).
 */

export function approverText(room: Pick<Room, 'approverRole'>): string {
  return approverRolesOf(room)
    .map((r) => ROLE_LABELS[r])
    .join('หรือ');
}

const roomFields = (room: Room) => [
  room.equipment.length > 0 ? { text: T.equipment(room.equipment) } : undefined,
  room.needsApproval ? { text: T.approvalLine(approverText(room)), color: 'warning' as CardColor } : undefined,
  room.checkIn ? { text: T.checkInNote(CHECK_IN_OPENS_MINUTES, CHECK_IN_CLOSES_MINUTES), color: 'warning' as CardColor } : undefined,
  room.note ? { text: room.note, color: 'faint' as CardColor } : undefined,
];

const subtitleOf = (room: Room) => [T.capacity(room.capacity), room.location].filter(Boolean).join(' · ');

/** How a room's day is drawn for moving a booking: its length, and what a free slot's button does. */
export interface DayCardOptions {
  length: number;
  slotData: (slot: Slot) => string;
  title: string;
}

/** One room's day: free slots as buttons (at most the card's room), taken ones listed, never as buttons. */
export function roomDayCard(room: Room, date: string, held: readonly Held[], now: Date, options?: DayCardOptions, closedDays: ReadonlySet<string> = NO_DAYS): Card {
  const slots = slotsOfDay(room, date, held, now, options?.length, closedDays);
  const free = slots.filter((s) => s.refusal === null);
  const taken = slots.filter((s) => s.refusal === 'taken').map((s) => L.slot(s.from, s.to));
  const shown = free.slice(0, CARD_BUTTONS_MAX);
  const buttons: CardButton[] = shown.map((s) => ({
    kind: 'postback',
    label: L.slot(s.from, s.to),
    data: options ? options.slotData(s) : encodePostback(pickSlotAction, { r: room.id, d: date, f: s.from, t: s.to }),
    style: 'primary',
    color: 'good',
  }));
  return {
    headline: room.name,
    status: slots.length === 0 ? T.closedToday : T.freeCount(free.length),
    color: free.length > 0 ? 'good' : 'danger',
    title: options?.title ?? T.dayAlt(date),
    subtitle: subtitleOf(room),
    fields: [
      ...roomFields(room),
      taken.length > 0 ? { text: T.takenLine(taken), color: 'danger', size: 'sm' } : undefined,
      free.length > shown.length ? { text: T.moreSlots(free.length - shown.length), color: 'faint' } : undefined,
    ],
    photo: room.photoUrl ? { url: room.photoUrl } : undefined,
    buttons,
  };
}

/**
 * Rooms' cards per carousel: a room's day card weighs up to about 4 KB (Thai is 3 bytes a letter, and a button's
 * postback data grows when sealed), and LINE takes at most 50 KB per carousel; 8 stay well within.
 */
export const ROOM_CARDS_PER_CAROUSEL = 8;
/** A reply holds 5 messages: the line before the cards and up to 4 carousels. */
export const ROOM_CAROUSELS_MAX = 4;

/** Cards as carousels of at most ROOM_CARDS_PER_CAROUSEL (at most ROOM_CAROUSELS_MAX of them). */
export function cardCarousels(cards: readonly Card[], altText: string): LineMessage[] {
  const out: LineMessage[] = [];
  for (let i = 0; i < cards.length && out.length < ROOM_CAROUSELS_MAX; i += ROOM_CARDS_PER_CAROUSEL) out.push(renderCards(cards.slice(i, i + ROOM_CARDS_PER_CAROUSEL), altText));
  return out;
}

/** The day of every room side by side, in as many carousels as it takes. */
export function dayCarousel(rooms: readonly Room[], date: string, held: ReadonlyMap<number, readonly Held[]>, now: Date, closedDays: ReadonlySet<string> = NO_DAYS): LineMessage[] {
  return cardCarousels(
    rooms.map((room) => roomDayCard(room, date, held.get(room.id) ?? [], now, undefined, closedDays)),
    T.dayAlt(date),
  );
}

/** A room free at the asked time, with จองห้องนี้. */
export function freeRoomCard(room: Room, when: string): Card {
  return {
    headline: room.name,
    status: T.capacity(room.capacity),
    color: 'good',
    title: when,
    subtitle: room.location ?? undefined,
    fields: roomFields(room),
    photo: room.photoUrl ? { url: room.photoUrl } : undefined,
    buttons: [{ kind: 'postback', label: L.bookThis, data: encodePostback(pickRoomAction, { r: room.id }), style: 'primary', color: 'good' }],
  };
}

export function freeRoomsCarousel(rooms: readonly Room[], when: string): LineMessage[] {
  return cardCarousels(
    rooms.map((room) => freeRoomCard(room, when)),
    when,
  );
}

/** What is about to be booked, with ยืนยันการจอง / ยกเลิก (`attendees`: the names of the people named as coming). */
export function summaryCard(room: Room, startsAt: Date, endsAt: Date, title: string, people: number, needs: readonly BookingNeed[] = [], attendees: readonly string[] = []): LineMessage {
  const card: Card = {
    headline: T.summaryHeadline,
    status: room.name,
    color: room.needsApproval ? 'warning' : 'info',
    title,
    subtitle: whenText(startsAt, endsAt),
    fields: [
      { text: T.peopleLine(people), size: 'sm', color: 'text' },
      needs.length > 0 ? { text: T.needsLine(needs.map(needLabel)), size: 'sm', color: 'text' } : undefined,
      attendees.length > 0 ? { text: T.attendeesLine(attendees), size: 'sm', color: 'text' } : undefined,
      room.location ? { text: room.location } : undefined,
      room.needsApproval ? { text: T.needsApproval(approverText(room)), color: 'warning' } : undefined,
    ],
    buttons: [
      { kind: 'postback', label: L.confirm, data: encodePostback(confirmAction, {}), style: 'primary', color: 'good' },
      ...BOOKING_NEEDS.map((k): CardButton => ({ kind: 'postback', label: L.need[k][needs.includes(k) ? 1 : 0], data: encodePostback(needAction, { k }), style: 'secondary' })),
      { kind: 'postback', label: L.attendees(attendees.length), data: encodePostback(attendeesAction, {}), style: 'secondary' },
      { kind: 'postback', label: L.repeat, data: encodePostback(repeatAction, {}), style: 'secondary' },
      { kind: 'postback', label: L.quit, data: encodePostback(quitAction, {}), style: 'secondary' },
    ],
  };
  return renderCards([card], T.summaryAlt(room.name));
}

const STATE_COLORS: Record<Booking['state'], CardColor> = {
  tentative: 'warning',
  confirmed: 'good',
  declined: 'danger',
  cancelled: 'danger',
  released: 'danger',
};

/** What the viewer may do with a booking now (the flow draws only what the request machine allows). */
export interface BookingCardButtons {
  cancel?: boolean;
  /** ย้ายเวลา (a date picker). */
  move?: boolean;
  /** เช็กอิน, within the window of a room that asks for it. */
  checkIn?: boolean;
  /** ยกเลิกทั้งชุด, for a meeting of a repeating booking. */
  cancelSeries?: boolean;
  /** ผู้เข้าร่วม: the booker names (or takes off) the people coming. */
  attendees?: boolean;
  decide?: boolean;
  /** The booking's signed .ics link (เพิ่มลงปฏิทิน), when the service has an address phones reach. */
  calendar?: string | undefined;
}

/** A booking's card; `attendees`: the names of the people the booker named as coming. */
export function bookingCard(booking: Booking, buttons: BookingCardButtons = {}, attendees: readonly string[] = []): Card {
  const ref = { b: booking.id, v: booking.version };
  return {
    headline: booking.roomName,
    status: BOOKING_STATE_LABELS[booking.state],
    color: STATE_COLORS[booking.state],
    title: booking.title,
    subtitle: whenText(booking.startsAt, booking.endsAt),
    fields: [
      { text: T.peopleLine(booking.people), size: 'sm', color: 'text' },
      { text: T.bookerLine(booking.bookerName) },
      booking.needs.length > 0 ? { text: T.needsLine(booking.needs.map(needLabel)) } : undefined,
      attendees.length > 0 ? { text: T.attendeesLine(attendees) } : undefined,
      booking.checkIn && booking.checkedInAt === null && booking.state === 'confirmed' ? { text: T.checkInNote(CHECK_IN_OPENS_MINUTES, CHECK_IN_CLOSES_MINUTES), color: 'warning' } : undefined,
      { text: T.madeAt(booking.createdAt), color: 'faint' },
    ],
    buttons: [
      buttons.decide ? { kind: 'postback', label: L.approve, data: encodePostback(decideBookingAction, { ...ref, a: 'approve' }), style: 'primary', color: 'good' } : undefined,
      buttons.decide ? { kind: 'postback', label: L.decline, data: encodePostback(decideBookingAction, { ...ref, a: 'decline' }), style: 'primary', color: 'danger' } : undefined,
      buttons.checkIn ? { kind: 'postback', label: L.checkIn, data: encodePostback(checkInAction, ref), style: 'primary', color: 'good' } : undefined,
      buttons.move ? { kind: 'datetime', label: L.move, data: encodePostback(moveAction, ref), mode: 'date', style: 'secondary' } : undefined,
      buttons.attendees ? { kind: 'postback', label: L.attendees(attendees.length), data: encodePostback(cardAttendeesAction, ref), style: 'secondary' } : undefined,
      buttons.calendar ? { kind: 'link', label: L.addToCalendar, uri: buttons.calendar, style: 'secondary' } : undefined,
      buttons.cancel ? { kind: 'postback', label: L.cancelBooking, data: encodePostback(cancelBookingAction, ref), style: 'secondary' } : undefined,
      buttons.cancelSeries && booking.seriesId ? { kind: 'postback', label: L.cancelSeries, data: encodePostback(cancelSeriesAction, ref), style: 'secondary' } : undefined,
    ],
  };
}

export function bookingCards(items: ReadonlyArray<{ booking: Booking; buttons: BookingCardButtons; attendees?: readonly string[] }>, altText: string): LineMessage {
  return renderCards(
    items.slice(0, CAROUSEL_MAX).map((i) => bookingCard(i.booking, i.buttons, i.attendees)),
    altText,
  );
}

const SWITCHES = ['active', 'needsApproval', 'checkIn'] as const;

/** A room as an admin sees it in จัดการห้อง: its settings, and buttons that set its switches or its capacity. */
/** `doorLink`: the room's door page (room-door.ts), for a tablet at its door; when links are set up. */
export function roomAdminCard(room: Room, doorLink?: string): Card {
  const ref = { r: room.id, v: room.version };
  const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
  return {
    headline: room.name,
    status: room.active ? T.roomOpen : T.roomClosed,
    color: room.active ? 'good' : 'danger',
    title: subtitleOf(room),
    subtitle: T.roomHours(room.openFrom, room.openUntil, formatDays(room.openDays), room.slotMinutes),
    fields: [
      { text: T.roomSwitches(room.needsApproval ? approverText(room) : null, room.checkIn), size: 'sm', color: 'text' },
      { text: T.roomRules(hours(room.minNoticeMinutes), hours(room.maxMinutes), room.maxDaysAhead) },
      room.equipment.length > 0 ? { text: T.equipment(room.equipment) } : undefined,
    ],
    buttons: [
      ...SWITCHES.map((k): CardButton => ({ kind: 'postback', label: L.roomSet[k][room[k] ? 0 : 1], data: encodePostback(roomSetAction, { ...ref, k, on: !room[k] }), style: 'secondary' })),
      { kind: 'postback', label: L.roomCapacity, data: encodePostback(roomCapacityAction, ref), style: 'secondary' },
      doorLink ? { kind: 'link', label: L.doorPage, uri: doorLink, style: 'secondary' } : undefined,
    ],
  };
}

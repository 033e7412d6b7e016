import { z } from 'zod';
import { BOOKING_NEEDS, DECLINE_REASONS } from '../../domain/bookings/rooms.ts';
import { refId as id, versionedRef } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const BOOKINGS_FLOW = 'bookings';

const dateKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const clock = z.string().regex(/^\d{2}:\d{2}$/);

/** Booking id and the version the button was drawn for. */
const bookingAt = versionedRef('b');

/** The date picker of จองห้อง: the chosen date comes in the postback's params. */
export const pickDateAction = definePostbackAction('bk:date', BOOKINGS_FLOW, z.object({}));
/** A free slot on a room's card of a day. */
export const pickSlotAction = definePostbackAction('bk:slot', BOOKINGS_FLOW, z.object({ r: id, d: dateKey, f: clock, t: clock }));
/** "ระบุเวลาเริ่ม–สิ้นสุด": a date, a start and an end time (pickers), then the number of people. */
export const byTimeAction = definePostbackAction('bk:byTime', BOOKINGS_FLOW, z.object({}));
export const timeDateAction = definePostbackAction('bk:tDate', BOOKINGS_FLOW, z.object({}));
export const timeFromAction = definePostbackAction('bk:tFrom', BOOKINGS_FLOW, z.object({}));
export const timeToAction = definePostbackAction('bk:tTo', BOOKINGS_FLOW, z.object({}));
/** A room free at the asked time, chosen. */
export const pickRoomAction = definePostbackAction('bk:pick', BOOKINGS_FLOW, z.object({ r: id }));
/** The summary's ยืนยันการจอง. */
export const confirmAction = definePostbackAction('bk:confirm', BOOKINGS_FLOW, z.object({}));
export const quitAction = definePostbackAction('bk:quit', BOOKINGS_FLOW, z.object({}));
/** การจองของฉัน. */
export const mineAction = definePostbackAction('bk:mine', BOOKINGS_FLOW, z.object({}));
/** Cancel one booking (its card's ยกเลิกการจอง). */
export const cancelBookingAction = definePostbackAction('bk:cancel', BOOKINGS_FLOW, bookingAt);
/** ยืนยันยกเลิก after ยกเลิกการจอง (`s`: ยกเลิกทั้งชุด), and ไม่ยกเลิก (or ยกเลิก under ไม่อนุมัติ's question: `w`). */
export const cancelYesAction = definePostbackAction('bk:cancelYes', BOOKINGS_FLOW, bookingAt.extend({ s: z.boolean() }));
export const keepBookingAction = definePostbackAction('bk:keep', BOOKINGS_FLOW, z.object({ w: z.enum(['cancel', 'decline']) }));
/** A common reason for ไม่อนุมัติ tapped (a typed one is text in the step). */
export const declineReasonAction = definePostbackAction('bk:declineWhy', BOOKINGS_FLOW, bookingAt.extend({ r: z.enum(DECLINE_REASONS) }));
/** The approver's decision on a booking held for approval. */
export const decideBookingAction = definePostbackAction('bk:decide', BOOKINGS_FLOW, bookingAt.extend({ a: z.enum(['approve', 'decline']) }));

/** Repeating: จองซ้ำ on the summary, how often, until when (a date picker), confirm. */
export const repeatAction = definePostbackAction('bk:repeat', BOOKINGS_FLOW, z.object({}));
export const everyAction = definePostbackAction('bk:every', BOOKINGS_FLOW, z.object({ w: z.number().int().min(1).max(8) }));
export const untilAction = definePostbackAction('bk:until', BOOKINGS_FLOW, z.object({}));
export const confirmSeriesAction = definePostbackAction('bk:confirmSeries', BOOKINGS_FLOW, z.object({}));
/** Cancel every meeting still to come of a repeating booking (its card's ยกเลิกทั้งชุด). */
export const cancelSeriesAction = definePostbackAction('bk:cancelSeries', BOOKINGS_FLOW, bookingAt);

/** เช็กอิน: the booker says the meeting is on (rooms that ask for it, around the start). */
export const checkInAction = definePostbackAction('bk:checkIn', BOOKINGS_FLOW, bookingAt);

/** ย้ายเวลา: a new date for the booking (a date picker on its card), then a free time that day for its length. */
export const moveAction = definePostbackAction('bk:move', BOOKINGS_FLOW, bookingAt);
export const moveToAction = definePostbackAction('bk:moveTo', BOOKINGS_FLOW, bookingAt.extend({ d: dateKey, f: clock, t: clock }));

/** Admins, จัดการห้อง: a room's switches (open for booking, approval, check-in) set to a value, and its capacity. */
const roomAt = versionedRef('r');
export const roomSetAction = definePostbackAction('bk:roomSet', BOOKINGS_FLOW, roomAt.extend({ k: z.enum(['active', 'needsApproval', 'checkIn']), on: z.boolean() }));
export const roomCapacityAction = definePostbackAction('bk:roomCap', BOOKINGS_FLOW, roomAt);

/** The summary's "ต้องการ…" switches: a need (VC, projector) added or taken off. */
export const needAction = definePostbackAction('bk:need', BOOKINGS_FLOW, z.object({ k: z.enum(['vc', 'projector']) }));
/** The equipment asked for is not free that day: book the summary's draft at once without it (`k`: the needs dropped). */
export const withoutNeedsAction = definePostbackAction('bk:without', BOOKINGS_FLOW, z.object({ k: z.array(z.enum(BOOKING_NEEDS)).min(1) }));

/**
 * ผู้เข้าร่วม: the office's people named as coming, picked with the kit's picker (ticked, paged, typing narrows),
 * from the summary (before booking) or from the booker's card (`cardAttendeesAction`, an existing booking).
 */
export const attendeesAction = definePostbackAction('bk:people', BOOKINGS_FLOW, z.object({}));
export const cardAttendeesAction = definePostbackAction('bk:cardPeople', BOOKINGS_FLOW, bookingAt);
export const attendeePickAction = definePostbackAction('bk:person', BOOKINGS_FLOW, z.object({ p: id }));
export const attendeesPageAction = definePostbackAction('bk:peoplePage', BOOKINGS_FLOW, z.object({ o: z.number().int().min(0) }));
export const attendeesDoneAction = definePostbackAction('bk:peopleDone', BOOKINGS_FLOW, z.object({}));

export const bookingsActions = [
  attendeesAction,
  cardAttendeesAction,
  attendeePickAction,
  attendeesPageAction,
  attendeesDoneAction,
  needAction,
  cancelYesAction,
  keepBookingAction,
  declineReasonAction,
  withoutNeedsAction,
  roomSetAction,
  roomCapacityAction,
  moveAction,
  moveToAction,
  checkInAction,
  repeatAction,
  everyAction,
  untilAction,
  confirmSeriesAction,
  cancelSeriesAction,
  pickDateAction,
  pickSlotAction,
  byTimeAction,
  timeDateAction,
  timeFromAction,
  timeToAction,
  pickRoomAction,
  confirmAction,
  quitAction,
  mineAction,
  cancelBookingAction,
  decideBookingAction,
] as const;

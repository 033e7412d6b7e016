import { formatThaiDateKey, formatThaiDateTime, formatThaiTimeSpan } from '../../domain/thai-date.ts';
import { tickedLabel } from '../../kit/picker.ts';
import { type BookingRefusal, type DeclineReason, type SeriesSkipReason } from '../../domain/bookings/rooms.ts';

/** What the rooms import and export say to the operator (Thai; a row's problem comes with its line number). */
export const roomCsvMessages = {
  noHeader: 'ไม่พบแถวหัวตาราง (ต้องมีคอลัมน์ชื่อห้อง)',
  missingName: 'ไม่มีชื่อห้อง',
  duplicateName: (name: string, line: number) => `ห้อง "${name}" ซ้ำกับบรรทัด ${line}`,
  badNumber: (column: string, value: string, min: number) => `ช่อง${column} "${value}" ต้องเป็นตัวเลขตั้งแต่ ${min} ขึ้นไป`,
  badClock: (column: string, value: string) => `ช่อง${column} "${value}" ต้องเป็นเวลา เช่น 08:30`,
  badHours: (from: string, until: string) => `เวลาเริ่ม ${from} ต้องก่อนเวลาสิ้นสุด ${until}`,
  badDays: (value: string) => `ไม่รู้จักวัน "${value}" (เช่น จ-ศ, จ,พ,ศ หรือ ทุกวัน)`,
  badYesNo: (column: string, value: string) => `ช่อง${column} "${value}" ต้องเป็น ใช่/ไม่ใช่`,
  badApprover: (value: string, roles: readonly string[]) => `ผู้อนุมัติ "${value}" ต้องเป็นบทบาทที่อนุมัติการจองได้ (${roles.join(', ')})`,
  badPhoto: (value: string) => `ลิงก์รูป "${value}" ต้องขึ้นต้นด้วย https://`,
  badStandingLink: (value: string) => `ลิงก์ประชุมประจำห้อง "${value}" ต้องขึ้นต้นด้วย https://`,
  tooManyFields: 'จำนวนคอลัมน์มากกว่าหัวตาราง',
  rowFailed: 'บันทึกแถวนี้ไม่สำเร็จ',
  yes: 'ใช่',
  no: 'ไม่ใช่',
} as const;


/** "8 ธันวาคม 2569 เวลา 09:00–10:00 น." for a booking's time. */
export const whenText = formatThaiTimeSpan;

/** The buttons' words (at most 20 characters each). */
export const bookingLabels = {
  pickDate: 'เลือกวันที่',
  byTime: 'ระบุช่วงเวลา',
  mine: 'การจองของฉัน',
  roomsPage: 'ดูตารางห้อง',
  need: { vc: ['+ ชุด VC', '− ไม่ใช้ชุด VC'], projector: ['+ โปรเจกเตอร์', '− ไม่ใช้โปรเจกเตอร์'] } as Record<'vc' | 'projector', [string, string]>,
  /** Book at once without the equipment that is not free: all of it, or the one need missing. */
  withoutNeeds: { all: 'จองโดยไม่ใช้อุปกรณ์', vc: 'จองโดยไม่ใช้ชุด VC', projector: 'จองไม่ใช้โปรเจกเตอร์' },
  otherDay: 'เลือกวันอื่น',
  from: 'เลือกเวลาเริ่ม',
  to: 'เลือกเวลาสิ้นสุด',
  confirm: 'ยืนยันการจอง',
  quit: 'ยกเลิก',
  bookThis: 'จองห้องนี้',
  cancelBooking: 'ยกเลิกการจอง',
  addToCalendar: 'เพิ่มลงปฏิทิน',
  repeat: 'จองซ้ำ',
  every: (weeks: number) => (weeks === 1 ? 'ทุกสัปดาห์' : `ทุก ${weeks} สัปดาห์`),
  until: 'จองถึงวันที่',
  confirmSeries: 'ยืนยันจองซ้ำ',
  cancelSeries: 'ยกเลิกทั้งชุด',
  checkIn: 'เช็กอิน',
  move: 'ย้ายเวลา',
  roomSet: { active: ['ปิดรับจอง', 'เปิดรับจอง'], needsApproval: ['ไม่ต้องอนุมัติ', 'ต้องอนุมัติ'], checkIn: ['ไม่ต้องเช็กอิน', 'ต้องเช็กอิน'] } as Record<'active' | 'needsApproval' | 'checkIn', [string, string]>,
  roomCapacity: 'แก้ความจุ',
  doorPage: 'หน้าจอหน้าห้อง',
  approve: 'อนุมัติ',
  decline: 'ไม่อนุมัติ',
  attendees: (n: number) => (n > 0 ? `ผู้เข้าร่วม (${n})` : '+ ผู้เข้าร่วม'),
  attendeesDone: 'เลือกเสร็จแล้ว',
  ticked: (name: string) => tickedLabel(name, true),
  cancelYes: 'ยืนยันยกเลิก',
  cancelNo: 'ไม่ยกเลิก',
  /** The common reasons for ไม่อนุมัติ, as tapped and as the booker reads them. */
  declineReasons: { office_use: 'สำนักงานใช้ห้องนี้', other_time: 'ขอให้เปลี่ยนเวลา', other_room: 'ขอให้ใช้ห้องอื่น', details: 'ขอรายละเอียดเพิ่ม' } as Record<DeclineReason, string>,
  slot: (from: string, to: string) => `${from}–${to}`,
} as const;

/** What a room's QR code sends (with the room's name after it), or the booker types: check in. */
export const CHECK_IN_TEXT = 'เช็กอิน';

/** Typed words that open the admins' room list. */
export const ROOM_ADMIN_TEXTS = ['จัดการห้อง', 'จัดการห้องประชุม'] as const;

/** Typed words that open การจองของฉัน (besides its button). */
export const MY_BOOKINGS_TEXTS = ['การจองของฉัน', 'ห้องที่จอง'] as const;

const REFUSALS: Record<BookingRefusal, string> = {
  inactive: 'ห้องนี้ปิดรับจองอยู่ค่ะ',
  closed_day: 'ห้องนี้ไม่เปิดให้จองในวันนั้นค่ะ',
  outside_hours: 'ช่วงเวลานี้อยู่นอกเวลาที่ห้องเปิดให้จองค่ะ',
  bad_range: 'เวลาสิ้นสุดต้องหลังเวลาเริ่มค่ะ',
  past: 'ช่วงเวลานี้ผ่านไปแล้วค่ะ',
  too_soon: 'ห้องนี้ต้องจองล่วงหน้ามากกว่านี้ค่ะ',
  too_far: 'วันนั้นไกลเกินกว่าที่ห้องเปิดให้จองล่วงหน้าค่ะ',
  too_long: 'จองนานเกินกว่าที่ห้องนี้ให้จองต่อครั้งค่ะ',
  too_small: 'ห้องนี้จุคนไม่พอค่ะ',
  taken: 'ช่วงเวลานี้มีผู้จองแล้วค่ะ',
};

const SKIP_REASONS: Record<SeriesSkipReason, string> = {
  inactive: 'ห้องปิดรับจอง',
  closed_day: 'ห้องไม่เปิดวันนั้น',
  outside_hours: 'นอกเวลาเปิด',
  bad_range: 'เวลาไม่ถูกต้อง',
  past: 'ผ่านไปแล้ว',
  too_soon: 'กระชั้นเกินไป',
  too_far: 'ไกลเกินที่เปิดให้จอง',
  too_long: 'นานเกินกำหนด',
  too_small: 'ห้องจุไม่พอ',
  taken: 'มีผู้จองแล้ว',
  equipment_busy: 'อุปกรณ์ที่ขอไม่ว่าง',
};

/** Why a booking no longer holds its room, as the people named as coming are told. */
export type AttendeeEnd = 'cancelled' | 'declined' | 'released' | 'no_show';
const ATTENDEE_ENDS: Record<AttendeeEnd, string> = {
  cancelled: 'การประชุมที่คุณมีชื่อเข้าร่วมถูกยกเลิกแล้วค่ะ',
  declined: 'การจองห้องของการประชุมที่คุณมีชื่อเข้าร่วมไม่ได้รับอนุมัติค่ะ',
  released: 'การจองห้องของการประชุมที่คุณมีชื่อเข้าร่วมไม่ได้รับอนุมัติทันเวลาเริ่ม จึงปล่อยห้องแล้วค่ะ',
  no_show: 'ไม่มีการเช็กอินห้องของการประชุมที่คุณมีชื่อเข้าร่วม จึงปล่อยห้องให้ผู้อื่นแล้วค่ะ',
};

/** Everything the booking flow says (Thai, polite, short). */
export const bookingTexts = {
  notRegistered: 'กรุณาลงทะเบียนก่อนใช้บริการจองห้องนะคะ',
  start: 'จองห้องประชุมค่ะ เลือกวันที่เพื่อดูห้องว่างของวันนั้น หรือกด "ระบุช่วงเวลา" เพื่อหาห้องที่ว่างตามเวลาเริ่ม–เลิกและจำนวนคนค่ะ',
  noRooms: 'ตอนนี้ยังไม่มีห้องที่เปิดให้จองค่ะ กรุณาติดต่อเจ้าหน้าที่กลุ่มงาน ICT นะคะ',
  badDate: 'วันที่นี้จองไม่ได้ค่ะ กรุณาเลือกวันที่ใหม่นะคะ',
  dayIntro: (date: string, rooms: number) => `ห้องว่างวันที่ ${formatThaiDateKey(date)} (${rooms} ห้อง) แตะช่วงเวลาที่ว่างเพื่อจองได้เลยค่ะ`,
  dayAlt: (date: string) => `ห้องว่างวันที่ ${formatThaiDateKey(date)}`,
  refused: (reason: BookingRefusal) => REFUSALS[reason],
  /** `doing`: a booking being made (its answer has buttons to go on without it) or one being moved to that day. */
  equipmentNone: (missing: string[], free: string[], doing: 'book' | 'move' = 'book') =>
    `ขออภัยค่ะ ${missing.join(' และ ')} ไม่มีว่างในวันนั้น ${doing === 'book' ? 'จึงยังไม่ได้จองห้องให้ค่ะ' : 'จึงยังไม่ได้ย้ายการจองค่ะ การจองยังอยู่เวลาเดิม'}\n` +
    (free.length > 0 ? `อุปกรณ์ที่ยังว่างวันนั้น: ${free.join(', ')}\n` : 'วันนั้นไม่มีชุด VC หรือโปรเจกเตอร์ว่างเลยค่ะ\n') +
    (doing === 'book' ? 'กดปุ่มด้านล่างเพื่อจองห้องนี้โดยไม่ใช้อุปกรณ์นั้น หรือเลือกวันอื่นได้เลยค่ะ' : 'กด "ย้ายเวลา" อีกครั้งเพื่อเลือกวันอื่นได้นะคะ'),
  equipmentPurpose: (title: string) => `ใช้ในการประชุม: ${title}`,
  stillFree: 'ช่วงเวลานี้มีผู้จองไปก่อนแล้วค่ะ ห้องที่ยังว่างในวันนั้นมีดังนี้',
  askTitle: (room: string, when: string) => `จอง${room}\n${when}\nกรุณาพิมพ์ชื่อการประชุมหรือหัวข้อค่ะ`,
  titlePlease: 'กรุณาพิมพ์ชื่อการประชุมเป็นข้อความค่ะ',
  titleTooLong: (max: number) => `ชื่อการประชุมยาวเกิน ${max} ตัวอักษรค่ะ กรุณาพิมพ์ให้สั้นลงนะคะ`,
  askPeople: 'ผู้เข้าประชุมกี่คนคะ (พิมพ์ตัวเลข)',
  peoplePlease: 'กรุณาพิมพ์จำนวนผู้เข้าประชุมเป็นตัวเลขค่ะ เช่น 12',
  tooMany: (room: string, capacity: number) => `${room} จุได้ ${capacity} คนค่ะ กรุณาพิมพ์จำนวนใหม่ หรือพิมพ์ "ยกเลิก" แล้วเลือกห้องอื่นนะคะ`,
  askTimeDate: 'เลือกวันที่ที่ต้องการประชุมค่ะ',
  askFrom: (date: string) => `วันที่ ${formatThaiDateKey(date)} เริ่มประชุมกี่โมงคะ (เลือกเวลา หรือพิมพ์ เช่น 09:30)`,
  askTo: (from: string) => `เริ่ม ${from} น. เลิกประชุมกี่โมงคะ (เลือกเวลา หรือพิมพ์ เช่น 15:00)`,
  badTime: 'เวลาสิ้นสุดต้องหลังเวลาเริ่มค่ะ กรุณาเลือกใหม่นะคะ',
  freeRooms: (when: string, people: number, count: number) => `ห้องที่ว่างวันที่ ${when} จุได้ ${people} คนขึ้นไป มี ${count} ห้องค่ะ`,
  noFreeRooms: (when: string, people: number) => `ขออภัยค่ะ ไม่มีห้องที่ว่างวันที่ ${when} ที่จุได้ ${people} คน ลองเลือกเวลาอื่นนะคะ`,
  summaryAlt: (room: string) => `ตรวจสอบการจอง${room}`,
  summaryHeadline: 'ตรวจสอบก่อนยืนยัน',
  needsApproval: (approver: string) => `ห้องนี้ต้องได้รับอนุมัติจาก${approver} ระหว่างรออนุมัติห้องจะถูกกันไว้ให้ค่ะ`,
  booked: (room: string, when: string) => `จอง${room} เรียบร้อยแล้วค่ะ\n${when}`,
  held: (room: string, when: string, approver: string) => `ส่งคำขอจอง${room} แล้วค่ะ\n${when}\nห้องถูกกันไว้ให้ระหว่างรอ${approver}อนุมัติ ถ้ายังไม่ได้รับอนุมัติก่อนเวลาเริ่ม ห้องจะถูกปล่อยและจะแจ้งให้ทราบค่ะ`,
  quit: 'เลิกการจองครั้งนี้แล้วค่ะ ยังไม่ได้จองห้องค่ะ',
  useButtons: 'กรุณาเลือกจากปุ่มด้านบน หรือพิมพ์ "ยกเลิก" เพื่อเลิกจองค่ะ',
  useButtonsBelow: 'กรุณาเลือกจากปุ่มด้านล่าง หรือพิมพ์ "ยกเลิก" เพื่อเลิกจองค่ะ',
  mineNone: 'ยังไม่มีการจองห้องที่กำลังจะถึงค่ะ',
  mineIntro: (n: number) => `การจองห้องของคุณที่กำลังจะถึง ${n} รายการค่ะ`,
  cancelled: (room: string, when: string) => `ยกเลิกการจอง${room} แล้วค่ะ\n${when}`,
  cannotCancel: 'การจองนี้ยกเลิกไม่ได้แล้วค่ะ',
  notYours: 'การจองนี้ไม่ใช่ของคุณค่ะ',
  // Approval
  toApprover: (booker: string, room: string, when: string) => `มีคำขอจอง${room} รออนุมัติค่ะ\nผู้จอง: ${booker}\n${when}`,
  approved: (room: string, when: string) => `อนุมัติการจอง${room} แล้วค่ะ\n${when}`,
  declined: (room: string, when: string) => `ไม่อนุมัติการจอง${room} แล้วค่ะ\n${when}`,
  toBookerApproved: (room: string, when: string, by: string) => `การจอง${room} ได้รับอนุมัติแล้วค่ะ (${by})\n${when}`,
  toBookerDeclined: (room: string, when: string, by: string, reason: string | null) =>
    `การจอง${room} ไม่ได้รับอนุมัติค่ะ (${by})\n${when}\n${reason ? `เหตุผล: ${reason}\n` : ''}ห้องว่างสำหรับผู้อื่นแล้ว หากยังต้องการห้อง กรุณาจองใหม่นะคะ`,
  askDeclineReason: 'ไม่อนุมัติเพราะอะไรคะ เลือกเหตุผลด้านล่าง หรือพิมพ์เหตุผลเอง (ผู้จองจะได้รับแจ้งเหตุผลนี้)',
  reasonTooLong: (max: number) => `เหตุผลยาวเกิน ${max} ตัวอักษรค่ะ กรุณาพิมพ์ให้สั้นลงนะคะ`,
  declineDropped: 'ยังไม่ได้ตัดสินการจองนี้ค่ะ การจองยังรออนุมัติอยู่',
  askCancel: (room: string, title: string, when: string) => `ยืนยันยกเลิกการจอง${room} ใช่ไหมคะ\n${title}\n${when}`,
  askCancelSeries: (room: string, title: string) => `ยืนยันยกเลิกการจอง${room} ทุกครั้งที่ยังไม่ถึงของ "${title}" ใช่ไหมคะ`,
  cancelKept: 'ไม่ได้ยกเลิกค่ะ การจองยังอยู่ตามเดิม',
  toBookerReleased: (room: string, when: string) => `การจอง${room} ยังไม่ได้รับอนุมัติจนถึงเวลาเริ่ม จึงปล่อยห้องแล้วค่ะ\n${when}`,
  alreadyDecided: (state: string) => `การจองนี้ตอนนี้: ${state} ค่ะ`,
  ownBooking: 'การจองของท่านเองต้องให้ผู้อนุมัติท่านอื่นพิจารณาค่ะ',
  reminder: (mark: 'day_before' | 'soon', room: string, title: string, when: string) =>
    `${mark === 'soon' ? 'อีกไม่นานจะถึงเวลาประชุมค่ะ' : 'เตือนการประชุมที่จองห้องไว้ค่ะ'}\n${title}\n${room} ${when}`,
  /** To a person the booker named: whose meeting it is. */
  reminderToAttendee: (mark: 'day_before' | 'soon', room: string, title: string, when: string, booker: string) =>
    `${mark === 'soon' ? 'อีกไม่นานจะถึงเวลาประชุมที่คุณมีชื่อเข้าร่วมค่ะ' : 'เตือนการประชุมที่คุณมีชื่อเข้าร่วมค่ะ'}\n${title}\n${room} ${when}\nผู้จอง: ${booker}`,
  vcLinkLine: (link: string) => `ลิงก์ประชุมทางไกล: ${link}`,
  /** To a person the booker named, once the booking holds its room: they are expected there. */
  toAttendeeNamed: (room: string, title: string, when: string, booker: string) => `คุณมีชื่อเป็นผู้เข้าร่วมประชุมค่ะ\n${title}\n${room} ${when}\nผู้จอง: ${booker}`,
  toAttendeeNamedSeries: (room: string, title: string, time: string, dates: readonly string[], booker: string) =>
    [`คุณมีชื่อเป็นผู้เข้าร่วมประชุม (จองซ้ำ ${dates.length} ครั้ง) ค่ะ`, title, `${room} เวลา ${time} น.`, ...dates.map((d) => `• ${formatThaiDateKey(d)}`), `ผู้จอง: ${booker}`].join('\n'),
  askAttendees: (n: number, paged: boolean) =>
    `เลือกผู้เข้าร่วมจากบุคลากรของสำนักงาน (แตะชื่อเพื่อเลือกหรือเอาออก${paged ? ' หรือพิมพ์ชื่อเพื่อค้นหา' : ''}) เลือกแล้ว ${n} คน แล้วกด "เลือกเสร็จแล้ว" ค่ะ\nผู้เข้าร่วมจะได้รับแจ้งเมื่อการจองยืนยันแล้ว และได้รับการเตือนก่อนประชุมพร้อมผู้จองค่ะ`,
  noSuchPerson: (typed: string) => `ไม่พบบุคลากรชื่อ "${typed}" ค่ะ ลองพิมพ์ใหม่ หรือเลือกจากรายชื่อนะคะ`,
  noOfficePeople: 'ยังไม่มีบุคลากรของสำนักงานที่ลงทะเบียนไว้ให้เลือกค่ะ',
  attendeesLine: (names: readonly string[]) => `ผู้เข้าร่วม: ${names.join(', ')}`,
  attendeesSaved: (room: string, names: readonly string[]) => (names.length > 0 ? `บันทึกผู้เข้าร่วมการจอง${room} แล้วค่ะ: ${names.join(', ')}` : `การจอง${room} ไม่มีผู้เข้าร่วมที่ระบุชื่อแล้วค่ะ`),
  cannotChange: 'การจองนี้แก้ไขไม่ได้แล้วค่ะ',
  /** To the people named: the meeting has no room any more (cancelled, not approved, released undecided or unchecked-in). */
  toAttendeeEnded: (what: AttendeeEnd, room: string, title: string, when: string, booker: string) => `${ATTENDEE_ENDS[what]}\n${title}\n${room} ${when}\nผู้จอง: ${booker}`,
  toAttendeeSeriesCancelled: (room: string, title: string, n: number, booker: string) => `การประชุม "${title}" ที่${room} ซึ่งคุณมีชื่อเข้าร่วม ถูกยกเลิก ${n} ครั้งที่ยังไม่ถึงแล้วค่ะ\nผู้จอง: ${booker}`,
  toAttendeeMoved: (room: string, title: string, from: string, to: string, booker: string) => `การประชุมที่คุณมีชื่อเข้าร่วมย้ายเวลาแล้วค่ะ\n${title}\n${room}\nเดิม: ${from}\nใหม่: ${to}\nผู้จอง: ${booker}`,
  askEvery: 'จองซ้ำวันเดียวกันของสัปดาห์ บ่อยแค่ไหนคะ',
  askUntil: (weeks: number) => `จองซ้ำ${weeks === 1 ? 'ทุกสัปดาห์' : `ทุก ${weeks} สัปดาห์`} ถึงวันที่เท่าไรคะ`,
  badUntil: 'วันที่นี้ใช้ไม่ได้ค่ะ กรุณาเลือกวันที่หลังการประชุมครั้งแรก และไม่เกินที่ห้องเปิดให้จองล่วงหน้าค่ะ',
  seriesPlan: (room: string, time: string, booked: readonly string[], skipped: readonly string[]) =>
    [`จอง${room} เวลา ${time} น. ${booked.length} ครั้ง:`, ...booked.map((d) => `• ${formatThaiDateKey(d)}`), ...(skipped.length > 0 ? [`ข้าม ${skipped.length} ครั้ง:`, ...skipped] : []), 'กด "ยืนยันจองซ้ำ" เพื่อจองค่ะ'].join('\n'),
  seriesBooked: (room: string, time: string, booked: readonly string[], skipped: readonly string[]) =>
    [`จอง${room} เวลา ${time} น. แล้ว ${booked.length} ครั้งค่ะ:`, ...booked.map((d) => `• ${formatThaiDateKey(d)}`), ...(skipped.length > 0 ? [`ข้าม ${skipped.length} ครั้ง:`, ...skipped] : [])].join('\n'),
  skippedLine: (date: string, reason: SeriesSkipReason) => `• ${formatThaiDateKey(date)} (${SKIP_REASONS[reason]})`,
  seriesNone: 'ไม่มีวันที่จองได้ในช่วงนี้เลยค่ะ ลองเลือกเวลาหรือห้องอื่นนะคะ',
  seriesCancelled: (room: string, n: number) => `ยกเลิกการจอง${room} ทั้งชุดที่ยังไม่ถึงแล้ว ${n} ครั้งค่ะ`,
  noCheckInNow: (room: string | null) => `ตอนนี้ไม่มีการจอง${room ? `${room} ` : 'ห้อง'}ของคุณที่เช็กอินได้ค่ะ (เช็กอินได้ตั้งแต่ 30 นาทีก่อนถึง 15 นาทีหลังเวลาเริ่ม)`,
  checkedIn: (room: string, when: string) => `เช็กอิน${room} แล้วค่ะ\n${when}`,
  checkInClosed: (opens: number, closes: number) => `เช็กอินได้ตั้งแต่ ${opens} นาทีก่อนเริ่มถึง ${closes} นาทีหลังเริ่มประชุมค่ะ`,
  checkInNote: (opens: number, closes: number) => `ห้องนี้ต้องเช็กอิน ${opens} นาทีก่อนถึง ${closes} นาทีหลังเวลาเริ่ม มิฉะนั้นห้องจะถูกปล่อยให้ผู้อื่นค่ะ`,
  toBookerNoShow: (room: string, when: string) => `ไม่มีการเช็กอิน${room} ภายในเวลาที่กำหนด จึงปล่อยห้องให้ผู้อื่นแล้วค่ะ\n${when}`,
  moveIntro: (room: string, date: string) => `เลือกเวลาใหม่ของการจอง${room} วันที่ ${formatThaiDateKey(date)} ค่ะ (ความยาวเท่าเดิม)`,
  moveTitle: (date: string) => `ย้ายไปวันที่ ${formatThaiDateKey(date)}`,
  moved: (room: string, when: string) => `ย้ายการจอง${room} แล้วค่ะ\nเวลาใหม่: ${when}`,
  movedAsk: (room: string, when: string, approver: string) => `ย้ายการจอง${room} แล้วค่ะ\nเวลาใหม่: ${when}\nห้องนี้ต้องได้รับอนุมัติใหม่จาก${approver} ระหว่างรอห้องถูกกันไว้ให้ค่ะ`,
  cannotMove: 'การจองนี้ย้ายเวลาไม่ได้แล้วค่ะ',
  roomAdminIntro: (n: number) => `ห้องของสำนักงาน ${n} ห้องค่ะ กดปุ่มบนการ์ดเพื่อเปิด/ปิดรับจอง การอนุมัติ การเช็กอิน หรือแก้ความจุ (รายละเอียดอื่นแก้ด้วย npm run rooms -- import)`,
  roomAdminNone: 'ยังไม่มีห้องค่ะ เพิ่มห้องด้วย npm run rooms -- import <ไฟล์.csv> นะคะ',
  roomOpen: 'เปิดให้จอง',
  roomClosed: 'ปิดรับจอง',
  roomHours: (from: string, until: string, days: string, slot: number) => `จองได้ ${days} ${from}–${until} น. ช่วงละ ${slot} นาที`,
  roomRules: (noticeHours: number, maxHours: number, ahead: number) => `จองล่วงหน้าอย่างน้อย ${noticeHours} ชม. นานสุด ${maxHours} ชม. ล่วงหน้าได้ ${ahead} วัน`,
  roomSwitches: (approval: string | null, checkIn: boolean) => `${approval ? `ต้องอนุมัติโดย${approval}` : 'ไม่ต้องอนุมัติ'} · ${checkIn ? 'ต้องเช็กอิน' : 'ไม่ต้องเช็กอิน'}`,
  roomChanged: (room: string) => `บันทึกการเปลี่ยนแปลงของ${room} แล้วค่ะ`,
  askCapacity: (room: string, now: number) => `${room} ตอนนี้จุได้ ${now} คน กรุณาพิมพ์ความจุใหม่ (ตัวเลข) ค่ะ`,
  needsLine: (needs: readonly string[]) => `ต้องการ: ${needs.join(', ')}`,
  toTechnicians: (needs: string, room: string, when: string, booker: string, count: number) =>
    `มีการประชุมที่ต้องการ${needs}ค่ะ\n${room} ${when}${count > 1 ? ` (จองซ้ำ ${count} ครั้ง)` : ''}\nผู้จอง: ${booker}\nกรุณาเตรียมอุปกรณ์หรือบันทึกการยืมให้ด้วยนะคะ`,
  pendingLine: (n: number) => `การจองห้องรออนุมัติ ${n} รายการ`,
  // The cards
  capacity: (n: number) => `จุได้ ${n} คน`,
  equipment: (list: readonly string[]) => `อุปกรณ์: ${list.join(', ')}`,
  approvalLine: (approver: string) => `ต้องได้รับอนุมัติจาก${approver}`,
  takenLine: (slots: readonly string[]) => `ไม่ว่าง: ${slots.join(', ')}`,
  freeCount: (n: number) => (n > 0 ? `ว่าง ${n} ช่วง` : 'ไม่มีช่วงว่าง'),
  closedToday: 'ไม่เปิดให้จองวันนี้',
  moreSlots: (n: number) => `และช่วงว่างอีก ${n} ช่วง (ใช้ "ระบุช่วงเวลา")`,
  peopleLine: (n: number) => `ผู้เข้าประชุม ${n} คน`,
  bookerLine: (name: string) => `ผู้จอง: ${name}`,
  madeAt: (at: Date) => `จองเมื่อ ${formatThaiDateTime(at)}`,
  anyApprover: 'ผู้อำนวยการกลุ่ม',
} as const;

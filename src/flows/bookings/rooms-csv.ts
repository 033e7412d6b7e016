import type { Executor } from '../../db/database.ts';
import { listBookingsBetween, listRooms, upsertRoom, type Room, type RoomInput } from '../../db/repos/room-bookings.ts';
import { errorMessage } from '../../domain/errors.ts';
import { csvDocument, looseKey, parseYesNo, readCsvTable, type ColumnNames, type ImportResult } from '../../domain/csv.ts';
import { APPROVER_ROLES, BOOKING_STATE_LABELS, clockMinute, DEFAULT_ROOM, formatDays, parseDays } from '../../domain/bookings/rooms.ts';
import { bangkokClock, bangkokDateKey, minutesToClock } from '../../domain/office-time.ts';
import { ROLE_LABELS, type Role } from '../../domain/roles.ts';
import { parseMeetingLink } from '../../domain/vc/session.ts';
import { roomCsvMessages as m } from './messages.ts';

/**
 * The office's rooms as one spreadsheet, a row per room (issue 12, "Rooms (admin)"). Headers in Thai or English
 * (the export writes the Thai ones); re-importing updates a room by its name; a column left out of the file keeps
 * what is stored (a new room takes the defaults). A bad row is reported with its line number, the rest imported.
 */

export type RoomColumn =
  | 'name'
  | 'capacity'
  | 'equipment'
  | 'location'
  | 'photo'
  | 'openFrom'
  | 'openUntil'
  | 'days'
  | 'slot'
  | 'approval'
  | 'approver'
  | 'notice'
  | 'maxHours'
  | 'ahead'
  | 'active'
  | 'checkIn'
  | 'standingLink'
  | 'note';

const COLUMNS: readonly ColumnNames<RoomColumn>[] = [
  { column: 'name', names: ['ชื่อห้อง', 'ห้อง', 'name', 'room'] },
  { column: 'capacity', names: ['ความจุ (คน)', 'ความจุ', 'จำนวนที่นั่ง', 'capacity', 'seats'] },
  { column: 'equipment', names: ['อุปกรณ์', 'equipment'] },
  { column: 'location', names: ['สถานที่', 'ที่ตั้ง', 'where', 'location'] },
  { column: 'photo', names: ['ลิงก์รูป', 'รูป', 'photo url', 'photo'] },
  { column: 'openFrom', names: ['เวลาเริ่ม', 'เปิดจอง', 'open from', 'from'] },
  { column: 'openUntil', names: ['เวลาสิ้นสุด', 'ปิดจอง', 'open until', 'until'] },
  { column: 'days', names: ['วันที่จองได้', 'วัน', 'days', 'bookable days'] },
  { column: 'slot', names: ['ช่วงละ (นาที)', 'ช่วงละ', 'slot minutes', 'slot'] },
  { column: 'approval', names: ['ต้องอนุมัติ', 'needs approval', 'approval'] },
  { column: 'approver', names: ['ผู้อนุมัติ', 'approver', 'approver role'] },
  { column: 'notice', names: ['จองล่วงหน้าอย่างน้อย (ชั่วโมง)', 'แจ้งล่วงหน้า (ชั่วโมง)', 'min notice hours', 'minimum notice (hours)', 'min notice'] },
  { column: 'maxHours', names: ['นานสุด (ชั่วโมง)', 'max hours', 'maximum length (hours)', 'max length'] },
  { column: 'ahead', names: ['จองล่วงหน้าได้ (วัน)', 'days ahead', 'how far ahead (days)', 'max days ahead'] },
  { column: 'active', names: ['เปิดให้จอง', 'ใช้งาน', 'active'] },
  { column: 'checkIn', names: ['ต้องเช็กอิน', 'เช็กอิน', 'check-in', 'check in', 'checkin'] },
  { column: 'standingLink', names: ['ลิงก์ประชุมประจำห้อง', 'ลิงก์ประชุม', 'standing link', 'meeting link'] },
  { column: 'note', names: ['หมายเหตุ', 'note', 'notes'] },
];

export const ROOMS_HEADER: readonly string[] = COLUMNS.map((c) => c.names[0]!);


type Cell = (column: RoomColumn) => string | undefined;
class Bad extends Error {}

function approverOf(text: string): Role | null {
  const key = looseKey(text);
  const role = APPROVER_ROLES.find((r) => r === key.replace(/ /g, '_') || looseKey(ROLE_LABELS[r]) === key);
  if (!role) throw new Bad(m.badApprover(text, APPROVER_ROLES.map((r) => ROLE_LABELS[r])));
  return role;
}

/** One row read against the rules, over the stored room of that name (or the defaults). */
function readRow(cell: Cell, before: Room | undefined): RoomInput {
  const name = cell('name')?.replace(/\s+/g, ' ');
  if (!name) throw new Bad(m.missingName);
  const base: RoomInput = before ? { ...before } : { name, ...DEFAULT_ROOM };
  const value = <T>(column: RoomColumn, old: T, read: (text: string) => T, empty: T = old): T => {
    const raw = cell(column);
    if (raw === undefined) return old;
    return raw === '' ? empty : read(raw);
  };
  const whole = (label: string, min: number) => (text: string) => {
    const n = Number(text.replace(/,/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Bad(m.badNumber(label, text, min));
    return n;
  };
  const hours = (label: string, min: number) => (text: string) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min) throw new Bad(m.badNumber(label, text, min));
    return Math.round(n * 60);
  };
  const clock = (label: string) => (text: string) => {
    const minute = clockMinute(text.replace('.', ':'));
    if (minute === null) throw new Bad(m.badClock(label, text));
    return minutesToClock(minute);
  };
  const yesNo = (label: string) => (text: string) => {
    const yes = parseYesNo(text);
    if (yes === null) throw new Bad(m.badYesNo(label, text));
    return yes;
  };
  const text = (column: RoomColumn, old: string | null) => value<string | null>(column, old, (t) => t, null);
  const list = (t: string) =>
    t
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean);

  const room: RoomInput = {
    name,
    capacity: value('capacity', base.capacity, whole('ความจุ', 1), DEFAULT_ROOM.capacity),
    equipment: value('equipment', base.equipment, list, []),
    location: text('location', base.location),
    photoUrl: value<string | null>('photo', base.photoUrl, (t) => {
      if (!/^https:\/\/\S+$/.test(t)) throw new Bad(m.badPhoto(t));
      return t;
    }, null),
    openFrom: value('openFrom', base.openFrom, clock('เวลาเริ่ม'), DEFAULT_ROOM.openFrom),
    openUntil: value('openUntil', base.openUntil, clock('เวลาสิ้นสุด'), DEFAULT_ROOM.openUntil),
    openDays: value('days', base.openDays, (t) => {
      const days = parseDays(t);
      if (!days) throw new Bad(m.badDays(t));
      return days;
    }, DEFAULT_ROOM.openDays),
    slotMinutes: value('slot', base.slotMinutes, whole('ช่วงละ (นาที)', 15), DEFAULT_ROOM.slotMinutes),
    needsApproval: value('approval', base.needsApproval, yesNo('ต้องอนุมัติ'), false),
    approverRole: value<Role | null>('approver', base.approverRole, approverOf, null),
    minNoticeMinutes: value('notice', base.minNoticeMinutes, hours('จองล่วงหน้าอย่างน้อย', 0), 0),
    maxMinutes: value('maxHours', base.maxMinutes, hours('นานสุด', 0.25), DEFAULT_ROOM.maxMinutes),
    maxDaysAhead: value('ahead', base.maxDaysAhead, whole('จองล่วงหน้าได้', 0), DEFAULT_ROOM.maxDaysAhead),
    active: value('active', base.active, yesNo('เปิดให้จอง'), true),
    checkIn: value('checkIn', base.checkIn, yesNo('ต้องเช็กอิน'), false),
    standingLink: value<string | null>('standingLink', base.standingLink, (t) => {
      const link = parseMeetingLink(t);
      if (!link) throw new Bad(m.badStandingLink(t));
      return link;
    }, null),
    note: text('note', base.note),
  };
  if (clockMinute(room.openFrom)! >= clockMinute(room.openUntil)!) throw new Bad(m.badHours(room.openFrom, room.openUntil));
  return room;
}

/** Imports the office's rooms; each row in its own savepoint, so a row the database refuses leaves the rest. */
export async function importRoomsCsv(db: Executor, officeId: string, csvText: string, now: Date = new Date()): Promise<ImportResult> {
  const table = readCsvTable(csvText, COLUMNS);
  const result: ImportResult = { inserted: 0, updated: 0, problems: [] };
  if (!table || !table.header.has('name')) return { ...result, problems: [{ line: table?.headerLine ?? 1, message: m.noHeader }] };

  await db.transaction(async (tx) => {
    const stored = new Map((await listRooms(tx, officeId)).map((r) => [r.name, r]));
    const seen = new Map<string, number>();
    for (const record of table.rows) {
      if (record.extraFields) {
        result.problems.push({ line: record.line, message: m.tooManyFields });
        continue;
      }
      let room: RoomInput;
      try {
        const name = record.cell('name')?.replace(/\s+/g, ' ') ?? '';
        room = readRow(record.cell, stored.get(name));
      } catch (err) {
        if (!(err instanceof Bad)) throw err;
        result.problems.push({ line: record.line, message: err.message });
        continue;
      }
      const earlier = seen.get(room.name);
      if (earlier !== undefined) {
        result.problems.push({ line: record.line, message: m.duplicateName(room.name, earlier) });
        continue;
      }
      seen.set(room.name, record.line);
      try {
        const saved = await tx.transaction((sp) => upsertRoom(sp, officeId, room, now));
        result[saved.outcome] += 1;
      } catch (err) {
        result.problems.push({ line: record.line, message: `${m.rowFailed}: ${errorMessage(err)}` });
      }
    }
  });
  return result;
}

const hoursText = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);

/** The rooms as rows of ROOMS_HEADER's columns. */
export function roomRows(list: readonly Room[]): Array<Array<string | number | null>> {
  return list.map((r) => [
    r.name,
    r.capacity,
    r.equipment.join(', ') || null,
    r.location,
    r.photoUrl,
    r.openFrom,
    r.openUntil,
    formatDays(r.openDays),
    r.slotMinutes,
    r.needsApproval ? m.yes : m.no,
    r.approverRole ? ROLE_LABELS[r.approverRole] : null,
    hoursText(r.minNoticeMinutes),
    hoursText(r.maxMinutes),
    r.maxDaysAhead,
    r.active ? m.yes : m.no,
    r.checkIn ? m.yes : m.no,
    r.standingLink,
    r.note,
  ]);
}

/** The export as CSV: UTF-8 with a byte-order mark (Excel then shows Thai), CRLF, formulas defused. */
export async function exportRoomsCsv(db: Executor, officeId: string): Promise<string> {
  return csvDocument(ROOMS_HEADER, roomRows(await listRooms(db, officeId)));
}

export const BOOKINGS_HEADER: readonly string[] = ['วันที่', 'เวลาเริ่ม', 'เวลาสิ้นสุด', 'ห้อง', 'เรื่อง', 'ผู้จอง', 'จำนวนคน', 'สถานะ', 'เช็กอินเมื่อ', 'จองเมื่อ'];

/** The office's bookings starting in [from, to) as CSV (UTF-8 BOM, CRLF, formulas defused), Bangkok times. */
export async function exportBookingsCsv(db: Executor, officeId: string, from: Date, to: Date): Promise<string> {
  const rows = (await listBookingsBetween(db, officeId, from, to)).map((b) => [
    bangkokDateKey(b.startsAt),
    bangkokClock(b.startsAt),
    bangkokClock(b.endsAt),
    b.roomName,
    b.title,
    b.bookerName,
    b.people,
    BOOKING_STATE_LABELS[b.state],
    b.checkedInAt ? stamp(b.checkedInAt) : null,
    stamp(b.createdAt),
  ]);
  return csvDocument(BOOKINGS_HEADER, rows);
}

/** `YYYY-MM-DD HH:mm` in Bangkok. */
const stamp = (at: Date) => `${bangkokDateKey(at)} ${bangkokClock(at)}`;

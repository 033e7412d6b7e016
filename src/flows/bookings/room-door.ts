import { LIVE_BOOKING_STATES, type Booking, type Room } from '../../domain/bookings/rooms.ts';
import { bangkokClock, bangkokDateKey } from '../../domain/office-time.ts';
import { formatThaiDate } from '../../domain/thai-date.ts';

import { signedLink } from '../../line/media-links.ts';

/**
 * A room's own page, for a tablet at its door: today's bookings of the room, what is on now and next, and its
 * check-in QR code (the sign of room-qr.ts). Opened without LINE by a signed link (`/room/<office>/<room>?exp&sig`,
 * src/http/room-door.ts) that an admin takes from the room's card in จัดการห้อง; the link is valid for a year. The
 * page shows times and states only, never a meeting's title or its booker (anyone passing the door sees it), and
 * draws itself again every minute.
 */

export const ROOM_DOOR_LINK_TTL_MS = 365 * 24 * 60 * 60 * 1000;

export function roomDoorLink(room: Pick<Room, 'officeId' | 'id'>, now: Date): string | undefined {
  return signedLink('room', room.officeId, room.id, now, '', ROOM_DOOR_LINK_TTL_MS);
}

export const doorTexts = {
  now: 'กำลังใช้งาน',
  next: 'ถัดไป',
  free: 'ว่าง',
  freeAllDay: 'วันนี้ไม่มีการจองห้องนี้ค่ะ',
  noMore: 'ไม่มีการจองต่อจากนี้ในวันนี้ค่ะ',
  today: 'การจองวันนี้',
  booked: 'จองแล้ว',
  tentative: 'รออนุมัติ',
  checkedIn: 'เช็กอินแล้ว',
  scan: 'ผู้จองสแกนเพื่อเช็กอินใน LINE',
  noQr: 'เช็กอินได้ในแชท LINE ของสำนักงาน: พิมพ์ "เช็กอิน" ตามด้วยชื่อห้อง',
};

const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
const span = (b: Pick<Booking, 'startsAt' | 'endsAt'>) => `${bangkokClock(b.startsAt)}–${bangkokClock(b.endsAt)} น.`;

/** The room's bookings that still hold it today (tentative or confirmed), by start. */
export function todaysBookings(room: Pick<Room, 'id'>, bookings: readonly Booking[], now: Date): Booking[] {
  const today = bangkokDateKey(now);
  return bookings.filter((b) => b.roomId === room.id && LIVE_BOOKING_STATES.includes(b.state) && bangkokDateKey(b.startsAt) === today).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

export function roomDoorPage(room: Pick<Room, 'id' | 'name' | 'location'>, bookings: readonly Booking[], now: Date, qrSvg: string | null): string {
  const today = todaysBookings(room, bookings, now);
  const current = today.find((b) => b.startsAt <= now && now < b.endsAt);
  const next = today.find((b) => b.startsAt > now);
  const stateOf = (b: Booking) => (b.checkedInAt ? doorTexts.checkedIn : b.state === 'tentative' ? doorTexts.tentative : doorTexts.booked);
  const rows = today
    .map((b) => `<li class="${b === current ? 'current' : b.endsAt <= now ? 'past' : ''}" data-booking="${b.id}"><span class="time">${span(b)}</span><span class="state">${stateOf(b)}</span></li>`)
    .join('');
  return `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60"><link rel="icon" href="data:,"><title>${escapeHtml(room.name)}</title>
<style>
body{margin:0;font-family:Sarabun,"Noto Sans Thai",sans-serif;background:#f5f7fa;color:#1f2933}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:24px;padding:24px;box-sizing:border-box;min-height:100vh}
h1{margin:0;font-size:40px}.where,.date{color:#52606d;font-size:20px;margin:4px 0}
.status{border-radius:16px;padding:20px;margin:16px 0;font-size:28px;color:#fff}
.status.busy{background:#c62828}.status.free{background:#2e7d32}.next{font-size:22px;margin:8px 0 16px}
ul{list-style:none;padding:0;margin:0}li{display:flex;justify-content:space-between;padding:12px 16px;background:#fff;border-radius:10px;margin-bottom:8px;font-size:22px}
li.current{outline:3px solid #c62828}li.past{opacity:.5}
.qr{background:#fff;border-radius:16px;padding:16px;text-align:center}.qr svg{width:100%;height:auto;max-width:360px}
@media (max-width:700px){main{grid-template-columns:1fr}}
</style></head>
<body><main>
<section>
<h1 id="room">${escapeHtml(room.name)}</h1>
${room.location ? `<p class="where">${escapeHtml(room.location)}</p>` : ''}
<p class="date">${formatThaiDate(now)} · ${bangkokClock(now)} น.</p>
<div id="now" class="status ${current ? 'busy' : 'free'}">${current ? `${doorTexts.now} ${span(current)}` : doorTexts.free}</div>
<p id="next" class="next">${next ? `${doorTexts.next}: ${span(next)}` : today.length === 0 ? doorTexts.freeAllDay : doorTexts.noMore}</p>
<h2>${doorTexts.today}</h2>
<ul id="today">${rows}</ul>
</section>
<section class="qr" id="qr">${qrSvg ? `${qrSvg}<p>${doorTexts.scan}</p>` : `<p>${doorTexts.noQr}</p>`}</section>
</main></body></html>`;
}

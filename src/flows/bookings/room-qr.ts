import type { Room } from '../../domain/bookings/rooms.ts';
import { oaMessageLink } from '../../domain/invitations.ts';
import { qrSvg } from '../../reports/qr.ts';
import { CHECK_IN_TEXT } from './messages.ts';

/**
 * A room's check-in sign for its door: a QR code that opens the office's LINE chat with "เช็กอิน <room>" ready to
 * send, the room's name and what to do, as one SVG (print it, or show it on a tablet). The chat answers the booker
 * whose booking of that room is open for check-in (src/flows/bookings/flow.ts).
 */

export const checkInText = (room: Pick<Room, 'name'>) => `${CHECK_IN_TEXT} ${room.name}`;

export function checkInLink(room: Pick<Room, 'name'>, oaBasicId: string): string {
  return oaMessageLink(oaBasicId, checkInText(room));
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export async function roomCheckInSign(room: Pick<Room, 'name'>, oaBasicId: string): Promise<string> {
  const qr = (await qrSvg(checkInLink(room, oaBasicId))).replace(/^<svg /, '<svg x="60" y="150" width="480" height="480" ');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="760" viewBox="0 0 600 760">',
    '<rect width="600" height="760" fill="#ffffff"/>',
    `<text x="300" y="80" font-family="Sarabun, sans-serif" font-size="40" font-weight="bold" text-anchor="middle">${escapeXml(room.name)}</text>`,
    '<text x="300" y="125" font-family="Sarabun, sans-serif" font-size="24" text-anchor="middle">สแกนเพื่อเช็กอินการจองห้องนี้ใน LINE</text>',
    qr,
    '<text x="300" y="700" font-family="Sarabun, sans-serif" font-size="20" text-anchor="middle">เช็กอินได้ตั้งแต่ 30 นาทีก่อนถึง 15 นาทีหลังเวลาเริ่มประชุม</text>',
    '</svg>',
  ].join('\n');
}

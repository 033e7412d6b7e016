import { reply } from '../../bot/flow.ts';
import { type Room, type RoomChange } from '../../domain/bookings/rooms.ts';
import { at, end, say, stale } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { cardCarousels, roomAdminCard } from './cards.ts';
import { renderCards } from '../../kit/card.ts';
import { roomDoorLink } from './room-door.ts';
import { bookingTexts as T } from './messages.ts';
import { command, type Result, type Tap } from './step-pieces.ts';

/** จัดการห้อง: the admins' room cards, their switches and the capacity typed. Pure. */
// ── จัดการห้อง (admins) ──────────────────────────────────────────────────────────────────────────────

export const CAPACITY_MAX = 1000;

export function roomAdminList({ ctx, now }: Tap): Result {
  const rooms = ctx.prepared.allRooms ?? [];
  if (rooms.length === 0) return end(reply(say(T.roomAdminNone)));
  const intro = T.roomAdminIntro(rooms.length);
  return end(reply(say(intro), ...cardCarousels(rooms.map((room) => roomAdminCard(room, roomDoorLink(room, now))), intro)));
}

/** The change, and the room's card as it will be after it (the executor bumps the version by one). */
export function changeRoom(room: Room, change: RoomChange): Result {
  const after = { ...room, ...change, version: room.version + 1 };
  return end(command({ type: 'changeRoom', roomId: room.id, expectedVersion: room.version, change }), reply(say(T.roomChanged(room.name)), renderCards([roomAdminCard(after)], T.roomChanged(room.name))));
}

export function setRoomSwitch({ ctx }: Tap, tap: { r: number; v: number; k: 'active' | 'needsApproval' | 'checkIn'; on: boolean }): Result {
  const room = (ctx.prepared.allRooms ?? []).find((r) => r.id === tap.r);
  if (!room || !isCurrent(room, tap.v)) return stale();
  return changeRoom(room, { [tap.k]: tap.on });
}

export function askCapacity({ ctx }: Tap, tap: { r: number; v: number }): Result {
  const room = (ctx.prepared.allRooms ?? []).find((r) => r.id === tap.r);
  if (!room || !isCurrent(room, tap.v)) return stale();
  return at('roomCapacity', { r: room.id, rv: room.version }, reply(say(T.askCapacity(room.name, room.capacity))));
}

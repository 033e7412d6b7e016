import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { getRoom, listBookingsBetween } from '../db/repos/room-bookings.ts';
import { bangkokDateKey, bangkokTime } from '../domain/office-time.ts';
import { checkInLink } from '../flows/bookings/room-qr.ts';
import { roomDoorPage } from '../flows/bookings/room-door.ts';
import { checkSignedLink } from '../line/media-links.ts';
import type { Logger } from '../logger.ts';
import { qrSvg } from '../reports/qr.ts';

/**
 * A room's door page by signed link (`roomDoorLink` in src/flows/bookings/room-door.ts, on the room's card in
 * จัดการห้อง): `GET /room/<office>/<room>?exp=…&sig=…`. A wrong signature is 403, an expired link 410, a room that
 * is gone 404. The link is the permission; the page carries no title or name of a booking.
 */

export interface RoomDoorRouterOptions {
  database: Database;
  logger: Logger;
  secret: Buffer;
  now: () => Date;
  /** LINE_OA_BASIC_ID: without it the page says how to check in by typing instead of a QR code. */
  oaBasicId?: string | undefined;
}

const paramsSchema = z.object({ officeId: z.string().min(1).max(64), id: z.string().regex(/^\d{1,10}$/) });
const querySchema = z.object({ exp: z.string().max(20), sig: z.string().max(100) });

export function createRoomDoorRouter(options: RoomDoorRouterOptions): Router {
  const router = Router();
  router.get('/room/:officeId/:id', async (req, res, next) => {
    try {
      const params = paramsSchema.safeParse(req.params);
      const query = querySchema.safeParse(req.query);
      if (!params.success || !query.success) return void res.status(403).type('text/plain').send('Forbidden');
      const id = Number(params.data.id);
      const now = options.now();
      const check = checkSignedLink(options.secret, 'room', { officeId: params.data.officeId, id, ...query.data }, now);
      if (check === 'forged') return void res.status(403).type('text/plain').send('Forbidden');
      if (check === 'expired') return void res.status(410).type('text/plain').send('This link has expired');
      const room = await getRoom(options.database.db, params.data.officeId, id);
      if (!room) return void res.status(404).type('text/plain').send('Not found');
      const from = bangkokTime(bangkokDateKey(now));
      const bookings = await listBookingsBetween(options.database.db, room.officeId, from, new Date(from.getTime() + 24 * 60 * 60 * 1000));
      const qr = options.oaBasicId ? await qrSvg(checkInLink(room, options.oaBasicId)) : null;
      res.setHeader('cache-control', 'no-store');
      res.type('html').send(roomDoorPage(room, bookings, now, qr));
    } catch (err) {
      options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'room door page not served');
      next(err);
    }
  });
  return router;
}

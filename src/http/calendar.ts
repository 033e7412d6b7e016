import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { officeName } from '../db/repos/reports.ts';
import { getBooking } from '../db/repos/room-bookings.ts';
import { LIVE_BOOKING_STATES } from '../domain/bookings/rooms.ts';
import { bookingCalendar } from '../flows/bookings/ics.ts';
import { checkSignedLink } from '../line/media-links.ts';
import type { Logger } from '../logger.ts';

/**
 * A room booking's "add to calendar" file by signed, expiring link (`calendarLink` in src/flows/bookings/ics.ts):
 * `GET /calendar/<office>/<id>.ics?exp=…&sig=…`. A wrong signature is 403, an expired link 410, a booking that no
 * longer holds its room 404; the link is the permission, given only on the booking's own card.
 */

export interface CalendarRouterOptions {
  database: Database;
  logger: Logger;
  secret: Buffer;
  now: () => Date;
}

const paramsSchema = z.object({ officeId: z.string().min(1).max(64), file: z.string().regex(/^\d{1,10}\.ics$/) });
const querySchema = z.object({ exp: z.string().max(20), sig: z.string().max(100) });

export function createCalendarRouter(options: CalendarRouterOptions): Router {
  const router = Router();
  router.get('/calendar/:officeId/:file', async (req, res, next) => {
    try {
      const params = paramsSchema.safeParse(req.params);
      const query = querySchema.safeParse(req.query);
      if (!params.success || !query.success) return void res.status(403).type('text/plain').send('Forbidden');
      const id = Number(params.data.file.slice(0, -'.ics'.length));
      const check = checkSignedLink(options.secret, 'calendar', { officeId: params.data.officeId, id, ...query.data }, options.now());
      if (check === 'forged') return void res.status(403).type('text/plain').send('Forbidden');
      if (check === 'expired') return void res.status(410).type('text/plain').send('This link has expired');
      const booking = await getBooking(options.database.db, params.data.officeId, id);
      if (!booking || !LIVE_BOOKING_STATES.includes(booking.state)) return void res.status(404).type('text/plain').send('Not found');
      const name = (await officeName(options.database.db, booking.officeId)) ?? '';
      res.setHeader('content-type', 'text/calendar; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="room-booking-${booking.id}.ics"`);
      res.setHeader('cache-control', 'private, no-cache');
      res.send(bookingCalendar(booking, name));
    } catch (err) {
      options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'calendar file not served');
      next(err);
    }
  });
  return router;
}

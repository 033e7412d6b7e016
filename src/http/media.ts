import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { getMediaContent } from '../db/repos/media.ts';
import { checkMediaLink } from '../line/media-links.ts';
import type { Logger } from '../logger.ts';

/**
 * Kept photos served to LINE and phones by signed, expiring link (`mediaLink` in src/line/media-links.ts):
 * `GET /media/<office>/<id>?exp=<unix seconds>&sig=<HMAC>`. A wrong signature is 403 and an expired link 410,
 * never the file; only images are served (JPEG or PNG, what LINE shows). Nothing here needs a login: the link
 * is the permission, made only for people who may see the ticket.
 */

export interface MediaRouterOptions {
  database: Database;
  logger: Logger;
  secret: Buffer;
  /** The service clock: links are made with its time, so they expire by it too. */
  now: () => Date;
}

const paramsSchema = z.object({ officeId: z.string().min(1).max(64), mediaId: z.coerce.number().int().positive() });
const querySchema = z.object({ exp: z.string().max(20), sig: z.string().max(100) });
const SERVED = new Set(['image/jpeg', 'image/png']);

export function createMediaRouter(options: MediaRouterOptions): Router {
  const router = Router();
  router.get('/media/:officeId/:mediaId', async (req, res, next) => {
    try {
      const params = paramsSchema.safeParse(req.params);
      const query = querySchema.safeParse(req.query);
      if (!params.success || !query.success) return void res.status(403).type('text/plain').send('Forbidden');
      const check = checkMediaLink(options.secret, { ...params.data, ...query.data }, options.now());
      if (check === 'forged') return void res.status(403).type('text/plain').send('Forbidden');
      if (check === 'expired') return void res.status(410).type('text/plain').send('This link has expired');
      const media = await getMediaContent(options.database.db, params.data.officeId, params.data.mediaId);
      if (!media || !SERVED.has(media.contentType)) return void res.status(404).type('text/plain').send('Not found');
      res.setHeader('content-type', media.contentType);
      res.setHeader('cache-control', 'private, max-age=86400');
      res.setHeader('x-content-type-options', 'nosniff');
      res.send(media.content);
    } catch (err) {
      options.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'media not served');
      next(err);
    }
  });
  return router;
}

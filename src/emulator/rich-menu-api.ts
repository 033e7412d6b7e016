import express, { type Response } from 'express';
import {
  createRichMenuAliasRequestSchema,
  richMenuRequestSchema,
  updateRichMenuAliasRequestSchema,
} from '../line/messaging-schemas.ts';
import { channelOf, parseBody, sendError } from './http.ts';
import { newRichMenuId } from './ids.ts';
import type { ChannelState, EmulatorState, RichMenu } from './state.ts';

/** Rich menus, their images, per-user links, the default menu and aliases, per channel. */

const MAX_IMAGE_BYTES = 1024 * 1024;
const IMAGE_TYPES = ['image/png', 'image/jpeg'];

/** Width and height from a PNG's IHDR chunk; undefined for anything that is not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function createRichMenuApi(state: EmulatorState): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '2mb' });
  const raw = express.raw({ type: () => true, limit: '2mb' });

  function menu(res: Response, channel: ChannelState, richMenuId: string): RichMenu | undefined {
    const found = channel.richMenus.get(richMenuId);
    if (!found) sendError(res, 404, 'Not found');
    return found;
  }

  function usable(res: Response, channel: ChannelState, richMenuId: string): boolean {
    const found = menu(res, channel, richMenuId);
    if (!found) return false;
    if (!found.image) {
      sendError(res, 400, 'must upload richmenu image before applying it to user');
      return false;
    }
    return true;
  }

  const view = (m: RichMenu) => ({ richMenuId: m.richMenuId, ...m.request });

  router.post('/v2/bot/richmenu', json, (req, res) => {
    const body = parseBody(richMenuRequestSchema, req, res);
    if (!body) return;
    const richMenuId = newRichMenuId();
    channelOf(res).richMenus.set(richMenuId, { richMenuId, request: body });
    res.json({ richMenuId });
  });

  router.post('/v2/bot/richmenu/validate', json, (req, res) => {
    if (parseBody(richMenuRequestSchema, req, res)) res.json({});
  });

  router.get('/v2/bot/richmenu/list', (_req, res) => {
    res.json({ richmenus: [...channelOf(res).richMenus.values()].map(view) });
  });

  router.post('/v2/bot/richmenu/alias', json, (req, res) => {
    const channel = channelOf(res);
    const body = parseBody(createRichMenuAliasRequestSchema, req, res);
    if (!body) return;
    if (channel.aliases.has(body.richMenuAliasId)) {
      sendError(res, 400, 'conflict richmenu alias id');
      return;
    }
    if (!usable(res, channel, body.richMenuId)) return;
    channel.aliases.set(body.richMenuAliasId, body.richMenuId);
    res.json({});
  });

  router.get('/v2/bot/richmenu/alias/list', (_req, res) => {
    const aliases = [...channelOf(res).aliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId }));
    res.json({ aliases });
  });

  router.get('/v2/bot/richmenu/alias/:aliasId', (req, res) => {
    const richMenuId = channelOf(res).aliases.get(req.params.aliasId);
    if (!richMenuId) return sendError(res, 404, 'Not found');
    res.json({ richMenuAliasId: req.params.aliasId, richMenuId });
  });

  router.post('/v2/bot/richmenu/alias/:aliasId', json, (req, res) => {
    const channel = channelOf(res);
    const body = parseBody(updateRichMenuAliasRequestSchema, req, res);
    if (!body) return;
    if (!channel.aliases.has(req.params.aliasId)) return sendError(res, 404, 'Not found');
    if (!usable(res, channel, body.richMenuId)) return;
    channel.aliases.set(req.params.aliasId, body.richMenuId);
    res.json({});
  });

  router.delete('/v2/bot/richmenu/alias/:aliasId', (req, res) => {
    if (!channelOf(res).aliases.delete(req.params.aliasId)) return sendError(res, 404, 'Not found');
    res.json({});
  });

  router.get('/v2/bot/richmenu/:richMenuId', (req, res) => {
    const found = menu(res, channelOf(res), req.params.richMenuId);
    if (found) res.json(view(found));
  });

  router.delete('/v2/bot/richmenu/:richMenuId', (req, res) => {
    const channel = channelOf(res);
    const id = req.params.richMenuId;
    if (!menu(res, channel, id)) return;
    channel.richMenus.delete(id);
    for (const [userId, linked] of channel.userMenus) if (linked === id) channel.userMenus.delete(userId);
    if (channel.defaultRichMenuId === id) delete channel.defaultRichMenuId;
    res.json({});
  });

  // The SDK's blob client uploads here (on the data API base URL): raw PNG or JPEG bytes.
  router.post('/v2/bot/richmenu/:richMenuId/content', raw, (req, res) => {
    const found = menu(res, channelOf(res), req.params.richMenuId);
    if (!found) return;
    const contentType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const bytes: unknown = req.body;
    if (!IMAGE_TYPES.includes(contentType) || !Buffer.isBuffer(bytes) || bytes.length === 0) {
      return sendError(res, 415, 'The content type must be image/png or image/jpeg');
    }
    if (bytes.length > MAX_IMAGE_BYTES) return sendError(res, 400, 'The image must be at most 1 MB');
    if (found.image) return sendError(res, 400, 'An image has already been uploaded to the richmenu');
    const size = contentType === 'image/png' ? pngSize(bytes) : undefined;
    if (contentType === 'image/png' && !size) return sendError(res, 400, 'The image is not a valid PNG');
    if (size && (size.width !== found.request.size.width || size.height !== found.request.size.height)) {
      return sendError(res, 400, "The image's size must match the rich menu's size");
    }
    found.image = { bytes, contentType };
    res.json({});
  });

  router.get('/v2/bot/richmenu/:richMenuId/content', (req, res) => {
    const found = menu(res, channelOf(res), req.params.richMenuId);
    if (!found) return;
    if (!found.image) return sendError(res, 404, 'Not found');
    res.setHeader('content-type', found.image.contentType);
    res.send(found.image.bytes);
  });

  router.post('/v2/bot/user/all/richmenu/:richMenuId', (req, res) => {
    const channel = channelOf(res);
    if (!usable(res, channel, req.params.richMenuId)) return;
    channel.defaultRichMenuId = req.params.richMenuId;
    res.json({});
  });

  router.get('/v2/bot/user/all/richmenu', (_req, res) => {
    const id = channelOf(res).defaultRichMenuId;
    if (!id) return sendError(res, 404, 'no default richmenu');
    res.json({ richMenuId: id });
  });

  router.delete('/v2/bot/user/all/richmenu', (_req, res) => {
    delete channelOf(res).defaultRichMenuId;
    res.json({});
  });

  router.post('/v2/bot/user/:userId/richmenu/:richMenuId', (req, res) => {
    const channel = channelOf(res);
    const user = state.users.get(req.params.userId);
    if (!user || user.channelId !== channel.channel.channelId) return sendError(res, 400, 'invalid user id');
    if (!usable(res, channel, req.params.richMenuId)) return;
    channel.userMenus.set(user.userId, req.params.richMenuId);
    res.json({});
  });

  router.get('/v2/bot/user/:userId/richmenu', (req, res) => {
    const id = channelOf(res).userMenus.get(req.params.userId);
    if (!id) return sendError(res, 404, 'the user has no richmenu');
    res.json({ richMenuId: id });
  });

  const unlink = (userId: string, res: Response) => {
    channelOf(res).userMenus.delete(userId);
    res.json({});
  };
  router.delete('/v2/bot/user/:userId/richmenu', (req, res) => unlink(req.params.userId, res));
  router.delete('/v2/bot/user/:userId/richmenu/:richMenuId', (req, res) => unlink(req.params.userId, res));

  return router;
}

/** The menu a user sees: their own link, else the channel's default (for the simulator and tests). */
export function richMenuShownTo(channel: ChannelState, userId: string): RichMenu | undefined {
  const id = channel.userMenus.get(userId) ?? channel.defaultRichMenuId;
  return id ? channel.richMenus.get(id) : undefined;
}

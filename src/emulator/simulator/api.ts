import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { lineErrorDetails } from '../../line/messaging-schemas.ts';
import { sendError } from '../http.ts';
import { richMenuShownTo } from '../rich-menu-api.ts';
import type { ChannelState, EmulatorState, EmulatorUser, RichMenu } from '../state.ts';
import type { WebhookSender } from '../webhook-sender.ts';

/**
 * Control endpoints the simulator page needs beyond the scripting API: what a user's phone would show (their
 * rich menu and its image, the content they sent, profile pictures) and the rich menu switch action.
 * Mounted under /api next to the control API. URLs it returns are relative to the emulator's root, so the
 * page resolves them against its own base whether the emulator is mounted at /emulator or on its own port.
 */

const MAX_PICTURE_BYTES = 2 * 1024 * 1024;

const pictureSchema = z.object({
  contentBase64: z.string().regex(/^[A-Za-z0-9+/=]+$/, 'Must be base64'),
  contentType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
});

const switchSchema = z.object({ richMenuAliasId: z.string().min(1).max(32), data: z.string().min(1).max(300) });

export function createSimulatorApi(state: EmulatorState, sender: WebhookSender): express.Router {
  const router = express.Router();
  const pictures = state.pictures;
  router.use(express.json({ limit: '20mb' }));

  function found(req: Request, res: Response): { user: EmulatorUser; channel: ChannelState } | undefined {
    const user = state.users.get(String(req.params.userId));
    const channel = user && state.channels.get(user.channelId);
    if (!user || !channel) {
      sendError(res, 404, 'No such user');
      return undefined;
    }
    return { user, channel };
  }

  const describe = (menu: RichMenu) => ({
    richMenuId: menu.richMenuId,
    ...menu.request,
    ...(menu.image ? { imageUrl: `api/richmenus/${encodeURIComponent(menu.richMenuId)}/image` } : {}),
  });

  router.get('/users/:userId', (req, res) => {
    const hit = found(req, res);
    if (hit) res.json(hit.user);
  });

  // LINE shows a menu only once its image is uploaded; so does the page.
  router.get('/users/:userId/richmenu', (req, res) => {
    const hit = found(req, res);
    if (!hit) return;
    const menu = richMenuShownTo(hit.channel, hit.user.userId);
    res.json({ richMenu: menu?.image ? describe(menu) : null });
  });

  router.get('/richmenus/:richMenuId/image', (req, res) => {
    for (const channel of state.channels.values()) {
      const image = channel.richMenus.get(req.params.richMenuId)?.image;
      if (image) {
        res.setHeader('content-type', image.contentType);
        res.setHeader('cache-control', 'private, max-age=3600');
        res.send(image.bytes);
        return;
      }
    }
    sendError(res, 404, 'Not found');
  });

  // What the user sent (images, files), for their own bubbles; LINE's content endpoint needs the bot's token.
  router.get('/contents/:messageId', (req, res) => {
    const content = state.contents.get(req.params.messageId);
    if (!content) return sendError(res, 404, 'Not found');
    res.setHeader('content-type', content.contentType);
    res.send(content.bytes);
  });

  // A profile picture the person picked on the page: the user's pictureUrl must be an absolute URL the bot
  // could fetch, so it points at this server.
  router.post('/pictures', (req, res) => {
    const body = pictureSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json(lineErrorDetails(body.error));
    const bytes = Buffer.from(body.data.contentBase64, 'base64');
    if (bytes.length === 0 || bytes.length > MAX_PICTURE_BYTES) return sendError(res, 400, 'The picture must be 1 byte to 2 MB');
    const id = randomBytes(12).toString('hex');
    pictures.set(id, { bytes, contentType: body.data.contentType });
    const root = `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    res.status(201).json({ pictureUrl: `${root}/pictures/${id}` });
  });

  router.get('/pictures/:id', (req, res) => {
    const picture = pictures.get(req.params.id);
    if (!picture) return sendError(res, 404, 'Not found');
    res.setHeader('content-type', picture.contentType);
    res.send(picture.bytes);
  });

  // LINE's richmenuswitch action: the phone shows the alias's menu and the bot gets a postback saying so.
  router.post('/users/:userId/richmenu-switch', async (req, res) => {
    const hit = found(req, res);
    if (!hit) return;
    const body = switchSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json(lineErrorDetails(body.error));
    if (!hit.user.following) return sendError(res, 409, 'The user has blocked the bot; follow first');
    const target = hit.channel.aliases.get(body.data.richMenuAliasId);
    const menu = target ? hit.channel.richMenus.get(target) : undefined;
    if (menu) hit.channel.userMenus.set(hit.user.userId, menu.richMenuId);
    const status = !target ? 'RICHMENU_ALIAS_ID_NOTFOUND' : menu ? 'SUCCESS' : 'RICHMENU_NOTFOUND';
    const params = { newRichMenuAliasId: body.data.richMenuAliasId, status };
    const event = sender.postbackEvent(hit.user, { data: body.data.data, params });
    state.appendConversation(hit.user.userId, {
      direction: 'user',
      via: 'webhook',
      channelId: hit.user.channelId,
      message: { type: 'postback', data: body.data.data, params },
      webhookEventId: event.webhookEventId,
    });
    const result = await sender.send(hit.channel, [event]);
    res.json({ webhookEventId: event.webhookEventId, status: result.status, ...(result.error ? { error: result.error } : {}) });
  });

  return router;
}

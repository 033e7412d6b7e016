import express, { type Request, type Response } from 'express';
import {
  multicastRequestSchema,
  pushMessageRequestSchema,
  replyMessageRequestSchema,
  showLoadingAnimationRequestSchema,
} from '../line/messaging-schemas.ts';
import { channelOf, parseBody, requestIdOf, sendError } from './http.ts';
import { newMessageId, newQuoteToken, RETRY_KEY_PATTERN } from './ids.ts';
import type { ChannelState, EmulatorState, EmulatorUser } from './state.ts';

/** LINE's sending, loading, profile, content and quota endpoints, behaving as LINE documents them. */

const QUOTABLE = new Set(['text', 'sticker', 'image', 'video']);
const USER_ID = /^U[0-9a-f]{32}$/;

type Via = 'reply' | 'push' | 'multicast';

export function createMessagingApi(state: EmulatorState): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '2mb' });

  /** Puts the messages in each recipient's conversation, noting the sending channel; the ids are what LINE answers with. */
  function deliver(channel: ChannelState, recipients: EmulatorUser[], messages: unknown[], via: Via, requestId: string) {
    const channelId = channel.channel.channelId;
    for (const user of recipients) {
      for (const message of messages) state.appendConversation(user.userId, { direction: 'bot', via, channelId, message, requestId });
    }
    return messages.map((message) => {
      const type = typeof message === 'object' && message !== null && 'type' in message ? String(message.type) : '';
      return { id: newMessageId(), ...(QUOTABLE.has(type) ? { quoteToken: newQuoteToken() } : {}) };
    });
  }

  function friendIn(channel: ChannelState, userId: string): EmulatorUser | undefined {
    const user = state.users.get(userId);
    return user && user.channelId === channel.channel.channelId ? user : undefined;
  }

  /**
   * LINE's retry-key rules: a malformed key is a 400; a key accepted within 24 hours is a 409 naming the
   * request that was accepted, and nothing is sent again. Returns false when the request was answered here.
   */
  function checkRetryKey(req: Request, res: Response, channel: ChannelState): boolean {
    const key = req.get('x-line-retry-key');
    if (key === undefined) return true;
    if (!RETRY_KEY_PATTERN.test(key)) {
      sendError(res, 400, 'The value of the X-Line-Retry-Key header is invalid');
      return false;
    }
    const accepted = state.acceptedRetryKey(channel, key);
    if (accepted) {
      res.setHeader('x-line-accepted-request-id', accepted);
      sendError(res, 409, 'The retry key is already accepted');
      return false;
    }
    return true;
  }

  function withinQuota(res: Response, channel: ChannelState, count: number): boolean {
    if (state.usage(channel) + count <= channel.quotaLimit) return true;
    sendError(res, 429, 'You have reached your monthly limit.');
    return false;
  }

  function acceptRetryKey(req: Request, res: Response, channel: ChannelState): void {
    const key = req.get('x-line-retry-key');
    if (key) state.rememberRetryKey(channel, key, requestIdOf(res));
  }

  router.post('/v2/bot/message/reply', json, (req, res) => {
    const channel = channelOf(res);
    if (req.get('x-line-retry-key') !== undefined) {
      sendError(res, 400, 'The X-Line-Retry-Key header cannot be specified for this endpoint');
      return;
    }
    const body = parseBody(replyMessageRequestSchema, req, res);
    if (!body) return;
    const token = state.useReplyToken(channel, body.replyToken);
    if (!token) {
      sendError(res, 400, 'Invalid reply token');
      return;
    }
    const user = state.users.get(token.userId);
    const recipients = user?.following ? [user] : [];
    res.json({ sentMessages: deliver(channel, recipients, body.messages, 'reply', requestIdOf(res)) });
  });

  router.post('/v2/bot/message/push', json, (req, res) => {
    const channel = channelOf(res);
    if (!checkRetryKey(req, res, channel)) return;
    const body = parseBody(pushMessageRequestSchema, req, res);
    if (!body) return;
    const user = friendIn(channel, body.to);
    if (!user) {
      sendError(res, 400, "The property, 'to', in the request body is invalid (line: -, column: -)");
      return;
    }
    // A user who blocked the bot gets nothing, and LINE does not count what it did not deliver.
    const recipients = user.following ? [user] : [];
    if (!withinQuota(res, channel, recipients.length)) return;
    const sentMessages = deliver(channel, recipients, body.messages, 'push', requestIdOf(res));
    state.addUsage(channel, recipients.length);
    acceptRetryKey(req, res, channel);
    res.json({ sentMessages });
  });

  router.post('/v2/bot/message/multicast', json, (req, res) => {
    const channel = channelOf(res);
    if (!checkRetryKey(req, res, channel)) return;
    const body = parseBody(multicastRequestSchema, req, res);
    if (!body) return;
    const malformed = body.to.findIndex((id) => !USER_ID.test(id));
    if (malformed >= 0) {
      res.status(400).json({ message: 'The request body has 1 error(s)', details: [{ message: 'invalid user id', property: `to[${malformed}]` }] });
      return;
    }
    const recipients = [...new Set(body.to)].map((id) => friendIn(channel, id)).filter((u): u is EmulatorUser => u?.following === true);
    if (!withinQuota(res, channel, recipients.length)) return;
    deliver(channel, recipients, body.messages, 'multicast', requestIdOf(res));
    state.addUsage(channel, recipients.length);
    acceptRetryKey(req, res, channel);
    res.json({});
  });

  router.post('/v2/bot/chat/loading/start', json, (req, res) => {
    const channel = channelOf(res);
    const body = parseBody(showLoadingAnimationRequestSchema, req, res);
    if (!body) return;
    if (!friendIn(channel, body.chatId)) {
      sendError(res, 400, "The property, 'chatId', in the request body is invalid (line: -, column: -)");
      return;
    }
    res.status(202).json({});
  });

  router.get('/v2/bot/profile/:userId', (req, res) => {
    const user = friendIn(channelOf(res), req.params.userId);
    if (!user?.following) {
      sendError(res, 404, 'Not found');
      return;
    }
    res.json({
      userId: user.userId,
      displayName: user.displayName,
      ...(user.pictureUrl ? { pictureUrl: user.pictureUrl } : {}),
      language: user.language,
    });
  });

  router.get('/v2/bot/message/quota', (_req, res) => {
    res.json({ type: 'limited', value: channelOf(res).quotaLimit });
  });

  router.get('/v2/bot/message/quota/consumption', (_req, res) => {
    res.json({ totalUsage: state.usage(channelOf(res)) });
  });

  router.get('/v2/bot/message/:messageId/content', (req, res) => {
    const content = state.contents.get(req.params.messageId);
    if (!content || content.channelId !== channelOf(res).channel.channelId) {
      sendError(res, 404, 'Not found');
      return;
    }
    res.setHeader('content-type', content.contentType);
    res.send(content.bytes);
  });

  return router;
}

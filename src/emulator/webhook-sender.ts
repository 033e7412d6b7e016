import type { Logger } from '../logger.ts';
import { signBody } from '../line/signature.ts';
import { newMessageId, newQuoteToken, newReplyToken, newWebhookEventId } from './ids.ts';
import type { ChannelState, EmulatorState, EmulatorUser } from './state.ts';

/**
 * Builds webhook events exactly as LINE does and delivers them signed with the channel secret.
 * Every event is kept, so it can be redelivered unchanged but for `deliveryContext.isRedelivery`.
 */

export interface DeliveryResult {
  status: number;
  error?: string;
}

export type UserInput =
  | { type: 'text'; text: string }
  | { type: 'sticker'; packageId: string; stickerId: string }
  | { type: 'image'; contentBase64: string; contentType: string }
  | { type: 'file'; fileName: string; contentBase64: string; contentType?: string | undefined }
  | { type: 'location'; title?: string | undefined; address?: string | undefined; latitude: number; longitude: number };

export interface PostbackInput {
  data: string;
  displayText?: string | undefined;
  params?: Record<string, string> | undefined;
}

export type WebhookEvent = { webhookEventId: string; [key: string]: unknown };

const WEBHOOK_TIMEOUT_MS = 10_000;

export class WebhookSender {
  private readonly state: EmulatorState;
  private readonly logger: Logger;

  constructor(state: EmulatorState, logger: Logger) {
    this.state = state;
    this.logger = logger;
  }

  /** The common part of every event; a reply token is issued (and starts its minute) when asked for. */
  private base(user: EmulatorUser, type: string, withReplyToken: boolean): WebhookEvent {
    const now = this.state.now();
    const event: WebhookEvent = {
      type,
      webhookEventId: newWebhookEventId(now),
      deliveryContext: { isRedelivery: false },
      timestamp: now,
      source: { type: 'user', userId: user.userId },
      mode: 'active',
    };
    if (withReplyToken) {
      const replyToken = newReplyToken();
      this.state.replyTokens.set(replyToken, { channelId: user.channelId, userId: user.userId, issuedAt: now, used: false });
      event.replyToken = replyToken;
    }
    return event;
  }

  followEvent(user: EmulatorUser, isUnblocked: boolean): WebhookEvent {
    return { ...this.base(user, 'follow', true), follow: { isUnblocked } };
  }

  unfollowEvent(user: EmulatorUser): WebhookEvent {
    return this.base(user, 'unfollow', false);
  }

  /** A message event; content the user sends (image, file) is kept for the content endpoint. */
  messageEvent(user: EmulatorUser, input: UserInput): { event: WebhookEvent; messageId: string; message: Record<string, unknown> } {
    const id = newMessageId();
    let message: Record<string, unknown>;
    switch (input.type) {
      case 'text':
        message = { id, type: 'text', text: input.text, quoteToken: newQuoteToken() };
        break;
      case 'sticker':
        message = { id, type: 'sticker', packageId: input.packageId, stickerId: input.stickerId, stickerResourceType: 'STATIC', keywords: [], quoteToken: newQuoteToken() };
        break;
      case 'image': {
        this.keepContent(user, id, Buffer.from(input.contentBase64, 'base64'), input.contentType);
        message = { id, type: 'image', contentProvider: { type: 'line' }, quoteToken: newQuoteToken() };
        break;
      }
      case 'file': {
        const bytes = Buffer.from(input.contentBase64, 'base64');
        this.keepContent(user, id, bytes, input.contentType ?? 'application/octet-stream');
        message = { id, type: 'file', fileName: input.fileName, fileSize: bytes.length };
        break;
      }
      case 'location':
        message = {
          id,
          type: 'location',
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.address !== undefined ? { address: input.address } : {}),
          latitude: input.latitude,
          longitude: input.longitude,
        };
        break;
    }
    return { event: { ...this.base(user, 'message', true), message }, messageId: id, message };
  }

  postbackEvent(user: EmulatorUser, input: PostbackInput): WebhookEvent {
    const postback: Record<string, unknown> = { data: input.data };
    if (input.params) postback.params = input.params;
    return { ...this.base(user, 'postback', true), postback };
  }

  private keepContent(user: EmulatorUser, messageId: string, bytes: Buffer, contentType: string): void {
    this.state.contents.set(messageId, { channelId: user.channelId, bytes, contentType });
  }

  /** Remembers the events (for redelivery) and POSTs them in one signed request. */
  async send(channel: ChannelState, events: WebhookEvent[]): Promise<DeliveryResult> {
    for (const event of events) {
      this.state.events.set(event.webhookEventId, { channelId: channel.channel.channelId, event });
    }
    return this.post(channel, events);
  }

  /** The same event again (same id, same reply token), marked as a redelivery and freshly signed. */
  async redeliver(webhookEventId: string): Promise<DeliveryResult | undefined> {
    const stored = this.state.events.get(webhookEventId);
    const channel = stored && this.state.channels.get(stored.channelId);
    if (!stored || !channel) return undefined;
    return this.post(channel, [{ ...stored.event, deliveryContext: { isRedelivery: true } }]);
  }

  private async post(channel: ChannelState, events: Record<string, unknown>[]): Promise<DeliveryResult> {
    const body = JSON.stringify({ destination: channel.channel.destination, events });
    try {
      const response = await fetch(channel.channel.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-line-signature': signBody(channel.channel.channelSecret, body),
          'user-agent': 'LineBotWebhook/2.0',
        },
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      return { status: response.status };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ channelId: channel.channel.channelId, err: message }, 'webhook delivery failed');
      return { status: 0, error: message };
    }
  }
}

import {
  followEventSchema,
  messageEventSchema,
  postbackEventSchema,
  unfollowEventSchema,
  type WebhookEvent,
} from '../line/webhook-schema.ts';

/**
 * A webhook event reduced to what a flow needs. Only one-to-one chats reach the flows: in a group or
 * room the bot stays quiet until a later issue says otherwise.
 */
export type PostbackParams = { date?: string; time?: string; datetime?: string };

export type EventInput =
  | { kind: 'text'; userId: string; text: string }
  | { kind: 'postback'; userId: string; data: string; params: PostbackParams }
  | { kind: 'follow'; userId: string; isUnblocked: boolean }
  | { kind: 'unfollow'; userId: string }
  | { kind: 'image' | 'video' | 'audio'; userId: string; messageId: string }
  | { kind: 'file'; userId: string; messageId: string; fileName: string; fileSize: number }
  | { kind: 'location'; userId: string; title?: string; address?: string; latitude: number; longitude: number }
  | { kind: 'sticker'; userId: string; packageId: string; stickerId: string }
  /** Anything the bot does not act on: join, leave, unsend, group messages, types LINE adds later. */
  | { kind: 'other'; eventType: string };

export function toEventInput(event: WebhookEvent): EventInput {
  const other = { kind: 'other', eventType: event.type } as const;
  switch (event.type) {
    case 'message': {
      const parsed = messageEventSchema.safeParse(event);
      if (!parsed.success) return other;
      const userId = parsed.data.source.userId;
      const m = parsed.data.message;
      switch (m.type) {
        case 'text':
          return m.text === undefined ? other : { kind: 'text', userId, text: m.text };
        case 'image':
        case 'video':
        case 'audio':
          return { kind: m.type, userId, messageId: m.id };
        case 'file':
          return { kind: 'file', userId, messageId: m.id, fileName: m.fileName ?? '', fileSize: m.fileSize ?? 0 };
        case 'location':
          if (m.latitude === undefined || m.longitude === undefined) return other;
          return {
            kind: 'location',
            userId,
            latitude: m.latitude,
            longitude: m.longitude,
            ...(m.title !== undefined ? { title: m.title } : {}),
            ...(m.address !== undefined ? { address: m.address } : {}),
          };
        case 'sticker':
          return { kind: 'sticker', userId, packageId: m.packageId ?? '', stickerId: m.stickerId ?? '' };
        default:
          return other;
      }
    }
    case 'postback': {
      const parsed = postbackEventSchema.safeParse(event);
      if (!parsed.success) return other;
      const { date, time, datetime } = parsed.data.postback.params ?? {};
      const params: PostbackParams = {
        ...(date !== undefined ? { date } : {}),
        ...(time !== undefined ? { time } : {}),
        ...(datetime !== undefined ? { datetime } : {}),
      };
      return { kind: 'postback', userId: parsed.data.source.userId, data: parsed.data.postback.data, params };
    }
    case 'follow': {
      const parsed = followEventSchema.safeParse(event);
      if (!parsed.success) return other;
      return { kind: 'follow', userId: parsed.data.source.userId, isUnblocked: parsed.data.follow?.isUnblocked ?? false };
    }
    case 'unfollow': {
      const parsed = unfollowEventSchema.safeParse(event);
      return parsed.success ? { kind: 'unfollow', userId: parsed.data.source.userId } : other;
    }
    default:
      return other;
  }
}

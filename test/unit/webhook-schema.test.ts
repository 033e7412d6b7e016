import { describe, expect, it } from '@jest/globals';
import { chatKeyOf, webhookBodySchema } from '../../src/line/webhook-schema.ts';

const base = {
  timestamp: 1_700_000_000_000,
  mode: 'active',
  webhookEventId: '01HZXKQ8E6Y3Y5ZB4Q7M2N9P0R',
  deliveryContext: { isRedelivery: false },
  source: { type: 'user', userId: 'U123' },
};

describe('webhook body schema', () => {
  it('accepts a text message event and keeps its fields', () => {
    const body = { destination: 'Ubot', events: [{ ...base, type: 'message', replyToken: 'r', message: { id: '1', type: 'text', text: 'สวัสดี' } }] };
    const parsed = webhookBodySchema.parse(body);
    expect(parsed.events[0]).toMatchObject({ type: 'message', message: { text: 'สวัสดี' } });
  });

  it('accepts event types it does not know, so they are stored and ignored', () => {
    const parsed = webhookBodySchema.safeParse({ destination: 'Ubot', events: [{ ...base, type: 'somethingNew', extra: { a: 1 } }] });
    expect(parsed.success).toBe(true);
  });

  it('accepts an empty event list (LINE verify button)', () => {
    expect(webhookBodySchema.safeParse({ destination: 'Ubot', events: [] }).success).toBe(true);
  });

  it.each(['type', 'timestamp', 'mode', 'webhookEventId', 'deliveryContext'])('rejects an event without %s', (field) => {
    const event: Record<string, unknown> = { ...base, type: 'follow' };
    delete event[field];
    expect(webhookBodySchema.safeParse({ destination: 'Ubot', events: [event] }).success).toBe(false);
  });

  it('rejects bodies that are not LINE webhooks', () => {
    for (const body of [null, [], {}, { events: [] }, { destination: 'x' }, { destination: 'x', events: {} }]) {
      expect(webhookBodySchema.safeParse(body).success).toBe(false);
    }
  });

  it('keys a chat by user, then group, then room, else "-"', () => {
    expect(chatKeyOf({ source: { type: 'user', userId: 'U1' } })).toBe('U1');
    expect(chatKeyOf({ source: { type: 'group', groupId: 'G1', userId: 'U1' } })).toBe('U1');
    expect(chatKeyOf({ source: { type: 'group', groupId: 'G1' } })).toBe('G1');
    expect(chatKeyOf({ source: { type: 'room', roomId: 'R1' } })).toBe('R1');
    expect(chatKeyOf({})).toBe('-');
  });
});

import { describe, expect, it } from '@jest/globals';
import { chatKeyOf, jsonDepthExceeds, storableJson, webhookBodySchema } from '../../src/line/webhook-schema.ts';

const base = {
  timestamp: 1_700_000_000_000,
  mode: 'active',
  webhookEventId: '01HZXKQ8E6Y3Y5ZB4Q7M2N9P0R',
  deliveryContext: { isRedelivery: false },
  source: { type: 'user', userId: 'U0123456789abcdef0123456789abcdef' },
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

describe('what LINE can send, and no more', () => {
  const event = (patch: Record<string, unknown>) => ({ destination: 'Ubot', events: [{ ...base, type: 'follow', ...patch }] });
  it('takes LINE-shaped user, group and room ids and refuses any other', () => {
    expect(webhookBodySchema.safeParse(event({ source: { type: 'group', groupId: `C${'a'.repeat(32)}`, userId: `U${'b'.repeat(32)}` } })).success).toBe(true);
    expect(webhookBodySchema.safeParse(event({ source: { type: 'room', roomId: `R${'c'.repeat(32)}` } })).success).toBe(true);
    for (const userId of ['U123', `U${'A'.repeat(32)}`, `U${'a'.repeat(33)}`, `U${'a'.repeat(300_000)}`, `X${'a'.repeat(32)}`]) {
      expect(webhookBodySchema.safeParse(event({ source: { type: 'user', userId } })).success).toBe(false);
    }
  });
  it('takes timestamps from 2000 to 2100 only (year 10000 and 8.64e15 could not be stored)', () => {
    expect(webhookBodySchema.safeParse(event({ timestamp: Date.UTC(2026, 0, 1) })).success).toBe(true);
    for (const timestamp of [8.64e15, Date.UTC(10000, 0, 1), -1, 0, Date.UTC(1999, 11, 31)]) {
      expect(webhookBodySchema.safeParse(event({ timestamp })).success).toBe(false);
    }
  });
  it('measures nesting on the raw bytes, brackets inside strings aside', () => {
    expect(jsonDepthExceeds(Buffer.from(`${'['.repeat(33)}${']'.repeat(33)}`))).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(`${'['.repeat(32)}${']'.repeat(32)}`))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ text: '['.repeat(100) + '\\"{' })))).toBe(false);
  });
  it('makes U+0000 and lone surrogates storable as U+FFFD, keeping surrogate pairs', () => {
    expect(storableJson({ a: '\ud83d', 'b\u0000': ['x\udc00y', '😀', 'ok'] })).toEqual({ a: '\uFFFD', 'b\uFFFD': ['x\uFFFDy', '😀', 'ok'] });
  });
});

import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import {
  decodePostback,
  definePostbackAction,
  encodePostback,
  encodeSealedPostback,
  POSTBACK_MAX_LENGTH,
  PostbackEncodeError,
  PostbackRegistry,
  sealPostbacks,
} from '../../src/line/postback.ts';

const SECRET = 'channel-secret-for-tests';
const openTicket = definePostbackAction('repair:open', 'repair', z.object({ ticketId: z.number().int(), rev: z.number().int() }));
const note = definePostbackAction('test:note', 'test', z.object({ text: z.string() }));
const registry = new PostbackRegistry([openTicket, note]);

describe('postback codec', () => {
  it('round-trips an action and its ids through sealed data', () => {
    const data = encodeSealedPostback(openTicket, { ticketId: 42, rev: 3 }, SECRET);
    expect(data.length).toBeLessThanOrEqual(POSTBACK_MAX_LENGTH);
    const decoded = decodePostback(data, SECRET, registry);
    expect(decoded).toEqual({ ok: true, action: openTicket, payload: { ticketId: 42, rev: 3 } });
  });

  it('carries Thai text in the payload intact', () => {
    const data = encodeSealedPostback(note, { text: 'ห้องประชุม ๑' }, SECRET);
    const decoded = decodePostback(data, SECRET, registry);
    expect(decoded.ok && decoded.payload).toEqual({ text: 'ห้องประชุม ๑' });
  });

  it('rejects data whose payload was changed as forged', () => {
    const data = encodeSealedPostback(openTicket, { ticketId: 42, rev: 3 }, SECRET);
    const [v, name, , mac] = data.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ ticketId: 43, rev: 3 })).toString('base64url');
    expect(decodePostback(`${v}.${name}.${otherPayload}.${mac}`, SECRET, registry)).toEqual({ ok: false, reason: 'forged' });
  });

  it('rejects data sealed with another secret as forged', () => {
    const data = encodeSealedPostback(openTicket, { ticketId: 1, rev: 1 }, 'another-secret');
    expect(decodePostback(data, SECRET, registry)).toEqual({ ok: false, reason: 'forged' });
  });

  it('rejects unsealed data as malformed: only the dispatcher can make a working button', () => {
    const unsealed = encodePostback(openTicket, { ticketId: 1, rev: 1 });
    expect(decodePostback(unsealed, SECRET, registry)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('answers unknown for a genuine button whose action no longer exists', () => {
    const gone = definePostbackAction('old:thing', 'old', z.object({}));
    const data = encodeSealedPostback(gone, {}, SECRET);
    expect(decodePostback(data, SECRET, registry)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('answers version for data of another codec version', () => {
    const data = encodeSealedPostback(openTicket, { ticketId: 1, rev: 1 }, SECRET);
    expect(decodePostback(`2${data.slice(1)}`, SECRET, registry)).toEqual({ ok: false, reason: 'version' });
  });

  it('answers malformed for garbage, old formats and payloads that no longer fit the schema', () => {
    for (const data of ['', 'hello', 'v1|repair.start', 'a.b.c.d', `1.repair:open.!!!.${'x'.repeat(16)}`, 'x'.repeat(301)]) {
      expect(decodePostback(data, SECRET, registry)).toEqual({ ok: false, reason: 'malformed' });
    }
    const changed = definePostbackAction('repair:open', 'repair', z.object({ ticketId: z.string() }));
    const data = encodeSealedPostback(changed, { ticketId: 'T-1' }, SECRET);
    expect(decodePostback(data, SECRET, registry)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses to build a button with an invalid payload or one longer than LINE allows', () => {
    expect(() => encodePostback(openTicket, { ticketId: 1.5, rev: 1 })).toThrow(PostbackEncodeError);
    expect(() => encodePostback(note, { text: 'ก'.repeat(100) })).toThrow(/300/);
  });

  it('seals every postback and date-time picker in outgoing messages and nothing else', () => {
    const unsealed = encodePostback(note, { text: 'x' });
    const messages = [
      {
        type: 'text',
        text: unsealed,
        quickReply: { items: [{ type: 'action', action: { type: 'postback', label: 'a', data: unsealed } }] },
      },
      { type: 'template', template: { actions: [{ type: 'datetimepicker', data: unsealed, mode: 'date' }, { type: 'uri', uri: 'https://x.test' }] } },
      { type: 'flex', contents: { footer: { contents: [{ type: 'button', action: { type: 'postback', data: 'plain-data' } }] } } },
    ];
    const sealed = sealPostbacks(messages, SECRET);
    expect(sealed[0]!.text).toBe(unsealed);
    const quick = sealed[0]!.quickReply!.items[0]!.action.data;
    expect(decodePostback(quick, SECRET, registry).ok).toBe(true);
    const picker = (sealed[1] as { template: { actions: Array<{ data?: string }> } }).template.actions[0]!.data!;
    expect(decodePostback(picker, SECRET, registry).ok).toBe(true);
    expect(JSON.stringify(sealed[2])).toContain('"plain-data"');
    expect(messages[0]!.quickReply!.items[0]!.action.data).toBe(unsealed);
  });
});

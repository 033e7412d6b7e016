import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { postbackEventSchema } from '../../src/line/webhook-schema.ts';
import { startEmulatorHarness, type EmulatorHarness } from '../support/emulator-harness.ts';
import { loadOpenApiValidator } from '../support/openapi.ts';

/**
 * A tap on a date-time picker through the scripting API: the postback reaches the webhook with
 * `postback.params` as LINE sends it. The webhook spec types `params` only as a map of strings; the formats
 * are those of LINE's reference for the postback event and the datetimepicker action (`date` yyyy-MM-dd,
 * `time` HH:mm, `datetime` yyyy-MM-ddTHH:mm, dates from 1900-01-01 to 2100-12-31). A value no picker can
 * produce is refused with a 400 naming the property, and nothing is sent.
 */

const webhookSpec = loadOpenApiValidator('webhook.yml');
const LINE_FORMATS = {
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  time: /^([01]\d|2[0-3]):[0-5]\d$/,
  datetime: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/,
} as const;

let h: EmulatorHarness;
let userId: string;

beforeAll(async () => {
  h = await startEmulatorHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  h.received.length = 0;
  await h.control('POST', '/reset');
  userId = await h.newUser();
});

async function tap(params: unknown) {
  return h.control('POST', `/users/${userId}/postbacks`, { data: 'v1:pick', params });
}

describe('date-time picker taps through the scripting API', () => {
  it.each([
    ['date', { date: '2026-03-20' }],
    ['time', { time: '13:45' }],
    ['time at midnight', { time: '00:00' }],
    ['datetime', { datetime: '2026-03-20T09:30' }],
    ['datetime on a leap day', { datetime: '2028-02-29T23:59' }],
  ])('a %s picker reaches the webhook with postback.params as LINE sends it', async (_name, params) => {
    const res = await tap(params);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(200);
    expect(h.received).toHaveLength(1);
    const delivery = h.received[0]!;
    expect(delivery.signatureValid).toBe(true);
    expect(webhookSpec.validate('CallbackRequest', delivery.body).errors).toEqual([]);
    const event = delivery.body.events[0]!;
    expect(webhookSpec.validate('PostbackEvent', event).errors).toEqual([]);
    expect(event).toMatchObject({ type: 'postback', webhookEventId: res.body.webhookEventId, source: { type: 'user', userId } });
    expect(event.postback).toEqual({ data: 'v1:pick', params });
    const [[mode, value]] = Object.entries(params) as [[keyof typeof LINE_FORMATS, string]];
    expect(value).toMatch(LINE_FORMATS[mode]);
    // The bot reads the same params back when it handles the event.
    const read = postbackEventSchema.parse(event);
    expect(read.postback.params?.[mode]).toBe(value);
    // The user's side of the conversation shows the tap with its params.
    const { body } = await h.control('GET', `/users/${userId}/conversation`);
    expect(body.entries.at(-1).message).toEqual({ type: 'postback', data: 'v1:pick', params });
  });

  it.each([
    ['a month 13, day 45 date', { date: '2026-13-45' }, 'params.date'],
    ['a 30 February', { date: '2026-02-30' }, 'params.date'],
    ['a date with a time', { date: '2026-03-20T09:30' }, 'params.date'],
    ['a date before 1900', { date: '1899-12-31' }, 'params.date'],
    ['a date after 2100', { date: '2101-01-01' }, 'params.date'],
    ['a time of 24:00', { time: '24:00' }, 'params.time'],
    ['a time without its leading zero', { time: '9:30' }, 'params.time'],
    ['a time with seconds', { time: '09:30:00' }, 'params.time'],
    ['a datetime with a space', { datetime: '2026-03-20 09:30' }, 'params.datetime'],
    ['a datetime with seconds and a zone', { datetime: '2026-03-20T09:30:00Z' }, 'params.datetime'],
    ['a datetime on 29 February of a common year', { datetime: '2026-02-29T10:00' }, 'params.datetime'],
    ['a datetime at 25 o’clock', { datetime: '2026-03-20T25:00' }, 'params.datetime'],
  ])('%s is refused with a 400 naming the property, and nothing is sent', async (_name, params, property) => {
    const res = await tap(params);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/error/);
    expect(res.body.details).toEqual([expect.objectContaining({ property })]);
    expect(res.body.details[0].message).toMatch(/yyyy-MM-dd|HH:mm/);
    expect(h.received).toHaveLength(0);
    const { body } = await h.control('GET', `/users/${userId}/conversation`);
    expect(body.entries).toEqual([]);
  });

  it.each([
    ['no value at all', {}],
    ['two values at once', { date: '2026-03-20', time: '09:30' }],
    ['a mode LINE has no picker for', { week: '2026-W12' }],
    ['a value that is not text', { date: 20260320 }],
  ])('params with %s are refused with a 400, and nothing is sent', async (_name, params) => {
    const res = await tap(params);
    expect(res.status).toBe(400);
    expect(res.body.details.length).toBeGreaterThan(0);
    expect(h.received).toHaveLength(0);
  });
});

import { describe, expect, it } from '@jest/globals';
import { buildTestEvent, buildWebhookBody, randomUserId, webhookHeaders } from '../../scripts/send-test-event.ts';
import { verifySignature } from '../../src/line/signature.ts';
import { loadOpenApiValidator } from '../support/openapi.ts';

const spec = loadOpenApiValidator('webhook.yml');
const user = randomUserId();

describe('the test event sender', () => {
  it.each([
    ['text message', { type: 'message', userId: user, text: 'สวัสดีค่ะ' }],
    ['follow', { type: 'follow', userId: user }],
    ['postback', { type: 'postback', userId: user, data: 'v1|menu' }],
  ] as const)('builds a %s body that LINE’s webhook spec accepts as a CallbackRequest', (_name, event) => {
    const body = buildWebhookBody([buildTestEvent(event)]);
    expect(spec.validate('CallbackRequest', JSON.parse(body))).toEqual({ valid: true, errors: [] });
  });

  it('gives each event a distinct ULID webhookEventId and reply token', () => {
    const a = buildTestEvent({ type: 'message', userId: user, text: 'a' });
    const b = buildTestEvent({ type: 'message', userId: user, text: 'a' });
    expect(a.webhookEventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a.webhookEventId).not.toBe(b.webhookEventId);
    expect(a.replyToken).not.toBe(b.replyToken);
  });

  it('signs the exact body so that the webhook’s verification accepts it, and only with the right secret', () => {
    const body = buildWebhookBody([buildTestEvent({ type: 'follow', userId: user })]);
    const signature = webhookHeaders('channel-secret', body)['x-line-signature'];
    expect(verifySignature('channel-secret', Buffer.from(body), signature)).toBe(true);
    expect(verifySignature('other-secret', Buffer.from(body), signature)).toBe(false);
    expect(verifySignature('channel-secret', Buffer.from(`${body} `), signature)).toBe(false);
  });

  it('the spec check itself rejects a body that LINE would not send', () => {
    const event = buildTestEvent({ type: 'message', userId: user, text: 'x' });
    delete (event.message as Record<string, unknown>).quoteToken;
    expect(spec.validate('CallbackRequest', JSON.parse(buildWebhookBody([event]))).valid).toBe(false);
  });
});

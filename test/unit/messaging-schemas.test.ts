import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import {
  ACTION_TYPES,
  actionSchema,
  createRichMenuAliasRequestSchema,
  FLEX_COMPONENT_TYPES,
  flexComponentSchema,
  flexContainerSchema,
  lineErrorDetails,
  MESSAGE_TYPES,
  messageSchema,
  multicastRequestSchema,
  pushMessageRequestSchema,
  quickReplySchema,
  replyMessageRequestSchema,
  richMenuRequestSchema,
  senderSchema,
  showLoadingAnimationRequestSchema,
  templateSchema,
} from '../../src/line/messaging-schemas.ts';
import * as fx from '../support/line-fixtures.ts';
import { loadOpenApiValidator, type SpecSchema } from '../support/openapi.ts';

const spec = loadOpenApiValidator('messaging-api.yml');
type Value = Record<string, unknown>;

/** Each covered spec component, our schema for it, and a valid example. */
const covered: { component: string; ours: z.ZodType; value: () => Value }[] = [
  ...Object.entries(fx.actions).map(([component, value]) => ({ component, ours: actionSchema, value })),
  ...Object.entries(fx.flex).map(([component, value]) => ({ component, ours: flexComponentSchema, value })),
  ...Object.entries(fx.containers).map(([component, value]) => ({ component, ours: flexContainerSchema, value })),
  ...Object.entries(fx.templates).map(([component, value]) => ({ component, ours: templateSchema, value })),
  ...Object.entries(fx.messages).map(([component, value]) => ({ component, ours: messageSchema, value })),
  { component: 'QuickReply', ours: quickReplySchema, value: fx.quickReply },
  { component: 'Sender', ours: senderSchema, value: fx.sender },
  { component: 'ReplyMessageRequest', ours: replyMessageRequestSchema, value: fx.requests.ReplyMessageRequest },
  { component: 'PushMessageRequest', ours: pushMessageRequestSchema, value: fx.requests.PushMessageRequest },
  { component: 'MulticastRequest', ours: multicastRequestSchema, value: fx.requests.MulticastRequest },
  { component: 'ShowLoadingAnimationRequest', ours: showLoadingAnimationRequestSchema, value: fx.requests.ShowLoadingAnimationRequest },
  { component: 'RichMenuRequest', ours: richMenuRequestSchema, value: fx.requests.RichMenuRequest },
  { component: 'CreateRichMenuAliasRequest', ours: createRichMenuAliasRequestSchema, value: fx.requests.CreateRichMenuAliasRequest },
];

const text = (t: string) => ({ type: 'text', text: t });
const withMessages = (...messages: unknown[]) => ({ to: fx.USER_ID, messages });
const flexMessage = (contents: unknown) => ({ type: 'flex', altText: 'x', contents });
const bubbleWithBody = (...contents: unknown[]) => ({ type: 'bubble', body: { type: 'box', layout: 'vertical', contents } });
const padded = (bytes: number) => bubbleWithBody(text('ก'.repeat(Math.ceil(bytes / 3))));

describe('our Messaging API schemas accept what LINE accepts', () => {
  it.each(covered.map((c) => [c.component, c] as const))('a valid %s passes our schema and LINE spec', (_name, c) => {
    const value = c.value();
    expect(spec.validate(c.component, value)).toEqual({ valid: true, errors: [] });
    const ours = c.ours.safeParse(value);
    expect(ours.error?.issues ?? []).toEqual([]);
  });

  it('every message type passes as a Message in both, including a flex carousel and a video hero', () => {
    const all = [...Object.values(fx.messages).map((m) => m()), flexMessage(fx.containers.FlexCarousel())];
    for (const message of all) {
      expect(spec.validate('Message', message).errors).toEqual([]);
      expect(messageSchema.safeParse(message).success).toBe(true);
    }
  });
});

describe('our schemas reject what LINE spec rejects', () => {
  const invalid: [string, string, z.ZodType, unknown][] = [
    ['a text message without text', 'Message', messageSchema, { type: 'text' }],
    ['an image without previewImageUrl', 'Message', messageSchema, { type: 'image', originalContentUrl: fx.IMG }],
    ['an unknown message type', 'Message', messageSchema, { type: 'hologram', text: 'x' }],
    ['a message without type', 'Message', messageSchema, { text: 'x' }],
    ['a sticker with numeric ids', 'Message', messageSchema, { type: 'sticker', packageId: 446, stickerId: 1988 }],
    ['a location with a string latitude', 'Message', messageSchema, { ...fx.messages.LocationMessage(), latitude: 'north' }],
    ['a flex message without altText', 'Message', messageSchema, { type: 'flex', contents: fx.bubble() }],
    ['a template message without template', 'Message', messageSchema, { type: 'template', altText: 'x' }],
    ['a box with a bad layout', 'FlexContainer', flexContainerSchema, { type: 'bubble', body: { type: 'box', layout: 'diagonal', contents: [] } }],
    ['a box without contents', 'FlexContainer', flexContainerSchema, { type: 'bubble', body: { type: 'box', layout: 'vertical' } }],
    ['a button without action', 'FlexContainer', flexContainerSchema, bubbleWithBody({ type: 'button', style: 'primary' })],
    ['an image component without url', 'FlexContainer', flexContainerSchema, bubbleWithBody({ type: 'image', size: 'full' })],
    ['an unknown component type', 'FlexContainer', flexContainerSchema, bubbleWithBody({ type: 'marquee', text: 'x' })],
    ['a bubble of a bad size', 'FlexContainer', flexContainerSchema, { type: 'bubble', size: 'huge' }],
    ['a carousel without contents', 'FlexContainer', flexContainerSchema, { type: 'carousel' }],
    ['an unknown container type', 'FlexContainer', flexContainerSchema, { type: 'poster' }],
    ['an unknown action type', 'Action', actionSchema, { type: 'teleport', label: 'x' }],
    ['a datetime picker with a bad mode', 'Action', actionSchema, { ...fx.actions.DatetimePickerAction(), mode: 'week' }],
    ['postback data over 300 characters', 'Action', actionSchema, { ...fx.actions.PostbackAction(), data: 'x'.repeat(301) }],
    ['an empty clipboard text', 'Action', actionSchema, { ...fx.actions.ClipboardAction(), clipboardText: '' }],
    ['a postback with a bad inputOption', 'Action', actionSchema, { ...fx.actions.PostbackAction(), inputOption: 'openCamera' }],
    ['fourteen quick reply items', 'QuickReply', quickReplySchema, { items: Array.from({ length: 14 }, () => fx.quickReply().items[1]) }],
    ['a sender name over 20 characters', 'Sender', senderSchema, { name: 'x'.repeat(21) }],
    ['a push without to', 'PushMessageRequest', pushMessageRequestSchema, { messages: [text('x')] }],
    ['a push without messages', 'PushMessageRequest', pushMessageRequestSchema, withMessages()],
    ['a push of six messages', 'PushMessageRequest', pushMessageRequestSchema, withMessages(...Array.from({ length: 6 }, () => text('x')))],
    ['a reply without a reply token', 'ReplyMessageRequest', replyMessageRequestSchema, { messages: [text('x')] }],
    ['a reply with a non-boolean notificationDisabled', 'ReplyMessageRequest', replyMessageRequestSchema, { ...fx.requests.ReplyMessageRequest(), notificationDisabled: 'yes' }],
    ['a multicast to 501 users', 'MulticastRequest', multicastRequestSchema, { to: Array.from({ length: 501 }, () => fx.USER_ID), messages: [text('x')] }],
    ['a multicast to a single string', 'MulticastRequest', multicastRequestSchema, { to: fx.USER_ID, messages: [text('x')] }],
    ['a loading animation of 90 seconds', 'ShowLoadingAnimationRequest', showLoadingAnimationRequestSchema, { chatId: fx.USER_ID, loadingSeconds: 90 }],
    ['a rich menu chat bar text over 14 characters', 'RichMenuRequest', richMenuRequestSchema, { ...fx.richMenuRequest(), chatBarText: 'x'.repeat(15) }],
    ['a rich menu alias id with capitals', 'CreateRichMenuAliasRequest', createRichMenuAliasRequestSchema, { richMenuAliasId: 'Menu-B', richMenuId: 'r' }],
  ];

  it.each(invalid)('%s is rejected by LINE spec and by ours', (_name, component, ours, value) => {
    expect(spec.validate(component, value).valid).toBe(false);
    expect(ours.safeParse(value).success).toBe(false);
  });
});

describe('LINE limits the spec does not express are enforced by ours', () => {
  // The OpenAPI file leaves these out; LINE's reference documents them and the API enforces them.
  const beyondSpec: [string, string, z.ZodType, unknown][] = [
    ['text over 5000 characters', 'Message', messageSchema, text('x'.repeat(5001))],
    ['altText over 400 characters', 'Message', messageSchema, { ...fx.messages.FlexMessage(), altText: 'x'.repeat(401) }],
    ['an empty text', 'Message', messageSchema, text('')],
    ['a bubble over 30 KB of JSON', 'FlexContainer', flexContainerSchema, padded(31 * 1024)],
    ['a carousel of 13 bubbles', 'FlexContainer', flexContainerSchema, { type: 'carousel', contents: Array.from({ length: 13 }, fx.bubble) }],
    ['a carousel over 50 KB though each bubble fits', 'FlexContainer', flexContainerSchema, { type: 'carousel', contents: [padded(26 * 1024), padded(26 * 1024)] }],
    ['an action label over 20 characters', 'Action', actionSchema, { ...fx.actions.MessageAction(), label: 'x'.repeat(21) }],
    ['a postback without data', 'Action', actionSchema, { type: 'postback', label: 'x' }],
    ['a quick reply button without a label', 'QuickReply', quickReplySchema, { items: [{ type: 'action', action: { type: 'camera' } }] }],
    ['a loading animation of 7 seconds (not a multiple of 5)', 'ShowLoadingAnimationRequest', showLoadingAnimationRequestSchema, { chatId: fx.USER_ID, loadingSeconds: 7 }],
    ['a confirm template with three actions', 'Message', messageSchema, { type: 'template', altText: 'x', template: { ...fx.templates.ConfirmTemplate(), actions: Array.from({ length: 3 }, fx.actions.MessageAction) } }],
    ['a rich menu without areas and name', 'RichMenuRequest', richMenuRequestSchema, { size: { width: 2500, height: 843 }, selected: false, chatBarText: 'x' }],
    ['a rich menu area outside the menu', 'RichMenuRequest', richMenuRequestSchema, { ...fx.richMenuRequest(), areas: [{ bounds: { x: 2000, y: 0, width: 1000, height: 843 }, action: fx.actions.PostbackAction() }] }],
  ];

  it.each(beyondSpec)('%s: LINE spec lets it through, our schema rejects it', (_name, component, ours, value) => {
    expect(spec.validate(component, value).errors).toEqual([]);
    expect(ours.safeParse(value).success).toBe(false);
  });

  it('a bubble just under 30 KB passes', () => {
    const bubble = padded(29 * 1024);
    expect(Buffer.byteLength(JSON.stringify(bubble))).toBeLessThan(30 * 1024);
    expect(flexContainerSchema.safeParse(bubble).success).toBe(true);
  });
});

/** The component's own parts: itself and the inline or referenced members of its allOf, recursively. */
function parts(schema: SpecSchema): SpecSchema[] {
  const out = [schema];
  for (const member of (schema.allOf as SpecSchema[] | undefined) ?? []) {
    const ref = member.$ref as string | undefined;
    out.push(...parts(ref ? spec.component(ref.split('/').pop()!) : member));
  }
  return out;
}

describe('checks derived from LINE spec', () => {
  it('covers every message type LINE spec defines except the two this bot never sends', () => {
    const specTypes = spec.discriminatorKeys('Message');
    expect(MESSAGE_TYPES.filter((t) => !specTypes.includes(t))).toEqual([]);
    expect(specTypes.filter((t) => !MESSAGE_TYPES.includes(t as never)).sort()).toEqual(['coupon', 'textV2']);
  });

  it('covers exactly the action, flex component, container and template types of the spec', () => {
    expect([...ACTION_TYPES].sort()).toEqual(spec.discriminatorKeys('Action').sort());
    expect([...FLEX_COMPONENT_TYPES].sort()).toEqual(spec.discriminatorKeys('FlexComponent').sort());
    expect(flexContainerSchema.options.map((o) => o.shape.type.value).sort()).toEqual(spec.discriminatorKeys('FlexContainer').sort());
    expect(templateSchema.options.map((o) => o.shape.type.value).sort()).toEqual(spec.discriminatorKeys('Template').sort());
  });

  it('every property the spec requires of a covered component is required by ours', () => {
    let checked = 0;
    for (const c of covered) {
      const required = new Set(parts(spec.component(c.component)).flatMap((p) => (p.required as string[] | undefined) ?? []));
      required.delete('type');
      for (const property of required) {
        const value = c.value();
        expect(value).toHaveProperty(property);
        delete value[property];
        expect([c.component, property, spec.validate(c.component, value).valid]).toEqual([c.component, property, false]);
        expect([c.component, property, c.ours.safeParse(value).success]).toEqual([c.component, property, false]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('every maxLength and maxItems in the spec of a covered component is the same limit in ours', () => {
    const checked: string[] = [];
    for (const c of covered) {
      for (const part of parts(spec.component(c.component))) {
        for (const [property, schema] of Object.entries((part.properties as Record<string, SpecSchema> | undefined) ?? {})) {
          const max = (schema.maxLength ?? schema.maxItems) as number | undefined;
          if (max === undefined) continue;
          const at = (n: number) => {
            const value = c.value();
            if (schema.maxItems !== undefined) {
              const first = (value[property] as unknown[] | undefined)?.[0];
              value[property] = Array.from({ length: n }, () => first);
            } else {
              value[property] = schema.format === 'uri' ? `https://example.com/${'a'.repeat(n - 20)}` : 'a'.repeat(n);
            }
            return value;
          };
          const label = `${c.component}.${property} ≤ ${max}`;
          expect([label, spec.validate(c.component, at(max)).valid, c.ours.safeParse(at(max)).success]).toEqual([label, true, true]);
          expect([label, spec.validate(c.component, at(max + 1)).valid, c.ours.safeParse(at(max + 1)).success]).toEqual([label, false, false]);
          checked.push(label);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(10);
  });
});

describe('lineErrorDetails', () => {
  it('names each offending property the way LINE does', () => {
    const result = pushMessageRequestSchema.safeParse(withMessages(text('x'.repeat(5001)), { type: 'hologram' }));
    expect(result.success).toBe(false);
    const body = lineErrorDetails(result.error!);
    expect(body.message).toBe('The request body has 2 error(s)');
    expect(body.details.map((d) => d.property)).toEqual(['messages[0].text', 'messages[1].type']);
    expect(body.details[0]!.message).toBe('Length must be between 0 and 5000');
  });
});

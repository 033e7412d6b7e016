import { z } from 'zod';

/**
 * LINE's action objects and the small shared pieces (URLs, colours, quick reply, sender).
 * Limits follow LINE's reference (developers.line.biz/en/reference/messaging-api); where the official
 * OpenAPI spec is looser (e.g. it leaves `data` optional), the reference wins because LINE enforces it.
 */

export const LIMITS = {
  messagesPerRequest: 5,
  textLength: 5000,
  altTextLength: 400,
  actionLabelLength: 20,
  postbackDataLength: 300,
  quickReplyItems: 13,
  flexBubbleBytes: 30 * 1024,
  flexCarouselBytes: 50 * 1024,
  flexCarouselBubbles: 12,
  multicastRecipients: 500,
  urlLength: 2000,
  uriActionLength: 1000,
  senderNameLength: 20,
  richMenuAreas: 20,
  richMenuChatBarTextLength: 14,
  richMenuNameLength: 300,
  clipboardTextLength: 1000,
} as const;

/** An absolute URL of at most `max` characters (LINE checks both). */
export const urlSchema = (max: number = LIMITS.urlLength) =>
  z.string().max(max).refine((value) => URL.canParse(value), { message: 'Must be a valid URL' });

export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/, 'Must be a hex colour such as #RRGGBB');

const label = z.string().min(1).max(LIMITS.actionLabelLength);
const data = z.string().min(1).max(LIMITS.postbackDataLength);

export const postbackActionSchema = z
  .object({
    type: z.literal('postback'),
    label: label.optional(),
    data,
    displayText: z.string().min(1).max(300).optional(),
    text: z.string().min(1).max(300).optional(),
    inputOption: z.enum(['closeRichMenu', 'openRichMenu', 'openKeyboard', 'openVoice']).optional(),
    fillInText: z.string().max(300).optional(),
  })
  .refine((a) => !(a.displayText !== undefined && a.text !== undefined), {
    message: 'displayText and text cannot both be specified',
    path: ['text'],
  });

export const messageActionSchema = z.looseObject({
  type: z.literal('message'),
  label: label.optional(),
  text: z.string().min(1).max(300),
});

export const uriActionSchema = z.looseObject({
  type: z.literal('uri'),
  label: label.optional(),
  uri: urlSchema(LIMITS.uriActionLength),
  altUri: z.looseObject({ desktop: urlSchema(LIMITS.uriActionLength) }).optional(),
});

const DATETIME_FORMATS = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}$/,
  datetime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/,
} as const;

export const datetimePickerActionSchema = z
  .object({
    type: z.literal('datetimepicker'),
    label: label.optional(),
    data,
    mode: z.enum(['date', 'time', 'datetime']),
    initial: z.string().optional(),
    max: z.string().optional(),
    min: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    for (const key of ['initial', 'max', 'min'] as const) {
      const value = a[key];
      if (value !== undefined && !DATETIME_FORMATS[a.mode].test(value)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `Must match the ${a.mode} format` });
      }
    }
  });

export const cameraActionSchema = z.looseObject({ type: z.literal('camera'), label: label.optional() });
export const cameraRollActionSchema = z.looseObject({ type: z.literal('cameraRoll'), label: label.optional() });
export const locationActionSchema = z.looseObject({ type: z.literal('location'), label: label.optional() });

export const richMenuSwitchActionSchema = z.looseObject({
  type: z.literal('richmenuswitch'),
  label: label.optional(),
  richMenuAliasId: z.string().min(1).max(32),
  data,
});

export const clipboardActionSchema = z.looseObject({
  type: z.literal('clipboard'),
  label: label.optional(),
  clipboardText: z.string().min(1).max(LIMITS.clipboardTextLength),
});

export const actionSchema = z.discriminatedUnion('type', [
  postbackActionSchema,
  messageActionSchema,
  uriActionSchema,
  datetimePickerActionSchema,
  cameraActionSchema,
  cameraRollActionSchema,
  locationActionSchema,
  richMenuSwitchActionSchema,
  clipboardActionSchema,
]);
export type Action = z.infer<typeof actionSchema>;

/** The action `type`s our schema covers (checked against the spec's discriminator mapping in tests). */
export const ACTION_TYPES = actionSchema.options.map((option) => option.shape.type.value);

/** Quick reply buttons need a label; a rich menu switch makes no sense outside a rich menu. */
const quickReplyActionSchema = z.discriminatedUnion('type', [
  postbackActionSchema,
  messageActionSchema,
  uriActionSchema,
  datetimePickerActionSchema,
  cameraActionSchema,
  cameraRollActionSchema,
  locationActionSchema,
  clipboardActionSchema,
]).refine((a) => a.label !== undefined, { message: 'label must be specified', path: ['label'] });

export const quickReplySchema = z.looseObject({
  items: z
    .array(
      z.looseObject({
        type: z.literal('action'),
        imageUrl: urlSchema().optional(),
        action: quickReplyActionSchema,
      }),
    )
    .min(1)
    .max(LIMITS.quickReplyItems),
});

export const senderSchema = z.looseObject({
  name: z.string().min(1).max(LIMITS.senderNameLength).optional(),
  iconUrl: urlSchema().optional(),
});

import { z } from 'zod';
import { actionSchema, LIMITS, quickReplySchema, senderSchema, urlSchema } from './messaging-schemas-actions.ts';
import { flexContainerSchema } from './messaging-schemas-flex.ts';

/**
 * The project's own schemas of the Messaging API request bodies the bot sends, with LINE's limits.
 * The emulator validates every request with them, and tests hold them against LINE's official OpenAPI spec.
 * Objects are loose (unknown keys kept) because LINE measures the JSON as sent, e.g. for the bubble size limit.
 */

export * from './messaging-schemas-actions.ts';
export * from './messaging-schemas-flex.ts';

const common = {
  quickReply: quickReplySchema.optional(),
  sender: senderSchema.optional(),
};

export const textMessageSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string().min(1).max(LIMITS.textLength),
  emojis: z
    .array(z.looseObject({ index: z.number().int().min(0), productId: z.string(), emojiId: z.string() }))
    .max(20)
    .optional(),
  quoteToken: z.string().optional(),
  ...common,
});

export const stickerMessageSchema = z.looseObject({
  type: z.literal('sticker'),
  packageId: z.string().min(1),
  stickerId: z.string().min(1),
  quoteToken: z.string().optional(),
  ...common,
});

export const imageMessageSchema = z.looseObject({
  type: z.literal('image'),
  originalContentUrl: urlSchema(),
  previewImageUrl: urlSchema(),
  ...common,
});

export const videoMessageSchema = z.looseObject({
  type: z.literal('video'),
  originalContentUrl: urlSchema(),
  previewImageUrl: urlSchema(),
  trackingId: z.string().max(100).optional(),
  ...common,
});

export const audioMessageSchema = z.looseObject({
  type: z.literal('audio'),
  originalContentUrl: urlSchema(),
  duration: z.number().int().min(0),
  ...common,
});

export const locationMessageSchema = z.looseObject({
  type: z.literal('location'),
  title: z.string().min(1).max(100),
  address: z.string().min(1).max(100),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  ...common,
});

const area = z.looseObject({ x: z.number().int().min(0), y: z.number().int().min(0), width: z.number().int().min(1), height: z.number().int().min(1) });
const imagemapActionSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('uri'), label: z.string().max(100).optional(), linkUri: urlSchema(1000), area }),
  z.looseObject({ type: z.literal('message'), label: z.string().max(100).optional(), text: z.string().min(1).max(400), area }),
  z.looseObject({ type: z.literal('clipboard'), label: z.string().max(100).optional(), clipboardText: z.string().min(1).max(1000), area }),
]);

export const imagemapMessageSchema = z.looseObject({
  type: z.literal('imagemap'),
  baseUrl: urlSchema(),
  altText: z.string().min(1).max(LIMITS.altTextLength),
  baseSize: z.looseObject({ width: z.literal(1040), height: z.number().int().min(1) }),
  actions: z.array(imagemapActionSchema).min(1).max(50),
  video: z
    .looseObject({
      originalContentUrl: urlSchema(),
      previewImageUrl: urlSchema(),
      area,
      externalLink: z.looseObject({ linkUri: urlSchema(1000), label: z.string().max(30) }).optional(),
    })
    .optional(),
  ...common,
});

const aspect = z.enum(['rectangle', 'square']).optional();
const imageSize = z.enum(['cover', 'contain']).optional();
const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/).optional();
const withImageOrTitle = (c: { thumbnailImageUrl?: string | undefined; title?: string | undefined }) =>
  c.thumbnailImageUrl !== undefined || c.title !== undefined;

export const buttonsTemplateSchema = z
  .looseObject({
    type: z.literal('buttons'),
    thumbnailImageUrl: urlSchema().optional(),
    imageAspectRatio: aspect,
    imageSize,
    imageBackgroundColor: hex,
    title: z.string().min(1).max(40).optional(),
    text: z.string().min(1).max(160),
    defaultAction: actionSchema.optional(),
    actions: z.array(actionSchema).min(1).max(4),
  })
  .refine((t) => !withImageOrTitle(t) || t.text.length <= 60, { message: 'text must be at most 60 characters with an image or title', path: ['text'] });

export const confirmTemplateSchema = z.looseObject({
  type: z.literal('confirm'),
  text: z.string().min(1).max(240),
  actions: z.array(actionSchema).length(2),
});

const carouselColumnSchema = z
  .looseObject({
    thumbnailImageUrl: urlSchema().optional(),
    imageBackgroundColor: hex,
    title: z.string().min(1).max(40).optional(),
    text: z.string().min(1).max(120),
    defaultAction: actionSchema.optional(),
    actions: z.array(actionSchema).min(1).max(3),
  })
  .refine((c) => !withImageOrTitle(c) || c.text.length <= 60, { message: 'text must be at most 60 characters with an image or title', path: ['text'] });

export const carouselTemplateSchema = z
  .looseObject({
    type: z.literal('carousel'),
    columns: z.array(carouselColumnSchema).min(1).max(10),
    imageAspectRatio: aspect,
    imageSize,
  })
  .refine((t) => t.columns.every((c) => c.actions.length === t.columns[0]!.actions.length), {
    message: 'Every column must have the same number of actions',
    path: ['columns'],
  });

export const imageCarouselTemplateSchema = z.looseObject({
  type: z.literal('image_carousel'),
  columns: z.array(z.looseObject({ imageUrl: urlSchema(), action: actionSchema })).min(1).max(10),
});

export const templateSchema = z.discriminatedUnion('type', [
  buttonsTemplateSchema,
  confirmTemplateSchema,
  carouselTemplateSchema,
  imageCarouselTemplateSchema,
]);

export const templateMessageSchema = z.looseObject({
  type: z.literal('template'),
  altText: z.string().min(1).max(LIMITS.altTextLength),
  template: templateSchema,
  ...common,
});

export const flexMessageSchema = z.looseObject({
  type: z.literal('flex'),
  altText: z.string().min(1).max(LIMITS.altTextLength),
  contents: flexContainerSchema,
  ...common,
});

export const messageSchema = z.discriminatedUnion('type', [
  textMessageSchema,
  stickerMessageSchema,
  imageMessageSchema,
  videoMessageSchema,
  audioMessageSchema,
  locationMessageSchema,
  imagemapMessageSchema,
  templateMessageSchema,
  flexMessageSchema,
]);
export type Message = z.infer<typeof messageSchema>;

/** The message `type`s our schema covers (checked against the spec's discriminator mapping in tests). */
export const MESSAGE_TYPES = messageSchema.options.map((option) => option.shape.type.value);

const messages = z.array(messageSchema).min(1).max(LIMITS.messagesPerRequest);
const customAggregationUnits = z.array(z.string().regex(/^[a-zA-Z0-9_]{1,30}$/)).max(1).optional();

export const replyMessageRequestSchema = z.looseObject({
  replyToken: z.string().min(1),
  messages,
  notificationDisabled: z.boolean().optional(),
});

export const pushMessageRequestSchema = z.looseObject({
  to: z.string().min(1),
  messages,
  notificationDisabled: z.boolean().optional(),
  customAggregationUnits,
});

export const multicastRequestSchema = z.looseObject({
  to: z.array(z.string().min(1)).min(1).max(LIMITS.multicastRecipients),
  messages,
  notificationDisabled: z.boolean().optional(),
  customAggregationUnits,
});

export const showLoadingAnimationRequestSchema = z.looseObject({
  chatId: z.string().min(1),
  loadingSeconds: z
    .number()
    .int()
    .min(5)
    .max(60)
    .refine((s) => s % 5 === 0, { message: 'loadingSeconds must be a multiple of 5' })
    .optional(),
});

const richMenuAreaSchema = z.looseObject({
  bounds: z.looseObject({
    x: z.number().int().min(0),
    y: z.number().int().min(0),
    width: z.number().int().min(1),
    height: z.number().int().min(1),
  }),
  action: actionSchema,
});

export const richMenuRequestSchema = z
  .looseObject({
    size: z.looseObject({ width: z.number().int().min(800).max(2500), height: z.number().int().min(250) }),
    selected: z.boolean(),
    name: z.string().min(1).max(LIMITS.richMenuNameLength),
    chatBarText: z.string().min(1).max(LIMITS.richMenuChatBarTextLength),
    areas: z.array(richMenuAreaSchema).max(LIMITS.richMenuAreas),
  })
  .refine((m) => m.size.width / m.size.height >= 1.45, { message: 'Aspect ratio (width / height) must be at least 1.45', path: ['size'] })
  .superRefine((m, ctx) => {
    m.areas.forEach((a, i) => {
      if (a.bounds.x + a.bounds.width > m.size.width || a.bounds.y + a.bounds.height > m.size.height) {
        ctx.addIssue({ code: 'custom', path: ['areas', i, 'bounds'], message: 'The area must lie within the rich menu' });
      }
    });
  });
export type RichMenuRequest = z.infer<typeof richMenuRequestSchema>;

export const richMenuAliasIdSchema = z.string().regex(/^[a-z0-9_-]{1,32}$/);
export const createRichMenuAliasRequestSchema = z.looseObject({ richMenuAliasId: richMenuAliasIdSchema, richMenuId: z.string().min(1) });
export const updateRichMenuAliasRequestSchema = z.looseObject({ richMenuId: z.string().min(1) });

export interface LineErrorBody {
  message: string;
  details: { message: string; property: string }[];
}

/** A zod error in LINE's 400 shape: `{message: 'The request body has N error(s)', details: [{message, property}]}`. */
export function lineErrorDetails(error: z.ZodError): LineErrorBody {
  const details = error.issues.map((issue) => ({ message: lineMessage(issue), property: propertyPath(issue.path) }));
  return { message: `The request body has ${details.length} error(s)`, details };
}

/** `['messages', 0, 'text']` → `messages[0].text`, as LINE names properties. */
export function propertyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function lineMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'must be specified' : `must be ${issue.expected}`;
    case 'too_big':
      return issue.origin === 'array' ? `Size must be between 0 and ${String(issue.maximum)}` : issue.origin === 'string' ? `Length must be between 0 and ${String(issue.maximum)}` : `must be less than or equal to ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'array' ? `Size must be at least ${String(issue.minimum)}` : issue.origin === 'string' ? 'May not be empty' : `must be greater than or equal to ${String(issue.minimum)}`;
    case 'invalid_value':
      return `Must be one of the following values: [${issue.values.map(String).join(', ')}]`;
    case 'invalid_union':
      return 'note' in issue && issue.note === 'No matching discriminator' ? 'Invalid type' : issue.message;
    default:
      return issue.message;
  }
}

import { z } from 'zod';
import { actionSchema, colorSchema, LIMITS, urlSchema } from './messaging-schemas-actions.ts';

/**
 * Flex Message containers and components, with LINE's limits (bubble 30 KB, carousel 12 bubbles / 50 KB).
 * Sizes are strings in LINE's grammar: a keyword, pixels (`12px`) or, where allowed, a percentage.
 */

const KEYWORD_SPACING = ['none', 'xs', 'sm', 'md', 'lg', 'xl', 'xxl'] as const;
const KEYWORD_SIZE = ['xxs', 'xs', 'sm', 'md', 'lg', 'xl', 'xxl', '3xl', '4xl', '5xl'] as const;
const px = /^\d+(\.\d+)?px$/;
const percent = /^\d+(\.\d+)?%$/;

const keywordOr = (keywords: readonly string[], ...patterns: RegExp[]) =>
  z.string().refine((v) => keywords.includes(v) || patterns.some((p) => p.test(v)), {
    message: `Must be one of [${keywords.join(', ')}] or a ${patterns.map((p) => (p === px ? 'px' : '%')).join('/')} value`,
  });

const spacing = keywordOr(KEYWORD_SPACING, px);
const offset = keywordOr(KEYWORD_SPACING, px, percent);
const lengthValue = z.string().regex(/^\d+(\.\d+)?(px|%)$/, 'Must be a px or % value');
const aspectRatio = z.string().regex(/^[1-9]\d{0,5}:[1-9]\d{0,5}$/, 'Must be {width}:{height}');
const flex = z.number().int().min(0);
const position = z.enum(['relative', 'absolute']);
const gravity = z.enum(['top', 'bottom', 'center']);
const align = z.enum(['start', 'end', 'center']);
const positioning = {
  margin: spacing.optional(),
  position: position.optional(),
  offsetTop: offset.optional(),
  offsetBottom: offset.optional(),
  offsetStart: offset.optional(),
  offsetEnd: offset.optional(),
};

export const flexSpanSchema = z.looseObject({
  type: z.literal('span'),
  text: z.string().min(1),
  size: keywordOr(KEYWORD_SIZE, px).optional(),
  color: colorSchema.optional(),
  weight: z.enum(['regular', 'bold']).optional(),
  style: z.enum(['normal', 'italic']).optional(),
  decoration: z.enum(['none', 'underline', 'line-through']).optional(),
});

export const flexTextSchema = z
  .object({
    type: z.literal('text'),
    text: z.string().optional(),
    contents: z.array(flexSpanSchema).optional(),
    flex: flex.optional(),
    size: keywordOr(KEYWORD_SIZE, px).optional(),
    align: align.optional(),
    gravity: gravity.optional(),
    color: colorSchema.optional(),
    weight: z.enum(['regular', 'bold']).optional(),
    style: z.enum(['normal', 'italic']).optional(),
    decoration: z.enum(['none', 'underline', 'line-through']).optional(),
    wrap: z.boolean().optional(),
    lineSpacing: lengthValue.optional(),
    maxLines: z.number().int().min(0).optional(),
    adjustMode: z.literal('shrink-to-fit').optional(),
    scaling: z.boolean().optional(),
    action: actionSchema.optional(),
    ...positioning,
  })
  // LINE renders spans instead of `text` when present; one of the two must carry the words.
  .refine((t) => (t.text !== undefined && t.text.length > 0) || (t.contents?.length ?? 0) > 0, {
    message: 'text must be specified (or contents with spans)',
    path: ['text'],
  });

export const flexImageSchema = z.looseObject({
  type: z.literal('image'),
  url: urlSchema(),
  flex: flex.optional(),
  align: align.optional(),
  gravity: gravity.optional(),
  size: keywordOr([...KEYWORD_SIZE, 'full'], px, percent).optional(),
  aspectRatio: aspectRatio.optional(),
  aspectMode: z.enum(['fit', 'cover']).optional(),
  backgroundColor: colorSchema.optional(),
  action: actionSchema.optional(),
  animated: z.boolean().optional(),
  ...positioning,
});

export const flexIconSchema = z.looseObject({
  type: z.literal('icon'),
  url: urlSchema(),
  size: keywordOr(KEYWORD_SIZE, px).optional(),
  aspectRatio: aspectRatio.optional(),
  scaling: z.boolean().optional(),
  ...positioning,
});

export const flexButtonSchema = z.looseObject({
  type: z.literal('button'),
  action: actionSchema,
  flex: flex.optional(),
  color: colorSchema.optional(),
  style: z.enum(['primary', 'secondary', 'link']).optional(),
  gravity: gravity.optional(),
  height: z.enum(['md', 'sm']).optional(),
  adjustMode: z.literal('shrink-to-fit').optional(),
  scaling: z.boolean().optional(),
  ...positioning,
});

export const flexSeparatorSchema = z.looseObject({
  type: z.literal('separator'),
  margin: spacing.optional(),
  color: colorSchema.optional(),
});

export const flexFillerSchema = z.looseObject({ type: z.literal('filler'), flex: flex.optional() });

const linearGradientSchema = z.looseObject({
  type: z.literal('linearGradient'),
  angle: z.string().regex(/^\d+(\.\d+)?deg$/, 'Must be an angle such as 90deg'),
  startColor: colorSchema,
  endColor: colorSchema,
  centerColor: colorSchema.optional(),
  centerPosition: z.string().regex(percent).optional(),
});

// Box and video nest components, so their schemas are recursive; the explicit types break the inference cycle.
export type FlexBox = {
  type: 'box';
  layout: 'horizontal' | 'vertical' | 'baseline';
  contents: FlexComponent[];
  [key: string]: unknown;
};
export type FlexVideo = { type: 'video'; url: string; previewUrl: string; altContent: FlexComponent; [key: string]: unknown };
export type FlexComponent =
  | FlexBox
  | FlexVideo
  | z.infer<typeof flexTextSchema>
  | z.infer<typeof flexSpanSchema>
  | z.infer<typeof flexImageSchema>
  | z.infer<typeof flexIconSchema>
  | z.infer<typeof flexButtonSchema>
  | z.infer<typeof flexSeparatorSchema>
  | z.infer<typeof flexFillerSchema>;

export const flexBoxSchema: z.ZodType<FlexBox> = z.lazy(() =>
  z.looseObject({
    type: z.literal('box'),
    layout: z.enum(['horizontal', 'vertical', 'baseline']),
    contents: z.array(flexComponentSchema),
    flex: flex.optional(),
    spacing: spacing.optional(),
    backgroundColor: colorSchema.optional(),
    borderColor: colorSchema.optional(),
    borderWidth: keywordOr(['none', 'light', 'normal', 'medium', 'semi-bold', 'bold'], px).optional(),
    cornerRadius: keywordOr(KEYWORD_SPACING, px).optional(),
    width: lengthValue.optional(),
    maxWidth: lengthValue.optional(),
    height: lengthValue.optional(),
    maxHeight: lengthValue.optional(),
    paddingAll: offset.optional(),
    paddingTop: offset.optional(),
    paddingBottom: offset.optional(),
    paddingStart: offset.optional(),
    paddingEnd: offset.optional(),
    action: actionSchema.optional(),
    justifyContent: z.enum(['center', 'flex-start', 'flex-end', 'space-between', 'space-around', 'space-evenly']).optional(),
    alignItems: z.enum(['center', 'flex-start', 'flex-end']).optional(),
    background: linearGradientSchema.optional(),
    ...positioning,
  }),
);

export const flexVideoSchema: z.ZodType<FlexVideo> = z.lazy(() =>
  z.looseObject({
    type: z.literal('video'),
    url: urlSchema(),
    previewUrl: urlSchema(),
    altContent: flexComponentSchema,
    aspectRatio: aspectRatio.optional(),
    action: actionSchema.optional(),
  }),
);

const COMPONENTS = {
  box: flexBoxSchema,
  video: flexVideoSchema,
  text: flexTextSchema,
  span: flexSpanSchema,
  image: flexImageSchema,
  icon: flexIconSchema,
  button: flexButtonSchema,
  separator: flexSeparatorSchema,
  filler: flexFillerSchema,
} as const;

/** The flex component `type`s our schema covers (checked against the spec's discriminator mapping in tests). */
export const FLEX_COMPONENT_TYPES = Object.keys(COMPONENTS) as (keyof typeof COMPONENTS)[];

/**
 * Dispatches on `type` by hand: a lazy schema cannot join a zod discriminated union, and a plain union
 * would report every branch's errors instead of the one the sender meant.
 */
export const flexComponentSchema: z.ZodType<FlexComponent> = z.lazy(() =>
  z
    .object({ type: z.enum(FLEX_COMPONENT_TYPES) }, { error: 'type must be specified' })
    .loose()
    .transform((value, ctx) => {
      const result = COMPONENTS[value.type].safeParse(value);
      if (result.success) return result.data as FlexComponent;
      for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: issue.path } as never);
      return z.NEVER;
    }),
);

const blockStyleSchema = z.looseObject({
  backgroundColor: colorSchema.optional(),
  separator: z.boolean().optional(),
  separatorColor: colorSchema.optional(),
});

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

export const flexBubbleSchema = z
  .object({
    type: z.literal('bubble'),
    size: z.enum(['nano', 'micro', 'deca', 'hecto', 'kilo', 'mega', 'giga']).optional(),
    direction: z.enum(['ltr', 'rtl']).optional(),
    header: flexBoxSchema.optional(),
    hero: flexComponentSchema
      .refine((c) => c.type === 'box' || c.type === 'image' || c.type === 'video', { message: 'hero must be a box, image or video' })
      .optional(),
    body: flexBoxSchema.optional(),
    footer: flexBoxSchema.optional(),
    styles: z
      .object({ header: blockStyleSchema.optional(), hero: blockStyleSchema.optional(), body: blockStyleSchema.optional(), footer: blockStyleSchema.optional() })
      .optional(),
    action: actionSchema.optional(),
  })
  .refine((b) => jsonBytes(b) <= LIMITS.flexBubbleBytes, { message: `A bubble must be at most ${LIMITS.flexBubbleBytes} bytes of JSON` });

export const flexCarouselSchema = z
  .object({
    type: z.literal('carousel'),
    contents: z.array(flexBubbleSchema).min(1).max(LIMITS.flexCarouselBubbles),
  })
  .refine((c) => jsonBytes(c) <= LIMITS.flexCarouselBytes, { message: `A carousel must be at most ${LIMITS.flexCarouselBytes} bytes of JSON` });

export const flexContainerSchema = z.discriminatedUnion('type', [flexBubbleSchema, flexCarouselSchema]);
export type FlexContainer = z.infer<typeof flexContainerSchema>;
export type FlexBubble = z.infer<typeof flexBubbleSchema>;

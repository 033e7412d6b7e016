import { renderFlexCarousel, renderFlexTemplate, type FlexValues } from '../line/flex-renderer.ts';
import type { LineMessage } from '../line/outbox.ts';
import { buttonLabel, textWithButtons } from './steps.ts';

/**
 * The card base every capability fills: a coloured header (headline and status), an optional photo on top with
 * a "ดูรูปทั้งหมด" button, a title and subtitle, lines of fields, and the buttons the viewer may use now (each
 * carrying the record's version: see `versioned.ts`). One Flex template, `flex-templates/card.json`, draws
 * them all, so every card reads the same on a phone and passes LINE's limits the same way.
 * Not one of the kit's pure parts: it renders through the LINE adapter's Flex renderer (which reads the template
 * once per process), like every flow's cards.
 */

export const CARD_TEMPLATE = 'card';
/** The template's room: lines of fields and buttons. */
export const CARD_FIELDS_MAX = 12;
export const CARD_BUTTONS_MAX = 9;
/** LINE shows at most 12 bubbles side by side. */
export const CAROUSEL_MAX = 12;

export const CARD_COLORS = {
  info: '#1E4E8C',
  good: '#1E8449',
  warning: '#B25E00',
  danger: '#C0392B',
  secret: '#5B2C6F',
  text: '#333333',
  muted: '#555555',
  faint: '#888888',
} as const;

export type CardColor = keyof typeof CARD_COLORS;

export interface CardField {
  text: string;
  /** `muted` by default: the small grey lines (who, when, where). */
  color?: CardColor;
  /** `xs` by default; `sm` for what the card is about. */
  size?: 'xs' | 'sm' | 'md';
  bold?: boolean;
}

export type CardButton =
  | { kind: 'postback'; label: string; data: string; style?: ButtonStyle; color?: CardColor }
  /** A date (and time) picker: the chosen value comes in the postback's params. */
  | { kind: 'datetime'; label: string; data: string; mode: 'date' | 'datetime'; style?: ButtonStyle; color?: CardColor }
  | { kind: 'link'; label: string; uri: string; style?: ButtonStyle; color?: CardColor };

type ButtonStyle = 'primary' | 'secondary' | 'link';

export interface Card {
  headline: string;
  status: string;
  /** The header's colour (the record's state at a glance). */
  color: CardColor;
  title: string;
  subtitle?: string | undefined;
  /** Lines under the title; an undefined line is left out (what the record does not have). */
  fields: ReadonlyArray<CardField | undefined>;
  /** The first photo on top; `seeAll` is the "ดูรูปทั้งหมด" button that sends every photo. */
  photo?: { url: string | undefined; seeAll?: { label: string; data: string } | undefined } | undefined;
  /** The buttons the viewer may use now, in order; an undefined button is left out. */
  buttons: ReadonlyArray<CardButton | undefined>;
}

// A secondary button's LINE default grey: the template names a colour for every button.
const SECONDARY = '#DCDFE4';

function buttonColor(button: CardButton, style: ButtonStyle): string {
  if (button.color) return CARD_COLORS[button.color];
  return style === 'secondary' ? SECONDARY : CARD_COLORS.info;
}

/** The values that fill `card.json` for one card. */
export function cardValues(card: Card): FlexValues {
  const values: Record<string, string | undefined> = {
    headerColor: CARD_COLORS[card.color],
    headline: card.headline,
    status: card.status,
    title: card.title,
    // LINE refuses an empty text: a subtitle or a line with nothing in it (an office's own equipment has no district)
    // is left out, as an absent one is.
    subtitle: blankToUndefined(card.subtitle),
    photoUrl: card.photo?.url,
  };
  const fields = card.fields.filter((f): f is CardField => f !== undefined && f.text.trim() !== '');
  if (fields.length > CARD_FIELDS_MAX) throw new Error(`a card holds ${CARD_FIELDS_MAX} lines, not ${fields.length}`);
  fields.forEach((field, i) => {
    const n = i + 1;
    values[`f${n}Text`] = field.text;
    values[`f${n}Size`] = field.size ?? 'xs';
    values[`f${n}Weight`] = field.bold ? 'bold' : 'regular';
    values[`f${n}Color`] = CARD_COLORS[field.color ?? 'muted'];
  });
  const seeAll = card.photo?.seeAll;
  const buttons = [...card.buttons.filter((b): b is CardButton => b !== undefined)];
  // "ดูรูปทั้งหมด" goes with the other quiet links at the end, before the last one (the record's history).
  if (seeAll) {
    const photos: CardButton = { kind: 'postback', label: seeAll.label, data: seeAll.data, style: 'link' };
    const lastLink = buttons.length > 0 && buttons[buttons.length - 1]!.style === 'link' ? buttons.length - 1 : buttons.length;
    buttons.splice(lastLink, 0, photos);
  }
  if (buttons.length > CARD_BUTTONS_MAX) throw new Error(`a card holds ${CARD_BUTTONS_MAX} buttons, not ${buttons.length}`);
  buttons.forEach((button, i) => {
    const n = i + 1;
    const style = button.style ?? 'secondary';
    values[`b${n}Style`] = style;
    values[`b${n}Color`] = buttonColor(button, style);
    switch (button.kind) {
      // LINE refuses an action label over 20 characters (the whole message, not just the button): cut as quick replies are.
      case 'postback':
        values[`b${n}Label`] = buttonLabel(button.label);
        values[`b${n}Data`] = button.data;
        break;
      case 'datetime':
        values[`b${n}PickLabel`] = buttonLabel(button.label);
        values[`b${n}PickData`] = button.data;
        values[`b${n}PickMode`] = button.mode;
        break;
      case 'link':
        values[`b${n}LinkLabel`] = buttonLabel(button.label);
        values[`b${n}Uri`] = button.uri;
        break;
    }
  });
  return values;
}

export function renderCard(card: Card, altText: string): LineMessage {
  return renderFlexTemplate(CARD_TEMPLATE, cardValues(card), { altText });
}

/** Several cards side by side (at most 12: the text before them says how many there are); one card alone. */
export function renderCards(cards: readonly Card[], altText: string): LineMessage {
  if (cards.length === 1) return renderCard(cards[0]!, altText);
  return renderFlexCarousel(
    cards.slice(0, CAROUSEL_MAX).map((card) => ({ template: CARD_TEMPLATE, values: cardValues(card) })),
    { altText },
  );
}

function blankToUndefined(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

/**
 * A request put to someone who decides it: the text with the card's decision buttons as quick replies under it (one
 * tap from the chat's foot), then the card with the same buttons.
 */
export function decisionMessages(card: Card, text: string): LineMessage[] {
  const quick = card.buttons.flatMap((b) => (b?.kind === 'postback' ? [{ label: b.label, data: b.data }] : []));
  return [textWithButtons(text, quick), renderCard(card, text)];
}

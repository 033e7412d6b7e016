import type { messagingApi } from '@line/bot-sdk';
import type { LineMessage } from '../../line/outbox.ts';

/** LINE allows 20 characters on a button and 13 quick-reply buttons. */
export const LABEL_MAX = 20;
export const QUICK_REPLY_MAX = 13;

export function buttonLabel(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= LABEL_MAX ? clean : `${clean.slice(0, LABEL_MAX - 1)}…`;
}

export interface Button {
  label: string;
  /** Unsealed postback data from `encodePostback`; the dispatcher seals it. */
  data: string;
  /** What appears in the chat as the person's answer; the label when absent. */
  displayText?: string;
}

export function textWithButtons(text: string, buttons: readonly Button[]): LineMessage {
  if (buttons.length === 0) return { type: 'text', text };
  const items: messagingApi.QuickReplyItem[] = buttons.slice(0, QUICK_REPLY_MAX).map((button) => ({
    type: 'action',
    action: {
      type: 'postback',
      label: buttonLabel(button.label),
      data: button.data,
      displayText: button.displayText ?? button.label,
    },
  }));
  return { type: 'text', text, quickReply: { items } };
}

export const say = (text: string): LineMessage => ({ type: 'text', text });

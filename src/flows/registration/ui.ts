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

const postbackItem = (button: Button): messagingApi.QuickReplyItem => ({
  type: 'action',
  action: {
    type: 'postback',
    label: buttonLabel(button.label),
    data: button.data,
    displayText: button.displayText ?? button.label,
  },
});

export function textWithButtons(text: string, buttons: readonly Button[]): LineMessage {
  if (buttons.length === 0) return { type: 'text', text };
  return { type: 'text', text, quickReply: { items: buttons.slice(0, QUICK_REPLY_MAX).map(postbackItem) } };
}

export const PHOTO_LABELS = { camera: 'ถ่ายรูป', cameraRoll: 'เลือกรูปจากอัลบั้ม' } as const;

/** A question answered with a picture: the camera and album quick replies first, then the given buttons. */
export function textWithPhotoButtons(text: string, buttons: readonly Button[]): LineMessage {
  const items: messagingApi.QuickReplyItem[] = [
    { type: 'action', action: { type: 'camera', label: PHOTO_LABELS.camera } },
    { type: 'action', action: { type: 'cameraRoll', label: PHOTO_LABELS.cameraRoll } },
    ...buttons.slice(0, QUICK_REPLY_MAX - 2).map(postbackItem),
  ];
  return { type: 'text', text, quickReply: { items } };
}

export const say = (text: string): LineMessage => ({ type: 'text', text });

import type { messagingApi } from '@line/bot-sdk';
import type { Effect, StepResult } from '../bot/flow.ts';
import { ACTION_LABELS, type Action } from '../domain/permissions.ts';
import type { LineMessage } from '../line/outbox.ts';
import type { KitCommand } from './execute.ts';

/**
 * The small pieces every flow's steps are written with: where the conversation goes next (`at`, `end`,
 * `stale`, `deny`) and the plain answers (`say`, text with quick-reply buttons). Pure: no I/O, no clock.
 */

/** LINE allows 20 characters on a button and 13 quick-reply buttons. */
export const LABEL_MAX = 20;
export const QUICK_REPLY_MAX = 13;

export function buttonLabel(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= LABEL_MAX ? clean : `${clean.slice(0, LABEL_MAX - 1)}…`;
}

/**
 * A label that keeps its ending when cut: "โปรเจกเตอร์ (สา… (3)" rather than "โปรเจกเตอร์ (สาธิต)…", so a count or
 * a mark is never the part cut off.
 */
export function labelKeeping(text: string, ending: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const whole = `${clean}${ending}`;
  return whole.length <= LABEL_MAX ? whole : `${clean.slice(0, Math.max(1, LABEL_MAX - ending.length - 1))}…${ending}`;
}

/** A choice with how many there are: "โน้ตบุ๊ก (2)", the count kept when the name is cut. */
export const labelWithCount = (name: string, count: number): string => (count > 1 ? labelKeeping(name, ` (${count})`) : name);

/**
 * A school on a button: without the word โรงเรียน every name starts with, so the 20 characters go to the part that
 * tells schools apart ("บ้านหนองบัวทอง", not "โรงเรียนบ้านหนองบัว…"). The full name is the displayText.
 */
export const schoolButtonLabel = (name: string): string => name.replace(/^โรงเรียน\s*/u, '');

export interface Button {
  label: string;
  /** Unsealed postback data from `encodePostback`; the dispatcher seals it. */
  data: string;
  /** What appears in the chat as the person's answer; the label when absent. */
  displayText?: string;
}

export const postbackItem = (button: Button): messagingApi.QuickReplyItem => ({
  type: 'action',
  action: {
    type: 'postback',
    label: buttonLabel(button.label),
    data: button.data,
    displayText: button.displayText ?? button.label,
  },
});

export const say = (text: string): LineMessage => ({ type: 'text', text });

export function textWithButtons(text: string, buttons: readonly Button[]): LineMessage {
  if (buttons.length === 0) return { type: 'text', text };
  return { type: 'text', text, quickReply: { items: buttons.slice(0, QUICK_REPLY_MAX).map(postbackItem) } };
}

/**
 * A date picker as a quick reply (LINE's datetimepicker, mode `date`): the chosen `YYYY-MM-DD` comes back in the
 * postback's params. `min`/`max` bound what can be picked; `initial` is where the picker opens.
 */
export function datePickerItem(label: string, data: string, bounds: { initial: string; min?: string | undefined; max?: string | undefined }): messagingApi.QuickReplyItem {
  return {
    type: 'action',
    action: {
      type: 'datetimepicker',
      label: buttonLabel(label),
      data,
      mode: 'date',
      initial: bounds.initial,
      ...(bounds.min ? { min: bounds.min } : {}),
      ...(bounds.max ? { max: bounds.max } : {}),
    },
  };
}

/** A question answered with date pickers and buttons: the pickers first, then the buttons (13 in all at most). */
export function textWithDatePickers(text: string, pickers: readonly messagingApi.QuickReplyItem[], buttons: readonly Button[]): LineMessage {
  const items = [...pickers, ...buttons.map(postbackItem)].slice(0, QUICK_REPLY_MAX);
  return { type: 'text', text, quickReply: { items } };
}

export const PHOTO_LABELS = { camera: 'ถ่ายรูป', cameraRoll: 'เลือกรูปจากอัลบั้ม' } as const;

/** The quick replies that open the phone's camera and its album (what is taken or chosen comes as an image message). */
export const PHOTO_ITEMS: readonly messagingApi.QuickReplyItem[] = [
  { type: 'action', action: { type: 'camera', label: PHOTO_LABELS.camera } },
  { type: 'action', action: { type: 'cameraRoll', label: PHOTO_LABELS.cameraRoll } },
];

/** The quick reply that opens LINE's map to send a place (it comes as a location message). */
export const LOCATION_ITEM: messagingApi.QuickReplyItem = { type: 'action', action: { type: 'location', label: 'ส่งตำแหน่ง' } };

/** A question answered with a picture: the camera and album quick replies first, then the given buttons. */
export function textWithPhotoButtons(text: string, buttons: readonly Button[]): LineMessage {
  const items: messagingApi.QuickReplyItem[] = [...PHOTO_ITEMS, ...buttons.slice(0, QUICK_REPLY_MAX - PHOTO_ITEMS.length).map(postbackItem)];
  return { type: 'text', text, quickReply: { items } };
}

// The effects are written out here rather than taken from `bot/flow.ts`'s helpers, so the kit needs only its types.
const replyWith = (...messages: LineMessage[]): Effect => ({ kind: 'reply', messages });
const commandOf = (value: KitCommand): Effect => ({ kind: 'command', command: value });

/** The conversation moves to `step`, keeping `data`. */
export const at = <D>(step: string, data: D, ...effects: Effect[]): StepResult<D> => ({ state: { step, data }, effects });

/** The conversation ends (its state is cleared). */
export const end = <D = never>(...effects: Effect[]): StepResult<D> => ({ state: null, effects });

/**
 * The button pressed is out of date: the person is told so. The conversation ends, or stays where it was
 * when its state is given (a stale tap in the middle of a form must not throw the form away).
 */
export const stale = <D = never>(state: StepResult<D>['state'] = null): StepResult<D> => ({ state, effects: [{ kind: 'staleButton' }] });

/** The polite answer to an action the person's role does not allow (every flow uses it). */
export function deniedMessage(action: Action): string {
  return `ขออภัยค่ะ บทบาทของคุณยังไม่มีสิทธิ์ "${ACTION_LABELS[action]}" หากคิดว่าควรมีสิทธิ์นี้ กรุณาติดต่อผู้ดูแลระบบนะคะ`;
}

/**
 * A refusal: the polite answer (the action's, unless a flow words its own), and the denial recorded for the audit log.
 * The conversation ends.
 */
export const deny = <D = never>(action: Action, message: string = deniedMessage(action)): StepResult<D> =>
  end(replyWith(say(message)), commandOf({ type: 'recordDenial', action }));

/**
 * One more quick reply on a step's answer: added to the last message of its last reply (LINE shows the quick replies
 * of the last message only), after those it has, when there is room. Another flow's way in rides on a tile this way
 * (the แบบสำรวจ tile offers ขอสิทธิ์ใช้ระบบ).
 */
export function withQuickReply<D>(result: StepResult<D>, item: messagingApi.QuickReplyItem): StepResult<D> {
  const at = result.effects.findLastIndex((e) => e.kind === 'reply' && e.messages.length > 0);
  if (at < 0) return result;
  const effect = result.effects[at] as Extract<Effect, { kind: 'reply' }>;
  const last = effect.messages[effect.messages.length - 1]! as LineMessage & { quickReply?: { items: messagingApi.QuickReplyItem[] } };
  const items = last.quickReply?.items ?? [];
  if (items.length >= QUICK_REPLY_MAX) return result;
  const message = { ...last, quickReply: { items: [...items, item] } } as LineMessage;
  const effects = [...result.effects];
  effects[at] = { kind: 'reply', messages: [...effect.messages.slice(0, -1), message] };
  return { ...result, effects };
}

import type { messagingApi } from '@line/bot-sdk';
import type { Effect, FlowContext, StepResult } from '../../bot/flow.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { buttonLabel, type Button } from '../registration/ui.ts';
import { registerLabels as L } from './messages.ts';
import type { RegisterPrepared } from './prepare.ts';
import type { RegisterData, RegisterState } from './state.ts';

/** The small pieces of the register's answers shared by the draft and the correction steps. */
export type Ctx = FlowContext<RegisterPrepared>;
export type Result = StepResult<RegisterData>;

export const end = (...effects: Effect[]): Result => ({ state: null, effects });
export const stale = (state: RegisterState | null): Result => ({ state, effects: [{ kind: 'staleButton' }] });

export function withItems(text: string, items: messagingApi.QuickReplyItem[]): LineMessage {
  return { type: 'text', text, quickReply: { items } };
}

export const postbackItem = (button: Button): messagingApi.QuickReplyItem => ({
  type: 'action',
  action: { type: 'postback', label: buttonLabel(button.label), data: button.data, displayText: button.displayText ?? button.label },
});

export function datePicker(data: string, now: Date): messagingApi.QuickReplyItem {
  return { type: 'action', action: { type: 'datetimepicker', label: L.pickDate, data, mode: 'date', initial: bangkokDateKey(now) } };
}

import type { messagingApi } from '@line/bot-sdk';
import type { FlowContext, StepResult } from '../../bot/flow.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { registerLabels as L } from './messages.ts';
import type { RegisterPrepared } from './prepare.ts';
import type { RegisterData } from './state.ts';

/** The small pieces of the register's answers shared by the draft and the correction steps. */
export type Ctx = FlowContext<RegisterPrepared>;
export type Result = StepResult<RegisterData>;

export function withItems(text: string, items: messagingApi.QuickReplyItem[]): LineMessage {
  return { type: 'text', text, quickReply: { items } };
}

export function datePicker(data: string, now: Date): messagingApi.QuickReplyItem {
  return { type: 'action', action: { type: 'datetimepicker', label: L.pickDate, data, mode: 'date', initial: bangkokDateKey(now) } };
}

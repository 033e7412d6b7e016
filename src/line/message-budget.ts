import type { Executor } from '../db/database.ts';
import { countBillableMessages, findChannelBudget, recordBudgetAlert } from '../db/repos/message-budget.ts';
import { bangkokDateKey, bangkokTime } from '../domain/office-time.ts';
import type { Logger } from '../logger.ts';
import type { LineChannel } from './channels.ts';

/**
 * Pushes cost money once the plan's monthly allowance is used, so the month's billable messages are
 * counted per channel against a budget, and an operator is warned at 80% and at 100%, once each per month.
 * Months are Bangkok calendar months, as the office reads its bill.
 */

export const ALERT_LEVELS = [80, 100] as const;

export type BudgetLevel = 'ok' | 'warning' | 'exceeded';

export interface BudgetStatus {
  /** `YYYY-MM` in Bangkok time. */
  month: string;
  used: number;
  /** 0 = no budget set. */
  budget: number;
  /** used / budget in percent, one decimal; 0 without a budget. */
  percent: number;
  level: BudgetLevel;
}

/**
 * The Bangkok calendar month of `now` and its bounds. Plain arithmetic (Bangkok keeps +07:00 all year): the sender
 * asks after every push, and dayjs' time-zone plugin (an Intl formatter per call) was the costliest thing it did.
 */
export function budgetMonth(now: Date): { month: string; from: Date; to: Date } {
  const month = bangkokDateKey(now).slice(0, 7);
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const next = monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
  return { month, from: bangkokTime(`${month}-01`), to: bangkokTime(`${next}-01`) };
}

function levelOf(used: number, budget: number): BudgetLevel {
  if (budget <= 0) return 'ok';
  if (used >= budget) return 'exceeded';
  return used * 100 >= budget * 80 ? 'warning' : 'ok';
}

/**
 * The month's figure for a channel. Pass the `LineChannel` (from the ChannelRegistry) so a channel without
 * its own budget gets the deployment's; given only an id, the budget stored on the channel row is used.
 */
export async function getBudgetStatus(ex: Executor, channel: LineChannel | string, now: Date): Promise<BudgetStatus> {
  const channelId = typeof channel === 'string' ? channel : channel.id;
  const budget =
    typeof channel === 'string' ? ((await findChannelBudget(ex, channelId)) ?? 0) : channel.monthlyMessageBudget;
  const { month, from, to } = budgetMonth(now);
  const used = await countBillableMessages(ex, channelId, from, to);
  const percent = budget > 0 ? Math.round((used * 1000) / budget) / 10 : 0;
  return { month, used, budget, percent, level: levelOf(used, budget) };
}

/**
 * Called after each billable send: raises the 80% and 100% alerts the first time the month's usage reaches
 * them (recorded in `message_budget_alerts`, so restarts and several senders do not repeat them).
 */
export async function checkMessageBudget(
  ex: Executor,
  channel: LineChannel,
  now: Date,
  logger: Logger,
): Promise<BudgetStatus> {
  const status = await getBudgetStatus(ex, channel, now);
  if (status.budget <= 0) return status;
  for (const level of ALERT_LEVELS) {
    if (status.used * 100 < status.budget * level) continue;
    const raised = await recordBudgetAlert(ex, {
      channelId: channel.id,
      month: status.month,
      level,
      used: status.used,
      budget: status.budget,
      now,
    });
    if (!raised) continue;
    // `threshold`, not `level`: pino's own `level` field would be overwritten.
    const fields = { channelId: channel.id, month: status.month, used: status.used, budget: status.budget, threshold: level };
    if (level >= 100) logger.warn(fields, 'monthly LINE message budget used up: further pushes are billed or refused');
    else logger.warn(fields, `monthly LINE message budget ${level}% used`);
  }
  return status;
}

import { sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';

/**
 * Billable messages of a channel sent in [from, to): each push row is one request to one recipient, which
 * LINE counts as one message however many message objects it carries.
 */
export async function countBillableMessages(ex: Executor, channelId: string, from: Date, to: Date): Promise<number> {
  const result = await ex.execute(sql`
    select count(*)::int as used from outbox_messages
    where channel_id = ${channelId} and sent_via = 'push' and status = 'sent'
      and sent_at >= ${from} and sent_at < ${to}`);
  return (result.rows[0] as { used: number } | undefined)?.used ?? 0;
}

/** Records that `level` was reached this month; false when it had been recorded before (alert once). */
export async function recordBudgetAlert(
  ex: Executor,
  input: { channelId: string; month: string; level: number; used: number; budget: number; now: Date },
): Promise<boolean> {
  const result = await ex.execute(sql`
    insert into message_budget_alerts (channel_id, month, level, used, budget, raised_at)
    values (${input.channelId}, ${input.month}, ${input.level}, ${input.used}, ${input.budget}, ${input.now})
    on conflict do nothing
    returning 1`);
  return result.rows.length > 0;
}

export async function findChannelBudget(ex: Executor, channelId: string): Promise<number | null> {
  const result = await ex.execute(sql`select monthly_message_budget as budget from line_channels where id = ${channelId}`);
  return (result.rows[0] as { budget: number | null } | undefined)?.budget ?? null;
}

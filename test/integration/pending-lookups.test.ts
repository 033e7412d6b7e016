import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { dueEventsSql } from '../../src/db/repos/inbox.ts';
import { claimOutboxSql } from '../../src/db/repos/outbox.ts';
import { upsertDefaultChannel } from '../../src/line/channels.ts';
import { createTestDatabase } from '../support/database.ts';

/**
 * The dispatcher looks for due events, and the sender claims due rows, many times a second. Both must read
 * the few rows they need from a partial index in handling order, not sort every waiting row: under a burst
 * the backlog grows, and a look that sorts it costs more the further behind handling is (it did: 20–25 ms a
 * look with two thousand events waiting, once per handled event).
 */

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

let database: Database;

async function planOf(query: string): Promise<PlanNode[]> {
  const result = await database.db.execute<{ 'QUERY PLAN': unknown }>(sql.raw(`explain (format json) ${query}`));
  const raw = result.rows[0]!['QUERY PLAN'];
  const [top] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  return nodesOf(top!.Plan);
}

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 'secret', channelAccessToken: 'token' });
  // A long history and a backlog: 20,000 handled events and 3,000 waiting from 300 users; as many outbox rows.
  await database.db.execute(sql`
    insert into inbox_events (webhook_event_id, channel_id, office_id, chat_key, event_type, mode, event_timestamp, payload, status)
    select 'lookup-' || g, 'default', 'default', 'U-lookup-' || (g % 300), 'message', 'active',
           now() - interval '1 hour' + g * interval '10 ms', '{}'::jsonb, case when g > 20000 then 'pending' else 'done' end
    from generate_series(1, 23000) g`);
  await database.db.execute(sql`
    insert into outbox_messages (channel_id, office_id, to_user_id, messages, status)
    select 'default', 'default', 'U-lookup-' || (g % 300), '[]'::jsonb, case when g > 20000 then 'pending' else 'sent' end
    from generate_series(1, 23000) g`);
  await database.db.execute(sql`analyze inbox_events`);
  await database.db.execute(sql`analyze outbox_messages`);
}, 120_000);
afterAll(async () => database.close());

describe('looking up pending work', () => {
  it('reads the due events from the pending index in handling order, without sorting the backlog', async () => {
    const nodes = await planOf(dueEventsSql({ now: new Date(), excludeChatKeys: ['U-lookup-1', 'U-lookup-2'], limit: 3 }));
    expect(nodes.map((n) => n['Node Type'])).not.toContain('Sort');
    expect(nodes.some((n) => n['Node Type'].startsWith('Index') && n['Index Name'] === 'inbox_events_pending_due_idx')).toBe(true);
  });

  it('claims the outbox\'s due rows from the pending index in sending order, without sorting them all', async () => {
    const now = new Date();
    const nodes = await planOf(claimOutboxSql({ now, leaseUntil: new Date(now.getTime() + 60_000), limit: 8, holder: 1 }));
    expect(nodes.map((n) => n['Node Type'])).not.toContain('Sort');
    expect(nodes.some((n) => n['Node Type'].startsWith('Index') && n['Index Name'] === 'outbox_messages_pending_seq_idx')).toBe(true);
  });

  it('returns the earliest waiting event of each chat, skipping chats in hand', async () => {
    const result = await database.db.execute<{ id: string; chat_key: string }>(
      sql.raw(dueEventsSql({ now: new Date(), excludeChatKeys: ['U-lookup-1', 'U-lookup-2'], limit: 3 })),
    );
    // Pending events are 20001.. in time order; 20001 % 300 = 201, and so on; chats 1 and 2 are in hand.
    expect(result.rows.map((r) => r.chat_key)).toEqual(['U-lookup-201', 'U-lookup-202', 'U-lookup-203']);
  });
});

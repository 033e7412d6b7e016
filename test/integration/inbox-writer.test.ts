import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createLogger } from '../../src/logger.ts';
import { InboxWriter, type NewInboxEvent } from '../../src/db/repos/inbox.ts';
import { inboxEvents } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_ID, DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { createTestDatabase } from '../support/database.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป.ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
});
afterAll(async () => database.close());

let seq = 0;
function event(chatKey: string, options: { id?: string; status?: 'pending' | 'ignored' } = {}): NewInboxEvent {
  seq += 1;
  return {
    webhookEventId: options.id ?? `01WRITER${String(seq).padStart(18, '0')}`,
    channelId: DEFAULT_CHANNEL_ID,
    officeId: DEFAULT_OFFICE_ID,
    chatKey,
    eventType: 'message',
    mode: options.status === 'ignored' ? 'standby' : 'active',
    eventTimestamp: new Date(),
    payload: { type: 'message' },
    status: options.status ?? 'pending',
  };
}

async function statementsDuring(work: () => Promise<unknown>): Promise<number> {
  // Each insert statement is its own transaction: the rows' distinct xmin count the statements.
  const before = await database.db.execute(sql`select count(distinct xmin::text)::int as n from inbox_events`);
  await work();
  const after = await database.db.execute(sql`select count(distinct xmin::text)::int as n from inbox_events`);
  return Number((after.rows[0] as { n: number }).n) - Number((before.rows[0] as { n: number }).n);
}

describe('storing webhook events in batches', () => {
  it('stores requests that arrive while an insert is in flight together, and answers each with its own new events', async () => {
    const writer = new InboxWriter(database.db);
    const requests = Array.from({ length: 20 }, (_, i) => [event(`Ua${i}`), event(`Ua${i}`)]);
    let answers: Awaited<ReturnType<InboxWriter['store']>>[] = [];
    const transactions = await statementsDuring(async () => {
      answers = await Promise.all(requests.map((events) => writer.store(events)));
    });
    // The first request is written at once, the other 19 wait for it and go in one more statement.
    expect(transactions).toBe(2);
    answers.forEach((due, i) => {
      expect(due).toHaveLength(2);
      expect(due.every((d) => d.chatKey === `Ua${i}`)).toBe(true);
    });
  });

  it('stores a repeated event once, even when the repeat is in the same batch, and gives it to one request only', async () => {
    const writer = new InboxWriter(database.db);
    const first = writer.store([event('Ub')]);
    const a = writer.store([event('Ub', { id: '01WRITERREPEAT000000000000' })]);
    const b = writer.store([event('Ub', { id: '01WRITERREPEAT000000000000' })]);
    const [, dueA, dueB] = await Promise.all([first, a, b]);
    expect(dueA.length + dueB.length).toBe(1);
    const again = await writer.store([event('Ub', { id: '01WRITERREPEAT000000000000' })]);
    expect(again).toEqual([]);
    const rows = await database.db.execute(sql`select count(*)::int as n from ${inboxEvents} where webhook_event_id = '01WRITERREPEAT000000000000'`);
    expect(Number((rows.rows[0] as { n: number }).n)).toBe(1);
  });

  it('keeps standby events without handing them to the dispatcher', async () => {
    const due = await new InboxWriter(database.db).store([event('Uc', { status: 'ignored' }), event('Uc')]);
    expect(due).toHaveLength(1);
  });

  it('fails only the request the database refuses for its data (so it alone answers 503); the rest of its batch is stored', async () => {
    const writer = new InboxWriter(database.db);
    const first = writer.store([event('Ud')]);
    // An office that does not exist breaks the foreign key: the batch's statement fails as a whole.
    const broken = writer.store([{ ...event('Ud'), officeId: 'no-such-office' }]);
    const sameBatch = writer.store([event('Ud'), event('Ue')]);
    await expect(first).resolves.toHaveLength(1);
    await expect(broken).rejects.toThrow();
    await expect(sameBatch).resolves.toHaveLength(2);
    await expect(writer.store([event('Ud')])).resolves.toHaveLength(1);
  });

  it('fails every request of a batch when the database cannot be reached, and stores the next once it can', async () => {
    const unreachable = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:9/none', dataDir: '.', logger: createLogger('silent') });
    try {
      const writer = new InboxWriter(unreachable.db);
      const requests = [writer.store([event('Uf')]), writer.store([event('Uf')]), writer.store([event('Ug')])];
      for (const request of requests) await expect(request).rejects.toThrow();
    } finally {
      await unreachable.close();
    }
    await expect(new InboxWriter(database.db).store([event('Uf')])).resolves.toHaveLength(1);
  });
});

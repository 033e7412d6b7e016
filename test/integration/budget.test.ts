import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { lineChannels, messageBudgetAlerts } from '../../src/db/schema.ts';
import { DEFAULT_CHANNEL_ID } from '../../src/line/channels.ts';
import { budgetMonth, getBudgetStatus } from '../../src/line/message-budget.ts';
import { createHarness, text, type Harness } from './outbox-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.reset();
  await setBudget(null);
});

async function setBudget(budget: number | null): Promise<void> {
  await h.database.db.update(lineChannels).set({ monthlyMessageBudget: budget }).where(eq(lineChannels.id, DEFAULT_CHANNEL_ID));
  await h.channels.refresh();
}

async function pushes(userId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await h.enqueue({ toUserId: userId, messages: [text(`แจ้งเตือน ${i}`), text('ข้อความที่สอง')] });
  await h.newSender().drain();
}

function budgetWarnings() {
  return h.logs.filter((l) => l.level === 40 && typeof l.msg === 'string' && l.msg.includes('budget'));
}

describe('monthly message budget', () => {
  it('warns once at 80% and once at 100%, and records both for the month', async () => {
    await setBudget(5);
    const user = await h.createUser('ครูงบ');

    await pushes(user, 3);
    expect(budgetWarnings()).toEqual([]);
    await pushes(user, 1); // 4 of 5 = 80%
    expect(budgetWarnings()).toMatchObject([{ threshold: 80, used: 4, budget: 5 }]);
    await pushes(user, 1); // 5 of 5
    await pushes(user, 2); // over: no more warnings
    expect(budgetWarnings().map((l) => l.threshold)).toEqual([80, 100]);

    const alerts = await h.database.db.select().from(messageBudgetAlerts);
    const { month } = budgetMonth(h.now());
    expect(alerts.map((a) => ({ month: a.month, level: a.level, used: a.used }))).toEqual(
      expect.arrayContaining([
        { month, level: 80, used: 4 },
        { month, level: 100, used: 5 },
      ]),
    );
    expect(alerts).toHaveLength(2);
    expect(await getBudgetStatus(h.database.db, h.channels.get(DEFAULT_CHANNEL_ID)!, h.now())).toEqual({
      month,
      used: 7,
      budget: 5,
      percent: 140,
      level: 'exceeded',
    });
  });

  it('counts each push to a recipient once, whatever it carries, and replies not at all', async () => {
    await setBudget(100);
    const user = await h.createUser('ครูนับ');
    const event = await h.userSays(user, 'สวัสดี');
    await h.enqueue({
      toUserId: user,
      messages: [text('ตอบ')],
      replyToken: event.replyToken!,
      replyDeadline: new Date(event.timestamp + 50_000),
    });
    await pushes(user, 2);

    const status = await getBudgetStatus(h.database.db, DEFAULT_CHANNEL_ID, h.now());
    expect(status).toMatchObject({ used: 2, budget: 100, percent: 2, level: 'ok' });
  });

  it('starts each Bangkok calendar month afresh, alerts included', async () => {
    await setBudget(2);
    const user = await h.createUser('ครูเดือน');
    await pushes(user, 2);
    expect(budgetWarnings().map((l) => l.threshold)).toEqual([80, 100]);

    const thisMonth = budgetMonth(h.now());
    h.advance(thisMonth.to.getTime() - h.now().getTime() + 60_000); // one minute into next month, Bangkok time
    const next = budgetMonth(h.now());
    expect(next.month).not.toBe(thisMonth.month);
    expect(await getBudgetStatus(h.database.db, h.channels.get(DEFAULT_CHANNEL_ID)!, h.now())).toMatchObject({
      month: next.month,
      used: 0,
      level: 'ok',
    });
    await pushes(user, 2);
    expect(budgetWarnings().map((l) => l.threshold)).toEqual([80, 100, 80, 100]);
  });

  it('counts a burst of pushes once per interval, not once per push, and still warns of it', async () => {
    await setBudget(10);
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => h.createUser(`ครูชุด ${i}`)));
    for (const user of users) await h.enqueue({ toUserId: user, messages: [text('เตือนความจำ')] });
    await h.newSender({ budgetCheckMs: 60_000 }).drain();

    const counts = h.logs.filter((l) => l.msg === 'outbox: month counted against the budget');
    // The first push is counted at once; the other eleven wait for the interval, which drain() does not.
    expect(counts.length).toBeGreaterThanOrEqual(1);
    expect(counts.length).toBeLessThanOrEqual(2);
    expect(counts.at(-1)).toMatchObject({ used: 12, budget: 10 });
    expect(budgetWarnings().map((l) => l.threshold)).toEqual([80, 100]);
  });

  it('without a budget, counts but never warns', async () => {
    const user = await h.createUser('ครูไม่จำกัด');
    await pushes(user, 3);
    expect(budgetWarnings()).toEqual([]);
    expect(await getBudgetStatus(h.database.db, h.channels.get(DEFAULT_CHANNEL_ID)!, h.now())).toMatchObject({
      used: 3,
      budget: 0,
      percent: 0,
      level: 'ok',
    });
  });
});

describe('budget month', () => {
  it('follows Bangkok time: 17:30 UTC on the last day is already next month', () => {
    expect(budgetMonth(new Date('2025-01-31T16:59:59Z')).month).toBe('2025-01');
    const feb = budgetMonth(new Date('2025-01-31T17:30:00Z'));
    expect(feb.month).toBe('2025-02');
    expect(feb.from.toISOString()).toBe('2025-01-31T17:00:00.000Z');
    expect(feb.to.toISOString()).toBe('2025-02-28T17:00:00.000Z');
  });

  it('crosses the new year: December 2026 runs to 1 January 2027, Bangkok midnight', () => {
    const december = budgetMonth(new Date('2026-12-31T16:59:59Z'));
    expect(december).toEqual({ month: '2026-12', from: new Date('2026-11-30T17:00:00Z'), to: new Date('2026-12-31T17:00:00Z') });
    expect(budgetMonth(new Date('2026-12-31T17:00:00Z')).month).toBe('2027-01');
  });
});

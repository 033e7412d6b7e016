import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { insertSchool } from '../../src/db/repos/schools.ts';
import { listCategories } from '../../src/db/repos/repair-categories.ts';
import { lastRegisterNumber, nextRegisterNumber, setRegisterStart } from '../../src/db/repos/register-counters.ts';
import { createTicket, getTicket, ticketTimeline, transitionTicket } from '../../src/db/repos/repair-tickets.ts';
import { bangkokTime } from '../../src/domain/office-time.ts';
import { DEFAULT_OFFICE_ID, upsertDefaultChannel } from '../../src/line/channels.ts';
import { offices } from '../../src/db/schema.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory } from '../support/factories.ts';

const OFFICE = DEFAULT_OFFICE_ID;
const NOW = bangkokTime('2026-03-02', '10:00');
let database: Database;
let schoolId: number;
let teacher: number;
let technicians: number[];
let categoryId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await upsertDefaultChannel(database.db, { officeName: 'สพป. ทดสอบ', channelSecret: 's', channelAccessToken: 't' });
  await database.db.insert(offices).values({ id: 'other', name: 'สพป. อื่น' });
  schoolId = await insertSchool(
    database.db,
    OFFICE,
    { name: 'โรงเรียนบ้านหนึ่ง', smisCode: '36030001', obecCode: null, moeCode: null, district: 'อำเภอหนึ่ง', cluster: null, address: null },
    NOW,
  );
  const ids = await officeFactory(database.db, OFFICE).people(
    ['ครู', 'ช่างหนึ่ง', 'ช่างสอง', 'ช่างสาม', 'ช่างสี่'].map((fullName, i) => ({
      fullName,
      role: i === 0 ? 'teacher' : 'technician',
      options: { lineUserId: `U${i}`, schoolId: i === 0 ? schoolId : null },
    })),
  );
  teacher = ids[0]!;
  technicians = ids.slice(1);
  categoryId = (await listCategories(database.db, OFFICE))[0]!.id;
});
afterAll(async () => database.close());
beforeEach(async () => {
  // Cascade: a loan's returned item may point at a ticket (loan_handover_items.repair_ticket_id).
  await database.db.execute(sql`truncate repair_ticket_events, repair_tickets, register_counters cascade`);
});

describe('register numbers', () => {
  it('gives consecutive unique numbers to transactions running at the same time', async () => {
    const taken = await Promise.all(
      Array.from({ length: 20 }, () =>
        database.db.transaction(async (tx) => {
          const n = await nextRegisterNumber(tx, OFFICE, 'repair', 2569);
          // Work after taking the number keeps the counter row locked while the others queue behind it.
          await tx.execute(sql`select pg_sleep(0.005)`);
          return n;
        }),
      ),
    );
    expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await lastRegisterNumber(database.db, OFFICE, 'repair', 2569)).toBe(20);
  });

  it('gives a rolled-back number to the next transaction: no gaps', async () => {
    await database.db.transaction((tx) => nextRegisterNumber(tx, OFFICE, 'repair', 2569));
    await expect(
      database.db.transaction(async (tx) => {
        await nextRegisterNumber(tx, OFFICE, 'repair', 2569);
        throw new Error('the ticket could not be saved');
      }),
    ).rejects.toThrow('could not be saved');
    expect(await database.db.transaction((tx) => nextRegisterNumber(tx, OFFICE, 'repair', 2569))).toBe(2);
  });

  it('keeps one sequence per office, register and year', async () => {
    const take = (office: string, register: string, year: number) => database.db.transaction((tx) => nextRegisterNumber(tx, office, register, year));
    expect([await take(OFFICE, 'repair', 2569), await take(OFFICE, 'repair', 2569)]).toEqual([1, 2]);
    expect(await take(OFFICE, 'repair', 2570)).toBe(1);
    expect(await take(OFFICE, 'saraban_receive', 2569)).toBe(1);
    expect(await take('other', 'repair', 2569)).toBe(1);
  });

  it('continues from a starting number the office sets, but never gives a number twice', async () => {
    await setRegisterStart(database.db, OFFICE, 'saraban_receive', 2569, 150);
    expect(await database.db.transaction((tx) => nextRegisterNumber(tx, OFFICE, 'saraban_receive', 2569))).toBe(150);
    await expect(setRegisterStart(database.db, OFFICE, 'saraban_receive', 2569, 100)).rejects.toMatchObject({ code: 'conflict' });
    await expect(setRegisterStart(database.db, OFFICE, 'saraban_receive', 2569, 150)).rejects.toMatchObject({ code: 'conflict' });
    await setRegisterStart(database.db, OFFICE, 'saraban_receive', 2569, 200);
    expect(await database.db.transaction((tx) => nextRegisterNumber(tx, OFFICE, 'saraban_receive', 2569))).toBe(200);
  });

  it('makes a second transaction wait for the first one’s number, then take the next', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let firstTook!: () => void;
    const firstHasNumber = new Promise<void>((resolve) => (firstTook = resolve));
    const first = database.db.transaction(async (tx) => {
      const n = await nextRegisterNumber(tx, OFFICE, 'repair', 2569);
      firstTook();
      await released;
      return n;
    });
    await firstHasNumber;
    const second = database.db.transaction((tx) => nextRegisterNumber(tx, OFFICE, 'repair', 2569));
    // The second is blocked on the counter row's lock until the first commits.
    for (;;) {
      const waiting = await database.pool.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (waiting.rows[0].n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    expect([await first, await second]).toEqual([1, 2]);
  });
});

describe('tickets opened and taken at the same time', () => {
  it('numbers tickets opened at once without duplicates or gaps', async () => {
    const tickets = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        database.db.transaction((tx) =>
          createTicket(tx, { officeId: OFFICE, schoolId, reporterId: teacher, categoryId, description: `ข้อ ${i}`, teachingStopped: i % 2 === 0 }, NOW),
        ),
      ),
    );
    expect(tickets.map((t) => t.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('lets exactly one of several technicians tapping "รับงาน" at once take the ticket', async () => {
    const ticket = await database.db.transaction((tx) =>
      createTicket(tx, { officeId: OFFICE, schoolId, reporterId: teacher, categoryId, description: 'ไม่มีสัญญาณ', teachingStopped: true }, NOW),
    );
    const results = await Promise.all(
      technicians.map((tech) =>
        database.db.transaction((tx) =>
          transitionTicket(tx, ticket.id, { expectedVersion: ticket.version, toStatus: 'accepted', actorId: tech, action: 'accepted' }, NOW),
        ),
      ),
    );
    const winners = results.filter((r) => r !== 'stale');
    expect(winners).toHaveLength(1);
    const after = (await getTicket(database.db, OFFICE, ticket.id))!;
    expect(after).toMatchObject({ status: 'accepted', version: 2, assigneeId: winners[0]!.assigneeId });
    expect((await ticketTimeline(database.db, ticket.id)).filter((e) => e.action === 'accepted')).toHaveLength(1);
  });
});

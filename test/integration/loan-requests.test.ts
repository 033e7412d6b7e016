import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.ts';
import { historyOf } from '../../src/db/repos/history.ts';
import { addHistory } from '../../src/db/repos/history.ts';
import {
  createLoan,
  getLoanView,
  listLoansOf,
  updateLoan,
  findBorrowableItem,
  listBorrowableKits,
  listBorrowableTypes,
  loanReservedItems,
  releaseLoanReservations,
  unitsWithBusyDays,
  type NewLoan,
} from '../../src/db/repos/loans.ts';
import { eq } from 'drizzle-orm';
import { loanHandoverItems, loanHandovers, loanItems, offices } from '../../src/db/schema.ts';
import type { Person } from '../../src/domain/people.ts';
import { loansToApprove } from '../../src/flows/loans/pending-decisions.ts';
import { prepareApprovals } from '../../src/flows/approvals/prepare.ts';
import { insertActingAssignment } from '../../src/db/repos/letter-decisions.ts';
import { executeLoan } from '../../src/flows/loans/execute.ts';
import { loanTexts } from '../../src/flows/loans/messages.ts';
import { RefusedWithAnswer } from '../../src/kit/execute.ts';
import { createLogger } from '../../src/logger.ts';
import { freeCount, nearestFreeRanges } from '../../src/domain/loans/availability.ts';
import { createTestDatabase } from '../support/database.ts';
import { officeFactory, type OfficeFactory } from '../support/factories.ts';

/**
 * Loan requests on a real PostgreSQL: what is free for some dates, the nearest dates that work, and the promise that
 * two requests for the last free projector at the same instant never both get it — the database decides, inside the
 * transactions (the exclusion constraint on loan_reservations), not a check made before them.
 */

let database: Database;
let office: OfficeFactory;
let other: OfficeFactory;
let teacher: number;
let otherTeacher: number;
let projectors: number[];
let projectorType: number;
let kitId: number;
const NOW = new Date('2026-12-07T03:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  office = officeFactory(database.db);
  await office.channel();
  await database.db.insert(offices).values({ id: 'other-office', name: 'สพป. อื่น' });
  other = officeFactory(database.db, 'other-office');
  teacher = (await office.person('ครูสมศรี', 'teacher')).id;
  otherTeacher = (await other.person('ครูอีกเขต', 'teacher', { lineUserId: null })).id;
  projectors = [];
  for (const tag of ['PJ-1', 'PJ-2', 'PJ-3']) projectors.push(await office.loanItem(tag, 'โปรเจกเตอร์', 'projector'));
  await office.loanItem('NB-1', 'โน้ตบุ๊ก', 'notebook');
  await office.loanItem('VC-CAM', 'กล้องประชุม', 'camera', 'ชุด VC');
  await office.loanItem('VC-NB', 'โน้ตบุ๊ก', 'notebook', 'ชุด VC');
  await other.loanItem('X-1', 'โปรเจกเตอร์อื่น', 'projector');
  const types = await listBorrowableTypes(database.db, office.officeId);
  projectorType = types.find((t) => t.name === 'โปรเจกเตอร์')!.target.id;
  kitId = (await listBorrowableKits(database.db, office.officeId))[0]!.target.id;
});
afterAll(async () => {
  await database.close();
});

const request = (from: string, to: string, lines: NewLoan['lines'], requesterId = teacher, officeId = office.officeId): NewLoan => ({
  officeId,
  requesterId,
  schoolId: null,
  purpose: 'อบรมครู',
  place: 'หอประชุม',
  startsOn: from,
  endsOn: to,
  needsEndorsement: false,
  lines,
});

/** Creates and commits a loan; its id, or the shortage. */
async function borrow(loan: NewLoan) {
  return database.db.transaction(async (tx) => {
    const made = await createLoan(tx, loan, NOW);
    if (!made.ok) tx.rollback();
    return made;
  }).catch((err: unknown) => {
    if (err instanceof Error && err.message.includes('Rollback')) return { ok: false as const };
    throw err;
  });
}

describe('what can be borrowed', () => {
  it('lists types with loose lendable items (a kit\'s items are lent with the kit only) and kits, of the office only', async () => {
    const types = await listBorrowableTypes(database.db, office.officeId);
    expect(types.map((t) => [t.name, t.count])).toEqual([
      ['โน้ตบุ๊ก', 1],
      ['โปรเจกเตอร์', 3],
    ]);
    expect((await listBorrowableKits(database.db, office.officeId)).map((k) => k.name)).toEqual(['ชุด VC']);
    expect((await listBorrowableTypes(database.db, 'other-office')).map((t) => t.name)).toEqual(['โปรเจกเตอร์อื่น']);
  });
});

describe('an item returned damaged', () => {
  it('is not offered, alone, by its type or in its kit, until its condition is set back', async () => {
    const [cam1] = [await office.loanItem('CAM-1', 'กล้องถ่ายภาพ', 'camera'), await office.loanItem('CAM-2', 'กล้องถ่ายภาพ', 'camera')];
    const speaker = await office.loanItem('SPK-1', 'ลำโพง', 'speaker', 'ชุดเครื่องเสียง');
    await office.loanItem('MIC-1', 'ไมโครโฟน', 'microphone', 'ชุดเครื่องเสียง');
    const condition = (id: number, value: 'damaged' | 'good') => database.db.update(loanItems).set({ condition: value }).where(eq(loanItems.id, id));
    const cameras = async () => (await listBorrowableTypes(database.db, office.officeId)).find((t) => t.name === 'กล้องถ่ายภาพ')?.count;
    const kits = async () => (await listBorrowableKits(database.db, office.officeId)).map((k) => k.name);

    await condition(cam1, 'damaged');
    await condition(speaker, 'damaged');
    expect(await cameras()).toBe(1);
    expect(await findBorrowableItem(database.db, office.officeId, 'CAM-1')).toBeNull();
    expect(await kits()).not.toContain('ชุดเครื่องเสียง');

    await condition(cam1, 'good');
    await condition(speaker, 'good');
    expect(await cameras()).toBe(2);
    expect(await findBorrowableItem(database.db, office.officeId, 'CAM-1')).not.toBeNull();
    expect(await kits()).toContain('ชุดเครื่องเสียง');
  });
});

describe('an item overdue and still out', () => {
  it('is busy from today until it comes back, and a new request does not get it', async () => {
    const [fx1, fx2] = [await office.loanItem('FX-1', 'เครื่องฉายภาพ', 'projector'), await office.loanItem('FX-2', 'เครื่องฉายภาพ', 'projector')];
    const type = (await listBorrowableTypes(database.db, office.officeId)).find((t) => t.name === 'เครื่องฉายภาพ')!.target;
    // Lent 1–3 December and handed over; on 7 December FX-1 has not come back.
    const lent = await borrow(request('2026-12-01', '2026-12-03', [{ target: type, quantity: 1 }]));
    expect(lent.ok).toBe(true);
    const [held] = await loanReservedItems(database.db, office.officeId, (lent as { loanId: number }).loanId);
    expect(held!.itemId).toBe(fx1);
    const technician = (await office.person('ช่างส่งมอบ', 'technician', { lineUserId: null })).id;
    const [handover] = await database.db
      .insert(loanHandovers)
      .values({ officeId: office.officeId, loanId: (lent as { loanId: number }).loanId, handedOverBy: technician, handedOverAt: new Date('2026-12-01T02:00:00Z'), condition: 'good' })
      .returning();
    await database.db.insert(loanHandoverItems).values({ officeId: office.officeId, handoverId: handover!.id, loanId: (lent as { loanId: number }).loanId, itemId: fx1 });

    const nextWeek = { from: '2026-12-10', to: '2026-12-11' };
    // Its reservation ended on the 3rd: only today's view knows it is still out.
    expect(freeCount(await unitsWithBusyDays(database.db, office.officeId, type, nextWeek), nextWeek)).toBe(2);
    expect(freeCount(await unitsWithBusyDays(database.db, office.officeId, type, nextWeek, { today: '2026-12-07' }), nextWeek)).toBe(1);

    const next = await borrow(request('2026-12-10', '2026-12-11', [{ target: type, quantity: 1 }]));
    expect(next.ok).toBe(true);
    expect((await loanReservedItems(database.db, office.officeId, (next as { loanId: number }).loanId)).map((r) => r.itemId)).toEqual([fx2]);
    // Both wanted: one is not here.
    expect((await borrow(request('2026-12-14', '2026-12-15', [{ target: type, quantity: 2 }]))).ok).toBe(false);
  });
});

describe('availability', () => {
  it('counts per type for the dates, and offers the nearest dates of the same length when not enough is free', async () => {
    const a = await borrow(request('2026-12-10', '2026-12-12', [{ target: { kind: 'type', id: projectorType }, quantity: 2 }]));
    expect(a.ok).toBe(true);
    const window = { from: '2026-11-25', to: '2026-12-30' };
    const units = await unitsWithBusyDays(database.db, office.officeId, { kind: 'type', id: projectorType }, window);
    expect(freeCount(units, { from: '2026-12-11', to: '2026-12-11' })).toBe(1);
    expect(freeCount(units, { from: '2026-12-13', to: '2026-12-14' })).toBe(3);
    // Three wanted on 11–12 December: the 13th–14th is nearest, then the 14th–15th (a day later before a day earlier).
    const nearest = nearestFreeRanges({ units, need: 3, wanted: { from: '2026-12-11', to: '2026-12-12' }, earliest: '2026-12-07', window: 14, max: 2 });
    expect(nearest).toEqual([
      { from: '2026-12-13', to: '2026-12-14' },
      { from: '2026-12-14', to: '2026-12-15' },
    ]);
    expect(nearestFreeRanges({ units, need: 3, wanted: { from: '2026-12-11', to: '2026-12-12' }, earliest: '2026-12-07', window: 14, max: 3 })).toContainEqual({ from: '2026-12-08', to: '2026-12-09' });
    // Never before the earliest day allowed.
    expect(nearestFreeRanges({ units, need: 3, wanted: { from: '2026-12-11', to: '2026-12-12' }, earliest: '2026-12-10', window: 14, max: 1 })).toEqual([{ from: '2026-12-13', to: '2026-12-14' }]);
    if (a.ok) await releaseLoanReservations(database.db, office.officeId, a.loanId, NOW);
    expect(freeCount(await unitsWithBusyDays(database.db, office.officeId, { kind: 'type', id: projectorType }, window), { from: '2026-12-11', to: '2026-12-11' })).toBe(3);
  });

  it('a kit is one unit, busy when any of its items is; a specific item is counted on its own', async () => {
    const made = await borrow(request('2026-12-20', '2026-12-21', [{ target: { kind: 'kit', id: kitId }, quantity: 1 }]));
    expect(made.ok).toBe(true);
    const kitUnits = await unitsWithBusyDays(database.db, office.officeId, { kind: 'kit', id: kitId }, { from: '2026-12-01', to: '2026-12-31' });
    expect(freeCount(kitUnits, { from: '2026-12-21', to: '2026-12-22' })).toBe(0);
    expect(freeCount(kitUnits, { from: '2026-12-22', to: '2026-12-23' })).toBe(1);
    if (made.ok) expect((await loanReservedItems(database.db, office.officeId, made.loanId)).map((r) => r.assetTag)).toEqual(['VC-CAM', 'VC-NB']);
    // The kit again on overlapping days: refused as a whole (nothing of it half-reserved).
    const again = await borrow(request('2026-12-21', '2026-12-21', [{ target: { kind: 'kit', id: kitId }, quantity: 1 }]));
    expect(again.ok).toBe(false);
    const one = await borrow(request('2026-12-20', '2026-12-20', [{ target: { kind: 'item', id: projectors[2]! }, quantity: 1 }]));
    expect(one.ok).toBe(true);
    const projectorUnits = await unitsWithBusyDays(database.db, office.officeId, { kind: 'type', id: projectorType }, { from: '2026-12-01', to: '2026-12-31' });
    expect(freeCount(projectorUnits, { from: '2026-12-20', to: '2026-12-20' })).toBe(2);
  });

  it('another office sees nothing of this office\'s loans or items', async () => {
    const otherType = (await listBorrowableTypes(database.db, 'other-office'))[0]!.target.id;
    // This office's projector type cannot be borrowed from the other office: no items there.
    const cross = await borrow(request('2026-12-10', '2026-12-10', [{ target: { kind: 'type', id: projectorType }, quantity: 1 }], otherTeacher, 'other-office'));
    expect(cross.ok).toBe(false);
    // Nor one of its items by id.
    expect((await borrow(request('2026-12-11', '2026-12-11', [{ target: { kind: 'item', id: projectors[0]! }, quantity: 1 }], otherTeacher, 'other-office'))).ok).toBe(false);
    const own = await borrow(request('2026-12-10', '2026-12-10', [{ target: { kind: 'type', id: otherType }, quantity: 1 }], otherTeacher, 'other-office'));
    expect(own.ok).toBe(true);
    if (own.ok) expect(await getLoanView(database.db, office.officeId, own.loanId)).toBeNull();
    // รายการรออนุมัติ: each office's group director sees their own office's requests only.
    const director = async (f: OfficeFactory, name: string): Promise<Person> => {
      const { id } = await f.person(name, 'group_director', { lineUserId: null });
      return { id, officeId: f.officeId, channelId: f.channelId, lineUserId: null, fullName: name, phone: null, role: 'group_director', schoolId: null, schoolName: null, status: 'active', consentAt: null, createdAt: NOW };
    };
    const env = (officeId: string) => ({ channelId: 'default', officeId, lineUserId: 'U0', now: NOW });
    const here = await loansToApprove.load(database.db, await director(office, 'ผอ.กลุ่ม ที่นี่'), env(office.officeId));
    const there = await loansToApprove.load(database.db, await director(other, 'ผอ.กลุ่ม อีกเขต'), env('other-office'));
    expect(here.items.every((l) => l.officeId === office.officeId)).toBe(true);
    expect(here.total).toBeGreaterThan(0);
    expect(there.items.map((l) => l.officeId)).toEqual(['other-office']);

    // A deputy standing in for the group director today finds them in รายการรออนุมัติ too; tomorrow, not.
    const principal = await director(office, 'ผอ.กลุ่ม ลาพัก');
    const { id: deputyId } = await office.person('รอง ผอ. ทำแทน', 'deputy_director', { lineUserId: null });
    const deputy: Person = { ...principal, id: deputyId, fullName: 'รอง ผอ. ทำแทน', role: 'deputy_director' };
    await insertActingAssignment(database.db, { officeId: office.officeId, principalId: principal.id, actingId: deputyId, kind: 'acting', startsOn: '2026-12-07', endsOn: '2026-12-07', createdBy: principal.id }, NOW);
    const today = await prepareApprovals(database.db, deputy, env(office.officeId));
    expect(today.lists!.find((l) => l.key === 'loans-to-approve')!.list.total).toBe(here.total);
    const tomorrow = await prepareApprovals(database.db, deputy, { ...env(office.officeId), now: new Date('2026-12-08T03:00:00Z') });
    expect(tomorrow.lists!.find((l) => l.key === 'loans-to-approve')!.list.total).toBe(0);
  });
});

describe('the last free projector', () => {
  const last = { from: '2027-01-05', to: '2027-01-06' };
  const one = () => [{ target: { kind: 'type' as const, id: projectorType }, quantity: 1 }];

  it('two transactions after it at the same instant: the second waits for the first inside the database and gets nothing', async () => {
    // Two of the three are taken already; one is left for these dates.
    expect((await borrow(request(last.from, last.to, [{ target: { kind: 'type', id: projectorType }, quantity: 2 }]))).ok).toBe(true);

    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstReserved!: () => void;
    const firstHasIt = new Promise<void>((resolve) => (firstReserved = resolve));

    const first = database.db.transaction(async (tx) => {
      const made = await createLoan(tx, request(last.from, last.to, one()), NOW);
      firstReserved();
      await firstMayCommit;
      return made;
    });
    await firstHasIt;
    // The second reads the projector as free (the first has not committed) and tries it: the database makes it wait.
    const second = database.db.transaction(async (tx) => {
      const made = await createLoan(tx, request(last.from, last.to, one()), NOW);
      if (!made.ok) tx.rollback();
      return made;
    }).catch((err: unknown) => ({ ok: false as const, err }));
    await waitForLockWait();
    releaseFirst();
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(false);
    const units = await unitsWithBusyDays(database.db, office.officeId, { kind: 'type', id: projectorType }, last);
    expect(freeCount(units, last)).toBe(0);
  });

  it('many at once for one left: exactly one gets it, every time', async () => {
    for (const day of ['2027-02-01', '2027-02-03', '2027-02-05']) {
      expect((await borrow(request(day, day, [{ target: { kind: 'type', id: projectorType }, quantity: 2 }]))).ok).toBe(true);
      const results = await Promise.all([1, 2, 3, 4].map(() => borrow(request(day, day, one()))));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    }
  });
});

describe('the executor', () => {
  it('a request that finds its last projector taken when it is written is refused with what to tell the borrower, and writes nothing', async () => {
    const day = '2027-04-01';
    expect((await borrow(request(day, day, [{ target: { kind: 'type', id: projectorType }, quantity: 3 }]))).ok).toBe(true);
    const person = { id: teacher, officeId: office.officeId, channelId: office.channelId, lineUserId: null, fullName: 'ครูสมศรี', phone: null, role: 'teacher' as const, schoolId: null, schoolName: null, status: 'active' as const, consentAt: null, createdAt: NOW };
    const env = { channelId: office.channelId, officeId: office.officeId, lineUserId: 'U0', now: NOW, person, logger: createLogger('silent') };
    const before = (await database.pool.query('select count(*)::int as n from loans')).rows[0].n as number;
    const refused = await database.db
      .transaction((tx) => executeLoan(tx, { type: 'requestLoan', target: { kind: 'type', id: projectorType }, quantity: 1, from: day, to: day, purpose: 'อบรม', place: 'ห้อง', schoolId: null }, env))
      .then(() => null, (err: unknown) => err);
    expect(refused).toBeInstanceOf(RefusedWithAnswer);
    expect((refused as RefusedWithAnswer).messages).toEqual([{ type: 'text', text: loanTexts.takenMeanwhile }]);
    expect((await database.pool.query('select count(*)::int as n from loans')).rows[0].n).toBe(before);
  });
});

describe("the borrower's own loans", () => {
  it('lists a handed-over loan while an item of it is still out, not once all are back', async () => {
    const made = await borrow(request('2027-05-03', '2027-05-04', [{ target: { kind: 'type', id: projectorType }, quantity: 1 }]));
    if (!made.ok) throw new Error('not made');
    await updateLoan(database.db, office.officeId, made.loanId, 1, { state: 'fulfilled' }, NOW);
    const mine = async () => (await listLoansOf(database.db, office.officeId, teacher, ['submitted', 'approved', 'returned', 'fulfilled'], 50)).map((l) => l.id);
    expect(await mine()).toContain(made.loanId);
    await releaseLoanReservations(database.db, office.officeId, made.loanId, NOW);
    expect(await mine()).not.toContain(made.loanId);
  });
});

describe('history', () => {
  it('keeps who, when, what and a note per loan', async () => {
    const made = await borrow(request('2027-03-01', '2027-03-01', [{ target: { kind: 'type', id: projectorType }, quantity: 1 }]));
    if (!made.ok) throw new Error('not made');
    await addHistory(database.db, 'loan', made.loanId, { officeId: office.officeId, actorId: teacher, action: 'requested', note: 'ขอใช้ในการอบรม', at: NOW });
    const events = await historyOf(database.db, 'loan', made.loanId, 'requested');
    expect(events).toHaveLength(1);
    expect(events[0]!.at).toEqual(NOW);
  });
});

/** Until some session of this database waits for a lock (the second transaction, on the first one's reservation). */
async function waitForLockWait(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const result = await database.pool.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if ((result.rows[0] as { n: number }).n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the second transaction never waited for the first');
}

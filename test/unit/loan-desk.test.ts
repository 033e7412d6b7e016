import { describe, expect, it } from '@jest/globals';
import { lowStockAfter } from '../../src/domain/loans/desk.ts';
import { deskLoanStatus, handOverHorizon, mayHandOverOn, swapTarget, type DeskLoan, type DeskLoanItem } from '../../src/domain/loans/handover.ts';
import type { LoanView } from '../../src/domain/loans/loan.ts';
import { bangkokTime, DEFAULT_OFFICE_CALENDAR } from '../../src/domain/office-time.ts';
import { plannedTimes } from '../../src/kit/planner.ts';
import { bangkokDateKey } from '../../src/domain/office-time.ts';
import { noShowPlan, returnReminderPlan } from '../../src/flows/loans-desk/clock.ts';
import { itemReferenceOf } from '../../src/flows/loans-desk/prepare.ts';

/** The technicians' desk, its pure rules: when a loan may go out, low stock told once, the return clock, swaps, typed items. */

const withHoliday = (...days: string[]) => ({ ...DEFAULT_OFFICE_CALENDAR, holidays: new Set(days) });

describe('hand-over from the office day before', () => {
  it('a Monday loan goes out from the Friday before; a holiday Friday moves it to Thursday', () => {
    expect(handOverHorizon('2027-05-07', DEFAULT_OFFICE_CALENDAR)).toBe('2027-05-10');
    expect(handOverHorizon('2027-05-06', DEFAULT_OFFICE_CALENDAR)).toBe('2027-05-07');
    expect(handOverHorizon('2027-05-06', withHoliday('2027-05-07'))).toBe('2027-05-10');
    const loan = { state: 'approved' as const, startsOn: '2027-05-10', endsOn: '2027-05-12' };
    expect(mayHandOverOn(loan, '2027-05-07', handOverHorizon('2027-05-07', DEFAULT_OFFICE_CALENDAR))).toBe(true);
    expect(mayHandOverOn(loan, '2027-05-06', handOverHorizon('2027-05-06', DEFAULT_OFFICE_CALENDAR))).toBe(false);
    expect(mayHandOverOn({ ...loan, state: 'submitted' }, '2027-05-07', '2027-05-10')).toBe(false);
    expect(mayHandOverOn(loan, '2027-05-13', '2027-05-14')).toBe(false);
  });
});

describe('low stock', () => {
  it('is told on the first fall below the minimum, not again until a restock clears the mark', () => {
    const at = new Date('2027-05-03T02:00:00Z');
    expect(lowStockAfter({ minStock: 3, lowStockAlertedAt: null }, 3, at)).toEqual({ alertedAt: null, tellNow: false });
    expect(lowStockAfter({ minStock: 3, lowStockAlertedAt: null }, 2, at)).toEqual({ alertedAt: at, tellNow: true });
    expect(lowStockAfter({ minStock: 3, lowStockAlertedAt: at }, 1, new Date())).toEqual({ alertedAt: at, tellNow: false });
    expect(lowStockAfter({ minStock: null, lowStockAlertedAt: null }, 0, at)).toEqual({ alertedAt: null, tellNow: false });
  });
});

describe('the return clock', () => {
  it('the office day before and on the due date, every 2 office days overdue, the escalation after 3', () => {
    const plan = returnReminderPlan({ overdueEveryOfficeDays: 2, overdueMax: 3, escalateAfterOfficeDays: 3 });
    expect(plan.steps.map((s) => s.mark)).toEqual(['before', 'due', 'overdue:1', 'escalate', 'overdue:2', 'overdue:3']);
    // Due on Friday 7 May 2027; Thursday the 6th a holiday.
    const days = plannedTimes('2027-05-07', plan, withHoliday('2027-05-06')).map((t) => `${t.mark}@${bangkokDateKey(t.dueAt)}`);
    expect(days).toEqual(['before@2027-05-05', 'due@2027-05-07', 'overdue:1@2027-05-11', 'escalate@2027-05-12', 'overdue:2@2027-05-13', 'overdue:3@2027-05-17']);
    // An escalation on the day of an overdue reminder comes after it.
    expect(returnReminderPlan({ overdueEveryOfficeDays: 3, overdueMax: 1, escalateAfterOfficeDays: 3 }).steps.map((s) => s.mark)).toEqual(['before', 'due', 'overdue:1', 'escalate']);
  });

  it('a loan not picked up is released at the close of its first office day (8 office hours), never with 0', () => {
    const [released] = plannedTimes('2027-05-08', noShowPlan(8), DEFAULT_OFFICE_CALENDAR);
    // A Saturday start: the office hours run from Monday's opening.
    expect(released!.dueAt).toEqual(bangkokTime('2027-05-10', '16:30'));
    expect(noShowPlan(0).steps).toEqual([]);
  });
});

describe('an item at the counter', () => {
  const item = (itemId: number, status: DeskLoanItem['status'], lineTypeId: number | null): DeskLoanItem => ({
    itemId,
    assetTag: `PJ-${itemId}`,
    typeName: 'โปรเจกเตอร์',
    status,
    handoverId: null,
    returnCondition: null,
    repairTicketId: null,
    lineTypeId,
  });
  const desk = (items: DeskLoanItem[], endsOn = '2027-05-12'): DeskLoan => ({ loan: { endsOn } as LoanView, items });
  const typed = { id: 9, typeId: 5, lendable: true, retired: false, kitName: null };

  it('may stand in for a held item of its type asked for by type, not for one asked for by number or kit', () => {
    expect(swapTarget(desk([item(1, 'reserved', 5)]), typed, [], [])?.itemId).toBe(1);
    expect(swapTarget(desk([item(1, 'reserved', null)]), typed, [], [])).toBeNull();
    expect(swapTarget(desk([item(1, 'reserved', 5)]), { ...typed, typeId: 6 }, [], [])).toBeNull();
    expect(swapTarget(desk([item(1, 'reserved', 5)]), typed, [1], [])).toBeNull();
    expect(swapTarget(desk([item(1, 'reserved', 5), item(2, 'reserved', 5)]), typed, [], [1])?.itemId).toBe(2);
    for (const bad of [{ lendable: false }, { retired: true }, { kitName: 'ชุด VC' }]) expect(swapTarget(desk([item(1, 'reserved', 5)]), { ...typed, ...bad }, [], [])).toBeNull();
  });

  it('the desk says where a loan stands', () => {
    expect(deskLoanStatus(desk([item(1, 'reserved', 5)]), '2027-05-10').label).toBe('รอส่งมอบ');
    expect(deskLoanStatus(desk([item(1, 'reserved', 5), item(2, 'out', null)]), '2027-05-10').label).toBe('ส่งมอบบางส่วน');
    expect(deskLoanStatus(desk([item(2, 'out', null)]), '2027-05-12').label).toBe('ครบกำหนดคืนวันนี้');
    expect(deskLoanStatus(desk([item(2, 'missing', null)]), '2027-05-13').label).toBe('เกินกำหนดคืน');
    expect(deskLoanStatus(desk([item(2, 'returned', null)]), '2027-05-13').label).toBe('คืนครบแล้ว');
  });

  it('a typed ครุภัณฑ์ number or a label link names an item; a sentence or a menu tile does not', () => {
    expect(itemReferenceOf('https://liff.line.me/1234567890-abcdefgh/loan-items/42')).toEqual({ id: 42 });
    expect(itemReferenceOf('ดูอันนี้ http://localhost:3000/liff/loan-items/7?x=1')).toEqual({ id: 7 });
    expect(itemReferenceOf(' DEMO-PJ-001 ')).toEqual({ tag: 'DEMO-PJ-001' });
    expect(itemReferenceOf('7440-001-0001/2565')).toEqual({ tag: '7440-001-0001/2565' });
    expect(itemReferenceOf('ครุภัณฑ์๑๒')).toEqual({ tag: 'ครุภัณฑ์๑๒' });
    expect(itemReferenceOf('สวัสดีค่ะ')).toBeUndefined();
    expect(itemReferenceOf('ขอยืม 2 เครื่อง')).toBeUndefined();
    expect(itemReferenceOf('คืนอุปกรณ์/ยืม')).toBeUndefined();
  });
});

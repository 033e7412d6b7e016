import { describe, expect, it } from '@jest/globals';
import { freeByDay, freeCount, nearestFreeRanges } from '../../src/domain/loans/availability.ts';
import type { LoanView } from '../../src/domain/loans/loan.ts';
import { loanSettingsSchema } from '../../src/domain/loans/settings.ts';
import { bangkokTime, DEFAULT_OFFICE_CALENDAR } from '../../src/domain/office-time.ts';
import { expiresNow } from '../../src/flows/loans/clocks.ts';
import { checkLoanEvent } from '../../src/flows/loans/request.ts';

/** Who decides a loan at which stage (the kit's request machine with the loans' rules), what is free, when it expires. */

const settings = loanSettingsSchema.parse({});
const loan = (over: Partial<LoanView> = {}): LoanView =>
  ({
    id: 1,
    state: 'submitted',
    requesterId: 10,
    schoolId: 5,
    needsEndorsement: false,
    endorsedAt: null,
    lines: [{ id: 1, target: { kind: 'type', id: 1 }, quantity: 1, name: 'โปรเจกเตอร์', categories: ['projector'] }],
    ...over,
  }) as LoanView;
type Actor = Parameters<typeof checkLoanEvent>[2];
const person = (id: number, role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({ id, role, schoolId: null, ...extra });

describe('who decides a loan', () => {
  it('the group director approves; a technician may not; the borrower never approves their own', () => {
    expect(checkLoanEvent(loan(), 'approve', person(20, 'group_director'), settings)).toMatchObject({ ok: true, to: 'approved', capacity: { as: 'self' } });
    expect(checkLoanEvent(loan(), 'approve', person(21, 'technician'), settings)).toMatchObject({ ok: false, reason: 'not_decider' });
    expect(checkLoanEvent(loan({ requesterId: 20 }), 'approve', person(20, 'group_director'), settings)).toMatchObject({ ok: false, reason: 'own_request' });
  });

  it('someone standing in for the group director today decides, as acting', () => {
    const deputy = person(30, 'deputy_director', { actingFor: [{ principalId: 20, kind: 'acting', principalRole: 'group_director' }] });
    expect(checkLoanEvent(loan(), 'decline', deputy, settings)).toMatchObject({ ok: true, to: 'declined', capacity: { as: 'acting', kind: 'acting', principalId: 20 } });
    expect(checkLoanEvent(loan(), 'decline', person(31, 'deputy_director'), settings)).toMatchObject({ ok: false, reason: 'not_decider' });
  });

  it("with the endorsement on, the school's own director endorses first; the group director waits", () => {
    const waiting = loan({ needsEndorsement: true });
    expect(checkLoanEvent(waiting, 'approve', person(40, 'school_director', { schoolId: 5 }), settings)).toMatchObject({ ok: true, to: 'approved' });
    expect(checkLoanEvent(waiting, 'approve', person(41, 'school_director', { schoolId: 6 }), settings)).toMatchObject({ ok: false, reason: 'not_decider' });
    expect(checkLoanEvent(waiting, 'approve', person(20, 'group_director'), settings)).toMatchObject({ ok: false, reason: 'not_allowed', action: 'confirm_school_request' });
    const endorsed = loan({ needsEndorsement: true, endorsedAt: new Date() });
    expect(checkLoanEvent(endorsed, 'approve', person(20, 'group_director'), settings)).toMatchObject({ ok: true });
    expect(checkLoanEvent(endorsed, 'approve', person(40, 'school_director', { schoolId: 5 }), settings)).toMatchObject({ ok: false, reason: 'not_decider' });
  });

  it('an office may give a category its own approvers', () => {
    const own = loanSettingsSchema.parse({ approverRolesByCategory: { projector: ['area_director'] } });
    expect(checkLoanEvent(loan(), 'approve', person(50, 'area_director'), own)).toMatchObject({ ok: true });
    expect(checkLoanEvent(loan(), 'approve', person(20, 'group_director'), own)).toMatchObject({ ok: false, reason: 'not_decider' });
  });

  it('a decided loan is not decided again; only the borrower sends it again after a return', () => {
    expect(checkLoanEvent(loan({ state: 'approved' }), 'approve', person(20, 'group_director'), settings)).toMatchObject({ ok: false, reason: 'illegal', decided: true });
    expect(checkLoanEvent(loan({ state: 'returned' }), 'submit', person(10, 'teacher'), settings)).toMatchObject({ ok: true, to: 'submitted' });
    expect(checkLoanEvent(loan({ state: 'returned' }), 'submit', person(11, 'teacher'), settings)).toMatchObject({ ok: false, reason: 'not_requester' });
    expect(checkLoanEvent(loan(), 'submit', person(10, 'guest'), settings)).toMatchObject({ ok: false, reason: 'not_allowed', action: 'borrow_equipment' });
  });
});

describe('availability and expiry', () => {
  const units = [
    { id: 1, busy: [{ from: '2027-03-03', to: '2027-03-04' }] },
    { id: 2, busy: [] },
  ];
  it('counts the units free for the whole range and finds the nearest range of the same length', () => {
    expect(freeCount(units, { from: '2027-03-04', to: '2027-03-05' })).toBe(1);
    expect(nearestFreeRanges({ units, need: 2, wanted: { from: '2027-03-04', to: '2027-03-05' }, earliest: '2027-03-01', window: 10, max: 2 })).toEqual([
      { from: '2027-03-05', to: '2027-03-06' },
      { from: '2027-03-06', to: '2027-03-07' },
    ]);
    // Earlier days come in at their distance, never before the earliest allowed.
    expect(nearestFreeRanges({ units, need: 2, wanted: { from: '2027-03-04', to: '2027-03-05' }, earliest: '2027-03-01', window: 10, max: 4 })).toContainEqual({ from: '2027-03-01', to: '2027-03-02' });
    expect(nearestFreeRanges({ units, need: 2, wanted: { from: '2027-03-04', to: '2027-03-05' }, earliest: '2027-03-02', window: 10, max: 9 })).not.toContainEqual({ from: '2027-03-01', to: '2027-03-02' });
  });

  it('counts the free units of every day of a range (a type\'s calendar), loans cut at the range\'s ends', () => {
    const more = [...units, { id: 3, busy: [{ from: '2027-02-27', to: '2027-03-01' }, { from: '2027-03-04', to: '2027-03-09' }] }];
    expect(freeByDay(more, { from: '2027-03-01', to: '2027-03-06' })).toEqual([2, 3, 2, 1, 2, 2]);
  });

  it("an undecided loan expires once its first day's office hours are over (a same-day request still has the day)", () => {
    expect(expiresNow('2027-03-03', bangkokTime('2027-03-03', '16:29'), DEFAULT_OFFICE_CALENDAR)).toBe(false);
    expect(expiresNow('2027-03-03', bangkokTime('2027-03-03', '16:30'), DEFAULT_OFFICE_CALENDAR)).toBe(true);
    expect(expiresNow('2027-03-03', bangkokTime('2027-03-04', '08:00'), DEFAULT_OFFICE_CALENDAR)).toBe(true);
    expect(expiresNow('2027-03-03', bangkokTime('2027-03-02', '20:00'), DEFAULT_OFFICE_CALENDAR)).toBe(false);
  });
});

import { describe, expect, it } from '@jest/globals';
import { bangkokTime, DEFAULT_OFFICE_CALENDAR, type OfficeCalendar } from '../../src/domain/office-time.ts';
import { clockActions, confirmAction, escalationLevel, officeClockOf, type TicketClocks } from '../../src/flows/repair-work/clock.ts';
import { buildDigest, type DigestTicket } from '../../src/flows/repair-work/digest.ts';
import { computeFigures, median, metTarget, reportPeriods, type FigureTicket } from '../../src/flows/repair-work/figures.ts';

// 2026-06-01 is a Monday; 2026-06-03 (Wednesday) is a holiday in this calendar.
const calendar: OfficeCalendar = { ...DEFAULT_OFFICE_CALENDAR, holidays: new Set(['2026-06-03']) };
const clock = officeClockOf(calendar);
const at = (date: string, time: string) => bangkokTime(date, time);
const rules = { reminderLeadMinutes: 60, escalateAfterMinutes: [0, 480] };

const working = (over: Partial<TicketClocks>): TicketClocks => ({
  status: 'accepted',
  assigneeId: 7,
  acceptDueAt: null,
  resolveDueAt: at('2026-06-02', '16:00'),
  acceptEscalationLevel: 0,
  resolveEscalationLevel: 0,
  ...over,
});

describe('service clocks', () => {
  it('reminds the assignee within the lead time before the resolve deadline, not earlier', () => {
    expect(clockActions(working({}), at('2026-06-02', '14:59'), clock, rules)).toEqual([]);
    expect(clockActions(working({}), at('2026-06-02', '15:00'), clock, rules)).toEqual([
      { kind: 'remind', clock: 'resolve', dueAt: at('2026-06-02', '16:00') },
    ]);
  });

  it('counts the lead time in office minutes: a deadline at 09:00 Thursday after a holiday is reminded from 16:00 Tuesday', () => {
    const t = working({ resolveDueAt: at('2026-06-04', '09:00') });
    // 16:00–16:30 Tuesday + 08:30–09:00 Thursday = 60 office minutes; Wednesday is a holiday.
    expect(clockActions(t, at('2026-06-02', '15:59'), clock, rules)).toEqual([]);
    expect(clockActions(t, at('2026-06-02', '16:00'), clock, rules)).toHaveLength(1);
  });

  it('escalates at the deadline (level 1), then after one more office day (level 2), skipping the holiday', () => {
    const due = at('2026-06-02', '16:00');
    expect(escalationLevel(due, at('2026-06-02', '15:59'), clock, rules)).toBe(0);
    expect(escalationLevel(due, due, clock, rules)).toBe(1);
    // 480 office minutes after Tuesday 16:00: 30 min Tuesday, no Wednesday (holiday), 450 min Thursday → 16:00 Thursday.
    expect(escalationLevel(due, at('2026-06-04', '15:59'), clock, rules)).toBe(1);
    expect(escalationLevel(due, at('2026-06-04', '16:00'), clock, rules)).toBe(2);
    expect(escalationLevel(due, at('2026-06-30', '16:00'), clock, rules)).toBe(2);
  });

  it('raises each level once: a ticket already escalated to the reached level gets nothing more', () => {
    const now = at('2026-06-02', '16:10');
    expect(clockActions(working({}), now, clock, rules)).toEqual([
      { kind: 'escalate', clock: 'resolve', level: 1, dueAt: at('2026-06-02', '16:00'), overdueMinutes: 10 },
    ]);
    expect(clockActions(working({ resolveEscalationLevel: 1 }), now, clock, rules)).toEqual([]);
  });

  it('escalates a new ticket nobody accepted on the accept clock; a waiting ticket has no running clock', () => {
    const fresh = working({ status: 'new', assigneeId: null, acceptDueAt: at('2026-06-01', '09:30') });
    expect(clockActions(fresh, at('2026-06-01', '09:30'), clock, rules).map((a) => [a.kind, a.clock, 'level' in a ? a.level : 0])).toEqual([
      ['escalate', 'accept', 1],
    ]);
    expect(clockActions(working({ status: 'waiting' }), at('2026-06-09', '09:00'), clock, rules)).toEqual([]);
  });

  it('reminds the school once after a day and closes after three office days, never without the reminder', () => {
    const resolved = at('2026-06-01', '11:00');
    const r = { reminderOfficeDays: 1, autoCloseOfficeDays: 3 };
    expect(confirmAction(resolved, false, at('2026-06-02', '10:59'), clock, r)).toEqual({ kind: 'none' });
    expect(confirmAction(resolved, false, at('2026-06-02', '11:00'), clock, r)).toEqual({ kind: 'remind' });
    // Three office days: Tuesday, Thursday (Wednesday is a holiday), Friday.
    expect(confirmAction(resolved, true, at('2026-06-05', '10:59'), clock, r)).toEqual({ kind: 'none' });
    expect(confirmAction(resolved, true, at('2026-06-05', '11:00'), clock, r)).toEqual({ kind: 'close' });
    expect(confirmAction(resolved, false, at('2026-06-20', '11:00'), clock, r)).toEqual({ kind: 'remind' });
  });
});

const fig = (over: Partial<FigureTicket>): FigureTicket => ({
  schoolId: 1,
  schoolName: 'บ้านหนองบัวทอง',
  district: 'ภักดีชุมพล',
  categoryLabel: 'ไม่มีสัญญาณ',
  status: 'closed',
  createdAt: at('2026-06-01', '09:00'),
  acceptedAt: at('2026-06-01', '09:30'),
  resolvedAt: at('2026-06-01', '15:00'),
  closedAt: at('2026-06-02', '09:00'),
  acceptDueAt: at('2026-06-01', '10:00'),
  resolveDueAt: at('2026-06-02', '09:00'),
  pausedOfficeMinutes: 0,
  ...over,
});

describe('figures', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 3, 10])).toBe(3);
  });

  it('judges targets: late accept or late resolve misses; a deadline still ahead is undecided', () => {
    const now = at('2026-06-10', '09:00');
    expect(metTarget(fig({}), now)).toBe(true);
    expect(metTarget(fig({ acceptedAt: at('2026-06-01', '10:01') }), now)).toBe(false);
    expect(metTarget(fig({ status: 'accepted', resolvedAt: null, closedAt: null }), now)).toBe(false);
    expect(metTarget(fig({ status: 'accepted', resolvedAt: null, closedAt: null }), at('2026-06-01', '12:00'))).toBeNull();
  });

  it('counts this month and this fiscal year, medians in office minutes without the waiting time, by kind, district and school', () => {
    const now = at('2026-06-15', '10:00');
    const tickets = [
      fig({}),
      // Over a weekend: created Friday 16:00, accepted Monday 09:00 = 30 + 30 office minutes.
      fig({ schoolName: 'บ้านโคกสูง', district: 'เทพสถิต', createdAt: at('2026-06-05', '16:00'), acceptedAt: at('2026-06-08', '09:00'), acceptDueAt: at('2026-06-08', '08:45'), resolvedAt: at('2026-06-08', '16:00'), resolveDueAt: at('2026-06-10', '16:00'), pausedOfficeMinutes: 60, closedAt: at('2026-06-09', '08:30') }),
      fig({ categoryLabel: 'เครื่องพิมพ์', status: 'new', createdAt: at('2026-06-12', '09:00'), acceptedAt: null, resolvedAt: null, closedAt: null, acceptDueAt: at('2026-06-12', '13:00'), resolveDueAt: null }),
      // Last fiscal year's month of May: in this fiscal year (from 1 October 2025), not this month.
      fig({ createdAt: at('2026-05-20', '09:00'), acceptedAt: at('2026-05-20', '09:10'), resolvedAt: at('2026-05-20', '10:00'), closedAt: at('2026-05-21', '10:00'), acceptDueAt: at('2026-05-20', '10:00'), resolveDueAt: at('2026-05-21', '10:00') }),
      fig({ createdAt: at('2025-09-30', '09:00'), closedAt: at('2025-09-30', '16:00') }),
    ];
    const periods = reportPeriods(now);
    expect(periods.fiscalYearBE).toBe(2569);
    const f = computeFigures(tickets, periods, now, clock);
    expect(f.openNow).toBe(1);
    expect(f.month.opened).toBe(3);
    expect(f.month.closed).toBe(2);
    // Accept: 30 and 60 minutes → median 45. Resolve: 360 and (09:00 Fri 16:00 → Mon 16:00 = 30 + 450 = 480) - 60 = 420 → 390.
    expect(f.month.medianAcceptMinutes).toBe(45);
    expect(f.month.medianResolveMinutes).toBe(390);
    // First met both; second was accepted late; the third is new and already past its accept deadline.
    expect(f.month.judged).toBe(3);
    expect(f.month.withinTarget).toBeCloseTo(1 / 3);
    expect(f.month.byKind).toEqual([{ label: 'ไม่มีสัญญาณ', count: 2 }, { label: 'เครื่องพิมพ์', count: 1 }]);
    expect(f.month.byDistrict[0]).toEqual({ label: 'ภักดีชุมพล', count: 2 });
    expect(f.month.topSchools[0]).toEqual({ label: 'บ้านหนองบัวทอง', count: 2 });
    expect(f.fiscalYear.opened).toBe(4);
    expect(f.fiscalYear.closed).toBe(3);
  });

  it('starts the fiscal year on 1 October Bangkok time, named by the Buddhist year it ends in', () => {
    const p = reportPeriods(at('2026-10-01', '00:00'));
    expect(p.fiscalYearBE).toBe(2570);
    expect(p.fiscalYear.from).toEqual(at('2026-10-01', '00:00'));
    expect(reportPeriods(at('2026-09-30', '23:59')).fiscalYearBE).toBe(2569);
  });
});

const dt = (over: Partial<DigestTicket>): DigestTicket => ({
  number: 'ซ่อม 2569/0001',
  schoolName: 'บ้านหนองบัวทอง',
  categoryLabel: 'ไม่มีสัญญาณ',
  status: 'new',
  priority: 'normal',
  acceptDueAt: at('2026-06-10', '12:00'),
  resolveDueAt: null,
  waitingReason: null,
  assigneeName: null,
  ...over,
});

describe('morning digest', () => {
  it('lists new, overdue and waiting tickets in one text; an overdue new ticket only once', () => {
    const now = at('2026-06-10', '08:00');
    const digest = buildDigest(
      [
        dt({}),
        dt({ number: 'ซ่อม 2569/0002', acceptDueAt: at('2026-06-09', '12:00'), priority: 'urgent' }),
        dt({ number: 'ซ่อม 2569/0003', status: 'accepted', resolveDueAt: at('2026-06-09', '16:00'), assigneeName: 'ช่างตั้งใจ' }),
        dt({ number: 'ซ่อม 2569/0004', status: 'waiting', waitingReason: 'parts', resolveDueAt: at('2026-06-01', '16:00') }),
        dt({ number: 'ซ่อม 2569/0005', status: 'scheduled', resolveDueAt: at('2026-06-11', '16:00') }),
      ],
      now,
    );
    expect(digest).not.toBeNull();
    expect([digest!.newCount, digest!.overdueCount, digest!.waitingCount]).toEqual([1, 2, 1]);
    const text = digest!.text;
    expect(text).toContain('10 มิถุนายน 2569');
    expect(text.match(/ซ่อม 2569\/0002/g)).toHaveLength(1);
    expect(text).toContain('ซ่อม 2569/0002 บ้านหนองบัวทอง (ไม่มีสัญญาณ) [ด่วน]');
    expect(text).toContain('ซ่อม 2569/0003 บ้านหนองบัวทอง (ไม่มีสัญญาณ) – ช่างตั้งใจ');
    expect(text).toContain('ซ่อม 2569/0004 บ้านหนองบัวทอง (ไม่มีสัญญาณ) – รออะไหล่');
    expect(text).not.toContain('0005');
  });

  it('says nothing on a quiet morning and shortens long sections', () => {
    expect(buildDigest([dt({ status: 'scheduled', resolveDueAt: at('2026-06-30', '16:00') })], at('2026-06-10', '08:00'))).toBeNull();
    const many = Array.from({ length: 14 }, (_, i) => dt({ number: `ซ่อม 2569/${String(i + 1).padStart(4, '0')}` }));
    const digest = buildDigest(many, at('2026-06-10', '08:00'))!;
    expect(digest.text).toContain('งานใหม่รอรับ 14 งาน');
    expect(digest.text).toContain('และอีก 4 งาน');
  });
});

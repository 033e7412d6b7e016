import { describe, expect, it } from '@jest/globals';
import { bangkokTime, DEFAULT_OFFICE_CALENDAR, officeInstantBefore, type OfficeCalendar } from '../../src/domain/office-time.ts';
import { dueNow, escalationMarks, escalationSteps, levelOf, pendingSteps, plannedTimes, ruleDueAt, type PlanRules } from '../../src/kit/planner.ts';

// 2027-03-01 is a Monday; Wednesday 2027-03-03 is a holiday of this office. Office hours 08:30–16:30.
const calendar: OfficeCalendar = { ...DEFAULT_OFFICE_CALENDAR, holidays: new Set(['2027-03-03']) };
const at = (date: string, time: string) => bangkokTime(date, time);

describe('office-time rules', () => {
  it('counts office minutes after an instant over the night and the holiday', () => {
    // Tuesday 16:00 + 120 office minutes: 30 on Tuesday, Wednesday is a holiday, 90 on Thursday → 10:00.
    expect(ruleDueAt({ officeMinutesAfter: 120 }, at('2027-03-02', '16:00'), calendar)).toEqual(at('2027-03-04', '10:00'));
    // A start outside office hours counts from the next opening (Saturday → Monday 08:30).
    expect(ruleDueAt({ officeMinutesAfter: 60 }, at('2027-03-06', '11:00'), calendar)).toEqual(at('2027-03-08', '09:30'));
  });

  it('finds the moment at most N office minutes are left, back over a closed night (the night before is already "within the hour")', () => {
    expect(ruleDueAt({ officeMinutesBefore: 60 }, at('2027-03-02', '16:00'), calendar)).toEqual(at('2027-03-02', '15:00'));
    // Thursday 09:00 with 60 minutes: 30 on Thursday morning, 30 before Tuesday's close (Wednesday is a holiday).
    expect(ruleDueAt({ officeMinutesBefore: 60 }, at('2027-03-04', '09:00'), calendar)).toEqual(at('2027-03-02', '16:00'));
    // Exactly reaching an opening: from the previous closing on (Friday 16:30), not Monday 08:30.
    expect(officeInstantBefore(at('2027-03-08', '09:30'), 60, calendar)).toEqual(at('2027-03-05', '16:30'));
    // Zero minutes before a deadline set at night: the last closing before it.
    expect(officeInstantBefore(at('2027-03-08', '20:00'), 0, calendar)).toEqual(at('2027-03-08', '16:30'));
  });

  it('counts wall-clock minutes before a meeting, office hours or not (an 08:00 meeting is reminded at 07:30, not the evening before)', () => {
    expect(ruleDueAt({ minutesBefore: 30 }, at('2027-03-02', '08:00'), calendar)).toEqual(at('2027-03-02', '07:30'));
    expect(ruleDueAt({ minutesBefore: 30 }, at('2027-03-06', '10:00'), calendar)).toEqual(at('2027-03-06', '09:30'));
    // A meeting's plan: the office day before (Monday for Tuesday; Tuesday for Thursday over the holiday), then 30 minutes before.
    const meeting: PlanRules<'day_before' | 'soon'> = {
      steps: [
        { mark: 'day_before', at: { officeDaysBefore: 1 }, beforeAnchorOnly: true },
        { mark: 'soon', at: { minutesBefore: 30 }, beforeAnchorOnly: true },
      ],
    };
    expect(plannedTimes(at('2027-03-04', '09:00'), meeting, calendar)).toEqual([
      { mark: 'day_before', dueAt: at('2027-03-02', '08:30') },
      { mark: 'soon', dueAt: at('2027-03-04', '08:30') },
    ]);
    expect(dueNow(at('2027-03-04', '09:00'), meeting, { day_before: true }, at('2027-03-04', '09:00'), calendar)).toBeNull();
  });

  it('counts office days after an instant at its wall-clock time, skipping the weekend and the holiday', () => {
    expect(ruleDueAt({ officeDaysAfter: 1 }, at('2027-03-02', '10:00'), calendar)).toEqual(at('2027-03-04', '10:00'));
    expect(ruleDueAt({ officeDaysAfter: 2 }, at('2027-03-04', '10:00'), calendar)).toEqual(at('2027-03-08', '10:00'));
  });

  it('counts office days before and after a date, from the office opening', () => {
    // Friday 12 March: on the day, and two office days before (Wednesday 10 is an ordinary day here).
    expect(ruleDueAt({ officeDaysBefore: 0 }, '2027-03-12', calendar)).toEqual(at('2027-03-12', '08:30'));
    expect(ruleDueAt({ officeDaysBefore: 2 }, '2027-03-12', calendar)).toEqual(at('2027-03-10', '08:30'));
    // A date on a Saturday: "on the day" is the Friday; one day before counted from the date is that Friday too,
    // counted from the office day it is the Thursday.
    expect(ruleDueAt({ officeDaysBefore: 0 }, '2027-03-13', calendar)).toEqual(at('2027-03-12', '08:30'));
    expect(ruleDueAt({ officeDaysBefore: 1 }, '2027-03-13', calendar)).toEqual(at('2027-03-12', '08:30'));
    expect(ruleDueAt({ officeDaysBefore: 1, countedFrom: 'office-day' }, '2027-03-13', calendar)).toEqual(at('2027-03-11', '08:30'));
    // Two office days before Thursday 4 March: Tuesday 2 then Monday 1 (the holiday is skipped).
    expect(ruleDueAt({ officeDaysBefore: 2 }, '2027-03-04', calendar)).toEqual(at('2027-03-01', '08:30'));
    // After a Tuesday due date: Thursday (holiday skipped), then Friday; 0 is the first office day on or after.
    expect(ruleDueAt({ officeDaysAfter: 1 }, '2027-03-02', calendar)).toEqual(at('2027-03-04', '08:30'));
    expect(ruleDueAt({ officeDaysAfter: 2 }, '2027-03-02', calendar)).toEqual(at('2027-03-05', '08:30'));
    expect(ruleDueAt({ officeDaysAfter: 0 }, '2027-03-06', calendar)).toEqual(at('2027-03-08', '08:30'));
  });
});

describe('what is due now', () => {
  // A deadline's clock: remind 60 office minutes before, escalate at it and 480 office minutes after.
  const deadline = at('2027-03-02', '16:00');
  const clock: PlanRules<'remind' | `escalate:${number}`> = {
    steps: [{ mark: 'remind', at: { officeMinutesBefore: 60 }, beforeAnchorOnly: true }, ...escalationSteps([0, 480])],
  };

  it('answers nothing before the first step, then the step whose time has come', () => {
    expect(dueNow(deadline, clock, {}, at('2027-03-02', '14:59'), calendar)).toBeNull();
    expect(dueNow(deadline, clock, {}, at('2027-03-02', '15:00'), calendar)).toMatchObject({ mark: 'remind', dueAt: at('2027-03-02', '15:00') });
    expect(dueNow(deadline, clock, {}, deadline, calendar)?.mark).toBe('escalate:1');
  });

  it('never answers a recorded mark again', () => {
    expect(dueNow(deadline, clock, { remind: true }, at('2027-03-02', '15:30'), calendar)).toBeNull();
    expect(dueNow(deadline, clock, escalationMarks(1), at('2027-03-02', '16:10'), calendar)).toBeNull();
    expect(dueNow(deadline, clock, escalationMarks(2), at('2027-03-30', '10:00'), calendar)).toBeNull();
  });

  it('a reminder before a deadline is no use once it has passed', () => {
    // The service was down through the reminder's window: at the deadline the escalation is due, not the reminder.
    expect(dueNow(deadline, { steps: [clock.steps[0]!] }, {}, deadline, calendar)).toBeNull();
  });

  it('skipped steps are covered by the latest one (the highest level in one go), and a later mark covers earlier steps', () => {
    // 480 office minutes after Tuesday 16:00 is Thursday 16:00 (Wednesday a holiday): level 2 from there.
    expect(dueNow(deadline, clock, {}, at('2027-03-04', '15:59'), calendar)?.mark).toBe('escalate:1');
    const late = dueNow(deadline, clock, {}, at('2027-03-04', '16:00'), calendar);
    expect(late?.mark).toBe('escalate:2');
    expect(levelOf(late!.mark)).toBe(2);
    // Level 2 recorded: neither the reminder nor level 1 is ever due after it.
    expect(pendingSteps(deadline, clock, { 'escalate:2': true }, calendar)).toEqual([]);
  });

  it('levels follow the thresholds in order whatever order the settings list them in', () => {
    expect(escalationSteps([480, 0]).map((s) => [s.mark, s.at])).toEqual([
      ['escalate:1', { officeMinutesAfter: 0 }],
      ['escalate:2', { officeMinutesAfter: 480 }],
    ]);
  });

  it('a step after another waits for that one to be recorded on an earlier run', () => {
    const ack: PlanRules<'remind' | 'escalate'> = {
      steps: [
        { mark: 'remind', at: { officeDaysAfter: 1 } },
        { mark: 'escalate', at: { officeDaysAfter: 2 }, afterPrevious: true },
      ],
    };
    const assigned = at('2027-03-01', '10:00');
    // Long after both times: the reminder first, the escalation only once the reminder is recorded.
    expect(dueNow(assigned, ack, {}, at('2027-03-15', '10:00'), calendar)?.mark).toBe('remind');
    expect(dueNow(assigned, ack, { remind: true }, at('2027-03-15', '10:00'), calendar)?.mark).toBe('escalate');
    // Two office days after Monday: Tuesday, then Thursday (the holiday).
    expect(dueNow(assigned, ack, { remind: true }, at('2027-03-04', '09:59'), calendar)).toBeNull();
    expect(dueNow(assigned, ack, { remind: true }, at('2027-03-04', '10:00'), calendar)?.mark).toBe('escalate');
    expect(dueNow(assigned, ack, { remind: true, escalate: true }, at('2027-03-30', '10:00'), calendar)).toBeNull();
  });

  it('spaced steps count from when the previous mark was recorded, in office hours only', () => {
    const spaced: PlanRules<'1' | '2'> = {
      steps: [
        { mark: '1', at: { officeMinutesAfter: 480 }, from: 'previous-mark', afterPrevious: true },
        { mark: '2', at: { officeMinutesAfter: 480 }, from: 'previous-mark', afterPrevious: true },
      ],
      officeHoursOnly: true,
    };
    const proposed = at('2027-03-01', '10:00');
    expect(dueNow(proposed, spaced, {}, at('2027-03-02', '09:59'), calendar)).toBeNull();
    expect(dueNow(proposed, spaced, {}, at('2027-03-02', '10:00'), calendar)?.mark).toBe('1');
    // Due, but at night: nothing until the office opens.
    expect(dueNow(proposed, spaced, {}, at('2027-03-02', '20:00'), calendar)).toBeNull();
    // The first went out late (Thursday 09:00): the second is 8 office hours after it, Friday 09:00.
    const first = { '1': at('2027-03-04', '09:00') };
    expect(pendingSteps(proposed, spaced, first, calendar).map((s) => s.dueAt)).toEqual([at('2027-03-05', '09:00')]);
    expect(dueNow(proposed, spaced, first, at('2027-03-05', '08:59'), calendar)).toBeNull();
    expect(dueNow(proposed, spaced, first, at('2027-03-05', '09:00'), calendar)?.mark).toBe('2');
    expect(dueNow(proposed, spaced, { ...first, '2': at('2027-03-05', '09:00') }, at('2027-03-30', '10:00'), calendar)).toBeNull();
  });

  it('a step of one day is due from the opening to the end of that day only; a missed day is not made up', () => {
    const due: PlanRules<'before' | 'on_day' | 'overdue:1'> = {
      steps: [
        { mark: 'before', at: { officeDaysBefore: 1, countedFrom: 'office-day' }, onItsDayOnly: true },
        { mark: 'on_day', at: { officeDaysBefore: 0 }, onItsDayOnly: true },
        { mark: 'overdue:1', at: { officeDaysAfter: 1 }, onItsDayOnly: true },
      ],
    };
    const date = '2027-03-13'; // a Saturday: before on Thursday 11, on the day Friday 12, overdue Monday 15
    expect(plannedTimes(date, due, calendar)).toEqual([
      { mark: 'before', dueAt: at('2027-03-11', '08:30') },
      { mark: 'on_day', dueAt: at('2027-03-12', '08:30') },
      { mark: 'overdue:1', dueAt: at('2027-03-15', '08:30') },
    ]);
    expect(dueNow(date, due, {}, at('2027-03-11', '08:29'), calendar)).toBeNull();
    expect(dueNow(date, due, {}, at('2027-03-11', '08:30'), calendar)?.mark).toBe('before');
    expect(dueNow(date, due, {}, at('2027-03-11', '23:59'), calendar)?.mark).toBe('before');
    // Thursday's was missed (the service was down): on Friday only Friday's is due.
    expect(dueNow(date, due, {}, at('2027-03-12', '10:00'), calendar)?.mark).toBe('on_day');
    // The weekend in between: nothing.
    expect(dueNow(date, due, { before: true, on_day: true }, at('2027-03-13', '10:00'), calendar)).toBeNull();
    expect(dueNow(date, due, { before: true, on_day: true }, at('2027-03-15', '10:00'), calendar)?.mark).toBe('overdue:1');
    expect(dueNow(date, due, { before: true, on_day: true, 'overdue:1': true }, at('2027-03-15', '11:00'), calendar)).toBeNull();
  });

  it('fits "N office days before a due date" for a loan of equipment too (the holiday skipped)', () => {
    const loan: PlanRules<'before' | 'due'> = {
      steps: [
        { mark: 'before', at: { officeDaysBefore: 2 }, onItsDayOnly: true },
        { mark: 'due', at: { officeDaysBefore: 0 }, onItsDayOnly: true },
      ],
    };
    // Due Thursday 4 March: two office days before are Tuesday 2 and Monday 1 (Wednesday a holiday).
    expect(dueNow('2027-03-04', loan, {}, at('2027-03-01', '09:00'), calendar)?.mark).toBe('before');
    expect(dueNow('2027-03-04', loan, {}, at('2027-03-02', '09:00'), calendar)).toBeNull();
    expect(dueNow('2027-03-04', loan, { before: true }, at('2027-03-04', '09:00'), calendar)?.mark).toBe('due');
  });
});

import { describe, expect, it } from '@jest/globals';
import { ConflictError, ValidationError } from '../../src/domain/errors.ts';
import { DEFAULT_OFFICE_CALENDAR, bangkokTime } from '../../src/domain/office-time.ts';
import { DEFAULT_OFFICE_SETTINGS, serviceDeadlines } from '../../src/domain/repair/index.ts';
import { leavesWaiting, ticketTransition, type TicketBeforeChange } from '../../src/domain/repair/transition.ts';

// A Monday morning in Bangkok; the default office is open 08:30–16:30 on weekdays.
const reported = bangkokTime('2026-06-01', '09:00');
const office = { settings: DEFAULT_OFFICE_SETTINGS.repair, calendar: DEFAULT_OFFICE_CALENDAR };

function ticket(overrides: Partial<TicketBeforeChange> = {}): TicketBeforeChange {
  return { status: 'new', priority: 'normal', createdAt: reported, acceptedAt: null, waitingSince: null, pausedOfficeMinutes: 0, ...overrides };
}

describe("a ticket's move, as the pure rule decides it", () => {
  it('refuses a move the state machine does not know, before writing anything', () => {
    expect(() =>
      ticketTransition(ticket({ status: 'closed' }), { expectedVersion: 1, toStatus: 'accepted', actorId: 7, action: 'accepted' }, reported),
    ).toThrow(ConflictError);
  });

  it('refuses an assignment without an assignee and a rating outside 1–5', () => {
    expect(() => ticketTransition(ticket(), { expectedVersion: 1, toStatus: 'accepted', actorId: 7, action: 'assigned' }, reported)).toThrow(
      ValidationError,
    );
    expect(() =>
      ticketTransition(
        ticket({ status: 'closed' }),
        { expectedVersion: 1, toStatus: 'closed', actorId: 7, action: 'rated', patch: { rating: 6 } },
        reported,
      ),
    ).toThrow(ValidationError);
  });

  it('accepting a new ticket stamps when, and makes the technician its assignee', () => {
    const now = bangkokTime('2026-06-01', '10:00');
    const { set } = ticketTransition(ticket(), { expectedVersion: 1, toStatus: 'accepted', actorId: 7, action: 'accepted' }, now);
    expect(set).toEqual({ status: 'accepted', updatedAt: now, acceptedAt: now, assigneeId: 7 });
  });

  it('leaving waiting adds the office minutes waited to the resolve deadline and says so in the timeline', () => {
    const waitingSince = bangkokTime('2026-06-01', '15:30');
    // 15:30–16:30 Monday and 08:30–09:30 Tuesday: two office hours, the night does not count.
    const now = bangkokTime('2026-06-02', '09:30');
    expect(leavesWaiting('waiting', 'accepted')).toBe(true);
    const { set, data } = ticketTransition(
      ticket({ status: 'waiting', waitingSince, pausedOfficeMinutes: 30 }),
      { expectedVersion: 3, toStatus: 'accepted', actorId: 7, action: 'resumed' },
      now,
      office,
    );
    expect(data).toEqual({ waitedOfficeMinutes: 120 });
    expect(set.pausedOfficeMinutes).toBe(150);
    expect(set.waitingSince).toBeNull();
    expect(set.waitingReason).toBeNull();
    expect(set.resolveDueAt).toEqual(serviceDeadlines(reported, 'normal', office.settings, office.calendar, 150).resolveDueAt);
  });

  it('resolving, confirming, closing and reopening stamp or clear their times', () => {
    const now = bangkokTime('2026-06-03', '11:00');
    expect(ticketTransition(ticket({ status: 'accepted' }), { expectedVersion: 1, toStatus: 'resolved', actorId: 7, action: 'resolved' }, now).set.resolvedAt).toEqual(now);
    expect(ticketTransition(ticket({ status: 'resolved' }), { expectedVersion: 1, toStatus: 'confirmed', actorId: 8, action: 'confirmed' }, now).set.confirmedAt).toEqual(now);
    expect(ticketTransition(ticket({ status: 'resolved' }), { expectedVersion: 1, toStatus: 'closed', actorId: null, action: 'auto_closed' }, now).set.closedAt).toEqual(now);
    expect(ticketTransition(ticket({ status: 'resolved' }), { expectedVersion: 1, toStatus: 'accepted', actorId: 8, action: 'reopened' }, now).set.resolvedAt).toBeNull();
  });
});

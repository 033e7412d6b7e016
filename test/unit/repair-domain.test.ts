import { describe, expect, it } from '@jest/globals';
import { bangkokTime } from '../../src/domain/office-time.ts';
import {
  DEFAULT_CATEGORIES,
  DEFAULT_OFFICE_SETTINGS,
  TICKET_STATUSES,
  availableActions,
  canTransition,
  formatTicketNumber,
  isKnownTransition,
  officeCalendarOf,
  officeSettingsSchema,
  parseTicketNumber,
  priorityOf,
  serviceDeadlines,
  type TicketActor,
} from '../../src/domain/repair/index.ts';

const at = bangkokTime;

describe('who may move a ticket where', () => {
  // Every (actor, action, from → to) the service allows; anything else must be refused.
  const ALLOWED: [TicketActor, string, string, string][] = [
    ['technician', 'accepted', 'new', 'accepted'],
    ['group_director', 'assigned', 'new', 'accepted'],
    ['admin', 'assigned', 'new', 'accepted'],
    ['group_director', 'assigned', 'scheduled', 'scheduled'],
    ['technician', 'scheduled', 'accepted', 'scheduled'],
    ['technician', 'scheduled', 'scheduled', 'scheduled'],
    ['technician', 'waiting', 'scheduled', 'waiting'],
    ['technician', 'resumed', 'waiting', 'scheduled'],
    ['technician', 'resolved', 'waiting', 'resolved'],
    ['teacher', 'confirmed', 'resolved', 'confirmed'],
    ['school_director', 'reopened', 'resolved', 'accepted'],
    ['system', 'auto_closed', 'resolved', 'closed'],
    ['system', 'closed', 'confirmed', 'closed'],
    ['teacher', 'cancelled', 'new', 'cancelled'],
    ['teacher', 'rated', 'closed', 'closed'],
  ];
  it.each(ALLOWED)('%s may %s a ticket from %s to %s', (actor, action, from, to) => {
    expect(canTransition(actor, action as never, from as never, to as never)).toBe(true);
  });

  const REFUSED: [TicketActor, string, string, string][] = [
    ['teacher', 'accepted', 'new', 'accepted'],
    ['school_director', 'accepted', 'new', 'accepted'],
    ['group_director', 'accepted', 'new', 'accepted'],
    ['technician', 'assigned', 'new', 'accepted'],
    ['technician', 'cancelled', 'new', 'cancelled'],
    ['teacher', 'cancelled', 'accepted', 'cancelled'],
    ['technician', 'confirmed', 'resolved', 'confirmed'],
    ['technician', 'resolved', 'new', 'resolved'],
    ['teacher', 'auto_closed', 'resolved', 'closed'],
    ['system', 'accepted', 'new', 'accepted'],
    ['teacher', 'rated', 'resolved', 'resolved'],
    ['technician', 'waiting', 'waiting', 'waiting'],
    ['guest', 'cancelled', 'new', 'cancelled'],
  ];
  it.each(REFUSED)('%s may not %s a ticket from %s to %s', (actor, action, from, to) => {
    expect(canTransition(actor, action as never, from as never, to as never)).toBe(false);
  });

  it('has no way out of a closed or cancelled ticket except a rating', () => {
    for (const actor of ['teacher', 'technician', 'group_director', 'admin', 'system'] as const) {
      expect(availableActions(actor, 'cancelled')).toEqual([]);
      expect(availableActions(actor, 'closed').map((a) => a.action).filter((a) => a !== 'rated')).toEqual([]);
    }
  });

  it('offers a technician the moves of a ticket being worked on', () => {
    expect(availableActions('technician', 'accepted')).toEqual([
      { action: 'scheduled', to: ['scheduled'] },
      { action: 'waiting', to: ['waiting'] },
      { action: 'resolved', to: ['resolved'] },
    ]);
    expect(availableActions('technician', 'waiting')).toEqual([
      { action: 'resumed', to: ['accepted', 'scheduled'] },
      { action: 'resolved', to: ['resolved'] },
    ]);
  });

  it('knows every status', () => {
    for (const status of TICKET_STATUSES) expect(typeof isKnownTransition('accepted', status, 'accepted')).toBe('boolean');
    expect(isKnownTransition('assigned', 'accepted', 'accepted')).toBe(true);
    expect(isKnownTransition('assigned', 'accepted', 'waiting')).toBe(false);
  });
});

describe('ticket numbers and priority', () => {
  it('writes and reads the running number of the fiscal year', () => {
    expect(formatTicketNumber(2570, 42)).toBe('ซ่อม 2570/0042');
    expect(formatTicketNumber(2570, 12345)).toBe('ซ่อม 2570/12345');
    expect(parseTicketNumber('ซ่อม 2570/0042')).toEqual({ fiscalYear: 2570, seq: 42 });
    expect(parseTicketNumber(' 2570-42 ')).toEqual({ fiscalYear: 2570, seq: 42 });
    expect(parseTicketNumber('2570/0')).toBeNull();
    expect(parseTicketNumber('ทีวีเสีย')).toBeNull();
  });

  it('makes a report urgent when teaching has stopped', () => {
    expect(priorityOf(true)).toBe('urgent');
    expect(priorityOf(false)).toBe('normal');
  });
});

describe('office settings', () => {
  it('defaults to 08:30–16:30, Monday to Friday, and the repair targets', () => {
    expect(DEFAULT_OFFICE_SETTINGS).toMatchObject({
      officeHours: { open: '08:30', close: '16:30' },
      workingDays: [1, 2, 3, 4, 5],
      repair: {
        targets: { urgent: { acceptMinutes: 60, resolveMinutes: 480 }, normal: { acceptMinutes: 240, resolveMinutes: 1440 } },
        autoCloseOfficeDays: 3,
        routing: 'all',
        digestAt: '08:00',
      },
    });
  });

  it('fills what an office did not set and keeps other sections', () => {
    const settings = officeSettingsSchema.parse({ repair: { targets: { urgent: { acceptMinutes: 30, resolveMinutes: 240 } } }, notYetKnown: { x: 1 } });
    expect(settings.repair.targets.urgent).toEqual({ acceptMinutes: 30, resolveMinutes: 240 });
    expect(settings.repair.targets.normal).toEqual({ acceptMinutes: 240, resolveMinutes: 1440 });
    expect(settings.officeHours).toEqual({ open: '08:30', close: '16:30' });
    expect((settings as Record<string, unknown>).notYetKnown).toEqual({ x: 1 });
    expect(settings.loans).toEqual(expect.objectContaining({ minNoticeDays: 0, maxDays: 14, schoolDirectorEndorsement: false, approverRoles: ['group_director'] }));
    expect(settings.saraban.digestTimes).toEqual(['08:00', '13:00']);
  });

  it('refuses hours that close before they open, bad times and no working day', () => {
    expect(officeSettingsSchema.safeParse({ officeHours: { open: '16:30', close: '08:30' } }).success).toBe(false);
    expect(officeSettingsSchema.safeParse({ officeHours: { open: '8.30' } }).success).toBe(false);
    expect(officeSettingsSchema.safeParse({ workingDays: [] }).success).toBe(false);
    expect(officeSettingsSchema.safeParse({ repair: { routing: 'nearest' } }).success).toBe(false);
  });

  it('sets deadlines in office time, pushed back by the minutes waited', () => {
    const calendar = officeCalendarOf(DEFAULT_OFFICE_SETTINGS, ['2026-03-03']);
    // Reported Monday 2 March 16:00, Tuesday a holiday.
    const urgent = serviceDeadlines(at('2026-03-02', '16:00'), 'urgent', DEFAULT_OFFICE_SETTINGS.repair, calendar);
    expect(urgent).toEqual({ acceptDueAt: at('2026-03-04', '09:00'), resolveDueAt: at('2026-03-04', '16:00') });
    const waited = serviceDeadlines(at('2026-03-02', '16:00'), 'urgent', DEFAULT_OFFICE_SETTINGS.repair, calendar, 60);
    expect(waited.resolveDueAt).toEqual(at('2026-03-05', '09:00'));
  });
});

describe('default categories', () => {
  it('offers the DLTV and computer kinds, each group ending with "other"', () => {
    const labels = (group: string) => DEFAULT_CATEGORIES.filter((c) => c.groupCode === group).map((c) => c.label);
    expect(labels('dltv')).toEqual(['ไม่มีสัญญาณ', 'จานดาวเทียม/LNB', 'เครื่องรับสัญญาณ', 'โทรทัศน์', 'สายสัญญาณ', 'อื่น ๆ']);
    expect(labels('computer')).toEqual(['คอมพิวเตอร์', 'โน้ตบุ๊ก', 'เครื่องพิมพ์', 'โปรเจกเตอร์', 'อินเทอร์เน็ต/เครือข่าย', 'อื่น ๆ']);
    expect(new Set(DEFAULT_CATEGORIES.map((c) => c.code)).size).toBe(DEFAULT_CATEGORIES.length);
  });
});

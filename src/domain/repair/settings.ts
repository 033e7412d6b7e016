import { z } from 'zod';
import { parseClockTime, type OfficeCalendar } from '../office-time.ts';
import { sarabanSettingsSchema } from '../saraban/settings.ts';
import { loanSettingsSchema } from '../loans/settings.ts';
import { surveySettingsSchema } from '../surveys/settings.ts';
import { accessSettingsSchema } from '../access.ts';

/** Minutes after midnight, or null for a text that is no clock time (refinements run even after a field failed). */
function clockMinutes(text: string): number | null {
  try {
    return parseClockTime(text);
  } catch {
    return null;
  }
}

const clockTime = z.string().refine((text) => clockMinutes(text) !== null, 'เวลาต้องเป็นรูปแบบ HH:MM');

const minutes = z.number().int().min(0);

/** Service targets of one priority, in office minutes from the report. */
const targetSchema = z.object({ acceptMinutes: minutes.positive(), resolveMinutes: minutes.positive() });

/**
 * The repair part of the office settings. Every key has a default, so an office with no settings row
 * works out of the box; an office sets only what differs.
 */
export const repairSettingsSchema = z.object({
  /** An office day has 8 working hours (08:30–16:30): urgent = teaching is stopped now. */
  targets: z
    .object({
      urgent: targetSchema.prefault({ acceptMinutes: 60, resolveMinutes: 8 * 60 }),
      normal: targetSchema.prefault({ acceptMinutes: 4 * 60, resolveMinutes: 3 * 8 * 60 }),
    })
    .prefault({}),
  /** Remind the assignee this many office minutes before a deadline. */
  reminderBeforeMinutes: minutes.default(60),
  /**
   * Escalation levels to the group director: level n is raised once the deadline has been missed by
   * `escalateAfterMinutes[n-1]` office minutes (level 1 at the deadline itself).
   */
  escalateAfterMinutes: z.array(minutes).min(1).default([0, 8 * 60]),
  /** A resolved ticket the school has not confirmed is reminded once, then closed after this many office days. */
  autoCloseOfficeDays: z.number().int().min(1).default(3),
  /** Remind the school this many office days after resolution (before the auto-close). */
  confirmReminderOfficeDays: z.number().int().min(0).default(1),
  /** Who hears about a new ticket: every technician, or the technicians of the school's district. */
  routing: z.enum(['all', 'district']).default('all'),
  /** person id → districts they cover (for routing by district); a technician in no list hears everything. */
  technicianDistricts: z.record(z.string(), z.array(z.string())).default({}),
  /** The group director's morning digest on office days. */
  digestAt: clockTime.default('08:00'),
});
export type RepairSettings = z.infer<typeof repairSettingsSchema>;

/**
 * The office settings document (`office_settings.settings`). Unknown keys are kept: other parts of the
 * service (saraban, loans) add their own sections.
 */
export const officeSettingsSchema = z.looseObject({
  officeHours: z
    .object({ open: clockTime.default('08:30'), close: clockTime.default('16:30') })
    .prefault({})
    .refine((h) => (clockMinutes(h.close) ?? Infinity) > (clockMinutes(h.open) ?? -Infinity), 'เวลาปิดต้องหลังเวลาเปิด'),
  /** 0 = Sunday … 6 = Saturday. */
  workingDays: z.array(z.number().int().min(0).max(6)).min(1).default([1, 2, 3, 4, 5]),
  repair: repairSettingsSchema.prefault({}),
  saraban: sarabanSettingsSchema.prefault({}),
  loans: loanSettingsSchema.prefault({}),
  surveys: surveySettingsSchema.prefault({}),
  access: accessSettingsSchema.prefault({}),
});
export type OfficeSettings = z.infer<typeof officeSettingsSchema>;
export type OfficeSettingsInput = z.input<typeof officeSettingsSchema>;

export const DEFAULT_OFFICE_SETTINGS: OfficeSettings = officeSettingsSchema.parse({});

/** The calendar of office time from the settings and the holiday list. */
export function officeCalendarOf(settings: OfficeSettings, holidayDates: Iterable<string>): OfficeCalendar {
  return {
    openMinute: parseClockTime(settings.officeHours.open),
    closeMinute: parseClockTime(settings.officeHours.close),
    workingDays: [...new Set(settings.workingDays)],
    holidays: new Set(holidayDates),
  };
}

import { z } from 'zod';
import { addOfficeMinutes, type OfficeCalendar } from '../office-time.ts';
import type { RepairSettings } from './settings.ts';

export const PRIORITIES = ['urgent', 'normal'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;

export const PRIORITY_LABELS: Record<Priority, string> = { urgent: 'ด่วน (การสอนหยุดชะงัก)', normal: 'ปกติ' };

/** Teaching stopped now → urgent. */
export function priorityOf(teachingStopped: boolean): Priority {
  return teachingStopped ? 'urgent' : 'normal';
}

/** Urgent before normal (sorting). */
export function priorityRank(priority: Priority): number {
  return priority === 'urgent' ? 0 : 1;
}

/** `ซ่อม 2570/0042` */
export function formatTicketNumber(fiscalYear: number, seq: number): string {
  return `ซ่อม ${fiscalYear}/${String(seq).padStart(4, '0')}`;
}

/** Reads `ซ่อม 2570/0042`, `2570/42` or `2570-0042` back (a person typing a number to look it up). */
export function parseTicketNumber(text: string): { fiscalYear: number; seq: number } | null {
  const match = /^\s*(?:ซ่อม\s*)?(\d{4})\s*[/-]\s*(\d{1,6})\s*$/.exec(text);
  if (!match) return null;
  const seq = Number(match[2]);
  return seq > 0 ? { fiscalYear: Number(match[1]), seq } : null;
}

export interface ServiceDeadlines {
  acceptDueAt: Date;
  resolveDueAt: Date;
}

/**
 * The service targets of a ticket reported at `reportedAt`, in office time. Time spent waiting (for parts,
 * a vendor, the school) pushes the resolve deadline back by the office minutes waited.
 */
export function serviceDeadlines(
  reportedAt: Date,
  priority: Priority,
  settings: RepairSettings,
  calendar: OfficeCalendar,
  pausedOfficeMinutes = 0,
): ServiceDeadlines {
  const target = settings.targets[priority];
  return {
    acceptDueAt: addOfficeMinutes(reportedAt, target.acceptMinutes, calendar),
    resolveDueAt: addOfficeMinutes(reportedAt, target.resolveMinutes + pausedOfficeMinutes, calendar),
  };
}

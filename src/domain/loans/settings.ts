import { z } from 'zod';
import { roleSchema, type Role } from '../roles.ts';
import { itemCategorySchema, type ItemCategory } from './inventory.ts';

/**
 * The loans part of the office settings (`office_settings.settings.loans`, set with `npm run office-settings`).
 * Every key has a default: same-day loans allowed, at most 14 days, no school-director endorsement, the group
 * director approves.
 */
export const loanSettingsSchema = z.object({
  /** Days of notice before a loan's first day (0 = a loan may start today). */
  minNoticeDays: z.number().int().min(0).default(0),
  /** The longest loan, in days (both ends counted). */
  maxDays: z.number().int().min(1).default(14),
  /** A teacher's request for a school waits for the school director's endorsement before the approver. */
  schoolDirectorEndorsement: z.boolean().default(false),
  /** Who approves loans (and whoever stands in for them). */
  approverRoles: z.array(roleSchema).min(1).default(['group_director']),
  /** Other approvers for some kinds of equipment (a category's loans go to these roles instead). */
  approverRolesByCategory: z.partialRecord(itemCategorySchema, z.array(roleSchema).min(1)).default({}),
  /** Pending approvals are reminded at most this many times, this many office hours apart, in office hours. */
  approvalReminders: z
    .object({ max: z.number().int().min(0).default(2), spacingOfficeHours: z.number().int().min(1).default(4) })
    .prefault({}),
  /**
   * Return reminders to the borrower: the office day before the due date and on it; while overdue, every
   * `overdueEveryOfficeDays` office days, at most `overdueMax` times; after `escalateAfterOfficeDays` office days overdue
   * the approver and the school's director are told, once.
   */
  /** An approved loan nobody picked up this many office hours after its first day opened is released (0: never). */
  noShowReleaseOfficeHours: z.number().int().min(0).default(8),
  returnReminders: z
    .object({
      overdueEveryOfficeDays: z.number().int().min(1).default(2),
      overdueMax: z.number().int().min(0).default(3),
      escalateAfterOfficeDays: z.number().int().min(1).default(3),
    })
    .prefault({}),
});
export type LoanSettings = z.infer<typeof loanSettingsSchema>;

/** The roles that approve a loan of these categories: each category's own approvers, or the office's. */
export function approverRolesFor(settings: LoanSettings, categories: readonly ItemCategory[]): Role[] {
  if (categories.length === 0) return [...settings.approverRoles];
  return [...new Set(categories.flatMap((c) => settings.approverRolesByCategory[c] ?? settings.approverRoles))];
}

import { z } from 'zod';

/**
 * The surveys part of the office settings (`office_settings.settings.surveys`, set with `npm run office-settings`):
 * whoever has not answered a round is reminded at most `reminders.max` times, `reminders.spacingOfficeDays` office
 * days after the invitation and after each other (0 = invitations only).
 *
 * `needsRanking` weighs the computer-needs survey (manual template 1) into the fiscal year's procurement plan, and
 * `dltvEligibility` holds the DLTV allocation criteria (template 3): both are the office's own policy, so settings.
 */

const weight = z.number().min(0).max(100);
const points = z.number().min(0).max(1);

export const needsRankingSchema = z
  .object({
    /** How much each criterion counts (relative to the others; 0 leaves it out). */
    weights: z
      .object({
        /** The urgency the school gave the item. */
        urgency: weight.default(6),
        /** The item is for teaching (not administration). */
        teaching: weight.default(2),
        /** The school's shortfall of working computers against `pupilsPerComputer`. */
        shortage: weight.default(2),
      })
      .prefault({})
      .refine((w) => w.urgency + w.teaching + w.shortage > 0, 'อย่างน้อยหนึ่งเกณฑ์ต้องมีน้ำหนักมากกว่า 0'),
    /** Points (0–1) of each urgency the form offers, by the option's value. */
    urgencyPoints: z.record(z.string(), points).default({ high: 1, medium: 0.5, low: 0 }),
    /** The office's target: one working computer for this many pupils (a school at or above it has no shortfall). */
    pupilsPerComputer: z.number().positive().max(1000).default(10),
  })
  .prefault({});
export type NeedsRankingSettings = z.infer<typeof needsRankingSchema>;

/** A rule set to `null` (or `notPlannedForMerger: false`) is not checked. */
export const dltvEligibilitySchema = z
  .object({
    /** Small schools only: pupils from `min` to `max`. */
    pupils: z
      .object({ min: z.number().int().min(0), max: z.number().int().min(0) })
      .refine((r) => r.min <= r.max, 'pupils: min ต้องไม่มากกว่า max')
      .nullable()
      .default({ min: 50, max: 120 }),
    notPlannedForMerger: z.boolean().default(true),
    /** No DLTV equipment received in the last this many fiscal years. */
    noEquipmentYears: z.number().int().min(1).max(30).nullable().default(3),
    /** Power outages under this share of teaching time (%). */
    maxOutagePercent: z.number().min(0).max(100).nullable().default(20),
  })
  .prefault({});
export type DltvEligibilitySettings = z.infer<typeof dltvEligibilitySchema>;

export const surveySettingsSchema = z.object({
  reminders: z
    .object({ max: z.number().int().min(0).max(10).default(2), spacingOfficeDays: z.number().int().min(1).max(30).default(2) })
    .prefault({}),
  needsRanking: needsRankingSchema,
  dltvEligibility: dltvEligibilitySchema,
});
export type SurveySettings = z.infer<typeof surveySettingsSchema>;

import { z } from 'zod';

/**
 * The surveys part of the office settings (`office_settings.settings.surveys`, set with `npm run office-settings`):
 * whoever has not answered a round is reminded at most `reminders.max` times, `reminders.spacingOfficeDays` office
 * days after the invitation and after each other (0 = invitations only).
 */
export const surveySettingsSchema = z.object({
  reminders: z
    .object({ max: z.number().int().min(0).max(10).default(2), spacingOfficeDays: z.number().int().min(1).max(30).default(2) })
    .prefault({}),
});
export type SurveySettings = z.infer<typeof surveySettingsSchema>;

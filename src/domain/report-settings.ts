import { z } from 'zod';
import { parseClockTime } from './office-time.ts';
import type { OfficeSettings } from './repair/settings.ts';

/**
 * The reports part of the office settings (`office_settings.settings.reports`, set with `npm run
 * office-settings`). Every key has a default.
 */
export const reportSettingsSchema = z.object({
  /** The monthly report goes out on the first office day of the month from this time (office hours only). */
  deliverAt: z
    .string()
    .refine((text) => {
      try {
        parseClockTime(text);
        return true;
      } catch {
        return false;
      }
    }, 'เวลาต้องเป็นรูปแบบ HH:MM')
    .default('08:30'),
  /** Printed reports and forms in Thai digits (๒๕๗๐) instead of Arabic ones. */
  thaiDigits: z.boolean().default(false),
});
export type ReportSettings = z.infer<typeof reportSettingsSchema>;

/** The office's report settings; a bad value falls back to the defaults rather than stop every report. */
export function reportSettingsOf(settings: OfficeSettings): ReportSettings {
  const parsed = reportSettingsSchema.safeParse((settings as Record<string, unknown>).reports ?? {});
  return parsed.success ? parsed.data : reportSettingsSchema.parse({});
}

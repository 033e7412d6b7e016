import { eq } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { officeSettings } from '../schema.ts';
import { officeSettingsSchema, type OfficeSettings, type OfficeSettingsInput } from '../../domain/repair/settings.ts';

/** The office's settings with defaults for everything not set (no row = all defaults). */
export async function getOfficeSettings(ex: Executor, officeId: string): Promise<OfficeSettings> {
  const [row] = await ex.select({ settings: officeSettings.settings }).from(officeSettings).where(eq(officeSettings.officeId, officeId));
  return officeSettingsSchema.parse(row?.settings ?? {});
}

/**
 * Replaces the office's settings document, validated first (a ZodError for a bad one). What is stored is
 * what was given, so defaults changed in a later version still reach keys the office never set.
 */
export async function saveOfficeSettings(ex: Executor, officeId: string, settings: OfficeSettingsInput, now: Date): Promise<OfficeSettings> {
  const parsed = officeSettingsSchema.parse(settings);
  await ex
    .insert(officeSettings)
    .values({ officeId, settings, updatedAt: now })
    .onConflictDoUpdate({ target: officeSettings.officeId, set: { settings, updatedAt: now } });
  return parsed;
}

import { z } from 'zod';
import { parseClockTime } from '../office-time.ts';
import { LETTER_KINDS, type LetterKind } from './letter.ts';

const clockTime = z.string().refine((text) => {
  try {
    parseClockTime(text);
    return true;
  } catch {
    return false;
  }
}, 'เวลาต้องเป็นรูปแบบ HH:MM');

/**
 * The saraban part of the office settings (`office_settings.settings.saraban`, read as
 * `getOfficeSettings(...).saraban`; set with `npm run office-settings`). Every key has a default.
 */
export const sarabanSettingsSchema = z.object({
  /** When the group director's digest of new (non-urgent) letters goes out on office days. */
  digestTimes: z.array(clockTime).min(1).default(['08:00', '13:00']),
  /** A director who sent the bot something within this many minutes is "chatting": alerts go at once. */
  chattingWindowMinutes: z.number().int().min(0).default(15),
  /** An assignment not acknowledged within this many office days is reminded once, then escalated. */
  acknowledgeOfficeDays: z.number().int().min(1).default(1),
  /** Pending decisions are reminded at most this many times, this many office hours apart. */
  decisionReminders: z
    .object({ max: z.number().int().min(0).default(3), spacingOfficeHours: z.number().int().min(1).default(8) })
    .prefault({}),
  /** Letters with an act-by date remind the officer this many office days before, and on the day. */
  actByReminderOfficeDays: z.number().int().min(0).default(2),
  /** Years to keep letters (the regulation: at least 10), by kind where the office differs. */
  retentionYears: z
    .object({
      default: z.number().int().min(1).default(10),
      byKind: z.partialRecord(z.enum(LETTER_KINDS), z.number().int().min(1)).default({}),
    })
    .prefault({}),
  /** Days before a lent original is due when the borrower is reminded (0 = on the due date only). */
  loanReminderDaysBefore: z.number().int().min(0).default(0),
  /** A lent original not back by its due date is reminded on this many office days after it (once a day). */
  loanOverdueReminderOfficeDays: z.number().int().min(0).max(10).default(3),
});
export type SarabanSettings = z.infer<typeof sarabanSettingsSchema>;

export function retentionYearsOf(settings: SarabanSettings, kind: LetterKind): number {
  return settings.retentionYears.byKind[kind] ?? settings.retentionYears.default;
}

import { z } from 'zod';

/**
 * Deciding for someone else, as Thai administrative law names it: ปฏิบัติราชการแทน (`on_behalf`: the
 * principal's power exercised for them) or รักษาราชการแทน (`acting`: standing in while the post is absent
 * or vacant). Letters record it today; every request decided by a role-holder (src/kit/requests.ts) knows it.
 */
export const ACTING_KINDS = ['on_behalf', 'acting'] as const;
export const actingKindSchema = z.enum(ACTING_KINDS);
export type ActingKind = z.infer<typeof actingKindSchema>;
export const ACTING_KIND_LABELS: Record<ActingKind, string> = {
  on_behalf: 'ปฏิบัติราชการแทน',
  acting: 'รักษาราชการแทน',
};

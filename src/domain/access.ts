import { z } from 'zod';

/** Access to the office's information systems (issue 13, work area 5): the levels one may ask for. */
export const ACCESS_LEVELS = ['view', 'record', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** The request kit's states (src/kit/requests.ts), as an access request is in them. */
export type AccessState = 'draft' | 'submitted' | 'approved' | 'declined' | 'returned' | 'fulfilled' | 'cancelled' | 'expired';

export interface InfoSystem {
  id: number;
  officeId: string;
  name: string;
  description: string | null;
  adminPersonId: number | null;
  adminName: string | null;
  active: boolean;
}

export interface AccessRequest {
  id: number;
  officeId: string;
  requesterId: number;
  systemId: number;
  level: AccessLevel;
  reason: string;
  state: AccessState;
  version: number;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  grantedBy: number | null;
  grantedAt: Date | null;
  refusedBy: number | null;
  refusedReason: string | null;
  endedBy: number | null;
  endedAt: Date | null;
  createdAt: Date;
}

/** A request with the names its cards show. */
export interface AccessRequestView extends AccessRequest {
  requesterName: string;
  systemName: string;
  systemAdminId: number | null;
}

/**
 * The access part of the office settings (`office_settings.settings.access`, `npm run office-settings`): a request
 * left undecided, or approved and not granted, is reminded to whoever must act `reminders.afterOfficeDays` office
 * days after it came to them, then once each office day, at most `reminders.max` times (0 = never).
 */
export const accessSettingsSchema = z.object({
  reminders: z.object({ afterOfficeDays: z.number().int().min(1).max(30).default(2), max: z.number().int().min(0).max(10).default(3) }).prefault({}),
});
export type AccessSettings = z.infer<typeof accessSettingsSchema>;

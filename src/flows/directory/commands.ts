import type { InvitableRole, Role } from '../../domain/roles.ts';

/**
 * What the people flows' steps (registration, my-info, admin) ask `executePeopleCommand` to change. Each
 * flow declares its own command type and executor (src/bot/flow.ts); a refusal (`recordDenial`) is the
 * kit's and every flow may return it (src/kit/execute.ts).
 */
export type PeopleCommand =
  /** A new person: a self-registered teacher, or someone redeeming an invitation (`invitationId`). */
  | {
      type: 'registerPerson';
      fullName: string;
      phone: string;
      role: Role;
      schoolId: number | null;
      consentAt: Date;
      invitationId: number | null;
    }
  /** A registered person redeems an invitation: their role (and school) become the invitation's. */
  | { type: 'redeemInvitation'; invitationId: number }
  | { type: 'setActive'; active: boolean }
  | { type: 'updateMyDetails'; fullName?: string; phone?: string }
  | { type: 'deleteMyData' }
  | { type: 'createInvitation'; codeHash: string; role: InvitableRole; schoolId: number | null; expiresAt: Date }
  /** An admin changes (or, with `revoked`, takes away) another person's role. */
  | { type: 'changeRole'; personId: number; from: Role; to: Role; revoked: boolean }
  /** An administrative look (listing people) leaves a trace too. */
  | { type: 'recordView'; what: string; details: Record<string, string | number> };


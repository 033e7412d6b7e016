import type { InvitableRole, Role } from './roles.ts';

/**
 * What a flow's pure step asks the service to change. The dispatcher hands each command to the flow's
 * `execute`, in the same transaction as the conversation state and the outgoing messages, so a step
 * stays pure and a change is never half made. The actor is always the person whose event it is.
 */
export type DomainCommand =
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
  /** A refused action: logged and audited. */
  | { type: 'recordDenial'; action: string }
  /** An administrative look (listing people) leaves a trace too. */
  | { type: 'recordView'; what: string; details: Record<string, string | number> };

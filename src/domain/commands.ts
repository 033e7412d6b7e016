import type { InvitableRole, Role } from './roles.ts';
import type { SarabanCommand } from './saraban/commands.ts';

/**
 * What a flow's pure step asks the service to change. The dispatcher hands each command to the flow's
 * `execute`, in the same transaction as the conversation state and the outgoing messages, so a step
 * stays pure and a change is never half made. The actor is always the person whose event it is.
 */
export type DomainCommand = PeopleCommand | RepairCommand | RepairWorkCommand | SarabanCommand;

/** Commands of the people flows (registration, my-info, admin), carried out by `executePeopleCommand`. */
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
  /** A refused action: logged and audited. */
  | { type: 'recordDenial'; action: string }
  /** An administrative look (listing people) leaves a trace too. */
  | { type: 'recordView'; what: string; details: Record<string, string | number> };

/** Commands of the repair flows. */
export type RepairCommand =
  /**
   * A confirmed repair report: the ticket under the number `prepare` took in this transaction (so the
   * reply can carry it), with the draft's photos attached.
   */
  | {
      type: 'createRepairTicket';
      fiscalYear: number;
      seq: number;
      categoryId: number;
      description: string;
      classroom: string | null;
      teachingStopped: boolean;
      mediaIds: number[];
    }
  /** A report added to the school's open ticket of the same kind instead of opening another. */
  | { type: 'addRepairReport'; ticketId: number; description: string; classroom: string | null; mediaIds: number[] }
  /** The school's side of a ticket: cancel while new, confirm or reopen after resolved. */
  | { type: 'schoolTicketDecision'; ticketId: number; expectedVersion: number; decision: 'cancel' | 'confirm' | 'reopen'; note: string | null }
  | { type: 'rateRepairTicket'; ticketId: number; rating: number; comment: string | null };

const PEOPLE_COMMAND_TYPES: Record<PeopleCommand['type'], true> = {
  registerPerson: true,
  redeemInvitation: true,
  setActive: true,
  updateMyDetails: true,
  deleteMyData: true,
  createInvitation: true,
  changeRole: true,
  recordDenial: true,
  recordView: true,
};

/** Lets each executor take only its own commands, so a new family of commands touches no other executor. */
export function isPeopleCommand(cmd: DomainCommand): cmd is PeopleCommand {
  return Object.hasOwn(PEOPLE_COMMAND_TYPES, cmd.type);
}

/**
 * Commands of the office's side of repairs (technicians, the group director; src/flows/repair-work).
 * `expectedVersion` is the ticket version the button was drawn for: a ticket changed since is stale.
 */
export type RepairWorkCommand =
  | { type: 'acceptTicket'; ticketId: number; expectedVersion: number }
  | { type: 'assignTicket'; ticketId: number; expectedVersion: number; assigneeId: number }
  | { type: 'scheduleVisit'; ticketId: number; expectedVersion: number; visitAt: Date }
  | { type: 'startWaiting'; ticketId: number; expectedVersion: number; reason: 'parts' | 'vendor' | 'school'; note: string }
  | { type: 'resumeTicket'; ticketId: number; expectedVersion: number }
  | { type: 'resolveTicket'; ticketId: number; expectedVersion: number; resolution: string; partsUsed: string | null; mediaId: number | null };

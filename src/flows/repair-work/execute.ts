import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { attachMedia } from '../../db/repos/media.ts';
import { getTicket, TICKET_MEDIA_OWNER, transitionTicket, type TicketChange } from '../../db/repos/repair-tickets.ts';
import type { RepairWorkCommand } from './commands.ts';
import { ForbiddenError, NotFoundError, StaleError, assertNever } from '../../domain/errors.ts';
import { can, type Action } from '../../domain/permissions.ts';

/**
 * Carries out the repair-work commands in the event's transaction. The step saw the ticket locked, so
 * a version that moved meanwhile is a bug or a lost lock: the event fails and is retried, and the
 * retry's step answers with what the ticket is now. Permissions are checked again here, the last line
 * before the change.
 */
export async function executeRepairWork(tx: Executor, cmd: RepairWorkCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  const need = (action: Action) => {
    if (!person || !can(person.role, action)) throw new ForbiddenError(action);
    return person;
  };
  const apply = async (ticketId: number, change: Omit<TicketChange, 'actorId'>, actorId: number) => {
    // Only this office's tickets: a ticket id from elsewhere is not found.
    const ticket = await getTicket(tx, officeId, ticketId);
    if (!ticket) throw new NotFoundError(`repair ticket ${ticketId}`);
    const result = await transitionTicket(tx, ticketId, { ...change, actorId }, now);
    if (result === 'stale') throw new StaleError(`repair ticket ${ticketId} changed meanwhile`);
    return result;
  };

  switch (cmd.type) {
    case 'acceptTicket': {
      const actor = need('take_ticket');
      await apply(cmd.ticketId, { expectedVersion: cmd.expectedVersion, toStatus: 'accepted', action: 'accepted' }, actor.id);
      return;
    }
    case 'assignTicket': {
      const actor = need('assign_ticket');
      const ticket = await getTicket(tx, officeId, cmd.ticketId);
      if (!ticket) throw new NotFoundError(`repair ticket ${cmd.ticketId}`);
      const toStatus = ticket.status === 'new' ? 'accepted' : ticket.status;
      await apply(
        cmd.ticketId,
        { expectedVersion: cmd.expectedVersion, toStatus, action: 'assigned', patch: { assigneeId: cmd.assigneeId }, data: { assigneeId: cmd.assigneeId } },
        actor.id,
      );
      return;
    }
    case 'scheduleVisit': {
      const actor = need('update_ticket');
      await apply(
        cmd.ticketId,
        { expectedVersion: cmd.expectedVersion, toStatus: 'scheduled', action: 'scheduled', patch: { visitAt: cmd.visitAt }, data: { visitAt: cmd.visitAt.toISOString() } },
        actor.id,
      );
      return;
    }
    case 'startWaiting': {
      const actor = need('update_ticket');
      await apply(
        cmd.ticketId,
        { expectedVersion: cmd.expectedVersion, toStatus: 'waiting', action: 'waiting', note: cmd.note, patch: { waitingReason: cmd.reason }, data: { reason: cmd.reason } },
        actor.id,
      );
      return;
    }
    case 'resumeTicket': {
      const actor = need('update_ticket');
      const ticket = await getTicket(tx, officeId, cmd.ticketId);
      if (!ticket) throw new NotFoundError(`repair ticket ${cmd.ticketId}`);
      await apply(cmd.ticketId, { expectedVersion: cmd.expectedVersion, toStatus: ticket.visitAt ? 'scheduled' : 'accepted', action: 'resumed' }, actor.id);
      return;
    }
    case 'resolveTicket': {
      const actor = need('update_ticket');
      await apply(
        cmd.ticketId,
        {
          expectedVersion: cmd.expectedVersion,
          toStatus: 'resolved',
          action: 'resolved',
          note: cmd.resolution,
          patch: { resolution: cmd.resolution, partsUsed: cmd.partsUsed },
          data: cmd.mediaId !== null ? { mediaIds: [cmd.mediaId] } : {},
        },
        actor.id,
      );
      if (cmd.mediaId !== null) await attachMedia(tx, officeId, [cmd.mediaId], TICKET_MEDIA_OWNER, cmd.ticketId);
      return;
    }
    default:
      assertNever(cmd, 'unknown command');
  }
}

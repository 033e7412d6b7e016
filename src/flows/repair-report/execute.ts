import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addReportToTicket, createTicket, getTicket, transitionTicket } from '../../db/repos/repair-tickets.ts';
import type { RepairCommand } from './commands.ts';
import { ConflictError, ForbiddenError, NotFoundError, StaleError, assertNever } from '../../domain/errors.ts';
import { canTransition, type TicketAction, type TicketStatus } from '../../domain/repair/status.ts';
import { alertNewTicket } from '../repair-work/notify.ts';
import { canReportForSchool } from './state.ts';

/**
 * Carries out the reporter's side of repairs in the event's transaction. The step checked permissions
 * with the person loaded for this event; the state machine and the school are checked again here, the
 * last line before the change. A ticket changed meanwhile fails the event: its retry finds the button stale.
 */
export async function executeRepairCommand(tx: Executor, cmd: RepairCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  switch (cmd.type) {
    case 'createRepairTicket': {
      if (!canReportForSchool(person)) throw new ForbiddenError('report_fault');
      const { type: _type, fiscalYear, seq, ...report } = cmd;
      const ticket = await createTicket(tx, { officeId, schoolId: person.schoolId, reporterId: person.id, ...report, number: { fiscalYear, seq } }, now);
      // The technicians on duty hear at once, in this transaction (the clocks job only catches up on misses).
      const alerted = await alertNewTicket(tx, officeId, ticket.id, now);
      env.logger.info({ ticketId: ticket.id, number: ticket.number, alerted }, 'repair ticket opened');
      return;
    }
    case 'addRepairReport': {
      if (!canReportForSchool(person)) throw new ForbiddenError('report_fault');
      const ticket = await getTicket(tx, officeId, cmd.ticketId);
      if (!ticket || ticket.schoolId !== person.schoolId) throw new NotFoundError('repair ticket');
      await addReportToTicket(tx, officeId, ticket.id, { actorId: person.id, description: cmd.description, classroom: cmd.classroom, mediaIds: cmd.mediaIds }, now);
      return;
    }
    case 'schoolTicketDecision': {
      if (!canReportForSchool(person)) throw new ForbiddenError('report_fault');
      const ticket = await getTicket(tx, officeId, cmd.ticketId);
      if (!ticket || ticket.schoolId !== person.schoolId) throw new NotFoundError('repair ticket');
      const move = DECISIONS[cmd.decision];
      // The school's role may make this move from some status: the ticket has moved on since the button was drawn.
      if (!canTransition(person.role, move.action, ticket.status, move.to)) throw new StaleError(`repair ticket ${ticket.id} cannot be ${move.action} now`);
      const changed = await transitionTicket(
        tx,
        ticket.id,
        { expectedVersion: cmd.expectedVersion, toStatus: move.to, actorId: person.id, action: move.action, note: cmd.note },
        now,
      );
      if (changed === 'stale') throw new StaleError('repair ticket changed meanwhile');
      return;
    }
    case 'rateRepairTicket': {
      if (!canReportForSchool(person)) throw new ForbiddenError('report_fault');
      const ticket = await getTicket(tx, officeId, cmd.ticketId);
      if (!ticket || ticket.reporterId !== person.id) throw new NotFoundError('repair ticket');
      if (ticket.rating !== null) throw new ConflictError('repair ticket rated already');
      const changed = await transitionTicket(
        tx,
        ticket.id,
        {
          expectedVersion: ticket.version,
          toStatus: ticket.status,
          actorId: person.id,
          action: 'rated',
          note: cmd.comment,
          patch: { rating: cmd.rating, ratingComment: cmd.comment },
          data: { rating: cmd.rating },
        },
        now,
      );
      if (changed === 'stale') throw new StaleError('repair ticket changed meanwhile');
      return;
    }
    default:
      assertNever(cmd, 'unknown command');
  }
}

const DECISIONS: Record<'cancel' | 'confirm' | 'reopen', { action: TicketAction; to: TicketStatus }> = {
  cancel: { action: 'cancelled', to: 'cancelled' },
  confirm: { action: 'confirmed', to: 'confirmed' },
  reopen: { action: 'reopened', to: 'accepted' },
};

import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { markNoticesDelivered } from '../../db/repos/letter-routing.ts';
import { addLetterEvent, lockLetter, updateLetter } from '../../db/repos/letters.ts';
import { getPerson } from '../../db/repos/people.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, StaleError } from '../../domain/errors.ts';
import { can, type Action } from '../../domain/permissions.ts';
import type { LetterRoutingCommand } from '../../domain/saraban/commands.ts';
import { NEW_LETTER_NOTICE } from './announce.ts';

/**
 * Carries out assignments, acknowledgements and "seen" marks in the event's transaction, checking the
 * permission and the letter (locked) once more: the last line before the change. Errors name the letter
 * by id only (they reach the logs).
 */
export async function executeRoute(tx: Executor, cmd: LetterRoutingCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  const need = (action: Action) => {
    if (!person || !can(person.role, action)) throw new ForbiddenError(action);
    return person;
  };

  switch (cmd.type) {
    case 'assignLetter': {
      const actor = need('assign_letter');
      const letter = await lockLetter(tx, officeId, cmd.letterId);
      if (!letter) throw new NotFoundError(`letter ${cmd.letterId}`);
      if (letter.register !== 'receive' || letter.status !== 'registered') throw new ConflictError(`letter ${cmd.letterId} is not waiting for assignment`);
      const officer = await getPerson(tx, officeId, cmd.assigneeId);
      if (!officer || officer.status !== 'active' || !can(officer.role, 'handle_letter')) throw new ValidationError(`person ${cmd.assigneeId} does not handle letters`);
      const instruction = cmd.instruction?.trim() || null;
      const changed = await updateLetter(
        tx,
        officeId,
        letter.id,
        cmd.expectedVersion,
        { status: 'assigned', assigneeId: officer.id, assignedBy: actor.id, assignedAt: now, instruction, acknowledgedAt: null },
        now,
      );
      if (!changed) throw new StaleError(`letter ${cmd.letterId} changed meanwhile`);
      await addLetterEvent(tx, { letterId: letter.id, officeId, actorId: actor.id, action: 'assigned', data: { assigneeId: officer.id, withInstruction: instruction !== null }, at: now });
      return;
    }
    case 'acknowledgeLetter': {
      const actor = need('handle_letter');
      const letter = await lockLetter(tx, officeId, cmd.letterId);
      if (!letter) throw new NotFoundError(`letter ${cmd.letterId}`);
      if (letter.assigneeId !== actor.id || letter.status !== 'assigned') throw new ConflictError(`letter ${cmd.letterId} is not waiting for this person's acknowledgement`);
      const changed = await updateLetter(tx, officeId, letter.id, cmd.expectedVersion, { status: 'acknowledged', acknowledgedAt: now }, now);
      if (!changed) throw new StaleError(`letter ${cmd.letterId} changed meanwhile`);
      await addLetterEvent(tx, { letterId: letter.id, officeId, actorId: actor.id, action: 'acknowledged', at: now });
      return;
    }
    case 'markLettersSeen': {
      const actor = need('assign_letter');
      await markNoticesDelivered(tx, actor.id, cmd.letterIds, NEW_LETTER_NOTICE, 'list', now);
      return;
    }
    default: {
      const unknown: never = cmd;
      throw new Error(`unknown routing command ${(unknown as { type: string }).type}`);
    }
  }
}

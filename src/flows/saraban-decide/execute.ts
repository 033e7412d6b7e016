import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { contactOf, contactsOf, insertActingAssignment, revokeActingAssignment } from '../../db/repos/letter-decisions.ts';
import { actingForOf, addLetterEvent, getLetter, lockLetter, updateLetter } from '../../db/repos/letters.ts';
import { ForbiddenError, ValidationError } from '../../domain/errors.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can, type Action } from '../../domain/permissions.ts';
import { DECIDER_ROLES, decisionTextNeed, statusAfterDecision } from '../../domain/saraban/decisions.ts';
import type { LetterDecisionCommand } from '../../domain/saraban/commands.ts';
import { executeLocked } from '../../kit/execute.ts';
import { actingKindOf } from '../../kit/requests.ts';
import { checkLetterEvent, decisionEvent } from './request.ts';
import { decideTexts as T } from './messages.ts';
import { notifyActing, notifyDecision, notifyProposal } from './notify.ts';

/**
 * Carries out proposals, decisions and acting assignments in the event's transaction, checking the
 * permission and the letter (locked) once more: the last line before the change. Errors name the letter
 * by id only (they reach the logs).
 */
export async function executeDecide(tx: Executor, cmd: LetterDecisionCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  const need = (action: Action) => {
    if (!person || !can(person.role, action)) throw new ForbiddenError(action);
    return person;
  };

  switch (cmd.type) {
    case 'proposeLetter': {
      const actor = need('handle_letter');
      const director = await contactOf(tx, officeId, cmd.directorId);
      if (!director || director.status !== 'active' || !DECIDER_ROLES.includes(director.role)) throw new ValidationError(`person ${cmd.directorId} does not decide on letters`);
      const note = cmd.note?.trim() || null;
      const letter = await executeLocked(tx, {
        what: `letter ${cmd.letterId}`,
        lock: (ex) => lockLetter(ex, officeId, cmd.letterId),
        expectedVersion: cmd.expectedVersion,
        action: 'handle_letter',
        check: (locked) => checkLetterEvent(locked, 'submit', actor),
        apply: async (locked) => {
          const changed = await updateLetter(
            tx,
            officeId,
            locked.id,
            cmd.expectedVersion,
            {
              status: 'proposed',
              proposedBy: actor.id,
              proposedTo: director.id,
              proposalAsk: cmd.ask,
              proposalNote: note,
              proposedAt: now,
              // A letter proposed again after ส่งคืนแก้ไข waits for a new decision (the old one stays in the history).
              decision: null,
              decisionText: null,
              decidedBy: null,
              decidedActing: null,
              decidedAt: null,
            },
            now,
          );
          return changed ? locked : null;
        },
      });
      await addLetterEvent(tx, { letterId: letter.id, officeId, actorId: actor.id, action: 'proposed', data: { to: director.id, ask: cmd.ask, note }, at: now });
      const proposed = (await getLetter(tx, officeId, letter.id))!;
      await notifyProposal(tx, proposed, now);
      return;
    }
    case 'decideLetter': {
      const actor = need('decide_letter');
      const text = cmd.text?.trim() || null;
      if (decisionTextNeed(cmd.decision) === 'required' && !text) throw new ValidationError('an order needs its text');
      const actingFor = await actingForOf(tx, officeId, actor.id, bangkokDateKey(now));
      const { letter, acting } = await executeLocked(tx, {
        what: `letter ${cmd.letterId}`,
        lock: (ex) => lockLetter(ex, officeId, cmd.letterId),
        expectedVersion: cmd.expectedVersion,
        action: 'decide_letter',
        check: (locked) => checkLetterEvent(locked, decisionEvent(cmd.decision), { ...actor, actingFor }),
        apply: async (locked, { capacity }) => {
          const acting = actingKindOf(capacity);
          const changed = await updateLetter(
            tx,
            officeId,
            locked.id,
            cmd.expectedVersion,
            { status: statusAfterDecision(cmd.decision), decision: cmd.decision, decisionText: text, decidedBy: actor.id, decidedActing: acting, decidedAt: now },
            now,
          );
          return changed ? { letter: locked, acting } : null;
        },
      });
      await addLetterEvent(tx, {
        letterId: letter.id,
        officeId,
        actorId: actor.id,
        action: 'decided',
        data: { decision: cmd.decision, text, acting, principal: letter.proposedToId },
        at: now,
      });
      const decided = (await getLetter(tx, officeId, letter.id))!;
      const roles = await contactsOf(tx, officeId, [decided.proposedToId, decided.decidedById].filter((id): id is number => id !== null));
      await notifyDecision(tx, decided, {
        proposedTo: roles.find((c) => c.id === decided.proposedToId)?.role ?? null,
        decidedBy: roles.find((c) => c.id === decided.decidedById)?.role ?? null,
      });
      return;
    }
    case 'setActing': {
      const actor = need('manage_acting');
      if (cmd.principalId === cmd.actingId) throw new ValidationError('a person cannot act for themselves');
      const [principal, acting] = await Promise.all([contactOf(tx, officeId, cmd.principalId), contactOf(tx, officeId, cmd.actingId)]);
      for (const p of [principal, acting]) {
        if (!p || p.status !== 'active' || !DECIDER_ROLES.includes(p.role)) throw new ValidationError('acting assignments are between the area director and deputies');
      }
      if (cmd.endsOn !== null && cmd.endsOn < cmd.startsOn) throw new ValidationError('the end is before the start');
      const id = await insertActingAssignment(
        tx,
        { officeId, principalId: cmd.principalId, actingId: cmd.actingId, kind: cmd.kind, startsOn: cmd.startsOn, endsOn: cmd.endsOn, createdBy: actor.id },
        now,
      );
      env.logger.info({ assignmentId: id }, 'acting assignment set');
      await notifyActing(tx, officeId, id, acting!, T.toActing(cmd.kind, principal!.fullName, cmd.startsOn, cmd.endsOn));
      return;
    }
    case 'revokeActing': {
      need('manage_acting');
      const revoked = await revokeActingAssignment(tx, officeId, cmd.assignmentId, now);
      env.logger.info({ assignmentId: cmd.assignmentId, revoked }, 'acting assignment revoked');
      return;
    }
    default:
      throw new Error(`command "${(cmd as { type: string }).type}" is not a saraban decision command`);
  }
}

import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { writeAudit } from '../../db/repos/audit.ts';
import { getInvitation, insertInvitation, markInvitationUsed } from '../../db/repos/invitations.ts';
import { anonymizePerson, getPerson, insertPerson, updatePerson } from '../../db/repos/people.ts';
import { ConflictError, ForbiddenError, NotFoundError, assertNever } from '../../domain/errors.ts';
import { can } from '../../domain/permissions.ts';
import { richMenuFamilyOf } from '../../domain/roles.ts';
import type { PeopleCommand } from './commands.ts';

/** Commands after which a person's rich menu may have to change (their role or status changed). */
const MENU_CHANGING: ReadonlySet<PeopleCommand['type']> = new Set(['registerPerson', 'redeemInvitation', 'changeRole', 'deleteMyData', 'setActive']);

/**
 * Carries out the people commands of the registration, my-info and admin flows, in the event's
 * transaction. Permissions were checked by the step with the person loaded for this event; the
 * administrative commands check again here, because this is the last line before the change.
 * Every change of role and every administrative action writes an audit row.
 */
export async function executePeopleCommand(tx: Executor, cmd: PeopleCommand, env: CommandEnv): Promise<void> {
  // After these the person's rich menu may have to change; the dispatcher has it reconciled after the commit.
  if (MENU_CHANGING.has(cmd.type)) env.noteChange?.('people');
  if (cmd.type === 'deleteMyData') env.noteChange?.('deletedUser');
  const { person, now, officeId } = env;
  const audit = (action: string, subjectType: string, subjectId: string | number, details: Record<string, unknown> = {}) =>
    writeAudit(tx, { officeId, actorId: person?.id ?? null, action, subjectType, subjectId: String(subjectId), details, at: now });

  switch (cmd.type) {
    case 'registerPerson': {
      if (person) throw new ConflictError('this LINE user is registered already');
      const id = await insertPerson(
        tx,
        {
          officeId,
          channelId: env.channelId,
          lineUserId: env.lineUserId,
          fullName: cmd.fullName,
          phone: cmd.phone,
          role: cmd.role,
          schoolId: cmd.schoolId,
          consentAt: cmd.consentAt,
          richMenuFamily: richMenuFamilyOf(cmd.role),
        },
        now,
      );
      if (cmd.invitationId !== null) {
        // The step saw the invitation valid; someone may have used it since. Failing here rolls the
        // event back, and its retry tells the person the code is used.
        if (!(await markInvitationUsed(tx, cmd.invitationId, id, now))) throw new ConflictError('invitation used or expired meanwhile');
      }
      await writeAudit(tx, {
        officeId,
        actorId: id,
        action: cmd.invitationId === null ? 'person_registered' : 'invitation_redeemed',
        subjectType: 'person',
        subjectId: String(id),
        details: { role: cmd.role, schoolId: cmd.schoolId, ...(cmd.invitationId !== null ? { invitationId: cmd.invitationId } : {}) },
        at: now,
      });
      return;
    }
    case 'redeemInvitation': {
      if (!person) throw new NotFoundError('only a registered person redeems an invitation this way');
      const invitation = await getInvitation(tx, officeId, cmd.invitationId);
      if (!invitation || !(await markInvitationUsed(tx, cmd.invitationId, person.id, now))) {
        throw new ConflictError('invitation used or expired meanwhile');
      }
      const schoolId = invitation.schoolId ?? (invitation.role === 'school_director' ? person.schoolId : null);
      await updatePerson(tx, person.id, { role: invitation.role, schoolId, richMenuFamily: richMenuFamilyOf(invitation.role) }, now);
      await audit('invitation_redeemed', 'person', person.id, { from: person.role, to: invitation.role, invitationId: invitation.id });
      return;
    }
    case 'setActive':
      if (!person) return;
      await updatePerson(tx, person.id, { status: cmd.active ? 'active' : 'inactive' }, now);
      return;
    case 'updateMyDetails':
      if (!person) throw new NotFoundError('not registered');
      await updatePerson(
        tx,
        person.id,
        { ...(cmd.fullName !== undefined ? { fullName: cmd.fullName } : {}), ...(cmd.phone !== undefined ? { phone: cmd.phone } : {}) },
        now,
      );
      await audit('person_details_changed', 'person', person.id, {
        fields: [...(cmd.fullName !== undefined ? ['fullName'] : []), ...(cmd.phone !== undefined ? ['phone'] : [])],
      });
      return;
    case 'deleteMyData':
      if (!person) throw new NotFoundError('not registered');
      await anonymizePerson(tx, person.id, now);
      await audit('person_data_deleted', 'person', person.id, { role: person.role });
      return;
    case 'createInvitation': {
      if (!can(person?.role, 'create_invitation')) throw new ForbiddenError('create_invitation');
      const id = await insertInvitation(
        tx,
        { officeId, codeHash: cmd.codeHash, role: cmd.role, schoolId: cmd.schoolId, createdBy: person?.id ?? null, expiresAt: cmd.expiresAt },
        now,
      );
      await audit('invitation_created', 'invitation', id, { role: cmd.role, schoolId: cmd.schoolId, expiresAt: cmd.expiresAt.toISOString() });
      return;
    }
    case 'changeRole': {
      if (!can(person?.role, 'manage_roles')) throw new ForbiddenError('manage_roles');
      const target = await getPerson(tx, officeId, cmd.personId);
      if (!target || target.status === 'deleted') throw new NotFoundError('person');
      await updatePerson(tx, target.id, { role: cmd.to, richMenuFamily: richMenuFamilyOf(cmd.to) }, now);
      await audit(cmd.revoked ? 'role_revoked' : 'role_changed', 'person', target.id, { from: target.role, to: cmd.to });
      return;
    }
    case 'recordView':
      await audit(`viewed_${cmd.what}`, 'directory', cmd.what, cmd.details);
      return;
    default:
      assertNever(cmd, 'unknown command');
  }
}

import type { Executor } from '../../db/database.ts';
import { writeAudit } from '../../db/repos/audit.ts';
import { insertInvitation } from '../../db/repos/invitations.ts';
import {
  generateInvitationCode,
  hashInvitationCode,
  INVITATION_TTL_MS,
  invitationLink,
  invitationMessage,
  normalizeInvitationCode,
} from '../../domain/invitations.ts';
import type { InvitableRole } from '../../domain/roles.ts';

export interface IssuedInvitation {
  id: number;
  code: string;
  /** The message to send to the Official Account: "รหัสเชิญ ABCD-EFGH". */
  message: string;
  /** Opens the chat with that message filled in; only when the OA's basic id is known. */
  link: string | null;
  expiresAt: Date;
}

/**
 * An invitation made outside the chat (the first admin's, from `npm run create-admin-invite`): the
 * same row and audit entry as the admin flow's `createInvitation` command, with no actor.
 */
export async function issueInvitation(
  ex: Executor,
  input: { officeId: string; role: InvitableRole; schoolId: number | null; createdBy: number | null; now: Date; oaBasicId?: string },
): Promise<IssuedInvitation> {
  const code = generateInvitationCode();
  const expiresAt = new Date(input.now.getTime() + INVITATION_TTL_MS);
  const id = await insertInvitation(
    ex,
    {
      officeId: input.officeId,
      codeHash: hashInvitationCode(normalizeInvitationCode(code)!),
      role: input.role,
      schoolId: input.schoolId,
      createdBy: input.createdBy,
      expiresAt,
    },
    input.now,
  );
  await writeAudit(ex, {
    officeId: input.officeId,
    actorId: input.createdBy,
    action: 'invitation_created',
    subjectType: 'invitation',
    subjectId: String(id),
    details: { role: input.role, schoolId: input.schoolId, expiresAt: expiresAt.toISOString(), via: 'script' },
    at: input.now,
  });
  return {
    id,
    code,
    message: invitationMessage(code),
    link: input.oaBasicId ? invitationLink(input.oaBasicId, code) : null,
    expiresAt,
  };
}

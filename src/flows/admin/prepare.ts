import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { summarizeBackupRuns } from '../../db/repos/backup-runs.ts';
import { getPerson, listPeopleByRole, searchPeopleByName } from '../../db/repos/people.ts';
import type { BackupRunSummary } from '../../domain/backups.ts';
import { getSchool, searchSchools } from '../../db/repos/schools.ts';
import { generateInvitationCode } from '../../domain/invitations.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { INVITABLE_ROLES, ROLES, type InvitableRole } from '../../domain/roles.ts';
import { ADMIN_KEYWORDS, adminMenuAction, adminTileOf, typedRole, inviteRoleAction, inviteSchoolAction, listRoleAction, pickPersonAction, revokeAction, setRoleAction } from './actions.ts';

export const MATCHES_SHOWN = 12;
export const LIST_LIMIT = 50;

export interface AdminData {
  role?: InvitableRole | undefined;
  matches?: number[] | undefined;
}

export interface AdminPrepared {
  schools?: Array<{ id: number; name: string; district: string }>;
  pickedSchool?: { id: number; name: string } | null;
  people?: Person[];
  target?: Person | null;
  /** A fresh invitation code (random: drawn here so the step stays pure). */
  newCode?: string;
  /** The backups' record, for the menu's line about the last good backup. */
  backups?: BackupRunSummary;
}

export async function prepareAdmin(
  tx: Executor,
  input: FlowInput,
  state: FlowState<AdminData> | null,
  person: Person | null,
  env: FlowEnv,
): Promise<AdminPrepared> {
  // Nothing is read for someone who may not see it; the step answers them with a denial.
  if (!can(person?.role, 'administer')) return {};
  const prepared: AdminPrepared = {};
  // A menu tile typed at a search question opens what it names (the step), it is not a name to search for.
  const step = adminTileOf(input) ? undefined : state?.step;
  if (postbackFor(input, adminMenuAction) || (input.kind === 'text' && ADMIN_KEYWORDS.has(input.text.trim()))) {
    prepared.backups = await summarizeBackupRuns(tx);
  }
  if (input.kind === 'text' && (step === 'inviteSchool' || step === 'invitePickSchool')) {
    const rows = await searchSchools(tx, env.officeId, input.text, MATCHES_SHOWN + 1);
    prepared.schools = rows.map((s) => ({ id: s.id, name: s.name, district: s.district }));
  }
  if (input.kind === 'text' && (step === 'roleSearch' || step === 'rolePick')) {
    prepared.people = await searchPeopleByName(tx, env.officeId, input.text, MATCHES_SHOWN + 1);
  }
  const invSchool = postbackFor(input, inviteSchoolAction);
  if (invSchool) {
    const school = await getSchool(tx, env.officeId, invSchool.payload.id);
    prepared.pickedSchool = school ? { id: school.id, name: school.name } : null;
    prepared.newCode = generateInvitationCode();
  }
  const invRole = postbackFor(input, inviteRoleAction);
  if (invRole && invRole.payload.r !== 'school_director') prepared.newCode = generateInvitationCode();
  const listRole = postbackFor(input, listRoleAction)?.payload.r ?? (input.kind === 'text' && step === 'listRole' ? typedRole(input.text, ROLES) : undefined);
  if (listRole) prepared.people = await listPeopleByRole(tx, env.officeId, listRole, LIST_LIMIT + 1);
  const invTyped = input.kind === 'text' && step === 'inviteRole' ? typedRole(input.text, INVITABLE_ROLES) : undefined;
  if (invTyped && invTyped !== 'school_director') prepared.newCode = generateInvitationCode();
  const targetId =
    postbackFor(input, pickPersonAction)?.payload.id ?? postbackFor(input, setRoleAction)?.payload.id ?? postbackFor(input, revokeAction)?.payload.id;
  if (targetId !== undefined) prepared.target = await getPerson(tx, env.officeId, targetId);
  return prepared;
}

import type { FlowEnv, FlowInput, FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { findInvitationByHash, getInvitation, type Invitation } from '../../db/repos/invitations.ts';
import { getSchool, searchSchools } from '../../db/repos/schools.ts';
import { hashInvitationCode, invitationCodeInMessage, looksLikeInvitationCode, normalizeInvitationCode } from '../../domain/invitations.ts';
import type { Person } from '../../domain/people.ts';
import { consentAction, schoolAction } from './actions.ts';
import { postbackFor } from '../../bot/flow.ts';

/** The schools offered as buttons (12) leave one quick reply for "ไม่มีในรายการ". */
export const SCHOOL_MATCHES_SHOWN = 12;

export interface SchoolMatch {
  id: number;
  name: string;
  district: string;
}

export interface RegistrationPrepared {
  /** Schools matching the text typed at the school step (one more than shown, to know there are more). */
  schools?: SchoolMatch[];
  /** The school behind a tapped school button, if it still exists. */
  pickedSchool?: SchoolMatch | null;
  /** The invitation behind a code being checked (null: no such code). */
  invitation?: Invitation | null;
}

export interface RegistrationData {
  consentAt?: string | undefined;
  pendingCode?: string | undefined;
  matches?: number[] | undefined;
  schoolId?: number | undefined;
  schoolName?: string | undefined;
  invitationId?: number | undefined;
  fullName?: string | undefined;
}

/** The code this input asks to check: typed at the code step, sent as "รหัสเชิญ ...", or remembered before consent. */
export function codeToCheck(input: FlowInput, state: FlowState<RegistrationData> | null): string | null {
  if (input.kind === 'text') {
    const inMessage = invitationCodeInMessage(input.text);
    if (inMessage) return inMessage;
    if (state?.step === 'code' || state?.step === 'path') return normalizeInvitationCode(input.text);
    // A code typed where the name is asked is a code, not a name.
    if (state?.step === 'name' && looksLikeInvitationCode(input.text)) return normalizeInvitationCode(input.text);
    return null;
  }
  const consent = postbackFor(input, consentAction);
  if (consent && consent.payload.a === 'y' && state?.data.pendingCode) return state.data.pendingCode;
  return null;
}

export async function prepareRegistration(
  tx: Executor,
  input: FlowInput,
  state: FlowState<RegistrationData> | null,
  _person: Person | null,
  env: FlowEnv,
): Promise<RegistrationPrepared> {
  const prepared: RegistrationPrepared = {};
  const code = codeToCheck(input, state);
  if (code) prepared.invitation = await findInvitationByHash(tx, env.officeId, hashInvitationCode(code));
  else if (state?.step === 'phone' && state.data.invitationId !== undefined && input.kind === 'text') {
    // Finishing an invited registration: the invitation is checked again, it may have been used meanwhile.
    prepared.invitation = await getInvitation(tx, env.officeId, state.data.invitationId);
  }

  if (input.kind === 'text' && (state?.step === 'school' || state?.step === 'pickSchool')) {
    const rows = await searchSchools(tx, env.officeId, input.text, SCHOOL_MATCHES_SHOWN + 1);
    prepared.schools = rows.map((s) => ({ id: s.id, name: s.name, district: s.district }));
  }
  const picked = postbackFor(input, schoolAction);
  if (picked) {
    const school = await getSchool(tx, env.officeId, picked.payload.id);
    prepared.pickedSchool = school ? { id: school.id, name: school.name, district: school.district } : null;
  }
  return prepared;
}

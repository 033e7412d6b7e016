import { z } from 'zod';
import { command, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { encodePostback } from '../../line/postback.ts';
import { hashInvitationCode, INVITATION_TTL_MS, invitationLink, normalizeInvitationCode } from '../../domain/invitations.ts';
import { can, type Action } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { INVITABLE_ROLES, ROLE_LABELS, ROLES, roleNeedsSchool, type InvitableRole, type Role } from '../../domain/roles.ts';
import { executePeopleCommand } from '../directory/people-commands.ts';
import { say, textWithButtons, type Button } from '../registration/ui.ts';
import {
  ADMIN_FLOW,
  ADMIN_KEYWORDS,
  adminActions,
  adminMenuAction,
  inviteAction,
  inviteRoleAction,
  inviteSchoolAction,
  listAction,
  listRoleAction,
  pickPersonAction,
  revokeAction,
  roleAction,
  searchAgainAction,
  setRoleAction,
} from './actions.ts';
import { adminLabels as L, adminTexts as T, deniedMessage } from './messages.ts';
import { LIST_LIMIT, MATCHES_SHOWN, prepareAdmin, type AdminData, type AdminPrepared } from './prepare.ts';

/**
 * Admin commands in chat: create an invitation, list people of a role, change or revoke a role.
 * Every step checks the permission table with the person's current role; a refusal is answered
 * politely and audited, like every administrative action.
 */
const dataSchema: z.ZodType<AdminData> = z.object({
  role: z.enum(INVITABLE_ROLES).optional(),
  matches: z.array(z.number().int()).optional(),
});

type State = FlowState<AdminData>;
type Ctx = FlowContext<AdminPrepared>;
type Result = StepResult<AdminData>;

const at = (step: string, data: AdminData, ...effects: Effect[]): Result => ({ state: { step, data }, effects });
const end = (...effects: Effect[]): Result => ({ state: null, effects });
const deny = (action: Action): Result => end(reply(say(deniedMessage(action))), command({ type: 'recordDenial', action }));

/** The permission each input needs. */
function neededAction(input: FlowInput, state: State | null): Action {
  if (postbackFor(input, inviteAction) || postbackFor(input, inviteRoleAction) || postbackFor(input, inviteSchoolAction)) return 'create_invitation';
  if (postbackFor(input, listAction) || postbackFor(input, listRoleAction)) return 'view_people';
  if (postbackFor(input, roleAction) || postbackFor(input, pickPersonAction) || postbackFor(input, setRoleAction) || postbackFor(input, revokeAction)) {
    return 'manage_roles';
  }
  if (state?.step.startsWith('invite')) return 'create_invitation';
  if (state?.step.startsWith('role')) return 'manage_roles';
  return 'administer';
}

function menu(): Effect {
  return reply(
    textWithButtons(T.menu, [
      { label: L.invite, data: encodePostback(inviteAction, {}) },
      { label: L.list, data: encodePostback(listAction, {}) },
      { label: L.changeRole, data: encodePostback(roleAction, {}) },
    ]),
  );
}

function createInvitation(role: InvitableRole, school: { id: number; name: string } | null, ctx: Ctx, now: Date): Result {
  const code = ctx.prepared.newCode;
  const normalized = code ? normalizeInvitationCode(code) : null;
  if (!code || !normalized) throw new Error('admin prepare did not draw an invitation code');
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const link = ctx.oaBasicId ? invitationLink(ctx.oaBasicId, code) : null;
  return end(
    command({ type: 'createInvitation', codeHash: hashInvitationCode(normalized), role, schoolId: school?.id ?? null, expiresAt }),
    // The second message is the one to forward as it is.
    reply(say(T.invitationCreated(code, role, school?.name ?? null, expiresAt, link)), say(T.forwardText(code))),
  );
}

function changeRole(admin: Person, target: Person | null | undefined, to: Role, seen: Role, revoked: boolean): Result {
  if (!target || target.status === 'deleted') return end(reply(say(T.personGone)));
  if (target.id === admin.id) return end(reply(say(T.notYourself)));
  if (target.role !== seen) return { state: null, effects: [{ kind: 'staleButton' }] };
  if (roleNeedsSchool(to) && target.schoolId === null) return end(reply(say(T.needsSchool)));
  const told = revoked ? T.youRoleRevoked(to) : T.youRoleChanged(to);
  return end(
    command({ type: 'changeRole', personId: target.id, from: target.role, to, revoked }),
    reply(say(T.roleChanged(target, to))),
    ...(target.lineUserId ? [{ kind: 'push' as const, to: target.lineUserId, messages: [say(told)] }] : []),
  );
}

function roleChoices(target: Person): Button[] {
  const roles = ROLES.filter((r) => r !== target.role && r !== 'guest');
  return [
    ...roles.map((r) => ({ label: ROLE_LABELS[r], data: encodePostback(setRoleAction, { id: target.id, r, f: target.role }) })),
    { label: L.revoke, data: encodePostback(revokeAction, { id: target.id, f: target.role }) },
  ];
}

export function adminStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const admin = ctx.person;
  if (!admin) return end(reply(say(T.notRegistered)));
  const needed = neededAction(input, state);
  if (!can(admin.role, needed) || !can(admin.role, 'administer')) return deny(needed);
  const p = ctx.prepared;

  if (postbackFor(input, adminMenuAction) || (input.kind === 'text' && ADMIN_KEYWORDS.has(input.text.trim()))) return end(menu());
  if (postbackFor(input, inviteAction)) {
    return at('inviteRole', {}, reply(textWithButtons(T.chooseInviteRole, INVITABLE_ROLES.map((r) => ({ label: ROLE_LABELS[r], data: encodePostback(inviteRoleAction, { r }) })))));
  }
  const invRole = postbackFor(input, inviteRoleAction);
  if (invRole) {
    if (invRole.payload.r === 'school_director') return at('inviteSchool', { role: 'school_director' }, reply(say(T.askInviteSchool)));
    return createInvitation(invRole.payload.r, null, ctx, now);
  }
  const invSchool = postbackFor(input, inviteSchoolAction);
  if (invSchool) {
    if (state?.step !== 'invitePickSchool' || !state.data.role || !state.data.matches?.includes(invSchool.payload.id) || !p.pickedSchool) {
      return { state, effects: [{ kind: 'staleButton' }] };
    }
    return createInvitation(state.data.role, p.pickedSchool, ctx, now);
  }
  if (postbackFor(input, listAction)) {
    return end(reply(textWithButtons(T.chooseListRole, ROLES.map((r) => ({ label: ROLE_LABELS[r], data: encodePostback(listRoleAction, { r }) })))));
  }
  const listRole = postbackFor(input, listRoleAction);
  if (listRole) {
    const people = p.people ?? [];
    return end(
      command({ type: 'recordView', what: 'people', details: { role: listRole.payload.r, count: Math.min(people.length, LIST_LIMIT) } }),
      reply(say(T.peopleList(listRole.payload.r, people.slice(0, LIST_LIMIT), people.length > LIST_LIMIT))),
    );
  }
  if (postbackFor(input, roleAction) || postbackFor(input, searchAgainAction)) {
    if (state?.step.startsWith('invite')) return at('inviteSchool', state.data, reply(say(T.askInviteSchool)));
    return at('roleSearch', {}, reply(say(T.askPersonName)));
  }
  const pick = postbackFor(input, pickPersonAction);
  if (pick) {
    const target = p.target;
    if (!target || target.status === 'deleted') return end(reply(say(T.personGone)));
    if (target.id === admin.id) return end(reply(say(T.notYourself)));
    return at('roleChoose', {}, reply(textWithButtons(T.chooseNewRole(target), roleChoices(target))));
  }
  const setRole = postbackFor(input, setRoleAction);
  if (setRole) return changeRole(admin, p.target, setRole.payload.r, setRole.payload.f, false);
  const revoke = postbackFor(input, revokeAction);
  if (revoke) {
    const target = p.target;
    // Without the role, a person of a school is a teacher there; anyone else keeps an account with no rights.
    const to: Role = target && target.schoolId !== null && target.role !== 'teacher' ? 'teacher' : 'guest';
    return changeRole(admin, target, to, revoke.payload.f, true);
  }

  if (input.kind === 'text') {
    switch (state?.step) {
      case 'inviteSchool':
      case 'invitePickSchool': {
        const found = p.schools ?? [];
        if (found.length === 0) return at('inviteSchool', state.data, reply(say(T.noSchoolFound(input.text.trim()))));
        const shown = found.slice(0, MATCHES_SHOWN);
        return at(
          'invitePickSchool',
          { role: state.data.role, matches: shown.map((s) => s.id) },
          reply(
            textWithButtons(T.pickSchool(shown.map((s, i) => `${i + 1}. ${s.name} (${s.district})`)), [
              ...shown.map((s) => ({ label: s.name.replace(/^โรงเรียน/u, ''), data: encodePostback(inviteSchoolAction, { id: s.id }), displayText: s.name })),
              { label: L.noneOfThese, data: encodePostback(searchAgainAction, {}) },
            ]),
          ),
        );
      }
      case 'roleSearch':
      case 'rolePick': {
        const found = p.people ?? [];
        if (found.length === 0) return at('roleSearch', {}, reply(say(T.noPersonFound(input.text.trim()))));
        const shown = found.slice(0, MATCHES_SHOWN);
        return at(
          'rolePick',
          { matches: shown.map((x) => x.id) },
          reply(
            textWithButtons(T.pickPerson(shown.map((x, i) => T.personLine(i + 1, x))), [
              ...shown.map((x) => ({ label: x.fullName, data: encodePostback(pickPersonAction, { id: x.id }), displayText: x.fullName })),
              { label: L.noneOfThese, data: encodePostback(searchAgainAction, {}) },
            ]),
          ),
        );
      }
      default:
        return end(menu());
    }
  }
  return state ? { state, effects: [reply(say(T.pickFromButtons))] } : end(menu());
}

export const adminFlow: Flow<AdminData, AdminPrepared> = {
  name: ADMIN_FLOW,
  version: 1,
  dataSchema,
  actions: adminActions,
  startsOn: (input, person) => Boolean(person) && input.kind === 'text' && ADMIN_KEYWORDS.has(input.text.trim()),
  prepare: prepareAdmin,
  step: (state, input, now, ctx) => adminStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executePeopleCommand,
};

import { z } from 'zod';
import { commandOf, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import type { PeopleCommand } from '../directory/commands.ts';
import { encodePostback } from '../../line/postback.ts';
import { hashInvitationCode, INVITATION_TTL_MS, invitationLink, normalizeInvitationCode } from '../../domain/invitations.ts';
import { backupHealth, type BackupRunSummary } from '../../domain/backups.ts';
import type { Person } from '../../domain/people.ts';
import { INVITABLE_ROLES, ROLE_LABELS, ROLES, roleNeedsSchool, type InvitableRole, type Role } from '../../domain/roles.ts';
import { executePeopleCommand } from '../directory/people-commands.ts';
import { defineGuard } from '../../kit/guard.ts';
import { pickerPage } from '../../kit/picker.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, type Button, end, say, schoolButtonLabel, stale, textWithButtons } from '../../kit/steps.ts';
import {
  ADMIN_FLOW,
  ADMIN_KEYWORDS,
  adminActions,
  adminTileOf,
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
  typedRole,
} from './actions.ts';
import { adminLabels as L, adminTexts as T } from './messages.ts';
import { LIST_LIMIT, MATCHES_SHOWN, prepareAdmin, type AdminData, type AdminPrepared } from './prepare.ts';

const command = commandOf<PeopleCommand>();

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


/** Who may do what here: every input needs `administer`, and each part of the menu its own permission. */
const guard = defineGuard({
  notRegistered: T.notRegistered,
  // The rich menu's tiles เชิญผู้ใช้ and รายชื่อผู้ใช้.
  text: (text) => {
    const tile = adminTileOf({ kind: 'text', userId: '', text });
    return tile && (tile === 'inviteUser' ? 'create_invitation' : 'view_people');
  },
  postbacks: [
    [[inviteAction, inviteRoleAction, inviteSchoolAction], 'create_invitation'],
    [[listAction, listRoleAction], 'view_people'],
    [[roleAction, pickPersonAction, setRoleAction, revokeAction], 'manage_roles'],
  ],
  steps: { inviteRole: 'create_invitation', inviteSchool: 'create_invitation', invitePickSchool: 'create_invitation', roleSearch: 'manage_roles', rolePick: 'manage_roles', roleChoose: 'manage_roles' },
  otherwise: 'administer',
  always: 'administer',
});

/** The admin menu; opened by its keyword or button, it also says how the backups stand. */
function menu(backups?: { summary: BackupRunSummary; now: Date }): Effect {
  const text = backups ? `${T.menu}\n\n${T.backupLine(backupHealth(backups.summary, backups.now))}` : T.menu;
  return reply(
    textWithButtons(text, [
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

/** What a button's handler knows. */
interface Tapped {
  admin: Person;
  state: State | null;
  ctx: Ctx;
  now: Date;
}

function inviteSchool({ state, ctx, now }: Tapped, schoolId: number): Result {
  const p = ctx.prepared;
  if (state?.step !== 'invitePickSchool' || !state.data.role || !state.data.matches?.includes(schoolId) || !p.pickedSchool) {
    return stale(state);
  }
  return createInvitation(state.data.role, p.pickedSchool, ctx, now);
}

function listPeople({ ctx }: Tapped, role: Role): Result {
  const people = ctx.prepared.people ?? [];
  return end(
    command({ type: 'recordView', what: 'people', details: { role, count: Math.min(people.length, LIST_LIMIT) } }),
    reply(say(T.peopleList(role, people.slice(0, LIST_LIMIT), people.length > LIST_LIMIT))),
  );
}

/** "เปลี่ยนบทบาท", or "ไม่มีในรายการ" under a list of schools or people: ask for the name again. */
function searchAgain({ state }: Tapped): Result {
  if (state?.step.startsWith('invite')) return at('inviteSchool', state.data, reply(say(T.askInviteSchool)));
  return at('roleSearch', {}, reply(say(T.askPersonName)));
}

function choosePersonRole({ admin, ctx }: Tapped): Result {
  const target = ctx.prepared.target;
  if (!target || target.status === 'deleted') return end(reply(say(T.personGone)));
  if (target.id === admin.id) return end(reply(say(T.notYourself)));
  return at('roleChoose', {}, reply(textWithButtons(T.chooseNewRole(target), roleChoices(target))));
}

function revokeRole({ admin, ctx }: Tapped, seenRole: Role): Result {
  const target = ctx.prepared.target;
  // Without the role, a person of a school is a teacher there; anyone else keeps an account with no rights.
  const to: Role = target && target.schoolId !== null && target.role !== 'teacher' ? 'teacher' : 'guest';
  return changeRole(admin, target, to, seenRole, true);
}

/** `before`: said first, e.g. when something typed named no role (the question's buttons come again under it). */
const chooseInviteRole = (before?: string): Result =>
  at('inviteRole', {}, reply(...(before ? [say(before)] : []), textWithButtons(T.chooseInviteRole, INVITABLE_ROLES.map((r) => ({ label: ROLE_LABELS[r], data: encodePostback(inviteRoleAction, { r }) })))));

const chooseListRole = (before?: string): Result =>
  at('listRole', {}, reply(...(before ? [say(before)] : []), textWithButtons(T.chooseListRole, ROLES.map((r) => ({ label: ROLE_LABELS[r], data: encodePostback(listRoleAction, { r }) })))));

/** A role chosen for an invitation (its button, or its name typed). */
const inviteFor = (r: InvitableRole, ctx: Ctx, now: Date): Result =>
  r === 'school_director' ? at('inviteSchool', { role: 'school_director' }, reply(say(T.askInviteSchool))) : createInvitation(r, null, ctx, now);

/** What each button of the admin menu does. */
const routeButton = defineRoutes<Tapped, Result>([
  on(adminMenuAction, (_tap, { ctx, now }) => end(menu(ctx.prepared.backups ? { summary: ctx.prepared.backups, now } : undefined))),
  on(inviteAction, () => chooseInviteRole()),
  on(inviteRoleAction, (tap, { ctx, now }) => inviteFor(tap.payload.r, ctx, now)),
  on(inviteSchoolAction, (tap, c) => inviteSchool(c, tap.payload.id)),
  on(listAction, () => chooseListRole()),
  on(listRoleAction, (tap, c) => listPeople(c, tap.payload.r)),
  on(roleAction, (_tap, c) => searchAgain(c)),
  on(searchAgainAction, (_tap, c) => searchAgain(c)),
  on(pickPersonAction, (_tap, c) => choosePersonRole(c)),
  on(setRoleAction, (tap, { admin, ctx }) => changeRole(admin, ctx.prepared.target, tap.payload.r, tap.payload.f, false)),
  on(revokeAction, (tap, c) => revokeRole(c, tap.payload.f)),
]);

export function adminStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const admin = door.person;
  const p = ctx.prepared;

  if (input.kind === 'text' && ADMIN_KEYWORDS.has(input.text.trim())) return end(menu(p.backups ? { summary: p.backups, now } : undefined));
  // The rich menu's tiles เชิญผู้ใช้ and รายชื่อผู้ใช้ open the same as the menu's buttons.
  const tile = adminTileOf(input);
  if (tile === 'inviteUser') return chooseInviteRole();
  if (tile === 'listUsers') return chooseListRole();
  const tapped: Tapped = { admin, state, ctx, now };
  const routed = routeButton(input, tapped);
  if (routed) return routed;

  if (input.kind === 'text') {
    switch (state?.step) {
      case 'inviteRole': {
        const r = typedRole(input.text, INVITABLE_ROLES);
        return r ? inviteFor(r, ctx, now) : chooseInviteRole(T.pickFromButtons);
      }
      case 'listRole': {
        const r = typedRole(input.text, ROLES);
        return r ? listPeople(tapped, r) : chooseListRole(T.pickFromButtons);
      }
      case 'inviteSchool':
      case 'invitePickSchool': {
        const found = p.schools ?? [];
        if (found.length === 0) return at('inviteSchool', state.data, reply(say(T.noSchoolFound(input.text.trim()))));
        const page = pickerPage({
          choices: found.slice(0, MATCHES_SHOWN),
          button: (s) => ({ label: schoolButtonLabel(s.name), data: encodePostback(inviteSchoolAction, { id: s.id }), displayText: s.name }),
          always: [{ label: L.noneOfThese, data: encodePostback(searchAgainAction, {}) }],
        });
        return at(
          'invitePickSchool',
          { role: state.data.role, matches: page.shown.map((s) => s.id) },
          reply(textWithButtons(T.pickSchool(page.shown.map((s, i) => `${i + 1}. ${s.name} (${s.district})`)), page.buttons)),
        );
      }
      case 'roleSearch':
      case 'rolePick': {
        const found = p.people ?? [];
        if (found.length === 0) return at('roleSearch', {}, reply(say(T.noPersonFound(input.text.trim()))));
        const page = pickerPage({
          choices: found.slice(0, MATCHES_SHOWN),
          button: (x) => ({ label: x.fullName, data: encodePostback(pickPersonAction, { id: x.id }), displayText: x.fullName }),
          always: [{ label: L.noneOfThese, data: encodePostback(searchAgainAction, {}) }],
        });
        return at('rolePick', { matches: page.shown.map((x) => x.id) }, reply(textWithButtons(T.pickPerson(page.shown.map((x, i) => T.personLine(i + 1, x))), page.buttons)));
      }
      default:
        return end(menu());
    }
  }
  return state ? { state, effects: [reply(say(T.pickFromButtons))] } : end(menu());
}

export const adminFlow: Flow<AdminData, AdminPrepared, PeopleCommand> = {
  name: ADMIN_FLOW,
  version: 1,
  dataSchema,
  actions: adminActions,
  startsOn: (input, person) =>
    Boolean(person) && input.kind === 'text' && (ADMIN_KEYWORDS.has(input.text.trim()) || adminTileOf(input) !== undefined),
  prepare: prepareAdmin,
  step: (state, input, now, ctx) => adminStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executePeopleCommand,
};

import { z } from 'zod';
import type { PeopleCommand } from '../directory/commands.ts';
import { commandOf, type Flow, type FlowContext, type FlowInput, type FlowState, postbackFor, reply, type StepResult } from '../../bot/flow.ts';
import { encodePostback } from '../../line/postback.ts';
import type { Invitation } from '../../domain/invitations.ts';
import { invitationCodeInMessage, invitationStatus, looksLikeInvitationCode } from '../../domain/invitations.ts';
import { normalizeFullName, type Person } from '../../domain/people.ts';
import { normalizeThaiMobile } from '../../domain/phone.ts';
import { executePeopleCommand } from '../directory/people-commands.ts';
import { consentAction, pathAction, REGISTRATION_FLOW, registrationActions, schoolAction, searchAgainAction } from './actions.ts';
import { registrationLabels as L, registrationTexts as T } from './messages.ts';
import { codeToCheck, prepareRegistration, SCHOOL_MATCHES_SHOWN, type RegistrationData, type RegistrationPrepared } from './prepare.ts';
import { at, end, say, schoolButtonLabel, textWithButtons } from '../../kit/steps.ts';

const command = commandOf<PeopleCommand>();

/**
 * Registration: greet, ask consent (PDPA), then either a teacher registers themselves (school by code
 * or name → name → phone) or someone redeems an invitation (code → name → phone). Nothing about the
 * person is stored before they finish: consent refused leaves no trace. Also: unfollow marks a person
 * inactive and a follow makes them active again; a registered person sending an invitation code
 * takes the invitation's role.
 */
const dataSchema: z.ZodType<RegistrationData> = z.object({
  consentAt: z.string().optional(),
  pendingCode: z.string().optional(),
  matches: z.array(z.number().int()).optional(),
  schoolId: z.number().int().optional(),
  schoolName: z.string().optional(),
  invitationId: z.number().int().optional(),
  fullName: z.string().optional(),
});

type State = FlowState<RegistrationData>;
type Ctx = FlowContext<RegistrationPrepared>;
type Result = StepResult<RegistrationData>;


const consentButtons = () => [
  { label: L.consentYes, data: encodePostback(consentAction, { a: 'y' }) },
  { label: L.consentNo, data: encodePostback(consentAction, { a: 'n' }) },
];
const pathButtons = () => [
  { label: L.asTeacher, data: encodePostback(pathAction, { p: 'teacher' }) },
  { label: L.haveInvitation, data: encodePostback(pathAction, { p: 'invite' }) },
];
const askConsent = () => textWithButtons(T.consent, consentButtons());
const askPath = () => textWithButtons(T.choosePath, pathButtons());

function invitationRefusal(invitation: Invitation | null | undefined, now: Date): string | null {
  switch (invitationStatus(invitation, now)) {
    case 'unknown':
      return T.codeUnknown;
    case 'used':
      return T.codeUsed;
    case 'expired':
      return T.codeExpired(invitation!.expiresAt);
    case 'valid':
      return null;
  }
}

/** The answer to a code: on to the name when valid, else why not (staying where the person was). */
function checkCode(state: State, ctx: Ctx, now: Date, code: string | null): Result {
  if (!code) return at('code', state.data, reply(textWithButtons(T.codeMalformed, pathButtons())));
  const refusal = invitationRefusal(ctx.prepared.invitation, now);
  const invitation = ctx.prepared.invitation;
  if (refusal || !invitation) return at('code', { ...state.data, pendingCode: undefined }, reply(textWithButtons(refusal ?? T.codeUnknown, pathButtons())));
  return at(
    'name',
    { consentAt: state.data.consentAt, invitationId: invitation.id, schoolName: invitation.schoolName ?? undefined },
    reply(say(T.askNameInvited(invitation.role, invitation.schoolName))),
  );
}

/**
 * A code sent where the name is asked (the person pasted the invitation message again, or got one meanwhile):
 * never kept as a name. A valid new invitation is taken as it would be at the code step (on to its name); the
 * one already taken, or one that cannot be used, is answered and the name asked again.
 */
function codeInsteadOfName(state: State, ctx: Ctx, now: Date, code: string | null): Result {
  if (!code) return { state, effects: [reply(say(T.codeNotName))] };
  const invitation = ctx.prepared.invitation;
  if (invitation && invitation.id === state.data.invitationId) return { state, effects: [reply(say(T.codeAlreadyTaken))] };
  const refusal = invitationRefusal(invitation, now);
  if (refusal || !invitation) return { state, effects: [reply(say(`${refusal ?? T.codeUnknown}\n${T.askNameAgain}`))] };
  return checkCode(state, ctx, now, code);
}

/** A registered person sends "รหัสเชิญ ...": the invitation's role replaces theirs. */
function redeemForPerson(person: Person, ctx: Ctx, now: Date): Result {
  const invitation = ctx.prepared.invitation;
  const refusal = invitationRefusal(invitation, now);
  if (refusal || !invitation) return end(reply(say(refusal ?? T.codeUnknown)));
  if (invitation.role === person.role && (invitation.schoolId === null || invitation.schoolId === person.schoolId)) {
    return end(reply(say(T.alreadyHasRole(person.role))));
  }
  return end(
    command({ type: 'redeemInvitation', invitationId: invitation.id }),
    reply(say(T.roleGranted(invitation.role, invitation.schoolName ?? person.schoolName))),
  );
}

function startUnknown(input: FlowInput): Result {
  const code = input.kind === 'text' ? invitationCodeInMessage(input.text) : null;
  const hello = input.kind === 'follow' ? T.welcome : T.greeting;
  return at('consent', code ? { pendingCode: code } : {}, reply(say(hello), askConsent()));
}

function schoolStep(state: State, input: FlowInput, ctx: Ctx): Result {
  const picked = postbackFor(input, schoolAction);
  if (picked) {
    const school = ctx.prepared.pickedSchool;
    if (state.step !== 'pickSchool' || !state.data.matches?.includes(picked.payload.id) || !school) {
      return { state, effects: [{ kind: 'staleButton' }] };
    }
    return at('name', { consentAt: state.data.consentAt, schoolId: school.id, schoolName: school.name }, reply(say(T.askName(school.name))));
  }
  if (postbackFor(input, searchAgainAction)) return at('school', { consentAt: state.data.consentAt }, reply(say(T.askSchool)));
  if (input.kind !== 'text') {
    return state.step === 'pickSchool' ? { state, effects: [reply(say(T.pickFromButtons))] } : { state, effects: [reply(say(T.askSchool))] };
  }
  const found = ctx.prepared.schools ?? [];
  if (found.length === 0) return at('school', { consentAt: state.data.consentAt }, reply(say(T.noSchoolFound(input.text.trim()))));
  const shown = found.slice(0, SCHOOL_MATCHES_SHOWN);
  const buttons = [
    ...shown.map((s) => ({ label: schoolButtonLabel(s.name), data: encodePostback(schoolAction, { id: s.id }), displayText: s.name })),
    { label: L.noneOfThese, data: encodePostback(searchAgainAction, {}) },
  ];
  const lines = shown.map((s, i) => T.schoolLine(i + 1, s.name, s.district));
  return at(
    'pickSchool',
    { consentAt: state.data.consentAt, matches: shown.map((s) => s.id) },
    reply(textWithButtons(T.schoolMatches(lines, found.length > shown.length), buttons)),
  );
}

function finish(state: State, input: FlowInput & { kind: 'text' }, ctx: Ctx, now: Date): Result {
  const phone = normalizeThaiMobile(input.text);
  if (!phone) return { state, effects: [reply(say(T.badPhone))] };
  const { fullName, consentAt, invitationId } = state.data;
  if (!fullName || !consentAt) return end(reply(askPath()));
  if (invitationId !== undefined) {
    const invitation = ctx.prepared.invitation;
    if (!invitation || invitationStatus(invitation, now) !== 'valid') return end(reply(say(T.invitationGoneBeforeFinish)));
    return end(
      command({ type: 'registerPerson', fullName, phone, role: invitation.role, schoolId: invitation.schoolId, consentAt: new Date(consentAt), invitationId }),
      reply(say(T.registered(fullName, invitation.role, invitation.schoolName, phone))),
    );
  }
  if (state.data.schoolId === undefined) return at('school', { consentAt }, reply(say(T.askSchool)));
  return end(
    command({ type: 'registerPerson', fullName, phone, role: 'teacher', schoolId: state.data.schoolId, consentAt: new Date(consentAt), invitationId: null }),
    reply(say(T.registered(fullName, 'teacher', state.data.schoolName ?? null, phone))),
  );
}

export function registrationStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const person = ctx.person;
  if (input.kind === 'unfollow') return end(...(person ? [command({ type: 'setActive', active: false })] : []));
  if (input.kind === 'follow') {
    if (!person) return startUnknown(input);
    return end(
      ...(person.status !== 'active' ? [command({ type: 'setActive', active: true })] : []),
      reply(say(T.welcomeBack(person.fullName))),
    );
  }
  if (person) {
    // Only an invitation brings a registered person here; any other leftover state is simply dropped.
    return input.kind === 'text' && invitationCodeInMessage(input.text) ? redeemForPerson(person, ctx, now) : end();
  }
  if (!state) return startUnknown(input);

  switch (state.step) {
    case 'consent': {
      const consent = postbackFor(input, consentAction);
      if (!consent) {
        const code = input.kind === 'text' ? invitationCodeInMessage(input.text) : null;
        return at('consent', code ? { pendingCode: code } : state.data, reply(say(T.pleaseAnswerConsent), askConsent()));
      }
      if (consent.payload.a === 'n') return end(reply(say(T.consentRefused)));
      const consented: State = { step: 'path', data: { consentAt: now.toISOString(), pendingCode: state.data.pendingCode } };
      if (state.data.pendingCode) return checkCode(consented, ctx, now, state.data.pendingCode);
      return at('path', { consentAt: consented.data.consentAt }, reply(askPath()));
    }
    case 'path':
    case 'code': {
      const path = postbackFor(input, pathAction);
      if (path?.payload.p === 'teacher') return at('school', { consentAt: state.data.consentAt }, reply(say(T.askSchool)));
      if (path?.payload.p === 'invite') return at('code', { consentAt: state.data.consentAt }, reply(say(T.askCode)));
      if (input.kind === 'text') {
        // The same reading of the text as `prepare` made when it looked the code up.
        const code = codeToCheck(input, state);
        if (code || state.step === 'code') return checkCode(state, ctx, now, code);
      }
      return { state, effects: [reply(state.step === 'code' ? say(T.askCode) : askPath())] };
    }
    case 'school':
    case 'pickSchool':
      return schoolStep(state, input, ctx);
    case 'name': {
      if (input.kind !== 'text') return { state, effects: [reply(say(T.badName))] };
      if (looksLikeInvitationCode(input.text)) return codeInsteadOfName(state, ctx, now, codeToCheck(input, state));
      const fullName = normalizeFullName(input.text);
      if (!fullName) return { state, effects: [reply(say(T.badName))] };
      return at('phone', { ...state.data, fullName }, reply(say(T.askPhone)));
    }
    case 'phone':
      if (input.kind !== 'text') return { state, effects: [reply(say(T.askPhone))] };
      return finish(state, input, ctx, now);
    default:
      return end(reply(say(T.greeting), askConsent()));
  }
}

export const registrationFlow: Flow<RegistrationData, RegistrationPrepared, PeopleCommand> = {
  name: REGISTRATION_FLOW,
  version: 1,
  dataSchema,
  actions: registrationActions,
  startsOn(input, person) {
    switch (input.kind) {
      case 'follow':
        return true;
      case 'unfollow':
        return Boolean(person);
      case 'text':
        return !person || invitationCodeInMessage(input.text) !== null;
      case 'postback':
        return false;
      default:
        return !person;
    }
  },
  prepare: prepareRegistration,
  step: (state, input, now, ctx) => registrationStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executePeopleCommand,
};

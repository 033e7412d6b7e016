import { z } from 'zod';
import { commandOf, postbackFor, reply, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import type { Person } from '../../domain/people.ts';
import { defineGuard } from '../../kit/guard.ts';
import { narrowByName, pickerPage } from '../../kit/picker.ts';
import { at, end, say, stale, textWithButtons, type Button } from '../../kit/steps.ts';
import { encodePostback } from '../../line/postback.ts';
import { CONTACT_COMMAND, contactCancelAction, contactClearAction, contactPageAction, contactPickAction, SURVEY_CONTACT_FLOW, surveyContactActions } from './actions.ts';
import type { SurveyContactCommand } from './commands.ts';
import { executeSurveyContact } from './execute.ts';
import { contactLabels as L, contactTexts as T } from './messages.ts';
import { prepareSurveyContact, type ContactPrepared } from './prepare.ts';

/**
 * Who answers the office's school surveys for a school (its director by default): the school director types
 * ผู้ตอบแบบสำรวจของโรงเรียน (or taps ผู้ตอบแบบสำรวจ under the แบบสำรวจ tile), sees who answers now and picks one of the
 * school's registered teachers (typing part of a name narrows the list), or ให้ผู้อำนวยการตอบเอง. Rounds then invite
 * and remind that teacher, who answers for the school; without one who can be reached, the director.
 */

const command = commandOf<SurveyContactCommand>();
type Data = Record<string, never>;
type Ctx = FlowContext<ContactPrepared>;
type Result = StepResult<Data>;

const guard = defineGuard({
  notRegistered: T.notRegistered,
  postbacks: [[[contactCancelAction], null]],
  otherwise: 'name_survey_contact',
});

const isStart = (input: FlowInput) => input.kind === 'text' && input.text.trim() === CONTACT_COMMAND;

function picker(person: Person, ctx: Ctx, teachers: readonly Person[], offset: number, intro: string): Result {
  const contact = ctx.prepared.contact ?? null;
  const always: Button[] = [
    ...(contact ? [{ label: L.director, data: encodePostback(contactClearAction, {}) }] : []),
    { label: L.cancel, data: encodePostback(contactCancelAction, {}) },
  ];
  if ((ctx.prepared.teachers ?? []).length === 0) return end(reply(textWithButtons(`${intro}\n${T.noTeachers}`, always.slice(0, -1))));
  const page = pickerPage({
    choices: teachers,
    button: (t) => ({ label: t.fullName, data: encodePostback(contactPickAction, { p: t.id }), displayText: t.fullName }),
    offset,
    pageData: (o) => encodePostback(contactPageAction, { o }),
    always,
  });
  return at('pick', {}, reply(textWithButtons(`${intro}\n${T.pick(page.paged)}`, page.buttons)));
}

export function surveyContactStep(state: FlowState<Data> | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (postbackFor(input, contactCancelAction)) return end(reply(say(T.cancelled)));
  if (person.schoolId === null) return end(reply(say(T.noSchool)));
  const teachers = ctx.prepared.teachers ?? [];
  const current = T.current(person.schoolName ?? '', ctx.prepared.contact?.fullName ?? null);
  if (isStart(input)) return picker(person, ctx, teachers, 0, current);
  const paged = postbackFor(input, contactPageAction);
  if (paged) return picker(person, ctx, teachers, paged.payload.o, current);
  const picked = postbackFor(input, contactPickAction);
  if (picked) {
    const teacher = teachers.find((t) => t.id === picked.payload.p);
    // Not (or no longer) a teacher of this school: the button is out of date.
    if (!teacher) return stale();
    return end(command({ type: 'nameSurveyContact', contactId: teacher.id }), reply(say(T.named(teacher.fullName))));
  }
  if (postbackFor(input, contactClearAction)) return end(command({ type: 'nameSurveyContact', contactId: null }), reply(say(T.cleared)));
  if (state?.step === 'pick' && input.kind === 'text') {
    const found = narrowByName(teachers, input.text, (t) => t.fullName);
    return picker(person, ctx, found.length > 0 ? found : teachers, 0, found.length > 0 ? current : T.noMatch(input.text.trim()));
  }
  return end();
}

export const surveyContactFlow: Flow<Data, ContactPrepared, SurveyContactCommand> = {
  name: SURVEY_CONTACT_FLOW,
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: surveyContactActions,
  startsOn: (input, person) => Boolean(person) && isStart(input),
  prepare: prepareSurveyContact,
  step: (state, input, now, ctx) => surveyContactStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeSurveyContact,
};

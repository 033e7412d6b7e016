import { z } from 'zod';
import { command, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { encodePostback } from '../../line/postback.ts';
import { can } from '../../domain/permissions.ts';
import { normalizeFullName, type Person } from '../../domain/people.ts';
import { normalizeThaiMobile } from '../../domain/phone.ts';
import { executePeopleCommand } from '../directory/people-commands.ts';
import { deniedMessage } from '../admin/messages.ts';
import { say, textWithButtons } from '../registration/ui.ts';
import {
  MY_INFO_FLOW,
  MY_INFO_KEYWORD,
  myInfoActions,
  myInfoConfirmDeleteAction,
  myInfoDeleteAction,
  myInfoEditAction,
  myInfoKeepAction,
  myInfoOpenAction,
} from './actions.ts';
import { myInfoLabels as L, myInfoTexts as T } from './messages.ts';

/** "ข้อมูลของฉัน": the person's details and role; change name or phone; delete their data (after confirming). */
type Data = Record<string, never>;
type State = FlowState<Data>;
type Result = StepResult<Data>;

const at = (step: string, ...effects: Effect[]): Result => ({ state: { step, data: {} }, effects });
const end = (...effects: Effect[]): Result => ({ state: null, effects });

function menu(person: Person): Effect {
  return reply(
    textWithButtons(T.details(person), [
      { label: L.editName, data: encodePostback(myInfoEditAction, { f: 'name' }) },
      { label: L.editPhone, data: encodePostback(myInfoEditAction, { f: 'phone' }) },
      { label: L.deleteData, data: encodePostback(myInfoDeleteAction, {}) },
    ]),
  );
}

export function myInfoStep(state: State | null, input: FlowInput, _now: Date, ctx: FlowContext<undefined>): Result {
  const person = ctx.person;
  if (!person) return end(reply(say(T.notRegistered)));
  if (!can(person.role, 'view_own_info')) {
    return end(reply(say(deniedMessage('view_own_info'))), command({ type: 'recordDenial', action: 'view_own_info' }));
  }
  // The details end the conversation: their buttons work by themselves, and the next message is free for other flows.
  if (postbackFor(input, myInfoOpenAction) || (input.kind === 'text' && input.text.trim() === MY_INFO_KEYWORD)) return end(menu(person));
  const edit = postbackFor(input, myInfoEditAction);
  if (edit) return edit.payload.f === 'name' ? at('editName', reply(say(T.askName))) : at('editPhone', reply(say(T.askPhone)));
  if (postbackFor(input, myInfoDeleteAction)) {
    return at(
      'confirmDelete',
      reply(
        textWithButtons(T.confirmDelete, [
          { label: L.confirmDelete, data: encodePostback(myInfoConfirmDeleteAction, { pid: person.id }) },
          { label: L.keep, data: encodePostback(myInfoKeepAction, {}) },
        ]),
      ),
    );
  }
  const confirm = postbackFor(input, myInfoConfirmDeleteAction);
  if (confirm) {
    // Deleting is final: only the confirmation just asked for, by the same person, counts.
    if (state?.step !== 'confirmDelete' || confirm.payload.pid !== person.id) return { state, effects: [{ kind: 'staleButton' }] };
    return end(command({ type: 'deleteMyData' }), reply(say(T.deleted)));
  }
  if (postbackFor(input, myInfoKeepAction)) return end(reply(say(T.kept)));

  switch (state?.step) {
    case 'editName': {
      const name = input.kind === 'text' ? normalizeFullName(input.text) : null;
      if (!name) return at('editName', reply(say(T.badName)));
      return end(command({ type: 'updateMyDetails', fullName: name }), reply(say(T.nameChanged(name))));
    }
    case 'editPhone': {
      const phone = input.kind === 'text' ? normalizeThaiMobile(input.text) : null;
      if (!phone) return at('editPhone', reply(say(T.badPhone)));
      return end(command({ type: 'updateMyDetails', phone }), reply(say(T.phoneChanged(phone))));
    }
    case 'confirmDelete':
      // Anything but the confirmation button keeps the data.
      return end(reply(say(T.kept)));
    default:
      return end(menu(person));
  }
}

export const myInfoFlow: Flow<Data, undefined> = {
  name: MY_INFO_FLOW,
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: myInfoActions,
  startsOn: (input) => input.kind === 'text' && input.text.trim() === MY_INFO_KEYWORD,
  step: (state, input, now, ctx) => myInfoStep(state, input, now, ctx ?? { person: null, prepared: undefined }),
  execute: executePeopleCommand,
};

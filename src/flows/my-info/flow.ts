import { z } from 'zod';
import type { PeopleCommand } from '../directory/commands.ts';
import { commandOf, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, postbackFor, reply, type StepResult } from '../../bot/flow.ts';
import { encodePostback } from '../../line/postback.ts';
import { normalizeFullName, type Person } from '../../domain/people.ts';
import { normalizeThaiMobile } from '../../domain/phone.ts';
import { executePeopleCommand } from '../directory/people-commands.ts';
import { defineGuard } from '../../kit/guard.ts';
import { at, end, say, textWithButtons } from '../../kit/steps.ts';
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

const command = commandOf<PeopleCommand>();

/** "ข้อมูลของฉัน": the person's details and role; change name or phone; delete their data (after confirming). */
type Data = Record<string, never>;
type State = FlowState<Data>;
type Result = StepResult<Data>;


function menu(person: Person): Effect {
  return reply(
    textWithButtons(T.details(person), [
      { label: L.editName, data: encodePostback(myInfoEditAction, { f: 'name' }) },
      { label: L.editPhone, data: encodePostback(myInfoEditAction, { f: 'phone' }) },
      { label: L.deleteData, data: encodePostback(myInfoDeleteAction, {}) },
    ]),
  );
}

const guard = defineGuard({ notRegistered: T.notRegistered, otherwise: 'view_own_info' });

export function myInfoStep(state: State | null, input: FlowInput, now: Date, ctx: FlowContext<undefined>): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  // The details end the conversation: their buttons work by themselves, and the next message is free for other flows.
  if (postbackFor(input, myInfoOpenAction) || (input.kind === 'text' && input.text.trim() === MY_INFO_KEYWORD)) return end(menu(person));
  const edit = postbackFor(input, myInfoEditAction);
  if (edit) return edit.payload.f === 'name' ? at('editName', {}, reply(say(T.askName))) : at('editPhone', {}, reply(say(T.askPhone)));
  if (postbackFor(input, myInfoDeleteAction)) {
    return at(
      'confirmDelete',
      {},
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
      if (!name) return at('editName', {}, reply(say(T.badName)));
      return end(command({ type: 'updateMyDetails', fullName: name }), reply(say(T.nameChanged(name))));
    }
    case 'editPhone': {
      const phone = input.kind === 'text' ? normalizeThaiMobile(input.text) : null;
      if (!phone) return at('editPhone', {}, reply(say(T.badPhone)));
      return end(command({ type: 'updateMyDetails', phone }), reply(say(T.phoneChanged(phone))));
    }
    case 'confirmDelete':
      // Anything but the confirmation button keeps the data.
      return end(reply(say(T.kept)));
    default:
      return end(menu(person));
  }
}

export const myInfoFlow: Flow<Data, undefined, PeopleCommand> = {
  name: MY_INFO_FLOW,
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: myInfoActions,
  startsOn: (input) => input.kind === 'text' && input.text.trim() === MY_INFO_KEYWORD,
  step: (state, input, now, ctx) => myInfoStep(state, input, now, ctx ?? { person: null, prepared: undefined }),
  execute: executePeopleCommand,
};

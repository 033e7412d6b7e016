import { z } from 'zod';
import { postbackFor, reply, type Flow, type FlowContext, type FlowInput, type StepResult } from '../../bot/flow.ts';
import type { Person } from '../../domain/people.ts';
import { ROLE_LABELS } from '../../domain/roles.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { GREETING_FLOW, HELP_MENU_REVISION, helpTopicAction } from './actions.ts';
import { greetingMessages, greetingTexts, mediaMessages, notOpenYetMessages, topicMessages, welcomeMessages } from './messages.ts';
import { closedServiceOfTile } from './services.ts';
import { can } from '../../domain/permissions.ts';
import { countWaitingSurveys } from '../surveys/prepare.ts';

const MEDIA_KINDS = new Set<FlowInput['kind']>(['image', 'video', 'audio', 'file', 'location', 'sticker']);

/**
 * The catch-all: a user in no other flow who writes anything gets a greeting and what the bot can do (for their
 * role); a new friend gets a welcome. A tile of a service that is not open yet says so for that service; a
 * picture, sticker, file or place that no step waits for is answered rather than met with silence. It keeps no
 * state, so it never holds a user in a conversation.
 */
/** What the greeting reads: how many surveys wait for the person (mentioned in the reply, which is free). */
export interface GreetingPrepared {
  surveysWaiting?: number;
}

export const greetingFlow: Flow<Record<string, never>, GreetingPrepared> = {
  name: GREETING_FLOW,
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: [helpTopicAction],
  // Media from an unregistered user is the registration flow's (it comes first); here only a registered person's.
  startsOn: (input: FlowInput, person?: Person | null) => input.kind === 'text' || input.kind === 'follow' || (Boolean(person) && MEDIA_KINDS.has(input.kind)),
  async prepare(tx, input, _state, person, env) {
    if (!person || input.kind !== 'text' || menuCommandOf(input.text) !== undefined || !can(person.role, 'answer_survey')) return {};
    return { surveysWaiting: await countWaitingSurveys(tx, person, env.now) };
  },
  step(_state, input, _now, ctx?: FlowContext<GreetingPrepared>): StepResult<Record<string, never>> {
    const end = { state: null };
    const person = ctx?.person ?? null;
    const role = person?.role ?? null;
    const topic = postbackFor(input, helpTopicAction);
    if (topic) {
      if (topic.payload.r !== HELP_MENU_REVISION) return { ...end, effects: [{ kind: 'staleButton' }] };
      return { ...end, effects: [reply(...topicMessages(topic.payload.t, role))] };
    }
    switch (input.kind) {
      case 'follow':
        return { ...end, effects: [reply(...welcomeMessages(input.isUnblocked, role))] };
      case 'text': {
        const tile = menuCommandOf(input.text);
        const closed = closedServiceOfTile(tile);
        if (closed) return { ...end, effects: [reply(...notOpenYetMessages(closed, role))] };
        if (tile === 'register' && person) {
          return { ...end, effects: [reply({ type: 'text', text: greetingTexts.alreadyRegistered(person.fullName, ROLE_LABELS[person.role]) })] };
        }
        const waiting = ctx?.prepared?.surveysWaiting ?? 0;
        const mention = waiting > 0 ? [{ type: 'text' as const, text: greetingTexts.surveysWaiting(waiting, role) }] : [];
        // Said after the hello, before the help text: the help's topic buttons (quick replies) stay on the last message.
        const [hello, ...help] = greetingMessages(role);
        return { ...end, effects: [reply(hello!, ...mention, ...help)] };
      }
      case 'image':
      case 'video':
      case 'audio':
      case 'file':
      case 'location':
      case 'sticker':
        return { ...end, effects: [reply(...mediaMessages(input.kind, role))] };
      default:
        return { ...end, effects: [] };
    }
  },
};

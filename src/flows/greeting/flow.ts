import { z } from 'zod';
import { postbackFor, reply, type Flow, type FlowInput, type StepResult } from '../../bot/flow.ts';
import { GREETING_FLOW, HELP_MENU_REVISION, helpTopicAction } from './actions.ts';
import { greetingMessages, topicMessages, welcomeMessages } from './messages.ts';

/**
 * The catch-all: a user in no other flow who writes anything gets a greeting and what the bot can do;
 * a new friend gets a welcome. It keeps no state, so it never holds a user in a conversation.
 */
export const greetingFlow: Flow<Record<string, never>> = {
  name: GREETING_FLOW,
  version: 1,
  dataSchema: z.record(z.string(), z.never()),
  actions: [helpTopicAction],
  startsOn: (input: FlowInput) => input.kind === 'text' || input.kind === 'follow',
  step(_state, input, _now): StepResult<Record<string, never>> {
    const end = { state: null };
    const topic = postbackFor(input, helpTopicAction);
    if (topic) {
      if (topic.payload.r !== HELP_MENU_REVISION) return { ...end, effects: [{ kind: 'staleButton' }] };
      return { ...end, effects: [reply(...topicMessages(topic.payload.t))] };
    }
    switch (input.kind) {
      case 'follow':
        return { ...end, effects: [reply(...welcomeMessages(input.isUnblocked))] };
      case 'text':
        return { ...end, effects: [reply(...greetingMessages())] };
      default:
        return { ...end, effects: [] };
    }
  },
};

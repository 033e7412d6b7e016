import { z } from 'zod';
import { definePostbackAction } from '../../line/postback.ts';

export const GREETING_FLOW = 'greeting';

export const HELP_TOPICS = ['repair', 'loan', 'booking', 'survey', 'documents', 'vc', 'contact'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

/**
 * Revision of the help menu. Each help button carries the revision it was drawn for; when the menu
 * changes (bump this), buttons on old cards answer "no longer valid" instead of doing something the
 * user did not see. Other flows compare the ids and state versions their buttons carry the same way.
 */
export const HELP_MENU_REVISION = 1;

export const helpTopicAction = definePostbackAction(
  'greeting:topic',
  GREETING_FLOW,
  z.object({ t: z.enum(HELP_TOPICS), r: z.number().int().positive() }),
);

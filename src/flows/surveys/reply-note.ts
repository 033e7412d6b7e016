import type { FlowEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addHistory, hasHistory } from '../../db/repos/history.ts';
import { openSurveysFor, respondentOf, schoolSurveyContactOf } from '../../db/repos/surveys.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { remindsWhom } from '../../domain/surveys/round.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { surveyReminderTexts as T } from './messages.ts';

/**
 * "A reply to anything from a person who has a form waiting mentions it" (issue 13): the surveys flow's
 * `replyNote`, added by the dispatcher to someone's finished answer of any flow. Free, since it rides on a reply. It
 * names what the reminders would (the rounds open to the person that their school or they have not submitted, only
 * to whom the reminders go: the school's director or contact, or the staff member), once the round's invitation has
 * gone (before it, nobody is waiting for an answer yet), in the reminders' words, at most once a person a day:
 * marked `mentioned` in each round's history.
 */
export async function surveysWaitingNote(tx: Executor, person: Person, env: FlowEnv): Promise<string | null> {
  if (!can(person.role, 'answer_survey')) return null;
  const respondent = await respondentOf(tx, person);
  const open = await openSurveysFor(tx, person.officeId, respondent, env.now);
  // Whether the school has named a contact, who then answers for it instead of its director.
  const contact = respondent.schoolId === null ? null : await schoolSurveyContactOf(tx, person.officeId, respondent.schoolId);
  const withContact = new Set(contact && respondent.schoolId !== null ? [respondent.schoolId] : []);
  const unanswered = open.filter((s) => s.response?.state !== 'submitted' && remindsWhom(s.round, s.form.definition.respondent, respondent, withContact));
  const waiting = [];
  for (const s of unanswered) if (await hasHistory(tx, 'survey_round', s.round.id, 'invited')) waiting.push(s);
  if (waiting.length === 0) return null;
  const mark = { personId: person.id, day: bangkokDateKey(env.now) };
  for (const s of waiting) if (await hasHistory(tx, 'survey_round', s.round.id, 'mentioned', mark)) return null;
  for (const s of waiting) await addHistory(tx, 'survey_round', s.round.id, { officeId: person.officeId, actorId: null, action: 'mentioned', data: mark, at: env.now });
  return T.reminder(waiting.map((s, i) => T.line(i + 1, s.round.title, formatThaiDateKey(s.round.closesOn), s.response !== null)));
}

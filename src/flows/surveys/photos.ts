import type { Executor } from '../../db/database.ts';
import { attachMedia } from '../../db/repos/media.ts';
import { getResponse, saveDraft, type SurveyResponse } from '../../db/repos/surveys.ts';
import type { Person } from '../../domain/people.ts';
import { keepVisible, photosOf } from '../../domain/surveys/answers.ts';
import type { Question } from '../../domain/surveys/form.ts';
import { withPresets } from '../../domain/surveys/round.ts';
import type { OpenSurvey } from './prepare.ts';

/**
 * A kept picture (a draft file: uploaded on the page, or sent in the chat) added to a photo question's answer in
 * the response's draft, and given to the response at once (draft files without an owner are purged after a
 * while). The draft is read locked: two directors of a school adding pictures together never pass `maxPhotos`.
 */
export async function addPhotoToDraft(
  tx: Executor,
  person: Person,
  survey: OpenSurvey,
  question: Extract<Question, { kind: 'photo' }>,
  mediaId: number,
  now: Date,
): Promise<'submitted' | 'limit' | { response: SurveyResponse }> {
  const current = await getResponse(tx, survey.round.id, survey.respondentKey, { lock: true });
  if (current?.state === 'submitted') return 'submitted';
  const answers = withPresets(survey.round, current?.answers ?? {});
  const have = photosOf(answers[question.id]);
  // The same picture again (an event tried again): kept once.
  if (current && have.includes(mediaId)) return { response: current };
  if (have.length >= question.maxPhotos) return 'limit';
  const saved = await saveDraft(
    tx,
    {
      officeId: person.officeId,
      roundId: survey.round.id,
      respondentKey: survey.respondentKey,
      schoolId: person.schoolId,
      personId: person.id,
      formVersion: survey.form.version,
      answers: keepVisible(survey.form.definition, { ...answers, [question.id]: [...have, mediaId] }),
    },
    now,
  );
  if (saved.outcome === 'submitted') return 'submitted';
  await attachMedia(tx, person.officeId, [mediaId], 'survey_response', saved.response.id);
  return { response: saved.response };
}

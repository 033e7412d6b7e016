import type { Executor } from '../../db/database.ts';
import { randomUUID } from 'node:crypto';
import { saveMedia } from '../../db/repos/media.ts';
import { getResponse, saveDraft } from '../../db/repos/surveys.ts';
import { mediaLink } from '../../line/media-links.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { describeAnswer, keepVisible, photosOf, SURVEY_MESSAGES, validateAnswer, validateResponse, visibleQuestions, type Answers } from '../../domain/surveys/answers.ts';
import { allQuestions, findQuestion } from '../../domain/surveys/form.ts';
import { AUDIENCE_LABELS, presetIds, withPresets } from '../../domain/surveys/round.ts';
import { fromPage } from '../../domain/surveys/typed.ts';
import { formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';
import { addPhotoToDraft } from './photos.ts';
import { loadOpenSurveys, type OpenSurvey } from './prepare.ts';
import { submitAnswers } from './submit.ts';

/**
 * A round answered on its web page (LIFF): the form as the page draws it, the answers saved as the draft while
 * the person goes (each one checked; a refused one is named and not kept), and the submission. The same draft as
 * in the chat: a school's one response, whoever writes it. Only a round open to the person now.
 */

export type Refusal = 'forbidden' | 'not_found';

async function openRound(tx: Executor, person: Person, roundId: number, now: Date): Promise<OpenSurvey | Refusal> {
  if (!can(person.role, 'answer_survey')) return 'forbidden';
  return (await loadOpenSurveys(tx, person, now)).find((s) => s.round.id === roundId) ?? 'not_found';
}

export interface SurveyPage {
  roundId: number;
  title: string;
  description: string | null;
  closes: string;
  audience: string;
  sections: OpenSurvey['form']['definition']['sections'];
  answers: Answers;
  visible: string[];
  state: 'new' | 'draft' | 'submitted';
  submittedAt: string | null;
  version: number;
  /**
   * The questions the round answers itself, with their answers as read ("การประชุมทางไกล (Video Conference)"): the
   * page shows them answered, without a field to change them.
   */
  preset: Record<string, string>;
  /** The photo questions' pictures as signed links of this service (the answers hold their file ids). */
  photos: Record<string, Array<{ id: number; url: string | null }>>;
}

function pageOf(survey: OpenSurvey, now: Date): SurveyPage {
  const answers = withPresets(survey.round, survey.response?.answers ?? {});
  const definition = survey.form.definition;
  const preset = presetIds(survey.round);
  return {
    roundId: survey.round.id,
    title: survey.round.title,
    description: definition.description ?? null,
    closes: formatThaiDateKey(survey.round.closesOn),
    audience: AUDIENCE_LABELS[survey.round.audience],
    sections: definition.sections,
    answers,
    visible: visibleQuestions(definition, answers).map((q) => q.id),
    state: survey.response ? survey.response.state : 'new',
    submittedAt: survey.response?.submittedAt ? formatThaiDateTime(survey.response.submittedAt) : null,
    version: survey.response?.version ?? 0,
    preset: Object.fromEntries(allQuestions(definition).filter((q) => preset.has(q.id)).map((q) => [q.id, describeAnswer(q, answers[q.id])])),
    photos: Object.fromEntries(
      allQuestions(definition)
        .filter((q) => q.kind === 'photo' && Array.isArray(answers[q.id]))
        .map((q) => [q.id, (answers[q.id] as number[]).map((id) => ({ id, url: mediaLink(survey.form.officeId, id, now) ?? null }))]),
    ),
  };
}

export async function surveyPage(tx: Executor, person: Person, roundId: number, now: Date): Promise<SurveyPage | Refusal> {
  const survey = await openRound(tx, person, roundId, now);
  return typeof survey === 'string' ? survey : pageOf(survey, now);
}

export type SaveOutcome = Refusal | 'submitted' | { page: SurveyPage; problems: Record<string, string> };

/**
 * Keeps the given answers in the draft: each checked on its own (an empty one clears the question); a refused
 * answer is returned with its Thai message and the stored one stays. Answers to questions now hidden are dropped.
 */
export async function saveWebAnswers(tx: Executor, person: Person, roundId: number, given: Record<string, unknown>, now: Date): Promise<SaveOutcome> {
  const survey = await openRound(tx, person, roundId, now);
  if (typeof survey === 'string') return survey;
  const current = await getResponse(tx, roundId, survey.respondentKey, { lock: true });
  if (current?.state === 'submitted') return 'submitted';
  const definition = survey.form.definition;
  const merged: Answers = withPresets(survey.round, current?.answers ?? {});
  const problems: Record<string, string> = {};
  const preset = presetIds(survey.round);
  for (const [id, value] of Object.entries(given)) {
    const question = findQuestion(definition, id);
    // The round's own answers stay as it gives them.
    if (!question || preset.has(id)) continue;
    const checked = validateAnswer({ ...question, required: false }, fromPage(question, value));
    // Photos come only through the upload: an answer may keep or drop the pictures it has, never name others.
    const stored = merged[id];
    const foreign = question.kind === 'photo' && checked.ok && Array.isArray(checked.value) && (checked.value as number[]).some((p) => !(Array.isArray(stored) && (stored as number[]).includes(p)));
    if (foreign) problems[id] = SURVEY_MESSAGES.notPhotos;
    else if (!checked.ok) problems[id] = checked.message;
    else if (checked.value === null) delete merged[id];
    else merged[id] = checked.value;
  }
  const saved = await saveDraft(
    tx,
    { officeId: person.officeId, roundId, respondentKey: survey.respondentKey, schoolId: person.schoolId, personId: person.id, formVersion: survey.form.version, answers: withPresets(survey.round, keepVisible(definition, merged)) },
    now,
  );
  if (saved.outcome === 'submitted') return 'submitted';
  return { page: pageOf({ ...survey, response: saved.response }, now), problems };
}

export type SubmitOutcome = Refusal | 'submitted' | 'stale' | { problems: Record<string, string> } | { page: SurveyPage };

/** Submits the draft as the page last saw it (`version`): every shown question checked, required ones present. */
export async function submitWebAnswers(tx: Executor, person: Person, roundId: number, version: number, now: Date): Promise<SubmitOutcome> {
  const survey = await openRound(tx, person, roundId, now);
  if (typeof survey === 'string') return survey;
  const current = await getResponse(tx, roundId, survey.respondentKey, { lock: true });
  if (current?.state === 'submitted') return 'submitted';
  if (!current || current.version !== version) return 'stale';
  const checked = validateResponse(survey.form.definition, withPresets(survey.round, current.answers));
  if (!checked.ok) return { problems: Object.fromEntries(checked.problems.map((p) => [p.questionId, p.message])) };
  const done = await submitAnswers(tx, { officeId: person.officeId, form: survey.form, response: current, personId: person.id, answers: checked.answers }, now);
  if (done === 'stale') return 'stale';
  const after = await getResponse(tx, roundId, survey.respondentKey);
  return { page: pageOf({ ...survey, response: after }, now) };
}

export type PhotoOutcome = Refusal | 'submitted' | 'not_a_photo_question' | 'limit' | { page: SurveyPage };

/** A picture uploaded for a photo question: kept as the response's file and added to the answer (at most `maxPhotos`). */
export async function addWebPhoto(
  tx: Executor,
  person: Person,
  roundId: number,
  questionId: string,
  file: { contentType: string; content: Buffer },
  now: Date,
): Promise<PhotoOutcome> {
  const survey = await openRound(tx, person, roundId, now);
  if (typeof survey === 'string') return survey;
  const question = findQuestion(survey.form.definition, questionId);
  if (!question || question.kind !== 'photo') return 'not_a_photo_question';
  const current = await getResponse(tx, roundId, survey.respondentKey, { lock: true });
  if (current?.state === 'submitted') return 'submitted';
  // Refused before the picture is stored, when the answer is full already.
  if (photosOf(current?.answers[questionId]).length >= question.maxPhotos) return 'limit';
  const media = await saveMedia(
    tx,
    { officeId: person.officeId, purpose: 'survey', lineMessageId: `liff:${randomUUID()}`, uploadedBy: person.id, contentType: file.contentType, content: file.content },
    now,
  );
  const added = await addPhotoToDraft(tx, person, survey, question, media.id, now);
  if (typeof added === 'string') return added;
  return { page: pageOf({ ...survey, response: added.response }, now) };
}

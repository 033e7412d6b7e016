import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { reachablePerson } from '../../db/repos/recipients.ts';
import { changeRoundCloses, closeRound, getResponse, getResponseById, getRound, lockRound, reviewResponse, saveDraft } from '../../db/repos/surveys.ts';
import { pushOnce } from '../../line/push-once.ts';
import { campaignTexts as C } from './messages.ts';
import { ForbiddenError, StaleError, assertNever } from '../../domain/errors.ts';
import { can } from '../../domain/permissions.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { keepVisible, validateAnswer, validateResponse, visibleQuestions } from '../../domain/surveys/answers.ts';
import { findQuestion } from '../../domain/surveys/form.ts';
import { presetIds, withPresets } from '../../domain/surveys/round.ts';
import type { SurveyCommand } from './commands.ts';
import { addPhotoToDraft } from './photos.ts';
import { loadOpenSurveys } from './prepare.ts';
import { submitAnswers } from './submit.ts';

/**
 * Carries out answering in the event's transaction. The step checked with what `prepare` read; here the round
 * is read again (still open, still sent to this person), the answer checked again against the form, and a
 * submitted response is never written: a change meanwhile is a StaleError (answered, not retried).
 */
export async function executeSurveyCommand(tx: Executor, cmd: SurveyCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  if (cmd.type === 'closeSurveyRound') {
    if (!person || !can(person.role, 'run_survey')) throw new ForbiddenError('run_survey');
    const found = await lockRound(tx, officeId, cmd.roundId);
    if (!found || found.round.state !== 'open' || found.round.version !== cmd.expectedVersion) throw new StaleError(`survey round ${cmd.roundId} changed meanwhile`);
    await closeRound(tx, officeId, cmd.roundId, person.id, now);
    env.logger.info({ roundId: cmd.roundId, personId: person.id }, 'survey round closed early');
    return;
  }
  if (cmd.type === 'changeSurveyCloses') {
    if (!person || !can(person.role, 'run_survey')) throw new ForbiddenError('run_survey');
    if (cmd.closesOn < bangkokDateKey(now)) throw new StaleError('closing day already past');
    if ((await changeRoundCloses(tx, officeId, cmd.roundId, cmd.expectedVersion, cmd.closesOn, person.id, now)) === 'stale') throw new StaleError(`survey round ${cmd.roundId} changed meanwhile`);
    return;
  }
  if (cmd.type === 'reviewSurveyResponse') {
    if (!person || !can(person.role, 'run_survey')) throw new ForbiddenError('run_survey');
    const response = await getResponseById(tx, officeId, cmd.responseId, { lock: true });
    const found = response ? await getRound(tx, officeId, response.roundId) : null;
    if (!response || !found || response.roundId !== cmd.roundId) throw new StaleError(`survey response ${cmd.responseId} not found`);
    const done = await reviewResponse(tx, { officeId, responseId: response.id, expectedVersion: cmd.expectedVersion, decision: cmd.decision, note: cmd.note, reviewerId: person.id }, now);
    if (done === 'stale') throw new StaleError('survey response changed meanwhile');
    if (cmd.decision === 'return' && cmd.note) {
      // The one who last wrote it hears at once (a push, once per returned version).
      const writer = await reachablePerson(tx, officeId, response.personId);
      if (writer) await pushOnce(tx, { channelId: writer.channelId, officeId, lineUserId: writer.lineUserId }, [{ type: 'text', text: C.returnedToSchool(found.round.title, cmd.note) }], `survey:returned:${response.id}:${cmd.expectedVersion}`);
    }
    return;
  }
  if (!person || !can(person.role, 'answer_survey')) throw new ForbiddenError('answer_survey');
  const survey = (await loadOpenSurveys(tx, person, now)).find((s) => s.round.id === cmd.roundId);
  if (!survey) throw new StaleError(`survey round ${cmd.roundId} is not open to person ${person.id}`);
  const { form, round, respondentKey } = survey;
  switch (cmd.type) {
    case 'saveSurveyAnswer': {
      const current = await getResponse(tx, round.id, respondentKey, { lock: true });
      if (current?.state === 'submitted') throw new StaleError('survey response submitted meanwhile');
      const answers = withPresets(round, current?.answers ?? {});
      const question = findQuestion(form.definition, cmd.questionId);
      if (!question || presetIds(round).has(question.id) || !visibleQuestions(form.definition, answers).some((q) => q.id === question.id)) throw new StaleError(`question ${cmd.questionId} is not asked now`);
      const checked = validateAnswer(question, cmd.value);
      if (!checked.ok) throw new StaleError(`answer to ${cmd.questionId} refused: ${checked.message}`);
      const saved = await saveDraft(
        tx,
        {
          officeId,
          roundId: round.id,
          respondentKey,
          schoolId: person.schoolId,
          personId: person.id,
          formVersion: form.version,
          answers: keepVisible(form.definition, { ...answers, [question.id]: checked.value }),
        },
        now,
      );
      if (saved.outcome === 'submitted') throw new StaleError('survey response submitted meanwhile');
      return;
    }
    case 'addSurveyPhoto': {
      const question = findQuestion(form.definition, cmd.questionId);
      if (question?.kind !== 'photo') throw new StaleError(`question ${cmd.questionId} takes no photos`);
      const added = await addPhotoToDraft(tx, person, survey, question, cmd.mediaId, now);
      if (added === 'submitted') throw new StaleError('survey response submitted meanwhile');
      if (added === 'limit') throw new StaleError(`question ${cmd.questionId} has its photos already`);
      return;
    }
    case 'submitSurvey': {
      const current = await getResponse(tx, round.id, respondentKey, { lock: true });
      if (!current || current.state !== 'draft' || current.version !== cmd.expectedVersion) throw new StaleError('survey response changed meanwhile');
      const checked = validateResponse(form.definition, withPresets(round, current.answers));
      if (!checked.ok) throw new StaleError('survey response is not complete');
      const done = await submitAnswers(tx, { officeId, form, response: current, personId: person.id, answers: checked.answers }, now);
      if (done === 'stale') throw new StaleError('survey response changed meanwhile');
      env.logger.info({ roundId: round.id, responseId: current.id }, 'survey response submitted');
      return;
    }
    default:
      assertNever(cmd, 'unknown survey command');
  }
}

import type { Executor } from '../../db/database.ts';
import { replaceSchoolRegister } from '../../db/repos/dltv-register.ts';
import { submitResponse, type SurveyForm, type SurveyResponse } from '../../db/repos/surveys.ts';
import { registerEntriesOf } from '../../domain/repair/dltv-register.ts';
import type { Answers } from '../../domain/surveys/answers.ts';

/**
 * A draft submitted, from the chat or the web page alike, and what a submission feeds in the same transaction:
 * the school's DLTV equipment register, when the form is the DLTV survey.
 *
 * The register follows submission, not the officer's acceptance: a teacher who reports a broken receiver the day
 * after the school answered needs what the school said, and the review checks the survey, not the equipment. A
 * response returned for correction becomes a draft and comes back through here when it is submitted again, so the
 * correction replaces the lines; a rejected one leaves them as the school last submitted them.
 */
export async function submitAnswers(
  tx: Executor,
  input: { officeId: string; form: SurveyForm; response: SurveyResponse; personId: number; answers: Answers },
  now: Date,
): Promise<'submitted' | 'stale'> {
  const { officeId, form, response, personId, answers } = input;
  const done = await submitResponse(tx, { officeId, responseId: response.id, expectedVersion: response.version, personId, answers }, now);
  if (done === 'stale') return done;
  const entries = registerEntriesOf(form, answers);
  if (entries !== null && response.schoolId !== null) {
    await replaceSchoolRegister(tx, { officeId, schoolId: response.schoolId, responseId: response.id, personId, entries }, now);
  }
  return done;
}

import type { RunningService } from '../../src/app.ts';
import { closeRound, listRounds } from '../../src/db/repos/surveys.ts';
import { loadDemoSurveys } from '../../src/flows/surveys/demo.ts';
import { createLogger } from '../../src/logger.ts';
import type { Executor } from '../../src/db/database.ts';
import type { FormDefinitionInput } from '../../src/domain/surveys/form.ts';
import { DEFAULT_OFFICE_ID } from '../../src/line/channels.ts';
import { loadDemoSchools } from './chat.ts';

/**
 * What the tests of survey rounds (invitations, reminders, contacts, openings, targets) share: a one-question form a
 * school answers, and a start with no round of the demo open.
 */

/** A form of one yes/no question (`ok`, พร้อมไหม) that each school answers once. */
export function oneQuestionSchoolForm(key: string, title: string): FormDefinitionInput {
  return {
    format: 1,
    key,
    version: 1,
    title,
    respondent: 'school',
    sections: [{ id: 's', title: 'ส่วนเดียว', questions: [{ id: 'ok', kind: 'yes_no', label: 'พร้อมไหม', required: true }] }],
  };
}

/**
 * Closes the rounds the embedded start-up opened for the demo (and any other open one), so only the test's own rounds
 * are listed, invited and reminded.
 */
export async function closeOpenRounds(ex: Executor, now: Date): Promise<void> {
  for (const { round } of await listRounds(ex, DEFAULT_OFFICE_ID)) await closeRound(ex, DEFAULT_OFFICE_ID, round.id, null, now);
}

/**
 * The embedded start-up's demo (its schools and its open rounds), also on a PostgreSQL server, where the start-up
 * leaves the office alone: a test that counts them reads the same in both runs.
 */
export async function withTheDemo(service: RunningService, now: Date): Promise<void> {
  if (service.database.kind === 'embedded') return;
  await loadDemoSchools(service);
  await loadDemoSurveys(service.database, DEFAULT_OFFICE_ID, createLogger('silent'), now);
}

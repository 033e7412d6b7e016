import { readFile } from 'node:fs/promises';
import type { Database } from '../../db/database.ts';
import { countForms } from '../../db/repos/surveys.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { Logger } from '../../logger.ts';
import { loadFormDefinition, openSurveyRound } from './load.ts';
import { SURVEY_TEMPLATE_NAMES, surveyTemplateFile } from './templates.ts';

/**
 * The demo forms shipped with the code: a short one answered in the chat, the DLTV equipment survey (template 2),
 * the two ranked forms (computer needs, template 1; DLTV repair, template 3), DLIT usage (template 4) and the
 * follow-up after a training (template 6, one answer per person) — so each of the manual's forms can be tried.
 */
export const DEMO_SURVEY_FILES = SURVEY_TEMPLATE_NAMES.map(surveyTemplateFile);

const DEMO_OPEN_DAYS = 30;

/**
 * A fresh embedded installation has no survey yet: the demo forms are loaded and opened to the schools'
 * directors for a month, so the แบบสำรวจ tile can be tried. An office with any form, or a PostgreSQL server
 * (real data), is never touched.
 */
export async function loadDemoSurveysIfEmpty(database: Database, officeId: string, logger: Logger, now: Date): Promise<void> {
  if (database.kind !== 'embedded') return;
  if ((await countForms(database.db, officeId)) > 0) return;
  await loadDemoSurveys(database, officeId, logger, now);
}

/** The demo's forms, each opened to the schools' directors until DEMO_OPEN_DAYS from now (tests load it on a server too). */
export async function loadDemoSurveys(database: Database, officeId: string, logger: Logger, now: Date): Promise<void> {
  const closesOn = bangkokDateKey(new Date(now.getTime() + DEMO_OPEN_DAYS * 24 * 3600 * 1000));
  for (const file of DEMO_SURVEY_FILES) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      logger.warn({ file }, 'demo survey file not found or not JSON; left out');
      continue;
    }
    const loaded = await loadFormDefinition(database.db, officeId, raw, null, now);
    if (!loaded.ok) {
      logger.warn({ file, problems: loaded.problems }, 'demo survey refused');
      continue;
    }
    await openSurveyRound(database.db, officeId, { formId: loaded.form.id, audience: 'school_directors', district: null, closesOn, createdBy: null }, now);
  }
  logger.info({ closesOn }, 'demo surveys loaded and opened to the schools\' directors');
}

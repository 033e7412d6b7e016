import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DLTV_FORM_KEY } from '../../domain/repair/dltv-register.ts';
import { DLTV_REPAIR_FORM_KEY } from '../../domain/surveys/dltv-eligibility.ts';
import { NEEDS_FORM_KEY } from '../../domain/surveys/needs-plan.ts';

/**
 * The forms shipped with the code (scripts/surveys/): the manual's templates and a short example. An officer
 * copies one into the office's forms (`npm run surveys -- copy`) instead of writing a definition from nothing;
 * the embedded demo loads them all.
 */
export const SURVEY_TEMPLATE_NAMES = ['internet-check', 'dltv-equipment', 'computer-needs', 'dltv-repair', 'dlit-usage', 'follow-up-feedback'] as const;
export type SurveyTemplateName = (typeof SURVEY_TEMPLATE_NAMES)[number];

export const surveyTemplateFile = (name: SurveyTemplateName): string => fileURLToPath(new URL(`../../../scripts/surveys/${name}.json`, import.meta.url));

export const isSurveyTemplateName = (name: string): name is SurveyTemplateName => (SURVEY_TEMPLATE_NAMES as readonly string[]).includes(name);

/** The template as written (a definition to check, never trusted as it is). */
export async function readSurveyTemplate(name: SurveyTemplateName): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(surveyTemplateFile(name), 'utf8')) as Record<string, unknown>;
}

/** Keys whose answers do more than results (a ranked view, the DLTV register): a copy under another key loses that. */
export const KEYS_WITH_OWN_VIEWS: readonly string[] = [NEEDS_FORM_KEY, DLTV_REPAIR_FORM_KEY, DLTV_FORM_KEY];

/**
 * A copy of a template as the office's own form: under a new key (version 1, the office's own form from then on)
 * and title when given; the template's key kept otherwise, so the ranked views and the DLTV register still read it.
 */
export function copyOfTemplate(template: Record<string, unknown>, changes: { key?: string | undefined; title?: string | undefined }): Record<string, unknown> {
  return {
    ...template,
    ...(changes.key === undefined ? {} : { key: changes.key, version: 1 }),
    ...(changes.title === undefined ? {} : { title: changes.title }),
  };
}

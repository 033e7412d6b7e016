import { fileURLToPath } from 'node:url';

/**
 * The forms shipped with the code (scripts/surveys/): the manual's templates and a short example. The embedded
 * demo loads them all.
 */
export const SURVEY_TEMPLATE_NAMES = ['internet-check', 'dltv-equipment', 'computer-needs', 'dltv-repair', 'dlit-usage', 'follow-up-feedback'] as const;
export type SurveyTemplateName = (typeof SURVEY_TEMPLATE_NAMES)[number];

export const surveyTemplateFile = (name: SurveyTemplateName): string => fileURLToPath(new URL(`../../../scripts/surveys/${name}.json`, import.meta.url));

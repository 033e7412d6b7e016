import { z } from 'zod';
import { REVIEW_DECISIONS } from '../../domain/surveys/round.ts';
import { definePostbackAction } from '../../line/postback.ts';

export const SURVEYS_FLOW = 'surveys';

/**
 * The buttons of answering a survey in the chat. Each carries the round (`r`); a question's buttons carry the
 * question (`q`) and count only while the chat asks that question; ส่งคำตอบ carries the version of the draft it
 * was drawn for (`v`), so a draft changed meanwhile (another director of the school answered) makes it stale.
 */
const r = z.number().int().positive();
const q = z.string().min(1).max(40);

/** The list of open surveys, from offset `o`. */
export const surveyPageAction = definePostbackAction('svy:page', SURVEYS_FLOW, z.object({ o: z.number().int().nonnegative() }));
export const surveyPickAction = definePostbackAction('svy:pick', SURVEYS_FLOW, z.object({ r }));
/** A choice by number: an option's index (single choice), the level (scale), 1 yes / 0 no (yes/no). */
export const surveyAnswerAction = definePostbackAction('svy:ans', SURVEYS_FLOW, z.object({ r, q, i: z.number().int().nonnegative() }));
/** The page of a long list of options, from offset `o`. */
export const surveyOptionsPageAction = definePostbackAction('svy:opt', SURVEYS_FLOW, z.object({ r, q, o: z.number().int().nonnegative() }));
/** A multiple choice: option `i` chosen or unchosen; `svy:done` when the choice is complete (or a photo question's pictures). */
export const surveyToggleAction = definePostbackAction('svy:tog', SURVEYS_FLOW, z.object({ r, q, i: z.number().int().nonnegative() }));
export const surveyChosenAction = definePostbackAction('svy:done', SURVEYS_FLOW, z.object({ r, q }));
/** A date question's date picker (the date comes in the postback's params). */
export const surveyDateAction = definePostbackAction('svy:date', SURVEYS_FLOW, z.object({ r, q }));
export const surveySkipAction = definePostbackAction('svy:skip', SURVEYS_FLOW, z.object({ r, q }));
export const surveyLaterAction = definePostbackAction('svy:later', SURVEYS_FLOW, z.object({ r }));
export const surveySubmitAction = definePostbackAction('svy:submit', SURVEYS_FLOW, z.object({ r, v: z.number().int().positive() }));
export const surveyEditAction = definePostbackAction('svy:edit', SURVEYS_FLOW, z.object({ r }));
export const surveyReanswerAction = definePostbackAction('svy:re', SURVEYS_FLOW, z.object({ r, q }));

/** The officer's side (run_survey): who has not answered a round; close it early (asked once more, then done). */
export const surveyMissingAction = definePostbackAction('svy:miss', SURVEYS_FLOW, z.object({ r }));
export const surveyCloseAction = definePostbackAction('svy:close', SURVEYS_FLOW, z.object({ r, v: z.number().int().positive() }));
export const surveyCloseConfirmAction = definePostbackAction('svy:closeOk', SURVEYS_FLOW, z.object({ r, v: z.number().int().positive() }));
export const surveyKeepOpenAction = definePostbackAction('svy:keep', SURVEYS_FLOW, z.object({ r }));
/** A new closing day (the date picker's date), for the round as seen at `v`. */
export const surveyExtendAction = definePostbackAction('svy:ext', SURVEYS_FLOW, z.object({ r, v: z.number().int().positive() }));
/** Reviewing submitted responses: the list (from offset `o`), one response (`s`), a decision on the version seen. */
export const surveyReviewListAction = definePostbackAction('svy:rev', SURVEYS_FLOW, z.object({ r, o: z.number().int().nonnegative() }));
export const surveyReviewOpenAction = definePostbackAction('svy:rv', SURVEYS_FLOW, z.object({ r, s: z.number().int().positive() }));
export const surveyReviewDecideAction = definePostbackAction(
  'svy:rvd',
  SURVEYS_FLOW,
  z.object({ r, s: z.number().int().positive(), v: z.number().int().positive(), k: z.enum(REVIEW_DECISIONS) }),
);

/** The ranked result view of a computer-needs or DLTV replacement/repair round (open or closed). */
export const surveyRankingAction = definePostbackAction('svy:rank', SURVEYS_FLOW, z.object({ r }));

/** The officer's buttons: they name a round the person runs, not one they answer. */
export const campaignActions = [
  surveyMissingAction,
  surveyCloseAction,
  surveyCloseConfirmAction,
  surveyKeepOpenAction,
  surveyReviewListAction,
  surveyReviewOpenAction,
  surveyReviewDecideAction,
  surveyExtendAction,
  surveyRankingAction,
] as const;

/** Every button of the flow: the person answering's, then the officer's. */
export const surveyActions = [
  surveyPageAction,
  surveyPickAction,
  surveyAnswerAction,
  surveyOptionsPageAction,
  surveyToggleAction,
  surveyChosenAction,
  surveyDateAction,
  surveySkipAction,
  surveyLaterAction,
  surveySubmitAction,
  surveyEditAction,
  surveyReanswerAction,
  ...campaignActions,
] as const;

/** The round a button of this flow names, if it names one. */
export function roundOfButton(payload: unknown): number | undefined {
  const value = (payload as { r?: unknown } | null)?.r;
  return typeof value === 'number' ? value : undefined;
}

import type { FlowEnv, FlowInput } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { openSurveysFor, respondentOf, type OpenSurvey } from '../../db/repos/surveys.ts';
import { can } from '../../domain/permissions.ts';
import { photosOf, visibleQuestions } from '../../domain/surveys/answers.ts';
import type { Question } from '../../domain/surveys/form.ts';
import { withPresets } from '../../domain/surveys/round.ts';
import { keepSentPhoto } from '../../kit/photos.ts';
import type { Person } from '../../domain/people.ts';
import type { Campaign, ReviewItem } from '../../domain/surveys/results.ts';
import type { PostbackAction } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { campaignActions, roundOfButton, surveyRankingAction, surveyReviewDecideAction, surveyReviewListAction, surveyReviewOpenAction, SURVEYS_FLOW } from './actions.ts';
import { loadRoundRanking, type RoundRanking } from './ranking.ts';
import { loadCampaigns, loadReviewQueue } from './results.ts';
import type { SurveyChatState } from './state.ts';

export type { OpenSurvey };

/** What the step reads: the rounds open to the person, and the one the button or the conversation is about. */
export interface SurveysPrepared {
  list?: OpenSurvey[];
  /** The rounds under way, for someone who runs surveys (at the tile). */
  campaigns?: Campaign[];
  /** The round an officer's button names, open now (null: closed or gone). */
  campaign?: Campaign | null;
  /** Its submitted responses waiting for review (at the review buttons). */
  reviewing?: ReviewItem[];
  /** The ranked view of the round ผลจัดลำดับ names, open or closed (null: not the office's, or not a ranked form). */
  ranking?: RoundRanking | null;
  /** The round named by the button or the conversation, as open to this person now (null: closed, or not theirs). */
  survey?: OpenSurvey | null;
  /** A picture sent for the photo question asked, fetched from LINE and kept as a draft file; 'failed' when LINE did not give it. */
  photo?: { mediaId: number } | 'failed';
}

/** The question the chat asks now, if it is still shown. */
export function askedQuestion(survey: OpenSurvey, state: SurveyChatState | null): Question | undefined {
  if (state?.step !== 'ask' || !state.data.q) return undefined;
  return visibleQuestions(survey.form.definition, withPresets(survey.round, survey.response?.answers ?? {})).find((q) => q.id === state.data.q);
}

/** A picture the step will keep: sent while a photo question of a draft is asked and has room for it. */
export function photoWanted(survey: OpenSurvey, state: SurveyChatState | null): boolean {
  const question = askedQuestion(survey, state);
  return question?.kind === 'photo' && survey.response?.state !== 'submitted' && photosOf(survey.response?.answers[question.id]).length < question.maxPhotos;
}

/** Loads the person's open rounds (few: those of their office open today), with each one's draft or submitted response. */
export async function loadOpenSurveys(tx: Executor, person: Person, now: Date): Promise<OpenSurvey[]> {
  return openSurveysFor(tx, person.officeId, await respondentOf(tx, person), now);
}

const REVIEW_BUTTONS = new Set([surveyReviewListAction.name, surveyReviewOpenAction.name, surveyReviewDecideAction.name]);

export async function prepareSurveys(tx: Executor, input: FlowInput, state: SurveyChatState | null, person: Person | null, env: FlowEnv): Promise<SurveysPrepared> {
  // Nothing is read for someone the step will turn away.
  if (!person || !can(person.role, 'answer_survey')) return {};
  const list = await loadOpenSurveys(tx, person, env.now);
  const runs = can(person.role, 'run_survey');
  if (input.kind === 'postback' && input.action.name === surveyRankingAction.name) {
    const r = roundOfButton(input.payload);
    const ranking = runs && r !== undefined ? await loadRoundRanking(tx, person.officeId, r) : null;
    return { list, ranking: ranking === 'none' ? null : ranking };
  }
  const officer = input.kind === 'postback' && (campaignActions as readonly PostbackAction[]).some((a) => a.name === input.action.name);
  if (officer) {
    const r = roundOfButton(input.payload);
    const campaign = runs && r !== undefined ? ((await loadCampaigns(tx, person.officeId, r))[0] ?? null) : null;
    const reviewing = campaign && REVIEW_BUTTONS.has(input.action.name) ? await loadReviewQueue(tx, campaign) : undefined;
    return { list, campaign, ...(reviewing ? { reviewing } : {}) };
  }
  const campaigns = runs && input.kind === 'text' && menuCommandOf(input.text) === 'surveys' ? await loadCampaigns(tx, person.officeId) : undefined;
  const named = input.kind === 'postback' && input.action.flow === SURVEYS_FLOW ? roundOfButton(input.payload) : state?.data.r;
  const survey = named === undefined ? undefined : (list.find((s) => s.round.id === named) ?? null);
  // LINE keeps a picture only a while: fetched and kept now, given to the response by the step's command.
  const photo = input.kind === 'image' && survey && photoWanted(survey, state) ? await keepSentPhoto(tx, input.messageId, person, env, 'survey') : undefined;
  return { list, ...(campaigns ? { campaigns } : {}), survey, ...(photo ? { photo } : {}) };
}

/** How many rounds open to the person wait for their answer (not submitted). */
export async function countWaitingSurveys(tx: Executor, person: Person, now: Date): Promise<number> {
  return (await loadOpenSurveys(tx, person, now)).filter((s) => s.response?.state !== 'submitted').length;
}

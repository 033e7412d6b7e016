import type { AnswerValue } from '../../domain/surveys/answers.ts';
import type { ReviewDecision } from '../../domain/surveys/round.ts';

/** What answering a survey in the chat changes, carried out by `executeSurveyCommand`. */
export type SurveyCommand =
  /** One answer kept in the response's draft (created on the first answer). */
  | { type: 'saveSurveyAnswer'; roundId: number; questionId: string; value: AnswerValue }
  /** A picture sent in the chat (kept by `prepare` as a draft file) added to a photo question's answer. */
  | { type: 'addSurveyPhoto'; roundId: number; questionId: string; mediaId: number }
  /** The draft, as seen at `expectedVersion`, submitted. */
  | { type: 'submitSurvey'; roundId: number; expectedVersion: number }
  /** An officer closes a round early (the round as seen at `expectedVersion`). */
  | { type: 'closeSurveyRound'; roundId: number; expectedVersion: number }
  /** An officer moves the closing day (later, or earlier but not past). */
  | { type: 'changeSurveyCloses'; roundId: number; expectedVersion: number; closesOn: string }
  /** An officer's review of a submitted response (seen at `expectedVersion`); a returned one goes back with `note`. */
  | { type: 'reviewSurveyResponse'; roundId: number; responseId: number; expectedVersion: number; decision: ReviewDecision; note: string | null };

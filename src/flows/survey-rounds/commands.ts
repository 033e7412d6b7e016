import type { Audience, SchoolScope } from '../../domain/surveys/round.ts';

/** A round opened from the chat by someone who runs surveys, carried out by `executeRoundCommand`. */
export type RoundCommand = { type: 'openSurveyRound'; formId: number; audience: Audience; district: string | null; closesOn: string; opensOn?: string | undefined; schools?: SchoolScope | undefined };

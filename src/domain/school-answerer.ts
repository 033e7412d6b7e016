/**
 * Who answers for a school, the one rule of the surveys and the video conferences: its named survey contact (a
 * teacher of the school its director named, migration 0023), else its director; where someone must be reached
 * whatever the school did (a video conference's invitation), else its first registered teacher. The rule itself is
 * SQL (src/db/repos/school-answerer.ts); the surveys' list form of it is `answersForSchool` (src/domain/surveys/round.ts).
 */
export const ANSWERER_KINDS = ['contact', 'director', 'teacher'] as const;
export type AnswererKind = (typeof ANSWERER_KINDS)[number];

/** Schools counted by whom they are reached through (`nobody`: no one of the school can be reached in LINE). */
export type SchoolReach = Record<AnswererKind | 'nobody', number>;

export const reachTotal = (reach: SchoolReach): number => reach.contact + reach.director + reach.teacher + reach.nobody;

import { bangkokDateKey, bangkokTime } from '../office-time.ts';
import type { Role } from '../roles.ts';
import type { Answers } from './answers.ts';
import type { FormDefinition, RespondentKind } from './form.ts';

/**
 * A form sent out: a round (campaign) of one form version to an audience, open until a closing date; and the
 * responses to it, one per school or one per person as the form says. Pure: no I/O.
 */

export const FORM_STATES = ['draft', 'open', 'closed'] as const;
export type FormState = (typeof FORM_STATES)[number];

export const ROUND_STATES = ['open', 'closed'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export const RESPONSE_STATES = ['draft', 'submitted'] as const;
export type ResponseState = (typeof RESPONSE_STATES)[number];

/** The audiences an officer picks when sending a form (by role). */
export const CHOSEN_AUDIENCES = ['school_directors', 'school_teachers', 'office_staff'] as const;
/** Who a round is sent to: by role, or (`attendees`) the people an activity names — a video conference's evaluation. */
export const AUDIENCES = [...CHOSEN_AUDIENCES, 'attendees'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const AUDIENCE_LABELS: Record<Audience, string> = {
  // A school's named survey contact answers in its director's place (`answersForSchool`), so the label says so.
  school_directors: 'ผู้ตอบของโรงเรียน (ผู้ประสานงานที่ระบุไว้ หรือผู้อำนวยการ)',
  school_teachers: 'ครูและผู้อำนวยการโรงเรียน',
  office_staff: 'บุคลากรในสำนักงาน',
  attendees: 'ผู้เข้าร่วมกิจกรรม',
};

/** The office's own staff: the audience of staff forms. */
export const OFFICE_STAFF_ROLES: readonly Role[] = ['technician', 'saraban_clerk', 'group_director', 'area_director', 'deputy_director', 'admin'];

export interface SurveyForm {
  id: number;
  officeId: string;
  key: string;
  version: number;
  title: string;
  definition: FormDefinition;
  state: FormState;
}

export interface SurveyRound {
  id: number;
  officeId: string;
  formId: number;
  title: string;
  audience: Audience;
  /** Only the schools of this district (อำเภอ); null = every school of the office. */
  district: string | null;
  /** The people an `attendees` round is sent to; null for an audience by role. */
  respondentIds: number[] | null;
  /** Only these schools (a cluster's, the DLTV schools, chosen ones; fixed when sent); null = no such limit. */
  schoolIds: number[] | null;
  /** Which schools `schoolIds` are: `cluster:<name>`, `dltv` or `chosen` (null with them). */
  schoolScope: string | null;
  /** The video conference this round evaluates (src/flows/vc/evaluation.ts), if any. */
  vcSessionId: number | null;
  /**
   * Answers the round gives every respondent, by question id (a video conference's evaluation: which activity):
   * part of each response, shown as answered, never asked. Null: none.
   */
  presetAnswers: Answers | null;
  opensAt: Date;
  /** The last day answers are taken (Bangkok), `YYYY-MM-DD`. */
  closesOn: string;
  state: RoundState;
  version: number;
}

export interface SurveyResponse {
  id: number;
  roundId: number;
  /** `school:<id>` or `person:<id>`: one response each (a unique key of the table). */
  respondentKey: string;
  schoolId: number | null;
  /** Who last wrote it. */
  personId: number;
  formVersion: number;
  answers: Answers;
  state: ResponseState;
  version: number;
  updatedAt: Date;
  submittedAt: Date | null;
  /** The officer's review: accepted, rejected, or returned (the response is a draft again, to correct). */
  review: ReviewOutcome | null;
  reviewNote: string | null;
}

/** What an officer decides on a submitted response. */
export const REVIEW_DECISIONS = ['accept', 'return', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export type ReviewOutcome = 'accepted' | 'returned' | 'rejected';
export const REVIEW_OUTCOME: Record<ReviewDecision, ReviewOutcome> = { accept: 'accepted', return: 'returned', reject: 'rejected' };

/**
 * Whether a response counts in a form's figures built on its answers (the ranked tables, a video conference's
 * evaluation, the yearly summary): submitted, and not rejected by an officer (ไม่รับ).
 */
export const countsInFigures = (response: Pick<SurveyResponse, 'state' | 'review'>) => response.state === 'submitted' && response.review !== 'rejected';

/** A response's answers with the round's preset ones laid over them (the respondent cannot change those). */
export function withPresets(round: Pick<SurveyRound, 'presetAnswers'>, answers: Answers): Answers {
  return round.presetAnswers ? { ...answers, ...round.presetAnswers } : answers;
}

/** The questions the round answers itself. */
export const presetIds = (round: Pick<SurveyRound, 'presetAnswers'>): ReadonlySet<string> => new Set(Object.keys(round.presetAnswers ?? {}));

/** Who may be sent a round: the respondent the form asks for, and the audience. */
export interface Respondent {
  id: number;
  role: Role;
  schoolId: number | null;
  /** The district of the person's school (null: no school). */
  district: string | null;
  /** The teacher their school's director named to answer the school's surveys (the school's contact). */
  schoolContact?: boolean | undefined;
}

/** A form answered once per school goes to schools; a staff form (or an activity's feedback) is answered by each person. */
export function audienceFits(respondent: RespondentKind, audience: Audience): boolean {
  return audience === 'office_staff' || audience === 'attendees' ? respondent === 'person' : true;
}

/** The roles an audience is made of. */
export function audienceRoles(audience: Audience): readonly Role[] {
  switch (audience) {
    case 'office_staff':
      return OFFICE_STAFF_ROLES;
    case 'school_directors':
      return ['school_director'];
    case 'school_teachers':
      return ['school_director', 'teacher'];
    case 'attendees':
      return ['school_director', 'teacher', ...OFFICE_STAFF_ROLES];
  }
}

/** Some of the office's schools a round is sent to, as the officer picks them (resolved to ids when it is sent). */
export type SchoolScope = { kind: 'cluster'; name: string } | { kind: 'dltv' } | { kind: 'chosen'; ids: number[] };

/** How a round keeps its `SchoolScope` (`SurveyRound.schoolScope`). */
export function schoolScopeKey(scope: SchoolScope): string {
  return scope.kind === 'cluster' ? `cluster:${scope.name}` : scope.kind;
}

/** The scope a round's `schoolScope` key names, with its schools (null: none, or a key this code does not know). */
export function schoolScopeOf(round: Pick<SurveyRound, 'schoolScope' | 'schoolIds'>): SchoolScope | null {
  const key = round.schoolScope;
  if (key === 'dltv') return { kind: 'dltv' };
  if (key === 'chosen') return { kind: 'chosen', ids: round.schoolIds ?? [] };
  return key?.startsWith('cluster:') ? { kind: 'cluster', name: key.slice('cluster:'.length) } : null;
}

/** What decides who a round is sent to. */
export type RoundAudience = Pick<SurveyRound, 'audience' | 'district' | 'respondentIds' | 'schoolIds'>;

/** Whether the round is sent to this person (their role, their school, its district). */
export function inAudience(round: RoundAudience, person: Respondent): boolean {
  switch (round.audience) {
    case 'attendees':
      return round.respondentIds?.includes(person.id) ?? false;
    case 'office_staff':
      return OFFICE_STAFF_ROLES.includes(person.role);
    case 'school_directors':
    case 'school_teachers': {
      const roles = audienceRoles(round.audience);
      // The school's contact answers for the school as its director would.
      if (!(roles.includes(person.role) || person.schoolContact) || person.schoolId === null) return false;
      if (round.schoolIds !== null && !round.schoolIds.includes(person.schoolId)) return false;
      return round.district === null || round.district === person.district;
    }
  }
}

/** The one response a person writes into: their school's, or their own. Null when a school form finds no school. */
export function respondentKeyOf(respondent: RespondentKind, person: Pick<Respondent, 'id' | 'schoolId'>): string | null {
  if (respondent === 'person') return `person:${person.id}`;
  return person.schoolId === null ? null : `school:${person.schoolId}`;
}

/** Open: not closed, opened already, and its closing day (Bangkok) not past. */
export function roundIsOpen(round: Pick<SurveyRound, 'state' | 'opensAt' | 'closesOn'>, now: Date): boolean {
  return round.state === 'open' && round.opensAt.getTime() <= now.getTime() && bangkokDateKey(now) <= round.closesOn;
}

/**
 * When a round opened on `opensOn` (a Bangkok day, `YYYY-MM-DD`) starts: now when that is today (or not given), else
 * the day's first moment — nothing is listed, invited or reminded before it (the sweep waits for office hours).
 */
export function roundOpensAt(opensOn: string | undefined, now: Date): Date {
  return opensOn === undefined || opensOn <= bangkokDateKey(now) ? now : bangkokTime(opensOn);
}

/** What is wrong with an opening and closing day, if anything: the opening not in the past nor after the closing. */
export function roundDaysProblem(opensOn: string, closesOn: string, now: Date): 'closes_in_past' | 'opens_in_past' | 'opens_after_closes' | null {
  const today = bangkokDateKey(now);
  if (closesOn < today) return 'closes_in_past';
  if (opensOn < today) return 'opens_in_past';
  return opensOn > closesOn ? 'opens_after_closes' : null;
}

/**
 * Who answers for a school, and so is invited and reminded: its named contact when it has one who can be reached
 * (`schoolsWithContact`: the schools whose contact can), else its director.
 */
export function answersForSchool(person: Respondent, schoolsWithContact: ReadonlySet<number>): boolean {
  if (person.schoolId === null) return false;
  if (person.schoolContact) return true;
  return person.role === 'school_director' && !schoolsWithContact.has(person.schoolId);
}

/**
 * Who is invited to and reminded of a round they have not answered: for a school form the one who answers for the
 * school (`answersForSchool`), whatever the audience; for a staff form each member of the audience.
 */
export function remindsWhom(round: RoundAudience, respondent: RespondentKind, person: Respondent, schoolsWithContact: ReadonlySet<number>): boolean {
  if (!inAudience(round, person)) return false;
  return respondent === 'person' || answersForSchool(person, schoolsWithContact);
}

/** The rounds (of those given) open to a person now, each with the response key they write into. */
export function roundsOpenTo<T extends { round: SurveyRound; form: SurveyForm }>(rounds: readonly T[], respondent: Respondent, now: Date): Array<T & { respondentKey: string }> {
  const out: Array<T & { respondentKey: string }> = [];
  for (const entry of rounds) {
    const key = respondentKeyOf(entry.form.definition.respondent, respondent);
    if (key !== null && roundIsOpen(entry.round, now) && inAudience(entry.round, respondent)) out.push({ ...entry, respondentKey: key });
  }
  return out;
}

import { z } from 'zod';
import type { Answers } from '../surveys/answers.ts';
import { allQuestions, type FormDefinition } from '../surveys/form.ts';
import { summarizeQuestion } from '../surveys/results.ts';

/**
 * Video conferences for schools (issue 12): the ICT group plans a session, invites schools (all, a district, a
 * cluster or chosen ones), hears their answers, records who joined and what they thought of it, and reports to
 * the area director. Pure: the repository (src/db/repos/vc-sessions.ts) reads the rows and hands them here.
 */

export const VC_PLATFORMS = ['zoom', 'meet', 'webex', 'teams', 'other'] as const;
export type VcPlatform = (typeof VC_PLATFORMS)[number];
export const vcPlatformSchema = z.enum(VC_PLATFORMS);
export const VC_PLATFORM_LABELS: Record<VcPlatform, string> = {
  zoom: 'Zoom',
  meet: 'Google Meet',
  webex: 'Webex',
  teams: 'Microsoft Teams',
  other: 'อื่น ๆ',
};

/** Who may be on a session's team (the technicians on duty): the ICT group's technicians and its director. */
export const TEAM_ROLES = ['technician', 'group_director'] as const;

export const VC_SESSION_STATES = ['planned', 'cancelled', 'ended'] as const;
export type VcSessionState = (typeof VC_SESSION_STATES)[number];
export const vcSessionStateSchema = z.enum(VC_SESSION_STATES);

/** Who is invited, as the officer chose it. */
export const audienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('district'), district: z.string().min(1) }),
  z.object({ kind: z.literal('cluster'), cluster: z.string().min(1) }),
  z.object({ kind: z.literal('schools'), ids: z.array(z.number().int().positive()).min(1) }),
]);
export type Audience = z.infer<typeof audienceSchema>;

export const VC_ANSWERS = ['join', 'decline'] as const;
export type VcAnswer = (typeof VC_ANSWERS)[number];
export const vcAnswerSchema = z.enum(VC_ANSWERS);
export const VC_ANSWER_LABELS: Record<VcAnswer, string> = { join: 'เข้าร่วม', decline: 'ไม่สะดวก' };

/**
 * The short evaluation the schools that attended answered before it became a survey (src/flows/vc/evaluation.ts):
 * three questions, each scored 1–5. Kept so those answers still count, and the buttons still in chats still work.
 */
export const EVALUATION_QUESTIONS = [
  { key: 'av', text: 'ภาพและเสียงระหว่างการประชุมชัดเจนเพียงใดคะ' },
  { key: 'useful', text: 'เนื้อหาการประชุมเป็นประโยชน์ต่อโรงเรียนเพียงใดคะ' },
  { key: 'overall', text: 'ความพึงพอใจโดยรวมต่อการประชุมครั้งนี้เป็นอย่างไรคะ' },
] as const;
export type EvaluationKey = (typeof EVALUATION_QUESTIONS)[number]['key'];
export const SCORE_LABELS = ['1 น้อยที่สุด', '2 น้อย', '3 ปานกลาง', '4 มาก', '5 มากที่สุด'] as const;

export interface VcSession {
  id: number;
  officeId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  platform: VcPlatform;
  link: string | null;
  roomBookingId: number | null;
  roomName: string | null;
  kitId: number | null;
  /** The office's loan that reserves the kit for the session's day. */
  loanId: number | null;
  team: number[];
  organiserId: number;
  audience: Audience;
  state: VcSessionState;
  version: number;
}

export interface VcInvitation {
  id: number;
  sessionId: number;
  officeId: string;
  schoolId: number;
  schoolName: string;
  district: string;
  personId: number | null;
  answer: VcAnswer | null;
  delegate: string | null;
  answeredAt: Date | null;
  pushedAt: Date | null;
  remindedAt: Date | null;
  attended: boolean;
  evaluation: Partial<Record<EvaluationKey, number>> | null;
  version: number;
}

/** The figures of a session: what the officer watches live and the report to the area director reads. */
export interface VcTally {
  invited: number;
  /** Invitations that reached someone (a school without a registered director or contact is not reached). */
  reached: number;
  joined: number;
  declined: number;
  unanswered: number;
  attended: number;
  /** Evaluations received: the old three questions answered in full, and the survey's submitted responses. */
  evaluated: number;
  /** Average score per old question (one decimal), of the old evaluations received. */
  scores: Partial<Record<EvaluationKey, number>>;
  /** Each evaluation's own mean score (of the old three questions, or of a response's level questions). */
  evaluationMeans: number[];
  /** The survey's level questions, each with its mean over the responses (null: none answered it). */
  surveyScales: Array<{ id: string; label: string; mean: number | null }>;
  byDistrict: Array<{ district: string; invited: number; joined: number; declined: number; unanswered: number; attended: number }>;
}

export function tallyOf(invitations: readonly VcInvitation[]): VcTally {
  const districts = new Map<string, VcTally['byDistrict'][number]>();
  const sums = new Map<EvaluationKey, { total: number; n: number }>();
  const tally: VcTally = { invited: 0, reached: 0, joined: 0, declined: 0, unanswered: 0, attended: 0, evaluated: 0, scores: {}, evaluationMeans: [], surveyScales: [], byDistrict: [] };
  for (const inv of invitations) {
    const d = districts.get(inv.district) ?? { district: inv.district, invited: 0, joined: 0, declined: 0, unanswered: 0, attended: 0 };
    districts.set(inv.district, d);
    tally.invited += 1;
    d.invited += 1;
    if (inv.personId !== null) tally.reached += 1;
    if (inv.answer === 'join') (tally.joined += 1), (d.joined += 1);
    else if (inv.answer === 'decline') (tally.declined += 1), (d.declined += 1);
    else (tally.unanswered += 1), (d.unanswered += 1);
    if (inv.attended) (tally.attended += 1), (d.attended += 1);
    if (inv.evaluation && Object.keys(inv.evaluation).length === EVALUATION_QUESTIONS.length) {
      tally.evaluated += 1;
      tally.evaluationMeans.push(EVALUATION_QUESTIONS.reduce((n, q) => n + (inv.evaluation![q.key] ?? 0), 0) / EVALUATION_QUESTIONS.length);
      for (const q of EVALUATION_QUESTIONS) {
        const s = sums.get(q.key) ?? { total: 0, n: 0 };
        s.total += inv.evaluation[q.key] ?? 0;
        s.n += 1;
        sums.set(q.key, s);
      }
    }
  }
  for (const [key, s] of sums) tally.scores[key] = Math.round((s.total * 10) / s.n) / 10;
  tally.byDistrict = [...districts.values()].sort((a, b) => a.district.localeCompare(b.district, 'th'));
  return tally;
}

/** The submitted answers of a session's evaluation round, with the form version's definition (the newest, of several). */
export interface SurveyEvaluation {
  definition: Pick<FormDefinition, 'sections'>;
  answers: readonly Answers[];
}

/**
 * The tally with the survey's evaluations added: each response counts as an evaluation, its level questions' mean is
 * its score, and each level question is averaged over the responses (the questions as `definition` asks them).
 */
export function withSurveyEvaluation(tally: VcTally, survey: SurveyEvaluation | null): VcTally {
  if (!survey || survey.answers.length === 0) return tally;
  const scales = allQuestions(survey.definition).filter((q) => q.kind === 'scale');
  const means = survey.answers.flatMap((a) => {
    const values = scales.map((q) => a[q.id]).filter((v): v is number => typeof v === 'number');
    return values.length ? [values.reduce((x, y) => x + y, 0) / values.length] : [];
  });
  return {
    ...tally,
    evaluated: tally.evaluated + survey.answers.length,
    evaluationMeans: [...tally.evaluationMeans, ...means],
    surveyScales: scales.map((q) => ({ id: q.id, label: q.label, mean: summarizeQuestion(q, survey.answers).mean ?? null })),
  };
}

/** The evaluation's average (one decimal, of 5): the mean of each evaluation's own mean; null when none. */
export function evaluationAverage(tally: Pick<VcTally, 'evaluationMeans'>): number | null {
  const means = tally.evaluationMeans;
  return means.length === 0 ? null : Math.round((means.reduce((a, b) => a + b, 0) * 10) / means.length) / 10;
}

/** A meeting link: https only, as pasted or as a room's standing link (rooms.standing_link) is stored. */
export function parseMeetingLink(text: string): string | null {
  const trimmed = text.trim();
  if (!/^https:\/\/\S+$/.test(trimmed) || trimmed.length > 1000) return null;
  try {
    return new URL(trimmed).toString();
  } catch {
    return null;
  }
}

/** Whether a school's answer may still be given or changed: until the session ends, while it is planned. */
export const answersOpen = (session: Pick<VcSession, 'state' | 'endsAt'>, now: Date) => session.state === 'planned' && now < session.endsAt;

/** Whether the officer may still cancel or move the session: planned, not started. */
export const changeable = (session: Pick<VcSession, 'state' | 'startsAt'>, now: Date) => session.state === 'planned' && now < session.startsAt;

/** Attendance is recorded from the start of the session (a school taps เข้าร่วมแล้ว, or the officer ticks it). */
export const attendanceOpen = (session: Pick<VcSession, 'state' | 'startsAt'>, now: Date) => session.state !== 'cancelled' && now >= session.startsAt;

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Executor } from '../../db/database.ts';
import { addHistory } from '../../db/repos/history.ts';
import { addRoundRespondents, latestFormOfKey, openRound, responsesOfRounds, roundOfVcSession, roundsOfVcSessions, type SurveyForm, type SurveyRound } from '../../db/repos/surveys.ts';
import { attendedRecipients, listVcInvitations } from '../../db/repos/vc-sessions.ts';
import { StaleError } from '../../domain/errors.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { validPresets, type Answers } from '../../domain/surveys/answers.ts';
import { countsInFigures, roundIsOpen } from '../../domain/surveys/round.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { tallyOf, withSurveyEvaluation, type SurveyEvaluation, type VcInvitation, type VcSession, type VcTally } from '../../domain/vc/session.ts';
import { RefusedWithAnswer } from '../../kit/execute.ts';
import { say, textWithButtons } from '../../kit/steps.ts';
import { encodePostback } from '../../line/postback.ts';
import { pushOnceToMany } from '../../line/push-once.ts';
import { surveyPickAction } from '../surveys/actions.ts';
import { loadFormDefinition } from '../surveys/load.ts';
import { vcLabels as L, vcTexts as T } from './messages.ts';

/**
 * The evaluation after a video conference (issues 12 and 13): ส่งแบบประเมิน opens a round of template 6
 * (แบบติดตาม ประเมินผล และรับข้อเสนอแนะ, scripts/surveys/follow-up-feedback.json) for the session's attendees, linked
 * to the session. It is answered like any survey (the แบบสำรวจ tile, or its web page), reminded by the surveys'
 * sweep, counted in the form's yearly summary, and its answers give the session's evaluation average.
 */

export const FEEDBACK_FORM_KEY = 'follow_up_feedback';
const FEEDBACK_FILE = fileURLToPath(new URL('../../../scripts/surveys/follow-up-feedback.json', import.meta.url));
/** Answers are taken for a week from the sending (the surveys' reminders run in between). */
const EVALUATION_OPEN_DAYS = 7;

/** Whether a school answered the three quick-reply questions the evaluation was before it became a survey. */
export const evaluatedTheOldWay = (invitation: Pick<VcInvitation, 'evaluation'>) => invitation.evaluation !== null && Object.keys(invitation.evaluation).length > 0;

/**
 * Whom the evaluation goes to: for each attending school, the person its invitation reached (its director, or the
 * contact who answers its surveys). Attendance is recorded per school (the school's เข้าร่วมแล้ว or the officer's
 * tick), not per person — a delegate is a typed name, not someone the office can reach — so the one who answered
 * the invitation for the school is who evaluates it; the form is one per person, so a director of two attending
 * schools answers once. A school that answered the old three questions is not asked again, nor anyone the round
 * names already (the officer may send again after ticking more schools).
 */
export function evaluationRespondents(invitations: readonly VcInvitation[], asked: ReadonlySet<number>): number[] {
  const ids = invitations.filter((i) => i.attended && i.personId !== null && !evaluatedTheOldWay(i) && !asked.has(i.personId)).map((i) => i.personId!);
  return [...new Set(ids)];
}

/** The newest open version of template 6 in the office, loaded from the shipped definition the first time. */
async function feedbackForm(tx: Executor, officeId: string, actorId: number, now: Date): Promise<SurveyForm> {
  const stored = await latestFormOfKey(tx, officeId, FEEDBACK_FORM_KEY);
  if (stored) return stored;
  const loaded = await loadFormDefinition(tx, officeId, JSON.parse(await readFile(FEEDBACK_FILE, 'utf8')), actorId, now);
  // Only an office that closed the form (every version) gets here without one: it retired the form on purpose.
  if (!loaded.ok || loaded.form.state === 'closed') throw new RefusedWithAnswer([say(T.evaluationFormClosed)], `survey form ${FEEDBACK_FORM_KEY} is closed`);
  return loaded.form;
}

/**
 * Template 6 asks which activity the answer is for: the round answers it (a preset answer, shown answered on the
 * page and never asked), so attendees need not pick การประชุมทางไกล themselves. A version of the form that no longer
 * has the question or the option just asks it.
 */
const VC_PRESETS: Answers = { activity: 'video_conference' };

const closesOnFrom = (now: Date) => bangkokDateKey(new Date(now.getTime() + EVALUATION_OPEN_DAYS * 24 * 60 * 60 * 1000));

/**
 * Opens the session's round (or names the new attendees in it) and asks each newly named person who can be reached,
 * once, with a button that starts the survey. The count of people newly named.
 */
export async function sendVcEvaluation(tx: Executor, officeId: string, session: VcSession, invitations: readonly VcInvitation[], actorId: number, now: Date): Promise<number> {
  const existing = await roundOfVcSession(tx, officeId, session.id);
  // A round that stopped taking answers is not sent to more people (the step said so already).
  if (existing && !roundIsOpen(existing.round, now)) throw new StaleError(`vc session ${session.id}: its evaluation round is closed`);
  const fresh = evaluationRespondents(invitations, new Set(existing?.round.respondentIds ?? []));
  if (fresh.length === 0) return 0;
  let round: SurveyRound;
  if (existing) {
    round = existing.round;
    await addRoundRespondents(tx, officeId, round.id, fresh, actorId, now);
  } else {
    const form = await feedbackForm(tx, officeId, actorId, now);
    round = await openRound(
      tx,
      {
        officeId,
        formId: form.id,
        title: T.evaluationRoundTitle(session.title),
        audience: 'attendees',
        district: null,
        respondentIds: fresh,
        vcSessionId: session.id,
        presetAnswers: validPresets(form.definition, VC_PRESETS),
        opensAt: now,
        closesOn: closesOnFrom(now),
        createdBy: actorId,
      },
      now,
    );
    // The push below is the round's invitation: the surveys' sweep goes on with the reminders only.
    await addHistory(tx, 'survey_round', round.id, { officeId, actorId, action: 'invited', data: { vcSessionId: session.id }, at: now });
  }
  const wanted = new Set(fresh);
  const start = { label: L.answerEvaluation, data: encodePostback(surveyPickAction, { r: round.id }) };
  const message = textWithButtons(T.evaluationInvite(session.title, formatThaiDateKey(round.closesOn)), [start]);
  const reached = new Map((await attendedRecipients(tx, officeId, session.id)).filter((r) => wanted.has(r.personId)).map((r) => [r.personId, r]));
  await pushOnceToMany(
    tx,
    officeId,
    [...reached.values()].map((r) => ({ channelId: r.channelId, lineUserId: r.lineUserId, messages: [message], key: `vc:${session.id}:survey:${r.personId}` })),
  );
  return fresh.length;
}

/**
 * The submitted answers of these sessions' evaluation rounds (those an officer rejected left out), together (the report counts a period's sessions as
 * one), asked as the newest form version asks them; null when no session has a round.
 */
export async function surveyEvaluationOf(ex: Executor, officeId: string, sessionIds: readonly number[]): Promise<SurveyEvaluation | null> {
  const rounds = await roundsOfVcSessions(ex, officeId, sessionIds);
  if (rounds.length === 0) return null;
  const newest = rounds.reduce((a, b) => (b.form.version > a.form.version ? b : a));
  const submitted = (await responsesOfRounds(ex, rounds.map((r) => r.round.id))).filter(countsInFigures);
  return { definition: newest.form.definition, answers: submitted.map((r) => r.answers) };
}

/** A session's figures: its invitations' tally with its evaluation round's answers. */
export async function sessionTally(ex: Executor, officeId: string, sessionId: number, invitations?: readonly VcInvitation[]): Promise<VcTally> {
  return withSurveyEvaluation(tallyOf(invitations ?? (await listVcInvitations(ex, officeId, sessionId))), await surveyEvaluationOf(ex, officeId, [sessionId]));
}

import type { Database, Executor } from '../../db/database.ts';
import { addHistory, historyTimes } from '../../db/repos/history.ts';
import { lockRound, openRoundIds, roundOpenedBy, openRoundsOf, reachableRespondents, responsesOfRounds, type SurveyForm, type SurveyRound } from '../../db/repos/surveys.ts';
import { pushOnceToMany, type FanOutPush } from '../../line/push-once.ts';
import { bangkokDateKey, isOfficeHours } from '../../domain/office-time.ts';
import { audienceRoles, remindsWhom, respondentKeyOf, roundIsOpen, roundsOpenTo } from '../../domain/surveys/round.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { dueNow, type PlannedStep } from '../../kit/planner.ts';
import { defineSweep, runSweep, sweepJob } from '../../kit/sweep.ts';
import { getPerson, listPeopleByRole } from '../../db/repos/people.ts';
import type { Person } from '../../domain/people.ts';
import { MISSING_TOLD, surveyReminderMarks, surveyReminderPlan, type SurveyReminderMark } from './clocks.ts';
import { campaignTexts as C, surveyReminderTexts as T } from './messages.ts';
import { loadCampaigns } from './results.ts';

/**
 * The invitation and the reminders to those who have not answered a round: a sweep of the kit over the open
 * rounds, each in its own transaction with its row locked; the invitation once the round is open in office hours,
 * then at most `surveys.reminders.max` reminders (office settings) `spacingOfficeDays` office days apart, in office hours, each marked
 * in the round's history (`invited`, `reminded`). A person hears at most one reminder a day (the
 * push is keyed by person and day), and it lists every round still waiting for them, so reminders of several
 * rounds due the same day come in one message. Once the reminders are spent, as long after the last one, whoever
 * sent the round (else the ICT group's director) is told who has still not answered (`missing_told`).
 */

interface RoundToRemind {
  round: SurveyRound;
  form: SurveyForm;
  invited: Date | undefined;
  sent: Date[];
  missingTold: Date | undefined;
}

export const surveyReminderSweep = defineSweep<number, RoundToRemind, PlannedStep<SurveyReminderMark>>({
  name: 'surveys:reminders',
  schedule: '*/30 * * * *',
  activeIn: (office, now) => isOfficeHours(now, office.calendar),
  candidates: (db, office) => openRoundIds(db, office.officeId),
  async load(tx, office, id) {
    const found = await lockRound(tx, office.officeId, id);
    if (!found) return null;
    const [invited] = await historyTimes(tx, 'survey_round', id, 'invited');
    const [missingTold] = await historyTimes(tx, 'survey_round', id, 'missing_told');
    return { ...found, invited, sent: await historyTimes(tx, 'survey_round', id, 'reminded'), missingTold };
  },
  plan: ({ round, invited, sent, missingTold }, office, now) =>
    roundIsOpen(round, now) ? dueNow(round.opensAt, surveyReminderPlan(office.settings.surveys.reminders), surveyReminderMarks(invited, sent, missingTold), now, office.calendar) : null,
  async act(run, { round, form, sent }, due) {
    if (due.mark === MISSING_TOLD) return tellWhoIsMissing(run.tx, round, sent.length, run.now);
    const day = bangkokDateKey(run.now);
    const respondent = form.definition.respondent;
    // A person form is answered by each member of its audience (staff, the schools' people, or an activity's attendees).
    const roles = respondent === 'school' ? (['school_director'] as const) : audienceRoles(round.audience);
    // Read once for everyone (a round may go to thousands of schools): the open rounds and their responses.
    const rounds = await openRoundsOf(run.tx, round.officeId);
    const responses = await responsesOfRounds(run.tx, rounds.map((r) => r.round.id));
    const byKey = new Map(responses.map((r) => [`${r.roundId}|${r.respondentKey}`, r]));
    const pushes: FanOutPush[] = [];
    const everyone = await reachableRespondents(run.tx, round.officeId, roles);
    // A school whose contact can be reached answers through them; the others through their director.
    const withContact = new Set(everyone.flatMap((p) => (p.schoolContact && p.schoolId !== null ? [p.schoolId] : [])));
    for (const person of everyone) {
      const key = respondentKeyOf(respondent, person);
      if (key === null || byKey.get(`${round.id}|${key}`)?.state === 'submitted' || !remindsWhom(round, respondent, person, withContact)) continue;
      // Everything still waiting for them today, so one message covers the rounds due together.
      const waiting = roundsOpenTo(rounds, person, run.now).filter(
        (s) => byKey.get(`${s.round.id}|${s.respondentKey}`)?.state !== 'submitted' && remindsWhom(s.round, s.form.definition.respondent, person, withContact),
      );
      if (waiting.length === 0) continue;
      const lines = waiting.map((s, i) => T.line(i + 1, s.round.title, formatThaiDateKey(s.round.closesOn), byKey.has(`${s.round.id}|${s.respondentKey}`)));
      pushes.push({ channelId: person.channelId, lineUserId: person.lineUserId, messages: [{ type: 'text', text: T.reminder(lines) }], key: `survey:remind:${person.id}:${day}` });
    }
    await pushOnceToMany(run.tx, round.officeId, pushes);
    // Marked even when nobody could be reached, or they heard today already: the count is of reminders due.
    return true;
  },
  mark: (run, { round }, due) =>
    addHistory(run.tx, 'survey_round', round.id, {
      officeId: run.office.officeId,
      actorId: null,
      action: due.mark === MISSING_TOLD ? 'missing_told' : due.index === 0 ? 'invited' : 'reminded',
      data: due.mark === MISSING_TOLD || due.index === 0 ? {} : { n: due.index },
      at: run.now,
    }),
});

const reachable = (p: Person | null): p is Person & { lineUserId: string } => p !== null && p.status === 'active' && p.lineUserId !== null;

/**
 * Whoever sent the round (still active and reachable), else the ICT group's director(s): the one following it up
 * once the reminders are spent. Nothing is pushed when everyone has answered; the step is marked either way.
 */
async function tellWhoIsMissing(tx: Executor, round: SurveyRound, reminders: number, now: Date): Promise<boolean> {
  const [campaign] = await loadCampaigns(tx, round.officeId, round.id);
  if (!campaign || campaign.rates.missing.length === 0) return true;
  const senderId = await roundOpenedBy(tx, round.id);
  const sender = senderId === null ? null : await getPerson(tx, round.officeId, senderId);
  const officers = reachable(sender) ? [sender] : (await listPeopleByRole(tx, round.officeId, 'group_director', 5)).filter(reachable);
  const text = T.missingAfterReminders(reminders, C.missingOf(round.title, campaign.rates.missing), formatThaiDateKey(round.closesOn));
  await pushOnceToMany(
    tx,
    round.officeId,
    officers.map((o) => ({ channelId: o.channelId, lineUserId: o.lineUserId, messages: [{ type: 'text', text }], key: `survey:missing:${round.id}:${o.id}` })),
  );
  return true;
}

export async function runSurveyReminders(database: Database, now: Date): Promise<number> {
  return (await runSweep(surveyReminderSweep, database, now)).marked;
}

export const surveyJobs = [sweepJob(surveyReminderSweep)];

import type { Database } from '../../db/database.ts';
import { listWaitingAccessRequests, lockAccessRequest, type AccessRequestView } from '../../db/repos/access-requests.ts';
import { addHistory, historyTimes } from '../../db/repos/history.ts';
import { actingStandsOf, reachableDeciders, reachablePerson, type Recipient } from '../../db/repos/recipients.ts';
import type { AccessSettings } from '../../domain/access.ts';
import { bangkokDateKey, isOfficeHours } from '../../domain/office-time.ts';
import { formatThaiDate } from '../../domain/thai-date.ts';
import { CAROUSEL_MAX } from '../../kit/card.ts';
import { dueNow, type PlanRules, type PlanStep, type PlannedStep } from '../../kit/planner.ts';
import { defineSweep, runSweep, sweepJob, type SweepRun } from '../../kit/sweep.ts';
import { accessCards } from './cards.ts';
import { accessTexts as T } from './messages.ts';
import { checkAccessEvent, DECIDER_ROLES } from './request.ts';

/**
 * Reminders of access requests left waiting, on the kit's clock: an undecided request to the group director (and
 * whoever stands in today), an approved one not yet granted to its system's administrator. The first comes
 * `access.reminders.afterOfficeDays` office days after the request reached them (submitted; approved), then one each
 * office day, at most `access.reminders.max`, in office hours; each is marked in the request's history (`reminded`,
 * with its stage), so the approval starts the administrator's count afresh. A person hears at most one reminder a
 * day (the push is keyed by person and day) and it lists everything waiting for them, with the cards to act on.
 */

type Stage = 'submitted' | 'approved';
const LOOK_LIMIT = 500;
/** Lines of each list in the text (the count says how many in all): one message stays short on a phone. */
const LINES_SHOWN = 10;

/** The first reminder `afterOfficeDays` office days after the request came, then each office day after the last. */
export function accessReminderPlan(rules: AccessSettings['reminders']): PlanRules<`${number}`> {
  const steps: PlanStep<`${number}`>[] = [];
  for (let n = 1; n <= rules.max; n += 1) {
    steps.push(n === 1 ? { mark: '1', at: { officeDaysAfter: rules.afterOfficeDays } } : { mark: `${n}`, at: { officeDaysAfter: 1 }, from: 'previous-mark', afterPrevious: true });
  }
  return { steps, officeHoursOnly: true };
}

interface Waiting {
  request: AccessRequestView;
  stage: Stage;
  sent: Date[];
}

export const accessReminderSweep = defineSweep<number, Waiting, PlannedStep<`${number}`>>({
  name: 'access:reminders',
  schedule: '*/30 * * * *',
  activeIn: (office, now) => isOfficeHours(now, office.calendar),
  async candidates(db, office) {
    const waiting = [...(await listWaitingAccessRequests(db, office.officeId, 'submitted', LOOK_LIMIT)), ...(await listWaitingAccessRequests(db, office.officeId, 'approved', LOOK_LIMIT))];
    return waiting.map((r) => r.id);
  },
  async load(tx, office, id) {
    const request = await lockAccessRequest(tx, office.officeId, id);
    if (!request || (request.state !== 'submitted' && request.state !== 'approved')) return null;
    const stage = request.state;
    return { request, stage, sent: await historyTimes(tx, 'access_request', id, 'reminded', { stage }) };
  },
  plan({ request, stage, sent }, office, now) {
    const anchor = stage === 'submitted' ? request.createdAt : request.decidedAt;
    // An approved request of a system without an administrator has nobody to remind (the requester was told so).
    if (anchor === null || (stage === 'approved' && request.systemAdminId === null)) return null;
    const marks = Object.fromEntries(sent.map((at, i) => [`${i + 1}`, at]));
    return dueNow(anchor, accessReminderPlan(office.settings.access.reminders), marks, now, office.calendar);
  },
  async act(run, { request, stage }) {
    const recipients =
      stage === 'submitted'
        ? (await reachableDeciders(run.tx, request.officeId, DECIDER_ROLES, bangkokDateKey(run.now))).filter((to) => to.id !== request.requesterId)
        : [await reachablePerson(run.tx, request.officeId, request.systemAdminId)].filter((to): to is Recipient => to !== null);
    if (recipients.length === 0) return true;
    const submitted = await listWaitingAccessRequests(run.tx, request.officeId, 'submitted', LOOK_LIMIT);
    const approved = await listWaitingAccessRequests(run.tx, request.officeId, 'approved', LOOK_LIMIT);
    for (const to of recipients) await remindOf(run, to, submitted, approved);
    // Marked even when they heard today already: that message listed this request too.
    return true;
  },
  mark: (run, { request, stage }, due) =>
    addHistory(run.tx, 'access_request', request.id, { officeId: run.office.officeId, actorId: null, action: 'reminded', data: { stage, n: due.index + 1 }, at: run.now }),
});

/** One person's reminder of the day: every request waiting for their decision or their grant, and the cards. */
async function remindOf(run: SweepRun, to: Recipient, submitted: readonly AccessRequestView[], approved: readonly AccessRequestView[]): Promise<void> {
  const actor = { id: to.id, role: to.role, actingFor: await actingStandsOf(run.tx, run.office.officeId, to.id, bangkokDateKey(run.now)) };
  const toDecide = submitted.filter((r) => checkAccessEvent(r, 'approve', actor).ok);
  const toGrant = approved.filter((r) => r.systemAdminId === to.id);
  if (toDecide.length + toGrant.length === 0) return;
  const lines = (list: readonly AccessRequestView[]) => ({ total: list.length, shown: list.slice(0, LINES_SHOWN).map((r) => T.reminderLine(r.id, r.requesterName, r.systemName, formatThaiDate(r.createdAt))) });
  const text = T.reminder(lines(toDecide), lines(toGrant));
  const cards = [...toDecide.map((r) => ({ r, viewer: { decide: true } })), ...toGrant.map((r) => ({ r, viewer: { grant: true } }))].slice(0, CAROUSEL_MAX);
  await run.push(to, [{ type: 'text', text }, accessCards(cards, T.reminderAlt(toDecide.length + toGrant.length))], `access:remind:${to.id}:${bangkokDateKey(run.now)}`);
}

export async function runAccessReminders(database: Database, now: Date): Promise<number> {
  return (await runSweep(accessReminderSweep, database, now)).marked;
}

export const accessJobs = [sweepJob(accessReminderSweep)];

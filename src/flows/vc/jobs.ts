import type { Database } from '../../db/database.ts';
import { addHistory, hasHistory, historyOf } from '../../db/repos/history.ts';
import { reachablePerson, type Recipient } from '../../db/repos/recipients.ts';
import { joinedRecipients, listVcInvitations, lockUnansweredOf, lockVcSession, markVcInvitationsReminded, peopleToRemind, sessionsEndedBetween, sessionsStartingBefore } from '../../db/repos/vc-sessions.ts';
import { isOfficeHours } from '../../domain/office-time.ts';
import type { VcInvitation, VcSession } from '../../domain/vc/session.ts';
import { renderCards } from '../../kit/card.ts';
import { ruleDueAt } from '../../kit/planner.ts';
import { say } from '../../kit/steps.ts';
import { defineSweep, runSweep, sweepJob, type SweepResult } from '../../kit/sweep.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { pushOnceToMany } from '../../line/push-once.ts';
import { invitationCard, sessionCard } from './cards.ts';
import { sessionTally } from './evaluation.ts';
import { vcTexts as T, whenText } from './messages.ts';

/**
 * The video conferences' clocks, as sweeps of the kit:
 * - a school that has not answered is reminded once: one office day after the invitation went (or, for a session
 *   sooner than that, two office hours before it starts), in office hours, before the session starts; a director
 *   with several unanswered invitations gets one digest;
 * - half an hour before the start, the schools that said เข้าร่วม get the link with เข้าร่วมแล้ว.
 */

/** The reminder rule, in office time: one office day after the push, or 120 office minutes before the start. */
const REMIND_AFTER = { officeDaysAfter: 1 } as const;
const REMIND_BEFORE_START = { officeMinutesBefore: 120 } as const;
/** The link goes this long before the start (wall clock). */
export const LINK_BEFORE_MS = 30 * 60_000;

interface Unanswered {
  person: Recipient;
  items: Array<{ invitation: VcInvitation; session: VcSession }>;
}

export const reminderSweep = defineSweep<number, Unanswered, Array<{ invitation: VcInvitation; session: VcSession }>>({
  name: 'vc:remind',
  schedule: '*/5 * * * *',
  activeIn: (office, now) => isOfficeHours(now, office.calendar),
  candidates: (db, office, now) => peopleToRemind(db, office.officeId, now),
  async load(tx, office, personId, now) {
    const person = await reachablePerson(tx, office.officeId, personId);
    if (!person) return null;
    const items = await lockUnansweredOf(tx, office.officeId, personId, now);
    return items.length > 0 ? { person, items } : null;
  },
  plan(row, office, now) {
    const due = row.items.filter(({ invitation, session }) => {
      const after = ruleDueAt(REMIND_AFTER, invitation.pushedAt!, office.calendar);
      const before = ruleDueAt(REMIND_BEFORE_START, session.startsAt, office.calendar);
      const at = after < before ? after : before;
      return at <= now && now < session.startsAt;
    });
    return due.length > 0 ? due : null;
  },
  async act(run, row, due) {
    const text =
      due.length === 1
        ? T.reminder(due[0]!.session.title, whenText(due[0]!.session.startsAt, due[0]!.session.endsAt))
        : T.reminderDigest(due.length, due.map(({ session, invitation }) => `• ${session.title} ${whenText(session.startsAt, session.endsAt)} (${invitation.schoolName})`).join('\n'));
    const cards = renderCards(
      due.map(({ session, invitation }) => invitationCard(session, invitation, 'invite')),
      text.slice(0, 400),
    );
    // Keyed by when each invitation went: one moved to a new time (sent again) is reminded again.
    await run.push(row.person, [say(text), cards], `vc:remind:${row.person.id}:${due.map((d) => `${d.invitation.id}@${d.invitation.pushedAt!.getTime()}`).join(',')}`);
    return true;
  },
  mark: (run, _row, due) => markVcInvitationsReminded(run.tx, run.office.officeId, due.map((d) => d.invitation.id), run.now),
});

export const linkSweep = defineSweep<number, VcSession, 'link'>({
  name: 'vc:link',
  schedule: '* * * * *',
  candidates: (db, office, now) => sessionsStartingBefore(db, office.officeId, now, new Date(now.getTime() + LINK_BEFORE_MS)),
  async load(tx, office, id) {
    const session = await lockVcSession(tx, office.officeId, id);
    if (!session || session.state !== 'planned') return null;
    // Sent once per start: a session moved after its link went gets it again before its new start.
    const movedAt = (await historyOf(tx, 'vc_session', id, 'moved')).at(-1)?.at;
    const sent = await historyOf(tx, 'vc_session', id, 'link_sent');
    return sent.some((e) => !movedAt || e.at >= movedAt) ? null : session;
  },
  plan: (session, _office, now) => (session.startsAt.getTime() - LINK_BEFORE_MS <= now.getTime() && now < session.startsAt ? 'link' : null),
  async act(run, session) {
    const invitations = new Map((await listVcInvitations(run.tx, run.office.officeId, session.id)).map((i) => [i.id, i]));
    const text = T.linkReminder(session.title, whenText(session.startsAt, session.endsAt), session.link ?? '-');
    const recipients = await joinedRecipients(run.tx, run.office.officeId, session.id);
    // The card differs only by the invitation's version: drawn once per version.
    const cards = new Map<number, LineMessage>();
    const cardOf = (version: number) => {
      if (!cards.has(version)) cards.set(version, renderCards([invitationCard(session, { version, answer: 'join', delegate: null }, 'link')], text.slice(0, 400)));
      return cards.get(version)!;
    };
    await pushOnceToMany(
      run.tx,
      run.office.officeId,
      recipients.map((r) => ({
        channelId: r.channelId,
        lineUserId: r.lineUserId,
        messages: [say(text), cardOf(invitations.get(r.invitationId)!.version)],
        key: `vc:${session.id}:link:${session.startsAt.getTime()}:${r.invitationId}`,
      })),
    );
    // The team on duty gets the link too.
    for (const id of session.team) {
      const member = await reachablePerson(run.tx, run.office.officeId, id);
      if (member) await run.push(member, [say(text)], `vc:${session.id}:team-link:${session.startsAt.getTime()}:${id}`);
    }
    return true;
  },
  mark: (run, session) => addHistory(run.tx, 'vc_session', session.id, { officeId: run.office.officeId, actorId: null, action: 'link_sent', at: run.now }),
});

/** When a session ends, its organiser gets its card (attendance, evaluation, report), once; for a day after the end. */
const WRAP_UP_WITHIN_MS = 24 * 60 * 60_000;

export const wrapUpSweep = defineSweep<number, VcSession, 'wrapUp'>({
  name: 'vc:wrap-up',
  schedule: '* * * * *',
  candidates: (db, office, now) => sessionsEndedBetween(db, office.officeId, new Date(now.getTime() - WRAP_UP_WITHIN_MS), new Date(now.getTime() + 1)),
  async load(tx, office, id) {
    const session = await lockVcSession(tx, office.officeId, id);
    if (!session || session.state !== 'planned') return null;
    return (await hasHistory(tx, 'vc_session', id, 'wrap_up_sent')) ? null : session;
  },
  plan: (session, _office, now) => (session.endsAt <= now ? 'wrapUp' : null),
  async act(run, session) {
    const organiser = await reachablePerson(run.tx, run.office.officeId, session.organiserId);
    if (!organiser) return true;
    const tally = await sessionTally(run.tx, run.office.officeId, session.id);
    const text = T.wrapUp(session.title);
    await run.push(organiser, [say(text), renderCards([sessionCard(session, tally, run.now)], text)], `vc:${session.id}:wrap-up`);
    return true;
  },
  mark: (run, session) => addHistory(run.tx, 'vc_session', session.id, { officeId: run.office.officeId, actorId: null, action: 'wrap_up_sent', at: run.now }),
});

export const runVcWrapUps = (database: Database, now: Date): Promise<SweepResult> => runSweep(wrapUpSweep, database, now);
export const runVcReminders = (database: Database, now: Date): Promise<SweepResult> => runSweep(reminderSweep, database, now);
export const runVcLinks = (database: Database, now: Date): Promise<SweepResult> => runSweep(linkSweep, database, now);

export const vcJobs = [sweepJob(reminderSweep), sweepJob(linkSweep), sweepJob(wrapUpSweep)];

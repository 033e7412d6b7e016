import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addHistory } from '../../db/repos/history.ts';
import { reachablePerson, reachableWithRole } from '../../db/repos/recipients.ts';
import { holidayDates } from '../../db/repos/holidays.ts';
import { getRoom, insertBooking } from '../../db/repos/room-bookings.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import {
  attendedRecipients,
  getVcSession,
  insertVcSession,
  inviteAudience,
  listVcInvitations,
  lockVcInvitation,
  lockVcSession,
  markVcInvitationsPushed,
  recordEvaluation,
  setVcSessionState,
  unpushedRecipients,
  updateVcInvitation,
} from '../../db/repos/vc-sessions.ts';
import { approverRolesOf, checkBooking } from '../../domain/bookings/rooms.ts';
import { ForbiddenError, NotFoundError, StaleError } from '../../domain/errors.ts';
import { can, type Action } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { answersOpen, attendanceOpen, tallyOf, TEAM_ROLES, type VcInvitation, type VcSession } from '../../domain/vc/session.ts';
import { RefusedWithAnswer } from '../../kit/execute.ts';
import { reserveOfficeLoan } from '../loans/office-loan.ts';
import { say } from '../../kit/steps.ts';
import { pushOnce, pushOnceToMany } from '../../line/push-once.ts';
import { FRESH_INVITATION, questionMessage, renderInvitation, reportCard } from './cards.ts';
import type { VcCommand } from './commands.ts';
import { vcTexts as T, whenText } from './messages.ts';

/**
 * Carries out the video conferences' changes in the event's transaction, checking the permission, the school and
 * the version once more with the row locked. Planning books the room (the database refuses an overlap: the
 * officer is told, nothing is written), stores the session, invites the audience in one statement and queues one
 * push per school's director or contact, all in that one transaction.
 */
export async function executeVc(tx: Executor, cmd: VcCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  const need = (action: Action): Person => {
    if (!person || !can(person.role, action)) throw new ForbiddenError(action);
    return person;
  };
  /** The invitation locked, at the version the button was drawn for, of the person's own school. */
  const lockOwn = async (id: number, expectedVersion: number | null): Promise<{ actor: Person; invitation: VcInvitation; session: VcSession }> => {
    const actor = need('answer_vc_invitation');
    const invitation = await lockVcInvitation(tx, officeId, id);
    if (!invitation) throw new NotFoundError(`vc invitation ${id}`);
    if (invitation.schoolId !== actor.schoolId) throw new ForbiddenError('answer_vc_invitation', `vc invitation ${id}: another school`);
    if (expectedVersion !== null && invitation.version !== expectedVersion) throw new StaleError(`vc invitation ${id} changed meanwhile`);
    const session = await getVcSession(tx, officeId, invitation.sessionId);
    if (!session) throw new NotFoundError(`vc session ${invitation.sessionId}`);
    return { actor, invitation, session };
  };

  switch (cmd.type) {
    case 'planSession': {
      const organiser = need('plan_vc_session');
      let roomBookingId: number | null = null;
      if (cmd.roomId !== null) {
        const room = await getRoom(tx, officeId, cmd.roomId);
        // The office's holidays close its rooms, as for any booking (src/flows/bookings/execute.ts).
        if (!room || checkBooking(room, cmd.startsAt, cmd.endsAt, now, null, [], await holidayDates(tx, officeId)) !== null) throw new RefusedWithAnswer([say(T.roomTaken)], `room ${cmd.roomId} refuses the session's time`);
        const state = room.needsApproval ? 'tentative' : 'confirmed';
        const made = await insertBooking(tx, { officeId, roomId: room.id, bookerId: organiser.id, title: `${T.headline}: ${cmd.title}`, people: 1, needs: ['VC'], startsAt: cmd.startsAt, endsAt: cmd.endsAt, state }, now);
        if (!made.ok) throw new RefusedWithAnswer([say(T.roomTaken)], `room ${room.id}: taken meanwhile`);
        roomBookingId = made.id;
        await addHistory(tx, 'room_booking', made.id, { officeId, actorId: organiser.id, action: 'booked', data: { state, for: 'vc_session' }, at: now });
        // A room that needs approval holds the time tentatively: its approvers are told once (they decide from
        // รายการรออนุมัติ, where the booking shows with its buttons).
        if (state === 'tentative') {
          for (const approver of await reachableWithRole(tx, officeId, approverRolesOf(room))) {
            if (approver.id === organiser.id) continue;
            await pushOnce(tx, { channelId: approver.channelId, officeId, lineUserId: approver.lineUserId }, [say(T.toRoomApprover(room.name, cmd.title, whenText(cmd.startsAt, cmd.endsAt)))], `vc:booking:${made.id}:approve:${approver.id}`);
          }
        }
      }
      let loanId: number | null = null;
      if (cmd.kitId !== null) {
        // The kit is reserved as the office's own loan for the day, approved by the planning (the loans' exclusion
        // constraint refuses a kit taken meanwhile: the officer is told, nothing is written).
        const made = await reserveOfficeLoan(tx, { officeId, actorId: organiser.id, day: bangkokDateKey(cmd.startsAt), purpose: T.kitPurpose(cmd.title), place: T.headline, targets: [{ kind: 'kit', id: cmd.kitId }], usedFor: 'vc_session', now });
        if (!made.ok) throw new RefusedWithAnswer([say(T.kitTaken)], `kit ${cmd.kitId}: taken meanwhile`);
        loanId = made.loanId;
      }
      // The team: the office's technicians and group directors named (the organiser always), as they are now.
      const team = [organiser.id];
      for (const id of cmd.team) {
        const member = await reachablePerson(tx, officeId, id);
        if (member && (TEAM_ROLES as readonly string[]).includes(member.role) && !team.includes(id)) team.push(id);
      }
      const sessionId = await insertVcSession(
        tx,
        { officeId, title: cmd.title, startsAt: cmd.startsAt, endsAt: cmd.endsAt, platform: cmd.platform, link: cmd.link, roomBookingId, kitId: cmd.kitId, team, organiserId: organiser.id, audience: cmd.audience },
        now,
      );
      const invited = await inviteAudience(tx, officeId, sessionId, cmd.audience);
      const pushed = await pushInvitations(tx, officeId, sessionId, now);
      for (const id of team.filter((m) => m !== organiser.id)) {
        const member = await reachablePerson(tx, officeId, id);
        if (member) await pushOnce(tx, { channelId: member.channelId, officeId, lineUserId: member.lineUserId }, [say(T.toTeam(cmd.title, whenText(cmd.startsAt, cmd.endsAt), cmd.link))], `vc:${sessionId}:team:${id}`);
      }
      await addHistory(tx, 'vc_session', sessionId, { officeId, actorId: organiser.id, action: 'planned', data: { invited, pushed, roomBookingId, loanId }, at: now });
      env.logger.info({ sessionId, invited, pushed }, 'vc session planned');
      return;
    }
    case 'answerInvitation': {
      const { actor, invitation, session } = await lockOwn(cmd.invitationId, cmd.expectedVersion);
      if (!answersOpen(session, now)) throw new StaleError(`vc session ${session.id} no longer takes answers`);
      if (!(await updateVcInvitation(tx, officeId, invitation.id, cmd.expectedVersion, { answer: cmd.answer }, actor.id, now))) throw new StaleError(`vc invitation ${invitation.id} changed meanwhile`);
      await addHistory(tx, 'vc_session', session.id, { officeId, actorId: actor.id, action: 'answered', data: { invitationId: invitation.id, schoolId: invitation.schoolId, answer: cmd.answer }, at: now });
      return;
    }
    case 'setDelegate': {
      const { actor, invitation, session } = await lockOwn(cmd.invitationId, cmd.expectedVersion);
      if (!answersOpen(session, now)) throw new StaleError(`vc session ${session.id} no longer takes answers`);
      if (!(await updateVcInvitation(tx, officeId, invitation.id, cmd.expectedVersion, { delegate: cmd.delegate }, actor.id, now))) throw new StaleError(`vc invitation ${invitation.id} changed meanwhile`);
      return;
    }
    case 'markAttended': {
      let actor: Person;
      let invitation: VcInvitation | null;
      let session: VcSession | null;
      if (cmd.by === 'school') {
        ({ actor, invitation, session } = await lockOwn(cmd.invitationId, cmd.expectedVersion));
      } else {
        actor = need('plan_vc_session');
        invitation = await lockVcInvitation(tx, officeId, cmd.invitationId);
        if (!invitation) throw new NotFoundError(`vc invitation ${cmd.invitationId}`);
        if (invitation.version !== cmd.expectedVersion) throw new StaleError(`vc invitation ${invitation.id} changed meanwhile`);
        session = await getVcSession(tx, officeId, invitation.sessionId);
      }
      if (!session || !attendanceOpen(session, now)) throw new StaleError(`vc invitation ${cmd.invitationId}: attendance not open`);
      if (!(await updateVcInvitation(tx, officeId, invitation.id, cmd.expectedVersion, { attended: cmd.attended }, actor.id, now))) throw new StaleError(`vc invitation ${invitation.id} changed meanwhile`);
      await addHistory(tx, 'vc_session', session.id, { officeId, actorId: actor.id, action: cmd.attended ? 'attended' : 'attendance_removed', data: { invitationId: invitation.id, schoolId: invitation.schoolId, by: cmd.by }, at: now });
      return;
    }
    case 'recordScore': {
      const { invitation } = await lockOwn(cmd.invitationId, null);
      if (!(await recordEvaluation(tx, officeId, invitation.id, cmd.key, cmd.score, now))) throw new StaleError(`vc invitation ${invitation.id}: ${cmd.key} answered already`);
      return;
    }
    case 'sendEvaluation': {
      const actor = need('plan_vc_session');
      const session = await lockVcSession(tx, officeId, cmd.sessionId);
      if (!session) throw new NotFoundError(`vc session ${cmd.sessionId}`);
      if (session.version !== cmd.expectedVersion) throw new StaleError(`vc session ${session.id} changed meanwhile`);
      const invitations = new Map((await listVcInvitations(tx, officeId, session.id)).map((i) => [i.id, i]));
      const waiting = (await attendedRecipients(tx, officeId, session.id)).filter((r) => {
        const evaluation = invitations.get(r.invitationId)?.evaluation;
        return !evaluation || Object.keys(evaluation).length === 0;
      });
      const sent = await pushOnceToMany(
        tx,
        officeId,
        waiting.map((r) => ({ channelId: r.channelId, lineUserId: r.lineUserId, messages: [questionMessage(r.invitationId, 0, T.evaluationIntro(session.title))], key: `vc:${session.id}:evaluate:${r.invitationId}` })),
      );
      await addHistory(tx, 'vc_session', session.id, { officeId, actorId: actor.id, action: 'evaluation_sent', data: { sent }, at: now });
      return;
    }
    case 'reportSession': {
      const actor = need('plan_vc_session');
      const session = await lockVcSession(tx, officeId, cmd.sessionId);
      if (!session) throw new NotFoundError(`vc session ${cmd.sessionId}`);
      if (session.version !== cmd.expectedVersion || session.state !== 'planned') throw new StaleError(`vc session ${session.id} changed meanwhile`);
      if (!(await setVcSessionState(tx, officeId, session.id, cmd.expectedVersion, 'ended', now))) throw new StaleError(`vc session ${session.id} changed meanwhile`);
      const tally = tallyOf(await listVcInvitations(tx, officeId, session.id));
      const card = reportCard({ ...session, state: 'ended' }, tally);
      let told = 0;
      for (const director of await reachableWithRole(tx, officeId, 'area_director')) {
        if (await pushOnce(tx, { channelId: director.channelId, officeId, lineUserId: director.lineUserId }, [card], `vc:${session.id}:report:${director.id}`)) told += 1;
      }
      await addHistory(tx, 'vc_session', session.id, { officeId, actorId: actor.id, action: 'reported', data: { told, ...tally, byDistrict: undefined }, at: now });
      return;
    }
    default:
      throw new Error(`command "${(cmd as { type: string }).type}" is not a video-conference command`);
  }
}

/**
 * Queues the session's invitations not pushed yet: one push per person (the card of each school they answer
 * for), once per invitation, in multi-row inserts; marks them pushed. Returns how many people were pushed to.
 */
export async function pushInvitations(tx: Executor, officeId: string, sessionId: number, now: Date): Promise<number> {
  const session = await getVcSession(tx, officeId, sessionId);
  if (!session) return 0;
  const recipients = await unpushedRecipients(tx, officeId, sessionId);
  if (recipients.length === 0) return 0;
  const when = whenText(session.startsAt, session.endsAt);
  // One card for every school (its buttons name the session; the school is the tapping person's own): drawn and
  // sealed once, not a thousand times. The school's name is in the text before it.
  const card = renderInvitation(session, FRESH_INVITATION, 'invite', T.invitation(session.title, when));
  const byPerson = new Map<number, typeof recipients>();
  for (const r of recipients) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const pushes = [...byPerson.values()].map((rs) => ({
    channelId: rs[0]!.channelId,
    lineUserId: rs[0]!.lineUserId,
    messages: [say(T.invitation(session.title, when, rs.map((r) => r.schoolName).join(', '))), card],
    key: `vc:${sessionId}:invite:${rs.map((r) => r.invitationId).join(',')}`,
  }));
  const pushed = await pushOnceToMany(tx, officeId, pushes);
  await markVcInvitationsPushed(tx, officeId, recipients.map((r) => r.invitationId), now);
  return pushed;
}

import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addHistory } from '../../db/repos/history.ts';
import { reachablePerson, reachableWithRole } from '../../db/repos/recipients.ts';
import { holidayDates } from '../../db/repos/holidays.ts';
import { getRoom, insertBooking, lockBooking, moveBooking, setBookingState } from '../../db/repos/room-bookings.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import {
  getVcSession,
  insertVcSession,
  inviteAudience,
  listVcInvitations,
  lockVcInvitation,
  lockVcSession,
  markVcInvitationsPushed,
  moveVcSession,
  notifiedRecipients,
  recordEvaluation,
  reissueVcInvitations,
  setVcSessionState,
  unpushedRecipients,
  updateVcInvitation,
  type InvitationRecipient,
} from '../../db/repos/vc-sessions.ts';
import { approverRolesOf, checkBooking, type Room } from '../../domain/bookings/rooms.ts';
import { ForbiddenError, NotFoundError, StaleError } from '../../domain/errors.ts';
import { can, type Action } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { answersOpen, attendanceOpen, changeable, TEAM_ROLES, type VcInvitation, type VcSession } from '../../domain/vc/session.ts';
import { RefusedWithAnswer } from '../../kit/execute.ts';
import { cancelOfficeLoan, reserveOfficeLoan } from '../loans/office-loan.ts';
import { say } from '../../kit/steps.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { pushOnce, pushOnceToMany } from '../../line/push-once.ts';
import { FRESH_INVITATION, renderInvitation, reportCard } from './cards.ts';
import { sendVcEvaluation, sessionTally } from './evaluation.ts';
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
        if (state === 'tentative') await tellRoomApprovers(tx, officeId, room, organiser.id, cmd.title, cmd.startsAt, cmd.endsAt, `vc:booking:${made.id}:approve`);
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
        { officeId, title: cmd.title, startsAt: cmd.startsAt, endsAt: cmd.endsAt, platform: cmd.platform, link: cmd.link, roomBookingId, kitId: cmd.kitId, loanId, team, organiserId: organiser.id, audience: cmd.audience },
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
      const asked = await sendVcEvaluation(tx, officeId, session, await listVcInvitations(tx, officeId, session.id), actor.id, now);
      await addHistory(tx, 'vc_session', session.id, { officeId, actorId: actor.id, action: 'evaluation_sent', data: { asked }, at: now });
      return;
    }
    case 'reportSession': {
      const actor = need('plan_vc_session');
      const session = await lockVcSession(tx, officeId, cmd.sessionId);
      if (!session) throw new NotFoundError(`vc session ${cmd.sessionId}`);
      if (session.version !== cmd.expectedVersion || session.state !== 'planned') throw new StaleError(`vc session ${session.id} changed meanwhile`);
      if (!(await setVcSessionState(tx, officeId, session.id, cmd.expectedVersion, 'ended', now))) throw new StaleError(`vc session ${session.id} changed meanwhile`);
      const tally = await sessionTally(tx, officeId, session.id);
      const card = reportCard({ ...session, state: 'ended' }, tally);
      let told = 0;
      for (const director of await reachableWithRole(tx, officeId, 'area_director')) {
        if (await pushOnce(tx, { channelId: director.channelId, officeId, lineUserId: director.lineUserId }, [card], `vc:${session.id}:report:${director.id}`)) told += 1;
      }
      await addHistory(tx, 'vc_session', session.id, { officeId, actorId: actor.id, action: 'reported', data: { told, ...tally, byDistrict: undefined }, at: now });
      return;
    }
    case 'cancelSession': {
      const actor = need('plan_vc_session');
      const session = await lockChangeable(tx, officeId, cmd.sessionId, cmd.expectedVersion, now);
      if (!(await setVcSessionState(tx, officeId, session.id, cmd.expectedVersion, 'cancelled', now))) throw new StaleError(`vc session ${session.id} changed meanwhile`);
      // Its room and kit are let go in the same transaction.
      if (session.roomBookingId !== null) {
        const booking = await lockBooking(tx, officeId, session.roomBookingId);
        if (booking && (booking.state === 'tentative' || booking.state === 'confirmed') && (await setBookingState(tx, officeId, booking.id, booking.version, { state: 'cancelled' }, now))) {
          await addHistory(tx, 'room_booking', booking.id, { officeId, actorId: actor.id, action: 'cancelled', data: { for: 'vc_session' }, at: now });
          if (booking.loanId !== null) await cancelOfficeLoan(tx, officeId, booking.loanId, actor.id, now);
        }
      }
      if (session.loanId !== null) await cancelOfficeLoan(tx, officeId, session.loanId, actor.id, now, 'vc_session');
      // A school that declined loses nothing: the others (and the team) are told once each.
      const text = T.toldCancelled(session.title, whenText(session.startsAt, session.endsAt));
      const told = await pushByPerson(tx, officeId, await notifiedRecipients(tx, officeId, session.id, true), () => [say(text)], (ids) => `vc:${session.id}:cancel:${ids}`);
      const team = await tellTeam(tx, officeId, session, actor.id, [say(text)], 'cancel');
      await addHistory(tx, 'vc_session', session.id, { officeId, actorId: actor.id, action: 'cancelled', data: { told, team }, at: now });
      return;
    }
    case 'moveSession': {
      const actor = need('plan_vc_session');
      const session = await lockChangeable(tx, officeId, cmd.sessionId, cmd.expectedVersion, now);
      if (cmd.startsAt <= now || cmd.endsAt <= cmd.startsAt) throw new StaleError(`vc session ${session.id}: the new time has passed`);
      if (session.roomBookingId !== null) await moveRoom(tx, session, session.roomBookingId, cmd.startsAt, cmd.endsAt, actor, env);
      let loanId = session.loanId;
      if (session.kitId !== null && bangkokDateKey(cmd.startsAt) !== bangkokDateKey(session.startsAt)) {
        // Another day: the kit is let go for the old day and reserved for the new one (the loans' constraint refuses
        // a kit taken that day: the officer is told, and the whole move is undone).
        if (loanId !== null) await cancelOfficeLoan(tx, officeId, loanId, actor.id, now, 'vc_session');
        const made = await reserveOfficeLoan(tx, { officeId, actorId: actor.id, day: bangkokDateKey(cmd.startsAt), purpose: T.kitPurpose(session.title), place: T.headline, targets: [{ kind: 'kit', id: session.kitId }], usedFor: 'vc_session', now });
        if (!made.ok) throw new RefusedWithAnswer([say(T.moveKitTaken)], `kit ${session.kitId}: taken on the new day`);
        loanId = made.loanId;
      }
      if (!(await moveVcSession(tx, officeId, session.id, cmd.expectedVersion, { startsAt: cmd.startsAt, endsAt: cmd.endsAt, loanId }, now))) throw new StaleError(`vc session ${session.id} changed meanwhile`);
      await reissueVcInvitations(tx, officeId, session.id, now);
      const moved = { ...session, startsAt: cmd.startsAt, endsAt: cmd.endsAt, loanId, version: session.version + 1 };
      const from = whenText(session.startsAt, session.endsAt);
      const to = whenText(cmd.startsAt, cmd.endsAt);
      // Each school that got the invitation is told, with a fresh card (its answer kept, changeable from it). The card
      // differs only by the invitation's version and answer: drawn once per pair, not once per school.
      const cards = new Map<string, LineMessage>();
      const cardOf = (r: InvitationRecipient) => {
        const key = `${r.version}:${r.answer}`;
        if (!cards.has(key)) cards.set(key, renderInvitation(moved, { version: r.version, answer: r.answer, delegate: null }, 'invite', T.invitation(moved.title, to)));
        return cards.get(key)!;
      };
      const told = await pushByPerson(tx, officeId, await notifiedRecipients(tx, officeId, session.id, false), (rs) => [say(T.toldMoved(session.title, from, to, rs[0]!.answer)), cardOf(rs[0]!)], (ids) => `vc:${session.id}:move:${moved.version}:${ids}`);
      const team = await tellTeam(tx, officeId, moved, actor.id, [say(T.toldTeamMoved(session.title, from, to))], `move:${moved.version}`);
      await addHistory(tx, 'vc_session', session.id, { officeId, actorId: actor.id, action: 'moved', data: { from: session.startsAt.toISOString(), to: cmd.startsAt.toISOString(), told, team, loanId }, at: now });
      return;
    }
    default:
      throw new Error(`command "${(cmd as { type: string }).type}" is not a video-conference command`);
  }
}

/** The session locked, at the version the button was drawn for, still planned and not started. */
async function lockChangeable(tx: Executor, officeId: string, id: number, expectedVersion: number, now: Date): Promise<VcSession> {
  const session = await lockVcSession(tx, officeId, id);
  if (!session) throw new NotFoundError(`vc session ${id}`);
  if (session.version !== expectedVersion || !changeable(session, now)) throw new StaleError(`vc session ${id} changed meanwhile`);
  return session;
}

/**
 * The session's room booking follows it to the new time: the room's rules (holidays included) and the database's
 * no-overlap constraint are asked again; refused, the officer is told and nothing moves. A room that needs approval
 * holds the new time tentatively and its approvers are told once.
 */
async function moveRoom(tx: Executor, session: VcSession, bookingId: number, startsAt: Date, endsAt: Date, actor: Person, env: CommandEnv): Promise<void> {
  const { officeId, now } = env;
  const booking = await lockBooking(tx, officeId, bookingId);
  if (!booking || (booking.state !== 'tentative' && booking.state !== 'confirmed')) return;
  const room = await getRoom(tx, officeId, booking.roomId);
  const refuse = () => new RefusedWithAnswer([say(T.moveRoomTaken(booking.roomName))], `room booking ${booking.id}: the new time is refused`);
  if (!room || checkBooking(room, startsAt, endsAt, now, null, [], await holidayDates(tx, officeId)) !== null) throw refuse();
  const state = room.needsApproval ? 'tentative' : 'confirmed';
  const moved = await moveBooking(tx, officeId, booking.id, booking.version, { startsAt, endsAt, state }, now);
  if (moved === 'taken') throw refuse();
  if (moved === 'changed') throw new StaleError(`room booking ${booking.id} changed meanwhile`);
  await addHistory(tx, 'room_booking', booking.id, { officeId, actorId: actor.id, action: 'moved', data: { from: booking.startsAt.toISOString(), to: startsAt.toISOString(), state, for: 'vc_session' }, at: now });
  if (state === 'tentative') await tellRoomApprovers(tx, officeId, room, actor.id, session.title, startsAt, endsAt, `vc:booking:${booking.id}:approve:${startsAt.toISOString()}`);
}

/** A session's room that needs approval: its approvers (but the one who acts) are told once per key. */
async function tellRoomApprovers(tx: Executor, officeId: string, room: Room, actorId: number, title: string, startsAt: Date, endsAt: Date, keyPrefix: string): Promise<void> {
  for (const approver of await reachableWithRole(tx, officeId, approverRolesOf(room))) {
    if (approver.id === actorId) continue;
    await pushOnce(tx, { channelId: approver.channelId, officeId, lineUserId: approver.lineUserId }, [say(T.toRoomApprover(room.name, title, whenText(startsAt, endsAt)))], `${keyPrefix}:${approver.id}`);
  }
}

/** The team on duty but the one who acts, told once each (`what` names the change in the once-only key). */
async function tellTeam(tx: Executor, officeId: string, session: VcSession, actorId: number, messages: LineMessage[], what: string): Promise<number> {
  let told = 0;
  for (const id of session.team.filter((m) => m !== actorId)) {
    const member = await reachablePerson(tx, officeId, id);
    if (member && (await pushOnce(tx, { channelId: member.channelId, officeId, lineUserId: member.lineUserId }, messages, `vc:${session.id}:team-${what}:${id}`))) told += 1;
  }
  return told;
}

/**
 * One push per person for their invitations (a person answers for one school, but stays one push whatever comes),
 * once per key, in multi-row inserts. Returns how many people were pushed to.
 */
async function pushByPerson(tx: Executor, officeId: string, recipients: readonly InvitationRecipient[], messagesOf: (rs: InvitationRecipient[]) => LineMessage[], keyOf: (invitationIds: string) => string): Promise<number> {
  const byPerson = new Map<number, InvitationRecipient[]>();
  for (const r of recipients) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const pushes = [...byPerson.values()].map((rs) => ({ channelId: rs[0]!.channelId, lineUserId: rs[0]!.lineUserId, messages: messagesOf(rs), key: keyOf(rs.map((r) => r.invitationId).join(',')) }));
  return pushOnceToMany(tx, officeId, pushes);
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
  const pushed = await pushByPerson(tx, officeId, recipients, (rs) => [say(T.invitation(session.title, when, rs.map((r) => r.schoolName).join(', '))), card], (ids) => `vc:${sessionId}:invite:${ids}`);
  await markVcInvitationsPushed(tx, officeId, recipients.map((r) => r.invitationId), now);
  return pushed;
}

import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { reachablePerson, reachableWithRole } from '../../db/repos/recipients.ts';
import { holidayDates } from '../../db/repos/holidays.ts';
import { getBooking, getRoom, heldBetween, listRooms } from '../../db/repos/room-bookings.ts';
import { bangkokDateKey, bangkokTime } from '../../domain/office-time.ts';
import {
  audienceReach,
  getVcInvitation,
  getVcInvitationOfSchool,
  getVcSession,
  invitationsOfSchool,
  listVcInvitations,
  listVcSessions,
  notifiedRecipients,
  reportedVcSessions,
} from '../../db/repos/vc-sessions.ts';
import { schoolChoices, schoolGroups } from '../../db/repos/schools.ts';
import type { Held, Room } from '../../domain/bookings/rooms.ts';
import { can } from '../../domain/permissions.ts';
import type { SchoolReach } from '../../domain/school-answerer.ts';
import type { Person } from '../../domain/people.ts';
import { freeEquipmentOn } from '../loans/office-loan.ts';
import { getBudgetStatus } from '../../line/message-budget.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { roundOfVcSession, type SurveyRound } from '../../db/repos/surveys.ts';
import { sessionTally, surveyEvaluationOf } from './evaluation.ts';
import { TEAM_ROLES, type Audience, type SurveyEvaluation, type VcInvitation, type VcPlatform, type VcSession, type VcTally } from '../../domain/vc/session.ts';
import {
  attendanceAction,
  attendedAction,
  audienceAction,
  answerAction,
  byDistrictAction,
  cancelAction,
  cancelConfirmAction,
  delegateAction,
  endAction,
  groupAction,
  listAction,
  moveAction,
  moveConfirmAction,
  reportAction,
  schoolsDoneAction,
  scoreAction,
  sendEvaluationAction,
  tickAction,
  unansweredAction,
} from './actions.ts';

/** The conversation's data while a session is planned, a school types who it sends, or an officer ticks schools. */
export interface VcData {
  /** Title, start and end (ISO instants), platform, link, room (0 = none). */
  ti?: string | undefined;
  st?: string | undefined;
  en?: string | undefined;
  pf?: VcPlatform | undefined;
  ln?: string | undefined;
  r?: number | undefined;
  /** The room's name (the summary). */
  rn?: string | undefined;
  /** The VC kit (0 = none) and its name. */
  kt?: number | undefined;
  ktn?: string | undefined;
  /** The team (people ids) and their names. */
  tm?: number[] | undefined;
  tmn?: string[] | undefined;
  /**
   * The audience being chosen: its kind, the schools chosen so far, the page shown, what was typed to narrow them
   * (the page shown and what was typed also of the attendance picker).
   */
  k?: 'district' | 'cluster' | 'schools' | undefined;
  ids?: number[] | undefined;
  o?: number | undefined;
  q?: string | undefined;
  /** The audience chosen and how many schools it names (the summary). */
  au?: Audience | undefined;
  n?: number | undefined;
  /** An invitation (who the school sends) or a session (the attendance picker). */
  i?: number | undefined;
  v?: number | undefined;
  s?: number | undefined;
}

export interface VcPrepared {
  /** The officer's list: sessions with their figures. */
  sessions?: Array<{ session: VcSession; tally: VcTally }>;
  /** The area director's reports: reported sessions with their figures. */
  reports?: Array<{ session: VcSession; tally: VcTally }>;
  /** A school's open invitations. */
  mine?: Array<{ session: VcSession; invitation: VcInvitation }>;
  /** The session a button is about, with its invitations. */
  session?: VcSession | null;
  invitations?: VcInvitation[];
  /** ส่งแบบประเมิน: the session's evaluation round, if sent before (null: not yet). */
  evaluationRound?: SurveyRound | null;
  /** ส่งรายงาน: the answers of the session's evaluation round (null: none sent). */
  surveyEvaluation?: SurveyEvaluation | null;
  /** The invitation a school's button (or typed answer) is about. */
  invitation?: VcInvitation | null;
  /** Rooms free to choose, and what holds them at the session's time. */
  rooms?: Room[];
  held?: Map<number, Held[]>;
  /** The office's holidays (YYYY-MM-DD): no room is offered on them. */
  closedDays?: Set<string>;
  /** VC kits free on the session's day. */
  kits?: Array<{ id: number; name: string }>;
  /** The office's technicians and group directors who can be reached (the team picker). */
  staff?: Array<{ id: number; name: string }>;
  groups?: { districts: string[]; clusters: string[] };
  schools?: Array<{ id: number; name: string }>;
  /** The schools the audience chosen names, by whom their invitation reaches (their sum: how many). */
  reach?: SchoolReach;
  /** The channel's pushes this month and its budget (the summary says what the invitations will use). */
  budget?: { used: number; budget: number };
  /** How many people a cancellation or a move of the session tells (one push each). */
  toTell?: number;
  /** The room booked with the session being moved, and its booking (which does not stand in its own way). */
  sessionRoom?: { bookingId: number; room: Room } | null;
}

/** ประชุมทางไกล, typed or the technicians' tile (`VC_TEXT`). */
export const isStartText = (input: FlowInput) => input.kind === 'text' && menuCommandOf(input.text) === 'videoConference';

/** Sessions stay on the officer's list for two weeks after they end (attendance, evaluation, report). */
const LIST_AFTER_END_MS = 14 * 24 * 60 * 60 * 1000;

const SESSION_BUTTONS = [byDistrictAction, unansweredAction, attendanceAction, sendEvaluationAction, reportAction, cancelAction, cancelConfirmAction, moveAction] as const;
/** The steps of moving a session (its id and version in the conversation's data). */
const MOVE_STEPS = new Set(['moveStart', 'moveEnd', 'moveConfirm']);

export async function prepareVc(tx: Executor, input: FlowInput, state: FlowState<VcData> | null, person: Person | null, env: FlowEnv): Promise<VcPrepared> {
  const prepared: VcPrepared = {};
  if (!person) return prepared;
  const { officeId, now } = env;
  const plans = can(person.role, 'plan_vc_session');

  if (isStartText(input) || postbackFor(input, listAction)) {
    if (plans) {
      const sessions = await listVcSessions(tx, officeId, new Date(now.getTime() - LIST_AFTER_END_MS));
      prepared.sessions = [];
      for (const session of sessions) prepared.sessions.push({ session, tally: await sessionTally(tx, officeId, session.id) });
    } else if (can(person.role, 'view_office_report')) {
      prepared.reports = [];
      for (const session of await reportedVcSessions(tx, officeId)) prepared.reports.push({ session, tally: await sessionTally(tx, officeId, session.id) });
    } else if (person.schoolId !== null && can(person.role, 'answer_vc_invitation')) {
      prepared.mine = await invitationsOfSchool(tx, officeId, person.schoolId, now);
    }
    return prepared;
  }

  const loadSession = async (id: number) => {
    prepared.session = await getVcSession(tx, officeId, id);
    prepared.invitations = prepared.session ? await listVcInvitations(tx, officeId, id) : [];
  };
  /** Who a cancellation (not the schools that declined) or a move tells: one push per person, and the team. */
  const loadToTell = async (exceptDeclined: boolean) => {
    const session = prepared.session;
    if (!session) return;
    const people = new Set((await notifiedRecipients(tx, officeId, session.id, exceptDeclined)).map((r) => r.personId));
    let team = 0;
    for (const id of session.team) if (id !== person.id && (await reachablePerson(tx, officeId, id))) team += 1;
    prepared.toTell = people.size + team;
    const status = await getBudgetStatus(tx, env.channel ?? env.channelId, now);
    prepared.budget = { used: status.used, budget: status.budget };
  };
  for (const action of SESSION_BUTTONS) {
    const tap = postbackFor(input, action);
    if (tap) {
      await loadSession(tap.payload.s);
      if (action === cancelAction || action === cancelConfirmAction) await loadToTell(true);
      if (action === reportAction) prepared.surveyEvaluation = await surveyEvaluationOf(tx, officeId, [tap.payload.s]);
      if (action === sendEvaluationAction) prepared.evaluationRound = (await roundOfVcSession(tx, officeId, tap.payload.s))?.round ?? null;
      return prepared;
    }
  }
  if (plans && state && MOVE_STEPS.has(state.step) && state.data.s) {
    await loadSession(state.data.s);
    const session = prepared.session;
    if (!session) return prepared;
    const end = postbackFor(input, endAction);
    if (state.step === 'moveEnd' && end && state.data.st) {
      // The new time is known: the session's room that day, what holds it, the holidays, the kits free that day.
      const day = bangkokDateKey(new Date(state.data.st));
      const booking = session.roomBookingId === null ? null : await getBooking(tx, officeId, session.roomBookingId);
      const room = booking ? await getRoom(tx, officeId, booking.roomId) : null;
      prepared.sessionRoom = booking && room && (booking.state === 'tentative' || booking.state === 'confirmed') ? { bookingId: booking.id, room } : null;
      const from = bangkokTime(day);
      prepared.held = await heldBetween(tx, officeId, from, new Date(from.getTime() + 24 * 60 * 60 * 1000));
      prepared.closedDays = await holidayDates(tx, officeId);
      prepared.kits = (await freeEquipmentOn(tx, officeId, 'vc_kit', day)).map((kit) => ({ id: kit.target.id, name: kit.name }));
    }
    if (state.step === 'moveEnd' || postbackFor(input, moveConfirmAction)) await loadToTell(false);
    return prepared;
  }
  const tick = postbackFor(input, tickAction);
  if (tick) {
    const invitation = await getVcInvitation(tx, officeId, tick.payload.i);
    if (invitation) await loadSession(invitation.sessionId);
    return prepared;
  }
  if (state?.step === 'attendance' && state.data.s && input.kind === 'text') {
    await loadSession(state.data.s);
    return prepared;
  }

  // The card's buttons name the session; the invitation is the person's own school's.
  const cardSession = postbackFor(input, answerAction)?.payload.s ?? postbackFor(input, delegateAction)?.payload.s ?? postbackFor(input, attendedAction)?.payload.s;
  if (cardSession !== undefined) {
    prepared.session = await getVcSession(tx, officeId, cardSession);
    prepared.invitation = prepared.session && person.schoolId !== null ? await getVcInvitationOfSchool(tx, officeId, cardSession, person.schoolId) : null;
    return prepared;
  }
  const invitationId = postbackFor(input, scoreAction)?.payload.i ?? (state?.step === 'delegate' && input.kind === 'text' ? state.data.i : undefined);
  if (invitationId !== undefined) {
    prepared.invitation = await getVcInvitation(tx, officeId, invitationId);
    prepared.session = prepared.invitation ? await getVcSession(tx, officeId, prepared.invitation.sessionId) : null;
    return prepared;
  }

  if (!plans || !state) return prepared;
  // Planning: the rooms free at the session's time, once the time is known.
  // At the platform's tap too: the link question offers the rooms' standing links.
  if ((state.step === 'platform' || state.step === 'link' || state.step === 'room') && state.data.st && state.data.en) {
    prepared.rooms = await listRooms(tx, officeId, { activeOnly: true });
    prepared.held = await heldBetween(tx, officeId, new Date(state.data.st), new Date(state.data.en));
    prepared.closedDays = await holidayDates(tx, officeId);
  }
  if ((state.step === 'room' || state.step === 'kit') && state.data.st) {
    const day = bangkokDateKey(new Date(state.data.st));
    prepared.kits = (await freeEquipmentOn(tx, officeId, 'vc_kit', day)).map((kit) => ({ id: kit.target.id, name: kit.name }));
  }
  if (state.step === 'kit' || state.step === 'team') {
    prepared.staff = (await reachableWithRole(tx, officeId, TEAM_ROLES)).map((r) => ({ id: r.id, name: r.fullName }));
  }
  if (state.step === 'audience' || state.step === 'group' || state.step === 'schools') {
    const aud = postbackFor(input, audienceAction);
    const kind = aud?.payload.k ?? state.data.k;
    if (aud?.payload.k === 'all') prepared.reach = await audienceReach(tx, officeId, { kind: 'all' });
    if (kind === 'district' || kind === 'cluster') {
      prepared.groups = await schoolGroups(tx, officeId);
      const group = postbackFor(input, groupAction);
      if (group) prepared.reach = await audienceReach(tx, officeId, kind === 'district' ? { kind, district: group.payload.n } : { kind, cluster: group.payload.n });
    }
    if (kind === 'schools') prepared.schools = await schoolChoices(tx, officeId);
    // The summary comes next (an audience chosen): what the month's pushes are, against the budget.
    const ids = state.data.ids ?? [];
    if (postbackFor(input, schoolsDoneAction) && ids.length > 0) prepared.reach = await audienceReach(tx, officeId, { kind: 'schools', ids });
    if (prepared.reach !== undefined || postbackFor(input, schoolsDoneAction)) {
      const status = await getBudgetStatus(tx, env.channel ?? env.channelId, now);
      prepared.budget = { used: status.used, budget: status.budget };
    }
  }
  return prepared;
}

import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { schoolRegister } from '../../db/repos/dltv-register.ts';
import { listPeopleByRole } from '../../db/repos/people.ts';
import { getTicket, listTicketsOfSchool, type RepairTicket } from '../../db/repos/repair-tickets.ts';
import { can } from '../../domain/permissions.ts';
import type { RegisterLine } from '../../domain/repair/dltv-register.ts';
import type { Person } from '../../domain/people.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { canReportForSchool } from '../repair-report/state.ts';
import {
  cancelTicketAction,
  cancelTicketYesAction,
  confirmFixedAction,
  rateAction,
  rateOpenAction,
  reopenAction,
  trackOpenAction,
} from './actions.ts';
import { LIST_LIMIT, RECENT_DAYS, SCHOOL_WORK_LIMIT } from './messages.ts';

export interface TrackData {
  /** The ticket whose low rating waits for a comment, and the score given. */
  t?: number | undefined;
  s?: number | undefined;
}

export interface TrackPrepared {
  /** The school's open and recent tickets. */
  tickets?: RepairTicket[];
  /** The ticket a button (or the awaited comment) is about, as it is now (null: gone). */
  ticket?: RepairTicket | null;
  /** Group directors who hear a low rating's comment. */
  directors?: Person[];
  /** The school's DLTV equipment register, when a listed ticket is a DLTV fault (its cards show it). */
  register?: RegisterLine[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The school director's "งานของโรงเรียน": the school's unfinished tickets and where each stands. */
export function isSchoolWorkStart(input: FlowInput): boolean {
  return input.kind === 'text' && menuCommandOf(input.text) === 'schoolWork';
}

export function isTrackStart(input: FlowInput): boolean {
  if (postbackFor(input, trackOpenAction)) return true;
  return input.kind === 'text' && menuCommandOf(input.text) === 'trackRepairs';
}

/** The ticket an input is about: carried by its button, or awaited in the conversation. */
export function ticketIdOf(input: FlowInput, state: FlowState<TrackData> | null): number | undefined {
  for (const action of [cancelTicketAction, cancelTicketYesAction, confirmFixedAction, reopenAction, rateOpenAction, rateAction]) {
    const tapped = postbackFor(input, action);
    if (tapped) return tapped.payload.t;
  }
  return state?.step === 'comment' && input.kind === 'text' ? state.data.t : undefined;
}

export async function prepareTrack(
  tx: Executor,
  input: FlowInput,
  state: FlowState<TrackData> | null,
  person: Person | null,
  env: FlowEnv,
): Promise<TrackPrepared> {
  if (!canReportForSchool(person)) return {};
  const prepared: TrackPrepared = {};
  if (isSchoolWorkStart(input)) {
    if (can(person.role, 'view_school_tickets')) prepared.tickets = await listTicketsOfSchool(tx, person.schoolId, { limit: SCHOOL_WORK_LIMIT, unfinishedOnly: true });
    return withRegister(tx, prepared, person.schoolId);
  }
  if (isTrackStart(input)) {
    prepared.tickets = await listTicketsOfSchool(tx, person.schoolId, {
      limit: LIST_LIMIT,
      recentSince: new Date(env.now.getTime() - RECENT_DAYS * DAY_MS),
    });
    await withRegister(tx, prepared, person.schoolId);
  }
  const ticketId = ticketIdOf(input, state);
  if (ticketId !== undefined) {
    const ticket = await getTicket(tx, env.officeId, ticketId);
    // Another school's ticket is as good as unknown.
    prepared.ticket = ticket && ticket.schoolId === person.schoolId ? ticket : null;
  }
  if (state?.step === 'comment' && input.kind === 'text') {
    const directors = await listPeopleByRole(tx, env.officeId, 'group_director', 20);
    prepared.directors = directors.filter((d) => d.status === 'active' && d.lineUserId !== null && d.channelId === env.channelId);
  }
  return prepared;
}

/** The school's register is read only when a listed ticket is a DLTV fault (one read for all the cards). */
async function withRegister(tx: Executor, prepared: TrackPrepared, schoolId: number): Promise<TrackPrepared> {
  if (prepared.tickets?.some((t) => t.groupCode === 'dltv')) prepared.register = await schoolRegister(tx, schoolId);
  return prepared;
}

import { z } from 'zod';
import type { RepairCommand } from '../repair-report/commands.ts';
import { commandOf, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import type { RepairTicket } from '../../domain/repair/ticket.ts';
import type { RegisterLine } from '../../domain/repair/dltv-register.ts';
import type { Person } from '../../domain/people.ts';
import { can } from '../../domain/permissions.ts';
import { canTransition, isOpenStatus, TICKET_STATUS_LABELS, TICKET_STATUSES, type TicketAction, type TicketStatus } from '../../domain/repair/status.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { defineGuard } from '../../kit/guard.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { type Button, deny, end, say, stale, textWithButtons } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { ticketCarousel, type TicketCardOptions } from '../repair-report/cards.ts';
import { executeRepairCommand } from '../repair-report/execute.ts';
import {
  cancelTicketAction,
  cancelTicketYesAction,
  confirmFixedAction,
  keepTicketAction,
  rateAction,
  rateOpenAction,
  reopenAction,
  REPAIR_TRACK_FLOW,
  repairTrackActions,
} from './actions.ts';
import { COMMENT_MAX, LIST_LIMIT, trackLabels as L, trackTexts as T } from './messages.ts';
import { isSchoolWorkStart, isTrackStart, prepareTrack, type TrackData, type TrackPrepared } from './prepare.ts';

const command = commandOf<RepairCommand>();

/**
 * "ติดตามงานซ่อม": the school's open and recent tickets with their status and the next expected step.
 * From a ticket's card: cancel while it is new (reporter or school director), confirm "ใช้งานได้แล้ว" or
 * reopen "ยังใช้ไม่ได้" once resolved (anyone of the school), and, for the reporter, a rating 1–5 after
 * confirmation; a rating of 1–2 asks for a comment that goes to the group director. Buttons carry the
 * ticket's version: a ticket changed since the card was drawn makes them stale. "งานของโรงเรียน" (the school
 * director's tile) is the same school's unfinished tickets only, counted by status, with the same cards.
 */
type State = FlowState<TrackData>;
type Ctx = FlowContext<TrackPrepared>;
type Result = StepResult<TrackData>;
type SchoolPerson = Person & { schoolId: number };

const dataSchema: z.ZodType<TrackData> = z.object({ t: z.number().int().positive().optional(), s: z.number().int().min(1).max(5).optional() });


/** The school-side moves a card offers, as the state machine allows them for the person's role. */
const MOVES = {
  cancel: { action: 'cancelled', to: 'cancelled' },
  confirm: { action: 'confirmed', to: 'confirmed' },
  reopen: { action: 'reopened', to: 'accepted' },
} as const satisfies Record<string, { action: TicketAction; to: TicketStatus }>;

const mayMove = (person: Person, ticket: RepairTicket, move: keyof typeof MOVES) =>
  canTransition(person.role, MOVES[move].action, ticket.status, MOVES[move].to);

/** Cancelling is the reporter's, or the school director's, call. */
const mayCancel = (person: Person, ticket: RepairTicket) =>
  mayMove(person, ticket, 'cancel') && (ticket.reporterId === person.id || person.role === 'school_director');

const mayRate = (person: Person, ticket: RepairTicket) =>
  ticket.reporterId === person.id && (ticket.status === 'confirmed' || ticket.status === 'closed') && ticket.rating === null;

function cardButtons(person: Person, ticket: RepairTicket): TicketCardOptions {
  const at = { t: ticket.id, v: ticket.version };
  if (mayCancel(person, ticket)) return { primary: { label: L.cancel, data: encodePostback(cancelTicketAction, at) } };
  if (mayMove(person, ticket, 'confirm')) {
    return {
      primary: { label: L.confirm, data: encodePostback(confirmFixedAction, at) },
      secondary: { label: L.reopen, data: encodePostback(reopenAction, at) },
    };
  }
  if (mayRate(person, ticket)) return { primary: { label: L.rate, data: encodePostback(rateOpenAction, { t: ticket.id }) } };
  return {};
}

function list(person: SchoolPerson, tickets: readonly RepairTicket[], register: readonly RegisterLine[]): Result {
  if (tickets.length === 0) return end(reply(say(T.none)));
  const open = tickets.filter((t) => isOpenStatus(t.status) || t.status === 'resolved').length;
  const cards = ticketCarousel(
    tickets.map((ticket) => ({ ticket, options: { ...cardButtons(person, ticket), register } })),
    T.listAlt(open),
  );
  return end(reply(say(T.header(person.schoolName ?? 'โรงเรียน', open, tickets.length)), cards));
}

/** "งานของโรงเรียน": how many unfinished tickets in each status, then their cards (with the moves the director may make). */
function schoolWork(person: SchoolPerson, tickets: readonly RepairTicket[], register: readonly RegisterLine[]): Result {
  const school = person.schoolName ?? 'โรงเรียน';
  if (tickets.length === 0) return end(reply(say(T.schoolWorkNone(school))));
  const byStatus = TICKET_STATUSES.flatMap((status) => {
    const count = tickets.filter((t) => t.status === status).length;
    return count > 0 ? [T.statusCount(TICKET_STATUS_LABELS[status], count)] : [];
  });
  const shown = tickets.slice(0, LIST_LIMIT);
  const cards = ticketCarousel(
    shown.map((ticket) => ({ ticket, options: { ...cardButtons(person, ticket), register } })),
    T.listAlt(tickets.length),
  );
  return end(reply(say(T.schoolWork(school, tickets.length, byStatus, shown.length)), cards));
}

const ratingButtons = (ticketId: number): Button[] =>
  L.scores.map((label, i) => ({ label, data: encodePostback(rateAction, { t: ticketId, s: i + 1 }) }));

function rate(person: SchoolPerson, ticket: RepairTicket, score: number): Result {
  if (ticket.reporterId !== person.id) return end(reply(say(T.onlyReporterRates)));
  if (ticket.rating !== null) return end(reply(say(T.ratedAlready(ticket.rating))));
  if (!mayRate(person, ticket)) return end(reply(say(T.notRatable)));
  if (score <= 2) return { state: { step: 'comment', data: { t: ticket.id, s: score } }, effects: [reply(say(T.askComment))] };
  return end(command({ type: 'rateRepairTicket', ticketId: ticket.id, rating: score, comment: null }), reply(say(T.thanks(score))));
}

function comment(state: State, input: FlowInput, person: SchoolPerson, ctx: Ctx): Result {
  const ticket = ctx.prepared.ticket;
  const score = state.data.s;
  if (!ticket || score === undefined) return end(reply(say(T.ticketGone)));
  if (input.kind !== 'text') return { state, effects: [reply(say(T.commentPlease))] };
  const text = input.text.trim().replace(/\s+/g, ' ');
  // A menu tapped meanwhile is not the comment.
  if (text.length === 0 || menuCommandOf(text) !== undefined) return { state, effects: [reply(say(T.commentPlease))] };
  if (text.length > COMMENT_MAX) return { state, effects: [reply(say(T.commentTooLong))] };
  if (ticket.rating !== null) return end(reply(say(T.ratedAlready(ticket.rating))));
  if (!mayRate(person, ticket)) return end(reply(say(T.notRatable)));
  const toDirector = say(T.toDirector(ticket.number, ticket.schoolName, score, text, person.fullName));
  const pushes: Effect[] = (ctx.prepared.directors ?? []).flatMap((d) => (d.lineUserId ? [{ kind: 'push' as const, to: d.lineUserId, messages: [toDirector] }] : []));
  return end(command({ type: 'rateRepairTicket', ticketId: ticket.id, rating: score, comment: text }), reply(say(T.thanksComment)), ...pushes);
}

/** What a button's handler knows: the ticket the tap is about, as `prepare` read it (none: gone). */
interface Tapped {
  me: SchoolPerson;
  ticket: RepairTicket | null | undefined;
}

/** A move from a card is made on the ticket as the card showed it: gone or changed since, the tap is stale. */
function onCurrentTicket({ ticket }: Tapped, v: number, move: (ticket: RepairTicket) => Result): Result {
  if (!ticket) return end(reply(say(T.ticketGone)));
  if (!isCurrent(ticket, v)) return stale();
  return move(ticket);
}

/** Why this person may not cancel this ticket (undefined: they may). */
function cancelRefused(person: SchoolPerson, ticket: RepairTicket): Result | undefined {
  if (mayCancel(person, ticket)) return undefined;
  return mayMove(person, ticket, 'cancel') ? end(reply(say(T.notYours))) : stale();
}

function askCancel(person: SchoolPerson, ticket: RepairTicket): Result {
  const at = { t: ticket.id, v: ticket.version };
  return (
    cancelRefused(person, ticket) ??
    end(
      reply(
        textWithButtons(T.askCancel(ticket.number), [
          { label: L.cancelYes, data: encodePostback(cancelTicketYesAction, at) },
          { label: L.keep, data: encodePostback(keepTicketAction, {}) },
        ]),
      ),
    )
  );
}

function cancelTicket(person: SchoolPerson, ticket: RepairTicket): Result {
  return (
    cancelRefused(person, ticket) ??
    end(
      command({ type: 'schoolTicketDecision', ticketId: ticket.id, expectedVersion: ticket.version, decision: 'cancel', note: null }),
      reply(say(T.cancelled(ticket.number))),
    )
  );
}

/** "ใช้งานได้แล้ว" or "ยังใช้ไม่ได้" on a resolved ticket; the reporter is then asked for a rating. */
function decide(person: SchoolPerson, ticket: RepairTicket, move: 'confirm' | 'reopen'): Result {
  if (!mayMove(person, ticket, move)) return stale();
  const decided = command({
    type: 'schoolTicketDecision',
    ticketId: ticket.id,
    expectedVersion: ticket.version,
    decision: move,
    note: move === 'reopen' ? T.reopenNote : null,
  });
  if (move === 'reopen') return end(decided, reply(say(T.reopened(ticket.number))));
  const thanks = say(T.confirmed(ticket.number));
  if (ticket.reporterId !== person.id || ticket.rating !== null) return end(decided, reply(thanks));
  return end(decided, reply(thanks, textWithButtons(T.askRating, ratingButtons(ticket.id))));
}

function askRating(person: SchoolPerson, ticket: RepairTicket | null | undefined): Result {
  if (!ticket) return end(reply(say(T.ticketGone)));
  if (ticket.reporterId !== person.id) return end(reply(say(T.onlyReporterRates)));
  if (ticket.rating !== null) return end(reply(say(T.ratedAlready(ticket.rating))));
  if (!mayRate(person, ticket)) return end(reply(say(T.notRatable)));
  return end(reply(textWithButtons(T.askRating, ratingButtons(ticket.id))));
}

/** What each button on a ticket's card (and the questions that follow it) does. */
const routeTicketButton = defineRoutes<Tapped, Result>([
  on(keepTicketAction, () => end(reply(say(T.kept)))),
  on(cancelTicketAction, (tap, c) => onCurrentTicket(c, tap.payload.v, (ticket) => askCancel(c.me, ticket))),
  on(cancelTicketYesAction, (tap, c) => onCurrentTicket(c, tap.payload.v, (ticket) => cancelTicket(c.me, ticket))),
  on(confirmFixedAction, (tap, c) => onCurrentTicket(c, tap.payload.v, (ticket) => decide(c.me, ticket, 'confirm'))),
  on(reopenAction, (tap, c) => onCurrentTicket(c, tap.payload.v, (ticket) => decide(c.me, ticket, 'reopen'))),
  on(rateOpenAction, (_tap, { me, ticket }) => askRating(me, ticket)),
  // Rating straight after confirming: the ticket was confirmed by this person's previous tap.
  on(rateAction, (tap, { me, ticket }) => (ticket ? rate(me, ticket, tap.payload.s) : end(reply(say(T.ticketGone))))),
]);

const guard = defineGuard({ notRegistered: T.notRegistered, otherwise: 'report_fault' });

export function trackStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (person.schoolId === null) return end(reply(say(T.noSchool)));
  const me: SchoolPerson = { ...person, schoolId: person.schoolId };
  if (isSchoolWorkStart(input)) {
    if (!can(person.role, 'view_school_tickets')) {
      return deny('view_school_tickets');
    }
    return schoolWork(me, ctx.prepared.tickets ?? [], ctx.prepared.register ?? []);
  }
  if (isTrackStart(input)) return list(me, ctx.prepared.tickets ?? [], ctx.prepared.register ?? []);
  if (state?.step === 'comment' && input.kind !== 'postback') return comment(state, input, me, ctx);
  const routed = routeTicketButton(input, { me, ticket: ctx.prepared.ticket });
  if (routed) return routed;
  return state ? { state, effects: [] } : end();
}

export const repairTrackFlow: Flow<TrackData, TrackPrepared, RepairCommand> = {
  name: REPAIR_TRACK_FLOW,
  version: 1,
  dataSchema,
  actions: repairTrackActions,
  startsOn: (input, person) => Boolean(person) && (isTrackStart(input) || isSchoolWorkStart(input)),
  prepare: prepareTrack,
  step: (state, input, now, ctx) => trackStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeRepairCommand,
};

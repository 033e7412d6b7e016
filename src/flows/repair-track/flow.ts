import { z } from 'zod';
import { command, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import type { RepairTicket } from '../../db/repos/repair-tickets.ts';
import type { Person } from '../../domain/people.ts';
import { can } from '../../domain/permissions.ts';
import { canTransition, isOpenStatus, type TicketAction, type TicketStatus } from '../../domain/repair/status.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { deniedMessage } from '../admin/messages.ts';
import { say, textWithButtons, type Button } from '../registration/ui.ts';
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
import { COMMENT_MAX, trackLabels as L, trackTexts as T } from './messages.ts';
import { isTrackStart, prepareTrack, type TrackData, type TrackPrepared } from './prepare.ts';

/**
 * "ติดตามงานซ่อม": the school's open and recent tickets with their status and the next expected step.
 * From a ticket's card: cancel while it is new (reporter or school director), confirm "ใช้งานได้แล้ว" or
 * reopen "ยังใช้ไม่ได้" once resolved (anyone of the school), and, for the reporter, a rating 1–5 after
 * confirmation; a rating of 1–2 asks for a comment that goes to the group director. Buttons carry the
 * ticket's version: a ticket changed since the card was drawn makes them stale.
 */
type State = FlowState<TrackData>;
type Ctx = FlowContext<TrackPrepared>;
type Result = StepResult<TrackData>;
type SchoolPerson = Person & { schoolId: number };

const dataSchema: z.ZodType<TrackData> = z.object({ t: z.number().int().positive().optional(), s: z.number().int().min(1).max(5).optional() });

const end = (...effects: Effect[]): Result => ({ state: null, effects });
const stale = (): Result => ({ state: null, effects: [{ kind: 'staleButton' }] });

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

function list(person: SchoolPerson, tickets: readonly RepairTicket[]): Result {
  if (tickets.length === 0) return end(reply(say(T.none)));
  const open = tickets.filter((t) => isOpenStatus(t.status) || t.status === 'resolved').length;
  const cards = ticketCarousel(
    tickets.map((ticket) => ({ ticket, options: cardButtons(person, ticket) })),
    T.listAlt(open),
  );
  return end(reply(say(T.header(person.schoolName ?? 'โรงเรียน', open, tickets.length)), cards));
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

export function trackStep(state: State | null, input: FlowInput, _now: Date, ctx: Ctx): Result {
  const person = ctx.person;
  if (!person) return end(reply(say(T.notRegistered)));
  if (!can(person.role, 'report_fault')) {
    return end(reply(say(deniedMessage('report_fault'))), command({ type: 'recordDenial', action: 'report_fault' }));
  }
  if (person.schoolId === null) return end(reply(say(T.noSchool)));
  const me: SchoolPerson = { ...person, schoolId: person.schoolId };
  if (isTrackStart(input)) return list(me, ctx.prepared.tickets ?? []);
  if (postbackFor(input, keepTicketAction)) return end(reply(say(T.kept)));
  if (state?.step === 'comment' && input.kind !== 'postback') return comment(state, input, me, ctx);

  const ticket = ctx.prepared.ticket;
  const cancel = postbackFor(input, cancelTicketAction) ?? postbackFor(input, cancelTicketYesAction);
  const confirm = postbackFor(input, confirmFixedAction);
  const reopen = postbackFor(input, reopenAction);
  const versioned = cancel ?? confirm ?? reopen;
  if (versioned) {
    if (!ticket) return end(reply(say(T.ticketGone)));
    if (versioned.payload.v !== ticket.version) return stale();
    if (cancel) {
      if (!mayCancel(person, ticket)) return mayMove(person, ticket, 'cancel') ? end(reply(say(T.notYours))) : stale();
      const at = { t: ticket.id, v: ticket.version };
      if (postbackFor(input, cancelTicketAction)) {
        return end(
          reply(
            textWithButtons(T.askCancel(ticket.number), [
              { label: L.cancelYes, data: encodePostback(cancelTicketYesAction, at) },
              { label: L.keep, data: encodePostback(keepTicketAction, {}) },
            ]),
          ),
        );
      }
      return end(
        command({ type: 'schoolTicketDecision', ticketId: ticket.id, expectedVersion: ticket.version, decision: 'cancel', note: null }),
        reply(say(T.cancelled(ticket.number))),
      );
    }
    const move = confirm ? 'confirm' : 'reopen';
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

  const rateOpen = postbackFor(input, rateOpenAction);
  if (rateOpen) {
    if (!ticket) return end(reply(say(T.ticketGone)));
    if (ticket.reporterId !== person.id) return end(reply(say(T.onlyReporterRates)));
    if (ticket.rating !== null) return end(reply(say(T.ratedAlready(ticket.rating))));
    if (!mayRate(person, ticket)) return end(reply(say(T.notRatable)));
    return end(reply(textWithButtons(T.askRating, ratingButtons(ticket.id))));
  }
  const rated = postbackFor(input, rateAction);
  if (rated) {
    if (!ticket) return end(reply(say(T.ticketGone)));
    // Rating straight after confirming: the ticket was confirmed by this person's previous tap.
    return rate(me, ticket, rated.payload.s);
  }
  return state ? { state, effects: [] } : end();
}

export const repairTrackFlow: Flow<TrackData, TrackPrepared> = {
  name: REPAIR_TRACK_FLOW,
  version: 1,
  dataSchema,
  actions: repairTrackActions,
  startsOn: (input, person) => Boolean(person) && isTrackStart(input),
  prepare: prepareTrack,
  step: (state, input, now, ctx) => trackStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeRepairCommand,
};

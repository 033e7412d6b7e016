import { z } from 'zod';
import { command, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { bangkokTime } from '../../domain/office-time.ts';
import { can, type Action } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { canTransition, type TicketStatus } from '../../domain/repair/status.ts';
import { encodePostback } from '../../line/postback.ts';
import { deniedMessage } from '../admin/messages.ts';
import { say, textWithButtons, textWithPhotoButtons } from '../registration/ui.ts';
import {
  acceptAction,
  assignAction,
  assignToAction,
  REPAIR_WORK_FLOW,
  repairWorkActions,
  repairWorkMenuOf,
  resolveAction,
  resumeAction,
  skipAction,
  timelineAction,
  visitAction,
  waitAction,
  waitReasonAction,
} from './actions.ts';
import { confirmRequest, ticketCard, ticketCarousel, timelineCard } from './cards.ts';
import { executeRepairWork } from './execute.ts';
import { repairWorkLabels as L, repairWorkTexts as T, STATUS_LABELS, THAI_MONTHS, WAIT_REASONS } from './messages.ts';
import { prepareRepairWork, type RepairWorkData, type RepairWorkPrepared } from './prepare.ts';
import type { TicketView } from '../../db/repos/repair-work-views.ts';

/**
 * The office's side of a repair ticket: technicians take new tickets ("รับงาน", first tap wins), set
 * the visit date, wait for parts (the clock stops), resume and resolve; the group director assigns;
 * directors see the figures. Every input checks the permission table and the state machine with
 * the person as stored now; a refusal is answered politely and audited.
 */
const dataSchema: z.ZodType<RepairWorkData> = z.object({
  t: z.number().int().optional(),
  v: z.number().int().optional(),
  r: z.enum(WAIT_REASONS).optional(),
  resolution: z.string().optional(),
  parts: z.string().nullable().optional(),
  candidates: z.array(z.number().int()).optional(),
});

type State = FlowState<RepairWorkData>;
type Ctx = FlowContext<RepairWorkPrepared>;
type Result = StepResult<RepairWorkData>;

const at = (step: string, data: RepairWorkData, ...effects: Effect[]): Result => ({ state: { step, data }, effects });
const end = (...effects: Effect[]): Result => ({ state: null, effects });
const stale = (): Result => ({ state: null, effects: [{ kind: 'staleButton' }] });
const deny = (action: Action): Result => end(reply(say(deniedMessage(action))), command({ type: 'recordDenial', action }));
const MAX_TEXT = 1000;

/** The permission an input needs. */
function neededAction(input: FlowInput, state: State | null): Action {
  if (input.kind === 'text') {
    const menu = repairWorkMenuOf(input.text);
    if (menu === 'newJobs') return 'take_ticket';
    if (menu === 'myJobs') return 'update_ticket';
    if (menu === 'repairSummary') return 'view_reports';
  }
  if (postbackFor(input, acceptAction)) return 'take_ticket';
  if (postbackFor(input, assignAction) || postbackFor(input, assignToAction) || state?.step === 'assignPick') return 'assign_ticket';
  if (postbackFor(input, timelineAction)) return 'view_school_tickets';
  return 'update_ticket';
}

/** Whether the person may use the input: new tickets are also the group director's to assign. */
function allowed(person: Person, needed: Action): boolean {
  if (needed === 'take_ticket') return can(person.role, 'take_ticket') || can(person.role, 'assign_ticket');
  if (needed === 'view_school_tickets') return can(person.role, 'take_ticket') || can(person.role, 'assign_ticket') || can(person.role, 'view_reports');
  return can(person.role, needed);
}

function statusLabel(t: TicketView): string {
  return STATUS_LABELS[t.status] ?? t.status;
}

/** What the ticket looks like once the command of this step is carried out (the version goes up by one). */
function after(t: TicketView, change: Partial<TicketView>): TicketView {
  return { ...t, ...change, version: t.version + 1 };
}

function parseVisit(datetime: string | undefined, now: Date): Date | null {
  const match = datetime ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(datetime) : null;
  if (!match) return null;
  // The picker shows the phone's local time: in Thailand, Bangkok time.
  const visit = bangkokTime(match[1]!, match[2]!);
  return visit.getTime() < now.getTime() - 5 * 60_000 ? null : visit;
}

function menuStep(person: Person, input: FlowInput & { kind: 'text' }, ctx: Ctx): Result {
  const menu = repairWorkMenuOf(input.text);
  const p = ctx.prepared;
  if (menu === 'repairSummary') {
    if (!p.figures) return deny('view_reports');
    return end(reply(say(T.figures(p.figures.figures, THAI_MONTHS[p.figures.monthIndex]!, p.figures.fiscalYearBE))));
  }
  const tickets = p.tickets ?? [];
  if (menu === 'newJobs') {
    if (tickets.length === 0) return end(reply(say(T.noNewTickets)));
    return end(reply(say(T.newTicketsIntro(tickets.length)), ticketCarousel(tickets, person, T.newTicketsIntro(tickets.length))));
  }
  if (tickets.length === 0) return end(reply(say(T.noMyTickets)));
  return end(reply(say(T.myTicketsIntro(tickets.length)), ticketCarousel(tickets, person, T.myTicketsIntro(tickets.length))));
}

function accept(person: Person, t: TicketView): Result {
  if (t.status !== 'new') {
    if (t.assigneeName && t.assigneeId !== person.id) return end(reply(say(T.takenBy(t.number, t.assigneeName))));
    return end(reply(say(T.notNewAnymore(t.number, statusLabel(t)))));
  }
  if (!canTransition(person.role, 'accepted', 'new', 'accepted')) return deny('take_ticket');
  // The lock taken in `prepare` makes this the current version: the first tap wins, whatever its card showed.
  const next = after(t, { status: 'accepted', assigneeId: person.id, assigneeName: person.fullName, acceptedAt: null });
  return end(command({ type: 'acceptTicket', ticketId: t.id, expectedVersion: t.version }), reply(say(T.accepted(t.number)), ticketCard(next, person)));
}

/** A step on one's own ticket: it must be theirs, at the version the button showed, and a move the machine allows. */
function ownTicket(person: Person, t: TicketView, version: number, action: 'scheduled' | 'waiting' | 'resumed' | 'resolved', to: TicketStatus): Result | null {
  if (t.version !== version) return stale();
  if (t.assigneeId !== person.id) return end(reply(say(T.notYourTicket(t.number))));
  if (!canTransition(person.role, action, t.status as TicketStatus, to)) return end(reply(say(T.notNow(t.number, statusLabel(t)))));
  return null;
}

function resolveCommand(person: Person, state: State, mediaId: number | null, ticket: TicketView): Result {
  const d = state.data;
  if (d.t === undefined || d.v === undefined || d.resolution === undefined) return end();
  const blocked = ownTicket(person, ticket, d.v, 'resolved', 'resolved');
  if (blocked) return blocked;
  const pushes: Effect[] = ticket.reporterLineUserId
    ? [{ kind: 'push', to: ticket.reporterLineUserId, messages: [confirmRequest(T.toReporterResolved(ticket.number, d.resolution), ticket.id, d.v + 1)] }]
    : [];
  return end(
    command({ type: 'resolveTicket', ticketId: ticket.id, expectedVersion: d.v, resolution: d.resolution, partsUsed: d.parts ?? null, mediaId }),
    reply(say(T.resolved(ticket.number))),
    ...pushes,
  );
}

export function repairWorkStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const person = ctx.person;
  if (!person) return end(reply(say(T.notRegistered)));
  const needed = neededAction(input, state);
  if (!allowed(person, needed)) return deny(needed);
  const p = ctx.prepared;

  if (input.kind === 'text' && repairWorkMenuOf(input.text)) return menuStep(person, input, ctx);
  if (postbackFor(input, skipAction) && !state) return end();

  const t = p.ticket;
  if (t === null) return end(reply(say(T.ticketNotFound)));

  const acc = postbackFor(input, acceptAction);
  if (acc && t) return accept(person, t);

  const tl = postbackFor(input, timelineAction);
  if (tl && t) return end(reply(timelineCard(t, p.timeline ?? [])));

  const visit = postbackFor(input, visitAction);
  if (visit && t) {
    const blocked = ownTicket(person, t, visit.payload.v, 'scheduled', 'scheduled');
    if (blocked) return blocked;
    const visitAt = parseVisit(visit.params.datetime, now);
    if (!visitAt) return end(reply(say(T.visitInvalid)));
    const pushes: Effect[] = t.reporterLineUserId
      ? [{ kind: 'push', to: t.reporterLineUserId, messages: [say(T.toReporterVisit(t.number, person.fullName, visitAt))] }]
      : [];
    return end(
      command({ type: 'scheduleVisit', ticketId: t.id, expectedVersion: t.version, visitAt }),
      reply(say(T.visitSet(t.number, visitAt)), ticketCard(after(t, { status: 'scheduled', visitAt }), person)),
      ...pushes,
    );
  }

  const wait = postbackFor(input, waitAction);
  if (wait && t) {
    const blocked = ownTicket(person, t, wait.payload.v, 'waiting', 'waiting');
    if (blocked) return blocked;
    return end(
      reply(
        textWithButtons(
          T.chooseWaitReason,
          WAIT_REASONS.map((r) => ({ label: L.waitReasons[r], data: encodePostback(waitReasonAction, { t: t.id, v: t.version, r }) })),
        ),
      ),
    );
  }
  const why = postbackFor(input, waitReasonAction);
  if (why && t) {
    const blocked = ownTicket(person, t, why.payload.v, 'waiting', 'waiting');
    if (blocked) return blocked;
    return at('waitNote', { t: t.id, v: t.version, r: why.payload.r }, reply(say(T.askWaitNote(why.payload.r))));
  }

  const resume = postbackFor(input, resumeAction);
  if (resume && t) {
    const to: TicketStatus = t.visitAt ? 'scheduled' : 'accepted';
    const blocked = ownTicket(person, t, resume.payload.v, 'resumed', to);
    if (blocked) return blocked;
    return end(
      command({ type: 'resumeTicket', ticketId: t.id, expectedVersion: t.version }),
      reply(say(T.resumed(t.number)), ticketCard(after(t, { status: to, waitingReason: null }), person)),
    );
  }

  const resolve = postbackFor(input, resolveAction);
  if (resolve && t) {
    const blocked = ownTicket(person, t, resolve.payload.v, 'resolved', 'resolved');
    if (blocked) return blocked;
    return at('resolveWhat', { t: t.id, v: t.version }, reply(say(T.askResolution)));
  }

  const assign = postbackFor(input, assignAction);
  if (assign && t) {
    if (assign.payload.v !== t.version) return stale();
    const to = t.status === 'new' ? 'accepted' : (t.status as TicketStatus);
    if (!canTransition(person.role, 'assigned', t.status as TicketStatus, to)) return deny('assign_ticket');
    const techs = p.technicians ?? [];
    if (techs.length === 0) return end(reply(say(T.noTechnicians)));
    const shown = techs.slice(0, 12);
    return at(
      'assignPick',
      { t: t.id, v: t.version, candidates: shown.map((x) => x.id) },
      reply(textWithButtons(T.pickTechnician(t.number), shown.map((x) => ({ label: x.fullName, data: encodePostback(assignToAction, { t: t.id, v: t.version, p: x.id }) })))),
    );
  }
  const assignTo = postbackFor(input, assignToAction);
  if (assignTo && t) {
    if (assignTo.payload.v !== t.version) return stale();
    const to = t.status === 'new' ? 'accepted' : (t.status as TicketStatus);
    if (!canTransition(person.role, 'assigned', t.status as TicketStatus, to)) return deny('assign_ticket');
    const tech = (p.technicians ?? []).find((x) => x.id === assignTo.payload.p);
    if (!tech) return stale();
    return end(
      command({ type: 'assignTicket', ticketId: t.id, expectedVersion: t.version, assigneeId: tech.id }),
      reply(say(T.assigned(t.number, tech.fullName))),
      { kind: 'push', to: tech.lineUserId, messages: [say(T.youWereAssigned(t.number, t.schoolName)), ticketCard(after(t, { status: to, assigneeId: tech.id, assigneeName: tech.fullName }), { id: tech.id, role: 'technician' })] },
    );
  }

  // Conversation steps: the wait's note, and the resolution's what / parts / photo.
  if (state && t) {
    const skip = postbackFor(input, skipAction) !== undefined;
    const typed = input.kind === 'text' ? input.text.trim().slice(0, MAX_TEXT) : undefined;
    switch (state.step) {
      case 'waitNote': {
        if (!typed) return { state, effects: [reply(say(T.textPlease))] };
        const { v, r } = state.data;
        if (v === undefined || r === undefined) return end();
        const blocked = ownTicket(person, t, v, 'waiting', 'waiting');
        if (blocked) return blocked;
        return end(
          command({ type: 'startWaiting', ticketId: t.id, expectedVersion: v, reason: r, note: typed }),
          reply(say(T.waiting(t.number)), ticketCard(after(t, { status: 'waiting', waitingReason: r }), person)),
        );
      }
      case 'resolveWhat':
        if (!typed) return { state, effects: [reply(say(T.textPlease))] };
        return at('resolveParts', { ...state.data, resolution: typed }, reply(textWithButtons(T.askParts, [{ label: L.skip, data: encodePostback(skipAction, {}) }])));
      case 'resolveParts':
        if (!typed && !skip) return { state, effects: [reply(say(T.textPlease))] };
        return at('resolvePhoto', { ...state.data, parts: skip ? null : typed ?? null }, reply(textWithPhotoButtons(T.askPhoto, [{ label: L.skip, data: encodePostback(skipAction, {}) }])));
      case 'resolvePhoto':
        if (input.kind === 'image') return resolveCommand(person, state, p.photoMediaId ?? null, t);
        if (skip) return resolveCommand(person, state, null, t);
        return { state, effects: [reply(textWithPhotoButtons(T.askPhoto, [{ label: L.skip, data: encodePostback(skipAction, {}) }]))] };
      default:
        return end();
    }
  }
  return end();
}

export const repairWorkFlow: Flow<RepairWorkData, RepairWorkPrepared> = {
  name: REPAIR_WORK_FLOW,
  version: 1,
  dataSchema,
  actions: repairWorkActions,
  startsOn: (input, person) => Boolean(person) && input.kind === 'text' && repairWorkMenuOf(input.text) !== undefined,
  prepare: prepareRepairWork,
  step: (state, input, now, ctx) => repairWorkStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeRepairWork,
};

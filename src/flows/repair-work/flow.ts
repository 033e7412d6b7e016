import { z } from 'zod';
import type { RepairWorkCommand } from './commands.ts';
import { commandOf, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, postbackFor, reply, type StepResult } from '../../bot/flow.ts';
import { bangkokTime } from '../../domain/office-time.ts';
import type { Person } from '../../domain/people.ts';
import { canTransition, type TicketStatus } from '../../domain/repair/status.ts';
import { encodePostback } from '../../line/postback.ts';
import { defineGuard, type Need } from '../../kit/guard.ts';
import { at, deny, end, say, stale, textWithButtons, textWithPhotoButtons } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { narrowByName, pickerPage } from '../../kit/picker.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import {
  acceptAction,
  assignAction,
  assignMoreAction,
  assignToAction,
  REPAIR_WORK_FLOW,
  repairWorkActions,
  repairWorkMenuOf,
  type RepairWorkMenu,
  resolveAction,
  resumeAction,
  skipAction,
  photosAction,
  timelineAction,
  visitAction,
  waitAction,
  waitReasonAction,
} from './actions.ts';
import { confirmRequest, photoMessages, ticketCard, ticketCarousel, timelineCard } from './cards.ts';
import { executeRepairWork } from './execute.ts';
import { repairWorkLabels as L, repairWorkTexts as T, STATUS_LABELS, THAI_MONTHS, WAIT_REASONS, type WaitReason } from './messages.ts';
import { prepareRepairWork, type RepairWorkData, type RepairWorkPrepared } from './prepare.ts';
import type { TicketView } from '../../domain/repair/ticket.ts';

const command = commandOf<RepairWorkCommand>();

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

const MAX_TEXT = 1000;
const TAKE: Need = { action: 'take_ticket', allowedBy: ['take_ticket', 'assign_ticket'] };
const MENU_NEEDS: Record<RepairWorkMenu, Need> = { newJobs: TAKE, myJobs: 'update_ticket', repairSummary: 'view_reports' };

/** Who may do what here: new tickets are also the group director's to assign; a ticket's story is the office's. */
const guard = defineGuard({
  notRegistered: T.notRegistered,
  text: (text) => {
    const menu = repairWorkMenuOf(text);
    return menu && MENU_NEEDS[menu];
  },
  postbacks: [
    [[acceptAction], TAKE],
    [[assignAction, assignToAction, assignMoreAction], 'assign_ticket'],
    [[timelineAction, photosAction], { action: 'view_school_tickets', allowedBy: ['take_ticket', 'assign_ticket', 'view_reports'] }],
  ],
  steps: { assignPick: 'assign_ticket' },
  otherwise: 'update_ticket',
});

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

function menuStep(person: Person, input: FlowInput & { kind: 'text' }, ctx: Ctx, now: Date): Result {
  const menu = repairWorkMenuOf(input.text);
  const p = ctx.prepared;
  if (menu === 'repairSummary') {
    if (!p.figures) return deny('view_reports');
    return end(reply(say(T.figures(p.figures.figures, `${THAI_MONTHS[p.figures.monthIndex]!} ${p.figures.yearBE}`, p.figures.fiscalYearBE))));
  }
  const tickets = p.tickets ?? [];
  if (menu === 'newJobs') {
    if (tickets.length === 0) return end(reply(say(T.noNewTickets)));
    return end(reply(say(T.newTicketsIntro(tickets.length)), ticketCarousel(tickets, person, now, T.newTicketsIntro(tickets.length))));
  }
  if (tickets.length === 0) return end(reply(say(T.noMyTickets)));
  return end(reply(say(T.myTicketsIntro(tickets.length)), ticketCarousel(tickets, person, now, T.myTicketsIntro(tickets.length))));
}

function accept(person: Person, t: TicketView, now: Date): Result {
  if (t.status !== 'new') {
    if (t.assigneeName && t.assigneeId !== person.id) return end(reply(say(T.takenBy(t.number, t.assigneeName))));
    return end(reply(say(T.notNewAnymore(t.number, statusLabel(t)))));
  }
  if (!canTransition(person.role, 'accepted', 'new', 'accepted')) return deny('take_ticket');
  // The lock taken in `prepare` makes this the current version: the first tap wins, whatever its card showed.
  const next = after(t, { status: 'accepted', assigneeId: person.id, assigneeName: person.fullName, acceptedAt: null });
  return end(command({ type: 'acceptTicket', ticketId: t.id, expectedVersion: t.version }), reply(say(T.accepted(t.number)), ticketCard(next, person, now)));
}

/** A step on one's own ticket: it must be theirs, at the version the button showed, and a move the machine allows. */
function ownTicket(person: Person, t: TicketView, version: number, action: 'scheduled' | 'waiting' | 'resumed' | 'resolved', to: TicketStatus): Result | null {
  if (!isCurrent(t, version)) return stale();
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
    ? [{ kind: 'push', to: ticket.reporterLineUserId, messages: [confirmRequest(ticket, d.v + 1, T.toReporterResolved(ticket.number, d.resolution))] }]
    : [];
  return end(
    command({ type: 'resolveTicket', ticketId: ticket.id, expectedVersion: d.v, resolution: d.resolution, partsUsed: d.parts ?? null, mediaId }),
    reply(say(T.resolved(ticket.number))),
    ...pushes,
  );
}

/** What a button's handler knows: who pressed it, the ticket as it is now, the step's reads and clock. */
interface Tapped {
  person: Person;
  t: TicketView;
  p: RepairWorkPrepared;
  now: Date;
}

function scheduleVisit({ person, t, now }: Tapped, v: number, datetime: string | undefined): Result {
  const blocked = ownTicket(person, t, v, 'scheduled', 'scheduled');
  if (blocked) return blocked;
  const visitAt = parseVisit(datetime, now);
  if (!visitAt) return end(reply(say(T.visitInvalid)));
  const pushes: Effect[] = t.reporterLineUserId
    ? [{ kind: 'push', to: t.reporterLineUserId, messages: [say(T.toReporterVisit(t.number, person.fullName, visitAt))] }]
    : [];
  return end(
    command({ type: 'scheduleVisit', ticketId: t.id, expectedVersion: t.version, visitAt }),
    reply(say(T.visitSet(t.number, visitAt)), ticketCard(after(t, { status: 'scheduled', visitAt }), person, now)),
    ...pushes,
  );
}

function askWaitReason({ person, t }: Tapped, v: number): Result {
  const blocked = ownTicket(person, t, v, 'waiting', 'waiting');
  if (blocked) return blocked;
  const buttons = WAIT_REASONS.map((r) => ({ label: L.waitReasons[r], data: encodePostback(waitReasonAction, { t: t.id, v: t.version, r }) }));
  return end(reply(textWithButtons(T.chooseWaitReason, buttons)));
}

function askWaitNote({ person, t }: Tapped, v: number, r: WaitReason): Result {
  const blocked = ownTicket(person, t, v, 'waiting', 'waiting');
  if (blocked) return blocked;
  return at('waitNote', { t: t.id, v: t.version, r }, reply(say(T.askWaitNote(r))));
}

function resume({ person, t, now }: Tapped, v: number): Result {
  const to: TicketStatus = t.visitAt ? 'scheduled' : 'accepted';
  const blocked = ownTicket(person, t, v, 'resumed', to);
  if (blocked) return blocked;
  return end(
    command({ type: 'resumeTicket', ticketId: t.id, expectedVersion: t.version }),
    reply(say(T.resumed(t.number)), ticketCard(after(t, { status: to, waitingReason: null }), person, now)),
  );
}

function askResolution({ person, t }: Tapped, v: number): Result {
  const blocked = ownTicket(person, t, v, 'resolved', 'resolved');
  if (blocked) return blocked;
  return at('resolveWhat', { t: t.id, v: t.version }, reply(say(T.askResolution)));
}

/** The status a ticket has once assigned: a new ticket is accepted for the technician; others keep theirs. */
const assignedStatus = (t: TicketView): TicketStatus => (t.status === 'new' ? 'accepted' : (t.status as TicketStatus));

type Technician = NonNullable<RepairWorkPrepared['technicians']>[number];

/** A page of technicians to assign the ticket to; typing part of a name narrows the list. */
function technicianPage(t: TicketView, technicians: readonly Technician[], offset: number): Result {
  const ref = { t: t.id, v: t.version };
  const page = pickerPage({
    choices: technicians,
    button: (x) => ({ label: x.fullName, data: encodePostback(assignToAction, { ...ref, p: x.id }) }),
    offset,
    pageData: (o) => encodePostback(assignMoreAction, { ...ref, o }),
  });
  return at('assignPick', { ...ref, candidates: page.shown.map((x) => x.id) }, reply(textWithButtons(T.pickTechnician(t.number, page.paged), page.buttons)));
}

function pickTechnician({ person, t, p }: Tapped, v: number, offset: number): Result {
  if (!isCurrent(t, v)) return stale();
  if (!canTransition(person.role, 'assigned', t.status as TicketStatus, assignedStatus(t))) return deny('assign_ticket');
  const techs = p.technicians ?? [];
  if (techs.length === 0) return end(reply(say(T.noTechnicians)));
  return technicianPage(t, techs, offset);
}

function assignTo({ person, t, p, now }: Tapped, v: number, technicianId: number): Result {
  if (!isCurrent(t, v)) return stale();
  const to = assignedStatus(t);
  if (!canTransition(person.role, 'assigned', t.status as TicketStatus, to)) return deny('assign_ticket');
  const tech = (p.technicians ?? []).find((x) => x.id === technicianId);
  if (!tech) return stale();
  return end(
    command({ type: 'assignTicket', ticketId: t.id, expectedVersion: t.version, assigneeId: tech.id }),
    reply(say(T.assigned(t.number, tech.fullName))),
    { kind: 'push', to: tech.lineUserId, messages: [say(T.youWereAssigned(t.number, t.schoolName)), ticketCard(after(t, { status: to, assigneeId: tech.id, assigneeName: tech.fullName }), { id: tech.id, role: 'technician' }, now)] },
  );
}

/** What each button on a ticket does. */
const routeTicketButton = defineRoutes<Tapped, Result>([
  on(acceptAction, (_tap, c) => accept(c.person, c.t, c.now)),
  on(timelineAction, (_tap, c) => end(reply(timelineCard(c.t, c.p.timeline ?? [])))),
  on(photosAction, (_tap, c) => end(reply(...photoMessages(c.t, c.p.photos ?? [], c.now)))),
  on(visitAction, (tap, c) => scheduleVisit(c, tap.payload.v, tap.params.datetime)),
  on(waitAction, (tap, c) => askWaitReason(c, tap.payload.v)),
  on(waitReasonAction, (tap, c) => askWaitNote(c, tap.payload.v, tap.payload.r)),
  on(resumeAction, (tap, c) => resume(c, tap.payload.v)),
  on(resolveAction, (tap, c) => askResolution(c, tap.payload.v)),
  on(assignAction, (tap, c) => pickTechnician(c, tap.payload.v, 0)),
  on(assignMoreAction, (tap, c) => pickTechnician(c, tap.payload.v, tap.payload.o)),
  on(assignToAction, (tap, c) => assignTo(c, tap.payload.v, tap.payload.p)),
]);

export function repairWorkStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  const p = ctx.prepared;

  if (input.kind === 'text' && repairWorkMenuOf(input.text)) return menuStep(person, input, ctx, now);
  if (postbackFor(input, skipAction) && !state) return end();

  const t = p.ticket;
  if (t === null) return end(reply(say(T.ticketNotFound)));

  const routed = t ? routeTicketButton(input, { person, t, p, now }) : undefined;
  if (routed) return routed;

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
          reply(say(T.waiting(t.number)), ticketCard(after(t, { status: 'waiting', waitingReason: r }), person, now)),
        );
      }
      case 'assignPick': {
        if (!typed) return end();
        if (!isCurrent(t, state.data.v)) return stale();
        const found = narrowByName(p.technicians ?? [], typed, (x) => x.fullName);
        if (found.length === 0) return { state, effects: [reply(say(T.noTechnicianMatch(typed.slice(0, 40))))] };
        return technicianPage(t, found, 0);
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

export const repairWorkFlow: Flow<RepairWorkData, RepairWorkPrepared, RepairWorkCommand> = {
  name: REPAIR_WORK_FLOW,
  version: 1,
  dataSchema,
  actions: repairWorkActions,
  startsOn: (input, person) => Boolean(person) && input.kind === 'text' && repairWorkMenuOf(input.text) !== undefined,
  prepare: prepareRepairWork,
  step: (state, input, now, ctx) => repairWorkStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeRepairWork,
};

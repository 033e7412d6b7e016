import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { loadOfficeCalendar } from '../../db/repos/holidays.ts';
import { listMedia } from '../../db/repos/media.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { TICKET_MEDIA_OWNER, ticketTimeline, type TicketEvent } from '../../db/repos/repair-tickets.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import {
  acceptAction,
  assignAction,
  assignMoreAction,
  assignToAction,
  repairWorkMenuOf,
  resolveAction,
  resumeAction,
  photosAction,
  timelineAction,
  visitAction,
  waitAction,
  waitReasonAction,
} from './actions.ts';
import { officeClockOf } from './clock.ts';
import { computeFigures, reportPeriods, type Figures } from './figures.ts';
import { techniciansOnDuty } from './notify.ts';
import { reachableWithRole } from '../../db/repos/recipients.ts';
import { getTicketView, listMyTickets, listNewTickets, listTicketsForFigures, lockTicketView, type TicketView } from '../../db/repos/repair-work-views.ts';
import type { WaitReason } from './messages.ts';
import { keepSentPhoto, keptFileId } from '../../kit/photos.ts';

export interface RepairWorkData {
  t?: number | undefined;
  v?: number | undefined;
  r?: WaitReason | undefined;
  resolution?: string | undefined;
  parts?: string | null | undefined;
  /** The technicians offered for an assignment. */
  candidates?: number[] | undefined;
}

export interface RepairWorkPrepared {
  ticket?: TicketView | null;
  tickets?: TicketView[];
  technicians?: Array<{ id: number; fullName: string; lineUserId: string }>;
  timeline?: TicketEvent[];
  figures?: { figures: Figures; monthIndex: number; yearBE: number; fiscalYearBE: number };
  /** The ticket's photos, oldest first (the school's, then the repair's), for ดูรูปทั้งหมด. */
  photos?: Array<{ id: number }>;
  /** The photo after the repair, downloaded from LINE at once; null when it could not be fetched. */
  photoMediaId?: number | null;
}

export const LIST_LIMIT = 12;
/** What LINE shows as an image. */
const SHOWN_PHOTO_TYPES = new Set(['image/jpeg', 'image/png']);

const isOfficeStaff = (person: Person | null) =>
  can(person?.role, 'take_ticket') || can(person?.role, 'assign_ticket') || can(person?.role, 'view_reports');

function ticketIdOf(input: FlowInput, state: FlowState<RepairWorkData> | null): { id: number; lock: boolean } | undefined {
  for (const action of [acceptAction, visitAction, waitAction, waitReasonAction, resumeAction, resolveAction, assignAction, assignToAction, assignMoreAction]) {
    const hit = postbackFor(input, action);
    if (hit) return { id: hit.payload.t, lock: true };
  }
  const readOnly = postbackFor(input, timelineAction) ?? postbackFor(input, photosAction);
  if (readOnly) return { id: readOnly.payload.t, lock: false };
  if (state?.data.t !== undefined) return { id: state.data.t, lock: true };
  return undefined;
}

/**
 * Reads what the step needs. The ticket a button acts on is locked for the event's transaction, so
 * that of two technicians tapping "รับงาน" at once the second sees who took it. Nothing is read for a
 * person who may not see tickets at all (the step answers them with a denial).
 */
export async function prepareRepairWork(
  tx: Executor,
  input: FlowInput,
  state: FlowState<RepairWorkData> | null,
  person: Person | null,
  env: FlowEnv,
): Promise<RepairWorkPrepared> {
  if (!person || !isOfficeStaff(person)) return {};
  const prepared: RepairWorkPrepared = {};
  const menu = input.kind === 'text' ? repairWorkMenuOf(input.text) : undefined;
  if (menu === 'newJobs') {
    const settings = await getOfficeSettings(tx, env.officeId);
    const covers = settings.repair.technicianDistricts[String(person.id)];
    // A technician routed by district sees their districts' tickets; a director sees all of them.
    const districts = person.role === 'technician' && settings.repair.routing === 'district' && covers && covers.length > 0 ? covers : null;
    prepared.tickets = await listNewTickets(tx, env.officeId, districts, LIST_LIMIT);
    return prepared;
  }
  if (menu === 'myJobs') {
    prepared.tickets = await listMyTickets(tx, env.officeId, person.id, LIST_LIMIT);
    return prepared;
  }
  if (menu === 'repairSummary') {
    if (!can(person.role, 'view_reports')) return prepared;
    const periods = reportPeriods(env.now);
    const settings = await getOfficeSettings(tx, env.officeId);
    const clock = officeClockOf(await loadOfficeCalendar(tx, env.officeId, settings));
    const rows = await listTicketsForFigures(tx, env.officeId, periods.fiscalYear.from);
    prepared.figures = { figures: computeFigures(rows, periods, env.now, clock), monthIndex: periods.monthIndex, yearBE: periods.yearBE, fiscalYearBE: periods.fiscalYearBE };
    return prepared;
  }
  if (menu) return prepared;

  const target = ticketIdOf(input, state);
  if (target) {
    prepared.ticket = target.lock ? await lockTicketView(tx, env.officeId, target.id) : await getTicketView(tx, env.officeId, target.id);
  }
  if (prepared.ticket && postbackFor(input, timelineAction)) prepared.timeline = await ticketTimeline(tx, prepared.ticket.id);
  if (prepared.ticket && postbackFor(input, photosAction)) {
    const files = await listMedia(tx, TICKET_MEDIA_OWNER, prepared.ticket.id);
    prepared.photos = files.filter((f) => f.officeId === env.officeId && SHOWN_PHOTO_TYPES.has(f.contentType)).map((f) => ({ id: f.id }));
  }
  const typedName = input.kind === 'text' && state?.step === 'assignPick';
  if (prepared.ticket && (postbackFor(input, assignAction) || postbackFor(input, assignToAction) || postbackFor(input, assignMoreAction) || typedName)) {
    const settings = await getOfficeSettings(tx, env.officeId);
    const all = await reachableWithRole(tx, env.officeId, 'technician');
    prepared.technicians = techniciansOnDuty(all, prepared.ticket.district, settings.repair.routing, settings.repair.technicianDistricts);
    // The list offered is who is on duty for the ticket's district; a chosen or typed name may be any technician.
    if (postbackFor(input, assignToAction) || typedName) prepared.technicians = all;
  }
  if (input.kind === 'image' && state?.step === 'resolvePhoto' && prepared.ticket) {
    prepared.photoMediaId = keptFileId(await keepSentPhoto(tx, input.messageId, person, env, 'resolution'));
  }
  return prepared;
}

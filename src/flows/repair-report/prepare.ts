import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { postbackFor, type FlowEnv, type FlowInput } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { schoolRegister } from '../../db/repos/dltv-register.ts';
import type { RegisterLine } from '../../domain/repair/dltv-register.ts';
import { getCategory, listCategories, type RepairCategory } from '../../db/repos/repair-categories.ts';
import { findOpenTicketOfKind, getTicket, takeTicketNumber, type RepairTicket } from '../../db/repos/repair-tickets.ts';
import type { Person } from '../../domain/people.ts';
import { isOpenStatus } from '../../domain/repair/status.ts';
import { keepSentPhoto } from '../../kit/photos.ts';
import { categoryAction, editFieldAction, groupAction, startReportAction } from './actions.ts';
import { canReportForSchool, finishIntent, photoWanted, type ReportState } from './state.ts';

/** What the report's step needs from the database (and from LINE, for photos). */
export interface ReportPrepared {
  /** Active categories: all of them when a report starts (for the groups), or of the tapped group. */
  categories?: RepairCategory[];
  /** The category behind a tapped category button (null: gone). */
  picked?: RepairCategory | null;
  /** A picture sent, downloaded and kept as a draft; 'failed' when LINE did not give it. */
  photo?: { mediaId: number } | 'failed';
  /** The school's open ticket of the same kind, found when the reporter confirms. */
  duplicate?: RepairTicket | null;
  /** The ticket number taken for the ticket the step will open. */
  number?: { fiscalYear: number; seq: number };
  /** The open ticket the report joins, as it is now (null: gone). */
  mergeTarget?: RepairTicket | null;
  /** A DLTV fault's school register, for the classroom question and the confirmation. */
  register?: RegisterLine[];
}

export function isReportStart(input: FlowInput): boolean {
  if (postbackFor(input, startReportAction)) return true;
  return input.kind === 'text' && menuCommandOf(input.text) === 'reportFault';
}

export async function prepareReport(
  tx: Executor,
  input: FlowInput,
  state: ReportState | null,
  person: Person | null,
  env: FlowEnv,
): Promise<ReportPrepared> {
  // Nothing is read or taken for someone the step will turn away.
  if (!canReportForSchool(person)) return {};
  const prepared: ReportPrepared = {};
  const editKind = postbackFor(input, editFieldAction)?.payload.f === 'kind';
  // Typed where the kind is asked: the question comes again with its buttons, so its categories are read too.
  const kindTyped = input.kind !== 'postback' && (state?.step === 'group' || state?.step === 'category');
  if (isReportStart(input) || editKind || kindTyped) prepared.categories = await listCategories(tx, env.officeId);
  const group = postbackFor(input, groupAction);
  if (group) prepared.categories = await listCategories(tx, env.officeId, { groupCode: group.payload.g });
  const category = postbackFor(input, categoryAction);
  if (category) prepared.picked = await getCategory(tx, env.officeId, category.payload.id);

  // Read at every step of a DLTV report (a few lines): whichever answer leads to the classroom question shows it.
  if (state?.data.group === 'dltv') prepared.register = await schoolRegister(tx, person.schoolId);

  if (photoWanted(state, input, person) && input.kind === 'image') {
    prepared.photo = await keepSentPhoto(tx, input.messageId, person, env, 'report');
  }

  const intent = finishIntent(state, input, person);
  if (intent?.kind === 'confirm' && state?.data.categoryId !== undefined) {
    prepared.duplicate = await findOpenTicketOfKind(tx, person.schoolId, { categoryId: state.data.categoryId });
    if (!prepared.duplicate) prepared.number = await takeTicketNumber(tx, env.officeId, env.now);
  } else if (intent?.kind === 'new') {
    prepared.number = await takeTicketNumber(tx, env.officeId, env.now);
  } else if (intent?.kind === 'merge') {
    prepared.mergeTarget = await getTicket(tx, env.officeId, intent.ticketId);
    if (!mergeable(prepared.mergeTarget, person)) prepared.number = await takeTicketNumber(tx, env.officeId, env.now);
  }
  return prepared;
}

/** An open ticket of the reporter's own school can take another report. */
export function mergeable(ticket: RepairTicket | null | undefined, person: Person): ticket is RepairTicket {
  return ticket !== null && ticket !== undefined && ticket.schoolId === person.schoolId && isOpenStatus(ticket.status);
}

import type { messagingApi } from '@line/bot-sdk';
import type { RepairCommand } from './commands.ts';
import { commandOf, reply, type Flow, type FlowContext, type FlowInput, type StepResult } from '../../bot/flow.ts';
import type { RepairCategory } from '../../domain/repair/categories.ts';
import { CATEGORY_GROUP_LABELS, CATEGORY_GROUPS, type CategoryGroup } from '../../domain/repair/categories.ts';
import { formatTicketNumber } from '../../domain/repair/priority.ts';
import { encodePostback } from '../../line/postback.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { defineGuard } from '../../kit/guard.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, end, postbackItem, QUICK_REPLY_MAX, say, stale, textWithButtons, textWithPhotoButtons } from '../../kit/steps.ts';
import { registerLineFor, registerSummary } from '../../domain/repair/dltv-register.ts';
import {
  cancelReportAction,
  categoryAction,
  classroomAction,
  confirmReportAction,
  EDIT_FIELDS,
  type EditField,
  editFieldAction,
  editReportAction,
  groupAction,
  mergeReportAction,
  newTicketAnywayAction,
  noClassroomAction,
  photosDoneAction,
  REPAIR_REPORT_FLOW,
  repairReportActions,
  teachingAction,
} from './actions.ts';
import { categoryTitle, summaryCard, ticketCard } from './cards.ts';
import { executeRepairCommand } from './execute.ts';
import { CLASSROOM_MAX, DESCRIPTION_MAX, MAX_PHOTOS, reportLabels as L, reportTexts as T } from './messages.ts';
import { isReportStart, mergeable, prepareReport, type ReportPrepared } from './prepare.ts';
import { completeReport, finishIntent, photoWanted, reportDataSchema, type ReportData, type ReportState } from './state.ts';

const command = commandOf<RepairCommand>();

/**
 * "แจ้งซ่อม": kind (group, then category) → what is wrong → up to three photos → classroom (optional) →
 * is teaching stopped (priority) → summary card → confirm, edit or cancel. On confirm the school's open
 * ticket of the same kind, if any, is offered first; otherwise the ticket opens and its number is in
 * the reply. Photos are downloaded by `prepare` the moment they arrive.
 */
type Ctx = FlowContext<ReportPrepared>;
type Result = StepResult<ReportData>;

const stay = (state: ReportState, ...messages: LineMessage[]): Result => ({ state, effects: [reply(...messages)] });

function withQuickReplies(message: LineMessage, items: messagingApi.QuickReplyItem[]): LineMessage {
  return { ...message, quickReply: { items } } as LineMessage;
}

function groupsOf(categories: readonly RepairCategory[]): CategoryGroup[] {
  return CATEGORY_GROUPS.filter((g) => categories.some((c) => c.groupCode === g));
}

/** The kind question: the groups, or straight the categories when only one group has any. */
function askKind(data: ReportData, categories: readonly RepairCategory[]): Result {
  const groups = groupsOf(categories);
  if (groups.length === 0) return end(reply(say(T.noCategories)));
  if (groups.length === 1) return askCategory({ ...data, group: groups[0] }, categories);
  return at(
    'group',
    data,
    reply(textWithButtons(T.chooseGroup, groups.map((g) => ({ label: L.groups[g], displayText: CATEGORY_GROUP_LABELS[g], data: encodePostback(groupAction, { d: data.d, g }) })))),
  );
}

function askCategory(data: ReportData, categories: readonly RepairCategory[]): Result {
  const group = data.group;
  const shown = categories.filter((c) => c.groupCode === group);
  if (!group || shown.length === 0) return end(reply(say(T.noCategories)));
  const buttons = shown.map((c) => ({ label: c.label, data: encodePostback(categoryAction, { d: data.d, id: c.id }) }));
  return at('category', data, reply(textWithButtons(T.chooseCategory(CATEGORY_GROUP_LABELS[group]), buttons)));
}

function askPhotos(data: ReportData, text: string): LineMessage {
  const finish = data.mediaIds.length === 0 ? L.noPhoto : L.photosDone;
  return textWithPhotoButtons(text, [{ label: finish, data: encodePostback(photosDoneAction, { d: data.d }) }]);
}

/** A DLTV fault's school register as prepared (none for other faults). */
const registerOf = (data: ReportData, ctx: Ctx) => (data.group === 'dltv' ? (ctx.prepared.register ?? []) : []);

/**
 * Where the equipment is. For a DLTV fault of a school with a register, its classrooms' equipment as surveyed
 * comes first, and each classroom is a button (a name typed is taken too).
 */
function askClassroom(data: ReportData, ctx: Ctx): LineMessage {
  const unsaid = { label: L.noClassroom, data: encodePostback(noClassroomAction, { d: data.d }) };
  const register = registerOf(data, ctx);
  const summary = registerSummary(register);
  if (!summary) return textWithButtons(T.askClassroom, [unsaid]);
  const rooms = register
    .filter((line) => line.classroom.length <= CLASSROOM_MAX)
    .slice(0, QUICK_REPLY_MAX - 1)
    .map((line) => ({ label: line.classroom, data: encodePostback(classroomAction, { d: data.d, c: line.classroom }) }));
  return textWithButtons(`${summary}\n\n${T.askClassroomOfRegister}`, [...rooms, unsaid]);
}

const askTeaching = (data: ReportData) =>
  textWithButtons(T.askTeaching, [
    { label: L.teachingStopped, data: encodePostback(teachingAction, { d: data.d, s: true }) },
    { label: L.teachingGoesOn, data: encodePostback(teachingAction, { d: data.d, s: false }) },
  ]);

function summary(data: ReportData, ctx: Ctx): Result {
  const d = { d: data.d };
  const card = summaryCard(data, ctx.person?.schoolName ?? '', {
    confirm: encodePostback(confirmReportAction, d),
    edit: encodePostback(editReportAction, d),
    cancel: encodePostback(cancelReportAction, d),
  });
  return at('summary', { ...data, editing: undefined, duplicateId: undefined }, reply(card));
}

/** After an answer: the summary when editing, otherwise the next question. */
function next(after: 'category' | 'describe' | 'photos' | 'classroom', data: ReportData, ctx: Ctx): Result {
  if (data.editing && completeReport(data)) return summary(data, ctx);
  switch (after) {
    case 'category':
      return at('describe', data, reply(say(T.askDescription(data.categoryLabel ?? ''))));
    case 'describe':
      if (data.mediaIds.length >= MAX_PHOTOS) return next('photos', data, ctx);
      return at('photos', data, reply(askPhotos(data, data.mediaIds.length > 0 ? T.photoReceived(data.mediaIds.length) : T.askPhotos)));
    case 'photos':
      return at('classroom', data, reply(askClassroom(data, ctx)));
    case 'classroom':
      return at('teaching', data, reply(askTeaching(data)));
  }
}

function takePhoto(state: ReportState, ctx: Ctx): Result {
  const photo = ctx.prepared.photo;
  if (!photo || photo === 'failed') return stay(state, say(T.photoFailed));
  const mediaIds = state.data.mediaIds.includes(photo.mediaId) ? state.data.mediaIds : [...state.data.mediaIds, photo.mediaId];
  const data = { ...state.data, mediaIds };
  if (state.step === 'describe') return at('describe', data, reply(say(T.photoEarly)));
  if (mediaIds.length >= MAX_PHOTOS) {
    const after = next('photos', data, ctx);
    return { ...after, effects: [reply(say(T.photoReceived(mediaIds.length))), ...after.effects] };
  }
  return at('photos', data, reply(askPhotos(data, T.photoReceived(mediaIds.length))));
}

function openTicket(data: ReportData, ctx: Ctx, before: LineMessage[] = []): Result {
  const report = completeReport(data);
  const number = ctx.prepared.number;
  if (!report || !number) throw new Error('report prepare did not take a ticket number');
  // The classroom's line of the register, when it has one: what the technician will be told the room has.
  const own = registerLineFor(registerOf(data, ctx), report.classroom);
  const created = T.created(formatTicketNumber(number.fiscalYear, number.seq), report.teachingStopped);
  return end(command({ type: 'createRepairTicket', ...number, ...report }), reply(...before, say(own ? `${created}\n\n${registerSummary([own])}` : created)));
}

function finish(state: ReportState, input: FlowInput, ctx: Ctx): Result | null {
  const intent = finishIntent(state, input, ctx.person);
  if (!intent) return null;
  const person = ctx.person!;
  if (intent.kind === 'confirm') {
    const duplicate = ctx.prepared.duplicate;
    if (!duplicate) return openTicket(state.data, ctx);
    const d = state.data.d;
    const card = withQuickReplies(ticketCard(duplicate), [
      postbackItem({ label: L.merge, data: encodePostback(mergeReportAction, { d, t: duplicate.id }) }),
      postbackItem({ label: L.newAnyway, data: encodePostback(newTicketAnywayAction, { d }) }),
      postbackItem({ label: L.cancel, data: encodePostback(cancelReportAction, { d }) }),
    ]);
    return at('duplicate', { ...state.data, duplicateId: duplicate.id }, reply(say(T.duplicateFound(duplicate.number)), card));
  }
  if (intent.kind === 'new') return openTicket(state.data, ctx);
  const target = ctx.prepared.mergeTarget;
  if (!mergeable(target, person)) return openTicket(state.data, ctx, [say(T.mergeTargetClosed)]);
  const report = completeReport(state.data)!;
  return end(
    command({ type: 'addRepairReport', ticketId: target.id, description: report.description, classroom: report.classroom, mediaIds: report.mediaIds }),
    reply(say(T.merged(target.number))),
  );
}

/** The draft id a tapped button of this flow carries (undefined: not one of ours, or carries none). */
function draftOf(input: FlowInput): number | undefined {
  if (input.kind !== 'postback' || input.action.flow !== REPAIR_REPORT_FLOW) return undefined;
  const payload = input.payload as { d?: unknown };
  return typeof payload.d === 'number' ? payload.d : undefined;
}

/** What a button's handler knows. */
interface Tapped {
  state: ReportState;
  ctx: Ctx;
}

function pickCategory({ state, ctx }: Tapped): Result {
  const category = ctx.prepared.picked;
  if (!category || !category.active) return stay(state, say(T.categoryGone));
  const chosen = { ...state.data, group: category.groupCode, categoryId: category.id, categoryLabel: categoryTitle(CATEGORY_GROUP_LABELS[category.groupCode], category.label) };
  return next('category', chosen, ctx);
}

function askEdit(data: ReportData): Result {
  const buttons = EDIT_FIELDS.map((f) => ({ label: L.editFields[f], data: encodePostback(editFieldAction, { d: data.d, f }) }));
  return at('edit', data, reply(textWithButtons(T.chooseEdit, buttons)));
}

function editField({ state, ctx }: Tapped, field: EditField): Result {
  const editing = { ...state.data, editing: true };
  switch (field) {
    case 'kind':
      return askKind(editing, ctx.prepared.categories ?? []);
    case 'description':
      return at('describe', editing, reply(say(T.askDescription(state.data.categoryLabel ?? ''))));
    case 'photos': {
      // New photos replace the old ones; the old drafts are left for the clean-up of abandoned drafts.
      const cleared = { ...editing, mediaIds: [] };
      return at('photos', cleared, reply(askPhotos(cleared, T.askPhotos)));
    }
    case 'classroom':
      return at('classroom', editing, reply(askClassroom(editing, ctx)));
    case 'teaching':
      return at('teaching', editing, reply(askTeaching(editing)));
  }
}

/**
 * A tile tapped while the report holds what was typed: how to finish or cancel it, then the open question (or the
 * summary) again with its buttons, since LINE shows quick replies under the latest message only.
 */
function busy(state: ReportState, ctx: Ctx): Result {
  const note = say(T.busyReporting);
  const data = state.data;
  const before = (shown: Result): Result => ({ ...shown, effects: [reply(note), ...shown.effects] });
  switch (state.step) {
    case 'describe':
      return stay(state, note, say(T.askDescription(data.categoryLabel ?? '')));
    case 'photos':
      return stay(state, note, askPhotos(data, data.mediaIds.length > 0 ? T.photoReceived(data.mediaIds.length) : T.askPhotos));
    case 'classroom':
      return stay(state, note, askClassroom(data, ctx));
    case 'teaching':
      return stay(state, note, askTeaching(data));
    case 'summary':
      return before(summary(data, ctx));
    case 'edit':
      return before(askEdit(data));
    default:
      return stay(state, note);
  }
}

/** A button counts only at the step(s) that show it; elsewhere (undefined) the step asks its own question again. */
const atStep = (state: ReportState, ...steps: string[]) => steps.includes(state.step);

/** What each button of a report does (confirm, merge and "new anyway" are `finish`'s). */
const routeReportButton = defineRoutes<Tapped, Result | undefined>([
  on(cancelReportAction, () => end(reply(say(T.cancelled)))),
  on(groupAction, (tap, { state, ctx }) => (atStep(state, 'group', 'category') ? askCategory({ ...state.data, group: tap.payload.g }, ctx.prepared.categories ?? []) : undefined)),
  on(categoryAction, (_tap, c) => (atStep(c.state, 'group', 'category') ? pickCategory(c) : undefined)),
  on(photosDoneAction, (_tap, { state, ctx }) => (atStep(state, 'photos') ? next('photos', state.data, ctx) : undefined)),
  on(noClassroomAction, (_tap, { state, ctx }) => (atStep(state, 'classroom') ? next('classroom', { ...state.data, classroom: null }, ctx) : undefined)),
  on(classroomAction, (tap, { state, ctx }) => (atStep(state, 'classroom') ? next('classroom', { ...state.data, classroom: tap.payload.c }, ctx) : undefined)),
  on(teachingAction, (tap, { state, ctx }) => (atStep(state, 'teaching') ? summary({ ...state.data, teachingStopped: tap.payload.s }, ctx) : undefined)),
  on(editReportAction, (_tap, { state }) => (atStep(state, 'summary', 'edit') ? askEdit(state.data) : undefined)),
  on(editFieldAction, (tap, c) => (atStep(c.state, 'edit') ? editField(c, tap.payload.f) : undefined)),
]);

const guard = defineGuard({ notRegistered: T.notRegistered, otherwise: 'report_fault' });

export function reportStep(state: ReportState | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (person.schoolId === null) return end(reply(say(T.noSchool)));
  if (isReportStart(input)) return askKind({ d: now.getTime(), mediaIds: [] }, ctx.prepared.categories ?? []);
  if (!state) return input.kind === 'postback' ? stale(null) : end();
  const d = draftOf(input);
  if (input.kind === 'postback' && d !== state.data.d) return stale(state);

  const finished = finish(state, input, ctx);
  if (finished) return finished;
  const routed = routeReportButton(input, { state, ctx });
  if (routed) return routed;
  if (input.kind === 'text' && menuCommandOf(input.text) !== undefined) return busy(state, ctx);
  if (input.kind === 'image') {
    return photoWanted(state, input, person) ? takePhoto(state, ctx) : stay(state, say(state.step === 'photos' ? T.photoLimit : T.photoNotNow));
  }
  const data = state.data;

  // Typed text, or a button this step does not take.
  switch (state.step) {
    case 'group':
    case 'category': {
      // Typed: the question again with its buttons (LINE shows quick replies under the latest message only).
      const categories = ctx.prepared.categories ?? [];
      if (categories.length === 0) return stay(state, say(T.pickFromButtons));
      const asked = state.step === 'category' ? askCategory(data, categories) : askKind(data, categories);
      return { ...asked, effects: [reply(say(T.pickFromButtons)), ...asked.effects] };
    }
    case 'describe': {
      if (input.kind !== 'text') return stay(state, say(T.askDescription(data.categoryLabel ?? '')));
      const description = input.text.trim().replace(/[ \t]+/g, ' ');
      if (description.length < 3) return stay(state, say(T.descriptionTooShort));
      if (description.length > DESCRIPTION_MAX) return stay(state, say(T.descriptionTooLong));
      return next('describe', { ...data, description }, ctx);
    }
    case 'photos':
      return stay(state, askPhotos(data, T.sendPhotoOrDone));
    case 'classroom': {
      if (input.kind !== 'text') return stay(state, askClassroom(data, ctx));
      const classroom = input.text.trim().replace(/\s+/g, ' ');
      if (classroom.length === 0) return stay(state, askClassroom(data, ctx));
      if (classroom.length > CLASSROOM_MAX) return stay(state, say(T.classroomTooLong));
      return next('classroom', { ...data, classroom }, ctx);
    }
    case 'teaching':
      return stay(state, askTeaching(data));
    case 'summary':
    case 'edit':
      // A tap that `finish` did not take (e.g. confirming a report that lost an answer) or typed text.
      return state.step === 'summary' ? summary(data, ctx) : stay(state, say(T.pickFromButtons));
    case 'duplicate':
      return stay(state, say(T.pickFromButtons));
    default:
      return end(reply(say(T.cancelled)));
  }
}

export const repairReportFlow: Flow<ReportData, ReportPrepared, RepairCommand> = {
  name: REPAIR_REPORT_FLOW,
  version: 1,
  dataSchema: reportDataSchema,
  actions: repairReportActions,
  startsOn: (input, person) => Boolean(person) && isReportStart(input),
  // Once the fault has a description or a photo, a tile asks to finish or cancel; a bare category choice does not.
  holdsDraft: (state) => state.data.description !== undefined || state.data.mediaIds.length > 0,
  prepare: prepareReport,
  step: (state, input, now, ctx) => reportStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeRepairCommand,
};

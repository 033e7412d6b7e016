import type { messagingApi } from '@line/bot-sdk';
import { z } from 'zod';
import { commandOf, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { checkBooking, type Room } from '../../domain/bookings/rooms.ts';
import { bangkokClock, bangkokDateKey, bangkokTime } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { reachTotal, type SchoolReach } from '../../domain/school-answerer.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';
import {
  answersOpen,
  attendanceOpen,
  audienceSchema,
  changeable,
  EVALUATION_QUESTIONS,
  parseMeetingLink,
  SCORE_LABELS,
  tallyOf,
  VC_PLATFORM_LABELS,
  withSurveyEvaluation,
  VC_PLATFORMS,
  vcPlatformSchema,
  type Audience,
  type VcInvitation,
  type VcSession,
} from '../../domain/vc/session.ts';
import { renderCards } from '../../kit/card.ts';
import { defineGuard } from '../../kit/guard.ts';
import { narrowByName, narrowedView, pickerPage, tickedPickerPage, toggleChoice } from '../../kit/picker.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, buttonLabel, end, postbackItem, QUICK_REPLY_MAX, say, schoolButtonLabel, stale, textWithButtons, type Button } from '../../kit/steps.ts';
import { FLEX_LIMITS } from '../../line/flex-limits.ts';
import { isCurrent } from '../../kit/versioned.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import {
  answerAction,
  attendanceAction,
  attendedAction,
  audienceAction,
  byDistrictAction,
  cancelAction,
  cancelConfirmAction,
  confirmAction,
  delegateAction,
  endAction,
  groupAction,
  kitAction,
  listAction,
  moveAction,
  moveConfirmAction,
  teamAction,
  teamDoneAction,
  newSessionAction,
  pageAction,
  platformAction,
  quitAction,
  reportAction,
  roomAction,
  schoolAction,
  schoolsAllAction,
  schoolsDoneAction,
  scoreAction,
  sendEvaluationAction,
  startAction,
  tickAction,
  unansweredAction,
  VC_FLOW,
  vcActions,
} from './actions.ts';
import { invitationCard, questionMessage, reportCard, reportCards, renderInvitation, sessionCards, summaryCard } from './cards.ts';
import type { VcCommand } from './commands.ts';
import { executeVc } from './execute.ts';
import { evaluationRespondents } from './evaluation.ts';
import { roundIsOpen } from '../../domain/surveys/round.ts';
import { vcLabels as L, vcTexts as T, whenText } from './messages.ts';
import { isStartText, prepareVc, type VcData, type VcPrepared } from './prepare.ts';

const command = commandOf<VcCommand>();

/**
 * ประชุมทางไกล. The officer (plan_vc_session) sees the sessions with their answers live and plans a new one: title,
 * start (date-and-time picker) and end, platform, the link pasted, a room free then (booked with the session, in
 * the same transaction) or none, and the invited: all schools, a district, a cluster or chosen schools; a summary,
 * then the invitations go, one push per school's director (or contact). A school answers from the card (เข้าร่วม /
 * ไม่สะดวก / who it sends), taps เข้าร่วมแล้ว once the session starts and answers three quick questions; the officer
 * ticks attendance, sends the evaluation and the report to the area director.
 */

const dataSchema: z.ZodType<VcData> = z.object({
  ti: z.string().optional(),
  st: z.string().optional(),
  en: z.string().optional(),
  pf: vcPlatformSchema.optional(),
  ln: z.string().optional(),
  r: z.number().int().optional(),
  rn: z.string().optional(),
  kt: z.number().int().optional(),
  ktn: z.string().optional(),
  tm: z.array(z.number().int()).optional(),
  tmn: z.array(z.string()).optional(),
  k: z.enum(['district', 'cluster', 'schools']).optional(),
  ids: z.array(z.number().int()).optional(),
  o: z.number().int().optional(),
  q: z.string().optional(),
  au: audienceSchema.optional(),
  n: z.number().int().optional(),
  i: z.number().int().optional(),
  v: z.number().int().optional(),
  s: z.number().int().optional(),
});

type State = FlowState<VcData>;
type Ctx = FlowContext<VcPrepared>;
type Result = StepResult<VcData>;

export const TITLE_MAX = 200;
const DELEGATE_MAX = 200;
const UNANSWERED_SHOWN = 60;

const keep = (state: State, ...effects: Effect[]): Result => ({ state, effects });

const schoolInputs = [answerAction, delegateAction, attendedAction, scoreAction];
const guard = defineGuard({
  notRegistered: T.notRegistered,
  text: (text, _person, state) => {
    if (isStartText({ kind: 'text', userId: '', text }) || state?.step === undefined) return { action: 'plan_vc_session', allowedBy: ['plan_vc_session', 'answer_vc_invitation', 'view_office_report'] };
    return state.step === 'delegate' ? 'answer_vc_invitation' : 'plan_vc_session';
  },
  postbacks: [
    [[quitAction], null],
    [[listAction], { action: 'plan_vc_session', allowedBy: ['plan_vc_session', 'answer_vc_invitation', 'view_office_report'] }],
    [schoolInputs, 'answer_vc_invitation'],
  ],
  otherwise: 'plan_vc_session',
});

// ── Pieces ───────────────────────────────────────────────────────────────────────────────────────────

const withItems = (text: string, items: messagingApi.QuickReplyItem[]): LineMessage => ({ type: 'text', text, quickReply: { items } });

function picker(label: string, data: string, mode: 'datetime' | 'time', range: { initial: string; min?: string }): messagingApi.QuickReplyItem {
  return { type: 'action', action: { type: 'datetimepicker', label: buttonLabel(label), data, mode, ...range } };
}

const pickerInstant = (d: Date) => `${bangkokDateKey(d)}T${bangkokClock(d)}`;

const quitButton: Button = { label: L.quit, data: encodePostback(quitAction, {}) };
const newButton: Button = { label: L.newSession, data: encodePostback(newSessionAction, {}) };

function startQuestion(now: Date, text: string = T.askStart): LineMessage {
  const tomorrow = new Date(now.getTime() + 24 * 60 * 60 * 1000);
  return withItems(text, [picker(L.start, encodePostback(startAction, {}), 'datetime', { initial: `${bangkokDateKey(tomorrow)}T09:00`, min: pickerInstant(now) }), postbackItem(quitButton)]);
}

/** The end's time picker, offered `lengthMs` after the start (a new session: two hours; a moved one: its length). */
const endQuestion = (start: Date, lengthMs = 2 * 60 * 60 * 1000) =>
  withItems(T.askEnd(formatThaiDateTime(start)), [picker(L.end, encodePostback(endAction, {}), 'time', { initial: bangkokClock(new Date(start.getTime() + lengthMs)), min: bangkokClock(start) }), postbackItem(quitButton)]);

const platformQuestion = () =>
  textWithButtons(T.askPlatform, [...VC_PLATFORMS.map((p) => ({ label: VC_PLATFORM_LABELS[p], data: encodePostback(platformAction, { p }) })), quitButton]);

const audienceQuestion = () =>
  textWithButtons(T.askAudience, [
    { label: L.all, data: encodePostback(audienceAction, { k: 'all' }) },
    { label: L.district, data: encodePostback(audienceAction, { k: 'district' }) },
    { label: L.cluster, data: encodePostback(audienceAction, { k: 'cluster' }) },
    { label: L.schools, data: encodePostback(audienceAction, { k: 'schools' }) },
    quitButton,
  ]);

function freeRooms(data: VcData, ctx: Ctx, now: Date): Room[] {
  if (!data.st || !data.en) return [];
  const startsAt = new Date(data.st);
  const endsAt = new Date(data.en);
  return (ctx.prepared.rooms ?? []).filter((room) => checkBooking(room, startsAt, endsAt, now, null, ctx.prepared.held?.get(room.id) ?? [], ctx.prepared.closedDays) === null);
}

function roomQuestion(data: VcData, ctx: Ctx, now: Date): LineMessage {
  const rooms = freeRooms(data, ctx, now);
  const page = pickerPage({
    choices: rooms,
    button: (room) => ({ label: room.name, data: encodePostback(roomAction, { r: room.id }) }),
    always: [{ label: L.noRoom, data: encodePostback(roomAction, { r: 0 }) }, quitButton],
  });
  return textWithButtons(T.askRoom(rooms.length), page.buttons);
}

function groupQuestion(kind: 'district' | 'cluster', ctx: Ctx, offset: number): LineMessage {
  const names = kind === 'district' ? (ctx.prepared.groups?.districts ?? []) : (ctx.prepared.groups?.clusters ?? []);
  const page = pickerPage({
    choices: names,
    button: (n) => ({ label: n, data: encodePostback(groupAction, { n: n.slice(0, 60) }) }),
    offset,
    pageData: (o) => encodePostback(pageAction, { o }),
    always: [quitButton],
  });
  return textWithButtons(T.askGroup(kind), page.buttons);
}

/**
 * The kit's ticked picker over the office's schools, narrowed to those whose name contains what was typed (`q`, kept
 * while ticking and paging, until แสดงทั้งหมด). Returns the data to keep (`q` dropped when it no longer narrows).
 */
function schoolsQuestion(data: VcData, ctx: Ctx, offset: number, intro?: string): { data: VcData; message: LineMessage } {
  const chosen = new Set(data.ids ?? []);
  const view = narrowedView(ctx.prepared.schools ?? [], data.q, (s) => s.name);
  const page = tickedPickerPage({
    choices: view.shown,
    ticked: (s) => chosen.has(s.id),
    // "บ้านหนองบัวทอง", not "โรงเรียนบ้านหนองบัว…" twice: the 20 characters go to what tells the schools apart.
    name: (s) => schoolButtonLabel(s.name),
    displayText: (s) => s.name,
    data: (s) => encodePostback(schoolAction, { c: s.id }),
    offset,
    pageData: (o) => encodePostback(pageAction, { o }),
    showAllData: view.narrowed ? encodePostback(schoolsAllAction, {}) : undefined,
    always: [{ label: L.schoolsDone, data: encodePostback(schoolsDoneAction, {}) }, quitButton],
  });
  const text = [intro, view.narrowed && data.q ? T.schoolsNarrowedTo(data.q, view.shown.length) : undefined, T.askSchools(chosen.size)].filter(Boolean).join('\n');
  return { data: { ...data, o: offset, q: view.narrowed ? data.q : undefined }, message: textWithButtons(text, page.buttons) };
}

/** The schools step again, as `schoolsQuestion` draws it. */
function atSchools(data: VcData, ctx: Ctx, offset: number, intro?: string): Result {
  const asked = schoolsQuestion(data, ctx, offset, intro);
  return at('schools', asked.data, reply(asked.message));
}

const reachTotalOf = (ctx: Ctx): number => (ctx.prepared.reach ? reachTotal(ctx.prepared.reach) : 0);

function summary(data: VcData, audience: Audience, invited: number, budget?: VcPrepared['budget'], reach?: SchoolReach): Result {
  if (invited === 0) return at('audience', { ...data, k: undefined, ids: undefined, o: undefined }, reply(say(T.emptyAudience), audienceQuestion()));
  const next = { ...data, au: audience, n: invited };
  return at(
    'confirm',
    next,
    reply(
      summaryCard({
        title: next.ti!,
        startsAt: new Date(next.st!),
        endsAt: new Date(next.en!),
        platform: next.pf!,
        link: next.ln!,
        roomName: next.rn ?? null,
        kitName: next.ktn ?? null,
        teamNames: next.tmn,
        audience,
        invited,
        budget,
        reach,
      }),
    ),
  );
}

// ── The officer's list and a session's views ─────────────────────────────────────────────────────────

interface Tap {
  state: State | null;
  person: Person;
  ctx: Ctx;
  now: Date;
}

function startAnswer({ person, ctx, now }: Tap): Result {
  if (can(person.role, 'plan_vc_session')) {
    const sessions = ctx.prepared.sessions ?? [];
    const intro = T.officerIntro(sessions.length);
    const buttons = [newButton];
    if (sessions.length === 0) return end(reply(textWithButtons(intro, buttons)));
    return end(reply(say(intro), { ...sessionCards(sessions, now, intro), quickReply: { items: buttons.map(postbackItem) } }));
  }
  if (ctx.prepared.reports) {
    const reports = ctx.prepared.reports;
    const intro = T.reportsIntro(reports.length);
    return reports.length === 0 ? end(reply(say(intro))) : end(reply(say(intro), reportCards(reports, intro)));
  }
  const mine = ctx.prepared.mine ?? [];
  const intro = T.schoolIntro(mine.length);
  if (mine.length === 0) return end(reply(say(intro)));
  return end(reply(say(intro), renderCards(mine.map((m) => invitationCard(m.session, m.invitation, now >= new Date(m.session.startsAt.getTime() - 30 * 60_000) ? 'link' : 'invite')), intro)));
}

function sessionOf({ ctx }: Tap) {
  const session = ctx.prepared.session;
  return session ? { session, invitations: ctx.prepared.invitations ?? [] } : null;
}

function byDistrict(tap: Tap): Result {
  const found = sessionOf(tap);
  if (!found) return stale();
  const tally = tallyOf(found.invitations);
  const lines = tally.byDistrict.map((d) => T.districtLine(d.district, d.joined, d.declined, d.unanswered, d.invited));
  return end(reply(say(`${T.byDistrictAlt(found.session.title)}\n${lines.join('\n')}`)));
}

function unanswered(tap: Tap): Result {
  const found = sessionOf(tap);
  if (!found) return stale();
  const waiting = found.invitations.filter((i) => i.answer === null);
  const shown = waiting.slice(0, UNANSWERED_SHOWN).map((i) => `• ${i.schoolName} (${i.district})${i.personId === null ? ' *' : ''}`);
  if (waiting.length > shown.length) shown.push(T.andMore(waiting.length - shown.length));
  return end(reply(say(T.unansweredList(found.session.title, waiting.length, shown.join('\n')))));
}

/**
 * The attendance picker: the schools that said they would join first, then the others; ticked ones marked, each named
 * without the word โรงเรียน. Narrowed to those whose name contains what was typed (`q`, kept while ticking and paging,
 * until แสดงทั้งหมด: the card's บันทึกผู้เข้าร่วม again, the list from the start). Returns the data to keep.
 */
function attendanceQuestion(sessionId: number, invitations: readonly VcInvitation[], offset: number, q?: string): { data: VcData; message: LineMessage } {
  const order = (i: VcInvitation) => (i.answer === 'join' ? 0 : i.answer === null ? 1 : 2);
  const sorted = [...invitations].sort((a, b) => order(a) - order(b) || a.schoolName.localeCompare(b.schoolName, 'th'));
  const view = narrowedView(sorted, q, (i) => i.schoolName);
  const page = tickedPickerPage({
    choices: view.shown,
    ticked: (i) => i.attended,
    name: (i) => schoolButtonLabel(i.schoolName),
    displayText: (i) => i.schoolName,
    data: (i) => encodePostback(tickAction, { i: i.id, v: i.version, o: offset }),
    offset,
    pageData: (o) => encodePostback(attendanceAction, { s: sessionId, o }),
    showAllData: view.narrowed ? encodePostback(attendanceAction, { s: sessionId }) : undefined,
    always: [quitButton],
  });
  const attended = invitations.filter((i) => i.attended).length;
  const text = [view.narrowed && q ? T.schoolsNarrowedTo(q, view.shown.length) : undefined, T.askAttendance(attended, invitations.length)].filter(Boolean).join('\n');
  return { data: { s: sessionId, o: offset, q: view.narrowed ? q : undefined }, message: textWithButtons(text, page.buttons) };
}

/** What was typed to narrow the attendance picker of this session (the conversation's, while it is at that step). */
const attendanceTyped = (state: State | null, sessionId: number): string | undefined => (state?.step === 'attendance' && state.data.s === sessionId ? state.data.q : undefined);

/** The card's บันทึกผู้เข้าร่วม and แสดงทั้งหมด (no `o`): every school; a paging button (`o`) keeps what was typed. */
function attendance(tap: Tap, offset: number | undefined): Result {
  const found = sessionOf(tap);
  if (!found) return stale();
  if (!attendanceOpen(found.session, tap.now)) return end(reply(say(T.notStarted)));
  const asked = attendanceQuestion(found.session.id, found.invitations, offset ?? 0, offset === undefined ? undefined : attendanceTyped(tap.state, found.session.id));
  return at('attendance', asked.data, reply(asked.message));
}

function tick(tap: Tap, payload: { i: number; v: number; o?: number | undefined }): Result {
  const found = sessionOf(tap);
  const invitation = found?.invitations.find((i) => i.id === payload.i);
  if (!found || !invitation || !isCurrent(invitation, payload.v)) return stale(tap.state);
  if (!attendanceOpen(found.session, tap.now)) return end(reply(say(T.notStarted)));
  const on = !invitation.attended;
  const after = found.invitations.map((i) => (i.id === invitation.id ? { ...i, attended: on, version: i.version + 1 } : i));
  const asked = attendanceQuestion(found.session.id, after, payload.o ?? 0, attendanceTyped(tap.state, found.session.id));
  return at(
    'attendance',
    asked.data,
    command({ type: 'markAttended', invitationId: invitation.id, expectedVersion: payload.v, attended: on, by: 'officer' }),
    reply(say(T.ticked(invitation.schoolName, on)), asked.message),
  );
}

function sendEvaluation(tap: Tap, v: number): Result {
  const found = sessionOf(tap);
  if (!found || !isCurrent(found.session, v)) return stale();
  const round = tap.ctx.prepared.evaluationRound ?? null;
  if (round && !roundIsOpen(round, tap.now)) return end(reply(say(T.evaluationClosed)));
  const waiting = evaluationRespondents(found.invitations, new Set(round?.respondentIds ?? [])).length;
  if (waiting === 0) return end(reply(say(T.evaluationSent(0))));
  return end(command({ type: 'sendEvaluation', sessionId: found.session.id, expectedVersion: v }), reply(say(T.evaluationSent(waiting))));
}

function report(tap: Tap, v: number): Result {
  const found = sessionOf(tap);
  if (!found || !isCurrent(found.session, v) || found.session.state !== 'planned') return stale();
  if (!attendanceOpen(found.session, tap.now)) return end(reply(say(T.notStarted)));
  const tally = withSurveyEvaluation(tallyOf(found.invitations), tap.ctx.prepared.surveyEvaluation ?? null);
  return end(command({ type: 'reportSession', sessionId: found.session.id, expectedVersion: v }), reply(say(T.reportSent), reportCard({ ...found.session, state: 'ended' }, tally)));
}

// ── Cancelling and moving a session ───────────────────────────────────────────────────────────────────

/** What the pushes of a change take of the month's budget (none set: nothing said). */
function budgetText(n: number, budget: VcPrepared['budget']): string {
  if (!budget || budget.budget <= 0) return '';
  return `\n${budget.used + n > budget.budget ? T.overBudget(n, budget.used, budget.budget) : T.budgetLine(n, budget.used, budget.budget)}`;
}

/** The session the officer's button names, at the version it was drawn for, still changeable; else the answer. */
function changing(tap: Tap, v: number): { session: VcSession } | { refused: Result } {
  const found = sessionOf(tap);
  if (!found || !isCurrent(found.session, v)) return { refused: stale() };
  if (!changeable(found.session, tap.now)) return { refused: end(reply(say(T.notChangeable))) };
  return { session: found.session };
}

const moveStartText = (session: VcSession) => T.askMoveStart(session.title, whenText(session.startsAt, session.endsAt));

function askCancel(tap: Tap, v: number): Result {
  const found = changing(tap, v);
  if ('refused' in found) return found.refused;
  const { session } = found;
  const told = tap.ctx.prepared.toTell ?? 0;
  return end(
    reply(
      textWithButtons(`${T.askCancel(session.title, whenText(session.startsAt, session.endsAt), told)}${budgetText(told, tap.ctx.prepared.budget)}`, [
        { label: L.confirmCancel, data: encodePostback(cancelConfirmAction, { s: session.id, v }) },
        { label: L.keepSession, data: encodePostback(listAction, {}) },
      ]),
    ),
  );
}

function cancelSession(tap: Tap, v: number): Result {
  const found = changing(tap, v);
  if ('refused' in found) return found.refused;
  const { session } = found;
  return end(command({ type: 'cancelSession', sessionId: session.id, expectedVersion: v }), reply(say(T.cancelledSession(session.title, tap.ctx.prepared.toTell ?? 0))));
}

function askMove(tap: Tap, v: number): Result {
  const found = changing(tap, v);
  if ('refused' in found) return found.refused;
  return at('moveStart', { s: found.session.id, v }, reply(startQuestion(tap.now, moveStartText(found.session))));
}

/** The new time chosen: the session's room and kit must be free then (asked again otherwise), then the summary. */
function moveSummary(tap: Tap, startsAt: Date, endsAt: Date): Result {
  const { state, ctx, now } = tap;
  const data = state!.data;
  const found = changing(tap, data.v ?? 0);
  if ('refused' in found) return found.refused;
  const { session } = found;
  const again = (why: string) => at('moveStart', { s: session.id, v: data.v }, reply(say(why), startQuestion(now, moveStartText(session))));
  const booked = ctx.prepared.sessionRoom;
  if (booked) {
    const held = (ctx.prepared.held?.get(booked.room.id) ?? []).filter((h) => h.bookingId !== booked.bookingId);
    if (checkBooking(booked.room, startsAt, endsAt, now, null, held, ctx.prepared.closedDays) !== null) return again(T.moveRoomTaken(booked.room.name));
  }
  const otherDay = bangkokDateKey(startsAt) !== bangkokDateKey(session.startsAt);
  if (session.kitId !== null && otherDay && !(ctx.prepared.kits ?? []).some((kit) => kit.id === session.kitId)) return again(T.moveKitTaken);
  const told = ctx.prepared.toTell ?? 0;
  const text = T.moveSummary(session.title, whenText(session.startsAt, session.endsAt), whenText(startsAt, endsAt), told);
  return at('moveConfirm', { ...data, st: startsAt.toISOString(), en: endsAt.toISOString() }, reply(textWithButtons(`${text}${budgetText(told, ctx.prepared.budget)}`, [{ label: L.confirmMove, data: encodePostback(moveConfirmAction, {}) }, quitButton])));
}

function onMoveConfirm(tap: Tap): Result {
  const { state } = tap;
  if (state?.step !== 'moveConfirm' || !state.data.st || !state.data.en) return stale();
  const found = changing(tap, state.data.v ?? 0);
  if ('refused' in found) return found.refused;
  const startsAt = new Date(state.data.st);
  const endsAt = new Date(state.data.en);
  if (startsAt <= tap.now) return at('moveStart', { s: found.session.id, v: state.data.v }, reply(say(T.badStart), startQuestion(tap.now, moveStartText(found.session))));
  return end(
    command({ type: 'moveSession', sessionId: found.session.id, expectedVersion: state.data.v!, startsAt, endsAt }),
    reply(textWithButtons(T.movedSession(found.session.title, whenText(startsAt, endsAt), tap.ctx.prepared.toTell ?? 0), [{ label: L.list, data: encodePostback(listAction, {}) }])),
  );
}

// ── The school's buttons ─────────────────────────────────────────────────────────────────────────────

/** The tapping person's own school's invitation: `notInvited` when the session is there but their school is not in it. */
function invitationOf({ ctx, person }: Tap): { invitation: VcInvitation; ok: boolean } | 'notInvited' | null {
  const invitation = ctx.prepared.invitation;
  if (!ctx.prepared.session) return null;
  if (!invitation) return 'notInvited';
  return { invitation, ok: person.schoolId === invitation.schoolId };
}

/** Why a school's answer is not taken any more: the session was cancelled, or it has ended. */
const closedText = (session: Pick<VcSession, 'state'>) => (session.state === 'cancelled' ? T.sessionCancelled : T.answersClosed);

function answer(tap: Tap, payload: { s: number; v: number; a: 'join' | 'decline' }): Result {
  const found = invitationOf(tap);
  if (!found) return stale();
  if (found === 'notInvited') return end(reply(say(T.notInvited)));
  if (!found.ok) return end(reply(say(T.notYourSchool)));
  const session = tap.ctx.prepared.session!;
  if (!answersOpen(session, tap.now)) return end(reply(say(closedText(session))));
  if (!isCurrent(found.invitation, payload.v)) return stale();
  const after = { ...found.invitation, answer: payload.a, version: found.invitation.version + 1 };
  return end(
    command({ type: 'answerInvitation', invitationId: found.invitation.id, expectedVersion: payload.v, answer: payload.a }),
    reply(say(T.answered(payload.a, found.invitation.schoolName)), renderInvitation(session, after, 'invite', T.invitation(session.title, whenText(session.startsAt, session.endsAt)))),
  );
}

function askDelegate(tap: Tap, payload: { s: number; v: number }): Result {
  const found = invitationOf(tap);
  if (!found) return stale();
  if (found === 'notInvited') return end(reply(say(T.notInvited)));
  if (!found.ok) return end(reply(say(T.notYourSchool)));
  if (!answersOpen(tap.ctx.prepared.session!, tap.now)) return end(reply(say(closedText(tap.ctx.prepared.session!))));
  if (!isCurrent(found.invitation, payload.v)) return stale();
  return at('delegate', { i: found.invitation.id, v: payload.v }, reply(textWithButtons(T.askDelegate(found.invitation.schoolName), [quitButton])));
}


function attended(tap: Tap, payload: { s: number; v: number }): Result {
  const found = invitationOf(tap);
  if (!found) return stale();
  if (found === 'notInvited') return end(reply(say(T.notInvited)));
  if (!found.ok) return end(reply(say(T.notYourSchool)));
  const session = tap.ctx.prepared.session!;
  if (!attendanceOpen(session, tap.now)) return end(reply(say(T.notStarted)));
  if (!isCurrent(found.invitation, payload.v) || found.invitation.attended) return stale();
  return end(
    command({ type: 'markAttended', invitationId: found.invitation.id, expectedVersion: payload.v, attended: true, by: 'school' }),
    reply(say(T.attendedThanks)),
  );
}

function score(tap: Tap, payload: { i: number; q: number; n: number }): Result {
  const found = invitationOf(tap);
  if (!found || found === 'notInvited') return stale();
  if (!found.ok) return end(reply(say(T.notYourSchool)));
  const key = EVALUATION_QUESTIONS[payload.q]!.key;
  const { invitation } = found;
  // Answered already (a second tap, an old question): the button is spent.
  if (!invitation.attended || invitation.evaluation?.[key] !== undefined) return stale();
  const next = payload.q + 1 < EVALUATION_QUESTIONS.length ? questionMessage(invitation.id, payload.q + 1) : say(T.evaluationThanks);
  return end(command({ type: 'recordScore', invitationId: invitation.id, key, score: payload.n }), reply(next));
}

// ── Planning ─────────────────────────────────────────────────────────────────────────────────────────

function onStart(tap: Tap, value: string | undefined): Result {
  const { state, now } = tap;
  if (state?.step !== 'start' && state?.step !== 'moveStart') return stale();
  const moving = state.step === 'moveStart' ? tap.ctx.prepared.session : undefined;
  const m = value ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value) : null;
  const startsAt = m ? bangkokTime(m[1]!, m[2]!) : null;
  if (!startsAt || startsAt <= now) return keep(state, reply(say(T.badStart), startQuestion(now, moving ? moveStartText(moving) : undefined)));
  const data = { ...state.data, st: startsAt.toISOString() };
  if (moving) return at('moveEnd', data, reply(endQuestion(startsAt, moving.endsAt.getTime() - moving.startsAt.getTime())));
  return at('end', data, reply(endQuestion(startsAt)));
}

function onEnd(tap: Tap, value: string | undefined): Result {
  const { state } = tap;
  if ((state?.step !== 'end' && state?.step !== 'moveEnd') || !state.data.st) return stale();
  const startsAt = new Date(state.data.st);
  const endsAt = value && /^\d{2}:\d{2}$/.test(value) ? bangkokTime(bangkokDateKey(startsAt), value) : null;
  if (!endsAt || endsAt <= startsAt) return keep(state, reply(say(T.badEnd), endQuestion(startsAt)));
  if (state.step === 'moveEnd') return moveSummary(tap, startsAt, endsAt);
  return at('platform', { ...state.data, en: endsAt.toISOString() }, reply(platformQuestion()));
}

/**
 * The link question: pasted, or a room's standing link tapped. The tap sends the link as the officer's own message
 * (a message action), so it is read exactly as a pasted one.
 */
function linkQuestion(platform: (typeof VC_PLATFORMS)[number], rooms: readonly Room[]): LineMessage {
  const standing = rooms.filter((r) => r.standingLink !== null && r.standingLink.length <= FLEX_LIMITS.messageText).slice(0, QUICK_REPLY_MAX - 1);
  const items: messagingApi.QuickReplyItem[] = standing.map((r) => ({ type: 'action', action: { type: 'message', label: buttonLabel(L.standingLink(r.name)), text: r.standingLink! } }));
  return withItems(standing.length > 0 ? T.askLinkOrStanding(VC_PLATFORM_LABELS[platform]) : T.askLink(VC_PLATFORM_LABELS[platform]), [...items, postbackItem(quitButton)]);
}

function onPlatform({ state, ctx }: Tap, p: (typeof VC_PLATFORMS)[number]): Result {
  if (state?.step !== 'platform') return stale();
  return at('link', { ...state.data, pf: p }, reply(linkQuestion(p, ctx.prepared.rooms ?? [])));
}

function onRoom({ state, ctx, now }: Tap, r: number): Result {
  if (state?.step !== 'room') return stale();
  if (r !== 0 && !freeRooms(state.data, ctx, now).some((room) => room.id === r)) return keep(state, reply(say(T.roomTaken), roomQuestion(state.data, ctx, now)));
  const rn = r === 0 ? undefined : ctx.prepared.rooms?.find((room) => room.id === r)?.name;
  return at('kit', { ...state.data, r, rn }, reply(kitQuestion(ctx)));
}

function kitQuestion(ctx: Ctx): LineMessage {
  const kits = ctx.prepared.kits ?? [];
  const page = pickerPage({
    choices: kits,
    button: (kit) => ({ label: kit.name, data: encodePostback(kitAction, { k: kit.id }) }),
    always: [{ label: L.noKit, data: encodePostback(kitAction, { k: 0 }) }, quitButton],
  });
  return textWithButtons(T.askKit(kits.length), page.buttons);
}

function onKit({ state, ctx, person }: Tap, k: number): Result {
  const personId = person.id;
  if (state?.step !== 'kit') return stale();
  const kit = ctx.prepared.kits?.find((x) => x.id === k);
  if (k !== 0 && !kit) return keep(state, reply(say(T.kitTaken), kitQuestion(ctx)));
  const data = { ...state.data, kt: k, ktn: kit?.name, tm: [personId] };
  return at('team', data, reply(teamQuestion(data, ctx, 0)));
}

function teamQuestion(data: VcData, ctx: Ctx, offset: number): LineMessage {
  const chosen = new Set(data.tm ?? []);
  const page = tickedPickerPage({
    choices: ctx.prepared.staff ?? [],
    ticked: (p) => chosen.has(p.id),
    name: (p) => p.name,
    data: (p) => encodePostback(teamAction, { p: p.id }),
    offset,
    pageData: (o) => encodePostback(pageAction, { o }),
    always: [{ label: L.teamDone, data: encodePostback(teamDoneAction, {}) }, quitButton],
  });
  return textWithButtons(T.askTeam(chosen.size), page.buttons);
}

function onTeam({ state, ctx }: Tap, p: number): Result {
  if (state?.step !== 'team') return stale();
  if (!(ctx.prepared.staff ?? []).some((s) => s.id === p)) return stale(state);
  const data = { ...state.data, tm: toggleChoice(state.data.tm ?? [], p) };
  return at('team', data, reply(teamQuestion(data, ctx, state.data.o ?? 0)));
}

function onTeamDone({ state, ctx }: Tap): Result {
  if (state?.step !== 'team') return stale();
  const names = (ctx.prepared.staff ?? []).filter((s) => (state.data.tm ?? []).includes(s.id)).map((s) => s.name);
  return at('audience', { ...state.data, tmn: names, o: undefined }, reply(audienceQuestion()));
}

function onAudience(tap: Tap, k: 'all' | 'district' | 'cluster' | 'schools'): Result {
  const { state, ctx } = tap;
  if (state?.step !== 'audience' && state?.step !== 'group' && state?.step !== 'schools') return stale();
  if (k === 'all') return summary(state.data, { kind: 'all' }, reachTotalOf(ctx), ctx.prepared.budget, ctx.prepared.reach);
  if (k === 'schools') return atSchools({ ...state.data, k, ids: [], q: undefined }, ctx, 0);
  const names = k === 'district' ? (ctx.prepared.groups?.districts ?? []) : (ctx.prepared.groups?.clusters ?? []);
  if (names.length === 0) return keep(state, reply(say(T.noGroups), audienceQuestion()));
  return at('group', { ...state.data, k, o: 0 }, reply(groupQuestion(k, ctx, 0)));
}

function onGroup({ state, ctx }: Tap, name: string): Result {
  if (state?.step !== 'group' || (state.data.k !== 'district' && state.data.k !== 'cluster')) return stale();
  const audience: Audience = state.data.k === 'district' ? { kind: 'district', district: name } : { kind: 'cluster', cluster: name };
  return summary(state.data, audience, reachTotalOf(ctx), ctx.prepared.budget, ctx.prepared.reach);
}

function onPage({ state, ctx }: Tap, o: number): Result {
  if (state?.step === 'team') return at('team', { ...state.data, o }, reply(teamQuestion(state.data, ctx, o)));
  if (state?.step === 'group' && (state.data.k === 'district' || state.data.k === 'cluster')) return at('group', { ...state.data, o }, reply(groupQuestion(state.data.k, ctx, o)));
  if (state?.step === 'schools') return atSchools(state.data, ctx, o);
  return stale();
}

function onSchool({ state, ctx }: Tap, id: number): Result {
  if (state?.step !== 'schools') return stale();
  const data = { ...state.data, ids: toggleChoice(state.data.ids ?? [], id) };
  return atSchools(data, ctx, data.o ?? 0);
}

function onSchoolsAll({ state, ctx }: Tap): Result {
  if (state?.step !== 'schools') return stale();
  return atSchools({ ...state.data, q: undefined }, ctx, 0);
}

function onSchoolsDone({ state, ctx }: Tap): Result {
  if (state?.step !== 'schools') return stale();
  const ids = state.data.ids ?? [];
  if (ids.length === 0) return keep(state, reply(say(T.noSchoolsChosen), schoolsQuestion(state.data, ctx, state.data.o ?? 0).message));
  return summary(state.data, { kind: 'schools', ids }, ids.length, ctx.prepared.budget, ctx.prepared.reach);
}

function onConfirm({ state }: Tap): Result {
  if (state?.step !== 'confirm') return stale();
  const d = state.data;
  if (!d.ti || !d.st || !d.en || !d.pf || !d.ln || !d.au) return stale();
  // A room taken meanwhile is refused by the executor (the database), with its own answer instead of this one.
  return end(
    command({ type: 'planSession', title: d.ti, startsAt: new Date(d.st), endsAt: new Date(d.en), platform: d.pf, link: d.ln, roomId: d.r ? d.r : null, kitId: d.kt ? d.kt : null, team: d.tm ?? [], audience: d.au }),
    reply(textWithButtons(T.planned(d.ti, d.n ?? 0), [{ label: L.list, data: encodePostback(listAction, {}) }])),
  );
}

const routeButton = defineRoutes<Tap, Result>([
  on(newSessionAction, () => at('title', {}, reply(textWithButtons(T.askTitle, [quitButton])))),
  on(listAction, (_tap, c) => startAnswer(c)),
  on(startAction, (tap, c) => onStart(c, tap.params.datetime)),
  on(endAction, (tap, c) => onEnd(c, tap.params.time)),
  on(platformAction, (tap, c) => onPlatform(c, tap.payload.p)),
  on(roomAction, (tap, c) => onRoom(c, tap.payload.r)),
  on(kitAction, (tap, c) => onKit(c, tap.payload.k)),
  on(teamAction, (tap, c) => onTeam(c, tap.payload.p)),
  on(teamDoneAction, (_tap, c) => onTeamDone(c)),
  on(audienceAction, (tap, c) => onAudience(c, tap.payload.k)),
  on(groupAction, (tap, c) => onGroup(c, tap.payload.n)),
  on(pageAction, (tap, c) => onPage(c, tap.payload.o)),
  on(schoolAction, (tap, c) => onSchool(c, tap.payload.c)),
  on(schoolsDoneAction, (_tap, c) => onSchoolsDone(c)),
  on(schoolsAllAction, (_tap, c) => onSchoolsAll(c)),
  on(confirmAction, (_tap, c) => onConfirm(c)),
  on(byDistrictAction, (_tap, c) => byDistrict(c)),
  on(unansweredAction, (_tap, c) => unanswered(c)),
  on(attendanceAction, (tap, c) => attendance(c, tap.payload.o)),
  on(tickAction, (tap, c) => tick(c, tap.payload)),
  on(sendEvaluationAction, (tap, c) => sendEvaluation(c, tap.payload.v)),
  on(reportAction, (tap, c) => report(c, tap.payload.v)),
  on(cancelAction, (tap, c) => askCancel(c, tap.payload.v)),
  on(cancelConfirmAction, (tap, c) => cancelSession(c, tap.payload.v)),
  on(moveAction, (tap, c) => askMove(c, tap.payload.v)),
  on(moveConfirmAction, (_tap, c) => onMoveConfirm(c)),
  on(answerAction, (tap, c) => answer(c, tap.payload)),
  on(delegateAction, (tap, c) => askDelegate(c, tap.payload)),
  on(attendedAction, (tap, c) => attended(c, tap.payload)),
  on(scoreAction, (tap, c) => score(c, tap.payload)),
]);

// ── What is typed inside a step ──────────────────────────────────────────────────────────────────────

function typedStep(tap: Tap, input: FlowInput): Result {
  const state = tap.state!;
  const { ctx, now } = tap;
  const text = input.kind === 'text' ? input.text.trim() : '';
  switch (state.step) {
    case 'title':
      if (!text) return keep(state, reply(say(T.askTitle)));
      if (text.length > TITLE_MAX) return keep(state, reply(say(T.titleTooLong(TITLE_MAX))));
      return at('start', { ti: text }, reply(startQuestion(now)));
    case 'link': {
      const link = parseMeetingLink(text);
      if (!link) return keep(state, reply(say(T.badLink)));
      const data = { ...state.data, ln: link };
      return at('room', data, reply(roomQuestion(data, ctx, now)));
    }
    case 'schools': {
      // A name found narrows the list from now on; one not found leaves the view as it was.
      if (narrowByName(ctx.prepared.schools ?? [], text, (s) => s.name).length === 0) return keep(state, reply(say(T.noSchoolFound), schoolsQuestion(state.data, ctx, state.data.o ?? 0).message));
      return atSchools({ ...state.data, q: text }, ctx, 0);
    }
    case 'attendance': {
      const found = sessionOf(tap);
      if (!found) return end();
      // A name found narrows the list from now on; one not found leaves the view as it was.
      if (narrowByName(found.invitations, text, (i) => i.schoolName).length === 0) {
        return keep(state, reply(say(T.noSchoolFound), attendanceQuestion(found.session.id, found.invitations, state.data.o ?? 0, state.data.q).message));
      }
      const asked = attendanceQuestion(found.session.id, found.invitations, 0, text);
      return at('attendance', asked.data, reply(asked.message));
    }
    case 'delegate': {
      const invitation = ctx.prepared.invitation;
      if (!invitation || !isCurrent(invitation, state.data.v)) return stale();
      if (invitation.schoolId !== tap.person.schoolId) return end(reply(say(T.notYourSchool)));
      if (!text) return keep(state, reply(say(T.askDelegate(invitation.schoolName))));
      if (text.length > DELEGATE_MAX) return keep(state, reply(say(T.delegateTooLong)));
      const session = ctx.prepared.session!;
      const after = { ...invitation, delegate: text, version: invitation.version + 1 };
      return end(
        command({ type: 'setDelegate', invitationId: invitation.id, expectedVersion: invitation.version, delegate: text }),
        reply(say(T.delegateSaved(text)), renderInvitation(session, after, 'invite', T.invitation(session.title, whenText(session.startsAt, session.endsAt)))),
      );
    }
    default:
      return keep(state, reply(say(T.useButtons)));
  }
}

export function vcStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (postbackFor(input, quitAction)) return end(reply(say(state?.step.startsWith('move') ? T.moveQuit : T.quit)));
  const tap: Tap = { state, person, ctx, now };
  if (isStartText(input)) return startAnswer(tap);
  const routed = routeButton(input, tap);
  if (routed) return routed;
  return state ? typedStep(tap, input) : end();
}

export const vcFlow: Flow<VcData, VcPrepared, VcCommand> = {
  name: VC_FLOW,
  version: 1,
  dataSchema,
  actions: vcActions,
  startsOn: (input, person) => Boolean(person) && isStartText(input),
  prepare: prepareVc,
  step: (state, input, now, ctx) => vcStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeVc,
};

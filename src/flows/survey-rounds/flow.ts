import type { messagingApi } from '@line/bot-sdk';
import { z } from 'zod';
import { commandOf, postbackFor, reply, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { AUDIENCE_LABELS, audienceFits, CHOSEN_AUDIENCES, roundDaysProblem, schoolScopeKey, type Audience, type SchoolScope, type SurveyForm } from '../../domain/surveys/round.ts';
import { whereTo } from '../surveys/messages.ts';
import { readDate } from '../../domain/surveys/typed.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { encodePostback } from '../../line/postback.ts';
import { defineGuard } from '../../kit/guard.ts';
import { narrowByName, narrowedView, pickerPage, tickedPickerPage, toggleChoice } from '../../kit/picker.ts';
import { at, datePickerItem, end, postbackItem, say, schoolButtonLabel, stale, textWithButtons, type Button } from '../../kit/steps.ts';
import {
  newRoundAction,
  roundAudienceAction,
  roundCancelAction,
  roundClosesAction,
  roundConfirmAction,
  roundDistrictAction,
  roundDistrictsPageAction,
  roundClusterAction,
  roundClustersPageAction,
  roundDltvAction,
  roundSchoolAction,
  roundSchoolsAllAction,
  roundSchoolsDoneAction,
  roundSchoolsPageAction,
  roundFormAction,
  roundFormsPageAction,
  roundOpensAction,
  SURVEY_ROUNDS_FLOW,
  surveyRoundActions,
} from './actions.ts';
import type { RoundCommand } from './commands.ts';
import { executeRoundCommand } from './execute.ts';
import { NEW_ROUND_COMMAND, roundLabels as L, roundTexts as T } from './messages.ts';
import { prepareRounds, type RoundsPrepared } from './prepare.ts';

const command = commandOf<RoundCommand>();

/**
 * "ส่งแบบสำรวจใหม่" (someone who runs surveys): a form (the newest version of each) → to whom (a school form: the
 * schools' directors, or their teachers and directors; a staff form goes to the office's staff) → which district (or
 * all) → the closing day (date picker, or typed) → the summary, where the opening day may be picked (or typed; today
 * unless changed) → ยืนยันส่ง opens the round (from its opening day); the invitations go with
 * the reminders' sweep, in office hours.
 */
export interface RoundDraft {
  /** The draft's id (its start time in ms): every button of the draft carries it. */
  d: number;
  f?: number | undefined;
  a?: Audience | undefined;
  /** null = every district. */
  district?: string | null | undefined;
  /** Only the schools of this cluster, or the DLTV schools (instead of a district). */
  cluster?: string | undefined;
  dltv?: boolean | undefined;
  /** The schools ticked in the chosen-schools picker, the page it shows, and what was typed to narrow it. */
  ids?: number[] | undefined;
  o?: number | undefined;
  q?: string | undefined;
  closesOn?: string | undefined;
  /** The day it opens; today when not chosen. */
  opensOn?: string | undefined;
}

const roundDraftSchema: z.ZodType<RoundDraft> = z.object({
  d: z.number().int().nonnegative(),
  f: z.number().int().positive().optional(),
  a: z.enum(CHOSEN_AUDIENCES).optional(),
  district: z.string().nullable().optional(),
  cluster: z.string().optional(),
  dltv: z.boolean().optional(),
  ids: z.array(z.number().int().positive()).optional(),
  o: z.number().int().nonnegative().optional(),
  q: z.string().optional(),
  closesOn: z.string().optional(),
  opensOn: z.string().optional(),
});

type Ctx = FlowContext<RoundsPrepared>;
type Result = StepResult<RoundDraft>;
type State = FlowState<RoundDraft>;

const isStart = (input: FlowInput) => postbackFor(input, newRoundAction) !== undefined || (input.kind === 'text' && input.text.replace(/\s+/g, '') === NEW_ROUND_COMMAND.replace(/\s+/g, ''));
const cancelButton = (d: number): Button => ({ label: L.cancel, data: encodePostback(roundCancelAction, { d }) });

function askForm(draft: RoundDraft, forms: readonly SurveyForm[], offset = 0): Result {
  if (forms.length === 0) return end(reply(say(T.noForms)));
  const page = pickerPage({
    choices: forms,
    button: (form) => ({ label: form.title, data: encodePostback(roundFormAction, { d: draft.d, f: form.id }) }),
    offset,
    pageData: (o) => encodePostback(roundFormsPageAction, { d: draft.d, o }),
    always: [cancelButton(draft.d)],
  });
  return at('form', draft, reply(textWithButtons(T.chooseForm(page.paged), page.buttons)));
}

function askDistrict(draft: RoundDraft, ctx: Ctx, offset = 0): Result {
  const { districts = [], clusters = [], hasDltv = false } = ctx.prepared;
  const others: Button[] = [
    ...(clusters.length > 0 ? [{ label: L.byCluster, data: encodePostback(roundClustersPageAction, { d: draft.d, o: 0 }) }] : []),
    ...(hasDltv ? [{ label: L.dltv, data: encodePostback(roundDltvAction, { d: draft.d }) }] : []),
    { label: L.chooseSchools, data: encodePostback(roundSchoolsPageAction, { d: draft.d, o: 0 }) },
  ];
  const page = pickerPage({
    choices: districts.length > 1 ? districts.map((name, i) => ({ name, i })) : [],
    button: ({ name, i }) => ({ label: T.district(name), data: encodePostback(roundDistrictAction, { d: draft.d, i }) }),
    offset,
    pageData: (o) => encodePostback(roundDistrictsPageAction, { d: draft.d, o }),
    always: [{ label: L.allDistricts, data: encodePostback(roundDistrictAction, { d: draft.d, i: -1 }) }, ...others, cancelButton(draft.d)],
  });
  return at('district', draft, reply(textWithButtons(T.chooseDistrict, page.buttons)));
}

function askCluster(draft: RoundDraft, clusters: readonly string[], offset = 0): Result {
  const page = pickerPage({
    choices: clusters.map((name, i) => ({ name, i })),
    button: ({ name, i }) => ({ label: name, data: encodePostback(roundClusterAction, { d: draft.d, i }) }),
    offset,
    pageData: (o) => encodePostback(roundClustersPageAction, { d: draft.d, o }),
    always: [cancelButton(draft.d)],
  });
  return at('cluster', draft, reply(textWithButtons(T.chooseCluster, page.buttons)));
}

/**
 * The kit's ticked picker over the office's schools, narrowed to those whose name contains what was typed (`q`, kept
 * while ticking and paging, until แสดงทั้งหมด).
 */
function askSchools(draft: RoundDraft, schools: ReadonlyArray<{ id: number; name: string }>, offset: number, before?: string): Result {
  const chosen = new Set(draft.ids ?? []);
  const view = narrowedView(schools, draft.q, (s) => s.name);
  const page = tickedPickerPage({
    choices: view.shown,
    ticked: (s) => chosen.has(s.id),
    // "บ้านหนองบัวทอง", not "โรงเรียนบ้านหนองบัว…" twice: the 20 characters go to what tells the schools apart.
    name: (s) => schoolButtonLabel(s.name),
    displayText: (s) => s.name,
    data: (s) => encodePostback(roundSchoolAction, { d: draft.d, c: s.id }),
    offset,
    pageData: (o) => encodePostback(roundSchoolsPageAction, { d: draft.d, o }),
    showAllData: view.narrowed ? encodePostback(roundSchoolsAllAction, { d: draft.d }) : undefined,
    always: [{ label: L.schoolsDone, data: encodePostback(roundSchoolsDoneAction, { d: draft.d }) }, cancelButton(draft.d)],
  });
  const text = [before, view.narrowed && draft.q ? T.narrowedTo(draft.q, view.shown.length) : undefined, T.chooseSchools(chosen.size)].filter(Boolean).join('\n');
  return at('schools', { ...draft, q: view.narrowed ? draft.q : undefined, o: offset }, reply(textWithButtons(text, page.buttons)));
}

/** The schools the draft is limited to, beyond a district: a cluster's, the DLTV schools or the ticked ones. */
function scopeOf(draft: RoundDraft): SchoolScope | undefined {
  if (draft.cluster !== undefined) return { kind: 'cluster', name: draft.cluster };
  if (draft.ids !== undefined) return { kind: 'chosen', ids: draft.ids };
  return draft.dltv ? { kind: 'dltv' } : undefined;
}

function askCloses(draft: RoundDraft, before?: string): Result {
  const picker: messagingApi.QuickReplyItem = {
    type: 'action',
    action: { type: 'datetimepicker', label: L.pickCloses, data: encodePostback(roundClosesAction, { d: draft.d }), mode: 'date' },
  };
  const message = { type: 'text' as const, text: before ? `${before}\n${T.chooseCloses}` : T.chooseCloses, quickReply: { items: [picker, postbackItem(cancelButton(draft.d))] } };
  return at('closes', draft, reply(message));
}

function chosenForm(draft: RoundDraft, ctx: Ctx): SurveyForm | undefined {
  return (ctx.prepared.forms ?? []).find((f) => f.id === draft.f);
}

/** A school form goes to the schools; a form each person answers goes to the office's staff or to the schools' people (the feedback after a training). */
function afterForm(draft: RoundDraft, form: SurveyForm, ctx: Ctx): Result {
  const buttons = CHOSEN_AUDIENCES.filter((a) => audienceFits(form.definition.respondent, a)).map((a) => ({
    label: L.audiences[a],
    displayText: AUDIENCE_LABELS[a],
    data: encodePostback(roundAudienceAction, { d: draft.d, a }),
  }));
  return at('audience', { ...draft, f: form.id }, reply(textWithButtons(T.chooseAudience(form.title), [...buttons, cancelButton(draft.d)])));
}

function closesOn(draft: RoundDraft, day: string | null, now: Date, ctx: Ctx): Result {
  if (day === null) return askCloses(draft, T.notADate);
  if (day < bangkokDateKey(now)) return askCloses(draft, T.closesInPast);
  // A closing day moved before the opening day chosen earlier takes the opening back to today.
  return confirm({ ...draft, closesOn: day, opensOn: undefined }, now, ctx);
}

/** The summary before sending, with the opening day (today unless one is picked; never after the closing day). */
function confirm(draft: RoundDraft, now: Date, ctx: Ctx, before?: string): Result {
  const form = chosenForm(draft, ctx);
  if (!form || !draft.a || !draft.closesOn) return end(reply(say(T.formGone)));
  const today = bangkokDateKey(now);
  const scope = scopeOf(draft);
  const to = `${AUDIENCE_LABELS[draft.a]}${whereTo(draft.district ?? null, scope ?? null)}`;
  const opens = draft.opensOn && draft.opensOn > today ? formatThaiDateKey(draft.opensOn) : T.today;
  const summary = T.summary(form.title, to, opens, formatThaiDateKey(draft.closesOn));
  const items = [
    postbackItem({ label: L.confirm, data: encodePostback(roundConfirmAction, { d: draft.d }) }),
    datePickerItem(L.pickOpens, encodePostback(roundOpensAction, { d: draft.d }), { initial: draft.opensOn ?? today, min: today, max: draft.closesOn }),
    postbackItem(cancelButton(draft.d)),
  ];
  return at('confirm', draft, reply({ type: 'text', text: before ? `${before}\n${summary}` : summary, quickReply: { items } }));
}

function opensOn(draft: RoundDraft, day: string | null, now: Date, ctx: Ctx): Result {
  if (day === null || !draft.closesOn) return confirm(draft, now, ctx, T.notADate);
  const problem = roundDaysProblem(day, draft.closesOn, now);
  if (problem === 'opens_in_past') return confirm(draft, now, ctx, T.opensInPast);
  if (problem === 'opens_after_closes') return confirm(draft, now, ctx, T.opensAfterCloses);
  return confirm({ ...draft, opensOn: day }, now, ctx);
}

const guard = defineGuard({ notRegistered: T.notRegistered, otherwise: 'run_survey' });

export function roundsStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const forms = ctx.prepared.forms ?? [];
  const districts = ctx.prepared.districts ?? [];
  const clusters = ctx.prepared.clusters ?? [];
  const schools = ctx.prepared.schools ?? [];
  if (isStart(input)) return askForm({ d: now.getTime() }, forms);
  if (!state) return input.kind === 'postback' ? stale(null) : end();
  const draft = state.data;
  if (input.kind === 'postback') {
    const payload = input.payload as { d?: unknown };
    if (payload.d !== draft.d) return stale(state);
  }
  if (postbackFor(input, roundCancelAction)) return end(reply(say(T.cancelled)));
  const formsPage = postbackFor(input, roundFormsPageAction);
  if (formsPage && state.step === 'form') return askForm(draft, forms, formsPage.payload.o);
  const picked = postbackFor(input, roundFormAction);
  if (picked && state.step === 'form') {
    const form = forms.find((f) => f.id === picked.payload.f);
    return form ? afterForm(draft, form, ctx) : end(reply(say(T.formGone)));
  }
  const audience = postbackFor(input, roundAudienceAction);
  if (audience && state.step === 'audience') {
    const chosen = { ...draft, a: audience.payload.a };
    return audience.payload.a === 'office_staff' ? askCloses({ ...chosen, district: null }) : askDistrict(chosen, ctx);
  }
  const districtsPage = postbackFor(input, roundDistrictsPageAction);
  if (districtsPage && state.step === 'district') return askDistrict(draft, ctx, districtsPage.payload.o);
  const clustersPage = postbackFor(input, roundClustersPageAction);
  if (clustersPage && (state.step === 'district' || state.step === 'cluster')) return askCluster(draft, clusters, clustersPage.payload.o);
  const cluster = postbackFor(input, roundClusterAction);
  if (cluster && state.step === 'cluster') {
    const name = clusters[cluster.payload.i];
    return name === undefined ? askCluster(draft, clusters) : askCloses({ ...draft, district: null, cluster: name });
  }
  const schoolsPage = postbackFor(input, roundSchoolsPageAction);
  // เลือกโรงเรียน (from the district step) opens the whole list; a page of the picker keeps what narrows it.
  if (schoolsPage && state.step === 'district') return askSchools({ ...draft, ids: draft.ids ?? [], q: undefined }, schools, schoolsPage.payload.o);
  if (schoolsPage && state.step === 'schools') return askSchools(draft, schools, schoolsPage.payload.o);
  if (postbackFor(input, roundSchoolsAllAction) && state.step === 'schools') return askSchools({ ...draft, q: undefined }, schools, 0);
  const school = postbackFor(input, roundSchoolAction);
  if (school && state.step === 'schools' && schools.some((s) => s.id === school.payload.c)) {
    return askSchools({ ...draft, ids: toggleChoice(draft.ids ?? [], school.payload.c) }, schools, draft.o ?? 0);
  }
  if (postbackFor(input, roundSchoolsDoneAction) && state.step === 'schools') {
    if ((draft.ids ?? []).length === 0) return askSchools(draft, schools, draft.o ?? 0, T.noSchoolsChosen);
    return askCloses({ ...draft, district: null, o: undefined, q: undefined });
  }
  if (postbackFor(input, roundDltvAction) && state.step === 'district') return askCloses({ ...draft, district: null, dltv: true });
  const district = postbackFor(input, roundDistrictAction);
  if (district && state.step === 'district') {
    const name = district.payload.i === -1 ? null : districts[district.payload.i];
    return name === undefined ? askDistrict(draft, ctx) : askCloses({ ...draft, district: name });
  }
  const closes = postbackFor(input, roundClosesAction);
  if (closes && state.step === 'closes') return closesOn(draft, closes.params.date ?? null, now, ctx);
  const opens = postbackFor(input, roundOpensAction);
  if (opens && state.step === 'confirm') return opensOn(draft, opens.params.date ?? null, now, ctx);
  if (postbackFor(input, roundConfirmAction) && state.step === 'confirm') {
    const form = chosenForm(draft, ctx);
    if (!form || !draft.a || !draft.closesOn) return end(reply(say(T.formGone)));
    // An opening day reached by the time of the tap (the summary left a while) opens the round now.
    const later = draft.opensOn && draft.opensOn > bangkokDateKey(now) ? draft.opensOn : undefined;
    const sent = later ? T.sentLater(form.title, formatThaiDateKey(later)) : T.sent(form.title);
    return end(command({ type: 'openSurveyRound', formId: form.id, audience: draft.a, district: draft.district ?? null, closesOn: draft.closesOn, opensOn: later, schools: scopeOf(draft) }), reply(say(sent)));
  }
  if (input.kind === 'text') {
    switch (state.step) {
      case 'form': {
        const narrowed = narrowByName(forms, input.text, (f) => f.title);
        return askForm(draft, narrowed.length > 0 ? narrowed : forms);
      }
      case 'closes':
        return closesOn(draft, readDate(input.text), now, ctx);
      case 'confirm':
        return opensOn(draft, readDate(input.text), now, ctx);
      case 'schools': {
        // A name found narrows the list from now on; one not found leaves the view as it was.
        const found = narrowByName(schools, input.text, (s) => s.name).length > 0;
        return found ? askSchools({ ...draft, q: input.text.trim() }, schools, 0) : askSchools(draft, schools, draft.o ?? 0, T.noSchoolFound);
      }
      default:
        return { state, effects: [reply(say(T.pickFromButtons))] };
    }
  }
  return { state, effects: [reply(say(T.pickFromButtons))] };
}

export const surveyRoundsFlow: Flow<RoundDraft, RoundsPrepared, RoundCommand> = {
  name: SURVEY_ROUNDS_FLOW,
  version: 1,
  dataSchema: roundDraftSchema,
  actions: surveyRoundActions,
  startsOn: (input, person) => Boolean(person) && isStart(input),
  prepare: (tx, input, state, person, env) => prepareRounds(tx, input, state, person, env),
  step: (state, input, now, ctx) => roundsStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeRoundCommand,
};

import { commandOf, postbackFor, reply, type Flow, type FlowContext, type FlowInput, type StepResult } from '../../bot/flow.ts';
import { answerableInChat, askedQuestions, describeAnswer, keepVisible, LOCATION_ADDRESS_MAX, nextQuestion, photosOf, validateAnswer, validateResponse, visibleQuestions, type AnswerCheck, type Answers } from '../../domain/surveys/answers.ts';
import { findQuestion, type Question } from '../../domain/surveys/form.ts';
import { answerFromText } from '../../domain/surveys/typed.ts';
import type { Campaign, ReviewItem } from '../../domain/surveys/results.ts';
import { AUDIENCE_LABELS, presetIds, REVIEW_DECISIONS, withPresets } from '../../domain/surveys/round.ts';
import { formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';
import { surveyPageLink, surveyResultsLink } from '../../line/liff.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { renderCard, renderCards, type Card } from '../../kit/card.ts';
import { defineGuard } from '../../kit/guard.ts';
import { pickerPage } from '../../kit/picker.ts';
import { at, end, postbackItem, say, stale, textWithButtons, withQuickReply } from '../../kit/steps.ts';
import { accessRequestItem, myAccessRequestsItem } from '../access/actions.ts';
import { surveyContactItem } from '../survey-contact/actions.ts';
import { can } from '../../domain/permissions.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { newRoundAction } from '../survey-rounds/actions.ts';
import { roundLabels as RL } from '../survey-rounds/messages.ts';
import {
  surveyActions,
  surveyAnswerAction,
  surveyChosenAction,
  surveyDateAction,
  surveyEditAction,
  surveyLaterAction,
  surveyOptionsPageAction,
  surveyPageAction,
  surveyPickAction,
  surveyReanswerAction,
  SURVEYS_FLOW,
  surveySkipAction,
  surveySubmitAction,
  surveyToggleAction,
  campaignActions,
  surveyCloseAction,
  surveyCloseConfirmAction,
  surveyKeepOpenAction,
  surveyMissingAction,
  surveyReviewDecideAction,
  surveyReviewListAction,
  surveyReviewOpenAction,
  surveyExtendAction,
  surveyRankingAction,
} from './actions.ts';
import type { SurveyCommand } from './commands.ts';
import { executeSurveyCommand } from './execute.ts';
import { campaignLabels as CL, campaignTexts as C, surveyLabels as L, surveyTexts as T } from './messages.ts';
import { surveysWaitingNote } from './reply-note.ts';
import { prepareSurveys, type OpenSurvey, type SurveysPrepared } from './prepare.ts';
import { askMessage } from './questions.ts';
import { hasRanking } from './ranking.ts';
import { rankingMessage } from './ranking-card.ts';
import { surveyChatDataSchema, type SurveyChatData, type SurveyChatState } from './state.ts';

const command = commandOf<SurveyCommand>();

/**
 * "แบบสำรวจ": the rounds open to the person (paged picker); a short form is answered here question by question —
 * quick replies for choices, levels and yes/no, a date picker, typed text and numbers — each answer checked with
 * the form's Thai messages and saved as the draft at once, so the person can stop and go on later; then a summary
 * and ส่งคำตอบ (once). A longer form is answered on a web page.
 */
type Ctx = FlowContext<SurveysPrepared>;
type Result = StepResult<SurveyChatData>;

const isTile = (input: FlowInput) => input.kind === 'text' && menuCommandOf(input.text) === 'surveys';

const statusOf = (survey: OpenSurvey) => (survey.response ? (survey.response.state === 'submitted' ? 'submitted' : 'draft') : 'new');

function showList(list: readonly OpenSurvey[], offset: number): Result {
  if (list.length === 0) return end(reply(say(T.none)));
  const lines = list.map((s, i) => T.listLine(i + 1, s.round.title, T.status[statusOf(s)], formatThaiDateKey(s.round.closesOn)));
  const page = pickerPage({
    choices: list.map((survey, i) => ({ survey, i })),
    button: ({ survey, i }) => ({ label: `${i + 1}. ${survey.round.title}`, displayText: survey.round.title, data: encodePostback(surveyPickAction, { r: survey.round.id }) }),
    offset,
    pageData: (o) => encodePostback(surveyPageAction, { o }),
  });
  return end(reply(textWithButtons(T.list(lines), page.buttons)));
}

/** For someone who runs surveys, the tile also shows the rounds under way: a card each, with its response rate. */
function withCampaigns(listed: Result, list: readonly OpenSurvey[], campaigns: readonly Campaign[] | undefined, now: Date): Result {
  if (campaigns === undefined) return listed;
  const before = list.length > 0 ? listed.effects : [];
  // ส่งแบบสำรวจใหม่ rides on the last message (LINE shows the quick replies of the last one only).
  const newRound = { quickReply: { items: [postbackItem({ label: RL.newRound, data: encodePostback(newRoundAction, {}) })] } };
  if (campaigns.length === 0) return end(...before, reply({ ...say(C.none), ...newRound }));
  const cards = renderCards(campaigns.map((c) => campaignCard(c, now)), C.underWay(campaigns.length));
  return end(...before, reply(say(C.underWay(campaigns.length)), { ...cards, ...newRound } as LineMessage));
}

/** ผลจัดลำดับ, on the card of a round whose form has a ranked view (templates 1 and 3). */
const rankingButton = (round: { id: number }, form: { key: string }) => (hasRanking(form) ? { label: CL.ranking, data: encodePostback(surveyRankingAction, { r: round.id }) } : undefined);

function campaignCard({ round, form, rates }: Campaign, now: Date): Card {
  // A round set to open on a later day says so: nobody has been invited yet.
  const later = round.opensAt > now;
  const ranking = rankingButton(round, form);
  const districts = rates.byDistrict.length > 1 ? rates.byDistrict : [];
  const results = surveyResultsLink(round.id);
  const shown = districts.slice(0, 7);
  return {
    headline: C.headline,
    status: later ? C.notYetOpen : C.open,
    color: 'info',
    title: round.title,
    fields: [
      { text: C.to(AUDIENCE_LABELS[round.audience], round) },
      { text: C.rate(rates.total.submitted, rates.total.expected), size: 'sm', bold: true, color: 'text' },
      ...shown.map((d) => ({ text: C.district(d.district, d.submitted, d.expected) })),
      districts.length > shown.length ? { text: C.moreDistricts(districts.length - shown.length) } : undefined,
      { text: C.missingCount(rates.missing.length) },
      later ? { text: C.opens(formatThaiDateKey(bangkokDateKey(round.opensAt))) } : undefined,
      { text: C.closes(formatThaiDateKey(round.closesOn)) },
    ],
    buttons: [
      results ? { kind: 'link', label: CL.results, uri: results, style: 'primary' } : undefined,
      ranking && { kind: 'postback', ...ranking, style: 'primary' },
      { kind: 'postback', label: CL.missing, data: encodePostback(surveyMissingAction, { r: round.id }) },
      { kind: 'postback', label: CL.review, data: encodePostback(surveyReviewListAction, { r: round.id, o: 0 }) },
      { kind: 'datetime', label: CL.extend, data: encodePostback(surveyExtendAction, { r: round.id, v: round.version }), mode: 'date' },
      { kind: 'postback', label: CL.close, data: encodePostback(surveyCloseAction, { r: round.id, v: round.version }), style: 'link' },
    ],
  };
}

/** The officer's buttons (the guard let only someone who runs surveys through). */
function campaignStep(input: FlowInput, state: SurveyChatState | null, now: Date, campaign: Campaign | null | undefined, reviewing: readonly ReviewItem[] = []): Result | undefined {
  if (input.kind !== 'postback' || !(campaignActions as readonly { name: string }[]).some((a) => a.name === input.action.name)) return undefined;
  if (!campaign) return end(reply(say(C.gone)));
  const { round, rates } = campaign;
  if (postbackFor(input, surveyMissingAction)) {
    return end(reply(say(C.missingOf(round.title, rates.missing))));
  }
  if (postbackFor(input, surveyKeepOpenAction)) return end(reply(say(C.keptOpen)));
  const extend = postbackFor(input, surveyExtendAction);
  if (extend) {
    if (extend.payload.v !== round.version) return stale(state);
    const day = extend.params.date;
    if (!day || day < bangkokDateKey(now)) return end(reply(say(C.closingPast)));
    return end(command({ type: 'changeSurveyCloses', roundId: round.id, expectedVersion: round.version, closesOn: day }), reply(say(C.closingChanged(round.title, formatThaiDateKey(day)))));
  }
  const reviewList = postbackFor(input, surveyReviewListAction);
  if (reviewList) {
    if (reviewing.length === 0) return end(reply(say(C.toReview(round.title, 0))));
    const page = pickerPage({
      choices: reviewing,
      button: (item) => ({ label: item.name, data: encodePostback(surveyReviewOpenAction, { r: round.id, s: item.response.id }) }),
      offset: reviewList.payload.o,
      pageData: (o) => encodePostback(surveyReviewListAction, { r: round.id, o }),
    });
    return end(reply(textWithButtons(C.toReview(round.title, reviewing.length), page.buttons)));
  }
  const open = postbackFor(input, surveyReviewOpenAction);
  if (open) {
    const item = reviewing.find((i) => i.response.id === open.payload.s);
    if (!item) return stale(state);
    const { response } = item;
    const form = campaign.form.definition;
    const lines = visibleQuestions(form, response.answers).map((q, i) => T.summaryLine(i + 1, q.label, describeAnswer(q, response.answers[q.id])));
    const buttons = REVIEW_DECISIONS.map((k) => ({ label: CL.decisions[k], data: encodePostback(surveyReviewDecideAction, { r: round.id, s: response.id, v: response.version, k }) }));
    return end(reply(textWithButtons(C.reviewOne(item.name, response.submittedAt ? formatThaiDateTime(response.submittedAt) : '-', lines), buttons)));
  }
  const decide = postbackFor(input, surveyReviewDecideAction);
  if (decide) {
    const item = reviewing.find((i) => i.response.id === decide.payload.s);
    if (!item || item.response.version !== decide.payload.v) return stale(state);
    const { k } = decide.payload;
    if (k === 'return') return at('reviewNote', { r: round.id, s: item.response.id, v: item.response.version }, reply(say(C.askReturnNote(item.name))));
    const reviewed = k === 'accept' ? C.reviewed.accept(item.name) : C.reviewed.reject(item.name);
    return end(command({ type: 'reviewSurveyResponse', roundId: round.id, responseId: item.response.id, expectedVersion: item.response.version, decision: k, note: null }), reply(say(reviewed)));
  }
  const ask = postbackFor(input, surveyCloseAction);
  if (ask) {
    if (ask.payload.v !== round.version) return stale(state);
    const buttons = [
      { label: CL.confirmClose, data: encodePostback(surveyCloseConfirmAction, { r: round.id, v: round.version }) },
      { label: CL.keepOpen, data: encodePostback(surveyKeepOpenAction, { r: round.id }) },
    ];
    return end(reply(textWithButtons(C.confirmClose(round.title, rates.total.submitted, rates.total.expected), buttons)));
  }
  const confirmed = postbackFor(input, surveyCloseConfirmAction);
  if (confirmed) {
    if (confirmed.payload.v !== round.version) return stale(state);
    // A ranked round's result is what closing it is for: offered at once.
    const closed = C.closed(round.title, rates.total.submitted, rates.total.expected);
    const ranking = rankingButton(round, campaign.form);
    const results = surveyResultsLink(round.id);
    // A closed round has no card under way any more: its results page is offered here, once.
    const resultsCard = results
      ? renderCard({ headline: C.headline, status: C.closedStatus, color: 'good', title: round.title, fields: [{ text: C.rate(rates.total.submitted, rates.total.expected) }], buttons: [{ kind: 'link', label: CL.results, uri: results, style: 'primary' }] }, closed)
      : undefined;
    const last = (message: LineMessage) => (ranking ? ({ ...message, quickReply: { items: [postbackItem(ranking)] } } as LineMessage) : message);
    return end(
      command({ type: 'closeSurveyRound', roundId: round.id, expectedVersion: round.version }),
      reply(...(resultsCard ? [say(closed), last(resultsCard)] : [last(say(closed))])),
    );
  }
  return undefined;
}

/** The response's answers so far, with those the round gives (never asked, shown in the summary). */
const answersOf = (survey: OpenSurvey): Answers => withPresets(survey.round, survey.response?.answers ?? {});
/** The draft's version once the step's save (if any) is made: each save adds one, the first makes it 1. */
const versionAfter = (survey: OpenSurvey, saving: boolean) => (survey.response?.version ?? 0) + (saving ? 1 : 0);

function ask(survey: OpenSurvey, question: Question, answers: Answers, extra: { picks?: string[]; offset?: number; before?: string } = {}): Result {
  const message = askMessage(question, { roundId: survey.round.id, form: survey.form.definition, answers, preset: presetIds(survey.round), picks: extra.picks, offset: extra.offset });
  const data: SurveyChatData = { r: survey.round.id, q: question.id, ...(extra.picks && extra.picks.length > 0 ? { picks: extra.picks } : {}) };
  return at('ask', data, reply(...(extra.before ? [say(extra.before)] : []), message));
}

function summary(survey: OpenSurvey, answers: Answers, version: number, before: string[] = []): Result {
  const form = survey.form.definition;
  const lines = visibleQuestions(form, answers).map((q, i) => T.summaryLine(i + 1, q.label, describeAnswer(q, answers[q.id])));
  const r = survey.round.id;
  const buttons = [
    { label: L.submit, data: encodePostback(surveySubmitAction, { r, v: version }) },
    { label: L.edit, data: encodePostback(surveyEditAction, { r }) },
    { label: L.later, data: encodePostback(surveyLaterAction, { r }) },
  ];
  return at('summary', { r }, reply(...before.map(say), textWithButtons(T.summary(survey.round.title, lines), buttons)));
}

/** The next question not answered yet, or the summary when all are. */
function askNext(survey: OpenSurvey, answers: Answers, version: number, before?: string): Result {
  const question = nextQuestion(survey.form.definition, answers);
  if (!question) return summary(survey, answers, version, before ? [before] : []);
  return ask(survey, question, answers, before ? { before } : {});
}

/** A form too long for the chat: a card with the link to its page (every form can be answered there). */
function onThePage(survey: OpenSurvey, count: number): Result {
  const { round } = survey;
  const link = surveyPageLink(round.id);
  if (!link) return end(reply(say(T.webOnlyNoPage(round.title, count))));
  const card = renderCard(
    {
      headline: T.webCard.headline,
      status: T.status[statusOf(survey)],
      color: 'info',
      title: round.title,
      fields: [{ text: T.webCard.questions(count) }, { text: T.webCard.closes(formatThaiDateKey(round.closesOn)) }],
      buttons: [{ kind: 'link', label: L.openPage, uri: link, style: 'primary' }],
    },
    round.title,
  );
  return end(reply(say(T.webOnly(round.title, count)), card));
}

function begin(survey: OpenSurvey | null | undefined): Result {
  if (!survey) return end(reply(say(T.notOpen)));
  const { response, round, form } = survey;
  if (response?.state === 'submitted') return end(reply(say(T.alreadySubmitted(round.title, response.submittedAt ? formatThaiDateTime(response.submittedAt) : '-'))));
  // The questions the round answers itself are neither counted nor asked.
  const preset = presetIds(round);
  const count = askedQuestions(form.definition, preset).length;
  if (!answerableInChat(form.definition, preset)) return onThePage(survey, count);
  const answers = answersOf(survey);
  const intro = T.intro(round.title, count, formatThaiDateKey(round.closesOn), response !== null);
  return askNext(survey, answers, versionAfter(survey, false), response?.review === 'returned' && response.reviewNote ? `${intro}\n${T.returned(response.reviewNote)}` : intro);
}

/** A checked answer to the question asked: saved, then the next question (or the summary). Refused: asked again. */
function answered(survey: OpenSurvey, question: Question, check: AnswerCheck, state: SurveyChatState): Result {
  const answers = answersOf(survey);
  if (!check.ok) return ask(survey, question, answers, { before: T.invalid(check.message), ...(state.data.picks ? { picks: state.data.picks } : {}) });
  const next = keepVisible(survey.form.definition, { ...answers, [question.id]: check.value });
  const result = askNext(survey, next, versionAfter(survey, true));
  return { ...result, effects: [command({ type: 'saveSurveyAnswer', roundId: survey.round.id, questionId: question.id, value: check.value }), ...result.effects] };
}

/**
 * A place or a picture sent while a question is asked. A place answers a location question (its address, or the
 * place's name, kept with it). A picture (kept by `prepare`) is added to a photo question's answer; the question
 * stays asked until it has its `maxPhotos` or ส่งรูปครบแล้ว is tapped. Sent for another question: asked again.
 */
function sentForQuestion(
  survey: OpenSurvey,
  question: Question,
  sent: Extract<FlowInput, { kind: 'location' }> | 'picture',
  photo: SurveysPrepared['photo'],
  state: SurveyChatState,
): Result {
  const answers = answersOf(survey);
  if (sent !== 'picture' && question.kind === 'location') {
    const address = (sent.address ?? sent.title)?.trim().slice(0, LOCATION_ADDRESS_MAX);
    return answered(survey, question, validateAnswer(question, { latitude: sent.latitude, longitude: sent.longitude, ...(address ? { address } : {}) }), state);
  }
  if (sent !== 'picture' || question.kind !== 'photo') return ask(survey, question, answers, { before: T.sentNotAsked, ...(state.data.picks ? { picks: state.data.picks } : {}) });
  const have = photosOf(answers[question.id]);
  // Not fetched: the answer has its pictures already.
  if (photo === undefined) return askNext(survey, answers, versionAfter(survey, false), T.photoLimit(question.maxPhotos));
  if (photo === 'failed') return ask(survey, question, answers, { before: T.photoFailed });
  const count = have.length + 1;
  const next = keepVisible(survey.form.definition, { ...answers, [question.id]: [...have, photo.mediaId] });
  const result = count < question.maxPhotos ? ask(survey, question, next, { before: T.photoReceived(count, question.maxPhotos) }) : askNext(survey, next, versionAfter(survey, true), T.photosFull(count));
  return { ...result, effects: [command({ type: 'addSurveyPhoto', roundId: survey.round.id, questionId: question.id, mediaId: photo.mediaId }), ...result.effects] };
}

function submit(survey: OpenSurvey, version: number, state: SurveyChatState | null): Result {
  const response = survey.response;
  if (response?.state === 'submitted') return begin(survey);
  if (!response || response.version !== version) return stale(state);
  const checked = validateResponse(survey.form.definition, response.answers);
  if (!checked.ok) {
    const first = checked.problems[0]!;
    const question = findQuestion(survey.form.definition, first.questionId)!;
    return ask(survey, question, response.answers, { before: T.notComplete(first.message) });
  }
  return end(command({ type: 'submitSurvey', roundId: survey.round.id, expectedVersion: version }), reply(say(T.submitted(survey.round.title))));
}

function chooseEdit(survey: OpenSurvey): Result {
  const r = survey.round.id;
  const preset = presetIds(survey.round);
  const shown = visibleQuestions(survey.form.definition, answersOf(survey)).filter((q) => !preset.has(q.id));
  const buttons = shown.map((q, i) => ({ label: `${i + 1}. ${q.label}`, displayText: q.label, data: encodePostback(surveyReanswerAction, { r, q: q.id }) }));
  return at('edit', { r }, reply(textWithButtons(T.chooseEdit, buttons)));
}

/** The question a button names, when it is the one asked now (a button of an earlier question is stale). */
function askedBy(state: SurveyChatState | null, r: number, q: string): boolean {
  return state !== null && state.step === 'ask' && state.data.r === r && state.data.q === q;
}

function fromButton(question: Question, i: number): AnswerCheck {
  switch (question.kind) {
    case 'single_choice': {
      const option = question.options[i];
      return option ? validateAnswer(question, option.value) : validateAnswer(question, `#${i}`);
    }
    case 'scale':
      return validateAnswer(question, i);
    case 'yes_no':
      return validateAnswer(question, i === 1);
    default:
      return validateAnswer(question, undefined);
  }
}

const guard = defineGuard({
  notRegistered: T.notRegistered,
  postbacks: [[[...campaignActions], 'run_survey']],
  steps: { reviewNote: 'run_survey' },
  otherwise: 'answer_survey',
});

export function surveysStep(state: SurveyChatState | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { list = [], survey } = ctx.prepared;
  // The request for access to an information system (a form of the manual, on its own flow) is offered here too,
  // with the person's own requests.
  // A school director is offered naming who answers the school's surveys (src/flows/survey-contact/).
  if (isTile(input)) {
    const tile = withQuickReply(withQuickReply(withCampaigns(showList(list, 0), list, ctx.prepared.campaigns, now), accessRequestItem), myAccessRequestsItem);
    return can(door.person.role, 'name_survey_contact') ? withQuickReply(tile, surveyContactItem) : tile;
  }
  if (state?.step === 'reviewNote' && input.kind === 'text' && state.data.s !== undefined && state.data.v !== undefined) {
    const note = input.text.trim().replace(/\s+/g, ' ');
    if (note.length < 3) return { state, effects: [reply(say(C.noteTooShort))] };
    return end(
      command({ type: 'reviewSurveyResponse', roundId: state.data.r, responseId: state.data.s, expectedVersion: state.data.v, decision: 'return', note: note.slice(0, 500) }),
      reply(say(C.reviewed.return)),
    );
  }
  // The ranked view reads a round whether open or closed, so it is not one of the open rounds' buttons below.
  if (postbackFor(input, surveyRankingAction)) return end(reply(rankingMessage(ctx.prepared.ranking)));
  const officer = campaignStep(input, state, now, ctx.prepared.campaign, ctx.prepared.reviewing);
  if (officer) return officer;
  const page = postbackFor(input, surveyPageAction);
  if (page) return showList(list, page.payload.o);
  if (postbackFor(input, surveyPickAction)) return begin(survey);

  // Everything else is about one round, open to this person now.
  if (input.kind === 'postback' && survey === null) return end(reply(say(T.notOpen)));
  if (!survey) return state ? end(reply(say(T.notOpen))) : end();
  if (survey.response?.state === 'submitted' && !postbackFor(input, surveySubmitAction)) return begin(survey);
  const form = survey.form.definition;
  const answers = answersOf(survey);
  const version = versionAfter(survey, false);

  if (postbackFor(input, surveyLaterAction)) return end(reply(say(T.savedForLater)));
  const sent = postbackFor(input, surveySubmitAction);
  if (sent) return submit(survey, sent.payload.v, state);
  if (postbackFor(input, surveyEditAction)) return chooseEdit(survey);
  const again = postbackFor(input, surveyReanswerAction);
  if (again) {
    const question = visibleQuestions(form, answers).find((q) => q.id === again.payload.q && !presetIds(survey.round).has(q.id));
    return question && state?.step === 'edit' ? ask(survey, question, answers) : stale(state);
  }

  // A question's own buttons: only while that question is asked.
  const tapped = input.kind === 'postback' ? (input.payload as { r: number; q?: string }) : null;
  if (tapped?.q !== undefined && !askedBy(state, tapped.r, tapped.q)) return stale(state);
  if (!state || state.step !== 'ask' || !state.data.q) {
    if (input.kind === 'text') return state?.step === 'summary' ? summary(survey, answers, version) : askNext(survey, answers, version);
    return state ? { state, effects: [reply(say(T.pickFromButtons))] } : end();
  }
  const question = visibleQuestions(form, answers).find((q) => q.id === state.data.q);
  if (!question) return askNext(survey, answers, version);

  if (input.kind === 'location') return sentForQuestion(survey, question, input, ctx.prepared.photo, state);
  if (input.kind === 'image') return sentForQuestion(survey, question, 'picture', ctx.prepared.photo, state);
  const choice = postbackFor(input, surveyAnswerAction);
  if (choice) return answered(survey, question, fromButton(question, choice.payload.i), state);
  const date = postbackFor(input, surveyDateAction);
  if (date) return answered(survey, question, validateAnswer(question, date.params.date ?? null), state);
  if (postbackFor(input, surveySkipAction)) return answered(survey, question, validateAnswer(question, null), state);
  const optionsPage = postbackFor(input, surveyOptionsPageAction);
  if (optionsPage) return ask(survey, question, answers, { offset: optionsPage.payload.o, ...(state.data.picks ? { picks: state.data.picks } : {}) });
  const toggle = postbackFor(input, surveyToggleAction);
  if (toggle && question.kind === 'multiple_choice') {
    const value = question.options[toggle.payload.i]?.value;
    const picks = state.data.picks ?? [];
    const nextPicks = value === undefined ? picks : picks.includes(value) ? picks.filter((p) => p !== value) : [...picks, value];
    return ask(survey, question, answers, { picks: nextPicks });
  }
  if (postbackFor(input, surveyChosenAction) && question.kind === 'photo') {
    return photosOf(answers[question.id]).length > 0 ? askNext(survey, answers, version) : ask(survey, question, answers, { before: T.noPhotoYet });
  }
  if (postbackFor(input, surveyChosenAction)) {
    const picks = state.data.picks ?? [];
    if (picks.length === 0 && question.required) return ask(survey, question, answers, { before: T.nothingChosen });
    return answered(survey, question, validateAnswer(question, picks), state);
  }
  if (input.kind === 'text') {
    if (menuCommandOf(input.text) !== undefined) return ask(survey, question, answers);
    return answered(survey, question, answerFromText(question, input.text), state);
  }
  return ask(survey, question, answers, state.data.picks ? { picks: state.data.picks } : {});
}

export const surveysFlow: Flow<SurveyChatData, SurveysPrepared, SurveyCommand> = {
  name: SURVEYS_FLOW,
  version: 1,
  dataSchema: surveyChatDataSchema,
  actions: surveyActions,
  startsOn: (input, person) => Boolean(person) && isTile(input),
  // Every answer is saved as the draft when given: a tile may leave, nothing typed is lost.
  holdsDraft: () => false,
  prepare: prepareSurveys,
  step: (state, input, now, ctx) => surveysStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeSurveyCommand,
  replyNote: surveysWaitingNote,
};

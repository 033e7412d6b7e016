import { commandOf, type Flow, type FlowInput, reply } from '../../bot/flow.ts';
import type { LetterRegisterCommand } from '../../domain/saraban/commands.ts';
import { isSecret, keepsDetails, LETTER_KINDS, SECRECY_LABELS, type Secrecy, URGENCY_LABELS } from '../../domain/saraban/letter.ts';
import { letterHeadline } from '../../domain/saraban/view.ts';
import { letterFormLinkByNumber } from '../../line/liff.ts';
import { formatThaiDateTime } from '../../domain/thai-date.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { defineGuard } from '../../kit/guard.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, end, postbackItem, say, stale, textWithButtons, textWithPhotoButtons } from '../../kit/steps.ts';
import {
  cancelDraftAction,
  confirmAction,
  correctAction,
  dateAction,
  editAction,
  editFieldAction,
  filesDoneAction,
  kindAction,
  noActByAction,
  noDocNoAction,
  SARABAN_REGISTER_FLOW,
  sarabanRegisterActions,
  secrecyAction,
  urgencyAction,
} from './actions.ts';
import { summaryCard } from './cards.ts';
import { correctionStep, isCorrectionInput } from './correction.ts';
import { datePicker, withItems, type Ctx, type Result } from './ui.ts';
import { asks, cleanText, completeDraft, detailsOnForm, DRAFT_STEPS, nextQuestion, parseTypedDate, pickedDate, TEXT_MAX, type DraftStep, type LetterDraft } from './draft.ts';
import { executeRegisterCommand } from './execute.ts';
import { registerLabels as L, registerTexts as T, SECRECY_CHOICES, URGENCY_CHOICES } from './messages.ts';
import { prepareRegister, type RegisterPrepared } from './prepare.ts';
import {
  confirmIntent,
  fileCheck,
  isCorrectionRequest,
  registerDataSchema,
  registerStartOf,
  type RegisterData,
  type RegisterState,
} from './state.ts';

const command = commandOf<LetterRegisterCommand>();

/**
 * "ลงรับหนังสือ" / "ลงทะเบียนส่ง" for the saraban clerk: secrecy first (ลับที่สุด keeps number and date
 * only), the letter's number (ที่) and date, from / to / subject, kind, urgency, an optional act-by date,
 * then PDF files or photos of the pages (downloaded by `prepare` the moment they arrive), a summary card,
 * and on confirmation the register number, which `prepare` read with the counter locked so the reply
 * carries it. Corrections and cancellations of registered letters live in correction.ts.
 */
const stay = (state: RegisterState, ...messages: LineMessage[]): Result => ({ state, effects: [reply(...messages)] });

function question(step: DraftStep, draft: LetterDraft, now: Date): LineMessage {
  const d = draft.d;
  switch (step) {
    case 'secrecy':
      return textWithButtons(
        T.askSecrecy(draft.r),
        SECRECY_CHOICES.map((s) => ({ label: SECRECY_LABELS[s], data: encodePostback(secrecyAction, { d, s }) })),
      );
    case 'docNo':
      return textWithButtons(T.askDocNo, [{ label: L.noDocNo, data: encodePostback(noDocNoAction, { d }) }]);
    case 'docDate':
      return withItems(T.askDocDate, [datePicker(encodePostback(dateAction, { d, f: 'docDate' }), now)]);
    case 'fromName':
      return say(T.askFrom);
    case 'toName':
      return say(T.askTo(draft.r));
    case 'subject':
      return say(T.askSubject);
    case 'kind':
      return textWithButtons(
        T.askKind,
        LETTER_KINDS.map((k) => ({ label: L.kinds[k], data: encodePostback(kindAction, { d, k }) })),
      );
    case 'urgency':
      return textWithButtons(
        T.askUrgency,
        URGENCY_CHOICES.map((u) => ({ label: URGENCY_LABELS[u], data: encodePostback(urgencyAction, { d, u }) })),
      );
    case 'actBy':
      return withItems(T.askActBy, [
        datePicker(encodePostback(dateAction, { d, f: 'actBy' }), now),
        postbackItem({ label: L.noActBy, data: encodePostback(noActByAction, { d }) }),
      ]);
    case 'files':
      return textWithPhotoButtons(T.askFiles, [
        { label: draft.mediaIds.length > 0 ? L.filesDone : L.noFiles, data: encodePostback(filesDoneAction, { d }) },
      ]);
  }
}

function summary(draft: LetterDraft): Result {
  const d = { d: draft.d };
  const card = summaryCard(draft, {
    confirm: encodePostback(confirmAction, d),
    edit: encodePostback(editAction, d),
    cancel: encodePostback(cancelDraftAction, d),
  });
  return at('summary', { draft: { ...draft, editing: undefined } }, reply(card));
}

/** After an answer: the next open question, or the summary when every answer is in. */
function advance(draft: LetterDraft, now: Date, ...before: LineMessage[]): Result {
  const step = nextQuestion(draft);
  if (step === null) {
    const shown = summary(draft);
    return before.length > 0 ? { ...shown, effects: [reply(...before), ...shown.effects] } : shown;
  }
  return at(step, { draft }, reply(...before, question(step, draft, now)));
}

function registered(draft: LetterDraft, ctx: Ctx, now: Date): Result {
  const complete = completeDraft(draft);
  const taken = ctx.prepared.number;
  if (!complete || !taken) throw new Error('register prepare did not read a letter number');
  const headline = letterHeadline({ register: draft.r, number: taken.number, year: taken.year, secrecy: complete.secrecy, subject: null });
  const fix = encodePostback(correctAction, { r: draft.r, y: taken.year, n: taken.number, v: 1 });
  const onForm = detailsOnForm(complete.secrecy);
  const form = onForm ? letterFormLinkByNumber(draft.r, taken.year, taken.number) : undefined;
  const text = T.registered(headline, formatThaiDateTime(now), onForm, !keepsDetails(complete.secrecy), draft.r, form !== undefined);
  const message = textWithButtons(text, [{ label: L.correct, data: fix }]);
  // A secret letter's details are typed on its form page (which checks who opens it), never into the chat.
  const messages = form ? [{ type: 'text' as const, text }, formButton(form, message.quickReply)] : [message];
  return end(command({ type: 'registerLetter', ...complete, year: taken.year, number: taken.number, remarks: null }), reply(...messages));
}

/** The "กรอกรายละเอียดหนังสือลับ" card: a Flex title (longer than a button label may be) and its uri button. */
function formButton(uri: string, quickReply: LineMessage['quickReply']): LineMessage {
  return {
    type: 'flex',
    altText: L.fillSecretDetails,
    contents: {
      type: 'bubble',
      size: 'kilo',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'md',
        contents: [
          { type: 'text', text: L.fillSecretDetails, weight: 'bold', wrap: true },
          { type: 'button', style: 'primary', color: '#06C755', action: { type: 'uri', label: L.fillDetails, uri } },
        ],
      },
    },
    ...(quickReply ? { quickReply } : {}),
  };
}

function takeFile(state: RegisterState, input: FlowInput, ctx: Ctx, now: Date): Result {
  const check = fileCheck(state, input);
  switch (check) {
    case 'ok': {
      const media = ctx.prepared.media;
      const draft = state.data.draft!;
      if (!media || media === 'failed') return stay(state, say(T.fileFailed));
      const mediaIds = draft.mediaIds.includes(media.mediaId) ? draft.mediaIds : [...draft.mediaIds, media.mediaId];
      const next = { ...draft, mediaIds };
      return at('files', { draft: next }, reply(question('files', next, now)));
    }
    case 'topSecret':
      return stay(state, say(T.topSecretNoFiles));
    case 'secretOnForm':
      return stay(state, say(T.secretFileOnForm));
    case 'limit':
      return stay(state, say(T.fileLimit));
    case 'tooBig':
      return stay(state, say(T.fileTooBig));
    case 'notPdf':
      return stay(state, say(T.fileNotPdf));
    default:
      return stay(state, say(T.fileNotNow));
  }
}

function typedText(input: FlowInput, max: number): { text: string } | { error: string } | null {
  if (input.kind !== 'text') return null;
  const text = cleanText(input.text);
  if (!text) return { error: T.emptyText };
  return text.length > max ? { error: T.textTooLong(max) } : { text };
}

/** The draft's id a tapped draft button carries (undefined: not a draft button of this flow). */
function draftIdOf(input: FlowInput): number | undefined {
  if (input.kind !== 'postback' || input.action.flow !== SARABAN_REGISTER_FLOW) return undefined;
  const payload = input.payload as { d?: unknown };
  return typeof payload.d === 'number' ? payload.d : undefined;
}

/** What a draft button's handler knows. */
interface Tapped {
  state: RegisterState;
  draft: LetterDraft;
  now: Date;
}

/** A button counts only at the step(s) that show it; elsewhere (undefined) the step asks its own question again. */
const atStep = (state: RegisterState, ...steps: string[]) => steps.includes(state.step);

function chooseSecrecy(draft: LetterDraft, secrecy: Secrecy, now: Date): Result {
  const note = !keepsDetails(secrecy) ? [say(T.topSecretNote)] : isSecret(secrecy) ? [say(T.secretNote)] : [];
  return advance({ ...draft, secrecy }, now, ...note);
}

function askEdit(draft: LetterDraft): Result {
  const buttons = DRAFT_STEPS.filter((f) => asks(f, draft)).map((f) => ({
    label: L.draftFields[f],
    data: encodePostback(editFieldAction, { d: draft.d, f }),
  }));
  return at('edit', { draft }, reply(textWithButtons(T.chooseEdit, buttons)));
}

function editField(draft: LetterDraft, f: DraftStep, now: Date): Result {
  // The chosen answer is asked again; new files replace the old ones (old drafts are purged later).
  const cleared: LetterDraft = f === 'files' ? { ...draft, mediaIds: [], filesDone: undefined } : { ...draft, [f]: undefined };
  return at(f, { draft: { ...cleared, editing: true } }, reply(question(f, cleared, now)));
}

/** What each button of a draft does (confirming is `confirmIntent`'s). */
const routeDraftButton = defineRoutes<Tapped, Result | undefined>([
  on(cancelDraftAction, (_tap, { draft }) => end(reply(say(T.draftCancelled(draft.r))))),
  on(secrecyAction, (tap, { state, draft, now }) => (atStep(state, 'secrecy') ? chooseSecrecy(draft, tap.payload.s, now) : undefined)),
  on(noDocNoAction, (_tap, { state, draft, now }) => (atStep(state, 'docNo') ? advance({ ...draft, docNo: null }, now) : undefined)),
  on(dateAction, (tap, { state, draft, now }) => {
    if (state.step !== 'docDate' && state.step !== 'actBy') return undefined;
    const field = state.step;
    const date = tap.payload.f === field ? pickedDate(tap.params) : null;
    return date ? advance({ ...draft, [field]: date }, now) : stay(state, say(T.badDate), question(field, draft, now));
  }),
  on(noActByAction, (_tap, { state, draft, now }) => (atStep(state, 'actBy') ? advance({ ...draft, actBy: null }, now) : undefined)),
  on(kindAction, (tap, { state, draft, now }) => (atStep(state, 'kind') ? advance({ ...draft, kind: tap.payload.k }, now) : undefined)),
  on(urgencyAction, (tap, { state, draft, now }) => (atStep(state, 'urgency') ? advance({ ...draft, urgency: tap.payload.u }, now) : undefined)),
  on(filesDoneAction, (_tap, { state, draft, now }) => (atStep(state, 'files') ? advance({ ...draft, filesDone: true }, now) : undefined)),
  on(editAction, (_tap, { state, draft }) => (atStep(state, 'summary', 'edit') ? askEdit(draft) : undefined)),
  on(editFieldAction, (tap, { state, draft, now }) => (atStep(state, 'edit') ? editField(draft, tap.payload.f, now) : undefined)),
]);

/**
 * A tile tapped while the letter is being registered: how to finish or cancel it, then the open question (or the
 * summary) again with its buttons, since LINE shows quick replies under the latest message only.
 */
function busy(state: RegisterState, draft: LetterDraft, now: Date): Result {
  const note = say(T.busy(draft.r));
  if (state.step === 'summary') {
    const shown = summary(draft);
    return { ...shown, effects: [reply(note), ...shown.effects] };
  }
  const step = DRAFT_STEPS.find((s) => s === state.step);
  return step ? stay(state, note, question(step, draft, now)) : stay(state, note);
}

function draftStep(state: RegisterState, draft: LetterDraft, input: FlowInput, now: Date, ctx: Ctx): Result {
  if (input.kind === 'postback' && draftIdOf(input) !== draft.d) return stale(state);
  if (confirmIntent(state, input, ctx.person)) return registered(draft, ctx, now);
  const routed = routeDraftButton(input, { state, draft, now });
  if (routed) return routed;
  if (input.kind === 'text' && menuCommandOf(input.text) !== undefined) return busy(state, draft, now);
  if (input.kind === 'image' || input.kind === 'file') return takeFile(state, input, ctx, now);
  const again = () => stay(state, question(state.step as DraftStep, draft, now));

  // Typed text, or a button this step does not take.
  switch (state.step) {
    case 'secrecy':
    case 'kind':
    case 'urgency':
      return again();
    case 'docNo': {
      const typed = typedText(input, TEXT_MAX.docNo);
      if (!typed) return again();
      return 'error' in typed ? stay(state, say(typed.error)) : advance({ ...draft, docNo: typed.text }, now);
    }
    case 'docDate':
    case 'actBy': {
      const field = state.step;
      const date = input.kind === 'text' ? parseTypedDate(input.text) : null;
      if (!date) return stay(state, say(T.badDate), question(field, draft, now));
      return advance({ ...draft, [field]: date }, now);
    }
    case 'fromName':
    case 'toName':
    case 'subject': {
      const field = state.step;
      const typed = typedText(input, TEXT_MAX[field]);
      if (!typed) return again();
      return 'error' in typed ? stay(state, say(typed.error)) : advance({ ...draft, [field]: typed.text }, now);
    }
    case 'files':
      return stay(state, question('files', draft, now));
    case 'summary':
    case 'edit':
      // A confirmation that is no longer valid, or typed text: the summary again.
      return state.step === 'summary' ? summary(draft) : stay(state, say(T.pickFromButtons));
    default:
      return end(reply(say(T.draftCancelled(draft.r))));
  }
}

/** Whether the clerk has answered anything (secrecy is the first question) or sent a file. */
const draftAnswered = (draft: LetterDraft): boolean => draft.secrecy !== undefined || draft.mediaIds.length > 0;

const guard = defineGuard({ notRegistered: T.notRegistered, otherwise: 'register_letter' });

export function registerStep(state: RegisterState | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const draft = state?.data.draft;
  // Nothing answered yet: ลงรับหนังสือ / ลงทะเบียนส่ง tapped again starts the one tapped.
  const restart = draft !== undefined && !draftAnswered(draft) && registerStartOf(input) !== null;
  if (state && draft && !restart) return draftStep(state, draft, input, now, ctx);

  const start = registerStartOf(input);
  if (start) return at('secrecy', { draft: { d: now.getTime(), r: start, mediaIds: [] } }, reply(question('secrecy', { d: now.getTime(), r: start, mediaIds: [] }, now)));
  if (isCorrectionRequest(input) || isCorrectionInput(input) || state?.data.fix) return correctionStep(state, input, now, ctx);
  return input.kind === 'postback' ? stale(state) : end();
}

export const sarabanRegisterFlow: Flow<RegisterData, RegisterPrepared, LetterRegisterCommand> = {
  name: SARABAN_REGISTER_FLOW,
  version: 1,
  dataSchema: registerDataSchema,
  actions: sarabanRegisterActions,
  startsOn: (input, person) => Boolean(person) && (registerStartOf(input) !== null || isCorrectionRequest(input)),
  // A letter being registered is the office's record in the making: once the clerk has answered, a tile asks to
  // finish or cancel it first. Before the first answer there is nothing to lose, so a tile goes where it says.
  holdsDraft: (state) => (state.data.draft ? draftAnswered(state.data.draft) : true),
  prepare: prepareRegister,
  step: (state, input, now, ctx) => registerStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeRegisterCommand,
};

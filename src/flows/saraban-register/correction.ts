import { commandOf, type FlowInput, postbackFor, reply } from '../../bot/flow.ts';
import { canAmendLetter } from '../../domain/saraban/access.ts';
import { calendarYearOf } from '../../domain/fiscal-year.ts';
import type { CorrectableLetterField, LetterRegisterCommand } from '../../domain/saraban/commands.ts';
import { isSecret, LETTER_KINDS, letterNumberLabel, SECRECY_LABELS, URGENCY_LABELS } from '../../domain/saraban/letter.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import { letterDetailsLink, letterFormLink } from '../../line/liff.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { end, postbackItem, say, stale, textWithButtons } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { correctAction, correctFieldAction, correctValueAction, noActByFixAction, voidAction } from './actions.ts';
import { canVoid, cleanText, correctableFields, detailsOnForm, correctionValue, parseCorrectionRequest, pickedDate, TEXT_MAX } from './draft.ts';
import { datePicker, withItems, type Ctx, type Result } from './ui.ts';
import { FIELD_LABELS, registerLabels as L, registerTexts as T, URGENCY_CHOICES } from './messages.ts';
import type { FixData, RegisterState } from './state.ts';

const command = commandOf<LetterRegisterCommand>();

/**
 * Correcting a registered letter (one field at a time, before/after kept in its history) or cancelling its
 * number (kept in the register, marked cancelled, never given again). Buttons carry the letter's number and
 * the version they were drawn for: a letter changed since makes them stale. Nothing a clerk types about a
 * secret letter is repeated: messages name it by its headline only.
 */

const menuText = (letter: Letter) =>
  detailsOnForm(letter.secrecy) ? `${T.correctMenu(letterHeadline(letter))}\n${T.secretFormHint}` : T.correctMenu(letterHeadline(letter));

const FIX_ACTIONS = [correctAction, correctFieldAction, correctValueAction, noActByFixAction, voidAction];

export function isCorrectionInput(input: FlowInput): boolean {
  return FIX_ACTIONS.some((action) => postbackFor(input, action) !== undefined);
}

const refOf = (letter: Letter): FixData => ({ r: letter.register, y: letter.year, n: letter.number, v: letter.version });
const fixState = (step: string, fix: FixData) => ({ step, data: { fix } });

/** The letter's fields to correct, and cancelling its number. */
function menu(letter: Letter, text: string): Result {
  const ref = refOf(letter);
  const buttons = correctableFields(letter).map((f) => ({ label: FIELD_LABELS[f], data: encodePostback(correctFieldAction, { ...ref, f }) }));
  if (canVoid(letter.status)) buttons.push({ label: L.voidNumber, data: encodePostback(voidAction, ref) });
  const message = textWithButtons(text, buttons);
  // A secret letter's details are shown only on its page, and a ลับ / ลับมาก letter's are corrected on its
  // form page (both check who is looking), never typed into the chat.
  const uri = (label: string, link: string | undefined) => (link ? [{ type: 'action' as const, action: { type: 'uri' as const, label, uri: link } }] : []);
  const links = isSecret(letter.secrecy)
    ? [...(detailsOnForm(letter.secrecy) ? uri(L.secretForm, letterFormLink(letter.id)) : []), ...uri(L.openDetails, letterDetailsLink(letter.id))]
    : [];
  const items = links.length > 0 && message.type === 'text' ? [...(message.quickReply?.items ?? []), ...links] : undefined;
  return { state: fixState('fixMenu', ref), effects: [reply(items ? withItems(text, items) : message)] };
}

function askValue(letter: Letter, field: CorrectableLetterField, now: Date): Result {
  const ref = refOf(letter);
  const label = FIELD_LABELS[field];
  const value = (extra: { k?: (typeof LETTER_KINDS)[number]; u?: (typeof URGENCY_CHOICES)[number]; s?: 'none' | 'confidential' | 'secret' }) =>
    encodePostback(correctValueAction, { ...ref, f: field, ...extra });
  let message;
  switch (field) {
    case 'kind':
      message = textWithButtons(T.askNewChoice(label), LETTER_KINDS.map((k) => ({ label: L.kinds[k], data: value({ k }) })));
      break;
    case 'urgency':
      message = textWithButtons(T.askNewChoice(label), URGENCY_CHOICES.map((u) => ({ label: URGENCY_LABELS[u], data: value({ u }) })));
      break;
    case 'secrecy':
      // ลับที่สุด drops the details: such a letter is cancelled and registered again instead.
      message = textWithButtons(
        T.askNewChoice(label),
        (['none', 'confidential', 'secret'] as const).map((s) => ({ label: SECRECY_LABELS[s], data: value({ s }) })),
      );
      break;
    case 'docDate':
      message = withItems(T.askNewDate(label), [datePicker(value({}), now)]);
      break;
    case 'actBy':
      message = withItems(T.askNewDate(label), [
        datePicker(value({}), now),
        postbackItem({ label: L.noActBy, data: encodePostback(noActByFixAction, ref) }),
      ]);
      break;
    default:
      message = say(T.askNewValue(label));
  }
  return { state: fixState('fixValue', { ...ref, f: field }), effects: [reply(message)] };
}

/** The correction as a command, with the letter's menu again (at its next version) for further fixes. */
function correct(letter: Letter, field: CorrectableLetterField, value: string | null): Result {
  if ((letter[field] ?? null) === value) return menu(letter, `${T.unchanged}\n${T.correctMenu(letterHeadline(letter))}`);
  const after: Letter = { ...letter, [field]: value, version: letter.version + 1 };
  const shown = menu(after, T.corrected(letterHeadline({ ...after, subject: null }), FIELD_LABELS[field]));
  return {
    state: shown.state,
    effects: [command({ type: 'correctLetter', letterId: letter.id, expectedVersion: letter.version, field, value }), ...shown.effects],
  };
}

export function correctionStep(state: RegisterState | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const letter = ctx.prepared.letter;
  const typed = input.kind === 'text' ? parseCorrectionRequest(input.text) : null;
  if (typed) {
    if (!letter) return end(reply(say(T.letterNotFound(letterNumberLabel(typed.register, typed.number, typed.year ?? calendarYearOf(now))))));
    if (letter.status === 'cancelled') return end(reply(say(T.letterCancelled(letterHeadline(letter)))));
    if (!ctx.person || !canAmendLetter(letter, ctx.person)) return end(reply(say(T.notYourSecretLetter(letterHeadline(letter)))));
    return menu(letter, menuText(letter));
  }
  const fix = state?.data.fix;
  if (input.kind === 'text' && menuCommandOf(input.text) !== undefined) return end(reply(say(T.leftCorrection)));

  // Every tap carries the version it was drawn for; typed answers are checked against the version in the state.
  const tapped = FIX_ACTIONS.map((action) => postbackFor(input, action)).find((tap) => tap !== undefined);
  const seen = tapped ? (tapped.payload as FixData).v : fix?.v;
  if (!letter || seen === undefined) return input.kind === 'postback' ? stale(state) : end(reply(say(T.pickFromButtons)));
  if (letter.status === 'cancelled') return end(reply(say(T.letterCancelled(letterHeadline(letter)))));
  if (!isCurrent(letter, seen)) return stale(state);
  if (!ctx.person || !canAmendLetter(letter, ctx.person)) return end(reply(say(T.notYourSecretLetter(letterHeadline(letter)))));

  if (postbackFor(input, correctAction)) return menu(letter, menuText(letter));
  const field = postbackFor(input, correctFieldAction);
  if (field) {
    if (!correctableFields(letter).includes(field.payload.f)) return stale(state);
    return askValue(letter, field.payload.f, now);
  }
  const chosen = postbackFor(input, correctValueAction);
  if (chosen) {
    const { f, k, u, s } = chosen.payload;
    if (!correctableFields(letter).includes(f)) return stale(state);
    const value = f === 'kind' ? k : f === 'urgency' ? u : f === 'secrecy' ? s : f === 'docDate' || f === 'actBy' ? pickedDate(chosen.params) : null;
    if (!value) return askValue(letter, f, now);
    return correct(letter, f, value);
  }
  if (postbackFor(input, noActByFixAction)) return correct(letter, 'actBy', null);
  if (postbackFor(input, voidAction)) {
    if (!canVoid(letter.status)) return end(reply(say(T.cannotVoid(letterHeadline(letter), letter.status))));
    return { state: fixState('voidReason', refOf(letter)), effects: [reply(say(T.askVoidReason(letterHeadline(letter))))] };
  }

  if (input.kind !== 'text' || !state || !fix) return end(reply(say(T.pickFromButtons)));
  if (state.step === 'voidReason') {
    const reason = cleanText(input.text);
    if (!reason) return { state, effects: [reply(say(T.emptyText))] };
    if (reason.length > TEXT_MAX.reason) return { state, effects: [reply(say(T.textTooLong(TEXT_MAX.reason)))] };
    if (!canVoid(letter.status)) return end(reply(say(T.cannotVoid(letterHeadline(letter), letter.status))));
    return end(
      command({ type: 'cancelLetter', letterId: letter.id, expectedVersion: letter.version, reason }),
      reply(say(T.voided(letterHeadline({ ...letter, subject: null })))),
    );
  }
  if (state.step === 'fixValue' && fix.f) {
    if (fix.f === 'kind' || fix.f === 'urgency' || fix.f === 'secrecy') return askValue(letter, fix.f, now);
    const checked = correctionValue(fix.f, input.text);
    if ('error' in checked) {
      const text = checked.error === 'badDate' ? T.badDate : checked.error === 'tooLong' ? T.textTooLong(TEXT_MAX[fix.f as keyof typeof TEXT_MAX] ?? 100) : T.emptyText;
      return { state, effects: [reply(say(text))] };
    }
    return correct(letter, fix.f, checked.value);
  }
  return { state, effects: [reply(say(T.pickFromButtons))] };
}

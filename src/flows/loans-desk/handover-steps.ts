import { commandOf, reply, type FlowContext, type FlowState, type StepResult } from '../../bot/flow.ts';
import { mayHandOverOn, stillOut, swapTarget, toHandOver, type DeskLoan, type DeskLoanItem } from '../../domain/loans/handover.ts';
import { CONDITION_LABELS, type ItemCondition } from '../../domain/loans/inventory.ts';
import type { Person } from '../../domain/people.ts';
import { at, end, say, stale, textWithButtons, textWithPhotoButtons, type Button } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import { encodePostback } from '../../line/postback.ts';
import {
  cancelAction,
  handOverAllAction,
  handOverConditionAction,
  handOverDoneAction,
  handOverPickAction,
  noPhotoAction,
  openRepairAction,
  returnConditionAction,
  returnItemAction,
} from './actions.ts';
import type { DeskCommand } from './commands.ts';
import { deskLabels as L, handoverLabels as HL, handoverTexts as H } from './messages.ts';
import type { DeskData, DeskPrepared } from './prepare.ts';

/**
 * Hand-over and return at the desk, the pure steps. Hand-over: from a loan's card (ส่งมอบ, for the version the card
 * showed), the items are picked (tapped, all, or a ครุภัณฑ์ number typed or scanned), then their condition and an
 * optional photo; the borrower gets ได้รับของแล้ว. Partial hand-overs are allowed: what is left stays on the card.
 * Return: item by item with its condition; damaged offers เปิดงานซ่อม in one tap; ไม่ได้รับคืน keeps it open.
 */

type State = FlowState<DeskData>;
type Ctx = FlowContext<DeskPrepared>;
type Result = StepResult<DeskData>;

const command = commandOf<DeskCommand>();
const cancelButton: Button = { label: L.cancel, data: encodePostback(cancelAction, {}) };
/** Quick replies left for items once the picker's own buttons are in (13 at most). */
const ITEM_BUTTONS_MAX = 10;

const loanGone = (): Result => end(reply(say(H.loanGone)));

// ── Hand-over ────────────────────────────────────────────────────────────────────────────────────────

function pickPrompt(data: DeskData, desk: DeskLoan, outElsewhere: readonly number[] = []): Result {
  const picked = data.k ?? [];
  const swaps = data.sw ?? [];
  const left = toHandOver(desk);
  const buttons: Button[] = [
    ...left.slice(0, ITEM_BUTTONS_MAX).map((i) => {
      const swap = swaps.find((w) => w.f === i.itemId);
      const tag = swap ? swap.g : i.assetTag;
      const mark = picked.includes(i.itemId) || swap ? '✓ ' : outElsewhere.includes(i.itemId) && !swap ? '⛔ ' : '';
      return { label: `${mark}${tag}`, data: encodePostback(handOverPickAction, { i: i.itemId }), displayText: tag };
    }),
    { label: HL.all, data: encodePostback(handOverAllAction, {}) },
    { label: HL.done, data: encodePostback(handOverDoneAction, {}) },
  ];
  const blocked = left.filter((i) => outElsewhere.includes(i.itemId) && !swaps.some((w) => w.f === i.itemId));
  const note = blocked.length > 0 ? [say(H.stillOutNote(blocked.map((i) => i.assetTag).join(', ')))] : [];
  return at('hoPick', data, reply(...note, textWithButtons(H.askPick(picked.length, left.length), [...buttons, cancelButton])));
}

export function startHandOver(desk: DeskLoan | null | undefined, v: number, prepared: DeskPrepared): Result {
  if (!desk) return loanGone();
  if (!isCurrent(desk.loan, v)) return stale();
  if (toHandOver(desk).length === 0) return end(reply(say(H.nothingToHandOver)));
  if (!mayHandOverOn(desk.loan, prepared.today ?? '', prepared.horizon ?? '')) return end(reply(say(H.notYet(desk.loan.startsOn))));
  return pickPrompt({ m: 'h', l: desk.loan.id, v, k: [] }, desk, prepared.outElsewhere);
}

/** The hand-over in the conversation, checked against the loan as it is now. */
function inHandOver(state: State | null, step: string, prepared: DeskPrepared, go: (state: State, desk: DeskLoan) => Result): Result {
  if (!state || state.data.m !== 'h' || state.step !== step) return stale();
  const desk = prepared.deskLoan;
  if (!desk) return loanGone();
  if (!isCurrent(desk.loan, state.data.v)) return stale();
  return go(state, desk);
}

function toggle(state: State, desk: DeskLoan, itemId: number, outElsewhere: readonly number[]): Result {
  const item = toHandOver(desk).find((i) => i.itemId === itemId);
  if (!item) return stale(state);
  const picked = state.data.k ?? [];
  const swaps = state.data.sw ?? [];
  const swap = swaps.find((w) => w.f === itemId);
  // Tapping a held item that another stands in for takes the other one off the list.
  if (swap) return pickPrompt({ ...state.data, k: picked.filter((id) => id !== swap.t), sw: swaps.filter((w) => w !== swap) }, desk, outElsewhere);
  if (!picked.includes(itemId) && outElsewhere.includes(itemId)) return { state, effects: [reply(say(H.outElsewhere(item.assetTag)))] };
  const k = picked.includes(itemId) ? picked.filter((id) => id !== itemId) : [...picked, itemId];
  return pickPrompt({ ...state.data, k }, desk, outElsewhere);
}

export const handOverPicked = (state: State | null, prepared: DeskPrepared, itemId: number) => inHandOver(state, 'hoPick', prepared, (s, desk) => toggle(s, desk, itemId, prepared.outElsewhere ?? []));

export const handOverAll = (state: State | null, prepared: DeskPrepared) =>
  inHandOver(state, 'hoPick', prepared, (s, desk) => {
    const swaps = s.data.sw ?? [];
    const blocked = prepared.outElsewhere ?? [];
    // Everything that can go out now; what is still out on another loan stays for a later hand-over.
    const k = toHandOver(desk).flatMap((i) => {
      const swap = swaps.find((w) => w.f === i.itemId);
      if (swap) return [swap.t];
      return blocked.includes(i.itemId) ? [] : [i.itemId];
    });
    if (k.length === 0) return { state: s, effects: [reply(say(H.pickFirst))] };
    return askCondition({ ...s.data, k });
  });

export const handOverDone = (state: State | null, prepared: DeskPrepared) =>
  inHandOver(state, 'hoPick', prepared, (s, desk) => ((s.data.k ?? []).length === 0 ? { state: s, effects: [reply(say(H.pickFirst), ...pickPrompt(s.data, desk, prepared.outElsewhere).effects.flatMap((e) => (e.kind === 'reply' ? e.messages : [])))] } : askCondition(s.data)));

/** A ครุภัณฑ์ number typed or scanned while picking: that item of the loan is picked. */
export function handOverTyped(state: State, prepared: DeskPrepared): Result {
  return inHandOver(state, 'hoPick', prepared, (s, desk) => {
    const typed = prepared.typedItem;
    if (!typed) return { state: s, effects: [reply(say(H.notFoundTag))] };
    const picked = s.data.k ?? [];
    const swaps = s.data.sw ?? [];
    const item = toHandOver(desk).find((i) => i.itemId === typed.id);
    if (item) {
      if (swaps.some((w) => w.f === item.itemId)) return pickPrompt(s.data, desk, prepared.outElsewhere);
      if (!picked.includes(item.itemId) && (prepared.outElsewhere ?? []).includes(item.itemId)) return { state: s, effects: [reply(say(H.outElsewhere(item.assetTag)))] };
      return pickPrompt({ ...s.data, k: picked.includes(item.itemId) ? picked : [...picked, item.itemId] }, desk, prepared.outElsewhere);
    }
    if (picked.includes(typed.id)) return pickPrompt(s.data, desk, prepared.outElsewhere);
    // Another projector of the same type than the one held: it goes out instead (the reservation moves to it).
    const instead = swapTarget(desk, typed, picked, swaps.map((w) => w.f));
    if (!instead) return { state: s, effects: [reply(say(H.notOfLoan(typed.assetTag)))] };
    if (prepared.typedItemHeld) return { state: s, effects: [reply(say(H.swapTaken(typed.assetTag)))] };
    return pickPrompt({ ...s.data, k: [...picked, typed.id], sw: [...swaps, { f: instead.itemId, t: typed.id, g: typed.assetTag }] }, desk, prepared.outElsewhere);
  });
}

const conditionButtons = (action: typeof handOverConditionAction): Button[] => [
  { label: HL.good, data: encodePostback(action, { c: 'good' }) },
  { label: HL.fair, data: encodePostback(action, { c: 'fair' }) },
  { label: HL.damaged, data: encodePostback(action, { c: 'damaged' }) },
];

function askCondition(data: DeskData): Result {
  return at('hoCond', data, reply(textWithButtons(H.askCondition((data.k ?? []).length), [...conditionButtons(handOverConditionAction), cancelButton])));
}

const photoQuestion = () => textWithPhotoButtons(H.askPhoto, [{ label: HL.skipPhoto, data: encodePostback(noPhotoAction, {}) }, cancelButton]);

export const handOverCondition = (state: State | null, prepared: DeskPrepared, condition: ItemCondition) =>
  inHandOver(state, 'hoCond', prepared, (s) => at('hoPhoto', { ...s.data, cd: condition }, reply(photoQuestion())));

/** The photo (or none): the hand-over is written and the borrower asked to confirm receipt. */
export function finishHandOver(state: State | null, prepared: DeskPrepared, photo: 'none' | 'sent'): Result {
  return inHandOver(state, 'hoPhoto', prepared, (s, desk) => {
    const photoMediaId = photo === 'sent' ? (prepared.photoMediaId ?? null) : null;
    if (photo === 'sent' && photoMediaId === null) return { state: s, effects: [reply(say(H.photoFailed), photoQuestion())] };
    const picked = s.data.k ?? [];
    const swaps = (s.data.sw ?? []).map((w) => ({ from: w.f, to: w.t }));
    const waiting = toHandOver(desk);
    const isWaiting = (id: number) => waiting.some((i) => i.itemId === id);
    const valid = picked.every((id) => isWaiting(id) || swaps.some((w) => w.to === id && isWaiting(w.from)));
    if (picked.length === 0 || !valid || !s.data.cd) return stale();
    const left = waiting.length - picked.length;
    return end(
      command({ type: 'handOver', loanId: desk.loan.id, expectedVersion: desk.loan.version, itemIds: picked, swaps, condition: s.data.cd, photoMediaId }),
      reply(say(H.handedOver(picked.length, desk.loan.requesterName)), ...(left > 0 ? [say(H.stillToHandOver(left))] : [])),
    );
  });
}

// ── The borrower's receipt ───────────────────────────────────────────────────────────────────────────

export function confirmReceipt(person: Person, ctx: Ctx): Result {
  const handover = ctx.prepared.handover;
  if (!handover) return loanGone();
  if (handover.requesterId !== person.id) return end(reply(say(H.receiptNotYours)));
  if (handover.confirmedAt) return end(reply(say(H.receiptAlready)));
  return end(command({ type: 'confirmReceipt', handoverId: handover.id }), reply(say(H.receiptThanks)));
}

// ── Return ───────────────────────────────────────────────────────────────────────────────────────────

const itemButton = (i: DeskLoanItem): Button => ({ label: i.assetTag, data: encodePostback(returnItemAction, { i: i.itemId }) });

/** The items still to take back, as buttons, with the question; `except` was just dealt with. */
function returnPrompt(loanId: number, desk: DeskLoan, except?: number): { data: DeskData; text: string; buttons: Button[] } | null {
  const out = stillOut(desk).filter((i) => i.itemId !== except && i.status === 'out');
  if (out.length === 0) return null;
  return { data: { m: 'b', l: loanId }, text: H.askReturnPick(out.length), buttons: [...out.slice(0, 12).map(itemButton), cancelButton] };
}

/** From a loan's card: which item; from an item's card (`itemId`, still out on the loan): straight to its condition. */
export function startReturn(desk: DeskLoan | null | undefined, itemId?: number): Result {
  if (!desk) return loanGone();
  const out = stillOut(desk);
  if (out.length === 0) return end(reply(say(H.nothingOut)));
  if (itemId !== undefined && out.some((i) => i.itemId === itemId)) return askReturnCondition(null, desk, itemId);
  // Missing ones may still come back: they are offered too.
  return at('rtPick', { m: 'b', l: desk.loan.id }, reply(textWithButtons(H.askReturnPick(out.length), [...out.slice(0, 12).map(itemButton), cancelButton])));
}

function askReturnCondition(state: State | null, desk: DeskLoan, itemId: number): Result {
  const item = stillOut(desk).find((i) => i.itemId === itemId);
  if (!item) return { state, effects: [reply(say(H.notOut(desk.items.find((i) => i.itemId === itemId)?.assetTag ?? '')))] };
  const buttons: Button[] = [
    { label: HL.good, data: encodePostback(returnConditionAction, { c: 'good' }) },
    { label: HL.fair, data: encodePostback(returnConditionAction, { c: 'fair' }) },
    { label: HL.damaged, data: encodePostback(returnConditionAction, { c: 'damaged' }) },
    ...(item.status === 'out' ? [{ label: HL.missing, data: encodePostback(returnConditionAction, { c: 'missing' }) }] : []),
    cancelButton,
  ];
  return at('rtCond', { m: 'b', l: desk.loan.id, i: item.itemId }, reply(textWithButtons(H.askReturnCondition(item.assetTag, item.typeName), buttons)));
}

function inReturn(state: State | null, step: string, prepared: DeskPrepared, go: (state: State, desk: DeskLoan) => Result): Result {
  if (!state || state.data.m !== 'b' || state.step !== step) return stale();
  const desk = prepared.deskLoan;
  return desk ? go(state, desk) : loanGone();
}

export const returnPicked = (state: State | null, prepared: DeskPrepared, itemId: number) => inReturn(state, 'rtPick', prepared, (s, desk) => askReturnCondition(s, desk, itemId));

export function returnTyped(state: State, prepared: DeskPrepared): Result {
  return inReturn(state, 'rtPick', prepared, (s, desk) => {
    const typed = prepared.typedItem;
    if (!typed) return { state: s, effects: [reply(say(H.notFoundTag))] };
    if (!stillOut(desk).some((i) => i.itemId === typed.id)) return { state: s, effects: [reply(say(H.notOut(typed.assetTag)))] };
    return askReturnCondition(s, desk, typed.id);
  });
}

export function returnCondition(state: State | null, prepared: DeskPrepared, condition: ItemCondition | 'missing'): Result {
  return inReturn(state, 'rtCond', prepared, (s, desk) => {
    const item = stillOut(desk).find((i) => i.itemId === s.data.i);
    if (!item) return stale();
    const next = returnPrompt(desk.loan.id, desk, item.itemId);
    const missingLeft = stillOut(desk).filter((i) => i.itemId !== item.itemId && i.status === 'missing').length + (condition === 'missing' ? 1 : 0);
    const closingText = missingLeft > 0 ? H.stillMissing(missingLeft) : H.allBack;
    const nextQuestion = next ? [textWithButtons(next.text, next.buttons)] : [say(closingText)];
    const go = (cmd: DeskCommand, ...messages: ReturnType<typeof say>[]): Result =>
      next ? at('rtPick', next.data, command(cmd), reply(...messages, ...nextQuestion)) : end(command(cmd), reply(...messages, ...nextQuestion));
    if (condition === 'missing') {
      if (item.status !== 'out') return stale();
      return go({ type: 'reportMissing', loanId: desk.loan.id, itemId: item.itemId }, say(H.missing(item.assetTag)));
    }
    const returned = { type: 'returnItem' as const, loanId: desk.loan.id, itemId: item.itemId, condition };
    if (condition !== 'damaged') return go(returned, say(H.returned(item.assetTag, CONDITION_LABELS[condition])));
    // Damaged: เปิดงานซ่อม in one tap, before the next item (if any) is asked.
    const repairButton: Button = { label: HL.openRepair, data: encodePostback(openRepairAction, { l: desk.loan.id, i: item.itemId }) };
    if (!next) return end(command(returned), reply(say(H.returnedDamaged(item.assetTag)), textWithButtons(closingText, [repairButton])));
    return at('rtPick', next.data, command(returned), reply(say(H.returnedDamaged(item.assetTag)), textWithButtons(next.text, [repairButton, ...next.buttons])));
  });
}

/** เปิดงานซ่อม: one tap; the conversation (the next item to take back) goes on where it was. */
export function openRepair(state: State | null, prepared: DeskPrepared, itemId: number): Result {
  const keep = (text: string): Result => (state ? { state, effects: [reply(say(text))] } : end(reply(say(text))));
  const desk = prepared.deskLoan;
  if (!desk) return loanGone();
  const item = desk.items.find((i) => i.itemId === itemId);
  if (!item || item.status !== 'returned' || item.returnCondition !== 'damaged') return keep(H.repairNotDamaged);
  if (item.repairTicketId !== null) return keep(H.repairAlready);
  const opened = command({ type: 'openRepair', loanId: desk.loan.id, itemId });
  // The question about the next item is asked again with its buttons: this answer would otherwise hide them.
  const next = state?.step === 'rtPick' && state.data.l === desk.loan.id ? returnPrompt(desk.loan.id, desk) : null;
  if (next) return at('rtPick', next.data, opened, reply(say(H.repairOpened(item.assetTag)), textWithButtons(next.text, next.buttons)));
  const effects = [opened, reply(say(H.repairOpened(item.assetTag)))];
  return state ? { state, effects } : end(...effects);
}

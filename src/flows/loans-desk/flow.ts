import { z } from 'zod';
import { commandOf, reply, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import type { Person } from '../../domain/people.ts';
import { isBelowMinimum, lowStockAfter, MOVE_QUANTITY_MAX, type DeskConsumable } from '../../domain/loans/desk.ts';
import { defineGuard } from '../../kit/guard.ts';
import { narrowByName, pickerPage } from '../../kit/picker.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, end, say, schoolButtonLabel, stale, textWithButtons, textWithPhotoButtons, type Button } from '../../kit/steps.ts';
import type { CardButton } from '../../kit/card.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import {
  asPersonAction,
  cancelAction,
  confirmHandOutAction,
  consumablePageAction,
  extendAction,
  extendDateAction,
  extendDecideAction,
  itemPhotoAction,
  itemRepairedAction,
  handOutAction,
  handOverAction,
  handOverAllAction,
  handOverConditionAction,
  handOverDoneAction,
  handOverPickAction,
  noPhotoAction,
  openRepairAction,
  receiptAction,
  returnAction,
  returnConditionAction,
  returnItemAction,
  LOANS_DESK_FLOW,
  loansDeskActions,
  noPurposeAction,
  pickConsumableAction,
  quantityAction,
  restockAction,
  schoolAction,
} from './actions.ts';
import { itemCard, loanCards } from './cards.ts';
import { holderOf } from './item-view.ts';
import {
  confirmReceipt,
  finishHandOver,
  handOverAll,
  handOverCondition,
  handOverDone,
  handOverPicked,
  handOverTyped,
  openRepair,
  returnCondition,
  returnPicked,
  returnTyped,
  startHandOver,
  startReturn,
} from './handover-steps.ts';
import type { DeskCommand } from './commands.ts';
import { executeDeskCommand } from './execute.ts';
import { askExtension, decideExtension, extensionDatePicked } from './extension-steps.ts';
import { deskLabels as L, deskTexts as D, handoverLabels as HL, handoverTexts as H, itemPageTexts as T } from './messages.ts';
import { isDeskStart, isItemLookup, prepareDesk, type DeskData, type DeskPrepared } from './prepare.ts';

/**
 * "คืนอุปกรณ์/ยืม", the technicians' desk of equipment loans. A typed ครุภัณฑ์ number or a label's link shows the
 * item as a card. Consumables: จ่ายวัสดุ (what, how many, to which school or person, for what; confirmed) lowers
 * the stock and writes the usage log (แบบบันทึกใช้วัสดุอุปกรณ์); รับวัสดุเข้า (what, how many) raises it. Only
 * technicians (`lend_equipment`); the executor checks again with the row locked.
 */

type State = FlowState<DeskData>;
type Ctx = FlowContext<DeskPrepared>;
type Result = StepResult<DeskData>;

const command = commandOf<DeskCommand>();

const dataSchema: z.ZodType<DeskData> = z.object({
  m: z.enum(['o', 'r', 'h', 'b', 'p']),
  c: z.number().int().positive().optional(),
  q: z.number().int().positive().optional(),
  s: z.number().int().positive().optional(),
  sn: z.string().max(200).optional(),
  r: z.string().max(100).optional(),
  t: z.string().max(100).optional(),
  p: z.string().max(200).nullable().optional(),
  l: z.number().int().positive().optional(),
  v: z.number().int().positive().optional(),
  k: z.array(z.number().int().positive()).max(200).optional(),
  sw: z.array(z.object({ f: z.number().int().positive(), t: z.number().int().positive(), g: z.string().max(100) })).max(200).optional(),
  cd: z.enum(['good', 'fair', 'damaged']).optional(),
  i: z.number().int().positive().optional(),
});

const RECIPIENT_MAX = 100;
const PURPOSE_MAX = 200;
const HAND_OUT_COUNTS = [1, 2, 3, 5, 10];
const RESTOCK_COUNTS = [1, 5, 10, 20, 50];

const cancelButton: Button = { label: L.cancel, data: encodePostback(cancelAction, {}) };

/** The tile: today's hand-overs and returns (cards with ส่งมอบ / รับคืน), then the consumables' buttons. */
function menu(prepared: DeskPrepared): Result {
  const loans = prepared.deskLoans ?? [];
  const list = loans.length > 0 ? [say(H.today(loans.length)), loanCards(loans, prepared.today ?? '', prepared.horizon ?? '')] : [say(H.todayNone)];
  return end(
    reply(
      ...list,
      textWithButtons(D.menu, [
        { label: L.handOut, data: encodePostback(handOutAction, {}) },
        { label: L.restock, data: encodePostback(restockAction, {}) },
      ]),
    ),
  );
}

function showItem(ctx: Ctx, officeId: string, now: Date): Result {
  const { item, typed } = ctx.prepared;
  if (!item) return end(reply(say(D.itemNotFound(typed ?? ''))));
  const photo: CardButton = { kind: 'postback', label: T.takePhoto, data: encodePostback(itemPhotoAction, { i: item.id }) };
  const out = ctx.prepared.holder;
  // Back damaged and so not lent: once repaired, one tap puts it back in service.
  const repaired: CardButton | undefined =
    !out && item.condition === 'damaged' && !item.retired ? { kind: 'postback', label: T.repaired, data: encodePostback(itemRepairedAction, { i: item.id }), style: 'primary' } : undefined;
  // Out on a loan: รับคืน takes it back from here (the loan's return, item by item).
  const takeBack: CardButton | undefined = out ? { kind: 'postback', label: HL.takeBack, data: encodePostback(returnAction, { l: out.loanId, i: item.id }), style: 'primary' } : undefined;
  const first = takeBack ?? repaired;
  return end(reply(itemCard(officeId, item, now, { holder: holderOf(out ?? null), buttons: first ? [first, photo] : [photo] })));
}

// ── Consumables ──────────────────────────────────────────────────────────────────────────────────────

function consumablePicker(mode: DeskData['m'], consumables: readonly DeskConsumable[], offset = 0, typed?: string): Result {
  if (consumables.length === 0) return end(reply(say(D.noConsumables)));
  const choices = typed ? narrowByName(consumables, typed, (c) => c.name) : consumables;
  if (typed && choices.length === 0) return at('pick', { m: mode }, reply(textWithButtons(D.noMatch(typed), [cancelButton])));
  const page = pickerPage({
    choices,
    offset,
    button: (c) => ({ label: `${c.name} (${c.stock})`, data: encodePostback(pickConsumableAction, { c: c.id }), displayText: c.name }),
    pageData: (o) => encodePostback(consumablePageAction, { o }),
    always: [cancelButton],
  });
  return at('pick', { m: mode }, reply(textWithButtons(mode === 'o' ? D.pickHandOut : D.pickRestock, page.buttons)));
}

function askQuantity(mode: DeskData['m'], consumable: DeskConsumable): Result {
  if (mode === 'o' && consumable.stock === 0) return end(reply(say(D.outOfStock(consumable.name))));
  const counts = mode === 'o' ? HAND_OUT_COUNTS.filter((n) => n <= consumable.stock) : RESTOCK_COUNTS;
  const buttons = [...counts.map((n) => ({ label: String(n), data: encodePostback(quantityAction, { n }) })), cancelButton];
  const text = mode === 'o' ? D.askQuantity(consumable.name, consumable.stock, consumable.unit) : D.askRestockQuantity(consumable.name, consumable.stock, consumable.unit);
  return at('qty', { m: mode, c: consumable.id }, reply(textWithButtons(text, buttons)));
}

/** A count typed in Thai or Arabic digits. */
function typedCount(text: string): number | undefined {
  const digits = text.trim().replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
  if (!/^\d{1,6}$/.test(digits)) return undefined;
  return Number(digits);
}

function quantityGiven(state: State, consumable: DeskConsumable, n: number): Result {
  const mode = state.data.m;
  if (n < 1 || n > MOVE_QUANTITY_MAX) return { state, effects: [reply(say(D.badQuantity(MOVE_QUANTITY_MAX)))] };
  if (mode === 'r') {
    const stock = consumable.stock + n;
    const done = say(D.restocked(consumable.name, n, consumable.unit, stock));
    const still = isBelowMinimum(stock, consumable.minStock) && consumable.minStock !== null ? [say(D.stillLow(consumable.minStock, consumable.unit))] : [];
    return end(command({ type: 'restockConsumable', consumableId: consumable.id, quantity: n }), reply(done, ...still));
  }
  if (n > consumable.stock) return { state, effects: [reply(say(D.notEnough(consumable.stock, consumable.unit)))] };
  return at('to', { m: mode, c: consumable.id, q: n }, reply(textWithButtons(D.askRecipient, [cancelButton])));
}

function recipientTyped(state: State, text: string, ctx: Ctx): Result {
  const typed = text.trim().replace(/\s+/g, ' ');
  if (!typed || menuCommandOf(typed) !== undefined) return { state, effects: [reply(textWithButtons(D.askRecipient, [cancelButton]))] };
  if (typed.length > RECIPIENT_MAX) return { state, effects: [reply(say(D.recipientTooLong))] };
  const schools = ctx.prepared.schools ?? [];
  if (schools.length === 0) return askPurpose({ ...state.data, r: typed, t: undefined });
  const buttons: Button[] = [
    // "โรงเรียน" left off the label: LINE shows 20 characters, and every school's name starts with it.
    ...schools.map((s) => ({ label: schoolButtonLabel(s.name), data: encodePostback(schoolAction, { s: s.id }), displayText: s.name })),
    { label: L.asPerson(typed), data: encodePostback(asPersonAction, {}) },
  ];
  return at('to', { ...state.data, t: typed }, reply(textWithButtons(D.pickSchool(typed), buttons)));
}

function askPurpose(data: DeskData): Result {
  return at('purpose', data, reply(textWithButtons(D.askPurpose, [{ label: L.noPurpose, data: encodePostback(noPurposeAction, {}) }, cancelButton])));
}

const recipientOf = (data: DeskData) => data.sn ?? data.r ?? '';

function askConfirm(data: DeskData, consumable: DeskConsumable): Result {
  const text = D.confirmHandOut(consumable.name, data.q ?? 0, consumable.unit, recipientOf(data), data.p ?? L.noPurpose);
  return at(
    'confirm',
    data,
    reply(
      textWithButtons(text, [
        { label: L.confirm, data: encodePostback(confirmHandOutAction, {}) },
        cancelButton,
      ]),
    ),
  );
}

function purposeGiven(state: State, purpose: string | null, consumable: DeskConsumable): Result {
  if (purpose !== null) {
    const clean = purpose.trim().replace(/\s+/g, ' ');
    if (!clean || menuCommandOf(clean) !== undefined) return { state, effects: [reply(say(D.askPurpose))] };
    if (clean.length > PURPOSE_MAX) return { state, effects: [reply(say(D.purposeTooLong))] };
    purpose = clean;
  }
  return askConfirm({ ...state.data, p: purpose }, consumable);
}

function confirmHandOut(state: State, consumable: DeskConsumable, now: Date): Result {
  const { q, s, r, p } = state.data;
  if (q === undefined || (s === undefined && r === undefined)) return stale();
  // Someone else handed some out meanwhile: the count is asked again.
  if (q > consumable.stock) return askQuantity('o', consumable);
  const left = consumable.stock - q;
  const done = say(D.handedOut(consumable.name, q, consumable.unit, recipientOf(state.data), left));
  const low = lowStockAfter(consumable, left, now).tellNow && consumable.minStock !== null ? [say(D.nowLow(consumable.name, left, consumable.minStock, consumable.unit))] : [];
  return end(
    command({ type: 'handOutConsumable', consumableId: consumable.id, quantity: q, schoolId: s ?? null, recipientName: s === undefined ? (r ?? null) : null, purpose: p ?? null }),
    reply(done, ...low),
  );
}

/** The item's new photo, kept; the card shows it from now on. */
function itemPhotoSent(state: State, prepared: DeskPrepared): Result {
  const item = prepared.item;
  if (!item) return end(reply(say(T.notFound)));
  if (prepared.photoMediaId === null || prepared.photoMediaId === undefined) return { state, effects: [reply(say(T.photoFailed))] };
  return end(command({ type: 'setItemPhoto', itemId: item.id, mediaId: prepared.photoMediaId }), reply(say(T.photoSaved(item.assetTag))));
}

/** What a button's handler knows. */
interface Tapped {
  state: State | null;
  ctx: Ctx;
  now: Date;
  person: Person;
}

/** A button of a step that is not the conversation's step now (an old question's answer) is stale. */
function inStep(tapped: Tapped, step: string, go: (state: State, consumable: DeskConsumable) => Result): Result {
  const { state, ctx } = tapped;
  if (!state || state.step !== step) return stale();
  const consumable = ctx.prepared.consumable;
  if (!consumable) return end(reply(say(D.consumableGone)));
  return go(state, consumable);
}

const routeButton = defineRoutes<Tapped, Result>([
  on(handOutAction, (_tap, { ctx }) => consumablePicker('o', ctx.prepared.consumables ?? [])),
  on(restockAction, (_tap, { ctx }) => consumablePicker('r', ctx.prepared.consumables ?? [])),
  on(consumablePageAction, (tap, { state, ctx }) => (state?.step === 'pick' ? consumablePicker(state.data.m, ctx.prepared.consumables ?? [], tap.payload.o) : stale())),
  on(pickConsumableAction, (_tap, { state, ctx }) => {
    if (state?.step !== 'pick') return stale();
    const consumable = ctx.prepared.consumable;
    return consumable ? askQuantity(state.data.m, consumable) : end(reply(say(D.consumableGone)));
  }),
  on(quantityAction, (tap, tapped) => inStep(tapped, 'qty', (state, consumable) => quantityGiven(state, consumable, tap.payload.n))),
  on(schoolAction, (_tap, { state, ctx }) => {
    if (state?.step !== 'to' || state.data.t === undefined) return stale();
    const school = ctx.prepared.school;
    if (!school) return stale(state);
    return askPurpose({ ...state.data, s: school.id, sn: school.name, t: undefined, r: undefined });
  }),
  on(asPersonAction, (_tap, { state }) => (state?.step === 'to' && state.data.t !== undefined ? askPurpose({ ...state.data, r: state.data.t, t: undefined }) : stale())),
  on(noPurposeAction, (_tap, tapped) => inStep(tapped, 'purpose', (state, consumable) => purposeGiven(state, null, consumable))),
  on(confirmHandOutAction, (_tap, tapped) => inStep(tapped, 'confirm', (state, consumable) => confirmHandOut(state, consumable, tapped.now))),
  on(cancelAction, () => end(reply(say(D.cancelled)))),
  on(handOverAction, (tap, { ctx }) => startHandOver(ctx.prepared.deskLoan, tap.payload.v, ctx.prepared)),
  on(handOverPickAction, (tap, { state, ctx }) => handOverPicked(state, ctx.prepared, tap.payload.i)),
  on(handOverAllAction, (_tap, { state, ctx }) => handOverAll(state, ctx.prepared)),
  on(handOverDoneAction, (_tap, { state, ctx }) => handOverDone(state, ctx.prepared)),
  on(handOverConditionAction, (tap, { state, ctx }) => handOverCondition(state, ctx.prepared, tap.payload.c)),
  on(noPhotoAction, (_tap, { state, ctx }) => finishHandOver(state, ctx.prepared, 'none')),
  on(receiptAction, (_tap, { ctx, person }) => confirmReceipt(person, ctx)),
  on(returnAction, (tap, { ctx }) => startReturn(ctx.prepared.deskLoan, tap.payload.i)),
  on(returnItemAction, (tap, { state, ctx }) => returnPicked(state, ctx.prepared, tap.payload.i)),
  on(returnConditionAction, (tap, { state, ctx }) => returnCondition(state, ctx.prepared, tap.payload.c)),
  on(openRepairAction, (tap, { state, ctx }) => openRepair(state, ctx.prepared, tap.payload.i)),
  on(itemPhotoAction, (_tap, { ctx }) => {
    const item = ctx.prepared.item;
    if (!item) return end(reply(say(T.notFound)));
    return at('itemPhoto', { m: 'p', i: item.id }, reply(textWithPhotoButtons(T.askPhoto(item.assetTag), [cancelButton])));
  }),
  on(itemRepairedAction, (_tap, { ctx }) => {
    const item = ctx.prepared.item;
    if (!item) return end(reply(say(T.notFound)));
    if (item.condition !== 'damaged') return end(reply(say(T.notDamaged(item.assetTag))));
    return end(command({ type: 'markItemRepaired', itemId: item.id }), reply(say(T.repairedDone(item.assetTag))));
  }),
  on(extendAction, (_tap, { ctx, person }) => askExtension(person, ctx.prepared)),
  on(extendDateAction, (tap, { ctx, person }) => extensionDatePicked(person, ctx.prepared, tap.payload.v, tap.params.date)),
  on(extendDecideAction, (tap, { ctx, person }) => decideExtension(person, ctx.prepared, tap.payload)),
]);

/** Typed text inside the conversation: the answer to the question asked. */
function typedAnswer(state: State, text: string, ctx: Ctx): Result {
  const consumable = ctx.prepared.consumable;
  switch (state.step) {
    case 'pick':
      return consumablePicker(state.data.m, ctx.prepared.consumables ?? [], 0, text.trim());
    case 'qty': {
      if (!consumable) return end(reply(say(D.consumableGone)));
      const n = typedCount(text);
      return n === undefined ? { state, effects: [reply(say(D.badQuantity(MOVE_QUANTITY_MAX)))] } : quantityGiven(state, consumable, n);
    }
    case 'to':
      return recipientTyped(state, text, ctx);
    case 'purpose':
      return consumable ? purposeGiven(state, text, consumable) : end(reply(say(D.consumableGone)));
    case 'hoPick':
      return handOverTyped(state, ctx.prepared);
    case 'rtPick':
      return returnTyped(state, ctx.prepared);
    default:
      return { state, effects: [reply(say(D.typePlease))] };
  }
}

/** Everything at the desk is the technicians'; the borrower's ได้รับของแล้ว and ขอขยายเวลา are the borrower's (checked against the loan). */
const guard = defineGuard({
  notRegistered: D.notRegistered,
  postbacks: [
    [[receiptAction, extendAction, extendDateAction], 'borrow_equipment'],
    // An extension is decided by the loan's approver or whoever stands in for one today, whatever their own role:
    // the step and the executor ask the request kit who decides.
    [[extendDecideAction], null],
  ],
  otherwise: 'lend_equipment',
});

export function deskStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (isDeskStart(input)) return menu(ctx.prepared);
  const routed = routeButton(input, { state, ctx, now, person });
  if (routed) return routed;
  if (input.kind === 'image' && state?.step === 'hoPhoto') return finishHandOver(state, ctx.prepared, 'sent');
  if (input.kind === 'image' && state?.step === 'itemPhoto') return itemPhotoSent(state, ctx.prepared);
  if (input.kind === 'text') {
    if (state) return typedAnswer(state, input.text, ctx);
    if (ctx.prepared.item !== undefined) return showItem(ctx, person.officeId, now);
  }
  return state ? { state, effects: [reply(say(D.typePlease))] } : end();
}

export const loansDeskFlow: Flow<DeskData, DeskPrepared, DeskCommand> = {
  name: LOANS_DESK_FLOW,
  version: 2,
  dataSchema,
  actions: loansDeskActions,
  startsOn: (input, person) => Boolean(person) && (isDeskStart(input) || isItemLookup(input, person)),
  prepare: prepareDesk,
  step: (state, input, now, ctx) => deskStep(state, input, now, ctx ?? { person: null, prepared: {} }),
  execute: executeDeskCommand,
};

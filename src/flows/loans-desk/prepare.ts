import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { findItemByAssetTag, getConsumable, getItem, listDeskConsumables } from '../../db/repos/loan-desk.ts';
import { getSchool, searchSchools } from '../../db/repos/schools.ts';
import type { DeskConsumable } from '../../domain/loans/desk.ts';
import type { InventoryItem, ItemCondition } from '../../domain/loans/inventory.ts';
import { handOverHorizon, type DeskLoan, type Handover } from '../../domain/loans/handover.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { currentHolderOf, getDeskLoan, getHandover, itemHeldBetween, itemsBookedBetween, itemsOutElsewhere, listDeskLoanIds } from '../../db/repos/loan-handover.ts';
import { loadOfficeCalendar } from '../../db/repos/holidays.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { actingStandsOf } from '../../db/repos/recipients.ts';
import { addDays, isDateKey } from '../../domain/loans/dates.ts';
import { approverRolesFor } from '../../domain/loans/settings.ts';
import type { Role } from '../../domain/roles.ts';
import type { ActingStand } from '../../kit/requests.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { extendAction, extendDateAction, extendDecideAction, itemPhotoAction, itemRepairedAction, handOutAction, handOverAction, openRepairAction, pickConsumableAction, consumablePageAction, receiptAction, restockAction, returnAction, schoolAction } from './actions.ts';
import { keepSentPhoto, keptFileId } from '../../kit/photos.ts';

/** The conversation of the desk: a consumable being handed out (`o`) or restocked (`r`), answer by answer. */
export interface DeskData {
  /** o: hand out a consumable, r: restock one, h: hand over a loan's items, b: take them back, p: an item's photo. */
  m: 'o' | 'r' | 'h' | 'b' | 'p';
  /** The consumable chosen. */
  c?: number | undefined;
  /** How many. */
  q?: number | undefined;
  /** To a school of the office (id and name) or a person (name). */
  s?: number | undefined;
  sn?: string | undefined;
  r?: string | undefined;
  /** What was typed for the recipient, while the schools it matched are offered (it may be a person's name). */
  t?: string | undefined;
  /** The purpose; null: not given. */
  p?: string | null | undefined;
  /** The loan handed over or taken back, and the version its card was drawn for. */
  l?: number | undefined;
  v?: number | undefined;
  /** The items picked for the hand-over. */
  k?: number[] | undefined;
  /** Items picked instead of held ones of their type: held `f` replaced by `t` (ครุภัณฑ์ number `g`). */
  sw?: Array<{ f: number; t: number; g: string }> | undefined;
  /** The condition they go out in. */
  cd?: ItemCondition | undefined;
  /** The item being taken back, or whose photo is awaited. */
  i?: number | undefined;
}

export interface DeskPrepared {
  /** The item a typed asset tag or label link names (null: none of this office). */
  item?: InventoryItem | null;
  /** The typed text the item was looked up by. */
  typed?: string;
  consumables?: DeskConsumable[];
  /** The consumable of the conversation (or the one tapped), as it is now. */
  consumable?: DeskConsumable | null;
  /** Schools matching what was typed for the recipient. */
  schools?: Array<{ id: number; name: string }>;
  /** The school tapped. */
  school?: { id: number; name: string } | null;
  /** Today (Bangkok) and the last first day of a loan that may be handed over today. */
  today?: string;
  horizon?: string;
  /** The loans on the desk today (the tile). */
  deskLoans?: DeskLoan[];
  /** The loan a button or the conversation is about, as it is now (null: none of this office). */
  deskLoan?: DeskLoan | null;
  /** An item typed (ครุภัณฑ์ number or label link) while picking for a hand-over or a return. */
  typedItem?: InventoryItem | null;
  /** Held items of the loan still out on another (overdue) loan. */
  outElsewhere?: number[];
  /** Whether another loan holds the typed item on this loan's days, or has it out (it cannot go out instead). */
  typedItemHeld?: boolean;
  /** The hand-over whose receipt the borrower confirms. */
  handover?: Handover | null;
  /** Who has the item looked up, when it is out on a loan. */
  holder?: { loanId: number; requesterName: string; schoolName: string | null; endsOn: string } | null;
  /** ขอขยายเวลา: the office's longest loan, whether another loan holds the items on the days asked, and for the
   * approver's answer the roles that approve this loan and whom the person stands in for today. */
  maxDays?: number;
  bookedAfter?: boolean;
  approverRoles?: Role[];
  actingFor?: ActingStand[];
  /** A photo sent at the hand-over, kept. */
  photoMediaId?: number | null;
}

/** The tile: คืนอุปกรณ์/ยืม. */
export function isDeskStart(input: FlowInput): boolean {
  return input.kind === 'text' && menuCommandOf(input.text) === 'equipmentLoans';
}

const LINK = /\/loan-items\/(\d{1,9})(?:[/?#\s]|$)/;
/** A ครุภัณฑ์ number as offices write them: one word of letters, digits, dashes, dots and slashes, with a digit. */
const ASSET_TAG = /^(?=.*[0-9๐-๙])[A-Za-z0-9ก-๙][A-Za-z0-9ก-๙./\-]{1,39}$/;

/** What a typed text names: an item's id (its label's link), or a ครุภัณฑ์ number; undefined: neither. */
export function itemReferenceOf(text: string): { id: number } | { tag: string } | undefined {
  const link = LINK.exec(text);
  if (link) return { id: Number(link[1]) };
  const tag = text.trim();
  if (menuCommandOf(tag) !== undefined) return undefined;
  return ASSET_TAG.test(tag) ? { tag } : undefined;
}

/** A technician's typed asset tag or pasted label link, outside any conversation. */
export function isItemLookup(input: FlowInput, person: Person | null | undefined): boolean {
  return input.kind === 'text' && Boolean(person && can(person.role, 'lend_equipment')) && itemReferenceOf(input.text) !== undefined;
}

/** The loan an input is about: carried by its button, or the conversation's. */
function loanIdOf(input: FlowInput, state: FlowState<DeskData> | null): number | undefined {
  return postbackFor(input, handOverAction)?.payload.l ?? postbackFor(input, returnAction)?.payload.l ?? postbackFor(input, openRepairAction)?.payload.l ?? state?.data.l;
}

export async function prepareDesk(tx: Executor, input: FlowInput, state: FlowState<DeskData> | null, person: Person | null, env: FlowEnv): Promise<DeskPrepared> {
  const officeId = env.officeId;
  const prepared: DeskPrepared = {};
  const receipt = postbackFor(input, receiptAction);
  // The borrower's button: whoever taps it, the step compares them with the loan's requester.
  if (receipt && person) {
    prepared.handover = await getHandover(tx, officeId, receipt.payload.h);
    return prepared;
  }
  const extension = postbackFor(input, extendAction)?.payload.l ?? postbackFor(input, extendDateAction)?.payload.l ?? postbackFor(input, extendDecideAction)?.payload.l;
  if (extension !== undefined && person) {
    prepared.deskLoan = await getDeskLoan(tx, officeId, extension);
    const loan = prepared.deskLoan?.loan;
    if (!loan) return prepared;
    const settings = (await getOfficeSettings(tx, officeId)).loans;
    prepared.maxDays = settings.maxDays;
    const to = postbackFor(input, extendDateAction)?.params.date ?? postbackFor(input, extendDecideAction)?.payload.t;
    if (to && isDateKey(to) && to > loan.endsOn) prepared.bookedAfter = await itemsBookedBetween(tx, officeId, loan.id, addDays(loan.endsOn, 1), to);
    if (postbackFor(input, extendDecideAction)) {
      prepared.approverRoles = approverRolesFor(settings, loan.lines.flatMap((l) => l.categories));
      prepared.actingFor = await actingStandsOf(tx, officeId, person.id, bangkokDateKey(env.now));
    }
    return prepared;
  }
  if (!person || !can(person.role, 'lend_equipment')) return {};
  const calendar = await loadOfficeCalendar(tx, officeId);
  prepared.today = bangkokDateKey(env.now);
  prepared.horizon = handOverHorizon(prepared.today, calendar);
  if (isDeskStart(input)) {
    const ids = await listDeskLoanIds(tx, officeId, prepared.today, prepared.horizon, DESK_LIST_MAX);
    prepared.deskLoans = [];
    for (const id of ids) {
      const desk = await getDeskLoan(tx, officeId, id);
      if (desk) prepared.deskLoans.push(desk);
    }
    return prepared;
  }
  const loanId = loanIdOf(input, state);
  if (loanId !== undefined) prepared.deskLoan = await getDeskLoan(tx, officeId, loanId);
  // Held items still out on another (overdue) loan cannot go out yet: the picker says so.
  if (prepared.deskLoan && (postbackFor(input, handOverAction) || state?.data.m === 'h')) {
    prepared.outElsewhere = await itemsOutElsewhere(tx, officeId, prepared.deskLoan.loan.id, prepared.deskLoan.items.filter((i) => i.status === 'reserved').map((i) => i.itemId));
  }
  if (input.kind === 'text' && (state?.step === 'hoPick' || state?.step === 'rtPick')) {
    const ref = itemReferenceOf(input.text);
    prepared.typedItem = ref ? ('id' in ref ? await getItem(tx, officeId, ref.id) : await findItemByAssetTag(tx, officeId, ref.tag)) : null;
    const loan = prepared.deskLoan?.loan;
    if (prepared.typedItem && loan && state.step === 'hoPick') {
      prepared.typedItemHeld =
        (await itemHeldBetween(tx, officeId, prepared.typedItem.id, loan.id, loan.startsOn, loan.endsOn)) ||
        (await itemsOutElsewhere(tx, officeId, loan.id, [prepared.typedItem.id])).length > 0;
    }
  }
  if (input.kind === 'image' && state?.step === 'hoPhoto') prepared.photoMediaId = keptFileId(await keepSentPhoto(tx, input.messageId, person, env, 'loan_handover'));
  const photoOf = postbackFor(input, itemPhotoAction)?.payload.i ?? postbackFor(input, itemRepairedAction)?.payload.i ?? (state?.step === 'itemPhoto' ? state.data.i : undefined);
  if (photoOf !== undefined) prepared.item = await getItem(tx, officeId, photoOf);
  if (input.kind === 'image' && state?.step === 'itemPhoto' && prepared.item) prepared.photoMediaId = keptFileId(await keepSentPhoto(tx, input.messageId, person, env, 'loan_item'));
  if (input.kind === 'text' && state === null) {
    const ref = itemReferenceOf(input.text);
    if (ref) {
      prepared.typed = input.text.trim();
      prepared.item = 'id' in ref ? await getItem(tx, officeId, ref.id) : await findItemByAssetTag(tx, officeId, ref.tag);
      if (prepared.item) prepared.holder = await currentHolderOf(tx, officeId, prepared.item.id);
      return prepared;
    }
  }
  const picking =
    postbackFor(input, handOutAction) !== undefined ||
    postbackFor(input, restockAction) !== undefined ||
    postbackFor(input, consumablePageAction) !== undefined ||
    (state?.step === 'pick' && input.kind === 'text');
  if (picking) prepared.consumables = await listDeskConsumables(tx, officeId);
  const tapped = postbackFor(input, pickConsumableAction)?.payload.c;
  const consumableId = tapped ?? state?.data.c;
  if (consumableId !== undefined) prepared.consumable = await getConsumable(tx, officeId, consumableId);
  if (state?.step === 'to' && input.kind === 'text') prepared.schools = (await searchSchools(tx, officeId, input.text, 11)).map((s) => ({ id: s.id, name: s.name }));
  const school = postbackFor(input, schoolAction)?.payload.s;
  if (school !== undefined) {
    const found = await getSchool(tx, officeId, school);
    prepared.school = found ? { id: found.id, name: found.name } : null;
  }
  return prepared;
}

/** At most this many loans on the desk's list (a carousel holds 12). */
export const DESK_LIST_MAX = 12;

/** A photo sent (a hand-over's, an item's), downloaded at once (LINE keeps content only for a while); null when it could not be. */

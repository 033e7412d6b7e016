import { z } from 'zod';
import { refId as id, versionedRef } from '../../kit/versioned.ts';
import { definePostbackAction } from '../../line/postback.ts';

/** The technicians' desk of equipment loans: the คืนอุปกรณ์/ยืม tile and what follows it. */
export const LOANS_DESK_FLOW = 'loans-desk';

/** จ่ายวัสดุ / รับวัสดุเข้า: the consumables picker for a hand-out or a restock. */
export const handOutAction = definePostbackAction('ld:handOut', LOANS_DESK_FLOW, z.object({}));
export const restockAction = definePostbackAction('ld:restock', LOANS_DESK_FLOW, z.object({}));
/** A consumable chosen, and a page of the picker. */
export const pickConsumableAction = definePostbackAction('ld:pick', LOANS_DESK_FLOW, z.object({ c: id }));
export const consumablePageAction = definePostbackAction('ld:page', LOANS_DESK_FLOW, z.object({ o: z.number().int().min(0) }));
export const quantityAction = definePostbackAction('ld:qty', LOANS_DESK_FLOW, z.object({ n: id }));
/** The recipient: a school of the office found by what was typed, or what was typed as a person's name. */
export const schoolAction = definePostbackAction('ld:school', LOANS_DESK_FLOW, z.object({ s: id }));
export const asPersonAction = definePostbackAction('ld:person', LOANS_DESK_FLOW, z.object({}));
export const noPurposeAction = definePostbackAction('ld:noPurpose', LOANS_DESK_FLOW, z.object({}));
export const confirmHandOutAction = definePostbackAction('ld:confirm', LOANS_DESK_FLOW, z.object({}));
export const cancelAction = definePostbackAction('ld:cancel', LOANS_DESK_FLOW, z.object({}));

// ── Hand-over and return ──────────────────────────────────────────────────────────────────────────────
const loanAt = versionedRef('l');
const condition = z.enum(['good', 'fair', 'damaged']);
/** ส่งมอบ on a loan's card: the loan and the version the card was drawn for. */
export const handOverAction = definePostbackAction('ld:ho', LOANS_DESK_FLOW, loanAt);
/** An item picked for the hand-over (again: taken off the list); all of those left; done picking. */
export const handOverPickAction = definePostbackAction('ld:hoPick', LOANS_DESK_FLOW, z.object({ i: id }));
export const handOverAllAction = definePostbackAction('ld:hoAll', LOANS_DESK_FLOW, z.object({}));
export const handOverDoneAction = definePostbackAction('ld:hoDone', LOANS_DESK_FLOW, z.object({}));
export const handOverConditionAction = definePostbackAction('ld:hoCond', LOANS_DESK_FLOW, z.object({ c: condition }));
export const noPhotoAction = definePostbackAction('ld:noPhoto', LOANS_DESK_FLOW, z.object({}));
/** The borrower's ได้รับของแล้ว on the hand-over card. */
export const receiptAction = definePostbackAction('ld:receipt', LOANS_DESK_FLOW, z.object({ h: id }));
/** รับคืน on a loan's card (or on an item's card: that item, `i`); an item chosen; how it came back (or ไม่ได้รับคืน). */
export const returnAction = definePostbackAction('ld:rt', LOANS_DESK_FLOW, z.object({ l: id, i: id.optional() }));
export const returnItemAction = definePostbackAction('ld:rtItem', LOANS_DESK_FLOW, z.object({ i: id }));
export const returnConditionAction = definePostbackAction('ld:rtCond', LOANS_DESK_FLOW, z.object({ c: z.enum(['good', 'fair', 'damaged', 'missing']) }));
/** เปิดงานซ่อม for an item returned damaged: one tap. */
export const openRepairAction = definePostbackAction('ld:repair', LOANS_DESK_FLOW, z.object({ l: id, i: id }));

/** ขอขยายเวลา (the borrower's, on a return reminder); the new last day (a date picker, for the loan's version). */
export const extendAction = definePostbackAction('ld:extend', LOANS_DESK_FLOW, z.object({ l: id }));
export const extendDateAction = definePostbackAction('ld:extendTo', LOANS_DESK_FLOW, loanAt);
/** The approver's answer to an extension asked until `t` (YYYY-MM-DD). */
export const extendDecideAction = definePostbackAction(
  'ld:extendDecide',
  LOANS_DESK_FLOW,
  z.object({ l: id, v: z.number().int().positive(), d: z.enum(['a', 'd']), t: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
);

/** ถ่ายรูปครุภัณฑ์ on an item's card: the next photo sent becomes the item's. */
export const itemPhotoAction = definePostbackAction('ld:itemPhoto', LOANS_DESK_FLOW, z.object({ i: id }));
/** ซ่อมเสร็จ พร้อมให้ยืม on a damaged item's card: its condition back to good, so it is lent again. */
export const itemRepairedAction = definePostbackAction('ld:itemOk', LOANS_DESK_FLOW, z.object({ i: id }));

export const loansDeskActions = [
  handOutAction,
  restockAction,
  pickConsumableAction,
  consumablePageAction,
  quantityAction,
  schoolAction,
  asPersonAction,
  noPurposeAction,
  confirmHandOutAction,
  cancelAction,
  handOverAction,
  handOverPickAction,
  handOverAllAction,
  handOverDoneAction,
  handOverConditionAction,
  noPhotoAction,
  receiptAction,
  returnAction,
  returnItemAction,
  returnConditionAction,
  openRepairAction,
  extendAction,
  extendDateAction,
  extendDecideAction,
  itemPhotoAction,
  itemRepairedAction,
] as const;

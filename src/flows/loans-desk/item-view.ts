import { CATEGORY_LABELS, CONDITION_LABELS, type InventoryItem } from '../../domain/loans/inventory.ts';
import { ITEM_EVENT_LABELS, ITEM_EVENT_OTHER, type ItemEvent } from '../../domain/loans/desk.ts';
import { formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';
import { itemPageTexts as T } from './messages.ts';

/**
 * What an item is and where it is, as its page and its chat card show it: the same words in both. Pure.
 */

export type ItemStatusKind = 'available' | 'lent' | 'not_lendable' | 'damaged' | 'retired';

/** Who has the item now, when it is out on a loan. */
export interface ItemHolder {
  /** "ครูสมใจ (บ้านหนองบัวทอง)" */
  label: string;
}

/** Who has it, as its page and card say: "ครูสมใจ (บ้านหนองบัวทอง) · การยืมเลขที่ 4 · กำหนดคืน 6 พฤษภาคม 2570". */
export function holderOf(holder: { loanId: number; requesterName: string; schoolName: string | null; endsOn: string } | null): ItemHolder | null {
  if (!holder) return null;
  const who = holder.schoolName ? `${holder.requesterName} (${holder.schoolName})` : holder.requesterName;
  return { label: T.heldBy(who, holder.loanId, formatThaiDateKey(holder.endsOn)) };
}

export function itemStatus(item: InventoryItem, holder: ItemHolder | null): { kind: ItemStatusKind; label: string } {
  if (item.retired) return { kind: 'retired', label: T.retired };
  if (holder) return { kind: 'lent', label: T.lent };
  if (!item.lendable) return { kind: 'not_lendable', label: T.notLendable };
  // Not offered to borrowers until its condition is set back (src/db/repos/loans.ts, inService): not "ready" either.
  if (item.condition === 'damaged') return { kind: 'damaged', label: T.damaged };
  return { kind: 'available', label: T.available };
}

export function whereabouts(item: InventoryItem, holder: ItemHolder | null): string {
  if (item.retired) return T.retiredWhere;
  if (holder) return holder.label;
  return item.location ? T.atOfficeKept(item.location) : T.atOffice;
}

/** The item's lines (label, value), without the empty ones. */
export function itemFields(item: InventoryItem): Array<[string, string]> {
  const fields: Array<[string, string | null]> = [
    [T.category, CATEGORY_LABELS[item.category] ?? item.category],
    [T.model, item.model],
    [T.serial, item.serialNumber],
    [T.condition, CONDITION_LABELS[item.condition] ?? item.condition],
    [T.location, item.location],
    [T.kit, item.kitName],
    [T.note, item.note],
  ];
  return fields.filter((f): f is [string, string] => Boolean(f[1]));
}

export function itemPageView(item: InventoryItem, options: { history: ItemEvent[] | null; photoUrl: string | undefined; holder?: ItemHolder | null }) {
  const holder = options.holder ?? null;
  const status = itemStatus(item, holder);
  return {
    id: item.id,
    assetTag: item.assetTag,
    title: item.typeName,
    status: status.label,
    statusKind: status.kind,
    fields: itemFields(item),
    whereabouts: whereabouts(item, holder),
    photoUrl: options.photoUrl ?? null,
    history:
      options.history?.map((event) => ({
        at: formatThaiDateTime(event.at),
        action: ITEM_EVENT_LABELS[event.action] ?? ITEM_EVENT_OTHER,
        actor: event.actorName,
        detail: event.note,
      })) ?? null,
  };
}

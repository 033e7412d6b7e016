import { DESK_ITEM_STATUS_LABELS, deskLoanStatus, mayHandOverOn, stillOut, toHandOver, type DeskLoan } from '../../domain/loans/handover.ts';
import type { InventoryItem } from '../../domain/loans/inventory.ts';
import { formatThaiDateKey, formatThaiDateTime } from '../../domain/thai-date.ts';
import { CARD_BUTTONS_MAX, renderCard, renderCards, type Card, type CardButton, type CardColor } from '../../kit/card.ts';
import { encodePostback } from '../../line/postback.ts';
import { extendAction, extendDecideAction, handOverAction, receiptAction, returnAction } from './actions.ts';
import type { LoanView } from '../../domain/loans/loan.ts';
import { loanItemPageLink } from '../../line/liff.ts';
import { mediaLink } from '../../line/media-links.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { itemFields, itemStatus, whereabouts, type ItemHolder, type ItemStatusKind } from './item-view.ts';
import { deskTexts as D, extensionTexts as X, handoverLabels as HL, handoverTexts as H, itemPageTexts as T, reminderTexts as R } from './messages.ts';

const STATUS_COLORS: Record<ItemStatusKind, CardColor> = { available: 'good', lent: 'warning', not_lendable: 'info', damaged: 'danger', retired: 'danger' };

/** An item as a chat card (kit card base): what it is, where it is now, its photo, and its page. */
export function itemCard(officeId: string, item: InventoryItem, now: Date, options: { holder?: ItemHolder | null; buttons?: CardButton[] } = {}): LineMessage {
  const holder = options.holder ?? null;
  const status = itemStatus(item, holder);
  const page = loanItemPageLink(item.id);
  const photoUrl = item.photoMediaId === null ? undefined : mediaLink(officeId, item.photoMediaId, now);
  return renderCard(
    {
      headline: `${T.assetTag} ${item.assetTag}`,
      status: status.label,
      color: STATUS_COLORS[status.kind],
      title: item.typeName,
      fields: [
        ...itemFields(item).map(([label, value]) => ({ text: `${label}: ${value}` })),
        { text: `${T.whereNow}: ${whereabouts(item, holder)}`, size: 'sm' as const, color: 'text' as const },
      ].slice(0, 12),
      photo: photoUrl ? { url: photoUrl } : undefined,
      buttons: [...(options.buttons ?? []), page ? { kind: 'link', label: T.openPage, uri: page, style: 'link' } : undefined],
    },
    D.itemAlt(item.assetTag, item.typeName),
  );
}

const LOAN_COLORS: Record<ReturnType<typeof deskLoanStatus>['kind'], CardColor> = {
  handover: 'info',
  partial: 'warning',
  due: 'warning',
  overdue: 'danger',
  out: 'info',
  done: 'good',
};

const ITEM_LINES_MAX = 7;

/** A loan on the desk's list: who, when, what for, each item and where it is, with ส่งมอบ / รับคืน when they apply. */
export function loanCard(desk: DeskLoan, today: string, horizon: string): Card {
  const { loan } = desk;
  const status = deskLoanStatus(desk, today);
  const items = desk.items.slice(0, ITEM_LINES_MAX).map((i) => ({ text: H.itemLine(i.assetTag, i.typeName, DESK_ITEM_STATUS_LABELS[i.status]) }));
  const more = desk.items.length - ITEM_LINES_MAX;
  const handOver = toHandOver(desk).length > 0 && mayHandOverOn(loan, today, horizon);
  return {
    headline: H.loanHeadline(loan.id),
    status: status.label,
    color: LOAN_COLORS[status.kind],
    title: loan.requesterName,
    subtitle: loan.schoolName ?? undefined,
    fields: [
      { text: H.dates(formatThaiDateKey(loan.startsOn), formatThaiDateKey(loan.endsOn)), size: 'sm', color: 'text' },
      { text: H.purpose(loan.purpose) },
      { text: H.place(loan.place) },
      ...items,
      more > 0 ? { text: H.moreItems(more) } : undefined,
    ],
    buttons: [
      handOver ? { kind: 'postback', label: HL.handOver, data: encodePostback(handOverAction, { l: loan.id, v: loan.version }), style: 'primary' } : undefined,
      stillOut(desk).length > 0 ? { kind: 'postback', label: HL.takeBack, data: encodePostback(returnAction, { l: loan.id }), style: handOver ? 'secondary' : 'primary' } : undefined,
    ],
  };
}

export function loanCards(desks: readonly DeskLoan[], today: string, horizon: string): LineMessage {
  return renderCards(
    desks.map((d) => loanCard(d, today, horizon)),
    H.listAlt(desks.length),
  );
}

/** Pushed to the borrower at a hand-over: what they got, until when, and ได้รับของแล้ว. */
export function receiptCard(input: { loanId: number; handoverId: number; items: ReadonlyArray<{ assetTag: string; typeName: string }>; by: string; at: Date; endsOn: string }): LineMessage {
  return renderCard(
    {
      headline: H.receiptHeadline,
      status: H.receiptStatus,
      color: 'info',
      title: H.receiptTitle(input.loanId),
      fields: [
        ...input.items.slice(0, 9).map((i) => ({ text: `${i.assetTag} ${i.typeName}`, size: 'sm' as const, color: 'text' as const })),
        { text: H.returnBy(formatThaiDateKey(input.endsOn)), bold: true },
        { text: H.receiptBy(input.by, formatThaiDateTime(input.at)) },
      ],
      buttons: [{ kind: 'postback', label: HL.received, data: encodePostback(receiptAction, { h: input.handoverId }), style: 'primary' }],
    },
    H.receiptAlt(input.loanId),
  );
}

/** An extension waiting for its approver (รายการรออนุมัติ): who, from which day to which, what, and the answers. */
export function extensionCard(loan: LoanView, to: string, tags: string): Card {
  const answer = (d: 'a' | 'd') => encodePostback(extendDecideAction, { l: loan.id, v: loan.version, d, t: to });
  return {
    headline: X.cardHeadline(loan.id),
    status: X.cardStatus,
    color: 'warning',
    title: loan.requesterName,
    subtitle: loan.schoolName ?? undefined,
    fields: [{ text: X.cardDates(formatThaiDateKey(loan.endsOn), formatThaiDateKey(to)), size: 'sm', color: 'text' }, { text: X.cardItems(tags) }, { text: H.purpose(loan.purpose) }],
    buttons: [
      { kind: 'postback', label: X.approve, data: answer('a'), style: 'primary' },
      { kind: 'postback', label: X.decline, data: answer('d') },
    ],
  };
}

export function extensionCards(cards: readonly Card[]): LineMessage {
  return renderCards(cards, X.cardsAlt(cards.length));
}

/**
 * The borrower's return reminder: every loan due (or overdue) in one card, with ขอขยายเวลา per loan as card buttons.
 * Not quick replies: a push that follows it (a survey reminder in the same minute) would take them off the phone.
 */
export function returnReminderCard(loans: ReadonlyArray<{ loanId: number; line: string; overdue: boolean }>): LineMessage {
  const shown = loans.slice(0, CARD_BUTTONS_MAX);
  const overdue = loans.some((l) => l.overdue);
  return renderCard(
    {
      headline: R.cardHeadline,
      status: overdue ? R.cardOverdue : R.cardDue,
      color: overdue ? 'danger' : 'warning',
      title: R.cardTitle,
      fields: [
        ...shown.map((l) => ({ text: l.line, size: 'sm' as const, color: 'text' as const })),
        loans.length > shown.length ? { text: R.cardMore(loans.length - shown.length) } : undefined,
        { text: R.cardFooter },
      ],
      buttons: shown.map((l, i) => ({ kind: 'postback' as const, label: R.extend(l.loanId), data: encodePostback(extendAction, { l: l.loanId }), style: i === 0 ? ('primary' as const) : ('secondary' as const) })),
    },
    [R.header, ...loans.map((l) => l.line), R.footer].join('\n'),
  );
}

import type { LetterLoan } from '../../domain/saraban/view.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { isSecret, LETTER_STATUS_LABELS } from '../../domain/saraban/letter.ts';
import { holderName, letterHeadline, letterNumberLabelOf, type Letter } from './view.ts';
import { renderFlexCarousel, renderFlexTemplate, type FlexValues } from '../../line/flex-renderer.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import { lendAction, returnAction } from './actions.ts';
import { keepLabels as L, keepTexts as T } from './messages.ts';
import { URGENCY_LABELS } from '../../domain/saraban/letter.ts';

export const RESULTS_MAX = 10;

/** One search result as the chat may show it. */
export interface ResultItem {
  letter: Letter;
  /** Whether the searcher may see the letter's details (canViewLetterDetails). */
  canView: boolean;
  loan: LetterLoan | null;
  /** The LIFF page of the letter, when the service has one. */
  detailsUrl?: string | undefined;
}

/**
 * A search result card. A secret letter is named only by its headline ("หนังสือลับ รับที่ 124/2569") and
 * who holds it, whoever looks: the chat's history must not keep its subject. Its details open in the
 * LIFF page, which checks the viewer. Lend / return buttons only for who may lend.
 */
export function resultValues(item: ResultItem, mayLend: boolean, now: Date): FlexValues {
  const { letter, loan } = item;
  const secret = isSecret(letter.secrecy);
  const plain = !secret && item.canView;
  const cancelled = letter.status === 'cancelled';
  const lendable = mayLend && !cancelled && !loan && (!secret || item.canView);
  return {
    headerColor: cancelled ? '#7F8C8D' : secret ? '#5B2C6F' : '#1E4E8C',
    number: letterNumberLabelOf(letter),
    status: LETTER_STATUS_LABELS[letter.status],
    title: plain ? (letter.subject ?? '-') : shownHeadline(item),
    from: plain && letter.fromName ? `จาก: ${letter.fromName}` : undefined,
    docNo: plain && letter.docNo ? `ที่ ${letter.docNo}` : undefined,
    docDate: plain && letter.docDate ? T.docDate(letter.docDate) : undefined,
    urgency: plain && letter.urgency !== 'normal' ? URGENCY_LABELS[letter.urgency] : undefined,
    holder: `ผู้รับผิดชอบ: ${holderName(letter)}`,
    registered: T.received(letter.registeredAt),
    loan: loan ? T.onLoan(loan.borrowerName, loan.dueDate, loan.dueDate < bangkokDateKey(now)) : undefined,
    secretNote: secret ? T.secretNote : undefined,
    lendLabel: L.lend,
    lendData: lendable ? encodePostback(lendAction, { l: letter.id }) : undefined,
    returnLabel: L.return,
    returnData: mayLend && loan ? encodePostback(returnAction, { o: loan.id }) : undefined,
    detailsLabel: L.details,
    detailsUrl: item.canView ? item.detailsUrl : undefined,
  };
}

/** How a result is named in chat: its headline, or only its number for someone who may not see it. */
export function shownHeadline(item: Pick<ResultItem, 'letter' | 'canView'>): string {
  return item.canView || isSecret(item.letter.secrecy) ? letterHeadline(item.letter) : letterNumberLabelOf(item.letter);
}

/** Up to ten results side by side; the altText names no secret letter's subject. */
export function resultsMessage(items: readonly ResultItem[], total: number, mayLend: boolean, now: Date): LineMessage {
  const shown = items.slice(0, RESULTS_MAX);
  if (shown.length === 1) {
    return renderFlexTemplate('letter-search', resultValues(shown[0]!, mayLend, now), { altText: T.resultAlt(shownHeadline(shown[0]!)) });
  }
  return renderFlexCarousel(
    shown.map((item) => ({ template: 'letter-search', values: resultValues(item, mayLend, now) })),
    { altText: T.foundAlt(total) },
  );
}

import type { LoanView } from '../../domain/loans/loan.ts';
import { renderCard, renderCards, type Card, type CardButton, type CardColor } from '../../kit/card.ts';
import { encodePostback } from '../../line/postback.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { decideAction, editAction, resubmitAction, withdrawAction } from './actions.ts';
import { LOAN_NEXT_STEPS, LOAN_STATE_LABELS, loanLabels as L } from './messages.ts';
import { stageOf } from './request.ts';

/** A loan's card on the kit's card base: what, when, why, where, for whom, who decided; the viewer's buttons. */

export interface DraftCard {
  lines: Array<{ name: string; quantity: number }>;
  from: string;
  to: string;
  purpose: string;
  place: string;
  schoolName: string | null;
  requesterName: string;
}

const COLORS: Record<LoanView['state'], CardColor> = {
  draft: 'info',
  submitted: 'warning',
  approved: 'good',
  declined: 'danger',
  returned: 'warning',
  fulfilled: 'info',
  cancelled: 'danger',
  expired: 'danger',
};

function fields(card: DraftCard) {
  return [
    { text: L.dates(card.from, card.to), color: 'text' as const, size: 'sm' as const },
    { text: L.purpose(card.purpose) },
    { text: L.place(card.place) },
    { text: L.school(card.schoolName) },
    { text: L.requester(card.requesterName) },
  ];
}

const title = (lines: DraftCard['lines']) => lines.map((l) => L.line(l.name, l.quantity)).join(', ');

/** The borrower's summary before ส่งคำขอ (of a new request, or of one being corrected: `editing` its number). */
export function draftCard(card: DraftCard, buttons: CardButton[], editing?: number): LineMessage {
  const headline = editing === undefined ? L.headline(null) : L.editHeadline(editing);
  return renderCard({ headline, status: L.draftStatus, color: 'info', title: title(card.lines), fields: fields(card), buttons }, headline);
}

/** What the viewer may do with the loan, as buttons (each carrying the loan's version). */
export interface LoanCardViewer {
  /** Decide at its current stage (endorse or approve). */
  decide?: boolean;
  /** The borrower: withdraw, and send again after a return. */
  owner?: boolean;
  /** The next step for the borrower (their own list). */
  next?: string | undefined;
}

export function loanCard(loan: LoanView, viewer: LoanCardViewer): Card {
  const ref = { n: loan.id, v: loan.version };
  const stage = stageOf(loan);
  const endorsing = loan.state === 'submitted' && stage === 'endorse';
  const buttons: Array<CardButton | undefined> = [];
  if (viewer.decide && loan.state === 'submitted') {
    buttons.push(
      { kind: 'postback', label: endorsing ? L.endorse : L.approve, data: encodePostback(decideAction, { ...ref, d: 'approve' }), style: 'primary', color: 'good' },
      { kind: 'postback', label: endorsing ? L.notEndorse : L.decline, data: encodePostback(decideAction, { ...ref, d: 'decline' }), style: 'primary', color: 'danger' },
      { kind: 'postback', label: L.return, data: encodePostback(decideAction, { ...ref, d: 'return' }) },
    );
  }
  if (viewer.owner) {
    if (loan.state === 'returned') {
      buttons.push(
        { kind: 'postback', label: L.edit, data: encodePostback(editAction, ref), style: 'primary' },
        { kind: 'postback', label: L.resubmit, data: encodePostback(resubmitAction, ref) },
      );
    }
    if (['submitted', 'returned', 'approved'].includes(loan.state)) buttons.push({ kind: 'postback', label: L.withdraw, data: encodePostback(withdrawAction, ref) });
  }
  return {
    headline: L.headline(loan.id),
    status: endorsing ? LOAN_NEXT_STEPS.endorsing : LOAN_STATE_LABELS[loan.state],
    color: COLORS[loan.state],
    title: title(loan.lines),
    fields: [
      ...fields({ ...loan, from: loan.startsOn, to: loan.endsOn }),
      loan.endorserName ? { text: L.endorsed(loan.endorserName) } : undefined,
      loan.deciderName ? { text: L.decided(loan.deciderName) } : undefined,
      loan.decisionNote ? { text: L.note(loan.decisionNote), color: 'text' } : undefined,
      viewer.next ? { text: viewer.next, color: 'info', bold: true } : undefined,
    ],
    buttons,
  };
}

export function loanCards(loans: ReadonlyArray<{ loan: LoanView; viewer: LoanCardViewer }>, altText: string): LineMessage {
  return renderCards(
    loans.map(({ loan, viewer }) => loanCard(loan, viewer)),
    altText,
  );
}

/** The link to the calendar of what is free (a LIFF page), shown with the tile's first question. */
export function calendarLinkCard(uri: string): LineMessage {
  return renderCard(
    {
      headline: L.calendarHeadline,
      status: L.calendarStatus,
      color: 'info',
      title: L.calendarTitle,
      fields: [],
      buttons: [{ kind: 'link', label: L.calendarButton, uri, style: 'secondary' }],
    },
    L.calendarButton,
  );
}

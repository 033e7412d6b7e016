import type { AccessRequestView } from '../../domain/access.ts';
import type { AccessLevel } from '../../domain/access.ts';
import { formatThaiDate } from '../../domain/thai-date.ts';
import { renderCard, renderCards, type Card, type CardButton, type CardColor } from '../../kit/card.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import { decideAction, endAction, grantAction, withdrawAction } from './actions.ts';
import { ACCESS_LEVEL_LABELS, accessLabels as L, accessStateLabel } from './messages.ts';
import { WITHDRAWABLE } from './request.ts';

/** An access request's card on the kit's card base; the viewer's buttons each carry the request's version. */

export interface AccessCardViewer {
  decide?: boolean;
  grant?: boolean;
  end?: boolean;
  /** The requester's own list: ถอนคำขอ while it waits for a decision or for the grant. */
  withdraw?: boolean;
}

function colorOf(r: AccessRequestView): CardColor {
  if (r.state === 'fulfilled') return r.endedAt ? 'danger' : 'good';
  if (r.state === 'submitted' || r.state === 'approved') return 'warning';
  return 'danger';
}

export function draftCard(d: { system: string; level: AccessLevel; reason: string; requester: string }, buttons: CardButton[]): LineMessage {
  const headline = L.headline(null);
  return renderCard(
    { headline, status: L.draftStatus, color: 'info', title: d.system, fields: [{ text: L.level(ACCESS_LEVEL_LABELS[d.level]) }, { text: L.reason(d.reason) }, { text: L.requester(d.requester) }], buttons },
    headline,
  );
}

export function accessCard(r: AccessRequestView, viewer: AccessCardViewer): Card {
  const ref = { a: r.id, v: r.version };
  const buttons: Array<CardButton | undefined> = [];
  if (viewer.decide && r.state === 'submitted') {
    buttons.push(
      { kind: 'postback', label: L.approve, data: encodePostback(decideAction, { ...ref, d: 'approve' }), style: 'primary', color: 'good' },
      { kind: 'postback', label: L.decline, data: encodePostback(decideAction, { ...ref, d: 'decline' }), style: 'primary', color: 'danger' },
    );
  }
  if (viewer.grant && r.state === 'approved') {
    buttons.push(
      { kind: 'postback', label: L.grant, data: encodePostback(grantAction, { ...ref, g: 'grant' }), style: 'primary', color: 'good' },
      { kind: 'postback', label: L.refuse, data: encodePostback(grantAction, { ...ref, g: 'refuse' }) },
    );
  }
  if (viewer.withdraw && WITHDRAWABLE.includes(r.state)) buttons.push({ kind: 'postback', label: L.withdraw, data: encodePostback(withdrawAction, ref), color: 'danger' });
  if (viewer.end && r.state === 'fulfilled' && !r.endedAt) buttons.push({ kind: 'postback', label: L.end, data: encodePostback(endAction, ref), color: 'danger' });
  const note = r.refusedReason ?? r.decisionNote;
  return {
    headline: L.headline(r.id),
    status: accessStateLabel(r),
    color: colorOf(r),
    title: r.systemName,
    fields: [
      { text: L.level(ACCESS_LEVEL_LABELS[r.level]) },
      { text: L.reason(r.reason) },
      { text: L.requester(r.requesterName), color: 'text', size: 'sm' },
      { text: formatThaiDate(r.createdAt), color: 'text', size: 'sm' },
      note ? { text: L.note(note), color: 'text' } : undefined,
    ],
    buttons,
  };
}

export const accessCardMessage = (r: AccessRequestView, viewer: AccessCardViewer, altText: string): LineMessage => renderCard(accessCard(r, viewer), altText);

export const accessCards = (list: ReadonlyArray<{ r: AccessRequestView; viewer: AccessCardViewer }>, altText: string): LineMessage =>
  renderCards(
    list.map(({ r, viewer }) => accessCard(r, viewer)),
    altText,
  );

import { can } from '../../domain/permissions.ts';
import type { Role } from '../../domain/roles.ts';
import { LETTER_STATUS_LABELS } from '../../domain/saraban/letter.ts';
import { chatSafeLetter, type Letter } from '../../domain/saraban/view.ts';
import { renderCard, renderCards, type Card, type CardButton } from '../../kit/card.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { letterDetailsLink } from '../../line/liff.ts';
import { encodePostback } from '../../line/postback.ts';
import { proposeAction } from '../saraban-decide/actions.ts';
import { acknowledgeAction, assignAction } from './actions.ts';
import { routeLabels as L, routeTexts as T } from './messages.ts';

const CAROUSEL_MAX = 10;

export interface Viewer {
  id: number;
  role: Role;
}

export interface LetterCardOptions {
  /** The LIFF page with the letter's details, when set up (a secret letter's only way to its details). */
  detailsUrl?: string | undefined;
  /** The card's title line; the letter's status by default. */
  title?: string | undefined;
  /** Show "ขั้นต่อไป" for the officer (their list). */
  showNext?: boolean | undefined;
}

/** What the officer does next with a letter of theirs, as a line on the card. */
function nextStep(letter: Letter): string | undefined {
  switch (letter.status) {
    case 'assigned':
      return T.nextAcknowledge;
    case 'acknowledged':
    case 'returned':
      return T.nextPropose;
    case 'proposed':
      return T.nextWaitDecision(letter.proposedToName);
    default:
      return undefined;
  }
}

/**
 * A letter's card as a chat may show it (`chatSafeLetter`: a secret letter by its headline, urgency,
 * act-by date and holder only), with the buttons the viewer may use now, each carrying the letter's
 * version: "มอบหมาย" for the group director while it waits, "รับทราบ" for its officer, then "เสนอผู้บริหาร".
 * Drawn with the kit's card base.
 */
export function letterCardOf(letter: Letter, viewer: Viewer, options: LetterCardOptions = {}): Card {
  const safe = chatSafeLetter(letter);
  const ref = { l: letter.id, v: letter.version };
  const mine = letter.assigneeId === viewer.id;
  const urgent = safe.urgency !== 'normal';
  const canAssign = letter.status === 'registered' && can(viewer.role, 'assign_letter');
  const canAck = letter.status === 'assigned' && mine && can(viewer.role, 'handle_letter');
  const canPropose = (letter.status === 'acknowledged' || letter.status === 'returned') && mine && can(viewer.role, 'handle_letter');
  const next = options.showNext ? nextStep(letter) : undefined;
  return {
    headline: safe.numberLabel,
    status: options.title ?? (letter.status === 'registered' ? 'หนังสือเข้าใหม่ รอมอบหมาย' : LETTER_STATUS_LABELS[letter.status]),
    color: safe.secret ? 'secret' : safe.urgency === 'very_urgent' || safe.urgency === 'most_urgent' ? 'danger' : 'info',
    title: safe.secret ? safe.headline : (safe.subject ?? safe.numberLabel),
    fields: [
      safe.fromName ? { text: T.fromLine(safe.fromName) } : undefined,
      safe.docNo ? { text: T.docNoLine(safe.docNo) } : undefined,
      { text: safe.urgencyLabel, size: 'sm', bold: true, color: urgent ? 'danger' : 'muted' },
      safe.actBy ? { text: T.actByLine(safe.actBy), size: 'sm', color: 'danger' } : undefined,
      { text: T.registeredLine(letter.registeredAt) },
      { text: T.holderLine(safe.holderName) },
      letter.assignedAt ? { text: T.assignedLine(null, letter.assignedAt) } : undefined,
      // The instruction is the group director's own words: for a secret letter it may name the matter.
      letter.instruction ? { text: safe.secret ? T.secretInstruction : T.instructionLine(letter.instruction), size: 'sm', color: 'text' } : undefined,
      next ? { text: next, size: 'sm', bold: true, color: 'info' } : undefined,
      !safe.secret && letter.attachmentCount > 0 ? { text: T.attachmentsLine(letter.attachmentCount), color: 'faint' } : undefined,
      safe.secret ? { text: T.secretNote, color: 'secret' } : undefined,
    ],
    buttons: [
      canAssign ? { kind: 'postback', label: L.assign, data: encodePostback(assignAction, ref), style: 'primary', color: 'info' } : undefined,
      canAck ? { kind: 'postback', label: L.acknowledge, data: encodePostback(acknowledgeAction, ref), style: 'primary', color: 'good' } : undefined,
      canPropose ? { kind: 'postback', label: L.propose, data: encodePostback(proposeAction, ref), style: 'primary', color: 'warning' } : undefined,
      // Every card links to the details page (files; a secret letter's only way to its details).
      detailsButton(options.detailsUrl ?? letterDetailsLink(letter.id)),
    ],
  };
}

function detailsButton(uri: string | undefined): CardButton | undefined {
  return uri ? { kind: 'link', label: L.details, uri, style: 'link' } : undefined;
}

export function letterCard(letter: Letter, viewer: Viewer, altText: string, options: LetterCardOptions = {}): LineMessage {
  return renderCard(letterCardOf(letter, viewer, options), altText);
}

/** Several letters side by side (at most 10; the text before it says how many there are). */
export function letterCarousel(list: readonly Letter[], viewer: Viewer, altText: string, options: (letter: Letter) => LetterCardOptions = () => ({})): LineMessage {
  return renderCards(list.slice(0, CAROUSEL_MAX).map((letter) => letterCardOf(letter, viewer, options(letter))), altText);
}

/** The alert to a group director about a new letter (the card with "มอบหมาย"). */
export function newLetterAlert(letter: Letter, director: { id: number }, options: LetterCardOptions = {}): LineMessage {
  const safe = chatSafeLetter(letter);
  return letterCard(letter, { id: director.id, role: 'group_director' }, T.newLetterAlt(safe.headline, safe.urgencyLabel), options);
}

export { CAROUSEL_MAX };

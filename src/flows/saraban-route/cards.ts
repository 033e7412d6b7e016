import { can } from '../../domain/permissions.ts';
import type { Role } from '../../domain/roles.ts';
import { LETTER_STATUS_LABELS } from '../../domain/saraban/letter.ts';
import { chatSafeLetter, type Letter } from '../../domain/saraban/view.ts';
import { renderFlexCarousel, renderFlexTemplate, type FlexValues } from '../../line/flex-renderer.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { letterDetailsLink } from '../../line/liff.ts';
import { encodePostback } from '../../line/postback.ts';
import { proposeAction } from '../saraban-decide/actions.ts';
import { acknowledgeAction, assignAction } from './actions.ts';
import { routeLabels as L, routeTexts as T } from './messages.ts';

const CAROUSEL_MAX = 10;
const URGENT_COLOR = '#C0392B';
const SECRET_COLOR = '#5B2C6F';

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
 */
export function letterCardValues(letter: Letter, viewer: Viewer, options: LetterCardOptions = {}): FlexValues {
  const safe = chatSafeLetter(letter);
  const ref = { l: letter.id, v: letter.version };
  const mine = letter.assigneeId === viewer.id;
  const urgent = safe.urgency !== 'normal';
  const canAssign = letter.status === 'registered' && can(viewer.role, 'assign_letter');
  const canAck = letter.status === 'assigned' && mine && can(viewer.role, 'handle_letter');
  const canPropose = (letter.status === 'acknowledged' || letter.status === 'returned') && mine && can(viewer.role, 'handle_letter');
  const title = options.title ?? (letter.status === 'registered' ? 'หนังสือเข้าใหม่ รอมอบหมาย' : LETTER_STATUS_LABELS[letter.status]);
  return {
    headerColor: safe.secret ? SECRET_COLOR : safe.urgency === 'very_urgent' || safe.urgency === 'most_urgent' ? URGENT_COLOR : '#1E4E8C',
    number: safe.numberLabel,
    title,
    subject: safe.secret ? safe.headline : (safe.subject ?? safe.numberLabel),
    from: safe.fromName ? T.fromLine(safe.fromName) : undefined,
    docNo: safe.docNo ? T.docNoLine(safe.docNo) : undefined,
    urgency: safe.urgencyLabel,
    urgencyColor: urgent ? URGENT_COLOR : '#555555',
    actBy: safe.actBy ? T.actByLine(safe.actBy) : undefined,
    registered: T.registeredLine(letter.registeredAt),
    holder: T.holderLine(safe.holderName),
    assigned: letter.assignedAt ? T.assignedLine(null, letter.assignedAt) : undefined,
    // The instruction is the group director's own words: for a secret letter it may name the matter.
    instruction: letter.instruction ? (safe.secret ? T.secretInstruction : T.instructionLine(letter.instruction)) : undefined,
    next: options.showNext ? nextStep(letter) : undefined,
    attachments: !safe.secret && letter.attachmentCount > 0 ? T.attachmentsLine(letter.attachmentCount) : undefined,
    secretNote: safe.secret ? T.secretNote : undefined,
    assignLabel: L.assign,
    assignData: canAssign ? encodePostback(assignAction, ref) : undefined,
    acknowledgeLabel: L.acknowledge,
    acknowledgeData: canAck ? encodePostback(acknowledgeAction, ref) : undefined,
    proposeLabel: L.propose,
    proposeData: canPropose ? encodePostback(proposeAction, ref) : undefined,
    detailsLabel: L.details,
    // Every card links to the details page (files; a secret letter's only way to its details).
    detailsUrl: options.detailsUrl ?? letterDetailsLink(letter.id),
  };
}

export function letterCard(letter: Letter, viewer: Viewer, altText: string, options: LetterCardOptions = {}): LineMessage {
  return renderFlexTemplate('letter-route', letterCardValues(letter, viewer, options), { altText });
}

/** Several letters side by side (at most 10; the text before it says how many there are). */
export function letterCarousel(list: readonly Letter[], viewer: Viewer, altText: string, options: (letter: Letter) => LetterCardOptions = () => ({})): LineMessage {
  if (list.length === 1) return letterCard(list[0]!, viewer, altText, options(list[0]!));
  return renderFlexCarousel(
    list.slice(0, CAROUSEL_MAX).map((letter) => ({ template: 'letter-route', values: letterCardValues(letter, viewer, options(letter)) })),
    { altText },
  );
}

/** The alert to a group director about a new letter (the card with "มอบหมาย"). */
export function newLetterAlert(letter: Letter, director: { id: number }, options: LetterCardOptions = {}): LineMessage {
  const safe = chatSafeLetter(letter);
  return letterCard(letter, { id: director.id, role: 'group_director' }, T.newLetterAlt(safe.headline, safe.urgencyLabel), options);
}

export { CAROUSEL_MAX };

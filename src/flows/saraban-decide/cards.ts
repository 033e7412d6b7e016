import type { messagingApi } from '@line/bot-sdk';
import { DECISION_CHOICES } from '../../domain/saraban/decisions.ts';
import { PROPOSAL_ASK_LABELS, type ActingKind, type Decision } from '../../domain/saraban/letter.ts';
import { chatSafeLetter, type Letter } from '../../domain/saraban/view.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { renderFlexCarousel, renderFlexTemplate, type FlexValues } from '../../line/flex-renderer.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { letterDetailsLink } from '../../line/liff.ts';
import { encodePostback } from '../../line/postback.ts';
import { buttonLabel, textWithButtons } from '../../kit/steps.ts';
import { decideAction, proposeAction } from './actions.ts';
import { DECISION_BUTTON_LABELS, decideLabels as L, decideTexts as T } from './messages.ts';

const CAROUSEL_MAX = 10;
const URGENT_COLOR = '#C0392B';

export interface DecisionCardOptions {
  /** The viewer acts for the person the letter was proposed to. */
  acting?: { kind: ActingKind; principalName: string } | undefined;
  /** A reminder's line on top ("เตือนความจำ (1/3)"). */
  reminder?: { n: number; max: number } | undefined;
  /** The LIFF page with the letter's details, when set up. */
  detailsUrl?: string | undefined;
}

/**
 * The card a director gets for a proposed letter: what is asked, the letter as a chat may show it
 * (a secret letter only by its headline: no subject, sender or the officer's note), and the six decision
 * buttons, each carrying the letter's version so a card drawn before a change is stale.
 */
export function decisionCardValues(letter: Letter, options: DecisionCardOptions = {}): FlexValues {
  const safe = chatSafeLetter(letter);
  const ref = { l: letter.id, v: letter.version };
  const decisionValues: Record<string, string> = {};
  for (const d of DECISION_CHOICES) {
    decisionValues[`${d}Label`] = DECISION_BUTTON_LABELS[d];
    decisionValues[`${d}Data`] = encodePostback(decideAction, { ...ref, d });
  }
  const note = letter.proposalNote ? (safe.secret ? T.secretTextHidden : T.noteLine(letter.proposalNote)) : undefined;
  return {
    headerColor: safe.secret ? '#5B2C6F' : safe.urgency === 'very_urgent' || safe.urgency === 'most_urgent' ? URGENT_COLOR : '#1E4E8C',
    number: safe.numberLabel,
    ask: letter.proposalAsk ? PROPOSAL_ASK_LABELS[letter.proposalAsk] : 'เสนอพิจารณา',
    reminder: options.reminder ? T.reminderIntro(options.reminder.n, options.reminder.max) : undefined,
    acting: options.acting ? T.asActing(options.acting.kind, options.acting.principalName) : undefined,
    subject: safe.secret ? safe.headline : (safe.subject ?? safe.numberLabel),
    from: safe.fromName ? `จาก: ${safe.fromName}` : undefined,
    docNo: safe.docNo ? `ที่ ${safe.docNo}` : undefined,
    urgency: safe.urgencyLabel,
    urgencyColor: safe.urgency === 'normal' ? '#555555' : URGENT_COLOR,
    actBy: safe.actBy ? `ดำเนินการภายใน ${formatThaiDateKey(safe.actBy)}` : undefined,
    proposer: `ผู้เสนอ: ${letter.assigneeName ?? '-'}`,
    proposedTo: options.acting && letter.proposedToName ? `เสนอ: ${letter.proposedToName}` : undefined,
    note,
    attachments: !safe.secret && letter.attachmentCount > 0 ? `ไฟล์แนบ ${letter.attachmentCount} ไฟล์` : undefined,
    ...decisionValues,
    detailsLabel: L.details,
    // The details page (files; for a secret letter the only place its subject and the officer's note show).
    detailsUrl: options.detailsUrl ?? letterDetailsLink(letter.id),
  };
}

/** The six decisions as quick replies (the same data as the card's buttons). */
export function decisionQuickReply(letter: Letter): messagingApi.QuickReply {
  return {
    items: DECISION_CHOICES.map((d: Decision) => ({
      type: 'action' as const,
      action: {
        type: 'postback' as const,
        label: buttonLabel(DECISION_BUTTON_LABELS[d]),
        data: encodePostback(decideAction, { l: letter.id, v: letter.version, d }),
        displayText: DECISION_BUTTON_LABELS[d],
      },
    })),
  };
}

export function decisionCard(letter: Letter, options: DecisionCardOptions = {}): LineMessage {
  const altText = options.reminder ? T.reminderAlt(chatSafeLetter(letter).headline, options.reminder.n) : T.cardAlt(chatSafeLetter(letter).headline);
  const message = renderFlexTemplate('letter-decision', decisionCardValues(letter, options), { altText });
  return { ...message, quickReply: decisionQuickReply(letter) };
}

/** The director's pending letters side by side; the quick replies are the oldest letter's. */
export function decisionCarousel(list: ReadonlyArray<{ letter: Letter; options: DecisionCardOptions }>, altText: string): LineMessage {
  if (list.length === 1) return decisionCard(list[0]!.letter, list[0]!.options);
  const message = renderFlexCarousel(
    list.slice(0, CAROUSEL_MAX).map(({ letter, options }) => ({ template: 'letter-decision', values: decisionCardValues(letter, options) })),
    { altText },
  );
  return message;
}

/** To the officer after ส่งคืนแก้ไข: the decision and a button to propose again (drawn for the returned version). */
export function returnedToOfficer(text: string, letterId: number, returnedVersion: number): LineMessage {
  return textWithButtons(text, [{ label: L.proposeAgain, data: encodePostback(proposeAction, { l: letterId, v: returnedVersion }) }]);
}

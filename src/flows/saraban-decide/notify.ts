import type { Executor } from '../../db/database.ts';
import type { Contact } from '../../db/repos/letter-decisions.ts';
import { reachableActingFor, reachablePerson, type Recipient } from '../../db/repos/recipients.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { DECIDER_ROLES, deciderChatText, type DeciderTitles } from '../../domain/saraban/decisions.ts';
import { DECISION_LABELS, isSecret, type ActingKind } from '../../domain/saraban/letter.ts';
import { letterHeadline, type Letter } from '../../domain/saraban/view.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { pushTo } from '../../kit/notify.ts';
import { pushOnce } from '../../line/push-once.ts';
import { decisionCard, returnedToOfficer, type DecisionCardOptions } from './cards.ts';
import { decideTexts as T } from './messages.ts';

/**
 * Who hears of a proposal and of a decision. Every push goes through `pushOnce` keyed by the letter's
 * version (or the reminder's number), so a retried event or a re-run job never sends twice.
 */

export interface DecisionRecipient {
  contact: Recipient;
  acting?: { kind: ActingKind; principalName: string } | undefined;
}

const reachable = (c: Contact | null | undefined): c is Contact & { lineUserId: string } => !!c && c.status === 'active' && c.lineUserId !== null;

/** The person a letter is proposed to, and whoever acts for them on the day (deciders only). */
export async function decisionRecipients(tx: Executor, letter: Letter, now: Date): Promise<DecisionRecipient[]> {
  if (letter.proposedToId === null) return [];
  const principal = await reachablePerson(tx, letter.officeId, letter.proposedToId);
  const out: DecisionRecipient[] = principal ? [{ contact: principal }] : [];
  for (const standIn of await reachableActingFor(tx, letter.officeId, letter.proposedToId, bangkokDateKey(now), DECIDER_ROLES)) {
    if (out.some((r) => r.contact.id === standIn.id)) continue;
    out.push({ contact: standIn, acting: { kind: standIn.actingKind, principalName: letter.proposedToName ?? '' } });
  }
  return out;
}

const push = (tx: Executor, letter: Letter, to: Recipient, messages: LineMessage[], key: string) => pushTo(tx, letter.officeId, to, messages, key);

/** The decision card to the director (and whoever acts for them today), right after the proposal. */
export async function notifyProposal(tx: Executor, letter: Letter, now: Date, options: Pick<DecisionCardOptions, 'detailsUrl'> = {}): Promise<number> {
  let sent = 0;
  for (const r of await decisionRecipients(tx, letter, now)) {
    const card = decisionCard(letter, { acting: r.acting, detailsUrl: options.detailsUrl });
    if (await push(tx, letter, r.contact, [card], `saraban:proposed:${letter.id}:${letter.version}:${r.contact.id}`)) sent += 1;
  }
  return sent;
}

/** A reminder of a pending decision (the n-th), to the same people as the proposal. */
export async function remindDecision(tx: Executor, letter: Letter, n: number, max: number, now: Date, options: Pick<DecisionCardOptions, 'detailsUrl'> = {}): Promise<number> {
  let sent = 0;
  const cycle = letter.proposedAt?.toISOString() ?? String(letter.version);
  for (const r of await decisionRecipients(tx, letter, now)) {
    const card = decisionCard(letter, { acting: r.acting, reminder: { n, max }, detailsUrl: options.detailsUrl });
    if (await push(tx, letter, r.contact, [card], `saraban:decision-remind:${letter.id}:${cycle}:${n}:${r.contact.id}`)) sent += 1;
  }
  return sent;
}

/**
 * The decision to the officer (ส่งคืนแก้ไข with a button to propose again), the clerk who registered the
 * letter, and — when someone acted for them — the director it was proposed to. A secret letter's order
 * or note is not put in a chat: only that there is one, to be read on the details page.
 */
export async function notifyDecision(tx: Executor, letter: Letter, titles: DeciderTitles): Promise<void> {
  if (!letter.decision) return;
  const headline = letterHeadline(letter);
  const who = deciderChatText(letter, titles);
  const label = DECISION_LABELS[letter.decision];
  const extra: string[] = [];
  if (letter.decisionText) {
    if (isSecret(letter.secrecy)) extra.push(T.secretTextHidden);
    else extra.push(letter.decision === 'ordered' ? T.orderLine(letter.decisionText) : T.noteLine(letter.decisionText));
  }
  const withExtra = (text: string) => [text, ...extra].join('\n');
  const key = (personId: number) => `saraban:decided:${letter.id}:${letter.version}:${personId}`;
  const told = new Set<number>();

  if (letter.assigneeId !== null) {
    const officer = await reachablePerson(tx, letter.officeId, letter.assigneeId);
    if (officer) {
      const message: LineMessage =
        letter.decision === 'returned'
          ? returnedToOfficer(withExtra(T.toOfficerReturned(headline, who)), letter.id, letter.version)
          : { type: 'text', text: withExtra(T.toOfficer(headline, who, label)) };
      await push(tx, letter, officer, [message], key(officer.id));
      told.add(officer.id);
    }
  }
  if (!told.has(letter.registeredById)) {
    const clerk = await reachablePerson(tx, letter.officeId, letter.registeredById);
    if (clerk) {
      await push(tx, letter, clerk, [{ type: 'text', text: withExtra(T.toClerk(headline, who, label)) }], key(clerk.id));
      told.add(clerk.id);
    }
  }
  if (letter.decidedActing && letter.proposedToId !== null && !told.has(letter.proposedToId)) {
    const principal = await reachablePerson(tx, letter.officeId, letter.proposedToId);
    if (principal) await push(tx, letter, principal, [{ type: 'text', text: withExtra(T.toPrincipal(headline, who, label)) }], key(principal.id));
  }
}

/** Tells the acting person of their assignment. */
export async function notifyActing(
  tx: Executor,
  officeId: string,
  assignmentId: number,
  acting: Contact,
  text: string,
): Promise<void> {
  if (!reachable(acting)) return;
  await pushOnce(tx, { channelId: acting.channelId, officeId, lineUserId: acting.lineUserId }, [{ type: 'text', text }], `saraban:acting:${assignmentId}`);
}

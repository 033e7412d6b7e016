import { changeable, evaluationAverage, EVALUATION_QUESTIONS, SCORE_LABELS, VC_ANSWER_LABELS, VC_PLATFORM_LABELS, type Audience, type VcInvitation, type VcPlatform, type VcSession, type VcTally } from '../../domain/vc/session.ts';
import type { SchoolReach } from '../../domain/school-answerer.ts';
import { renderCard, renderCards, type Card, type CardButton } from '../../kit/card.ts';
import { textWithButtons } from '../../kit/steps.ts';
import { vcRepliesPageLink } from '../../line/liff.ts';
import { encodePostback } from '../../line/postback.ts';
import type { LineMessage } from '../../line/outbox.ts';
import {
  answerAction,
  attendanceAction,
  attendedAction,
  byDistrictAction,
  cancelAction,
  confirmAction,
  delegateAction,
  moveAction,
  quitAction,
  reportAction,
  scoreAction,
  sendEvaluationAction,
  unansweredAction,
} from './actions.ts';
import { EVALUATION_LABELS, vcLabels as L, vcTexts as T, whenText } from './messages.ts';

/**
 * The video conferences' cards, on the kit's card base: the officer's session card (the replies live, and what
 * to do next), the invitation card a school's director gets (เข้าร่วม / ไม่สะดวก / who the school sends, and
 * before the start the link and เข้าร่วมแล้ว), the summary before the invitations go, and the report to the area
 * director.
 */

export function audienceText(audience: Audience): string {
  switch (audience.kind) {
    case 'all':
      return T.audienceAll;
    case 'district':
      return T.audienceDistrict(audience.district);
    case 'cluster':
      return T.audienceCluster(audience.cluster);
    case 'schools':
      return T.audienceSchools;
  }
}

const linkButton = (link: string | null): CardButton | undefined => (link ? { kind: 'link', label: L.openLink, uri: link, style: 'link' } : undefined);

/** The officer's card of a session: the answers as they come in, and the next steps. */
export function sessionCard(session: VcSession, tally: VcTally, now: Date): Card {
  const started = now >= session.startsAt;
  const open = session.state === 'planned';
  const s = session.id;
  const repliesPage = vcRepliesPageLink(s);
  return {
    headline: T.headline,
    status: T.stateLabels[session.state],
    color: session.state === 'planned' ? 'info' : session.state === 'ended' ? 'good' : 'danger',
    title: session.title,
    subtitle: whenText(session.startsAt, session.endsAt),
    fields: [
      { text: T.platformLine(VC_PLATFORM_LABELS[session.platform]) },
      session.roomName ? { text: T.roomLine(session.roomName) } : undefined,
      { text: T.audienceLine(audienceText(session.audience), tally.invited) },
      { text: T.countsLine(tally.joined, tally.declined, tally.unanswered), size: 'sm', color: 'text', bold: true },
      started ? { text: T.attendedLine(tally.attended), size: 'sm', color: 'good' } : undefined,
      // The evaluation's answers as they come in (the round's, and any old three-question ones).
      tally.evaluated > 0 ? { text: T.reportEvaluated(tally.evaluated, evaluationAverage(tally)) } : undefined,
      tally.invited > tally.reached ? { text: T.unreachedLine(tally.invited - tally.reached), color: 'warning' } : undefined,
    ],
    buttons: [
      { kind: 'postback', label: L.byDistrict, data: encodePostback(byDistrictAction, { s }) },
      { kind: 'postback', label: L.unanswered, data: encodePostback(unansweredAction, { s }) },
      repliesPage ? { kind: 'link', label: L.repliesPage, uri: repliesPage } : undefined,
      started && session.state !== 'cancelled' ? { kind: 'postback', label: L.attendance, data: encodePostback(attendanceAction, { s }), style: 'primary' } : undefined,
      started && tally.attended > 0 ? { kind: 'postback', label: L.sendEvaluation, data: encodePostback(sendEvaluationAction, { s, v: session.version }) } : undefined,
      started && open ? { kind: 'postback', label: L.report, data: encodePostback(reportAction, { s, v: session.version }), style: 'primary', color: 'good' } : undefined,
      changeable(session, now) ? { kind: 'postback', label: L.move, data: encodePostback(moveAction, { s, v: session.version }) } : undefined,
      changeable(session, now) ? { kind: 'postback', label: L.cancelSession, data: encodePostback(cancelAction, { s, v: session.version }), color: 'danger' } : undefined,
      linkButton(session.link),
    ],
  };
}

export function sessionCards(items: ReadonlyArray<{ session: VcSession; tally: VcTally }>, now: Date, altText: string): LineMessage {
  return renderCards(
    items.map((i) => sessionCard(i.session, i.tally, now)),
    altText,
  );
}

/**
 * The card a school gets: the invitation with เข้าร่วม / ไม่สะดวก / แจ้งชื่อผู้เข้าร่วม, or (`link`) before the start,
 * the link and เข้าร่วมแล้ว. Its buttons carry the invitation's version.
 */
export type CardInvitation = Pick<VcInvitation, 'version' | 'answer' | 'delegate'> & { schoolName?: string | undefined };

/** A fresh invitation as the first push shows it: the same card for every school (its name is in the text before). */
export const FRESH_INVITATION: CardInvitation = { version: 1, answer: null, delegate: null };

export function invitationCard(session: VcSession, invitation: CardInvitation, mode: 'invite' | 'link'): Card {
  const at = { s: session.id, v: invitation.version };
  const answered = invitation.answer ? VC_ANSWER_LABELS[invitation.answer] : T.noAnswer;
  const buttons: Array<CardButton | undefined> =
    mode === 'invite'
      ? [
          { kind: 'postback', label: L.join, data: encodePostback(answerAction, { ...at, a: 'join' }), style: 'primary', color: 'good' },
          { kind: 'postback', label: L.decline, data: encodePostback(answerAction, { ...at, a: 'decline' }) },
          { kind: 'postback', label: L.delegate, data: encodePostback(delegateAction, at) },
          linkButton(session.link),
        ]
      : [linkButton(session.link) && { ...linkButton(session.link)!, style: 'primary' }, { kind: 'postback', label: L.attended, data: encodePostback(attendedAction, at), style: 'primary', color: 'good' }];
  return {
    headline: T.headline,
    status: answered,
    color: invitation.answer === 'join' ? 'good' : invitation.answer === 'decline' ? 'warning' : 'info',
    title: session.title,
    subtitle: whenText(session.startsAt, session.endsAt),
    fields: [
      invitation.schoolName ? { text: invitation.schoolName, size: 'sm', color: 'text', bold: true } : undefined,
      { text: T.platformLine(VC_PLATFORM_LABELS[session.platform]) },
      invitation.delegate ? { text: T.delegateLine(invitation.delegate) } : undefined,
    ],
    buttons,
  };
}

export const renderInvitation = (session: VcSession, invitation: CardInvitation, mode: 'invite' | 'link', alt: string): LineMessage => renderCard(invitationCard(session, invitation, mode), alt);

export interface Draft {
  title: string;
  startsAt: Date;
  endsAt: Date;
  platform: VcPlatform;
  link: string;
  roomName: string | null;
  kitName?: string | null | undefined;
  teamNames?: readonly string[] | undefined;
  audience: Audience;
  invited: number;
  /** The channel's pushes this month and its monthly budget (0 = none set). */
  budget?: { used: number; budget: number } | undefined;
  /** The schools by whom the invitation reaches (their contact, director or a teacher; nobody). */
  reach?: SchoolReach | undefined;
}

export function summaryCard(draft: Draft): LineMessage {
  // One push per school someone can receive for (a school with nobody in LINE takes none).
  const pushes = draft.reach ? draft.invited - draft.reach.nobody : draft.invited;
  return renderCard(
    {
      headline: T.headline,
      status: 'สรุปก่อนส่งคำเชิญ',
      color: 'info',
      title: draft.title,
      subtitle: whenText(draft.startsAt, draft.endsAt),
      fields: [
        { text: T.platformLine(VC_PLATFORM_LABELS[draft.platform]) },
        { text: draft.link, color: 'faint' },
        draft.roomName ? { text: T.roomLine(draft.roomName) } : undefined,
        draft.kitName ? { text: T.kitLine(draft.kitName) } : undefined,
        draft.teamNames && draft.teamNames.length > 0 ? { text: T.teamLine(draft.teamNames) } : undefined,
        { text: T.audienceLine(audienceText(draft.audience), draft.invited), size: 'sm', color: 'text', bold: true },
        draft.reach ? { text: T.reachLine(draft.reach), size: 'sm' } : undefined,
        draft.budget && draft.budget.budget > 0
          ? draft.budget.used + pushes > draft.budget.budget
            ? { text: T.overBudget(pushes, draft.budget.used, draft.budget.budget), color: 'danger', size: 'sm' }
            : { text: T.budgetLine(pushes, draft.budget.used, draft.budget.budget) }
          : undefined,
      ],
      buttons: [
        { kind: 'postback', label: L.confirm, data: encodePostback(confirmAction, {}), style: 'primary', color: 'good' },
        { kind: 'postback', label: L.quit, data: encodePostback(quitAction, {}) },
      ],
    },
    T.summaryAlt(draft.title),
  );
}

/** The report to the area director: invited, answered, attended, evaluation. */
export function reportCard(session: VcSession, tally: VcTally): LineMessage {
  return renderCard(reportCardOf(session, tally), T.reportAlt(session.title));
}

/** The reports of several sessions side by side (the area director's ประชุมทางไกล). */
export function reportCards(items: ReadonlyArray<{ session: VcSession; tally: VcTally }>, altText: string): LineMessage {
  return renderCards(
    items.map((i) => reportCardOf(i.session, i.tally)),
    altText,
  );
}

function reportCardOf(session: VcSession, tally: VcTally): Card {
  return {
    headline: T.reportHeadline,
    status: T.stateLabels.ended,
    color: 'good',
    title: session.title,
    subtitle: whenText(session.startsAt, session.endsAt),
    fields: [
      { text: T.reportInvited(tally.invited, tally.reached), size: 'sm', color: 'text' },
      { text: T.reportAnswered(tally.joined + tally.declined, tally.joined, tally.declined), size: 'sm', color: 'text' },
      { text: T.attendedLine(tally.attended), size: 'sm', color: 'good', bold: true },
      { text: T.reportEvaluated(tally.evaluated, evaluationAverage(tally)) },
      // The old three questions only for a session some school answered them for (before the evaluation became a survey).
      ...(Object.keys(tally.scores).length > 0 ? EVALUATION_QUESTIONS.map((q, i) => ({ text: T.scoreLine(EVALUATION_LABELS[i]!, tally.scores[q.key]) })) : []),
      ...tally.surveyScales.map((s) => ({ text: T.scoreLine(s.label, s.mean ?? undefined) })),
    ],
    buttons: [],
  };
}

/** One question of the evaluation with its five scores as quick replies (`intro` before it, for the first). */
export function questionMessage(invitationId: number, q: number, intro?: string): LineMessage {
  const question = EVALUATION_QUESTIONS[q]!;
  const text = T.question(q + 1, question.text);
  return textWithButtons(intro ? `${intro}\n${text}` : text, SCORE_LABELS.map((label, n) => ({ label, data: encodePostback(scoreAction, { i: invitationId, q, n: n + 1 }) })));
}

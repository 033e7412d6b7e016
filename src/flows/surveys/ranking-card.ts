import { totalQuantity } from '../../domain/surveys/dltv-eligibility.ts';
import { renderCard, type Card, type CardField } from '../../kit/card.ts';
import { say } from '../../kit/steps.ts';
import { surveyResultsLink } from '../../line/liff.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { rankingTexts as T } from './messages.ts';
import type { RoundRanking } from './ranking.ts';

/**
 * The officer's short card of a ranked round, readable on a phone: the top needs of the plan, or the schools
 * meeting the DLTV criteria first. The whole table is a download on the round's results page (a chat message
 * cannot carry a file), which the card links to; without LIFF pages there is only the `ranking` command.
 */

/** Lines of the list the card has room for (12 lines in all, with the figures around them). */
const LISTED = 7;

const moreLine = (shown: number, total: number): CardField | undefined => (total > shown ? { text: T.more(total - shown) } : undefined);

function rankingCard(ranking: RoundRanking): Card {
  const { round } = ranking;
  const page = surveyResultsLink(round.id);
  const exportLine: CardField | undefined = page ? { text: T.exportHint, color: 'faint' } : undefined;
  const buttons: Card['buttons'] = [page ? { kind: 'link', label: T.exportLink, uri: page, style: 'primary' } : undefined];
  if (ranking.kind === 'needs') {
    const { plan, weights } = ranking;
    const top = plan.needs.slice(0, LISTED);
    return {
      headline: T.needs.headline,
      status: T.needs.status(plan.fiscalYear),
      color: 'info',
      title: round.title,
      fields: [
        { text: T.needs.count(plan.needs.length, plan.schools), size: 'sm', bold: true, color: 'text' },
        plan.budget > 0 ? { text: T.needs.budget(plan.budget.toLocaleString('en-US')) } : undefined,
        ...top.map((n): CardField => ({ text: T.needs.line(n.rank, n.school.name, n.item, n.quantity, n.urgency, n.score), color: 'text' })),
        moreLine(top.length, plan.needs.length),
        { text: T.needs.weights(weights.urgency, weights.teaching, weights.shortage) },
        exportLine,
      ],
      buttons,
    };
  }
  const { list, rules } = ranking;
  const eligible = list.schools.filter((s) => s.eligible);
  const top = eligible.slice(0, LISTED - 1);
  return {
    headline: T.dltv.headline,
    status: T.dltv.status(list.eligible, list.schools.length),
    color: list.eligible > 0 ? 'good' : 'warning',
    title: round.title,
    fields: [
      { text: T.dltv.rules(rules), size: 'sm', color: 'text' },
      ...top.map((s, i): CardField => ({ text: T.dltv.line(i + 1, s.school.name, totalQuantity(s.replace), totalQuantity(s.repair), s.openTickets.length, s.register?.broken ?? null), color: 'text' })),
      moreLine(top.length, eligible.length),
      { text: T.dltv.notEligible(list.schools.length - list.eligible) },
      { text: T.dltv.fromAnswers },
      exportLine,
    ],
    buttons,
  };
}

/** The reply to ผลจัดลำดับ: the card, or why there is none. */
export function rankingMessage(ranking: RoundRanking | null | undefined): LineMessage {
  if (!ranking) return say(T.gone);
  const empty = ranking.kind === 'needs' ? ranking.plan.needs.length === 0 : ranking.list.schools.length === 0;
  if (empty) return say(T.none(ranking.round.title));
  return renderCard(rankingCard(ranking), `${ranking.kind === 'needs' ? T.needs.headline : T.dltv.headline}: ${ranking.round.title}`);
}

import { deskLoanItems, pendingExtensions } from '../../db/repos/loan-handover.ts';
import { getLoanView } from '../../db/repos/loans.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { actingStandsOf } from '../../db/repos/recipients.ts';
import { stillOut } from '../../domain/loans/handover.ts';
import { approverRolesFor } from '../../domain/loans/settings.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { Card } from '../../kit/card.ts';
import type { PendingDecisionSource } from '../../kit/pending-decisions.ts';
import { extensionCard, extensionCards } from './cards.ts';
import { decidesExtension } from './extension-steps.ts';
import { extensionTexts as X } from './messages.ts';

const SHOWN = 10;

/**
 * "รายการรออนุมัติ": the extensions (ขอขยายเวลา) this person may decide — the loan's approver, or a holder of or
 * stand-in for its approving roles — with อนุมัติ / ไม่อนุมัติ, oldest loan first. An extension asked for a due date
 * that has moved since is no longer waiting.
 */
export const extensionsToDecide: PendingDecisionSource<Card> = {
  key: 'loan-extensions',
  action: 'approve_loan',
  alsoFor: ['decide_letter', 'assign_letter'],
  async load(tx, person, env) {
    const settings = (await getOfficeSettings(tx, env.officeId)).loans;
    const actingFor = await actingStandsOf(tx, env.officeId, person.id, bangkokDateKey(env.now));
    const cards: Card[] = [];
    for (const pending of await pendingExtensions(tx, env.officeId)) {
      const loan = await getLoanView(tx, env.officeId, pending.loanId);
      if (!loan || loan.endsOn !== pending.from) continue;
      const approverRoles = approverRolesFor(settings, loan.lines.flatMap((l) => l.categories));
      const items = await deskLoanItems(tx, env.officeId, loan.id);
      if (!decidesExtension(person, { deskLoan: { loan, items }, approverRoles, actingFor })) continue;
      const out = stillOut({ loan, items });
      if (out.length === 0) continue;
      cards.push(extensionCard(loan, pending.to, out.map((i) => i.assetTag).join(', ')));
    }
    return { items: cards.slice(0, SHOWN), total: cards.length };
  },
  render(list) {
    const line = X.pendingIntro(list.total);
    return { line, cards: list.items.length === 0 ? null : extensionCards(list.items) };
  },
};

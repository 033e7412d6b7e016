import type { Executor } from '../../db/database.ts';
import { getItem } from '../../db/repos/loan-desk.ts';
import { listCategories } from '../../db/repos/repair-categories.ts';
import { createTicket } from '../../db/repos/repair-tickets.ts';
import type { DeskLoanItem } from '../../domain/loans/handover.ts';
import type { ItemCategory } from '../../domain/loans/inventory.ts';
import { handoverTexts as H } from './messages.ts';

/** The repair kind an item of the loan inventory is filed under (the office's default list's codes). */
const REPAIR_CATEGORY_OF: Partial<Record<ItemCategory, string>> = { projector: 'computer_projector', notebook: 'computer_notebook' };
const FALLBACK_CATEGORY = 'computer_other';

/**
 * Opens a repair ticket for an item of the office's own loan inventory returned damaged: no school (the office's
 * own equipment), reported by the technician who took it back, its description naming the item and the loan.
 * Returns the ticket's id. Inside the caller's transaction.
 */
export async function openRepairForItem(
  tx: Executor,
  input: { officeId: string; reporterId: number; loanId: number; item: DeskLoanItem; borrower: string; now: Date },
): Promise<number> {
  const item = await getItem(tx, input.officeId, input.item.itemId);
  const categories = (await listCategories(tx, input.officeId)).filter((c) => c.active);
  const wanted = (item && REPAIR_CATEGORY_OF[item.category]) ?? FALLBACK_CATEGORY;
  const category = categories.find((c) => c.code === wanted) ?? categories.find((c) => c.code === FALLBACK_CATEGORY) ?? categories.find((c) => c.groupCode === 'computer') ?? categories[0];
  if (!category) throw new Error(`office ${input.officeId} has no repair categories`);
  const ticket = await createTicket(
    tx,
    {
      officeId: input.officeId,
      schoolId: null,
      reporterId: input.reporterId,
      categoryId: category.id,
      description: H.repairDescription(input.item.assetTag, input.item.typeName, input.loanId, input.borrower),
      teachingStopped: false,
    },
    input.now,
  );
  return ticket.id;
}

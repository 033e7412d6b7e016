import type { ItemCondition } from '../../domain/loans/inventory.ts';

/** What the desk's steps ask the service to change (src/flows/loans-desk/execute.ts carries them out). */
export type DeskCommand =
  | {
      type: 'handOutConsumable';
      consumableId: number;
      quantity: number;
      schoolId: number | null;
      recipientName: string | null;
      purpose: string | null;
    }
  | { type: 'restockConsumable'; consumableId: number; quantity: number }
  /** `swaps`: items picked instead of held ones of their type (the reservation moves to them first). */
  | { type: 'handOver'; loanId: number; expectedVersion: number; itemIds: number[]; swaps: Array<{ from: number; to: number }>; condition: ItemCondition; photoMediaId: number | null }
  | { type: 'confirmReceipt'; handoverId: number }
  | { type: 'returnItem'; loanId: number; itemId: number; condition: ItemCondition }
  | { type: 'reportMissing'; loanId: number; itemId: number }
  | { type: 'openRepair'; loanId: number; itemId: number }
  | { type: 'setItemPhoto'; itemId: number; mediaId: number }
  | { type: 'markItemRepaired'; itemId: number }
  | { type: 'requestExtension'; loanId: number; expectedVersion: number; to: string }
  /** `booked`: refused because another loan holds the items on those days (the borrower is told why). */
  | { type: 'decideExtension'; loanId: number; expectedVersion: number; to: string; approve: boolean; booked: boolean };

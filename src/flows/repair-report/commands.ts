/**
 * What the school's side of repairs asks to change (src/flows/repair-report and src/flows/repair-track),
 * carried out by `executeRepairCommand`.
 */
export type RepairCommand =
  /**
   * A confirmed repair report: the ticket under the number `prepare` took in this transaction (so the
   * reply can carry it), with the draft's photos attached.
   */
  | {
      type: 'createRepairTicket';
      fiscalYear: number;
      seq: number;
      categoryId: number;
      description: string;
      classroom: string | null;
      teachingStopped: boolean;
      mediaIds: number[];
    }
  /** A report added to the school's open ticket of the same kind instead of opening another. */
  | { type: 'addRepairReport'; ticketId: number; description: string; classroom: string | null; mediaIds: number[] }
  /** The school's side of a ticket: cancel while new, confirm or reopen after resolved. */
  | { type: 'schoolTicketDecision'; ticketId: number; expectedVersion: number; decision: 'cancel' | 'confirm' | 'reopen'; note: string | null }
  | { type: 'rateRepairTicket'; ticketId: number; rating: number; comment: string | null };


/** What the loans flow's steps ask the executor to change (src/flows/loans/execute.ts). */
export type LoanCommand =
  | {
      type: 'requestLoan';
      target: { kind: 'type' | 'kit' | 'item'; id: number };
      quantity: number;
      from: string;
      to: string;
      purpose: string;
      place: string;
      schoolId: number | null;
    }
  | { type: 'decideLoan'; loanId: number; expectedVersion: number; decision: 'approve' | 'decline' | 'return'; note: string | null }
  | { type: 'withdrawLoan'; loanId: number; expectedVersion: number }
  | { type: 'resubmitLoan'; loanId: number; expectedVersion: number }
  /** A request returned for correction, corrected and sent again (its items held again for the new dates). */
  | { type: 'reviseLoan'; loanId: number; expectedVersion: number; from: string; to: string; purpose: string; place: string; schoolId: number | null };

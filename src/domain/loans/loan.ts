import type { ActingKind } from '../acting.ts';
import type { ItemCategory } from './inventory.ts';

/**
 * A loan as the flows read it (src/db/repos/loans.ts returns it). Its `state` is a state of the kit's request
 * machine (src/kit/requests.ts): submitted (waiting for the endorsement, then the approver), approved, declined,
 * returned (for correction), fulfilled (handed over), cancelled, expired.
 */
export const LOAN_STATES = ['draft', 'submitted', 'approved', 'declined', 'returned', 'fulfilled', 'cancelled', 'expired'] as const;
export type LoanState = (typeof LOAN_STATES)[number];

export interface Loan {
  id: number;
  officeId: string;
  requesterId: number;
  schoolId: number | null;
  purpose: string;
  place: string;
  /** YYYY-MM-DD, both included. */
  startsOn: string;
  endsOn: string;
  state: LoanState;
  version: number;
  needsEndorsement: boolean;
  endorsedBy: number | null;
  endorsedActing: ActingKind | null;
  endorsedAt: Date | null;
  decidedBy: number | null;
  decidedActing: ActingKind | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  submittedAt: Date | null;
  createdAt: Date;
}

/** What a line asks for: so many of a type (any of its loose items), a whole kit, or one item. */
export type LoanTarget = { kind: 'type'; id: number } | { kind: 'kit'; id: number } | { kind: 'item'; id: number };

export interface LoanLineView {
  id: number;
  target: LoanTarget;
  quantity: number;
  /** The type's, kit's or item's name as people read it ("โปรเจกเตอร์ Epson", "ชุด VC", "โปรเจกเตอร์ PJ-001"). */
  name: string;
  /** The categories of what the line lends (a kit's items may be of several). */
  categories: ItemCategory[];
}

/** A loan with what it asks for and the names the cards show. */
export interface LoanView extends Loan {
  lines: LoanLineView[];
  requesterName: string;
  schoolName: string | null;
  endorserName: string | null;
  deciderName: string | null;
}

/** Something the borrower can choose: a type with loose items, or a kit (`count` = items in it). */
export interface BorrowableChoice {
  target: LoanTarget;
  name: string;
  category: ItemCategory;
  /** How many the office has of it (loose items of a type; 1 for a kit or an item). */
  count: number;
}

/** The loan is waiting for the school director's endorsement (before the approver sees it). */
export function awaitingEndorsement(loan: Pick<Loan, 'state' | 'needsEndorsement' | 'endorsedAt'>): boolean {
  return loan.state === 'submitted' && loan.needsEndorsement && loan.endorsedAt === null;
}

/** The loan waits for its approver. */
export function awaitingApproval(loan: Pick<Loan, 'state' | 'needsEndorsement' | 'endorsedAt'>): boolean {
  return loan.state === 'submitted' && !awaitingEndorsement(loan);
}

import type { Decision, LetterKind, LetterRegister, ProposalAsk, Secrecy, Urgency, ActingKind } from './letter.ts';

/**
 * What the saraban flows' pure steps ask the service to change. Each family belongs to one flow folder
 * and is that flow's command type, carried out by its `execute` (src/bot/flow.ts). `expectedVersion` is the letter
 * version the button was drawn for: a letter changed since is stale, and nothing changes.
 */

/** src/flows/saraban-register: the clerk's registers (receive and send), corrections, cancellations. */
export type LetterRegisterCommand =
  | {
      type: 'registerLetter';
      register: LetterRegister;
      /** The number `prepare` took in this transaction, so the reply can carry it. */
      year: number;
      number: number;
      docNo: string | null;
      docDate: string | null;
      fromName: string | null;
      toName: string | null;
      subject: string | null;
      kind: LetterKind;
      urgency: Urgency;
      actBy: string | null;
      secrecy: Secrecy;
      remarks: string | null;
      mediaIds: number[];
    }
  /** One field set to a new value (dates YYYY-MM-DD, kind/urgency/secrecy as codes); before/after go to the history. */
  | { type: 'correctLetter'; letterId: number; expectedVersion: number; field: CorrectableLetterField; value: string | null }
  | { type: 'cancelLetter'; letterId: number; expectedVersion: number; reason: string };

/** What a clerk may correct on a registered letter (the number and register never change). */
export type CorrectableLetterField = 'docNo' | 'docDate' | 'fromName' | 'toName' | 'subject' | 'kind' | 'urgency' | 'actBy' | 'secrecy';

/** src/flows/saraban-route: the group director assigns, the officer acknowledges. */
export type LetterRoutingCommand =
  | { type: 'assignLetter'; letterId: number; expectedVersion: number; assigneeId: number; instruction: string | null }
  | { type: 'acknowledgeLetter'; letterId: number; expectedVersion: number }
  | { type: 'markLettersSeen'; letterIds: number[] };

/** src/flows/saraban-decide: the officer proposes, the director decides; acting assignments. */
export type LetterDecisionCommand =
  | { type: 'proposeLetter'; letterId: number; expectedVersion: number; directorId: number; ask: ProposalAsk; note: string | null }
  | { type: 'decideLetter'; letterId: number; expectedVersion: number; decision: Decision; text: string | null }
  | { type: 'setActing'; principalId: number; actingId: number; kind: ActingKind; startsOn: string; endsOn: string | null }
  | { type: 'revokeActing'; assignmentId: number };

/** src/flows/saraban-keep: lending originals, search. */
export type LetterKeepingCommand =
  | { type: 'lendLetter'; letterId: number; borrowerName: string; borrowerId: number | null; purpose: string; dueDate: string }
  | { type: 'returnLetterLoan'; loanId: number; returnedBy: string };

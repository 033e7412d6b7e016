import type { Executor } from '../../db/database.ts';
import { reachableDeciders, reachablePerson, type Recipient } from '../../db/repos/recipients.ts';
import type { LoanView } from '../../domain/loans/loan.ts';
import { approverRolesFor, type LoanSettings } from '../../domain/loans/settings.ts';

/** Who approves for a loan now: the person who approved it, or, gone, whoever approves its kind of loan today (stand-ins too). */
export async function loanApprovers(tx: Executor, loan: LoanView, settings: LoanSettings, day: string): Promise<Recipient[]> {
  const approver = await reachablePerson(tx, loan.officeId, loan.decidedBy);
  if (approver) return [approver];
  return reachableDeciders(tx, loan.officeId, approverRolesFor(settings, loan.lines.flatMap((l) => l.categories)), day);
}

/** The school's director(s) of a loan for a school (and their stand-ins); none for the office's own loans. */
export async function loanSchoolDirectors(tx: Executor, loan: LoanView, day: string): Promise<Recipient[]> {
  return loan.schoolId === null ? [] : reachableDeciders(tx, loan.officeId, ['school_director'], day, loan.schoolId);
}

import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import {
  findLettersByNumber,
  getLoan,
  listOpenLoans,
  lockLoan,
  openLoanOf,
  openLoansOf,
  searchLettersByText,
  type LetterLoan,
} from '../../db/repos/letter-keeping.ts';
import { actingForOf, getLetter } from '../../db/repos/letters.ts';
import { getPerson, searchPeopleByName } from '../../db/repos/people.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { canViewLetterDetails } from '../../domain/saraban/access.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { letterDetailsLink } from '../../line/liff.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { borrowerAction, lendAction, LEND_PREFIX, RETURN_PREFIX, returnAction, returnedByBorrowerAction, SEARCH_PREFIX } from './actions.ts';
import { RESULTS_MAX, type ResultItem } from './cards.ts';
import { numberAfter, parseSearchText, type SearchQuery } from './search-text.ts';

export interface KeepData {
  /** The letter being lent. */
  l?: number | undefined;
  /** The borrower's name as typed, and the registered person when one was chosen. */
  name?: string | undefined;
  bid?: number | null | undefined;
  purpose?: string | undefined;
  /** The loan whose return is being recorded. */
  o?: number | undefined;
}

export interface KeepPrepared {
  query?: SearchQuery | null;
  results?: ResultItem[];
  total?: number;
  /** The letter a lend acts on, whether the clerk may see it, and its loan not yet back. */
  letter?: Letter | null;
  letterCanView?: boolean;
  openLoan?: LetterLoan | null;
  /** The loan a return acts on (locked), and its letter. */
  loan?: LetterLoan | null;
  loanLetter?: Letter | null;
  canViewLoanLetter?: boolean;
  openLoans?: Array<{ loan: LetterLoan; letter: Letter; canView: boolean }>;
  /** Active people whose name matches the borrower's name as typed. */
  matches?: Person[];
  borrower?: Person | null;
}

export const OPEN_LOANS_SHOWN = 10;
export const BORROWER_MATCHES = 8;

/** What a typed text asks of this flow, before any state. */
export type TypedCommand =
  | { kind: 'search'; query: SearchQuery | null }
  | { kind: 'lend'; query: SearchQuery | null }
  | { kind: 'return'; query: SearchQuery | null };

export function typedCommandOf(text: string, now: Date): TypedCommand | null {
  if (menuCommandOf(text) === 'searchLetters') return { kind: 'search', query: null };
  const search = numberAfter(SEARCH_PREFIX, text, now);
  if (search.matched) return { kind: 'search', query: search.query };
  const lend = numberAfter(LEND_PREFIX, text, now);
  if (lend.matched) return { kind: 'lend', query: lend.query };
  const back = numberAfter(RETURN_PREFIX, text, now);
  if (back.matched) return { kind: 'return', query: back.query };
  return null;
}

async function viewerActing(tx: Executor, person: Person, env: FlowEnv): Promise<number[]> {
  return (await actingForOf(tx, env.officeId, person.id, bangkokDateKey(env.now))).map((a) => a.principalId);
}

async function search(tx: Executor, query: SearchQuery, person: Person, env: FlowEnv): Promise<{ results: ResultItem[]; total: number }> {
  const acting = await viewerActing(tx, person, env);
  let found: Letter[] = [];
  let total = 0;
  if (query.kind === 'number') {
    // By number a letter is found whatever its secrecy: the card then names it by its headline only.
    found = await findLettersByNumber(tx, env.officeId, query.register, query.year, query.number);
    total = found.length;
  } else if (query.kind === 'text') {
    const hit = await searchLettersByText(tx, env.officeId, query.text, { id: person.id, actingFor: acting }, RESULTS_MAX);
    // The query leaves out secret letters the searcher is not involved in; this is the final word.
    found = hit.letters.filter((l) => canViewLetterDetails(l, person, acting));
    total = hit.total - (hit.letters.length - found.length);
  }
  const loans = await openLoansOf(tx, env.officeId, found.map((l) => l.id));
  return {
    results: found.map((letter) => {
      const canView = canViewLetterDetails(letter, person, acting);
      // The details page checks the viewer again; the button is only offered to who may open it.
      return { letter, canView, loan: loans.get(letter.id) ?? null, detailsUrl: canView ? letterDetailsLink(letter.id) : undefined };
    }),
    total,
  };
}

async function letterFor(tx: Executor, letterId: number, person: Person, env: FlowEnv, prepared: KeepPrepared): Promise<void> {
  prepared.letter = await getLetter(tx, env.officeId, letterId);
  if (!prepared.letter) return;
  prepared.letterCanView = canViewLetterDetails(prepared.letter, person, await viewerActing(tx, person, env));
  prepared.openLoan = await openLoanOf(tx, env.officeId, letterId);
}

async function loanFor(tx: Executor, loanId: number, person: Person, env: FlowEnv, prepared: KeepPrepared, lock: boolean): Promise<void> {
  prepared.loan = lock ? await lockLoan(tx, env.officeId, loanId) : await getLoan(tx, env.officeId, loanId);
  if (!prepared.loan) return;
  prepared.loanLetter = await getLetter(tx, env.officeId, prepared.loan.letterId);
  if (prepared.loanLetter) prepared.canViewLoanLetter = canViewLetterDetails(prepared.loanLetter, person, await viewerActing(tx, person, env));
}

async function byNumber(tx: Executor, query: SearchQuery | null, env: FlowEnv): Promise<Letter | null> {
  if (query?.kind !== 'number') return null;
  const [letter] = await findLettersByNumber(tx, env.officeId, query.register, query.year, query.number);
  return letter ?? null;
}

/**
 * Reads what the step needs: search results (only what the searcher may see), the letter a lend acts on
 * and its open loan, the loan a return acts on (locked: two clerks recording one return run in turn),
 * people matching a typed borrower's name. Nothing is read for someone who may neither search nor lend.
 */
export async function prepareKeep(tx: Executor, input: FlowInput, state: FlowState<KeepData> | null, person: Person | null, env: FlowEnv): Promise<KeepPrepared> {
  if (!person || !(can(person.role, 'search_letters') || can(person.role, 'lend_letter'))) return {};
  const prepared: KeepPrepared = {};
  const data = state?.data ?? {};

  if (input.kind === 'text') {
    const typed = typedCommandOf(input.text, env.now);
    if (typed) {
      prepared.query = typed.query;
      if (typed.kind === 'search' && typed.query && can(person.role, 'search_letters')) Object.assign(prepared, await search(tx, typed.query, person, env));
      if (!can(person.role, 'lend_letter')) return prepared;
      if (typed.kind === 'lend') {
        const letter = await byNumber(tx, typed.query, env);
        if (letter) await letterFor(tx, letter.id, person, env, prepared);
        else prepared.letter = null;
      }
      if (typed.kind === 'return') {
        if (typed.query) {
          const letter = await byNumber(tx, typed.query, env);
          prepared.letter = letter;
          if (letter) {
            const open = await openLoanOf(tx, env.officeId, letter.id);
            if (open) await loanFor(tx, open.id, person, env, prepared, true);
            else prepared.loan = null;
          }
        } else {
          const loans = await listOpenLoans(tx, env.officeId, OPEN_LOANS_SHOWN);
          const acting = await viewerActing(tx, person, env);
          prepared.openLoans = [];
          for (const loan of loans) {
            const letter = await getLetter(tx, env.officeId, loan.letterId);
            if (letter) prepared.openLoans.push({ loan, letter, canView: canViewLetterDetails(letter, person, acting) });
          }
        }
      }
      return prepared;
    }
    if (state?.step === 'searchQuery' && menuCommandOf(input.text) === undefined && can(person.role, 'search_letters')) {
      prepared.query = parseSearchText(input.text, env.now);
      Object.assign(prepared, await search(tx, prepared.query, person, env));
      return prepared;
    }
  }
  if (!can(person.role, 'lend_letter')) return prepared;

  const lend = postbackFor(input, lendAction);
  const letterId = lend ? lend.payload.l : data.l;
  if (letterId !== undefined && (lend || state?.step?.startsWith('lend'))) await letterFor(tx, letterId, person, env, prepared);
  if (state?.step === 'lendBorrower' && input.kind === 'text') {
    const people = await searchPeopleByName(tx, env.officeId, input.text, BORROWER_MATCHES * 2);
    prepared.matches = people.filter((p) => p.status === 'active' && p.lineUserId !== null).slice(0, BORROWER_MATCHES);
  }
  const picked = postbackFor(input, borrowerAction);
  if (picked) prepared.borrower = await getPerson(tx, env.officeId, picked.payload.p);

  const back = postbackFor(input, returnAction);
  const loanId = back ? back.payload.o : data.o;
  if (loanId !== undefined && (back || postbackFor(input, returnedByBorrowerAction) || state?.step === 'returnBy')) {
    await loanFor(tx, loanId, person, env, prepared, true);
  }
  return prepared;
}

import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { findBorrowableItem, getLoanView, listBorrowableKits, listBorrowableTypes, listLoansOf, unitsWithBusyDays } from '../../db/repos/loans.ts';
import { getOfficeSettings } from '../../db/repos/office-settings.ts';
import { actingStandsOf } from '../../db/repos/recipients.ts';
import { getSchool, searchSchools } from '../../db/repos/schools.ts';
import type { UnitBusy } from '../../domain/loans/availability.ts';
import { addDays, isDateKey } from '../../domain/loans/dates.ts';
import type { BorrowableChoice, LoanView } from '../../domain/loans/loan.ts';
import type { LoanSettings } from '../../domain/loans/settings.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import type { Person } from '../../domain/people.ts';
import type { ActingStand } from '../../kit/requests.ts';
import { decideAction, editAction, otherDatesAction, pageAction, pickAction, resubmitAction, schoolAction, withdrawAction } from './actions.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';

/** The conversation's data: the borrower's form as far as it went, or the decision whose reason is being typed. */
export interface LoanData {
  /** What: a type or a kit, its name, category and how many the office has. */
  k?: 'type' | 'kit' | 'item' | undefined;
  i?: number | undefined;
  nm?: string | undefined;
  max?: number | undefined;
  q?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  pu?: string | undefined;
  pl?: string | undefined;
  /** The school it is for (null: the office's own use). */
  s?: number | null | undefined;
  sn?: string | null | undefined;
  /** A returned request being corrected: its id and the version it was drawn from. */
  e?: number | undefined;
  ev?: number | undefined;
  /** A decision waiting for its reason: the loan, its version, which. */
  n?: number | undefined;
  v?: number | undefined;
  d?: 'decline' | 'return' | undefined;
}

export interface LoansPrepared {
  /** Bangkok date of the event. */
  today: string;
  settings: LoanSettings;
  /** Everything the office lends that a borrower may choose: types (with loose items), then kits. */
  choices?: BorrowableChoice[];
  /** The chosen thing's units with the days they are held (from yesterday to well past the longest loan). */
  units?: UnitBusy[];
  /** The person's own loans that are still going (the tile's list). */
  myLoans?: LoanView[];
  /** The loan a button or a typed reason is about (null: not in this office). */
  loan?: LoanView | null;
  /** Whom the person stands in for today (acting officers decide too). */
  stands?: ActingStand[];
  /** The item whose ครุภัณฑ์ number was typed where the thing to borrow is asked (someone wanting that very one). */
  item?: BorrowableChoice | null;
  /** Schools matching what was typed at the school question. */
  schools?: Array<{ id: number; name: string }>;
}

/** How far ahead availability is read: the nearest other dates are looked for within this many days. */
export const AVAILABILITY_WINDOW_DAYS = 60;

const LOAN_BUTTONS = [decideAction, withdrawAction, resubmitAction, editAction];

export async function prepareLoans(tx: Executor, input: FlowInput, state: FlowState<LoanData> | null, person: Person | null, env: FlowEnv): Promise<LoansPrepared> {
  const today = bangkokDateKey(env.now);
  const settings = (await getOfficeSettings(tx, env.officeId)).loans;
  const prepared: LoansPrepared = { today, settings };
  if (!person) return prepared;
  const officeId = env.officeId;

  const loanButton = LOAN_BUTTONS.map((a) => postbackFor(input, a)).find((b) => b !== undefined);
  const loanId = loanButton ? (loanButton.payload as { n: number }).n : state?.step === 'reason' ? state.data.n : undefined;
  if (loanId !== undefined) {
    prepared.loan = await getLoanView(tx, officeId, loanId);
    prepared.stands = await actingStandsOf(tx, officeId, person.id, today);
    return prepared;
  }

  const tile = input.kind === 'text' && menuCommandOf(input.text) === 'borrowEquipment';
  if (tile || state?.step === 'what' || postbackFor(input, pickAction) || postbackFor(input, pageAction)) {
    prepared.choices = [...(await listBorrowableTypes(tx, officeId)), ...(await listBorrowableKits(tx, officeId))];
  }
  if (tile) prepared.myLoans = await listLoansOf(tx, officeId, person.id, ['submitted', 'returned', 'approved', 'fulfilled'], 10);

  const pick = postbackFor(input, pickAction);
  const target = tile ? null : pick ? { kind: pick.payload.k, id: pick.payload.i } : state?.data.k && state.data.i ? { kind: state.data.k, id: state.data.i } : null;
  if (target) {
    // From yesterday to well past the latest day in play (today, the dates chosen, a date just picked or offered),
    // so the nearest other dates are counted with every hold that could stand in their way.
    const alt = postbackFor(input, otherDatesAction);
    const inPlay = [today, state?.data.from, state?.data.to, input.kind === 'postback' ? input.params.date : undefined, alt?.payload.t]
      .filter((d): d is string => typeof d === 'string' && isDateKey(d))
      .sort();
    const window = { from: addDays(today, -1), to: addDays(inPlay.at(-1)!, AVAILABILITY_WINDOW_DAYS + settings.maxDays) };
    // A request being corrected does not stand in its own way: its own holds are not counted.
    prepared.units = await unitsWithBusyDays(tx, officeId, target, window, { exceptLoanId: state?.data.e, today });
  }
  if (state?.step === 'what' && input.kind === 'text' && input.text.trim()) prepared.item = await findBorrowableItem(tx, officeId, input.text.trim());
  if (state?.step === 'school' && input.kind === 'text' && input.text.trim()) {
    prepared.schools = (await searchSchools(tx, officeId, input.text.trim(), 10)).map((s) => ({ id: s.id, name: s.name }));
  }
  const schoolTap = postbackFor(input, schoolAction);
  if (schoolTap && schoolTap.payload.s > 0) {
    const school = await getSchool(tx, officeId, schoolTap.payload.s);
    prepared.schools = school ? [{ id: school.id, name: school.name }] : [];
  }
  return prepared;
}

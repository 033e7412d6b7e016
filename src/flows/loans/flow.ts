import { z } from 'zod';
import { commandOf, postbackFor, reply, type Effect, type Flow, type FlowContext, type FlowInput, type FlowState, type StepResult } from '../../bot/flow.ts';
import { freeCount, nearestFreeRanges, type DateRange } from '../../domain/loans/availability.ts';
import { addDays, isDateKey } from '../../domain/loans/dates.ts';
import type { BorrowableChoice, LoanView } from '../../domain/loans/loan.ts';
import type { Person } from '../../domain/people.ts';
import { formatThaiDateKey } from '../../domain/thai-date.ts';
import { loanCalendarLink } from '../../line/liff.ts';
import { encodePostback } from '../../line/postback.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import { defineGuard } from '../../kit/guard.ts';
import { narrowByName, pickerPage } from '../../kit/picker.ts';
import { defineRoutes, on } from '../../kit/route.ts';
import { at, datePickerItem, deny, end, labelWithCount, say, schoolButtonLabel, stale, textWithButtons, textWithDatePickers, type Button } from '../../kit/steps.ts';
import { isCurrent } from '../../kit/versioned.ts';
import {
  cancelAction,
  changeAction,
  decideAction,
  editAction,
  fromAction,
  LOANS_FLOW,
  loansActions,
  otherDatesAction,
  pageAction,
  pickAction,
  quantityAction,
  resubmitAction,
  schoolAction,
  sendAction,
  toAction,
  withdrawAction,
} from './actions.ts';
import { calendarLinkCard, draftCard, loanCards } from './cards.ts';
import type { LoanCommand } from './commands.ts';
import { executeLoan } from './execute.ts';
import { LOAN_NEXT_STEPS, LOAN_STATE_LABELS, loanLabels as L, loanTexts as T } from './messages.ts';
import { AVAILABILITY_WINDOW_DAYS, prepareLoans, type LoanData, type LoansPrepared } from './prepare.ts';
import { checkLoanEvent, stageOf } from './request.ts';

/**
 * Borrowing equipment (ยืมอุปกรณ์) and deciding on it. The borrower's form, one question at a time: what (a type
 * or a kit, paged, or part of a name typed), how many, from and to (date pickers within the office's notice and
 * longest loan), checked against what is free — when not enough is, what is free and the nearest dates that
 * work — then purpose, place, school, a summary card and ส่งคำขอ. The tile also shows the person's own loans with
 * the next step. Deciders (the school director endorsing, then the approver or whoever stands in) use the card's
 * buttons; the borrower withdraws or sends again from theirs. Every button carries the loan's version.
 */

const command = commandOf<LoanCommand>();

const dataSchema: z.ZodType<LoanData> = z.object({
  k: z.enum(['type', 'kit', 'item']).optional(),
  i: z.number().int().optional(),
  nm: z.string().optional(),
  max: z.number().int().optional(),
  q: z.number().int().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  pu: z.string().optional(),
  pl: z.string().optional(),
  s: z.number().int().nullable().optional(),
  sn: z.string().nullable().optional(),
  n: z.number().int().optional(),
  e: z.number().int().optional(),
  ev: z.number().int().optional(),
  v: z.number().int().optional(),
  d: z.enum(['decline', 'return']).optional(),
});

type State = FlowState<LoanData>;
type Ctx = FlowContext<LoansPrepared>;
type Result = StepResult<LoanData>;

export const TEXT_MAX = 300;
const QUANTITY_BUTTONS = 11;
const NEAREST_OFFERED = 3;

const isTile = (input: FlowInput) => input.kind === 'text' && menuCommandOf(input.text) === 'borrowEquipment';
const keep = (state: State, ...effects: Effect[]): Result => ({ state, effects });
const cancelButton = (): Button => ({ label: L.cancel, data: encodePostback(cancelAction, {}) });

/** Who may do what: borrowing needs borrow_equipment; a card's buttons are checked against the loan (the machine). */
const guard = defineGuard({
  notRegistered: T.notRegistered,
  text: (text) => (menuCommandOf(text) === 'borrowEquipment' ? 'borrow_equipment' : undefined),
  postbacks: [[[cancelAction, decideAction, withdrawAction, resubmitAction, editAction], null]],
  steps: { reason: null },
  otherwise: 'borrow_equipment',
});

/** A typed answer; a menu tile is not one. */
function typed(input: FlowInput): string | undefined {
  if (input.kind !== 'text') return undefined;
  const text = input.text.trim();
  return text.length === 0 || menuCommandOf(text) !== undefined ? undefined : text;
}

// ── The borrower's form ──────────────────────────────────────────────────────────────────────────────

function pickWhat(choices: readonly BorrowableChoice[], offset = 0, intro?: string): Result {
  if (choices.length === 0) return end(reply(say(intro ?? T.nothingToLend)));
  const page = pickerPage({
    choices,
    button: (c) => ({ label: c.target.kind === 'type' ? labelWithCount(c.name, c.count) : c.name, data: encodePostback(pickAction, { k: c.target.kind as 'type' | 'kit', i: c.target.id }), displayText: c.name }),
    offset,
    pageData: (o) => encodePostback(pageAction, { o }),
    always: [cancelButton()],
  });
  const text = intro ? `${intro}\n${T.pickWhat(page.paged)}` : T.pickWhat(page.paged);
  return at('what', {}, reply(textWithButtons(text, page.buttons)));
}

function chose(choice: BorrowableChoice, ctx: Ctx): Result {
  const data: LoanData = { k: choice.target.kind, i: choice.target.id, nm: choice.name, max: choice.count };
  if (choice.count > 1) {
    const buttons = Array.from({ length: Math.min(choice.count, QUANTITY_BUTTONS) }, (_, n) => ({ label: `${n + 1}`, data: encodePostback(quantityAction, { q: n + 1 }) }));
    return at('qty', data, reply(textWithButtons(T.howMany(choice.name, choice.count), [...buttons, cancelButton()])));
  }
  return askFrom({ ...data, q: 1 }, ctx);
}

const earliestOf = (ctx: Ctx) => addDays(ctx.prepared.today, ctx.prepared.settings.minNoticeDays);

function askFrom(data: LoanData, ctx: Ctx, text = T.pickFrom(ctx.prepared.settings.minNoticeDays)): Result {
  const earliest = earliestOf(ctx);
  const picker = datePickerItem(L.from, encodePostback(fromAction, {}), { initial: earliest, min: earliest });
  return at('from', data, reply(textWithDatePickers(text, [picker], [cancelButton()])));
}

function askTo(data: LoanData & { from: string }, ctx: Ctx, text = T.pickTo(data.from, ctx.prepared.settings.maxDays)): Result {
  const last = addDays(data.from, ctx.prepared.settings.maxDays - 1);
  const picker = datePickerItem(L.to, encodePostback(toAction, {}), { initial: data.from, min: data.from, max: last });
  return at('to', data, reply(textWithDatePickers(text, [picker], [cancelButton()])));
}

/** The dates are checked against what is free: enough goes on to the purpose; not enough says so and offers others. */
function checkDates(data: LoanData & { from: string; to: string }, ctx: Ctx, next: (data: LoanData) => Result): Result {
  const units = ctx.prepared.units ?? [];
  const wanted: DateRange = { from: data.from, to: data.to };
  const need = data.q ?? 1;
  const free = freeCount(units, wanted);
  if (free >= need) return next(data);
  const ranges = nearestFreeRanges({ units, need, wanted, earliest: earliestOf(ctx), window: AVAILABILITY_WINDOW_DAYS, max: NEAREST_OFFERED });
  const earliest = earliestOf(ctx);
  const picker = datePickerItem(L.otherFrom, encodePostback(fromAction, {}), { initial: earliest, min: earliest });
  const buttons: Button[] = ranges.map((r) => ({ label: L.range(r.from, r.to), data: encodePostback(otherDatesAction, { f: r.from, t: r.to }) }));
  if (free > 0 && data.k === 'type') buttons.push({ label: `ยืม ${free} เครื่อง`, data: encodePostback(quantityAction, { q: free }) });
  const text = `${T.notEnough(data.nm ?? '', need, free, data.from, data.to)}\n${T.nearest(ranges.length)}`;
  return at('dates', data, reply(textWithDatePickers(text, [picker], [...buttons, cancelButton()])));
}

const askPurpose = (data: LoanData): Result => at('purpose', data, reply(textWithButtons(T.askPurpose, [cancelButton()])));
const askPlace = (data: LoanData): Result => at('place', data, reply(textWithButtons(T.askPlace, [cancelButton()])));

/** The first question not answered yet, or the summary once all are (a changed answer comes back to the summary). */
function nextQuestion(data: LoanData, person: Person): Result {
  if (!data.pu) return askPurpose(data);
  if (!data.pl) return askPlace(data);
  if (data.s === undefined) return askSchool(data, person);
  return summary(data, person);
}

function askSchool(data: LoanData, person: Person): Result {
  const buttons: Button[] = [];
  if (person.schoolId !== null && person.schoolName) buttons.push({ label: schoolButtonLabel(person.schoolName), data: encodePostback(schoolAction, { s: person.schoolId }), displayText: person.schoolName });
  buttons.push({ label: L.office, data: encodePostback(schoolAction, { s: 0 }) }, cancelButton());
  return at('school', data, reply(textWithButtons(T.askSchool, buttons)));
}

function summary(data: LoanData, person: Person, intro: string = T.summaryHint): Result {
  const card = draftCard(
    {
      lines: [{ name: data.nm ?? '', quantity: data.q ?? 1 }],
      from: data.from!,
      to: data.to!,
      purpose: data.pu ?? '',
      place: data.pl ?? '',
      schoolName: data.sn ?? null,
      requesterName: person.fullName,
    },
    [
      { kind: 'postback', label: L.send, data: encodePostback(sendAction, {}), style: 'primary' },
      { kind: 'postback', label: L.changeDates, data: encodePostback(changeAction, { f: 'dates' }) },
      { kind: 'postback', label: L.changePurpose, data: encodePostback(changeAction, { f: 'pu' }) },
      { kind: 'postback', label: L.changePlace, data: encodePostback(changeAction, { f: 'pl' }) },
      { kind: 'postback', label: L.changeSchool, data: encodePostback(changeAction, { f: 's' }) },
      { kind: 'postback', label: L.cancel, data: encodePostback(cancelAction, {}), style: 'link' },
    ],
    data.e,
  );
  return at('summary', data, reply(say(intro), card));
}

/** The form's buttons, each valid at its own question only (elsewhere the question is asked again). */
interface FormTap {
  person: Person;
  state: State | null;
  ctx: Ctx;
}

function onPick({ ctx }: FormTap, k: 'type' | 'kit', i: number): Result {
  const choice = (ctx.prepared.choices ?? []).find((c) => c.target.kind === k && c.target.id === i);
  return choice ? chose(choice, ctx) : stale();
}

function onQuantity({ person, state, ctx }: FormTap, q: number): Result {
  if (!state || (state.step !== 'qty' && state.step !== 'dates')) return stale(state);
  if (q < 1 || q > (state.data.max ?? 1)) return keep(state, reply(say(T.badQuantity(state.data.max ?? 1))));
  const data = { ...state.data, q };
  // Fewer, for the dates already chosen ("ยืม 1 เครื่อง" when only one is free).
  if (state.step === 'dates' && data.from && data.to) return checkDates({ ...data, from: data.from, to: data.to }, ctx, (d) => nextQuestion(d, person));
  return askFrom(data, ctx);
}

function onFrom({ state, ctx }: FormTap, date: string | undefined): Result {
  if (!state || (state.step !== 'from' && state.step !== 'dates')) return stale(state);
  const earliest = earliestOf(ctx);
  if (!date || !isDateKey(date) || date < earliest) return askFrom(state.data, ctx, T.badFrom(earliest));
  return askTo({ ...state.data, from: date, to: undefined }, ctx);
}

function onTo({ person, state, ctx }: FormTap, date: string | undefined): Result {
  if (state?.step !== 'to' || !state.data.from) return stale(state);
  const from = state.data.from;
  const last = addDays(from, ctx.prepared.settings.maxDays - 1);
  if (!date || !isDateKey(date) || date < from || date > last) return askTo({ ...state.data, from }, ctx, T.badTo(from, last));
  return checkDates({ ...state.data, from, to: date }, ctx, (d) => nextQuestion(d, person));
}

function onOtherDates({ person, state, ctx }: FormTap, from: string, to: string): Result {
  if (state?.step !== 'dates') return stale(state);
  if (from < earliestOf(ctx)) return stale(state);
  return checkDates({ ...state.data, from, to }, ctx, (d) => nextQuestion(d, person));
}

/** A summary's change button: that question again, then back to the summary. */
function onChange({ person, state, ctx }: FormTap, f: 'dates' | 'pu' | 'pl' | 's'): Result {
  if (state?.step !== 'summary') return stale(state);
  switch (f) {
    case 'dates':
      return askFrom({ ...state.data, from: undefined, to: undefined }, ctx);
    case 'pu':
      return askPurpose({ ...state.data, pu: undefined });
    case 'pl':
      return askPlace({ ...state.data, pl: undefined });
    case 's':
      return askSchool({ ...state.data, s: undefined, sn: undefined }, person);
  }
}

function onSchool({ person, state, ctx }: FormTap, s: number): Result {
  if (state?.step !== 'school') return stale(state);
  if (s === 0) return nextQuestion({ ...state.data, s: null, sn: null }, person);
  // The person's own school, or one of those found by a typed name (the buttons carry its id; the name is read again).
  if (s === person.schoolId) return nextQuestion({ ...state.data, s, sn: person.schoolName }, person);
  const found = (ctx.prepared.schools ?? []).find((school) => school.id === s);
  return found ? nextQuestion({ ...state.data, s, sn: found.name }, person) : stale(state);
}

function onSend({ person, state, ctx }: FormTap): Result {
  if (state?.step !== 'summary') return stale(state);
  const data = state.data;
  if (!data.k || !data.i || !data.from || !data.to || !data.pu || !data.pl) return stale();
  // Checked again with what is free now; the database has the last word when the request is written.
  if (data.e !== undefined && data.ev !== undefined) {
    const { e, ev } = data;
    return checkDates({ ...data, from: data.from, to: data.to }, ctx, (ok) =>
      end(
        command({ type: 'reviseLoan', loanId: e, expectedVersion: ev, from: ok.from!, to: ok.to!, purpose: ok.pu!, place: ok.pl!, schoolId: ok.s ?? null }),
        reply(say(T.resubmitted(e))),
      ),
    );
  }
  return checkDates({ ...data, from: data.from, to: data.to }, ctx, (ok) =>
    end(
      command({
        type: 'requestLoan',
        target: { kind: ok.k!, id: ok.i! },
        quantity: ok.q ?? 1,
        from: ok.from!,
        to: ok.to!,
        purpose: ok.pu!,
        place: ok.pl!,
        schoolId: ok.s ?? null,
      }),
      reply(say(T.sent(ctx.prepared.settings.schoolDirectorEndorsement && person.role === 'teacher' && (ok.s ?? null) !== null))),
    ),
  );
}

const routeForm = defineRoutes<FormTap, Result>([
  on(pageAction, (tap, c) => pickWhat(c.ctx.prepared.choices ?? [], tap.payload.o)),
  on(pickAction, (tap, c) => onPick(c, tap.payload.k, tap.payload.i)),
  on(quantityAction, (tap, c) => onQuantity(c, tap.payload.q)),
  on(fromAction, (tap, c) => onFrom(c, tap.params.date)),
  on(toAction, (tap, c) => onTo(c, tap.params.date)),
  on(otherDatesAction, (tap, c) => onOtherDates(c, tap.payload.f, tap.payload.t)),
  on(schoolAction, (tap, c) => onSchool(c, tap.payload.s)),
  on(sendAction, (_tap, c) => onSend(c)),
  on(changeAction, (tap, c) => onChange(c, tap.payload.f)),
]);

/** Something typed inside the form. */
function formText(person: Person, state: State, text: string | undefined, ctx: Ctx): Result {
  if (text === undefined) return keep(state, reply(say(T.textPlease)));
  switch (state.step) {
    case 'what': {
      // A ครุภัณฑ์ number typed: that very item (counted on its own).
      if (ctx.prepared.item) return chose(ctx.prepared.item, ctx);
      const all = ctx.prepared.choices ?? [];
      const found = narrowByName(all, text, (c) => c.name);
      if (found.length === 1) return chose(found[0]!, ctx);
      return pickWhat(found.length > 0 ? found : all, 0, found.length > 0 ? undefined : T.noMatch(text));
    }
    case 'qty': {
      const q = Number(text.replace(/[๐-๙]/g, (c) => String(c.charCodeAt(0) - 0x0e50)));
      if (!Number.isInteger(q)) return keep(state, reply(say(T.badQuantity(state.data.max ?? 1))));
      return onQuantity({ person, state, ctx }, q);
    }
    case 'purpose':
      if (text.length > TEXT_MAX) return keep(state, reply(say(T.tooLong(TEXT_MAX))));
      return nextQuestion({ ...state.data, pu: text }, person);
    case 'place':
      if (text.length > TEXT_MAX) return keep(state, reply(say(T.tooLong(TEXT_MAX))));
      return nextQuestion({ ...state.data, pl: text }, person);
    case 'school': {
      const found = ctx.prepared.schools ?? [];
      if (found.length === 1) return nextQuestion({ ...state.data, s: found[0]!.id, sn: found[0]!.name }, person);
      if (found.length === 0) return keep(state, reply(say(T.noSchoolFound(text))));
      // Several: the first of them as buttons (the office's own use and ยกเลิก stay).
      const buttons = found.slice(0, 10).map((s) => ({ label: schoolButtonLabel(s.name), data: encodePostback(schoolAction, { s: s.id }), displayText: s.name }));
      return keep(state, reply(textWithButtons(T.askSchool, [...buttons, { label: L.office, data: encodePostback(schoolAction, { s: 0 }) }, cancelButton()])));
    }
    case 'from':
      // Typed instead of picked: the picker again (the earlier one is gone under the typed message).
      return askFrom(state.data, ctx, T.datesPlease);
    case 'to': {
      const from = state.data.from;
      return from ? askTo({ ...state.data, from }, ctx, T.datesPlease) : askFrom(state.data, ctx, T.datesPlease);
    }
    default:
      // The dates offered when not enough is free, or the summary: the buttons answer it.
      return keep(state, reply(say(T.datesPlease)));
  }
}

// ── The tile: the person's own loans, then the form ────────────────────────────────────────────────

function nextStepOf(loan: LoanView, today: string): string | undefined {
  switch (loan.state) {
    case 'submitted':
      return loan.needsEndorsement && !loan.endorsedAt ? LOAN_NEXT_STEPS.endorsing : LOAN_NEXT_STEPS.submitted;
    case 'approved':
      return LOAN_NEXT_STEPS.approved;
    case 'returned':
      return LOAN_NEXT_STEPS.returned;
    case 'fulfilled':
      return loan.endsOn < today ? LOAN_NEXT_STEPS.overdue : LOAN_NEXT_STEPS.out(formatThaiDateKey(loan.endsOn));
    default:
      return undefined;
  }
}

function tile(ctx: Ctx): Result {
  const mine = ctx.prepared.myLoans ?? [];
  const choices = ctx.prepared.choices ?? [];
  const form = pickWhat(choices);
  // The calendar of what is free, before the question (whose quick replies stay on the last message).
  const link = choices.length > 0 ? loanCalendarLink() : undefined;
  const calendar = link ? [reply(calendarLinkCard(link))] : [];
  if (mine.length === 0) return { state: form.state, effects: [...calendar, ...form.effects] };
  const cards = loanCards(
    mine.map((loan) => ({ loan, viewer: { owner: true, next: nextStepOf(loan, ctx.prepared.today) } })),
    T.myLoans(mine.length),
  );
  return { state: form.state, effects: [reply(say(T.myLoans(mine.length)), cards), ...calendar, ...form.effects] };
}

// ── Deciding, withdrawing, sending again ───────────────────────────────────────────────────────────

interface LoanTap {
  person: Person;
  state: State | null;
  ctx: Ctx;
  loan: LoanView;
}

const actorOf = (person: Person, ctx: Ctx) => ({ id: person.id, role: person.role, schoolId: person.schoolId, actingFor: ctx.prepared.stands ?? [] });

/** The permission a decision at the loan's stage needs: the school director's endorsement, or the approval. */
const decidingAction = (loan: LoanView) => (stageOf(loan) === 'endorse' ? 'confirm_school_request' : 'approve_loan');

function refusal(loan: LoanView, check: ReturnType<typeof checkLoanEvent>, action: 'approve_loan' | 'confirm_school_request' | 'borrow_equipment'): Result | null {
  if (check.ok) return null;
  switch (check.reason) {
    case 'illegal':
      return end(reply(say(T.alreadyDecided(loan.id, LOAN_STATE_LABELS[loan.state]))));
    case 'not_requester':
      return end(reply(say(T.notYourLoan)));
    case 'not_allowed':
      return deny(check.action);
    default:
      return deny(action);
  }
}

function onDecide({ person, ctx, loan }: LoanTap, v: number, d: 'approve' | 'decline' | 'return'): Result {
  const refused = refusal(loan, checkLoanEvent(loan, d, actorOf(person, ctx), ctx.prepared.settings), decidingAction(loan));
  if (refused) return refused;
  if (!isCurrent(loan, v)) return stale();
  if (d === 'approve') {
    return end(command({ type: 'decideLoan', loanId: loan.id, expectedVersion: v, decision: 'approve', note: null }), reply(say(T.decided(loan.needsEndorsement && !loan.endorsedAt ? L.endorse : L.approve, loan.id))));
  }
  return at('reason', { n: loan.id, v, d }, reply(textWithButtons(T.askReason(d === 'decline'), [cancelButton()])));
}

function onReason(person: Person, state: State, text: string | undefined, ctx: Ctx): Result {
  const loan = ctx.prepared.loan;
  const { n, v, d } = state.data;
  if (!loan || n === undefined || v === undefined || !d) return end(reply(say(T.loanNotFound)));
  if (text === undefined) return keep(state, reply(say(T.textPlease)));
  if (text.length > TEXT_MAX) return keep(state, reply(say(T.tooLong(TEXT_MAX))));
  const refused = refusal(loan, checkLoanEvent(loan, d, actorOf(person, ctx), ctx.prepared.settings), decidingAction(loan));
  if (refused) return refused;
  if (!isCurrent(loan, v)) return stale();
  const endorsing = loan.needsEndorsement && !loan.endorsedAt;
  const label = d === 'return' ? L.return : endorsing ? L.notEndorse : L.decline;
  return end(command({ type: 'decideLoan', loanId: loan.id, expectedVersion: v, decision: d, note: text }), reply(say(T.decided(label, loan.id))));
}

function onWithdraw({ person, ctx, loan }: LoanTap, v: number): Result {
  if (loan.requesterId !== person.id) return end(reply(say(T.notYourLoan)));
  const refused = refusal(loan, checkLoanEvent(loan, 'cancel', actorOf(person, ctx), ctx.prepared.settings), 'borrow_equipment');
  if (refused) return refused;
  if (!isCurrent(loan, v)) return stale();
  return end(command({ type: 'withdrawLoan', loanId: loan.id, expectedVersion: v }), reply(say(T.withdrawn(loan.id))));
}

function onResubmit({ person, ctx, loan }: LoanTap, v: number): Result {
  const refused = refusal(loan, checkLoanEvent(loan, 'submit', actorOf(person, ctx), ctx.prepared.settings), 'borrow_equipment');
  if (refused) return refused;
  if (!isCurrent(loan, v)) return stale();
  return end(command({ type: 'resubmitLoan', loanId: loan.id, expectedVersion: v }), reply(say(T.resubmitted(loan.id))));
}

/** A returned request, corrected in the form: filled in with it, at its summary (its items are held meanwhile). */
function onEdit({ person, ctx, loan }: LoanTap, v: number): Result {
  if (loan.requesterId !== person.id) return end(reply(say(T.notYourLoan)));
  const refused = refusal(loan, checkLoanEvent(loan, 'submit', actorOf(person, ctx), ctx.prepared.settings), 'borrow_equipment');
  if (refused) return refused;
  if (!isCurrent(loan, v)) return stale();
  const line = loan.lines[0];
  if (!line) return stale();
  const data: LoanData = {
    k: line.target.kind,
    i: line.target.id,
    nm: line.name,
    q: line.quantity,
    max: line.quantity,
    from: loan.startsOn,
    to: loan.endsOn,
    pu: loan.purpose,
    pl: loan.place,
    s: loan.schoolId,
    sn: loan.schoolName,
    e: loan.id,
    ev: loan.version,
  };
  return summary(data, person, T.editing(loan.id));
}

const routeLoan = defineRoutes<LoanTap, Result>([
  on(editAction, (tap, c) => onEdit(c, tap.payload.v)),
  on(decideAction, (tap, c) => onDecide(c, tap.payload.v, tap.payload.d)),
  on(withdrawAction, (tap, c) => onWithdraw(c, tap.payload.v)),
  on(resubmitAction, (tap, c) => onResubmit(c, tap.payload.v)),
]);

export function loansStep(state: State | null, input: FlowInput, now: Date, ctx: Ctx): Result {
  const door = guard(input, state, ctx.person, now);
  if (!door.ok) return door.refused;
  const { person } = door;
  if (postbackFor(input, cancelAction)) return end(reply(say(T.cancelled)));
  if (isTile(input)) return tile(ctx);

  if (ctx.prepared.loan !== undefined) {
    const loan = ctx.prepared.loan;
    if (!loan) return end(reply(say(T.loanNotFound)));
    const routed = routeLoan(input, { person, state, ctx, loan });
    if (routed) return routed;
    if (state?.step === 'reason') return onReason(person, state, typed(input), ctx);
  }
  const routed = routeForm(input, { person, state, ctx });
  if (routed) return routed;
  if (state) return formText(person, state, typed(input), ctx);
  return end();
}

export const loansFlow: Flow<LoanData, LoansPrepared, LoanCommand> = {
  name: LOANS_FLOW,
  version: 1,
  dataSchema,
  actions: loansActions,
  startsOn: (input, person) => Boolean(person) && isTile(input),
  prepare: prepareLoans,
  step: (state, input, now, ctx) => loansStep(state, input, now, ctx ?? { person: null, prepared: { today: '', settings: undefined as never } }),
  execute: executeLoan,
};

import { postbackFor, type FlowEnv, type FlowInput, type FlowState } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { contactsOf, listActingAssignments, listActiveByRoles, listLettersProposedTo, type ActingAssignment, type Contact } from '../../db/repos/letter-decisions.ts';
import { actingForOf, getLetter, lockLetter } from '../../db/repos/letters.ts';
import { bangkokDateKey } from '../../domain/office-time.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { DECIDER_ROLES, type DeciderTitles } from '../../domain/saraban/decisions.ts';
import type { ActingKind, Decision, ProposalAsk } from '../../domain/saraban/letter.ts';
import type { Letter } from '../../domain/saraban/view.ts';
import { menuCommandOf } from '../../line/rich-menus/commands.ts';
import {
  actingMenuAction,
  actingNewAction,
  actingPersonAction,
  actingPrincipalAction,
  actingRevokeAction,
  decideAction,
  decisionCardAction,
  proposeAction,
  proposeAskAction,
  proposeToAction,
} from './actions.ts';
import { ACTING_MENU_TEXTS } from './messages.ts';

/** The conversation's data: a proposal's note or a decision's text being typed, an acting assignment being made. */
export interface DecideData {
  /** Letter and the version the tapped button was drawn for. */
  l?: number | undefined;
  v?: number | undefined;
  /** Proposal: to whom, asking what. */
  p?: number | undefined;
  a?: ProposalAsk | undefined;
  /** Decision waiting for its text. */
  d?: Decision | undefined;
  /** Acting assignment: principal, acting person, kind, first day. */
  pr?: number | undefined;
  ac?: number | undefined;
  k?: ActingKind | undefined;
  from?: string | undefined;
}

export interface PendingItem {
  letter: Letter;
  /** Set when the viewer acts for the person the letter was proposed to. */
  acting?: { kind: ActingKind; principalName: string } | undefined;
}

export interface DecidePrepared {
  /** Bangkok date of the event (acting assignments are by day). */
  today: string;
  letter?: Letter | null;
  /** Whom the person acts for today, and how. */
  actingFor?: Array<{ principalId: number; kind: ActingKind }>;
  /** Roles of the people the letter was proposed to and decided by (titles in messages). */
  titles?: DeciderTitles;
  /** The active area director and deputies of the office. */
  deciders?: Contact[];
  pending?: PendingItem[];
  assignments?: ActingAssignment[];
}

export function isActingText(text: string): boolean {
  const clean = text.replace(/\s+/g, '');
  return (ACTING_MENU_TEXTS as readonly string[]).includes(clean);
}

export function isPendingMenu(input: FlowInput): boolean {
  return input.kind === 'text' && menuCommandOf(input.text) === 'pendingLetters';
}

function letterIdOf(input: FlowInput, state: FlowState<DecideData> | null): number | undefined {
  for (const action of [proposeAction, proposeToAction, proposeAskAction, decideAction]) {
    const hit = postbackFor(input, action);
    if (hit) return hit.payload.l;
  }
  const card = postbackFor(input, decisionCardAction);
  if (card) return card.payload.l;
  return state?.data.l;
}

/**
 * The letters waiting for this person's decision today: proposed to them, or to someone they act for today
 * (ปฏิบัติราชการแทน / รักษาราชการแทน). Also "รายการรออนุมัติ"'s letters (pending-decisions.ts).
 */
export async function loadPendingDecisions(
  tx: Executor,
  officeId: string,
  person: Person,
  today: string,
  limit = 12,
): Promise<{ actingFor: Array<{ principalId: number; kind: ActingKind }>; pending: PendingItem[] }> {
  const actingFor = await actingForOf(tx, officeId, person.id, today);
  const letters = await listLettersProposedTo(tx, officeId, [person.id, ...actingFor.map((a) => a.principalId)], limit);
  const pending = letters.map((letter) => {
    const stand = letter.proposedToId === person.id ? undefined : actingFor.find((a) => a.principalId === letter.proposedToId);
    return { letter, acting: stand ? { kind: stand.kind, principalName: letter.proposedToName ?? '' } : undefined };
  });
  return { actingFor, pending };
}

const ACTING_ACTIONS = [actingMenuAction, actingNewAction, actingPrincipalAction, actingPersonAction, actingRevokeAction];

/**
 * Reads what the step needs. The letter a button (or a typed note/order) acts on is locked for the
 * event's transaction: of two taps at once, the second waits and then sees the first one's decision.
 */
export async function prepareDecide(
  tx: Executor,
  input: FlowInput,
  state: FlowState<DecideData> | null,
  person: Person | null,
  env: FlowEnv,
): Promise<DecidePrepared> {
  const today = bangkokDateKey(env.now);
  const prepared: DecidePrepared = { today };
  if (!person) return prepared;
  const decider = can(person.role, 'decide_letter');
  const manager = can(person.role, 'manage_acting');

  if (isPendingMenu(input)) {
    if (!decider) return prepared;
    Object.assign(prepared, await loadPendingDecisions(tx, env.officeId, person, today));
    return prepared;
  }

  const actingInput = (input.kind === 'text' && isActingText(input.text)) || ACTING_ACTIONS.some((a) => postbackFor(input, a)) || state?.step.startsWith('acting');
  if (actingInput && !letterIdOf(input, state)) {
    if (!manager) return prepared;
    prepared.deciders = await listActiveByRoles(tx, env.officeId, DECIDER_ROLES);
    prepared.assignments = await listActingAssignments(tx, env.officeId, today);
    return prepared;
  }

  const letterId = letterIdOf(input, state);
  if (letterId === undefined) return prepared;
  const card = postbackFor(input, decisionCardAction);
  prepared.letter = card ? await getLetter(tx, env.officeId, letterId) : await lockLetter(tx, env.officeId, letterId);
  const letter = prepared.letter;
  if (!letter) return prepared;
  if (decider) prepared.actingFor = await actingForOf(tx, env.officeId, person.id, today);
  const ids = [letter.proposedToId, letter.decidedById].filter((id): id is number => id !== null);
  const contacts = await contactsOf(tx, env.officeId, ids);
  prepared.titles = {
    proposedTo: contacts.find((c) => c.id === letter.proposedToId)?.role ?? null,
    decidedBy: contacts.find((c) => c.id === letter.decidedById)?.role ?? null,
  };
  const proposing = [proposeAction, proposeToAction, proposeAskAction].some((a) => postbackFor(input, a)) || state?.step === 'proposeNote';
  if (proposing && can(person.role, 'handle_letter')) {
    prepared.deciders = await listActiveByRoles(tx, env.officeId, DECIDER_ROLES);
  }
  return prepared;
}

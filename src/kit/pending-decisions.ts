import type { AnyFlow, FlowEnv } from '../bot/flow.ts';
import { can, type Action } from '../domain/permissions.ts';
import type { Role } from '../domain/roles.ts';
import type { Person } from '../domain/people.ts';
import type { LineMessage } from '../line/outbox.ts';

/**
 * One kind of decision that waits for someone (letters to decide, letters to assign; loans and bookings to approve
 * when they exist). "รายการรออนุมัติ" asks every source the person's role may act on and shows what each found:
 * a new capability adds its source to the list in src/flows/approvals/sources.ts and nothing else changes.
 */
/** The event's transaction, as a flow's `prepare` gets it (named through the flow, so the kit names no adapter). */
type Transaction = Parameters<NonNullable<AnyFlow['prepare']>>[0];

export interface PendingList<T> {
  /** Shown as cards (the first ones; a carousel holds at most 10). */
  items: T[];
  /** All that wait, shown or not. */
  total: number;
}

export interface PendingDecisionSource<T> {
  /** Names the source in the prepared data; unique. */
  readonly key: string;
  /** The source is asked for people whose role may do this (the source's own flow checks again on every button). */
  readonly action: Action;
  /**
   * Roles that may do these are asked too, though they lack `action` themselves: someone who may stand in for a
   * decider today (a deputy acting for the group director); `load` then finds what is theirs, often nothing.
   */
  readonly alsoFor?: readonly Action[];
  /** What waits for this person now (in the event's transaction). */
  load(tx: Transaction, person: Person, env: FlowEnv): Promise<PendingList<T>>;
  /** Pure: one line for the summary ("หนังสือรอท่านสั่งการ 2 ฉบับ"), and the cards whose buttons decide. */
  render(list: PendingList<T>, person: Person): { line: string; cards: LineMessage | null };
}

/** Whether the source is asked for someone of this role. */
export function sourceIsFor(source: Pick<PendingDecisionSource<unknown>, 'action' | 'alsoFor'>, role: Role): boolean {
  return can(role, source.action) || (source.alsoFor ?? []).some((action) => can(role, action));
}

/** Erases a source's item type so sources of different kinds share one list. */
export type AnyPendingDecisionSource = PendingDecisionSource<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

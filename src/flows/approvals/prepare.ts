import type { FlowEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import type { Person } from '../../domain/people.ts';
import { sourceIsFor, type PendingList } from '../../kit/pending-decisions.ts';
import { PENDING_DECISION_SOURCES } from './sources.ts';

/** What the step is handed: each source's list of decisions waiting for the person, read before the step. */
export interface ApprovalsPrepared {
  lists?: Array<{ key: string; list: PendingList<unknown> }>;
}

const sourcesFor = (person: Person) => PENDING_DECISION_SOURCES.filter((source) => sourceIsFor(source, person.role));

/** Loads the lists of the sources the person's role may act on (the step does no I/O). */
export async function prepareApprovals(tx: Executor, person: Person | null, env: FlowEnv): Promise<ApprovalsPrepared> {
  if (!person) return {};
  const lists: NonNullable<ApprovalsPrepared['lists']> = [];
  for (const source of sourcesFor(person)) lists.push({ key: source.key, list: await source.load(tx, person, env) });
  return { lists };
}

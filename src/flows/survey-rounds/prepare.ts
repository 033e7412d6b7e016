import type { FlowEnv, FlowInput } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { listForms, schoolIdsOf, type SurveyForm } from '../../db/repos/surveys.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';
import { schoolChoices, schoolGroups } from '../../db/repos/schools.ts';

/** What the steps read: the forms to send (the newest version of each, not closed) and the office's districts and clusters. */
export interface RoundsPrepared {
  forms?: SurveyForm[];
  districts?: string[];
  /** The schools' clusters, and whether any school is in the DLTV register: the other targets offered. */
  clusters?: string[];
  hasDltv?: boolean;
  /** The office's schools, for the chosen-schools picker (read only on its steps). */
  schools?: Array<{ id: number; name: string }>;
}

export async function prepareRounds(tx: Executor, _input: FlowInput, state: { step: string } | null, person: Person | null, env: FlowEnv): Promise<RoundsPrepared> {
  if (!person || !can(person.role, 'run_survey')) return {};
  const newest = new Map<string, SurveyForm>();
  for (const form of await listForms(tx, env.officeId)) if (form.state !== 'closed') newest.set(form.key, form);
  const { districts, clusters } = await schoolGroups(tx, env.officeId);
  return {
    forms: [...newest.values()].sort((a, b) => a.title.localeCompare(b.title, 'th')),
    districts,
    clusters,
    hasDltv: (await schoolIdsOf(tx, env.officeId, { kind: 'dltv' })).length > 0,
    ...(state?.step === 'district' || state?.step === 'schools' ? { schools: await schoolChoices(tx, env.officeId) } : {}),
  };}

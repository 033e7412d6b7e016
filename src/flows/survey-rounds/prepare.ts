import type { FlowEnv, FlowInput } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { listForms, officeDistricts, type SurveyForm } from '../../db/repos/surveys.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';

/** What the steps read: the forms to send (the newest version of each, not closed) and the office's districts. */
export interface RoundsPrepared {
  forms?: SurveyForm[];
  districts?: string[];
}

export async function prepareRounds(tx: Executor, _input: FlowInput, _state: unknown, person: Person | null, env: FlowEnv): Promise<RoundsPrepared> {
  if (!person || !can(person.role, 'run_survey')) return {};
  const newest = new Map<string, SurveyForm>();
  for (const form of await listForms(tx, env.officeId)) if (form.state !== 'closed') newest.set(form.key, form);
  return { forms: [...newest.values()].sort((a, b) => a.title.localeCompare(b.title, 'th')), districts: await officeDistricts(tx, env.officeId) };
}

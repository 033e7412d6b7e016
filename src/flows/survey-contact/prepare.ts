import type { FlowEnv, FlowInput } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { reachableTeachersOfSchool } from '../../db/repos/people.ts';
import { schoolSurveyContactOf } from '../../db/repos/surveys.ts';
import { can } from '../../domain/permissions.ts';
import type { Person } from '../../domain/people.ts';

/** A school has a few dozen teachers at most; more than this is narrowed by typing a name. */
const TEACHERS_LIMIT = 200;

export interface ContactPrepared {
  /** The school's contact now (null: its director answers). */
  contact?: { id: number; fullName: string } | null;
  /** The school's teachers who can be named. */
  teachers?: Person[];
}

export async function prepareSurveyContact(tx: Executor, _input: FlowInput, _state: unknown, person: Person | null, env: FlowEnv): Promise<ContactPrepared> {
  if (!person || !can(person.role, 'name_survey_contact') || person.schoolId === null) return {};
  return {
    contact: await schoolSurveyContactOf(tx, env.officeId, person.schoolId),
    teachers: await reachableTeachersOfSchool(tx, env.officeId, person.schoolId, TEACHERS_LIMIT),
  };
}

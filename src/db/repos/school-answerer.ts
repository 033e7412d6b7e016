import { sql, type SQL } from 'drizzle-orm';
import { people, schoolSurveyContacts } from '../schema.ts';
import type { AnswererKind } from '../../domain/school-answerer.ts';

/**
 * Who answers for a school (src/domain/school-answerer.ts), in SQL. The surveys read the contact flag per person
 * (`isSchoolContact`, then `answersForSchool` in src/domain/surveys/round.ts); the video conferences pick the one
 * person per school (`schoolAnswerer`), so a thousand schools are still invited in one statement.
 */

/**
 * Whether a person (a row of `people` in the query) is their school's contact: named for the school they are in, and
 * still a teacher (one who became its director answers as the director; one who left, not at all).
 */
export const isSchoolContact = sql<boolean>`(${people.role} = 'teacher' and exists (select 1 from ${schoolSurveyContacts} c where c.school_id = ${people.schoolId} and c.person_id = ${people.id}))`;


const answererKind = sql<AnswererKind>`case when ${isSchoolContact} then 'contact' when ${people.role} = 'school_director' then 'director' else 'teacher' end`;

/**
 * A scalar subquery: the one person who answers for the school `schoolId` (an SQL expression of the outer query) and
 * can be reached (active, with a LINE id) — its contact, else its director, else its first registered teacher — as
 * their id (`pick` 'id') or which of them it is ('kind'); null when nobody of the school can be reached.
 */
export function schoolAnswerer(officeId: string, schoolId: SQL, pick: 'id' | 'kind'): SQL {
  return sql`(select ${pick === 'id' ? people.id : answererKind} from ${people}
    where ${people.officeId} = ${officeId} and ${people.schoolId} = ${schoolId} and ${people.status} = 'active'
      and ${people.lineUserId} is not null and ${people.role} in ('school_director', 'teacher')
    order by ${isSchoolContact} desc, (${people.role} = 'school_director') desc, ${people.createdAt}, ${people.id}
    limit 1)`;
}

import { can } from '../permissions.ts';
import type { Person } from '../people.ts';
import type { Role } from '../roles.ts';
import { isSecret } from './letter.ts';
import type { Letter } from './view.ts';

/**
 * Who may see what of a letter. The server asks these for every page, search and button; nothing
 * carried by a button or a link is trusted.
 */

/** Office roles that work with non-secret letters (the ICT group's staff and its directors). */
const LETTER_ROLES: readonly Role[] = ['saraban_clerk', 'group_director', 'area_director', 'deputy_director'];

/** The people who may open a letter: who registered it, who holds or held it, who decides on it. */
export function isInvolved(letter: Letter, personId: number, actingFor: readonly number[] = []): boolean {
  const deciders = [letter.proposedToId, letter.decidedById].filter((id): id is number => id !== null);
  return (
    letter.registeredById === personId ||
    letter.assigneeId === personId ||
    deciders.includes(personId) ||
    deciders.some((id) => actingFor.includes(id))
  );
}

/**
 * Whether a person may see a letter's details (subject, sender, files).
 * - Secret letters (ลับ, ลับมาก, ลับที่สุด): only the clerk who registered it, the assignee and the director
 *   it was proposed to or who decided it (or whoever acts for that director) — never by role alone.
 * - Other letters: the saraban clerks, group directors, area director and deputies of the office, and
 *   anyone involved (e.g. the technician it was assigned to). Teachers and schools never.
 * `actingFor`: ids of the people this person acts for today (acting assignments).
 */
export function canViewLetterDetails(letter: Letter, viewer: Pick<Person, 'id' | 'role' | 'officeId' | 'status'>, actingFor: readonly number[] = []): boolean {
  if (viewer.officeId !== letter.officeId || viewer.status !== 'active') return false;
  if (isInvolved(letter, viewer.id, actingFor)) return true;
  if (isSecret(letter.secrecy)) return false;
  return LETTER_ROLES.includes(viewer.role);
}

/**
 * Whether a person may correct or cancel a register entry: a clerk; for a secret letter only the clerk
 * who registered it (another clerk could otherwise lower its secrecy and so open it to everyone).
 */
export function canAmendLetter(letter: Pick<Letter, 'secrecy' | 'registeredById' | 'officeId'>, person: Pick<Person, 'id' | 'role' | 'officeId'>): boolean {
  if (person.officeId !== letter.officeId || !can(person.role, 'register_letter')) return false;
  return !isSecret(letter.secrecy) || letter.registeredById === person.id;
}

import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { writeAudit } from '../../db/repos/audit.ts';
import { getPerson } from '../../db/repos/people.ts';
import { reachablePerson } from '../../db/repos/recipients.ts';
import { schoolSurveyContactOf, setSchoolSurveyContact } from '../../db/repos/surveys.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { can } from '../../domain/permissions.ts';
import { RefusedWithAnswer } from '../../kit/execute.ts';
import { say } from '../../kit/steps.ts';
import { pushOnce } from '../../line/push-once.ts';
import type { SurveyContactCommand } from './commands.ts';
import { contactTexts as T } from './messages.ts';

/**
 * Names the school's survey contact in the event's transaction: the director's role and school checked again, the
 * teacher checked to be an active teacher of that same school now (moved or left meanwhile: told, nothing written),
 * an audit row, and a push to the teacher named and to the one replaced.
 */
export async function executeSurveyContact(tx: Executor, cmd: SurveyContactCommand, env: CommandEnv): Promise<void> {
  const { person, now, officeId } = env;
  if (!person || !can(person.role, 'name_survey_contact') || person.schoolId === null) throw new ForbiddenError('name_survey_contact');
  const schoolId = person.schoolId;
  const school = person.schoolName ?? '';
  if (cmd.contactId !== null) {
    const teacher = await getPerson(tx, officeId, cmd.contactId);
    if (!teacher || teacher.role !== 'teacher' || teacher.status !== 'active' || teacher.schoolId !== schoolId) {
      throw new RefusedWithAnswer([say(T.notATeacher)], `person ${cmd.contactId} is not a teacher of school ${schoolId}`);
    }
  }
  const before = await schoolSurveyContactOf(tx, officeId, schoolId);
  if ((before?.id ?? null) === cmd.contactId) return;
  await setSchoolSurveyContact(tx, officeId, schoolId, cmd.contactId, person.id, now);
  await writeAudit(tx, { officeId, actorId: person.id, action: 'survey_contact_named', subjectType: 'school', subjectId: String(schoolId), details: { personId: cmd.contactId, before: before?.id ?? null }, at: now });
  // Keyed by the moment: a teacher named, replaced and named again hears each time.
  const tell = async (id: number, text: string, what: string) => {
    const to = await reachablePerson(tx, officeId, id);
    if (to) await pushOnce(tx, { channelId: to.channelId, officeId, lineUserId: to.lineUserId }, [say(text)], `survey-contact:${schoolId}:${what}:${id}:${now.getTime()}`);
  };
  if (cmd.contactId !== null) await tell(cmd.contactId, T.toContact(school), 'named');
  if (before) await tell(before.id, T.contactEnded(school), 'ended');
}
